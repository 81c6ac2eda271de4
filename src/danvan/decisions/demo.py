"""Demo data for household decisions: a year of village votes ending today, written
through the services so the clocks, thresholds and audit trail are the real ones."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.calendar.selectors import get_calendar
from danvan.decisions import selectors, services
from danvan.decisions.models import (
    CommunityDecision,
    DecisionForm,
    Household,
    Subject,
    VoteChoice,
)
from danvan.units.models import AdministrativeUnit, UnitLevel

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MEN = (
    ["Văn", "Đức", "Hữu", "Quang", "Minh"],
    ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Sơn", "Thắng"],
)
WOMEN = (
    ["Thị", "Thu", "Ngọc"],
    ["Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Trang", "Yến"],
)
BOARDS = [
    ["Nguyễn Văn Thành", "Trần Thị Huệ", "Lê Quang Vinh"],
    ["Phạm Thị Loan", "Đỗ Văn Tiến", "Bùi Thị Nhung", "Hoàng Đức Toàn"],
]
REFUSAL = (
    "Biên bản kiểm phiếu chưa có đủ chữ ký của các thành viên Tổ kiểm phiếu; "
    "đề nghị thôn hoàn thiện hồ sơ và gửi lại."
)


@dataclass(frozen=True)
class Plan:
    """One past vote: where, what, when, how it came out and how the clocks went."""

    village: int  # index among the commune's villages
    subject: str
    form: str
    title: str
    days_ago: int  # the day voting opened, counted back from today
    margin: int  # households agreeing above (or below, if negative) the bar
    sent_late: bool
    answer: str  # "recognise" | "recognise_late" | "refuse"


PAST = [
    Plan(
        0,
        Subject.INFRASTRUCTURE,
        DecisionForm.BALLOT,
        "Đóng góp kinh phí bê tông hóa đường trục thôn",
        330,
        3,
        False,
        "recognise",
    ),
    Plan(
        1,
        Subject.COMMUNITY_FUND,
        DecisionForm.MEETING,
        "Thành lập và mức đóng góp quỹ khuyến học của thôn",
        260,
        -1,  # fails two thirds by one household
        True,
        "recognise_late",
    ),
    Plan(
        0,
        Subject.VILLAGE_RULES,
        DecisionForm.MEETING,
        "Sửa đổi, bổ sung hương ước thôn",
        190,
        2,
        False,
        "recognise",
    ),
    Plan(
        2,
        Subject.VILLAGE_HEAD,
        DecisionForm.BALLOT,
        "Bầu trưởng thôn nhiệm kỳ mới",
        120,
        4,
        False,
        "refuse",
    ),
]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def _name(rng: random.Random) -> str:
    middles, givens = rng.choice([MEN, WOMEN])
    return f"{rng.choice(SURNAMES)} {rng.choice(middles)} {rng.choice(givens)}"


def _households(
    village: AdministrativeUnit, officer: Any, rng: random.Random, since: datetime
) -> list[Household]:
    created = [
        services.register_household(
            actor=officer, village=village, code=f"H{i:03d}", head_name=_name(rng)
        )
        for i in range(1, rng.randint(25, 45) + 1)
    ]
    # Registered "a year ago": a vote counts only households on the register when it opened.
    Household.objects.filter(pk__in=[h.pk for h in created]).update(created_at=since)
    return created


def _past_vote(
    plan: Plan, village: AdministrativeUnit, staff: dict[str, Any], today: date
) -> tuple[CommunityDecision, int]:
    """Run one past vote from notice to answer; return it and the number of votes cast."""
    officer, handler, leader = staff["officer"], staff["handler"], staff["leader"]
    opens_on = today - timedelta(days=plan.days_ago)
    opens_at = _at(opens_on, 8)
    meeting = plan.form == DecisionForm.MEETING
    closes_at = _at(opens_on, 11) if meeting else _at(opens_on + timedelta(days=4), 17)
    decision = services.create_decision(
        actor=officer,
        village=village,
        subject=plan.subject,
        title=plan.title,
        form=plan.form,
        noticed_on=opens_on - timedelta(days=5),
        opens_at=opens_at,
        closes_at=closes_at,
        counting_board=BOARDS[plan.village % len(BOARDS)],
    )
    decision = services.open_decision(actor=officer, decision=decision, now=opens_at)
    total = decision.households_total or 0
    agree = selectors.votes_needed(decision.threshold, total) + plan.margin
    voters = list(selectors.active_households(village=village).order_by("code"))[: total - 2]
    for i, household in enumerate(voters):
        choice = (
            VoteChoice.AGREE
            if i < agree
            else (VoteChoice.ABSTAIN if i == len(voters) - 1 else VoteChoice.DISAGREE)
        )
        services.enter_paper_vote(
            actor=handler,
            decision=decision,
            household=household,
            choice=choice,
            now=opens_at + timedelta(minutes=5 + i),
        )
    decision = services.close_decision(
        actor=officer,
        decision=decision,
        minutes=f"Tổ kiểm phiếu đã kiểm {len(voters)}/{total} phiếu của các hộ gia đình.",
        now=closes_at,
    )
    calendar = get_calendar()
    closed_on = timezone.localdate(closes_at)
    due = decision.send_due_on or closed_on
    sent_on = (
        due + timedelta(days=3) if plan.sent_late else calendar.add_working_days(closed_on, 1).due
    )
    decision = services.send_result(actor=officer, decision=decision, sent_on=sent_on)
    answer_due = decision.answer_due_on or sent_on
    answered_on = (
        answer_due + timedelta(days=4)
        if plan.answer == "recognise_late"
        else calendar.add_working_days(sent_on, 2).due
    )
    decision = services.answer_result(
        actor=leader,
        decision=decision,
        recognised=plan.answer != "refuse",
        answered_on=answered_on,
        reason=REFUSAL if plan.answer == "refuse" else "",
    )
    return decision, len(voters)


@transaction.atomic
def seed_demo(*, commune: AdministrativeUnit, staff: dict[str, Any], today: date) -> int:
    """Households, a year of votes and an initiative in the villages of ``commune``;
    returns the number of records created (0 if its villages already have households)."""
    villages = list(
        commune.children.filter(level=UnitLevel.VILLAGE, is_active=True).order_by(
            "name_collation", "pk"
        )
    )
    if not villages or Household.objects.filter(village__parent=commune).exists():
        return 0
    rng = random.Random(f"danvan-decisions-{commune.code}")  # noqa: S311 - demo names only
    officer = staff["officer"]
    since = _at(today - timedelta(days=400), 8)
    registers = [_households(v, officer, rng, since) for v in villages]
    created = sum(len(r) for r in registers)

    citizen = staff.get("citizen")
    first = registers[0][0]
    if (
        citizen is not None
        and citizen.phone
        and not Household.objects.filter(representative=citizen, is_active=True).exists()
    ):
        services.set_representative(actor=officer, household=first, phone=citizen.phone)

    for plan in PAST:
        _, votes = _past_vote(plan, villages[plan.village % len(villages)], staff, today)
        created += 1 + votes

    # Open now, online, so the demo citizen can vote for their household.
    opens_at = _at(today - timedelta(days=2), 7)
    online = services.create_decision(
        actor=officer,
        village=villages[0],
        subject=Subject.OTHER,
        title="Chọn ngày tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở thôn",
        form=DecisionForm.ONLINE,
        noticed_on=today - timedelta(days=5),
        opens_at=opens_at,
        closes_at=_at(today + timedelta(days=4), 20),
        counting_board=BOARDS[0],
    )
    services.open_decision(actor=officer, decision=online, now=opens_at)
    # A meeting announced today, still a draft, so the "open" step can be shown.
    draft_village = villages[1 % len(villages)]
    services.create_decision(
        actor=officer,
        village=draft_village,
        subject=Subject.OTHER,
        title="Quy định giờ sử dụng nhà văn hóa thôn",
        form=DecisionForm.MEETING,
        noticed_on=today,
        opens_at=_at(today + timedelta(days=5), 19),
        closes_at=_at(today + timedelta(days=5), 21),
        counting_board=BOARDS[1],
    )
    created += 2

    # An initiative that gathered more than 10% of the households.
    proposed_on = today - timedelta(days=45)
    initiative = services.propose_initiative(
        actor=officer,
        village=villages[0],
        title="Đề nghị lắp đèn chiếu sáng đường làng",
        proposed_on=proposed_on,
    )
    supporters = registers[0][-(selectors.supporters_needed(len(registers[0])) + 2) :]
    for i, household in enumerate(supporters):
        services.add_initiative_support(
            actor=officer,
            initiative=initiative,
            household=household,
            on=proposed_on + timedelta(days=1 + 2 * i),
        )
    created += 1 + len(supporters)
    return created
