"""Schemathesis against the API's own OpenAPI schema: every operation, with a valid
key and some data, must answer without a server error and exactly as the schema says
(status codes, content type, body, headers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

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
