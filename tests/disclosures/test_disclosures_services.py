"""Permissions, validation and audit of the disclosure services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.disclosures.models import Disclosure, Form, Subject
from danvan.disclosures.selectors import evidence_of
from danvan.disclosures.services import add_evidence, publish_disclosure, record_disclosure

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def _record(actor, agency, **kwargs):
    values = {
        "subject": Subject.BUDGET,
        "title": "Dự toán ngân sách xã năm 2026",
        "decided_on": date(2026, 11, 16),
        "today": TODAY,
    }
    values.update(kwargs)
    return record_disclosure(actor=actor, agency=agency, **values)


@pytest.mark.parametrize("role", [Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER])
def test_commune_staff_record_and_it_is_audited(tree, make_user, role) -> None:
    agency = tree.agency(tree.ba_dinh)
    user = make_user(role, agency)
    disclosure = _record(user, agency)
    assert disclosure.unit == tree.ba_dinh
    assert disclosure.unit_path == tree.ba_dinh.path
    assert disclosure.created_by == user
    entry = AuditEntry.objects.get(
        action="disclosures.disclosure.record", target_id=str(disclosure.pk)
    )
    assert entry.actor_id == user.pk
    assert entry.unit_id == tree.ba_dinh.pk


def test_sibling_commune_is_refused(tree, make_user) -> None:
    user = make_user(Role.CASE_HANDLER, tree.agency(tree.ngoc_ha))
    with pytest.raises(PermissionDenied):
        _record(user, tree.agency(tree.ba_dinh))
    disclosure = _record(None, tree.agency(tree.ba_dinh))
    with pytest.raises(PermissionDenied):
        publish_disclosure(
            actor=user, disclosure=disclosure, published_on=TODAY, forms=[Form.PORTAL]
        )


def test_monitor_reads_but_does_not_write(tree, make_user) -> None:
    monitor = make_user(Role.MONITOR, tree.agency(tree.hanoi))
    disclosure = _record(None, tree.agency(tree.ba_dinh))
    assert monitor.has_perm("disclosures.view_disclosure", disclosure)
    assert not monitor.has_perm("disclosures.record_disclosure", disclosure)
    with pytest.raises(PermissionDenied):
        _record(monitor, tree.agency(tree.ba_dinh))
    with pytest.raises(PermissionDenied):
        add_evidence(actor=monitor, disclosure=disclosure, upload=b"x", name="a.png")


def test_province_leader_records_for_a_commune_below(tree, make_user) -> None:
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi))
    assert _record(leader, tree.agency(tree.ba_dinh)).pk
    with pytest.raises(PermissionDenied):
        _record(leader, tree.agency(tree.bac_ly))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"subject": "s15"}, "subject"),
        ({"title": "   "}, "title"),
        ({"decided_on": date(2026, 11, 25)}, "decided_on"),
    ],
)
def test_bad_input_to_record_is_refused(tree, kwargs, field) -> None:
    with pytest.raises(ValidationError) as info:
        _record(None, tree.agency(tree.ba_dinh), **kwargs)
    assert field in info.value.message_dict
    assert not Disclosure.objects.exists()


def test_unit_outside_the_agency_is_refused(tree) -> None:
    with pytest.raises(ValidationError) as info:
        _record(None, tree.agency(tree.ba_dinh), unit=tree.ngoc_ha)
    assert "unit" in info.value.message_dict


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"published_on": date(2026, 11, 15)}, "published_on"),  # before the decision
        ({"published_on": date(2026, 12, 1)}, "published_on"),  # future
        ({"posting_until": date(2026, 11, 17)}, "posting_until"),  # not after the start
        ({"forms": []}, "forms"),
        ({"forms": ["fax"]}, "forms"),
        ({"loudspeaker_days": 3}, "loudspeaker_days"),  # no loudspeaker among the forms
        ({"loudspeaker_days": -1}, "loudspeaker_days"),
    ],
)
def test_bad_input_to_publish_is_refused(tree, kwargs, field) -> None:
    disclosure = _record(None, tree.agency(tree.ba_dinh))
    values = {"published_on": date(2026, 11, 17), "forms": [Form.NOTICE_BOARD], "today": TODAY}
    values.update(kwargs)
    with pytest.raises(ValidationError) as info:
        publish_disclosure(actor=None, disclosure=disclosure, **values)
    assert field in info.value.message_dict
    disclosure.refresh_from_db()
    assert disclosure.published_on is None


def test_permanent_subject_refuses_an_end_date(tree) -> None:
    disclosure = _record(None, tree.agency(tree.ba_dinh), subject=Subject.DEMOCRACY_RULES)
    with pytest.raises(ValidationError) as info:
        publish_disclosure(
            actor=None,
            disclosure=disclosure,
            published_on=date(2026, 11, 17),
            forms=[Form.NOTICE_BOARD],
            posting_until=date(2026, 12, 31),
            today=TODAY,
        )
    assert "posting_until" in info.value.message_dict


def test_publish_is_audited_with_before_and_after(tree, make_user, png) -> None:
    agency = tree.agency(tree.ba_dinh)
    user = make_user(Role.RECEPTION_OFFICER, agency)
    disclosure = _record(user, agency)
    from django.core.files.uploadedfile import SimpleUploadedFile

    publish_disclosure(
        actor=user,
        disclosure=disclosure,
        published_on=date(2026, 11, 17),
        forms=[Form.NOTICE_BOARD, Form.PORTAL],
        posting_until=date(2026, 12, 20),
        evidence=[SimpleUploadedFile("bang-tin.png", png)],
        today=TODAY,
    )
    entry = AuditEntry.objects.get(action="disclosures.disclosure.publish")
    assert entry.before["published_on"] is None
    assert entry.after["published_on"] == "2026-11-17"
    assert entry.after["forms"] == ["notice_board", "portal"]
    assert [a.original_name for a in evidence_of(disclosure)] == ["bang-tin.png"]


def test_evidence_accepts_photos_and_pdf(tree, png, pdf) -> None:
    disclosure = _record(None, tree.agency(tree.ba_dinh))
    add_evidence(actor=None, disclosure=disclosure, upload=png, name="anh.png")
    add_evidence(actor=None, disclosure=disclosure, upload=pdf, name="nhat-ky-loa.pdf")
    assert len(evidence_of(disclosure)) == 2
    assert AuditEntry.objects.filter(action="disclosures.disclosure.add_evidence").count() == 2


def test_evidence_refuses_a_disguised_file_and_other_types(tree, png) -> None:
    disclosure = _record(None, tree.agency(tree.ba_dinh))
    with pytest.raises(ValidationError):
        add_evidence(actor=None, disclosure=disclosure, upload=b"MZ\x90\x00" * 50, name="anh.png")
    with pytest.raises(ValidationError):
        add_evidence(actor=None, disclosure=disclosure, upload=png, name="anh.jpg")
    with pytest.raises(ValidationError) as info:
        add_evidence(actor=None, disclosure=disclosure, upload=b"ghi chu\n", name="ghi-chu.txt")
    assert "evidence" in info.value.message_dict
    assert evidence_of(disclosure) == []


def test_only_the_peoples_committee_records(tree) -> None:
    from danvan.units.models import Agency, AgencyKind

    other = Agency.objects.filter(unit=tree.ba_dinh).exclude(kind=AgencyKind.PEOPLES_COMMITTEE)
    agency = other.first()
    if agency is None:
        agency = Agency.objects.create(
            unit=tree.ba_dinh, kind=AgencyKind.POLICE, code="ca-ba-dinh", name="Công an phường"
        )
    with pytest.raises(ValidationError) as info:
        _record(None, agency)
    assert "agency" in info.value.message_dict
