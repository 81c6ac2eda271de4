"""Demo data for hotspot early warning: the demo province's threshold and a burst of
recent papers about one land matter at one of its communes, entered through the
services, then the daily check, so the monitor's page opens on a live alert."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from danvan.accounts.models import User
from danvan.accounts.validators import normalize_phone
from danvan.hotspots import services
from danvan.hotspots.models import HotspotThreshold
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition, PetitionKind
from danvan.petitions.services import PetitionDraft
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitKind
from danvan.units.selectors import communes_of

DEMO_PROVINCE_CODE = "37"  # the province of ``danvan seed-demo``
PROVINCE_LEADER_PHONE = "0912000007"
DEMO_THRESHOLD = 15.0
DEMO_WINDOW_DAYS = 30
SUBJECT_PREFIX = "Phản đối phương án bồi thường cụm công nghiệp"

# (days before today, petitioner, signers, repeated, what this paper adds)
BURST: list[tuple[int, str, int, bool, str]] = [
    (1, "Lê Văn Thắng", 1, True, "Gia đình tôi đã gửi đơn tháng trước nhưng chưa được trả lời."),
    (2, "Đinh Thị Hoa", 1, False, "Giá bồi thường đất lúa thấp hơn giá thị trường."),
    (3, "Nguyễn Văn Sáu", 18, False, "Các hộ thôn Đoài cùng ký tên đề nghị đối thoại."),
    (3, "Phạm Văn Lực", 1, False, "Chưa được thông báo phương án tái định cư."),
    (5, "Trần Thị Hạnh", 1, True, "Đơn gửi lại vì chưa được giải quyết."),
    (6, "Vũ Văn Khải", 1, False, "Diện tích đo đạc thiếu so với sổ đỏ."),
    (8, "Bùi Thị Thu", 1, False, "Không đồng ý hỗ trợ chuyển đổi nghề."),
    (9, "Hoàng Văn Tú", 1, True, "Lần thứ ba gửi đơn về cùng nội dung."),
    (11, "Đỗ Thị Mến", 1, False, "Mồ mả trong khu đất chưa có phương án di dời."),
    (13, "Mai Văn Đức", 1, False, "Đường đi vào ruộng bị chặn khi thi công."),
]


def _demo_commune(province: AdministrativeUnit) -> AdministrativeUnit | None:
    """The second rural commune of the demo (the first already holds the casework),
    or the first if there is only one."""
    rural = list(communes_of(province).filter(kind=UnitKind.COMMUNE)[:2])
    return rural[-1] if rural else communes_of(province).first()


def seed_demo(*, today: date | None = None) -> int:
    """Set the demo threshold, add the burst once, run the check; returns the number of
    papers created (0 when they were already there or the demo province is missing)."""
    today = today or timezone.localdate()
    province = AdministrativeUnit.objects.filter(scheme="vn2025", code=DEMO_PROVINCE_CODE).first()
    leader = User.objects.filter(phone=normalize_phone(PROVINCE_LEADER_PHONE)).first()
    commune = _demo_commune(province) if province is not None else None
    if province is None or leader is None or commune is None:
        return 0
    if not HotspotThreshold.objects.filter(province=province).exists():
        services.set_threshold(
            actor=leader,
            province=province,
            threshold=DEMO_THRESHOLD,
            window_days=DEMO_WINDOW_DAYS,
        )
    agency = Agency.objects.get(unit=commune, kind=AgencyKind.PEOPLES_COMMITTEE)
    created = 0
    if not Petition.objects.filter(agency=agency, subject__startswith=SUBJECT_PREFIX).exists():
        for days_ago, name, signers, repeated, detail in BURST:
            petitions.receive_petitions(
                actor=leader,
                agency=agency,
                channel="post",
                received_on=today - timedelta(days=days_ago),
                drafts=[
                    PetitionDraft(
                        kind=PetitionKind.COMPLAINT,
                        subject=f"{SUBJECT_PREFIX} phía Bắc xã",
                        content=(
                            "Chúng tôi không đồng ý với phương án bồi thường, hỗ trợ khi thu "
                            f"hồi đất nông nghiệp để làm cụm công nghiệp. {detail}"
                        ),
                        petitioner_name=name,
                        petitioner_address="Thôn Đoài",
                        signer_count=signers,
                        is_repeat=repeated,
                    )
                ],
            )
            created += 1
    services.check_alerts(today=today)
    return created
