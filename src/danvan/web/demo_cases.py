"""Demo casework for ``danvan seed-demo``: reception sessions, a group visit, and
petitions at every stage, dated in the recent past so the clocks and the work queue
show real states (on time, near due, overdue, closed)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from danvan.accounts.models import User
from danvan.calendar.selectors import get_calendar
from danvan.petitions import services as petitions
from danvan.petitions.models import Category, Petition, PetitionKind
from danvan.petitions.services import PetitionDraft
from danvan.reception.models import Frequency, Handling, SessionKind
from danvan.reception.services import VisitInput, open_session, record_visit, set_leader_schedule
from danvan.satisfaction.services import rate_case
from danvan.units.models import Agency

# Texts written for the demo, in the words people use at a commune's reception desk.
CASES = [
    (
        PetitionKind.COMPLAINT,
        "Khiếu nại mức bồi thường khi thu hồi đất làm đường liên xã",
        "Gia đình tôi không đồng ý với đơn giá bồi thường đất nông nghiệp trong quyết định thu hồi "
        "đất để mở rộng đường liên xã, vì thấp hơn giá chuyển nhượng thực tế tại địa phương.",
    ),
    (
        PetitionKind.DENUNCIATION,
        "Tố cáo cán bộ địa chính gây khó khăn khi làm hồ sơ",
        "Tôi tố cáo cán bộ địa chính xã nhiều lần hẹn lại, yêu cầu nộp thêm giấy tờ không có trong "
        "quy định khi tôi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất.",
    ),
    (
        PetitionKind.FEEDBACK,
        "Phản ánh ô nhiễm mùi từ trại chăn nuôi gần khu dân cư",
        "Trại chăn nuôi lợn ở cuối thôn xả nước thải ra mương, gây mùi hôi ảnh hưởng sinh hoạt của "
        "các hộ dân xung quanh, nhất là vào buổi tối.",
    ),
    (
        PetitionKind.PETITION,
        "Kiến nghị sửa chữa cống thoát nước đầu thôn",
        "Cống thoát nước đầu thôn bị sụt lún, mùa mưa nước tràn vào nhà dân. Đề nghị xã sớm kiểm "
        "tra, sửa chữa.",
    ),
    (
        PetitionKind.COMPLAINT,
        "Khiếu nại việc không được xét hộ cận nghèo",
        "Gia đình tôi có thu nhập thấp, có người ốm đau lâu năm nhưng không có tên trong danh sách "
        "hộ cận nghèo năm nay. Đề nghị xem xét lại.",
    ),
]


# Category (lĩnh vực) and, for matters at a place, a map point in the commune.
PLACES = {
    1: ("can-bo-cong-chuc", None),
    2: ("moi-truong", (Decimal("20.591200"), Decimal("106.089500"))),
    3: ("dien-nuoc", (Decimal("20.587400"), Decimal("106.082100"))),
    4: ("chinh-sach-xa-hoi", None),
}


def _working_days_ago(n: int) -> date:
    """The day ``n`` working days before today, so the clocks land where we want."""
    calendar = get_calendar()
    day = timezone.localdate()
    while n > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            n -= 1
    return day


def seed_cases(*, commune_agency: Agency, inspectorate: Agency, staff: dict[str, User]) -> int:
    """Create the demo casework once; returns the number of petitions created."""
    if Petition.objects.filter(agency=commune_agency).exists():
        return 0
    officer, leader, handler = staff["officer"], staff["leader"], staff["handler"]
    set_leader_schedule(
        actor=None,
        agency=commune_agency,
        leader=leader,
        frequency=Frequency.WEEKLY,
        valid_from=timezone.localdate().replace(month=1, day=1),
        planned_days="Sáng thứ Năm hằng tuần",
    )
    start = _working_days_ago(25)
    session = open_session(
        actor=officer,
        agency=commune_agency,
        kind=SessionKind.LEADER_PERIODIC,
        held_on=start,
        chaired_by=leader,
        location="Trụ sở Ủy ban nhân dân",
    )
    kind, subject, content = CASES[0]
    group = record_visit(
        actor=officer,
        session=session,
        visit=VisitInput(
            full_name="Nguyễn Văn Hùng",
            address="Thôn Đông",
            people_count=6,
            representatives=["Nguyễn Văn Hùng", "Lê Thị Mai"],
            content=content,
            handling=Handling.PETITION_RECEIVED,
        ),
        petitions=[PetitionDraft(kind=kind, subject=subject, content=content)],
    )
    created = list(group.petitions)
    for index, offset in enumerate((20, 4, 30, 16), start=1):
        kind, subject, content = CASES[index]
        category_code, point = PLACES[index]
        [p] = petitions.receive_petitions(
            actor=officer,
            agency=commune_agency,
            channel="post",
            received_on=_working_days_ago(offset),
            drafts=[
                PetitionDraft(
                    kind=kind,
                    subject=subject,
                    content=content,
                    petitioner_name="Trần Văn Minh"
                    if kind != PetitionKind.FEEDBACK
                    else "Phạm Thị Lan",
                    category=Category.objects.filter(code=category_code).first(),
                    latitude=point[0] if point else None,
                    longitude=point[1] if point else None,
                    location_address="Cuối thôn Đông" if point else "",
                )
            ],
        )
        created.append(p)
    complaint, denunciation, _feedback, petition, poor_household = created
    # The group complaint: accepted and being verified, its resolution period running.
    c = petitions.classify(
        actor=officer, petition=complaint, expected_version=1, effective_on=_working_days_ago(24)
    )
    c = petitions.accept(
        actor=leader, petition=c, expected_version=c.version, effective_on=_working_days_ago(14)
    )
    c = petitions.assign(
        actor=leader,
        petition=c,
        handler=handler,
        expected_version=c.version,
        effective_on=_working_days_ago(13),
    )
    petitions.start_verification(
        actor=handler, petition=c, expected_version=c.version, effective_on=_working_days_ago(12)
    )
    # The denunciation is for the provincial inspectorate.
    petitions.forward(
        actor=officer,
        petition=denunciation,
        to_agency=inspectorate,
        expected_version=1,
        reason="Nội dung tố cáo thuộc thẩm quyền Thanh tra tỉnh",
        effective_on=_working_days_ago(17),
    )
    # The feedback is new; the petition about the culvert was answered and closed.
    p = petitions.classify(
        actor=officer, petition=petition, expected_version=1, effective_on=_working_days_ago(29)
    )
    p = petitions.accept(
        actor=leader, petition=p, expected_version=p.version, effective_on=_working_days_ago(28)
    )
    p = petitions.assign(
        actor=leader,
        petition=p,
        handler=handler,
        expected_version=p.version,
        effective_on=_working_days_ago(27),
    )
    p = petitions.start_verification(
        actor=handler, petition=p, expected_version=p.version, effective_on=_working_days_ago(26)
    )
    p = petitions.decide(
        actor=leader,
        petition=p,
        expected_version=p.version,
        outcome="answered",
        summary="Xã đã bố trí kinh phí, sửa chữa xong cống trong tháng.",
        effective_on=_working_days_ago(10),
    )
    p = petitions.close(
        actor=leader, petition=p, expected_version=p.version, effective_on=_working_days_ago(9)
    )
    # The petitioner rated how the culvert petition was handled.
    rate_case(
        petition=p,
        score=4,
        aspects={"timeliness": 4, "attitude": 5, "clarity": 4, "outcome": 4},
        comment="Cán bộ xã xuống tận nơi kiểm tra, sửa cống nhanh.",
    )
    # The poor-household complaint waits for a decision on acceptance, past its 10 days.
    petitions.classify(
        actor=officer,
        petition=poor_household,
        expected_version=1,
        effective_on=_working_days_ago(15),
    )
    return len(created)
