"""The monitor read from real records: disclosures, household votes and the chair's
reception, for two communes of Hà Nội and one of Ninh Bình, judged in mid-2026."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.accounts.roles import Role
from danvan.compliance import selectors
from danvan.compliance.selectors import DUE, LATE, MET, NONE, MonitorPeriod
from danvan.decisions import services as decisions
from danvan.decisions.models import DecisionForm, Subject
from danvan.disclosures.models import Form
from danvan.disclosures.models import Subject as DisclosureSubject
from danvan.disclosures.services import publish_disclosure, record_disclosure
from danvan.reception.models import Frequency, SessionKind
from danvan.reception.services import open_session, set_leader_schedule
from danvan.units.models import AdministrativeUnit
from danvan.units.services import add_village

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 6, 15)  # a Monday
YEAR = MonitorPeriod(2026)


@pytest.fixture
def officers(tree: Any, make_user: Callable[..., Any]) -> dict[str, Any]:
    return {
        "ba_dinh": make_user(Role.LEADER, tree.agency(tree.ba_dinh)),
        "ngoc_ha": make_user(Role.LEADER, tree.agency(tree.ngoc_ha)),
        "bac_ly": make_user(Role.LEADER, tree.agency(tree.bac_ly)),
    }


def _disclose(
    tree: Any,
    actor: Any,
    commune: AdministrativeUnit,
    subject: str,
    decided_on: date,
    published_on: date | None,
) -> None:
    disclosure = record_disclosure(
        actor=actor,
        agency=tree.agency(commune),
        subject=subject,
        title=f"Văn bản {subject} ngày {decided_on:%d/%m/%Y}",
        decided_on=decided_on,
        today=TODAY,
    )
    if published_on is not None:
        publish_disclosure(
            actor=actor,
            disclosure=disclosure,
            published_on=published_on,
            forms=[Form.NOTICE_BOARD, Form.PORTAL],
            today=TODAY,
        )


def _standing(tree: Any, actor: Any, commune: AdministrativeUnit, *, skip: str = "") -> None:
    """The commune's standing disclosures: rules and procedures posted, plan and budget."""
    for subject in (
        DisclosureSubject.DEMOCRACY_RULES,
        DisclosureSubject.PROCEDURES,
        DisclosureSubject.PLANS,
        DisclosureSubject.BUDGET,
    ):
        if subject != skip:
            _disclose(tree, actor, commune, subject, date(2026, 1, 5), date(2026, 1, 7))


def _rows(unit: AdministrativeUnit, period: MonitorPeriod = YEAR) -> dict[str, Any]:
    return {row.unit.code: row for row in selectors.commune_rows(unit, period, today=TODAY)}


def test_disclosures_met_late_due_and_missing(tree: Any, officers: dict[str, Any]) -> None:
    _standing(tree, officers["ba_dinh"], tree.ba_dinh)
    # Ngọc Hà never posted its administrative procedures and disclosed a plan late.
    _standing(tree, officers["ngoc_ha"], tree.ngoc_ha, skip=DisclosureSubject.PROCEDURES)
    _disclose(
        tree,
        officers["ngoc_ha"],
        tree.ngoc_ha,
        DisclosureSubject.LAND,
        date(2026, 3, 2),
        date(2026, 3, 20),
    )
    # Ba Đình decided something last Friday: still within its 5 working days.
    _disclose(
        tree, officers["ba_dinh"], tree.ba_dinh, DisclosureSubject.FEES, date(2026, 6, 12), None
    )

    rows = _rows(tree.hanoi)
    ba_dinh = rows["00004"].duty("disclosure")
    assert (ba_dinh.state, ba_dinh.facts["due"], ba_dinh.facts["missing"]) == (DUE, 1, 0)
    ngoc_ha = rows["00008"].duty("disclosure")
    assert ngoc_ha.state == LATE
    assert (ngoc_ha.facts["late"], ngoc_ha.facts["missing"]) == (1, 1)
    assert ngoc_ha.required == 3 + 1 + 1  # standing, the land decision, the missing one
    # A commune of another province is not in Hà Nội's monitor.
    assert "13432" not in rows


def test_yearly_subjects_are_awaited_during_the_year_and_missing_after(
    tree: Any, officers: dict[str, Any]
) -> None:
    _standing(tree, officers["ba_dinh"], tree.ba_dinh, skip=DisclosureSubject.BUDGET)
    during = _rows(tree.ba_dinh)["00004"].duty("disclosure")
    assert (during.state, during.facts["awaited"], during.facts["missing"]) == (DUE, 1, 0)
    after = selectors.commune_rows(tree.ba_dinh, YEAR, today=date(2027, 1, 4))[0]
    assert after.duty("disclosure").state == LATE
    assert after.duty("disclosure").facts["missing"] == 1


def test_a_disclosure_recorded_today_turns_the_commune_from_late_to_met(
    tree: Any, officers: dict[str, Any]
) -> None:
    _standing(tree, officers["ba_dinh"], tree.ba_dinh, skip=DisclosureSubject.DEMOCRACY_RULES)
    assert _rows(tree.ba_dinh)["00004"].duty("disclosure").state == LATE
    _disclose(
        tree,
        officers["ba_dinh"],
        tree.ba_dinh,
        DisclosureSubject.DEMOCRACY_RULES,
        TODAY - timedelta(days=3),
        TODAY,
    )
    assert _rows(tree.ba_dinh)["00004"].duty("disclosure").state == MET


def _vote(officer: Any, village: AdministrativeUnit, agree: int, total: int) -> Any:
    households = [
        decisions.register_household(
            actor=officer, village=village, code=f"H{i:02d}", head_name=f"Chủ hộ {i}"
        )
        for i in range(total)
    ]
    decision = decisions.create_decision(
        actor=officer,
        village=village,
        subject=Subject.INFRASTRUCTURE,
        title="Đóng góp làm đường",
        form=DecisionForm.BALLOT,
        noticed_on=date(2026, 3, 6),
        opens_at=datetime(2026, 3, 9, 8, tzinfo=HCM),
        closes_at=datetime(2026, 3, 13, 17, tzinfo=HCM),
        counting_board=["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"],
    )
    decision = decisions.open_decision(actor=officer, decision=decision)
    during = datetime(2026, 3, 10, 9, tzinfo=HCM)
    for household in households[:agree]:
        decisions.enter_paper_vote(
            actor=officer, decision=decision, household=household, choice="agree", now=during
        )
    return decisions.close_decision(
        actor=officer, decision=decision, now=datetime(2026, 3, 13, 17, 30, tzinfo=HCM)
    )


def test_household_decisions_turnout_and_the_5_day_clocks(
    tree: Any, officers: dict[str, Any]
) -> None:
    assert _rows(tree.ba_dinh)["00004"].duty("decisions").state == NONE

    village = add_village(actor=None, commune=tree.ba_dinh, name="Tổ dân phố 1")
    closed = _vote(officers["ba_dinh"], village, agree=4, total=6)
    # Counted on Friday 13/03; the result is due at the commune 5 working days later and
    # has not been sent by mid-June.
    row = _rows(tree.ba_dinh)["00004"]
    duty = row.duty("decisions")
    assert duty.state == LATE
    assert (duty.facts["held"], duty.facts["passed"], duty.facts["turnout"]) == (1, 1, 67)

    decisions.send_result(actor=officers["ba_dinh"], decision=closed, sent_on=date(2026, 3, 16))
    answered = decisions.answer_result(
        actor=officers["ba_dinh"],
        decision=closed,
        recognised=True,
        answered_on=date(2026, 3, 18),
    )
    assert not answered.answered_late
    assert _rows(tree.ba_dinh)["00004"].duty("decisions").state == MET


def _weekly_schedule(tree: Any, commune: AdministrativeUnit, leader: Any) -> None:
    set_leader_schedule(
        actor=None,
        agency=tree.agency(commune),
        leader=leader,
        frequency=Frequency.WEEKLY,
        valid_from=date(2026, 1, 1),
    )


def _sessions(tree: Any, commune: AdministrativeUnit, leader: Any, skip: set[date]) -> None:
    monday = date(2025, 12, 29)
    while monday <= TODAY:
        thursday = monday + timedelta(days=3)
        if monday not in skip and thursday <= TODAY:
            open_session(
                actor=leader,
                agency=tree.agency(commune),
                kind=SessionKind.LEADER_PERIODIC,
                held_on=thursday,
                chaired_by=leader,
            )
        monday += timedelta(days=7)


def test_chair_reception_every_week(tree: Any, officers: dict[str, Any]) -> None:
    leader = officers["ba_dinh"]
    assert _rows(tree.ba_dinh)["00004"].duty("reception").facts == {"no_schedule": 1}
    _weekly_schedule(tree, tree.ba_dinh, leader)
    _sessions(tree, tree.ba_dinh, leader, skip=set())
    # June's last two weeks are still ahead: the month is short but not yet late.
    duty = _rows(tree.ba_dinh)["00004"].duty("reception")
    assert duty.state == DUE
    assert (duty.done, duty.required) == (24, 26)

    other = officers["ngoc_ha"]
    _weekly_schedule(tree, tree.ngoc_ha, other)
    _sessions(tree, tree.ngoc_ha, other, skip={date(2026, 3, 9)})
    duty = _rows(tree.ngoc_ha)["00008"].duty("reception")
    assert duty.state == LATE
    assert duty.facts["short_past"] == 1


def test_a_quarter_view_counts_only_its_months(tree: Any, officers: dict[str, Any]) -> None:
    leader = officers["ba_dinh"]
    _weekly_schedule(tree, tree.ba_dinh, leader)
    _sessions(tree, tree.ba_dinh, leader, skip={date(2026, 3, 9)})
    q1 = _rows(tree.ba_dinh, MonitorPeriod(2026, 1))["00004"].duty("reception")
    q2 = _rows(tree.ba_dinh, MonitorPeriod(2026, 2))["00004"].duty("reception")
    assert q1.state == LATE
    assert q2.state == DUE
    assert q1.required == 13  # the ISO weeks of January to March 2026


def test_roll_up_to_the_nation(tree: Any, officers: dict[str, Any]) -> None:
    _standing(tree, officers["ba_dinh"], tree.ba_dinh)
    rows = selectors.commune_rows(tree.nation, YEAR, today=TODAY)
    assert {r.unit.code for r in rows} == {"00004", "00008", "13432"}
    areas = selectors.roll_up(rows, [tree.hanoi, tree.ninhbinh])
    by_code = {a.unit.code: a for a in areas}
    assert by_code["01"].communes == 2
    assert by_code["37"].communes == 1
    assert by_code["01"].states["disclosure"] == {MET: 1, LATE: 1}
    assert by_code["37"].late_counts[selectors.DUTY_KEYS.index("disclosure")] == 1
    totals = {key: counts for key, _label, counts in selectors.duty_totals(rows)}
    assert totals["disclosure"][LATE] == 2
    assert sum(totals["reception"].values()) == 3


def test_the_monitor_reads_a_fixed_number_of_queries(
    tree: Any, officers: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.commune_rows(tree.nation, YEAR, today=TODAY)
        return len(ctx.captured_queries)

    before = count()
    for commune in (tree.ba_dinh, tree.ngoc_ha, tree.bac_ly):
        leader = make_user(Role.LEADER, tree.agency(commune))
        _weekly_schedule(tree, commune, leader)
        add_village(actor=None, commune=commune, name="Thôn Mới")
    # More communes with data must not mean more queries (one grouped read per module).
    assert count() <= before + 2
