"""Demo data for grassroots democracy: a year of disclosures and of the chair's weekly
reception in the first demo commune, lighter records in the second, nothing in the
others, so that the monitor ranks communes that differ. The household decisions, boards,
dialogues, mediation and consultations come from each module's own ``demo.seed_demo``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from danvan.calendar.selectors import get_calendar
from danvan.disclosures.models import Disclosure, Form, Subject
from danvan.disclosures.services import publish_disclosure, record_disclosure
from danvan.reception.models import LeaderSchedule, ReceptionSession, SessionKind
from danvan.reception.services import open_session
from danvan.units.models import AdministrativeUnit, Agency

# (subject, title, share of the year elapsed when decided, working days to disclose or
# None if not yet disclosed, posting days or None for permanent, loudspeaker days)
DISCLOSURES: list[tuple[str, str, float, int | None, int | None, int | None]] = [
    (Subject.DEMOCRACY_RULES, "Quy chế thực hiện dân chủ ở cơ sở", 0.0, 2, None, None),
    (Subject.PROCEDURES, "Bộ thủ tục hành chính thuộc thẩm quyền cấp xã", 0.01, 1, None, None),
    (Subject.PLANS, "Kế hoạch phát triển kinh tế - xã hội năm {year}", 0.02, 3, 35, None),
    (Subject.BUDGET, "Dự toán ngân sách xã năm {year}", 0.03, 4, 32, None),
    (Subject.CALL_UP, "Danh sách công dân gọi nhập ngũ năm {year}", 0.06, 2, 30, 3),
    (
        Subject.LAND,
        "Phương án bồi thường, hỗ trợ giải phóng mặt bằng tuyến đường liên thôn",
        0.25,
        3,
        40,
        None,
    ),
    (Subject.FUNDS_RAISED, "Kết quả huy động đóng góp làm đường bê tông", 0.35, 5, 31, None),
    (Subject.SOCIAL_SUPPORT, "Danh sách hộ nghèo, hộ cận nghèo được hỗ trợ", 0.45, 2, 30, 3),
    (Subject.INSPECTION, "Kết luận thanh tra việc quản lý đất công", 0.55, 4, 30, 3),
    (Subject.BUDGET, "Quyết toán ngân sách xã năm {last}", 0.6, 3, 30, None),
    (Subject.FEES, "Mức thu phí chợ và phí vệ sinh", 0.8, 4, 30, 3),
    (Subject.CONSULTATION, "Kết quả lấy ý kiến về quy hoạch khu dân cư", 0.9, None, None, None),
]


def _day(today: date, share: float) -> date:
    """The day ``share`` of the way from 1 January to today."""
    first = date(today.year, 1, 1)
    return first + timedelta(days=int((today - first).days * share))


def _disclosures(*, agency: Agency, officer: Any, today: date, light: bool) -> int:
    calendar = get_calendar()
    created = 0
    rows = DISCLOSURES[:4] if light else DISCLOSURES
    for subject, title, share, delay, posting, loudspeaker in rows:
        decided = _day(today, share)
        if delay is None:
            # The latest one was decided two working days ago and awaits disclosure.
            decided = today
            for _ in range(2):
                decided -= timedelta(days=1)
                while not calendar.is_working_day(decided):
                    decided -= timedelta(days=1)
        disclosure = record_disclosure(
            actor=officer,
            agency=agency,
            subject=subject,
            title=title.format(year=today.year, last=today.year - 1),
            decided_on=decided,
            today=today,
        )
        created += 1
        if delay is None:
            continue
        published = min(calendar.add_working_days(decided, delay).due, today)
        forms = [Form.NOTICE_BOARD, Form.PORTAL] + ([Form.LOUDSPEAKER] if loudspeaker else [])
        until = published + timedelta(days=posting) if posting else None
        publish_disclosure(
            actor=officer,
            disclosure=disclosure,
            published_on=published,
            forms=forms,
            posting_until=until if until is not None and until < today else None,
            loudspeaker_days=loudspeaker,
            today=today,
        )
    return created


def _reception(*, agency: Agency, today: date, missed: int) -> int:
    """The chair's Thursday sessions since the schedule began, missing ``missed`` weeks
    early in the year (the Tết weeks), as a real register would."""
    schedule = LeaderSchedule.objects.filter(agency=agency, valid_until__isnull=True).first()
    if schedule is None:
        return 0
    held = set(
        ReceptionSession.objects.filter(
            agency=agency, kind=SessionKind.LEADER_PERIODIC
        ).values_list("held_on", flat=True)
    )
    held_weeks = {d - timedelta(days=d.weekday()) for d in held}
    start = max(schedule.valid_from, date(today.year, 1, 1))
    monday = start - timedelta(days=start.weekday())
    week, created = 0, 0
    while monday + timedelta(days=3) <= today:
        week += 1
        thursday = monday + timedelta(days=3)
        skip = 6 <= week < 6 + missed
        if monday not in held_weeks and not skip and thursday >= start:
            open_session(
                actor=schedule.leader,
                agency=agency,
                kind=SessionKind.LEADER_PERIODIC,
                held_on=thursday,
                chaired_by=schedule.leader,
                location="Trụ sở Ủy ban nhân dân",
            )
            created += 1
        monday += timedelta(days=7)
    return created


def seed_democracy(
    *,
    communes: list[AdministrativeUnit],
    agencies: dict[int, Agency],
    staff: dict[str, Any],
    today: date,
) -> int:
    """Fill the first commune with a year of activity and the second with some of it.
    Idempotent: a commune that already has disclosures is left as it is."""
    from danvan.boards import demo as boards_demo
    from danvan.consultations import demo as consultations_demo
    from danvan.decisions import demo as decisions_demo
    from danvan.dialogues import demo as dialogues_demo
    from danvan.mediation import demo as mediation_demo

    created = 0
    for index, commune in enumerate(communes[:2]):
        if Disclosure.objects.filter(unit=commune).exists():
            continue
        agency = agencies[commune.pk]
        light = index > 0
        if light:
            # The second commune has no demo staff of its own: the province records its
            # disclosures, and its chair keeps no reception register.
            actor = staff["province_leader"]
            created += _disclosures(agency=agency, officer=actor, today=today, light=True)
            continue
        created += _disclosures(agency=agency, officer=staff["officer"], today=today, light=False)
        created += _reception(agency=agency, today=today, missed=0)
        for module in (
            decisions_demo,
            boards_demo,
            dialogues_demo,
            mediation_demo,
            consultations_demo,
        ):
            created += module.seed_demo(commune=commune, staff=staff, today=today)
    return created
