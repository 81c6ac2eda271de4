"""Roles reach exactly their scope: a commune role stays in its commune, a provincial
monitor reads the whole province and changes nothing."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import PermissionDenied

from danvan.accounts.roles import Role
from danvan.accounts.selectors import units_readable_by
from danvan.units.models import AdministrativeUnit
from danvan.units.services import add_village

WRITE_ROLES = [Role.LEADER, Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.BOARD_MEMBER]


@pytest.mark.parametrize("role", [*WRITE_ROLES, Role.MONITOR])
def test_commune_role_cannot_read_or_change_another_commune(tree, make_user, client_for, role):
    user = make_user(role, tree.agency(tree.ba_dinh))
    other = tree.ngoc_ha
    assert not rules.has_perm("units.view_unit", user, other)
    assert not rules.has_perm("units.manage_villages", user, other)
    assert other not in units_readable_by(user)
    with pytest.raises(PermissionDenied):
        add_village(actor=user, commune=other, name="Thôn Lạ")
    client = client_for(user)
    assert client.get(f"/staff/units/{other.pk}/").status_code == 403
    response = client.post(
        f"/staff/units/{other.pk}/villages/add/", {"name": "Thôn Lạ", "kind": "thon"}
    )
    assert response.status_code == 403
    assert not AdministrativeUnit.objects.filter(name="Thôn Lạ").exists()
    # …and it reads its own commune.
    assert client.get(f"/staff/units/{tree.ba_dinh.pk}/").status_code == 200


def test_commune_leader_changes_own_commune_only(tree, make_user, client_for):
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    client = client_for(leader)
    response = client.post(
        f"/staff/units/{tree.ba_dinh.pk}/villages/add/",
        {"name": "Tổ dân phố số 9", "kind": "to_dan_pho"},
    )
    assert response.status_code == 302
    assert tree.ba_dinh.children.filter(name="Tổ dân phố số 9").exists()
    # A commune role does not reach up to the province either.
    assert client.get(f"/staff/units/{tree.hanoi.pk}/").status_code == 403


def test_provincial_monitor_reads_every_commune_of_the_province_and_changes_none(
    tree, make_user, client_for
):
    monitor = make_user(Role.MONITOR, tree.agency(tree.hanoi, "thanh_tra"))
    client = client_for(monitor)
    for commune in (tree.ba_dinh, tree.ngoc_ha):
        assert rules.has_perm("units.view_unit", monitor, commune)
        assert client.get(f"/staff/units/{commune.pk}/").status_code == 200
        assert not rules.has_perm("units.manage_villages", monitor, commune)
        with pytest.raises(PermissionDenied):
            add_village(actor=monitor, commune=commune, name="Thôn Giám Sát")
        response = client.post(
            f"/staff/units/{commune.pk}/villages/add/", {"name": "Thôn Giám Sát", "kind": "thon"}
        )
        assert response.status_code == 403
    assert not AdministrativeUnit.objects.filter(name="Thôn Giám Sát").exists()
    # The whole province and nothing outside it.
    readable = set(units_readable_by(monitor))
    assert {tree.hanoi, tree.ba_dinh, tree.ngoc_ha} <= readable
    assert tree.bac_ly not in readable
    assert tree.ninhbinh not in readable
    assert client.get(f"/staff/units/{tree.bac_ly.pk}/").status_code == 403


def test_provincial_leader_manages_communes_below(tree, make_user):
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi))
    village = add_village(actor=leader, commune=tree.ngoc_ha, name="Tổ dân phố số 2")
    assert village.parent == tree.ngoc_ha
    with pytest.raises(PermissionDenied):
        add_village(actor=leader, commune=tree.bac_ly, name="Thôn Ngoài Tỉnh")


def test_revoked_or_expired_role_gives_no_access(tree, make_user):
    import datetime

    from danvan.accounts.models import RoleAssignment, User
    from danvan.accounts.services import revoke_role

    user = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    assignment = RoleAssignment.objects.get(user=user)
    revoke_role(actor=None, assignment=assignment, reason="Chuyển công tác")
    user = User.objects.get(pk=user.pk)
    assert not rules.has_perm("units.view_unit", user, tree.ba_dinh)

    user2 = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    RoleAssignment.objects.filter(user=user2).update(
        valid_until=datetime.date.today() - datetime.timedelta(days=1)
    )
    user2 = User.objects.get(pk=user2.pk)
    assert not rules.has_perm("units.view_unit", user2, tree.ba_dinh)


def test_only_system_admin_grants_roles(tree, make_user):
    from danvan.accounts.services import grant_role

    leader = make_user(Role.LEADER, tree.agency(tree.hanoi))
    target = make_user()
    with pytest.raises(PermissionDenied):
        grant_role(actor=leader, user=target, role=Role.LEADER, agency=tree.agency(tree.ba_dinh))
    admin = make_user(Role.SYSTEM_ADMIN)
    assignment = grant_role(
        actor=admin, user=target, role=Role.CASE_HANDLER, agency=tree.agency(tree.ba_dinh)
    )
    assert assignment.covers_subtree is False
    assert rules.has_perm("units.view_unit", target, tree.ba_dinh)


def test_staff_role_without_agency_is_refused(tree, make_user):
    from django.core.exceptions import ValidationError

    from danvan.accounts.services import grant_role

    with pytest.raises(ValidationError):
        grant_role(actor=None, user=make_user(), role=Role.CASE_HANDLER, agency=None)


def test_anonymous_is_sent_to_login(tree, client):
    response = client.get(f"/staff/units/{tree.ba_dinh.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
