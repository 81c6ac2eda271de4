"""POST requests: an ordinary petition, once per idempotency key, errors in the
standard's format, and the token that leads back to the request."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from danvan.accounts.roles import Role
from danvan.api.models import ApiToken
from danvan.api.tokens import revoke_token
from danvan.audit.models import AuditEntry
from danvan.open311.models import ServiceRequest
from danvan.petitions.models import Category, Petition
from danvan.portal.models import OnlineSubmission
from tests.open311.conftest import BASE, FORMATS, errors_of, post, records, request_data


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_post_creates_one_ordinary_petition(client, tree, api_key, fmt):
    response = post(client, fmt, request_data(api_key))
    assert response.status_code == 200
    [item] = records(response, fmt)
    assert list(item) == ["service_request_id", "token", "service_notice", "account_id"]
    petition = Petition.objects.get()
    assert item["service_request_id"] == petition.tracking_code
    assert item["account_id"] is None
    assert f"/cong-dan/tra-cuu/{petition.tracking_code}/" in item["service_notice"]
    assert (petition.kind, petition.channel, petition.status) == ("feedback", "portal", "received")
    assert petition.agency == tree.agency(tree.bac_ly)
    assert petition.category == Category.objects.get(code="giao-thong")
    assert (petition.latitude, petition.longitude) == (Decimal("20.250612"), Decimal("105.974501"))
    assert petition.location_address == "Đường liên thôn, cạnh nhà văn hóa thôn Đông"
    assert petition.content.startswith("Ổ gà lớn giữa đường liên thôn")
    assert petition.subject == petition.content
    # Vietnamese order: family name first.
    assert petition.petitioner_name == "Võ Thị Thu"
    assert (petition.petitioner_phone, petition.petitioner_email) == (
        "+84987111222",
        "vo.thu@example.vn",
    )
    assert not petition.is_anonymous
    # The program's account is not the petitioner.
    assert petition.petitioner_user is None
    record = ServiceRequest.objects.get()
    assert record.petition == petition
    assert str(record.token) == item["token"]
    assert OnlineSubmission.objects.get().key == record.token
    assert record.api_token == ApiToken.objects.get()
    entry = AuditEntry.objects.get(action="open311.submit_request")
    assert entry.actor_id == ApiToken.objects.get().user_id


def test_the_petition_is_in_the_staff_queue(client, tree, api_key, make_user, client_for):
    officer = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.bac_ly))
    [item] = records(post(client, "json", request_data(api_key)), "json")
    page = client_for(officer).get("/staff/petitions/").content.decode()
    assert item["service_request_id"] in page


def test_no_name_means_anonymous_and_a_long_description_gives_a_short_subject(
    client, tree, api_key
):
    words = "Rác thải đổ trộm ven kênh gây mùi hôi thối cho cả xóm " * 10
    data = request_data(
        api_key,
        first_name="",
        last_name="",
        phone="",
        email="",
        service_code="moi-truong",
        description=words,
        media_url="https://anh.example.vn/rac-thai.jpg",
    )
    assert post(client, "json", data).status_code == 200
    petition = Petition.objects.get()
    assert petition.is_anonymous
    assert petition.petitioner_name == ""
    assert len(petition.subject) <= 120
    assert petition.subject.endswith("…")
    # Staff see the photo link in the petition itself.
    assert "https://anh.example.vn/rac-thai.jpg" in petition.content
    assert ServiceRequest.objects.get().media_url == "https://anh.example.vn/rac-thai.jpg"


def test_an_address_without_a_point_is_enough(client, tree, api_key):
    response = post(client, "json", request_data(api_key, lat="", long=""))
    assert response.status_code == 200
    petition = Petition.objects.get()
    assert petition.latitude is None
    assert petition.location_address


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_idempotency_key_gives_one_petition(client, tree, api_key, fmt):
    data = request_data(api_key)
    first = records(post(client, fmt, data, idempotency_key="lan-gui-1"), fmt)
    second = records(post(client, fmt, data, idempotency_key="lan-gui-1"), fmt)
    assert first == second
    assert Petition.objects.count() == 1
    assert ServiceRequest.objects.count() == 1
    assert AuditEntry.objects.filter(action="open311.submit_request").count() == 1
    # Without the header, or with another value, each request is new.
    post(client, fmt, data)
    post(client, fmt, data, idempotency_key="lan-gui-2")
    assert Petition.objects.count() == 3


def test_posts_need_no_csrf_token(tree, api_key):
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, "json", request_data(api_key)).status_code == 200


def check_error(response, fmt, status, *parameters):
    assert response.status_code == status
    errors = errors_of(response, fmt)
    named = [e["description"].split(":")[0] for e in errors]
    for parameter in parameters:
        assert parameter in named, (parameter, errors)
    assert not Petition.objects.exists()
    return errors


BAD_REQUESTS = [
    # (changes to a valid request, HTTP status, parameters named in the errors)
    ({"service_code": ""}, 400, ["service_code"]),
    ({"service_code": "khong-co"}, 404, ["service_code"]),
    ({"jurisdiction_id": ""}, 400, ["jurisdiction_id"]),
    ({"jurisdiction_id": "99999"}, 404, ["jurisdiction_id"]),
    ({"jurisdiction_id": "37"}, 400, ["jurisdiction_id"]),  # a province
    ({"description": "   "}, 400, ["description"]),
    ({"description": "x" * 4001}, 400, ["description"]),
    ({"lat": "hai mươi", "long": "105.9"}, 400, ["lat"]),
    ({"lat": "20.25", "long": ""}, 400, ["lat"]),
    ({"lat": "48.8566", "long": "2.3522"}, 400, ["lat"]),  # Paris, outside Viet Nam
    ({"lat": "", "long": "", "address_string": ""}, 400, ["lat"]),
    ({"email": "khong-phai-email"}, 400, ["email"]),
    ({"phone": "12345"}, 400, ["phone"]),
    ({"media_url": "file:///etc/passwd"}, 400, ["media_url"]),
    # Several problems at once are all listed.
    ({"description": "", "email": "x"}, 400, ["description", "email"]),
    # A missing field and an unknown service: the statuses differ, so 400.
    ({"description": "", "service_code": "khong-co"}, 400, ["description", "service_code"]),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("changes", "status", "parameters"), BAD_REQUESTS)
def test_refused_requests_use_the_standard_error_format(
    client, tree, api_key, fmt, changes, status, parameters
):
    response = post(client, fmt, request_data(api_key, **changes))
    errors = check_error(response, fmt, status, *parameters)
    if len({e["code"] for e in errors}) == 1:
        assert errors[0]["code"] == status


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_commune_without_a_peoples_committee_cannot_receive(client, tree, api_key, fmt):
    from danvan.units.models import Agency

    Agency.objects.filter(unit=tree.bac_ly, kind="ubnd").update(is_active=False)
    check_error(post(client, fmt, request_data(api_key)), fmt, 400)


@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_needs_a_valid_api_key(client, tree, api_key, fmt):
    for key in (None, "", "dv_khong-dung", "sai"):
        data = request_data(key)
        errors = check_error(post(client, fmt, data), fmt, 403, "api_key")
        assert errors[0]["code"] == 403
    token = ApiToken.objects.get()
    revoke_token(actor=None, token=token)
    check_error(post(client, fmt, request_data(api_key)), fmt, 403, "api_key")


def test_a_key_of_a_deactivated_account_is_refused(client, tree, api_key):
    ApiToken.objects.get().user.__class__.objects.update(is_active=False)
    check_error(post(client, "json", request_data(api_key)), "json", 403, "api_key")


@pytest.mark.parametrize("fmt", FORMATS)
def test_requests_are_limited_per_key_not_per_connection(
    client, tree, api_key, fmt, monkeypatch, settings
):
    # A relay server sends for many citizens from one address: the portal's limit per
    # connection does not apply, the allowance of the key does.
    monkeypatch.setattr("danvan.portal.services.MAX_PER_HOUR", 1)
    settings.DANVAN_OPEN311_REQUESTS_PER_KEY_HOUR = 3
    for _ in range(3):
        assert post(client, fmt, request_data(api_key)).status_code == 200
    response = post(client, fmt, request_data(api_key))
    assert response.status_code == 429
    assert errors_of(response, fmt)[0]["code"] == 429
    assert Petition.objects.count() == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_leads_to_its_request(client, tree, api_key, fmt):
    [created] = records(post(client, "json", request_data(api_key)), "json")
    response = client.get(f"{BASE}/tokens/{created['token']}.{fmt}")
    assert response.status_code == 200
    [item] = records(response, fmt)
    assert item == {"token": created["token"], "service_request_id": created["service_request_id"]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_tokens_are_a_404(client, tree, api_key, fmt):
    # The portal's own submission keys are not Open311 tokens.
    OnlineSubmission.objects.create(key="1c4a3b0e-0d6b-4c55-9a43-0a4a1f3b2c11")
    for token in ("1c4a3b0e-0d6b-4c55-9a43-0a4a1f3b2c11", "khong-phai-uuid"):
        response = client.get(f"{BASE}/tokens/{token}.{fmt}")
        assert response.status_code == 404
        assert errors_of(response, fmt)[0]["code"] == 404
