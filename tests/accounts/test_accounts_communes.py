"""The communes a user's roles reach, and the users holding a role on an agency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from danvan.accounts.roles import Role
from danvan.accounts.selectors import communes_readable_by, communes_where, holders_of
from danvan.accounts.services import revoke_role
from danvan.units.models import AgencyKind

WRITERS = frozenset({Role.RECEPTION_OFFICER, Role.LEADER})


def _codes(units: Any) -> set[str]:
    return {u.code for u in units}


def test_communes_where_follows_the_scope_of_each_role(
    tree: Any, make_user: Callable[..., Any]
) -> None:
    officer = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh))
    assert _codes(communes_where(officer, WRITERS)) == {"00004"}
    province = make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True)
    assert _codes(communes_where(province, WRITERS)) == {"00004", "00008"}
    # A monitor reads the province but may not write there.
    monitor = make_user(Role.MONITOR, tree.agency(tree.hanoi, AgencyKind.INSPECTORATE))
    assert not communes_where(monitor, WRITERS).exists()
    assert _codes(communes_readable_by(monitor)) == {"00004", "00008"}
    admin = make_user(Role.SYSTEM_ADMIN)
    assert _codes(communes_where(admin, WRITERS)) == {"00004", "00008", "13432"}
    assert not communes_where(make_user(Role.CITIZEN), WRITERS).exists()


def test_holders_of_an_agency(tree: Any, make_user: Callable[..., Any]) -> None:
    agency = tree.agency(tree.ba_dinh)
    leader = make_user(Role.LEADER, agency)
    officer = make_user(Role.RECEPTION_OFFICER, agency)
    make_user(Role.LEADER, tree.agency(tree.ngoc_ha))
    assert set(holders_of(agency, frozenset({Role.LEADER}))) == {leader}
    assert set(holders_of(agency, WRITERS)) == {leader, officer}
    assignment = leader.role_assignments.get()
    revoke_role(actor=None, assignment=assignment)
    assert set(holders_of(agency, WRITERS)) == {officer}
