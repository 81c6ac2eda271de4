"""The seeded rule table, ``rule_in_force`` and ``explain_deadline`` on the database."""

from __future__ import annotations

from datetime import date

import pytest

from danvan.calendar.services import set_override
from danvan.deadlines.compute import RuleSpec, UnknownRule
from danvan.deadlines.legal_rules import RULES
from danvan.deadlines.models import DeadlineRule
from danvan.deadlines.selectors import explain_deadline, rule_in_force, rule_versions

pytestmark = pytest.mark.django_db

RULE_IDS = {
    "complaint.filing",
    "complaint.accept",
    "complaint.first",
    "complaint.second_filing",
    "complaint.second",
    "denunciation.accept",
    "denunciation.forward",
    "denunciation.resolve",
    "reception.notify",
    "disclosure.publish",
    "disclosure.posting",
    "consultation.min",
    "decision.report",
    "inspection_board.reply",
    "vote.notice",
    "annual_meeting.notice",
}


def test_every_rule_id_is_seeded():
    seeded = set(DeadlineRule.objects.values_list("rule_id", flat=True))
    assert seeded == RULE_IDS


def test_seeded_table_matches_the_legal_rules_module():
    # Editing legal_rules.py without a migration that changes the table fails here.
    expected = sorted(
        (RuleSpec.from_mapping(row) for row in RULES),
        key=lambda spec: (spec.rule_id, spec.effective_from),
    )
    assert rule_versions() == expected


def test_every_version_cites_its_source():
    for spec in rule_versions():
        assert spec.citation, spec.rule_id
        assert spec.source_note, spec.rule_id
        assert spec.starts_on, spec.rule_id


def test_rule_in_force_switches_version_on_1_july_2026():
    old = rule_in_force("complaint.accept", date(2026, 6, 30))
    new = rule_in_force("complaint.accept", date(2026, 7, 1))
    assert (old.effective_from, old.days, old.unit) == (date(2012, 7, 1), 10, "calendar")
    assert (new.effective_from, new.days, new.unit) == (date(2026, 7, 1), 7, "working")
    assert rule_in_force("complaint.accept", date(2030, 1, 1)) == new


def test_complaint_received_on_either_side_of_the_switch():
    before = explain_deadline("complaint.accept", date(2026, 6, 30))
    after = explain_deadline("complaint.accept", date(2026, 7, 1))
    assert (before.version, before.due) == (date(2012, 7, 1), date(2026, 7, 10))
    assert (after.version, after.due) == (date(2026, 7, 1), date(2026, 7, 10))
    assert (before.unit, after.unit) == ("calendar", "working")
    # Received on a Friday, the two versions give different days.
    assert explain_deadline("complaint.accept", date(2026, 6, 26)).due == date(2026, 7, 6)
    assert explain_deadline("complaint.accept", date(2026, 7, 3)).due == date(2026, 7, 14)


def test_unknown_rule_is_a_clear_error():
    with pytest.raises(UnknownRule, match=r'Unknown deadline rule "complaint\.third"') as caught:
        rule_in_force("complaint.third", date(2026, 3, 2))
    assert caught.value.code == "unknown_rule"


def test_rule_not_yet_in_force_is_a_clear_error():
    with pytest.raises(UnknownRule, match="not yet in force on 31/12/2018") as caught:
        rule_in_force("denunciation.resolve", date(2018, 12, 31))
    assert caught.value.code == "rule_not_in_force"
    assert "01/01/2019" in caught.value.message


def test_explain_deadline_uses_the_calendar_overrides():
    start = date(2026, 6, 9)
    assert explain_deadline("reception.notify", start).due == date(2026, 6, 23)
    set_override(actor=None, date=date(2026, 6, 12), kind="day_off", reason="Nghỉ bão")
    explained = explain_deadline("reception.notify", start)
    assert explained.due == date(2026, 6, 24)
    assert "Nghỉ bão" in [day.reason for day in explained.skipped]
