"""API keys and browser sessions as ways into the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from danvan.api.models import ApiToken
from danvan.api.tokens import revoke_token
from tests.conftest import verified_client

PETITIONS = "/api/v1/petitions/"


def with_header(value: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=value)
    return client


def refused(response, code: str = "authentication_failed") -> None:
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["error"]["code"] == code


def test_a_valid_key_works_with_either_keyword(key_for, staff, cases):
    key = key_for(staff.handler)
    for keyword in ("Bearer", "Token", "bearer"):
        response = with_header(f"{keyword} {key}").get(PETITIONS)
        assert response.status_code == 200
        assert response.json()["count"] == 3
    token = ApiToken.objects.get(user=staff.handler)
    assert token.last_used_at is not None


def test_a_revoked_key_is_refused(key_for, staff):
    key = key_for(staff.handler)
    revoke_token(actor=None, token=ApiToken.objects.get(user=staff.handler))
    refused(with_header(f"Bearer {key}").get(PETITIONS), "invalid_key")


def test_an_expired_key_is_refused(key_for, staff):
    key = key_for(staff.handler)
    ApiToken.objects.filter(user=staff.handler).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    refused(with_header(f"Bearer {key}").get(PETITIONS), "invalid_key")


def test_the_key_of_an_inactive_account_is_refused(key_for, staff):
    key = key_for(staff.handler)
    staff.handler.is_active = False
    staff.handler.save(update_fields=["is_active"])
    refused(with_header(f"Bearer {key}").get(PETITIONS), "invalid_key")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer xx_not-our-prefix",
        "Bearer dv_unknown",
        "Bearer",
        "Bearer two words",
        "Token dv_" + "x" * 200,
    ],
)
def test_malformed_or_unknown_keys_are_refused(db, header):
    refused(with_header(header).get("/api/v1/units/"), "invalid_key")


def test_a_bad_key_is_refused_even_on_public_resources(db):
    # A client that thinks it sends a key should learn that it does not.
    refused(with_header("Bearer dv_wrong").get("/api/v1/deadlines/rules"), "invalid_key")


def test_other_schemes_are_ignored(db):
    response = with_header("Basic dXNlcjpwYXNz").get("/api/v1/units/")
    assert response.status_code == 200


def test_a_verified_staff_session_works(staff, cases):
    client = verified_client(staff.handler)
    response = client.get(PETITIONS)
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_an_unverified_staff_session_gets_a_json_403(staff, cases):
    client = Client()
    client.force_login(staff.handler)
    response = client.get(PETITIONS)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "two_factor_required"
    # Public resources too: the session is not trusted until the second step.
    assert client.get("/api/v1/units/").status_code == 403
    # The staff pages still send the user to the second step.
    assert client.get("/staff/petitions/").status_code == 302


def test_a_citizen_session_needs_no_second_factor_but_sees_no_petitions(make_user, tree):
    client = Client()
    client.force_login(make_user())
    assert client.get("/api/v1/units/").status_code == 200
    response = client.get(PETITIONS)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_session_requests_other_than_get_need_the_csrf_token(staff):
    client = verified_client(staff.handler)
    client.handler.enforce_csrf_checks = True
    response = client.post(PETITIONS, {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    # With the token the request gets as far as the method check.
    token = "k" * 32  # any well-formed secret, as long as cookie and header agree
    client.cookies["csrftoken"] = token
    response = client.post(PETITIONS, {}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_a_key_needs_no_csrf_token(key_for, staff):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key_for(staff.handler)}")
    response = client.post(PETITIONS, {}, format="json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
