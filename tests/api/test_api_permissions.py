"""Who may read what through the API: the same scopes as the staff pages, and the
confidentiality of petitioners (denouncers above all)."""

from __future__ import annotations

import pytest

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from tests.api.conftest import CITIZEN_ID

PETITIONS = "/api/v1/petitions/"
PERSONAL = ("petitioner_name", "petitioner_address", "petitioner_phone", "petitioner_email")


def codes(response) -> set[str]:
    return {row["tracking_code"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/units/", "/api/v1/agencies/", "/api/v1/categories/", "/api/v1/deadlines/rules"],
)
def test_public_resources_need_no_key(api, tree, path):
    response = api().get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", [PETITIONS, "/api/v1/reception-sessions/", "/api/v1/statistics/?unit=00004"]
)
def test_private_resources_need_a_key(api, cases, path):
    response = api().get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_citizen_account_is_refused(api, make_user, cases):
    response = api(make_user()).get(PETITIONS)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_a_commune_official_sees_only_the_commune(api, cases, staff):
    client = api(staff.handler)
    listed = codes(client.get(PETITIONS))
    assert listed == {
        cases.complaint.tracking_code,
        cases.denunciation.tracking_code,
        cases.feedback.tracking_code,
    }
    # The commune next door: refused, as on the staff pages.
    response = client.get(f"{PETITIONS}{cases.sibling.pk}/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert client.get(f"/api/v1/reception-sessions/{cases.sibling_session.pk}/").status_code == 403
    sessions = client.get("/api/v1/reception-sessions/").json()["results"]
    assert [row["id"] for row in sessions] == [cases.session.pk]


def test_a_monitor_sees_the_province_but_no_personal_data(api, cases, staff):
    client = api(staff.monitor)
    listed = codes(client.get(PETITIONS))
    assert cases.sibling.tracking_code in listed
    assert cases.other_province.tracking_code not in listed
    detail = client.get(f"{PETITIONS}{cases.complaint.pk}/").json()
    assert detail["petitioner_shown"] is False
    assert all(detail[name] is None for name in PERSONAL)
    assert not AuditEntry.objects.filter(kind="read", actor_id__isnull=False).exists()


def test_the_handler_sees_the_complainant_and_the_read_is_logged(api, cases, staff):
    detail = api(staff.handler).get(f"{PETITIONS}{cases.complaint.pk}/").json()
    assert detail["petitioner_shown"] is True
    assert detail["petitioner_name"] == "Nguyễn Văn An"
    assert detail["petitioner_email"] == "a@example.vn"
    entry = AuditEntry.objects.get(kind="read", actor_id__isnull=False)
    assert (entry.actor_id, entry.action, entry.target_id) == (
        staff.handler.pk,
        "api.read_petitioner",
        str(cases.complaint.pk),
    )
    assert entry.after == {"fields": list(PERSONAL)}


def test_a_denouncer_stays_hidden_even_from_the_handler(api, cases, staff, make_user):
    for user in (staff.handler, staff.leader, make_user(Role.SYSTEM_ADMIN)):
        response = api(user).get(f"{PETITIONS}{cases.denunciation.pk}/")
        body = response.json()
        assert body["petitioner_shown"] is False
        assert all(body[name] is None for name in PERSONAL)
        assert "Trần Văn Tố" not in response.content.decode()
        assert "0987654321" not in response.content.decode()
    assert not AuditEntry.objects.filter(kind="read", actor_id__isnull=False).exists()


def test_lists_carry_no_personal_data(api, cases, staff):
    response = api(staff.handler).get(PETITIONS)
    text = response.content.decode()
    assert "Nguyễn Văn An" not in text
    assert "petitioner_name" not in text
    assert "content" not in response.json()["results"][0]


def test_a_citizen_id_is_never_in_an_answer(api, cases, staff, make_user):
    admin = make_user(Role.SYSTEM_ADMIN)
    for user in (staff.handler, staff.leader, staff.monitor, admin):
        client = api(user)
        for path in (PETITIONS, f"{PETITIONS}{cases.complaint.pk}/", "/api/v1/reception-sessions/"):
            response = client.get(path)
            if response.status_code != 200:
                continue
            text = response.content.decode()
            assert CITIZEN_ID not in text
            assert "citizen_id" not in text
            assert "001077000222" not in text  # the visitor's identity paper


def test_reception_sessions_carry_totals_not_visitors(api, cases, staff):
    row = api(staff.monitor).get(f"/api/v1/reception-sessions/{cases.session.pk}/").json()
    assert (row["visit_count"], row["people_count"]) == (2, 7)
    assert row["agency"] == cases.session.agency.code
    assert "Công dân" not in str(row)


def test_statistics_of_an_unreadable_unit_are_refused(api, cases, staff):
    response = api(staff.handler).get("/api/v1/statistics/", {"unit": "00008"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
