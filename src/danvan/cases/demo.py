"""Demo case families, added to the demo casework (``danvan seed-demo``) through the
services: one grievance sent to the commune, the province and the provincial
inspectorate and linked as copies; a repeat after the culvert petition was decided;
a mass feedback with seven signers related to the earlier one about the same farm."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from danvan.cases import services
from danvan.cases.matching import CONTENT, PERSON_NAME, PERSON_PHONE, PLACE
from danvan.cases.models import LinkKind
from danvan.petitions import services as petitions
from danvan.petitions.models import Channel, Petition, PetitionKind
from danvan.petitions.services import PetitionDraft
from danvan.units.models import Agency, AgencyKind

COPY_SUBJECT = "Khiếu nại việc lấn chiếm lối đi chung của thôn Đoài"
COPY_CONTENT = (
    "Tôi là Đinh Văn Phúc, thôn Đoài. Từ tháng 3, hộ ông Lường Văn Khải xây tường rào lấn "
    "vào lối đi chung rộng 2,5 m dẫn ra cánh đồng, nay chỉ còn 1 m, xe cày không qua được. "
    "Tôi đã báo trưởng thôn nhưng chưa được giải quyết. Đề nghị các cấp kiểm tra, buộc trả "
    "lại lối đi chung."
)
REPEAT_SUBJECT = "Kiến nghị: cống thoát nước đầu thôn lại bị sụt lún"
REPEAT_CONTENT = (
    "Cống thoát nước đầu thôn đã được sửa nhưng sau trận mưa lớn vừa qua lại bị sụt lún, "
    "nước tràn vào nhà dân như trước. Đề nghị xã kiểm tra lại chất lượng sửa chữa."
)
MASS_SUBJECT = "Phản ánh trại chăn nuôi tiếp tục xả nước thải gây ô nhiễm"
MASS_CONTENT = (
    "Chúng tôi gồm 7 hộ dân cuối thôn Đông phản ánh: trại chăn nuôi lợn vẫn xả nước thải ra "
    "mương, mùi hôi nồng nặc cả ngày, ảnh hưởng sức khỏe người già và trẻ nhỏ. Đề nghị xã "
    "kiểm tra, xử lý dứt điểm."
)


def _receive(agency: Agency, received_on: date, draft: PetitionDraft) -> Petition:
    return petitions.receive_petition(
        actor=None, agency=agency, draft=draft, channel=Channel.POST, received_on=received_on
    )


def _days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def seed_demo() -> int:
    """Create the demo families once, next to the demo casework of the first demo
    commune; returns the number of petitions created (0 when already there, or when
    the demo casework is missing)."""
    from danvan.web.demo_cases import CASES

    if Petition.objects.filter(subject=COPY_SUBJECT).exists():
        return 0
    culvert = (
        Petition.objects.filter(subject=CASES[3][1], decided_on__isnull=False)
        .select_related("agency__unit__parent")
        .order_by("pk")
        .first()
    )
    farm = Petition.objects.filter(subject=CASES[2][1]).order_by("pk").first()
    if culvert is None or farm is None or culvert.agency.unit.parent is None:
        return 0
    commune = culvert.agency
    province = commune.unit.parent
    province_committee = Agency.objects.get(unit=province, kind=AgencyKind.PEOPLES_COMMITTEE)
    inspectorate = Agency.objects.get(unit=province, kind=AgencyKind.INSPECTORATE)

    def grievance() -> PetitionDraft:
        return PetitionDraft(
            kind=PetitionKind.COMPLAINT,
            subject=COPY_SUBJECT,
            content=COPY_CONTENT,
            petitioner_name="Đinh Văn Phúc",
            petitioner_address="Thôn Đoài",
            petitioner_phone="0987654321",
            location_address="Lối đi chung thôn Đoài",
        )

    sent_on = _days_ago(6)
    at_commune = _receive(commune, sent_on, grievance())
    at_province = _receive(province_committee, sent_on, grievance())
    at_inspectorate = _receive(inspectorate, _days_ago(5), grievance())
    for copy in (at_province, at_inspectorate):
        services.confirm_link(
            actor=None,
            petition=copy,
            other=at_commune,
            kind=LinkKind.COPY,
            reasons=[PERSON_PHONE, PERSON_NAME, CONTENT, PLACE],
        )

    repeat = _receive(
        commune,
        max(_days_ago(3), culvert.decided_on or sent_on),
        PetitionDraft(
            kind=PetitionKind.PETITION,
            subject=REPEAT_SUBJECT,
            content=REPEAT_CONTENT,
            petitioner_name=culvert.petitioner_name or "Trần Văn Minh",
        ),
    )
    services.confirm_link(
        actor=None, petition=repeat, other=culvert, kind=LinkKind.REPEAT, reasons=[PERSON_NAME]
    )

    mass = _receive(
        commune,
        _days_ago(2),
        PetitionDraft(
            kind=PetitionKind.FEEDBACK,
            subject=MASS_SUBJECT,
            content=MASS_CONTENT,
            petitioner_name="Phạm Thị Lan",
            signer_count=7,
            category=farm.category,
            latitude=farm.latitude,
            longitude=farm.longitude,
            location_address=farm.location_address,
        ),
    )
    services.confirm_link(
        actor=None, petition=mass, other=farm, kind=LinkKind.RELATED, reasons=[PLACE]
    )
    return 5
