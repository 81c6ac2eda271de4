"""Schemathesis against the API's own OpenAPI schema: every operation, with a valid
key and some data, must answer without a server error and exactly as the schema says
(status codes, content type, body, headers).

The REST API is read-only: every operation is a GET and the schema declares no links, so
there is no state to walk and stateful testing has nothing to chain (checked below, so
the day a write operation appears this file says so). Open311 (GeoReport v2) has no
OpenAPI schema of its own; its one writing operation, POST requests, is fuzzed here with
Hypothesis instead, with a valid key, and every answer must be in the standard's format.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from danvan.accounts.roles import Role

# Loaded at collection: producing the schema needs no database, only the settings.
APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/v1/schema", APP)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """Django closes "old" connections around each request it handles; inside a test
    transaction that would end the transaction (on PostgreSQL) and lose the data, so,
    as Django's test client does, the hook is off while these tests call the app."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def leader_key(cases, make_user, tree, key_for) -> str:
    """The key of the leader of Hà Nội: reaches every petition of the seeded data in the
    province and may see complainants, so detail answers carry personal fields too."""
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi), full_name="Hoàng Văn Minh")
    return key_for(leader)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    # The fixtures are deliberately shared by all examples: the data is read-only here.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@schema.parametrize()
def test_api_conforms_to_its_schema(case: schemathesis.Case, leader_key: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {leader_key}"},
        # A well-formed query can still be refused with a 400 the schema cannot foresee:
        # an unknown deadline rule, a period longer than a year, an end before its start.
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )


def test_answers_about_real_objects_conform_too(cases, tree, leader_key: str) -> None:
    """Generated ids rarely exist; check the detail answers of the seeded objects (personal
    fields shown and withheld, clocks, totals) and some filled lists against the schema."""
    agency = tree.agency(tree.ba_dinh)
    calls = [
        ("/api/v1/petitions/{id}/", {"id": cases.complaint.pk}, {}),
        ("/api/v1/petitions/{id}/", {"id": cases.denunciation.pk}, {}),
        ("/api/v1/petitions/{id}/", {"id": cases.feedback.pk}, {}),
        ("/api/v1/petitions/", {}, {"unit": "01", "ordering": "next_due_on"}),
        ("/api/v1/reception-sessions/{id}/", {"id": cases.session.pk}, {}),
        ("/api/v1/reception-sessions/", {}, {}),
        ("/api/v1/units/{id}/", {"id": tree.nation.pk}, {}),
        ("/api/v1/units/", {}, {"q": "ba dinh"}),
        ("/api/v1/agencies/{code}/", {"code": agency.code}, {}),
        ("/api/v1/statistics/", {}, {"unit": "01", "start": "2026-01-01"}),
        ("/api/v1/deadlines/compute", {}, {"rule": "complaint.first", "start": "2026-03-02"}),
        ("/api/v1/deadlines/add", {}, {"days": 10, "unit": "working", "start": "2026-02-11"}),
    ]
    for path, path_parameters, query in calls:
        case = schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
        response = case.call_and_validate(headers={"Authorization": f"Bearer {leader_key}"})
        assert response.status_code == 200, (path, response.text)


# --- the whole API is in the schema, and it is read-only ----------------------------------

# Addresses of the api namespace that are not operations of the schema, and why.
NOT_IN_SCHEMA = {
    "root": "an index of links for people exploring the API in a browser",
    "schema": "the schema itself",
    "docs": "the Swagger UI page of the schema",
}


def test_the_schema_covers_every_api_address_and_only_reads() -> None:
    from django.urls import get_resolver

    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.method.upper() for op in operations} == {"GET"}
    for op in operations:
        for answer in op.definition.raw.get("responses", {}).values():
            assert not answer.get("links"), f"{op.path} declares links: add stateful tests"
    in_schema = {op.path for op in operations}
    resolver = get_resolver()
    api = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "api")
    missing = []
    for pattern in api.url_patterns:
        name = getattr(pattern, "name", None)
        if name is None or name in NOT_IN_SCHEMA:
            continue
        route = "/api/v1/" + str(pattern.pattern)
        route = route.replace("<int:pk>", "{id}").replace("<slug:code>", "{code}")
        if route not in in_schema:
            missing.append(route)
    assert not missing, missing
    assert len(in_schema) >= 13


# --- Open311 POST, fuzzed -----------------------------------------------------------------

_HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "' OR 1=1 --",
        "x" * 5000,
        "Đường\x00làng",
        "²",
        "9" * 30,
        "NaN",
        "-Infinity",
        "javascript:alert(1)",
        "",
    ]
)
_TEXT = st.one_of(_HOSTILE, st.text(max_size=300))
_NUMBER = st.one_of(
    _HOSTILE,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=8).map(str),
)


def _answer_shape(response: Any, fmt: str) -> list[dict[str, Any]]:
    """The body in the standard's format: a list of requests or of errors."""
    import json
    import xml.etree.ElementTree as ET

    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        data = json.loads(response.content)
        assert isinstance(data, list)
        return data
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return [{child.tag: child.text for child in item} for item in root]


@pytest.fixture
def open311_key(tree, make_user) -> str:
    from danvan.api.tokens import issue_token

    program = make_user(full_name="Ứng dụng Phản ánh")
    _token, raw = issue_token(actor=None, user=program, name="Ứng dụng thử")
    return raw


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fmt=st.sampled_from(["json", "xml"]),
    fields=st.fixed_dictionaries(
        {
            "jurisdiction_id": st.one_of(st.just("13432"), _TEXT),
            "service_code": st.one_of(st.just("giao-thong"), _TEXT),
            "description": _TEXT,
        },
        optional={
            "lat": _NUMBER,
            "long": _NUMBER,
            "address_string": _TEXT,
            "first_name": _TEXT,
            "last_name": _TEXT,
            "phone": _TEXT,
            "email": _TEXT,
            "media_url": _TEXT,
            "attribute[x]": _TEXT,
        },
    ),
)
@example(
    fmt="xml",
    fields={
        "jurisdiction_id": "13432",
        "service_code": "giao-thong",
        "description": unicodedata.normalize("NFD", "Ổ gà <script>alert(1)</script> giữa đường"),
        "address_string": "Thôn Đông",
        "first_name": "Thị Thu",
        "last_name": "Võ",
    },
)
def test_open311_post_never_fails_with_a_server_error(
    client: Any, open311_key: str, fmt: str, fields: dict[str, str]
) -> None:
    from danvan.petitions.models import Petition

    before = Petition.objects.count()
    response = client.post(f"/open311/v2/requests.{fmt}", {**fields, "api_key": open311_key})
    assert response.status_code < 500, (fields, response.content[:500])
    items = _answer_shape(response, fmt)
    if response.status_code in (200, 201):
        assert Petition.objects.count() == before + 1
        petition = Petition.objects.latest("pk")
        for value in (petition.subject, petition.content, petition.petitioner_name):
            assert unicodedata.is_normalized("NFC", value)
            assert "\x00" not in value
        assert items[0]["service_request_id"] == petition.tracking_code
    else:
        assert response.status_code in (400, 403, 404, 429), response.status_code
        assert Petition.objects.count() == before
        assert items, "an error answer lists its errors"
        for error in items:
            assert error.get("description"), error


def test_open311_refuses_nul_characters(client: Any, open311_key: str) -> None:
    """PostgreSQL cannot hold or compare text with NUL in it: once a server error there."""
    from danvan.petitions.models import Petition

    for fmt in ("json", "xml"):
        response = client.post(
            f"/open311/v2/requests.{fmt}",
            {
                "api_key": open311_key,
                "jurisdiction_id": "13432",
                "service_code": "giao-thong",
                "description": "Ổ gà\x00 giữa đường",
                "address_string": "Thôn Đông",
            },
        )
        assert response.status_code == 400
        assert "NUL" in _answer_shape(response, fmt)[0]["description"]
        listing = client.get(f"/open311/v2/requests.{fmt}", {"jurisdiction_id": "134\x0032"})
        assert listing.status_code == 400
        assert _answer_shape(listing, fmt)
    assert not Petition.objects.exists()
