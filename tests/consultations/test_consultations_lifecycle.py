"""Creating, changing, opening and closing consultations; the legal minimum period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.consultations import services
from danvan.consultations.models import Phase
from danvan.consultations.selectors import minimum_end
from danvan.deadlines.selectors import explain_deadline
from danvan.notifications.models import Notification
from tests.consultations.conftest import (
    STRUCTURED,
    TODAY,
    Staff,
    Villages,
    make_consultation,
    past_consultation,
)

pytestmark = pytest.mark.django_db


def test_minimum_end_comes_from_the_seeded_rule(tree: Any) -> None:
    rule = explain_deadline("consultation.min", TODAY)
    assert minimum_end(TODAY) == rule.due
    assert (rule.due - TODAY).days == 20  # the law's 20 calendar days, read from the rule


def test_create_validates_and_audits(tree: Any, staff: Staff, villages: Villages) -> None:
    consultation = make_consultation(
        tree, staff.officer, villages=[villages.dong], audience_groups="  Các hộ  kinh doanh "
    )
    assert consultation.phase == Phase.PREPARATION
    assert consultation.unit == tree.ba_dinh
    assert consultation.audience_groups == "Các hộ kinh doanh"
    assert list(consultation.villages.all()) == [villages.dong]
    assert AuditEntry.objects.filter(action="consultations.consultation.create").exists()
    with pytest.raises(ValidationError) as caught:
        make_consultation(
            tree,
            staff.officer,
            title=" ",
            subject="nonsense",
            channels=[],
            closes_on=TODAY - timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"title", "subject", "channels", "closes_on"}


def test_villages_must_belong_to_the_unit(tree: Any, staff: Staff) -> None:
    from danvan.units.services import add_village

    elsewhere = add_village(actor=None, commune=tree.ngoc_ha, name="Thôn Xa")
    with pytest.raises(ValidationError) as caught:
        make_consultation(tree, staff.officer, villages=[elsewhere])
    assert "villages" in caught.value.message_dict


def test_agency_must_be_a_peoples_committee(tree: Any) -> None:
    from danvan.units.models import Agency, AgencyKind

    council = Agency.objects.create(
        unit=tree.ba_dinh,
        kind=AgencyKind.PEOPLES_COUNCIL,
        code="thu-hdnd-ba-dinh",
        name="HĐND phường Ba Đình",
    )
    with pytest.raises(ValidationError, match="People's Committee"):
        make_consultation(tree, agency=council)


@pytest.mark.parametrize("who", ["other_officer", "monitor"])
def test_create_refused_outside_the_authority(tree: Any, staff: Staff, who: str) -> None:
    with pytest.raises(PermissionDenied):
        make_consultation(tree, getattr(staff, who))


def test_update_only_in_preparation(tree: Any, staff: Staff, draft: Any) -> None:
    services.update_consultation(
        actor=staff.handler,
        consultation=draft,
        subject="budget",
        title="Tiêu đề mới",
        opens_on=draft.opens_on,
        closes_on=draft.closes_on,
        channels=["portal"],
    )
    draft.refresh_from_db()
    assert draft.title == "Tiêu đề mới"
    assert draft.subject == "budget"
    with pytest.raises(PermissionDenied):
        services.update_consultation(
            actor=staff.monitor,
            consultation=draft,
            subject="budget",
            title="x",
            opens_on=draft.opens_on,
            closes_on=draft.closes_on,
            channels=["portal"],
        )
    services.open_consultation(actor=staff.officer, consultation=draft)
    with pytest.raises(ValidationError, match="preparation"):
        services.update_consultation(
            actor=staff.officer,
            consultation=draft,
            subject="budget",
            title="x",
            opens_on=draft.opens_on,
            closes_on=draft.closes_on,
            channels=["portal"],
        )


def test_open_needs_a_draft(tree: Any, staff: Staff) -> None:
    consultation = make_consultation(tree, staff.officer)
    with pytest.raises(ValidationError, match="Import the draft"):
        services.open_consultation(actor=staff.officer, consultation=consultation)


def test_one_day_short_of_the_minimum_is_refused(tree: Any, staff: Staff) -> None:
    earliest = minimum_end(TODAY)
    consultation = make_consultation(tree, staff.officer, closes_on=earliest - timedelta(days=1))
    services.import_draft(actor=staff.officer, consultation=consultation, text=STRUCTURED)
    with pytest.raises(ValidationError) as caught:
        services.open_consultation(actor=staff.officer, consultation=consultation)
    message = caught.value.message_dict["closes_on"][0]
    assert earliest.strftime("%d/%m/%Y") in message
    consultation.refresh_from_db()
    assert consultation.phase == Phase.PREPARATION


def test_the_minimum_itself_is_accepted(tree: Any, staff: Staff) -> None:
    consultation = make_consultation(tree, staff.officer, closes_on=minimum_end(TODAY))
    services.import_draft(actor=staff.officer, consultation=consultation, text=STRUCTURED)
    services.open_consultation(actor=staff.officer, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.phase == Phase.OPEN
    assert AuditEntry.objects.filter(action="consultations.consultation.open").exists()


def test_opening_in_the_past_is_refused(tree: Any, staff: Staff) -> None:
    opens_on = TODAY - timedelta(days=2)
    consultation = make_consultation(tree, staff.officer, opens_on=opens_on)
    services.import_draft(actor=staff.officer, consultation=consultation, text=STRUCTURED)
    with pytest.raises(ValidationError) as caught:
        services.open_consultation(actor=staff.officer, consultation=consultation)
    assert "opens_on" in caught.value.message_dict
    yesterday = make_consultation(tree, staff.officer, opens_on=TODAY - timedelta(days=1))
    services.import_draft(actor=staff.officer, consultation=yesterday, text=STRUCTURED)
    services.open_consultation(actor=staff.officer, consultation=yesterday)


@pytest.mark.parametrize("who", ["other_officer", "monitor"])
def test_open_refused_outside_the_authority(draft: Any, staff: Staff, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.open_consultation(actor=getattr(staff, who), consultation=draft)


def test_comments_cannot_be_closed_early(open_consultation: Any, staff: Staff) -> None:
    with pytest.raises(ValidationError) as caught:
        services.close_comments(actor=staff.officer, consultation=open_consultation)
    assert open_consultation.closes_on.strftime("%d/%m/%Y") in str(caught.value)


def test_closing_comments_notifies_the_leaders(tree: Any, staff: Staff) -> None:
    consultation = past_consultation(tree)
    with pytest.raises(PermissionDenied):
        services.close_comments(actor=staff.monitor, consultation=consultation)
    services.close_comments(actor=staff.officer, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.phase == Phase.AGGREGATION
    notes = Notification.objects.filter(topic="consultations.aggregation")
    assert [n.recipient for n in notes] == [staff.leader]
    assert notes[0].url == f"/staff/consultations/{consultation.pk}/aggregation/"
    with pytest.raises(ValidationError):
        services.close_comments(actor=staff.officer, consultation=consultation)


def test_close_only_after_the_explanation(tree: Any, staff: Staff) -> None:
    consultation = past_consultation(tree)
    services.close_comments(actor=staff.officer, consultation=consultation)
    with pytest.raises(ValidationError, match="cannot move"):
        services.close_consultation(actor=staff.officer, consultation=consultation)
