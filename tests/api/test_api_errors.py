"""Every error answer has the one shape {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from danvan.api.throttling import AccountRateThrottle, AddressRateThrottle


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} or set(body) == {"error", "errors"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"]
    assert isinstance(error["fields"], dict)
    return error


def test_400(api, staff):
    error = assert_error(api(staff.handler).get("/api/v1/statistics/"), 400, "invalid")
    assert list(error["fields"]) == ["unit"]


def test_401(api, db):
    assert_error(api().get("/api/v1/petitions/"), 401, "not_authenticated")


def test_403(api, make_user, tree):
    assert_error(api(make_user()).get("/api/v1/petitions/"), 403, "permission_denied")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units/999999/",
        "/api/v1/agencies/no-such-agency/",
        "/api/v1/no-such-resource/",
        "/api/v1/units/not-a-number/",
        "/api/v1/units/a%0Ab/",
    ],
)
def test_404(api, tree, path):
    error = assert_error(api().get(path), 404, "not_found")
    assert "AdministrativeUnit" not in error["message"]


def test_404_for_a_missing_petition_needs_a_key_first(api, staff):
    assert_error(api().get("/api/v1/petitions/999999/"), 401, "not_authenticated")
    assert_error(api(staff.handler).get("/api/v1/petitions/999999/"), 404, "not_found")


def test_an_address_without_its_slash_is_redirected(db):
    response = Client().get("/api/v1/units")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/units/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_405(api, tree, method):
    response = getattr(api(), method)("/api/v1/units/")
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


@pytest.fixture
def low_rates(monkeypatch):
    # The suite runs with very high rates; this test sets two requests a minute.
    rates = {"user": "2/minute", "anon": "2/minute"}
    monkeypatch.setattr(AccountRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()
    yield
    cache.clear()


def test_429_per_address_for_anonymous_requests(api, tree, low_rates):
    client = api()
    assert client.get("/api/v1/units/").status_code == 200
    assert client.get("/api/v1/units/").status_code == 200
    response = client.get("/api/v1/units/")
    error = assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert error["message"]
    # Another address has its own count.
    assert client.get("/api/v1/units/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_429_per_account_whatever_the_key(api, staff, low_rates):
    first, second = api(staff.handler), api(staff.handler)
    assert first.get("/api/v1/units/").status_code == 200
    assert second.get("/api/v1/units/").status_code == 200
    assert_error(first.get("/api/v1/units/"), 429, "throttled")
    # Another account is not held back by the first.
    assert api(staff.leader).get("/api/v1/units/").status_code == 200


def test_messages_follow_the_language(api, db):
    vietnamese = api().get("/api/v1/petitions/").json()["error"]["message"]
    client = api()
    client.cookies["django_language"] = "en"
    english = client.get("/api/v1/petitions/").json()["error"]["message"]
    assert english.startswith("Sign in")
    assert isinstance(vietnamese, str)


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/units/", {"q": "ba\x00"}, "q"),
        ("/api/v1/petitions/", {"unit": "01\x00"}, "unit"),
        ("/api/v1/statistics/", {"unit": "01\x00"}, "unit"),
    ],
)
def test_a_nul_character_is_a_400_not_a_database_error(api, staff, path, query, field):
    # SQLite stores NUL, PostgreSQL refuses it: the API must refuse it first.
    error = assert_error(api(staff.handler).get(path, query), 400, "invalid")
    assert list(error["fields"]) == [field]


def test_a_nul_in_a_deadline_rule_is_a_400(api, db):
    response = api().get("/api/v1/deadlines/compute", {"rule": "a\x00", "start": "2026-03-02"})
    assert_error(response, 400, "invalid_rule")
    assert response.json()["errors"][0]["code"] == "invalid_rule"


def test_errors_raised_by_services_get_the_same_shape():
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    from danvan.api.errors import exception_handler

    invalid = exception_handler(ValidationError({"name": ["Too long."], "__all__": ["No."]}), {})
    assert invalid.status_code == 400
    assert invalid.data == {
        "error": {"code": "invalid", "message": "No.", "fields": {"name": ["Too long."]}}
    }
    refused = exception_handler(PermissionDenied("You may not do this here."), {})
    assert refused.status_code == 403
    assert refused.data["error"] == {
        "code": "permission_denied",
        "message": "You may not do this here.",
        "fields": {},
    }
    missing = exception_handler(Http404("No Petition matches the given query."), {})
    assert missing.status_code == 404
    assert "Petition" not in missing.data["error"]["message"]
    assert exception_handler(RuntimeError("bug"), {}) is None  # a 500, logged as usual
