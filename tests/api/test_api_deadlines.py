"""The deadline endpoints as part of the API: the first version's answers (tested in
tests/deadlines/test_deadlines_api.py) plus the common error shape."""

from __future__ import annotations

import pytest

BASE = "/api/v1/deadlines"


def test_errors_keep_the_list_and_add_the_common_shape(api, db):
    response = api().get(f"{BASE}/add", {"days": "x", "unit": "", "start": "2026-13-01"})
    assert response.status_code == 400
    body = response.json()
    assert [e["code"] for e in body["errors"]] == [
        "invalid_number",
        "missing_parameter",
        "invalid_date",
    ]
    assert body["error"]["code"] == "invalid_number"
    assert body["error"]["fields"] == {}
    for item in body["errors"]:
        assert item["description"] in body["error"]["message"]


def test_a_key_is_accepted_but_not_needed(api, staff):
    query = {"rule": "complaint.first", "start": "2026-03-02"}
    anonymous = api().get(f"{BASE}/compute", query)
    with_key = api(staff.handler).get(f"{BASE}/compute", query)
    assert anonymous.status_code == with_key.status_code == 200
    assert anonymous.json() == with_key.json()


@pytest.mark.parametrize("path", ["compute", "add", "rules"])
def test_other_methods_get_the_common_error_shape(api, db, path):
    response = api().post(f"{BASE}/{path}")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_the_old_slashed_addresses_are_not_found(api, db):
    response = api().get(f"{BASE}/rules/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
