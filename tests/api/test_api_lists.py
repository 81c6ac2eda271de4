"""Pagination and filters of the list endpoints."""

from __future__ import annotations

import pytest

from danvan.petitions.models import Category, Petition

PETITIONS = "/api/v1/petitions/"


def tracking_codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["tracking_code"] for row in response.json()["results"]]


def test_pages_have_count_and_links(api, tree):
    client = api()
    first = client.get("/api/v1/units/", {"page_size": 2}).json()
    assert first["count"] == 6  # the nation, two provinces, three communes
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"]
    last = client.get("/api/v1/units/", {"page_size": 2, "page": 3}).json()
    assert last["next"] is None
    assert [row["level"] for row in first["results"]] == [0, 1]


def test_page_size_is_capped(api, tree):
    response = api().get("/api/v1/units/", {"page_size": 100000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 6


@pytest.mark.parametrize("value", ["0", "-1", "ten", "", "1.5"])
def test_a_bad_page_size_is_a_400(api, tree, value):
    response = api().get("/api/v1/units/", {"page_size": value})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["page_size"]


def test_a_page_that_does_not_exist_is_a_404(api, tree):
    response = api().get("/api/v1/units/", {"page": 9})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("page", ["0", "x", "", "last", "-1"])
def test_a_bad_page_number_is_a_400(api, tree, page):
    response = api().get("/api/v1/units/", {"page": page})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["page"]


def test_units_by_level_parent_and_subtree(api, tree):
    client = api()
    rows = client.get("/api/v1/units/", {"parent": "01"}).json()["results"]
    assert [row["code"] for row in rows] == ["00004", "00008"]  # Ba Đình, Ngọc Hà
    assert rows[0]["parent"] == "01"
    rows = client.get("/api/v1/units/", {"level": 3, "within": "37"}).json()["results"]
    assert [row["name"] for row in rows] == ["Xã Bắc Lý"]
    assert client.get("/api/v1/units/", {"within": "nowhere"}).json()["count"] == 0


@pytest.mark.parametrize("query", ["ngoc ha", "NGỌC HÀ", "Ngọc  hà", "ha ngoc"])
def test_unit_search_ignores_diacritics_case_and_order(api, tree, query):
    rows = api().get("/api/v1/units/", {"q": query}).json()["results"]
    assert [row["code"] for row in rows] == ["00008"]


def test_unit_detail_by_id(api, tree):
    row = api().get(f"/api/v1/units/{tree.ba_dinh.pk}/").json()
    assert (row["code"], row["scheme"], row["kind"], row["parent"]) == (
        "00004",
        "vn2025",
        "phuong",
        "01",
    )
    nation = api().get(f"/api/v1/units/{tree.nation.pk}/").json()
    assert nation["parent"] is None


def test_agencies_by_unit_and_code(api, tree):
    client = api()
    agency = tree.agency(tree.ba_dinh)
    rows = client.get("/api/v1/agencies/", {"unit": "00004"}).json()["results"]
    assert agency.code in [row["code"] for row in rows]
    assert {row["unit"] for row in rows} == {"00004"}
    row = client.get(f"/api/v1/agencies/{agency.code}/").json()
    assert (row["name"], row["unit_name"]) == (agency.name, "Phường Ba Đình")
    within = client.get("/api/v1/agencies/", {"within": "01", "kind": "ubnd"}).json()
    assert {row["unit"] for row in within["results"]} == {"01", "00004", "00008"}


def test_categories_are_public_and_only_those_in_use(api, db):
    Category.objects.create(code="thu-nghiem", name="Thử nghiệm", order=1)
    Category.objects.create(code="da-bo", name="Đã bỏ", is_active=False)
    rows = api().get("/api/v1/categories/", {"page_size": 200}).json()["results"]
    assert "thu-nghiem" in [row["code"] for row in rows]
    assert "da-bo" not in [row["code"] for row in rows]


def test_petition_filters(api, cases, staff):
    client = api(staff.monitor)
    assert tracking_codes(client.get(PETITIONS, {"kind": "denunciation"})) == [
        cases.denunciation.tracking_code
    ]
    assert tracking_codes(client.get(PETITIONS, {"channel": "portal"})) == [
        cases.feedback.tracking_code
    ]
    assert set(tracking_codes(client.get(PETITIONS, {"unit": "00008"}))) == {
        cases.sibling.tracking_code
    }
    assert len(tracking_codes(client.get(PETITIONS, {"unit": "01"}))) == 4
    assert tracking_codes(client.get(PETITIONS, {"received_from": "2026-04-01"})) == [
        cases.feedback.tracking_code
    ]
    assert cases.feedback.tracking_code not in tracking_codes(
        client.get(PETITIONS, {"received_to": "2026-03-31"})
    )
    assert tracking_codes(client.get(PETITIONS, {"status": "closed"})) == []
    assert tracking_codes(
        client.get(PETITIONS, {"tracking_code": cases.complaint.tracking_code})
    ) == [cases.complaint.tracking_code]


def test_overdue_filter(api, cases, staff):
    Petition.objects.update(is_overdue=False)
    Petition.objects.filter(pk=cases.complaint.pk).update(is_overdue=True)
    client = api(staff.handler)
    assert tracking_codes(client.get(PETITIONS, {"overdue": "true"})) == [
        cases.complaint.tracking_code
    ]
    assert cases.complaint.tracking_code not in tracking_codes(
        client.get(PETITIONS, {"overdue": "false"})
    )


def test_petition_ordering(api, cases, staff):
    client = api(staff.handler)
    newest_first = tracking_codes(client.get(PETITIONS))
    assert newest_first[0] == cases.feedback.tracking_code
    oldest_first = tracking_codes(client.get(PETITIONS, {"ordering": "received_on,id"}))
    assert oldest_first[-1] == cases.feedback.tracking_code


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "lawsuit"}, "kind"),
        ({"overdue": "maybe"}, "overdue"),
        ({"received_from": "02/03/2026"}, "received_from"),
        ({"received_to": "2026-02-30"}, "received_to"),
        ({"ordering": "subject"}, "ordering"),
        ({"kind": ""}, "kind"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(api, cases, staff, query, field):
    response = api(staff.handler).get(PETITIONS, query)
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]
    assert body["fields"][field][0]


def test_reception_session_filters(api, cases, staff):
    client = api(staff.monitor)
    rows = client.get("/api/v1/reception-sessions/", {"unit": "00008"}).json()["results"]
    assert [row["id"] for row in rows] == [cases.sibling_session.pk]
    rows = client.get("/api/v1/reception-sessions/", {"held_from": "2026-03-03"}).json()
    assert [row["id"] for row in rows["results"]] == [cases.sibling_session.pk]
