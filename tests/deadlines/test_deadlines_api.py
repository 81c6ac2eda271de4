"""The public HTTP API under /api/v1/deadlines/ and the read-only admin."""

from __future__ import annotations

import pytest

from danvan.accounts.roles import Role

pytestmark = pytest.mark.django_db

BASE = "/api/v1/deadlines"


def test_compute_answers_json_to_anyone(client):
    response = client.get(
        f"{BASE}/compute",
        {"rule": "complaint.first", "start": "2026-03-02", "complex": "1", "remote": "1"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    payload = response.json()
    assert payload["rule"] == "complaint.first"
    assert (payload["variant"], payload["days"], payload["due"]) == (
        "remote_complex",
        60,
        "2026-05-04",
    )
    # Vietnamese is sent as UTF-8, not as \\u escapes.
    assert "Luật Khiếu nại".encode() in response.content


def test_compute_with_several_locations_and_extensions(client):
    payload = client.get(
        f"{BASE}/compute",
        {"rule": "denunciation.accept", "start": "2026-02-11", "several_locations": "true"},
    ).json()
    assert (payload["variant"], payload["due"]) == ("several_locations", "2026-03-04")
    payload = client.get(
        f"{BASE}/compute",
        {"rule": "denunciation.resolve", "start": "2026-03-02", "extensions": "2"},
    ).json()
    assert (payload["extensions"], payload["due"]) == (2, "2026-06-01")


def test_add_answers_the_same_shape_as_the_command(client):
    payload = client.get(
        f"{BASE}/add", {"days": "10", "unit": "working", "start": "2026-02-11"}
    ).json()
    assert payload["due"] == "2026-03-04"
    assert payload["rule"] is None
    assert payload["citation"] is None
    assert {"date": "2026-02-17", "reason": "Tết Nguyên Đán"} in payload["skipped"]


def test_rules_lists_every_version(client):
    payload = client.get(f"{BASE}/rules").json()
    assert isinstance(payload, list)
    assert len({row["rule"] for row in payload}) == 16
    assert [row["version"] for row in payload if row["rule"] == "complaint.accept"] == [
        "2012-07-01",
        "2026-07-01",
    ]


@pytest.mark.parametrize(
    ("path", "query", "code"),
    [
        ("compute", {"rule": "complaint.third", "start": "2026-03-02"}, "unknown_rule"),
        ("compute", {"rule": "complaint.first", "start": "2026-02-30"}, "invalid_date"),
        ("compute", {"start": "2026-03-02"}, "missing_parameter"),
        (
            "compute",
            {"rule": "complaint.first", "start": "2026-03-02", "remote": "maybe"},
            "invalid_flag",
        ),
        (
            "compute",
            {"rule": "denunciation.resolve", "start": "2026-03-02", "extensions": "3"},
            "too_many_extensions",
        ),
        ("compute", {"rule": "complaint.first", "start": "2011-01-03"}, "rule_not_in_force"),
        ("add", {"days": "-3", "unit": "working", "start": "2026-02-11"}, "invalid_number"),
        ("add", {"days": "10", "unit": "weeks", "start": "2026-02-11"}, "invalid_unit"),
        ("add", {"days": "99999999", "unit": "working", "start": "2026-02-11"}, "out_of_range"),
    ],
)
def test_bad_input_is_a_400_with_an_error_body(client, path, query, code):
    response = client.get(f"{BASE}/{path}", query)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["code"] for error in errors] == [code]
    assert errors[0]["description"]


def test_every_bad_parameter_is_listed(client):
    response = client.get(f"{BASE}/add", {"days": "x", "unit": "", "start": "2026-13-01"})
    assert response.status_code == 400
    codes = [error["code"] for error in response.json()["errors"]]
    assert codes == ["invalid_number", "missing_parameter", "invalid_date"]


@pytest.mark.parametrize("path", ["compute", "add", "rules"])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_allowed(path, method):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(f"{BASE}/{path}")
    assert response.status_code == 405
    assert response["Allow"] == "GET"


ADMIN_URL = "/admin/deadlines/deadlinerule/"


def test_admin_shows_rules_read_only(make_user, client_for):
    admin_client = client_for(make_user(Role.SYSTEM_ADMIN))
    listing = admin_client.get(ADMIN_URL)
    assert listing.status_code == 200
    assert "complaint.accept" in listing.content.decode()
    assert admin_client.get(f"{ADMIN_URL}add/").status_code == 403

    from danvan.deadlines.models import DeadlineRule

    rule = DeadlineRule.objects.get(rule_id="vote.notice")
    page = admin_client.get(f"{ADMIN_URL}{rule.pk}/change/")
    assert page.status_code == 200
    response = admin_client.post(f"{ADMIN_URL}{rule.pk}/change/", {"days": "1"})
    assert response.status_code == 403
    assert admin_client.post(f"{ADMIN_URL}{rule.pk}/delete/", {"post": "yes"}).status_code == 403
    rule.refresh_from_db()
    assert rule.days == 2
