"""The statutory clocks and minimums of a disclosure (Luật 10/2022/QH15, Đ.11–13)."""

from __future__ import annotations

from datetime import date

import pytest

from danvan.disclosures import legal
from danvan.disclosures.models import Disclosure, Form, Subject
from danvan.disclosures.selectors import (
    compliance,
    disclosure_state,
    posting_due,
    publish_due,
    quarterly_list,
)
from danvan.disclosures.services import publish_disclosure, record_disclosure

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def _record(tree, subject=Subject.PLANS, decided_on=date(2026, 3, 5), unit=None):
    return record_disclosure(
        actor=None,
        agency=tree.agency(tree.ba_dinh),
        unit=unit,
        subject=subject,
        title="Kế hoạch phát triển kinh tế - xã hội năm 2026",
        decided_on=decided_on,
        today=TODAY,
    )


def _publish(disclosure, published_on, **kwargs):
    kwargs.setdefault("forms", [Form.NOTICE_BOARD])
    return publish_disclosure(
        actor=None, disclosure=disclosure, published_on=published_on, today=TODAY, **kwargs
    )


def test_subjects_are_the_fourteen_of_article_11() -> None:
    assert len(Subject.values) == 14
    assert Subject.number(13) == Subject.PROCEDURES
    assert str(Subject.PLANS.label).startswith("1. ")


def test_subject_sets_follow_article_13() -> None:
    assert {Subject.DEMOCRACY_RULES, Subject.PROCEDURES} == legal.PERMANENT_SUBJECTS
    assert {Subject.number(n) for n in range(7, 13)} == legal.LOUDSPEAKER_SUBJECTS
    assert {Subject.number(n) for n in (1, 2, 3, *range(5, 13))} == legal.POSTING_MIN_SUBJECTS
    assert "10/2022/QH15" in legal.PERMANENT_CITATION


def test_publish_due_is_five_working_days_across_a_weekend(tree) -> None:
    # Thursday 5 March 2026: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12.
    assert publish_due(date(2026, 3, 5)) == date(2026, 3, 12)


def test_publish_due_skips_public_holidays(tree) -> None:
    # Thursday 27 August 2026: 31 Aug, 1 and 2 Sep are days off (National Day break).
    assert publish_due(date(2026, 8, 27)) == date(2026, 9, 8)


def test_unpublished_is_due_until_the_last_day_then_late(tree) -> None:
    disclosure = _record(tree)
    on_last_day = disclosure_state(disclosure, date(2026, 3, 12))
    assert (on_last_day.state, on_last_day.publish_due) == ("due", date(2026, 3, 12))
    assert disclosure_state(disclosure, date(2026, 3, 13)).state == "late"


def test_published_on_the_last_day_is_met_and_a_day_later_is_late(tree) -> None:
    on_time = _publish(_record(tree), date(2026, 3, 12), posting_until=date(2026, 4, 11))
    assert disclosure_state(on_time, TODAY).state == "met"
    late = _publish(_record(tree), date(2026, 3, 13), posting_until=date(2026, 4, 12))
    assert disclosure_state(late, TODAY).state == "late"


def test_posting_needs_thirty_days(tree) -> None:
    assert posting_due(date(2026, 3, 10)) == date(2026, 4, 9)
    short = _publish(_record(tree), date(2026, 3, 10), posting_until=date(2026, 4, 8))
    state = disclosure_state(short, TODAY)
    assert (state.state, state.posting_due) == ("posting_short", date(2026, 4, 9))
    enough = _publish(_record(tree), date(2026, 3, 10), posting_until=date(2026, 4, 9))
    assert disclosure_state(enough, TODAY).state == "met"


def test_posting_still_running_is_not_short(tree) -> None:
    running = _publish(_record(tree), date(2026, 3, 10))
    assert disclosure_state(running, TODAY).state == "met"


@pytest.mark.parametrize("number", [4, 13])
def test_democracy_rules_and_procedures_are_permanent(tree, number) -> None:
    disclosure = _record(tree, subject=Subject.number(number))
    assert disclosure.permanent
    published = _publish(disclosure, date(2026, 3, 6))
    assert disclosure_state(published, TODAY).state == "met"
    assert disclosure_state(published, TODAY).posting_due is None


def test_an_ended_permanent_posting_is_short(tree) -> None:
    disclosure = _publish(_record(tree, subject=Subject.PROCEDURES), date(2026, 3, 6))
    Disclosure.objects.filter(pk=disclosure.pk).update(posting_until=date(2026, 5, 1))
    disclosure.refresh_from_db()
    assert disclosure_state(disclosure, TODAY).state == "posting_short"


@pytest.mark.parametrize("number", range(7, 13))
def test_loudspeaker_at_least_three_days_for_subjects_7_to_12(tree, number) -> None:
    forms = [Form.NOTICE_BOARD, Form.LOUDSPEAKER]
    two = _publish(
        _record(tree, subject=Subject.number(number)),
        date(2026, 3, 6),
        forms=forms,
        posting_until=date(2026, 4, 30),
        loudspeaker_days=2,
    )
    assert disclosure_state(two, TODAY).state == "posting_short"
    three = _publish(
        _record(tree, subject=Subject.number(number)),
        date(2026, 3, 6),
        forms=forms,
        posting_until=date(2026, 4, 30),
        loudspeaker_days=3,
    )
    assert disclosure_state(three, TODAY).state == "met"


def test_loudspeaker_is_not_required_outside_7_to_12(tree) -> None:
    disclosure = _publish(
        _record(tree, subject=Subject.FEES), date(2026, 3, 6), posting_until=date(2026, 4, 30)
    )
    assert disclosure_state(disclosure, TODAY).state == "posting_short"  # 12 needs loudspeaker
    other = _publish(
        _record(tree, subject=Subject.BUDGET), date(2026, 3, 6), posting_until=date(2026, 4, 30)
    )
    assert disclosure_state(other, TODAY).state == "met"


def test_compliance_counts_the_unit_and_below(tree) -> None:
    _record(tree, decided_on=date(2026, 11, 18))  # due
    _record(tree, decided_on=date(2026, 3, 5))  # late
    _publish(_record(tree), date(2026, 3, 6), posting_until=date(2026, 4, 30))  # met
    _publish(_record(tree), date(2026, 3, 6), posting_until=date(2026, 3, 20))  # short
    counts = compliance(tree.hanoi, date(2026, 1, 1), date(2026, 12, 31), today=TODAY)
    assert counts == {"due": 1, "late": 1, "met": 1, "posting_short": 1, "total": 4}
    assert compliance(tree.ngoc_ha, date(2026, 1, 1), date(2026, 12, 31))["total"] == 0
    assert compliance(tree.ninhbinh, date(2026, 1, 1), date(2026, 12, 31))["total"] == 0


def test_quarterly_list_holds_what_was_disclosed_in_the_quarter(tree) -> None:
    in_q1 = _publish(_record(tree), date(2026, 3, 31))
    _publish(_record(tree), date(2026, 4, 1))
    _record(tree)  # not disclosed
    assert list(quarterly_list(tree.ba_dinh, year=2026, quarter=1)) == [in_q1]
    assert quarterly_list(tree.hanoi, year=2026, quarter=2).count() == 1


def test_an_extra_day_off_moves_the_due_date(tree) -> None:
    from danvan.calendar.models import CalendarOverride
    from danvan.calendar.selectors import clear_calendar_cache
    from danvan.calendar.services import set_override

    set_override(
        actor=None,
        date=date(2026, 3, 10),
        kind=CalendarOverride.Kind.DAY_OFF,
        reason="Nghỉ bù theo quyết định",
    )
    clear_calendar_cache()
    assert publish_due(date(2026, 3, 5)) == date(2026, 3, 13)


def test_a_new_rule_version_applies_from_its_date(tree) -> None:
    from danvan.deadlines.models import DeadlineRule

    current = DeadlineRule.objects.get(rule_id=legal.PUBLISH_RULE)
    current.pk = None
    current.effective_from = date(2026, 6, 1)
    current.days = 3
    current.save()
    assert publish_due(date(2026, 3, 5)) == date(2026, 3, 12)  # decided under 5 days
    assert publish_due(date(2026, 6, 4)) == date(2026, 6, 9)  # Thu → Fri, Mon, Tue


def test_compliance_reads_each_rule_once(tree, django_assert_max_num_queries) -> None:
    for _ in range(5):
        _publish(_record(tree), date(2026, 3, 6), posting_until=date(2026, 4, 30))
    with django_assert_max_num_queries(6):
        counts = compliance(tree.ba_dinh, date(2026, 1, 1), date(2026, 12, 31), today=TODAY)
    assert counts["met"] == 5
