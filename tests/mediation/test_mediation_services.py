from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.mediation import selectors, services
from danvan.mediation.models import CaseKind, CaseStatus, Outcome
from tests.mediation.conftest import FORMED, PARTIES, TODAY, Setup, open_case


def test_one_active_team_per_village(med: Setup, tree: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.form_team(
            actor=med.officer, village=med.east, name="Tổ hai", formed_on=FORMED, today=TODAY
        )
    assert "village" in excinfo.value.message_dict
    with pytest.raises(ValidationError):  # a commune is not a village
        services.form_team(
            actor=med.officer, village=med.unit, name="Tổ", formed_on=FORMED, today=TODAY
        )
    with pytest.raises(ValidationError) as excinfo:
        services.form_team(
            actor=med.officer, village=med.west, name=" ", formed_on=FORMED, today=TODAY
        )
    assert "name" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.form_team(
            actor=med.officer,
            village=med.west,
            name="Tổ",
            formed_on=TODAY + timedelta(1),
            today=TODAY,
        )
    assert "formed_on" in excinfo.value.message_dict
    team = services.form_team(
        actor=med.officer,
        village=med.west,
        name="Tổ hòa giải Thôn Tây",
        formed_on=FORMED,
        today=TODAY,
    )
    assert team.commune == med.unit


def test_members_and_the_legal_minimum(med: Setup) -> None:
    def flags() -> dict[int, bool]:
        return {t.pk: t.below_minimum for t in selectors.teams_of(commune=med.unit, today=TODAY)}

    assert flags() == {med.team.pk: False}
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(
            actor=med.officer,
            team=med.team,
            full_name="nguyen van thanh  ".upper(),
            joined_on=FORMED,
            today=TODAY,
        )
    assert "full_name" in excinfo.value.message_dict  # already serving, accents aside
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(
            actor=med.officer,
            team=med.team,
            full_name="Đỗ Văn Quý",
            joined_on=FORMED,
            is_leader=True,
            today=TODAY,
        )
    assert "is_leader" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.add_member(
            actor=med.officer,
            team=med.team,
            full_name="Đỗ Văn Quý",
            joined_on=FORMED - timedelta(days=1),
            today=TODAY,
        )
    assert "joined_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.remove_member(
            actor=med.officer, member=med.members[2], left_on=FORMED - timedelta(1), today=TODAY
        )
    assert "left_on" in excinfo.value.message_dict
    # Falling to two members is allowed and flagged.
    services.remove_member(
        actor=med.officer,
        member=med.members[2],
        left_on=date(2025, 10, 1),
        reason="Chuyển đi",
        today=TODAY,
    )
    assert flags() == {med.team.pk: True}
    counts = selectors.compliance_counts(
        under=med.unit, start=date(2025, 1, 1), end=TODAY, today=TODAY
    )
    assert counts[med.unit.pk]["teams"] == 1
    assert counts[med.unit.pk]["teams_below_minimum"] == 1
    with pytest.raises(ValidationError):
        services.remove_member(
            actor=med.officer, member=med.members[2], left_on=date(2025, 10, 2), today=TODAY
        )
    services.add_member(
        actor=med.officer,
        team=med.team,
        full_name="Đỗ Văn Quý",
        joined_on=date(2025, 11, 1),
        today=TODAY,
    )
    assert flags() == {med.team.pk: False}


def test_case_needs_parties_and_sound_dates(med: Setup) -> None:
    base: dict[str, Any] = {
        "actor": med.officer,
        "team": med.team,
        "received_on": date(2025, 3, 1),
        "kind": CaseKind.LAND_BOUNDARY,
        "summary": "Tranh chấp",
        "today": TODAY,
    }
    for parties in ([], ["Một người"], ["Phạm Văn Giang", "PHẠM VĂN GIANG "]):
        with pytest.raises(ValidationError) as excinfo:
            services.open_case(**base, parties=parties)
        assert "parties" in excinfo.value.message_dict
    alone = services.open_case(**base | {"kind": CaseKind.OTHER}, parties=["Một người"])
    assert alone.parties == ["Một người"]
    with pytest.raises(ValidationError) as excinfo:
        services.open_case(**base | {"received_on": FORMED - timedelta(1)}, parties=PARTIES)
    assert "received_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.open_case(**base | {"received_on": TODAY + timedelta(1)}, parties=PARTIES)
    assert "received_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.open_case(**base | {"summary": ""}, parties=PARTIES)
    assert "summary" in excinfo.value.message_dict
    other_team = services.form_team(
        actor=med.officer, village=med.west, name="Tổ Tây", formed_on=FORMED, today=TODAY
    )
    stranger = services.add_member(
        actor=med.officer,
        team=other_team,
        full_name="Người ngoài",
        joined_on=FORMED,
        today=TODAY,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.open_case(**base, parties=PARTIES, mediators=[stranger])
    assert "mediators" in excinfo.value.message_dict
    case = open_case(med)
    assert case.village == med.east
    assert case.commune == med.unit
    assert set(case.mediators.all()) == set(med.members[:2])


def test_sessions_and_closing(med: Setup) -> None:
    case = open_case(med)
    with pytest.raises(ValidationError) as excinfo:
        services.add_session(actor=med.officer, case=case, held_on=date(2025, 2, 28), today=TODAY)
    assert "held_on" in excinfo.value.message_dict
    # No session yet: only a withdrawal may close the case.
    for outcome in (Outcome.SUCCESSFUL, Outcome.UNSUCCESSFUL, Outcome.REFERRED):
        with pytest.raises(ValidationError) as excinfo:
            services.close_case(
                actor=med.officer,
                case=case,
                outcome=outcome,
                closed_on=date(2025, 3, 5),
                agreement="Thỏa thuận",
                today=TODAY,
            )
        assert "outcome" in excinfo.value.message_dict
    withdrawn = open_case(med)
    with pytest.raises(ValidationError) as excinfo:
        services.close_case(
            actor=med.officer,
            case=withdrawn,
            outcome=Outcome.WITHDRAWN,
            closed_on=date(2025, 2, 28),
            today=TODAY,
        )
    assert "closed_on" in excinfo.value.message_dict
    withdrawn = services.close_case(
        actor=med.officer,
        case=withdrawn,
        outcome=Outcome.WITHDRAWN,
        closed_on=date(2025, 3, 2),
        today=TODAY,
    )
    assert withdrawn.status == CaseStatus.CLOSED
    services.add_session(
        actor=med.officer,
        case=case,
        held_on=date(2025, 3, 10),
        notes="Gặp hai bên",
        today=TODAY,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.close_case(
            actor=med.officer,
            case=case,
            outcome=Outcome.SUCCESSFUL,
            closed_on=date(2025, 3, 10),
            today=TODAY,
        )
    assert "agreement" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.close_case(
            actor=med.officer,
            case=case,
            outcome=Outcome.SUCCESSFUL,
            closed_on=date(2025, 3, 9),
            agreement="Thỏa thuận",
            today=TODAY,
        )
    assert "closed_on" in excinfo.value.message_dict
    closed = services.close_case(
        actor=med.officer,
        case=case,
        outcome=Outcome.SUCCESSFUL,
        closed_on=date(2025, 3, 10),
        agreement="Hai bên cắm lại mốc giới",
        today=TODAY,
    )
    assert closed.outcome == Outcome.SUCCESSFUL
    with pytest.raises(ValidationError):
        services.add_session(actor=med.officer, case=closed, held_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError):
        services.close_case(
            actor=med.officer,
            case=closed,
            outcome=Outcome.WITHDRAWN,
            closed_on=TODAY,
            today=TODAY,
        )


def _close(med: Setup, received: date, outcome: str, days: int, kind: str) -> Any:
    case = open_case(med, received, kind)
    if outcome != Outcome.WITHDRAWN:
        services.add_session(actor=med.officer, case=case, held_on=received, today=TODAY)
    return services.close_case(
        actor=med.officer,
        case=case,
        outcome=outcome,
        closed_on=received + timedelta(days),
        agreement="Thỏa thuận",
        today=TODAY,
    )


def test_statistics_by_outcome_kind_and_village(med: Setup) -> None:
    west_team = services.form_team(
        actor=med.officer, village=med.west, name="Tổ Tây", formed_on=FORMED, today=TODAY
    )
    _close(med, date(2025, 2, 1), Outcome.SUCCESSFUL, 10, CaseKind.LAND_BOUNDARY)
    _close(med, date(2025, 3, 1), Outcome.SUCCESSFUL, 20, CaseKind.FAMILY)
    _close(med, date(2025, 4, 1), Outcome.UNSUCCESSFUL, 30, CaseKind.FAMILY)
    _close(med, date(2025, 5, 1), Outcome.REFERRED, 40, CaseKind.PROPERTY)
    _close(med, date(2025, 6, 1), Outcome.WITHDRAWN, 2, CaseKind.NEIGHBOURS)
    _close(med, date(2024, 12, 31), Outcome.SUCCESSFUL, 1, CaseKind.OTHER)  # before the period
    services.open_case(
        actor=med.officer,
        team=west_team,
        received_on=date(2025, 7, 1),
        kind=CaseKind.OTHER,
        summary="Gia súc phá hoa màu",
        parties=["Ông Tư"],
        today=TODAY,
    )
    stats = selectors.statistics(unit=med.unit, start=date(2025, 1, 1), end=TODAY)
    assert stats.received == 6
    assert stats.open == 1
    assert {code: n for code, _label, n in stats.by_outcome} == {
        Outcome.SUCCESSFUL: 2,
        Outcome.UNSUCCESSFUL: 1,
        Outcome.REFERRED: 1,
        Outcome.WITHDRAWN: 1,
    }
    assert {code: n for code, _label, n in stats.by_kind} == {
        CaseKind.LAND_BOUNDARY: 1,
        CaseKind.FAMILY: 2,
        CaseKind.PROPERTY: 1,
        CaseKind.NEIGHBOURS: 1,
        CaseKind.OTHER: 1,
    }
    # Withdrawn and open cases are left out of the rate: 2 of 4.
    assert stats.success_rate == pytest.approx(0.5)
    assert stats.success_percent == "50.0"
    assert stats.median_days_to_close == 20.0  # of 2, 10, 20, 30, 40 days
    rows = {row.name: row for row in stats.villages}
    assert rows["Thôn Đông"].received == 5
    assert rows["Thôn Đông"].by_outcome[Outcome.SUCCESSFUL] == 2
    assert rows["Thôn Tây"].received == 1
    assert rows["Thôn Tây"].open == 1
    empty = selectors.statistics(unit=med.unit, start=date(2023, 1, 1), end=date(2023, 12, 31))
    assert empty.received == 0
    assert empty.success_rate is None
    assert empty.median_days_to_close is None


def test_compliance_counts_across_provinces(
    med: Setup, tree: Any, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    from danvan.units.services import add_village

    _close(med, date(2025, 1, 1), Outcome.SUCCESSFUL, 3, CaseKind.FAMILY)  # first day
    _close(med, date(2025, 12, 31), Outcome.WITHDRAWN, 0, CaseKind.FAMILY)  # last day
    _close(med, date(2024, 12, 31), Outcome.UNSUCCESSFUL, 3, CaseKind.FAMILY)  # before
    open_case(med, date(2025, 6, 1))
    north_officer = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.bac_ly))
    north = add_village(actor=None, commune=tree.bac_ly, name="Thôn Bắc")
    north_team = services.form_team(
        actor=north_officer, village=north, name="Tổ Bắc", formed_on=FORMED, today=TODAY
    )
    services.add_member(
        actor=north_officer,
        team=north_team,
        full_name="Hà Văn Nam",
        joined_on=FORMED,
        today=TODAY,
    )
    # A team formed after "today" is not yet counted.
    services.form_team(
        actor=north_officer,
        village=add_village(actor=None, commune=tree.bac_ly, name="Thôn Nam"),
        name="Tổ Nam",
        formed_on=date(2026, 1, 5),
        today=date(2026, 1, 5),
    )
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    with django_assert_max_num_queries(2):
        counts = selectors.compliance_counts(under=tree.nation, start=start, end=end, today=TODAY)
    assert counts == {
        med.unit.pk: {
            "teams": 1,
            "teams_below_minimum": 0,
            "cases": 3,
            "successful": 1,
            "unsuccessful": 0,
            "referred": 0,
            "withdrawn": 1,
            "open": 1,
        },
        tree.bac_ly.pk: dict.fromkeys(selectors.COMPLIANCE_KEYS, 0)
        | {"teams": 1, "teams_below_minimum": 1},
    }
    assert set(
        selectors.compliance_counts(under=tree.hanoi, start=start, end=end, today=TODAY)
    ) == {med.unit.pk}
    later = selectors.compliance_counts(
        under=tree.ninhbinh, start=start, end=end, today=date(2026, 1, 5)
    )
    assert later[tree.bac_ly.pk]["teams"] == 2
    assert later[tree.bac_ly.pk]["teams_below_minimum"] == 2


def _writes(s: Setup) -> list[tuple[str, Callable[[Any], Any]]]:
    """One call per write service on records of its own, each acting as the given user."""
    case = open_case(s)
    services.add_session(actor=s.officer, case=case, held_on=date(2025, 3, 2), today=TODAY)
    to_session = open_case(s)
    return [
        (
            "mediation.team.form",
            lambda u: services.form_team(
                actor=u, village=s.west, name="Tổ Tây", formed_on=FORMED, today=TODAY
            ),
        ),
        (
            "mediation.member.add",
            lambda u: services.add_member(
                actor=u, team=s.team, full_name="Đỗ Văn Quý", joined_on=FORMED, today=TODAY
            ),
        ),
        (
            "mediation.member.remove",
            lambda u: services.remove_member(
                actor=u, member=s.members[2], left_on=date(2025, 5, 1), today=TODAY
            ),
        ),
        ("mediation.case.open", lambda u: open_case_as(u, s)),
        (
            "mediation.session.add",
            lambda u: services.add_session(
                actor=u, case=to_session, held_on=date(2025, 3, 3), today=TODAY
            ),
        ),
        (
            "mediation.case.close",
            lambda u: services.close_case(
                actor=u,
                case=case,
                outcome=Outcome.UNSUCCESSFUL,
                closed_on=date(2025, 3, 4),
                today=TODAY,
            ),
        ),
    ]


def open_case_as(user: Any, s: Setup) -> Any:
    return services.open_case(
        actor=user,
        team=s.team,
        received_on=date(2025, 3, 1),
        kind=CaseKind.FAMILY,
        summary="Mâu thuẫn gia đình",
        parties=PARTIES,
        today=TODAY,
    )


def test_only_the_communes_staff_write(med: Setup) -> None:
    writes = _writes(med)
    before = AuditEntry.objects.count()
    for intruder in (med.outsider, med.monitor, AnonymousUser()):
        for _action, write in writes:
            with pytest.raises(PermissionDenied):
                write(intruder)
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("role", ["officer", "handler", "leader", "province_leader"])
def test_each_write_is_allowed_and_audited_once(
    med: Setup, role: str, tree: Any, make_user: Callable[..., Any]
) -> None:
    actor = (
        make_user(Role.LEADER, tree.agency(tree.hanoi))
        if role == "province_leader"
        else getattr(med, role)
    )
    for action, write in _writes(med):
        before = AuditEntry.objects.count()
        write(actor)
        entries = AuditEntry.objects.order_by("seq")[before:]
        assert [(e.action, e.actor_id, e.unit_id) for e in entries] == [
            (action, actor.pk, med.unit.pk)
        ]
    # The audit trail does not copy the parties' names.
    opened = AuditEntry.objects.filter(action="mediation.case.open").last()
    assert opened is not None
    assert PARTIES[0] not in str(opened.after)
