"""Citizen reception: the register's rules and the leaders' duty to receive citizens."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.petitions.models import Petition
from danvan.reception.models import Frequency, Handling, SessionKind, Visit
from danvan.reception.selectors import leader_compliance, register_of
from danvan.reception.services import (
    VisitInput,
    max_representatives,
    open_session,
    record_visit,
    set_leader_schedule,
)

D = date.fromisoformat


@pytest.fixture
def session(tree, staff):
    return open_session(
        actor=staff.officer,
        agency=tree.agency(tree.ba_dinh),
        kind=SessionKind.REGULAR,
        held_on=D("2026-03-02"),
    )


@pytest.mark.parametrize(("people", "limit"), [(1, 0), (4, 0), (5, 2), (10, 2), (11, 5), (200, 5)])
def test_representatives_allowed_by_group_size(people, limit):
    assert max_representatives(people) == limit


def test_group_needs_representatives_within_the_legal_number(session, staff):
    base = {
        "full_name": "Đoàn công dân",
        "content": "Kiến nghị về giá đất",
        "handling": Handling.EXPLAINED,
    }
    with pytest.raises(ValidationError) as excinfo:
        record_visit(actor=staff.officer, session=session, visit=VisitInput(**base, people_count=8))
    assert "representatives" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        record_visit(
            actor=staff.officer,
            session=session,
            visit=VisitInput(**base, people_count=8, representatives=["A", "B", "C"]),
        )
    ok = record_visit(
        actor=staff.officer,
        session=session,
        visit=VisitInput(**base, people_count=12, representatives=["A", "B", "C"]),
    )
    assert ok.visit.is_group
    assert not Visit.objects.exclude(pk=ok.visit.pk).exists()


def test_refusal_needs_a_legal_ground_and_creates_no_petition(session, staff):
    base = {"full_name": "Người say rượu", "content": "Gây rối", "handling": Handling.REFUSED}
    with pytest.raises(ValidationError) as excinfo:
        record_visit(actor=staff.officer, session=session, visit=VisitInput(**base))
    assert "refusal_ground" in excinfo.value.message_dict
    result = record_visit(
        actor=staff.officer,
        session=session,
        visit=VisitInput(**base, refusal_ground="incapacitated"),
    )
    assert result.petitions == []
    assert not Petition.objects.exists()


def test_register_numbers_run_per_agency_and_year(session, staff, tree):
    for name in ("Một", "Hai", "Ba"):
        record_visit(
            actor=staff.officer,
            session=session,
            visit=VisitInput(full_name=name, content="Hỏi thủ tục", handling=Handling.EXPLAINED),
        )
    assert [v.register_number for v in register_of(tree.agency(tree.ba_dinh), year=2026)] == [
        1,
        2,
        3,
    ]


def test_only_staff_of_the_agency_record_reception(session, staff, make_user, tree):
    from danvan.accounts.roles import Role

    visit = VisitInput(full_name="X", content="Y", handling=Handling.EXPLAINED)
    with pytest.raises(PermissionDenied):
        record_visit(actor=staff.monitor, session=session, visit=visit)
    with pytest.raises(PermissionDenied):
        record_visit(
            actor=make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha)),
            session=session,
            visit=visit,
        )
    with pytest.raises(ValidationError):
        open_session(
            actor=staff.officer,
            agency=tree.agency(tree.ba_dinh),
            kind=SessionKind.REGULAR,
            held_on=D("2099-01-01"),
        )
    with pytest.raises(ValidationError):  # a leader's periodic session names the leader
        open_session(
            actor=staff.officer, agency=tree.agency(tree.ba_dinh), kind=SessionKind.LEADER_PERIODIC
        )


def test_commune_chair_must_receive_citizens_every_week(tree, staff):
    agency = tree.agency(tree.ba_dinh)
    set_leader_schedule(
        actor=None,
        agency=agency,
        leader=staff.leader,
        frequency=Frequency.WEEKLY,
        valid_from=D("2026-01-01"),
    )
    # March 2026 has four weeks whose Thursday is in March (from 2, 9, 16, 23 March);
    # the week of 30 March belongs to April.
    for day in ("2026-03-03", "2026-03-10", "2026-03-12", "2026-03-24"):
        open_session(
            actor=staff.officer,
            agency=agency,
            kind=SessionKind.LEADER_PERIODIC,
            held_on=D(day),
            chaired_by=staff.leader,
        )
    open_session(
        actor=staff.officer,
        agency=agency,
        kind=SessionKind.LEADER_PERIODIC,
        held_on=D("2026-03-17"),
        chaired_by=staff.leader,
        delegated=True,
    )
    [row] = leader_compliance(agency, year=2026, month=3)
    assert (row.required, row.held, row.delegated, row.met) == (4, 3, 1, False)
    open_session(
        actor=staff.officer,
        agency=agency,
        kind=SessionKind.LEADER_PERIODIC,
        held_on=D("2026-03-18"),
        chaired_by=staff.leader,
    )
    [row] = leader_compliance(agency, year=2026, month=3)
    assert (row.held, row.met) == (4, True)


def test_monthly_duty_is_one_session_in_person(tree, staff):
    agency = tree.agency(tree.hanoi, "thanh_tra")
    set_leader_schedule(
        actor=None,
        agency=agency,
        leader=staff.inspector_head,
        frequency=Frequency.MONTHLY,
        valid_from=D("2026-01-01"),
    )
    [row] = leader_compliance(agency, year=2026, month=2)
    assert (row.required, row.held, row.met) == (1, 0, False)
    open_session(
        actor=None,
        agency=agency,
        kind=SessionKind.LEADER_PERIODIC,
        held_on=D("2026-02-25"),
        chaired_by=staff.inspector_head,
    )
    [row] = leader_compliance(agency, year=2026, month=2)
    assert row.met
