"""The administration site: system administrators only, every change audited."""

from __future__ import annotations

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry


def test_only_system_admins_reach_the_admin(tree, make_user, client_for):
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi))
    response = client_for(leader).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    admin = make_user(Role.SYSTEM_ADMIN)
    client = client_for(admin)
    for path in ("/admin/", "/admin/units/administrativeunit/", "/admin/accounts/user/"):
        assert client.get(path).status_code == 200, path


def test_admin_creates_a_user_and_grants_a_role_through_the_services(tree, make_user, client_for):
    admin = make_user(Role.SYSTEM_ADMIN)
    client = client_for(admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {"full_name": "Bùi Thị Lan", "phone": "0987 654 321", "email": "", "password": ""},
    )
    assert response.status_code == 302
    user = User.objects.get(phone="+84987654321")
    assert AuditEntry.objects.filter(action="accounts.user.create", target_id=str(user.pk)).exists()

    agency = tree.agency(tree.ba_dinh)
    response = client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": user.pk, "role": Role.CASE_HANDLER, "agency": agency.pk},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.agency_id, assignment.granted_by_id) == (
        Role.CASE_HANDLER,
        agency.pk,
        admin.pk,
    )
    assert AuditEntry.objects.filter(action="accounts.role.grant", actor_id=admin.pk).exists()


def test_admin_user_form_shows_errors_instead_of_failing(tree, make_user, client_for):
    client = client_for(make_user(Role.SYSTEM_ADMIN))
    response = client.post(
        "/admin/accounts/user/add/",
        {"full_name": "Bùi Thị Lan", "phone": "12345", "citizen_id_input": "123", "password": "1"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"phone", "citizen_id_input", "password"}
    assert not User.objects.filter(full_name="Bùi Thị Lan").exists()


def test_units_are_read_only_in_the_admin(tree, make_user, client_for):
    client = client_for(make_user(Role.SYSTEM_ADMIN))
    assert (
        client.get(f"/admin/units/administrativeunit/{tree.ba_dinh.pk}/change/").status_code == 200
    )
    response = client.post(
        f"/admin/units/administrativeunit/{tree.ba_dinh.pk}/change/", {"name": "Đổi tên"}
    )
    assert response.status_code == 403
    tree.ba_dinh.refresh_from_db()
    assert tree.ba_dinh.name == "Phường Ba Đình"


def test_reception_and_petition_pages_in_the_admin(tree, make_user, client_for):
    from danvan.reception.models import LeaderSchedule

    admin = make_user(Role.SYSTEM_ADMIN)
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    client = client_for(admin)
    for path in (
        "/admin/petitions/petition/",
        "/admin/reception/receptionsession/",
        "/admin/reception/visit/",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/petitions/petition/add/").status_code == 403
    response = client.post(
        "/admin/reception/leaderschedule/add/",
        {
            "agency": tree.agency(tree.ba_dinh).pk,
            "leader": leader.pk,
            "frequency": "weekly",
            "planned_days": "Sáng thứ Năm",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    schedule = LeaderSchedule.objects.get()
    assert AuditEntry.objects.filter(
        action="reception.schedule.set", target_id=str(schedule.pk), actor_id=admin.pk
    ).exists()
