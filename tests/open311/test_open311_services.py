"""Services (the categories), service definitions, discovery, and errors of the URLs."""

from __future__ import annotations

import pytest

from danvan.petitions.models import Category
from tests.open311.conftest import BASE, FORMATS, errors_of, json_of, records, xml_of


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_categories_in_use(client, tree, fmt):
    Category.objects.filter(code="khac").update(is_active=False)
    response = client.get(f"{BASE}/services.{fmt}")
    assert response.status_code == 200
    items = records(response, fmt)
    codes = [s["service_code"] for s in items]
    assert codes == list(
        Category.objects.filter(is_active=True).order_by("order").values_list("code", flat=True)
    )
    assert "khac" not in codes
    roads = next(s for s in items if s["service_code"] == "giao-thong")
    assert list(roads) == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert roads["service_name"] == "Giao thông, đường sá"
    assert roads["group"] == "Hạ tầng"
    assert "ổ gà" in roads["keywords"]
    assert roads["type"] == "realtime"
    assert roads["metadata"] == (False if fmt == "json" else "false")
    if fmt == "xml":
        root = xml_of(response)
        assert root.tag == "services"
        assert {child.tag for child in root} == {"service"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_accept_a_province_or_commune_and_refuse_unknown_codes(client, tree, fmt):
    for code in ("01", "13432"):
        response = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": code})
        assert response.status_code == 200
    response = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "99999"})
    assert response.status_code == 404
    [error] = errors_of(response, fmt)
    assert error["code"] == 404
    assert error["description"].startswith("jurisdiction_id: ")


def test_service_definition_in_json(client, tree):
    response = client.get(f"{BASE}/services/moi-truong.json")
    assert response.status_code == 200
    assert json_of(response) == {"service_code": "moi-truong", "attributes": []}


def test_service_definition_in_xml(client, tree):
    root = xml_of(client.get(f"{BASE}/services/moi-truong.xml"))
    assert root.tag == "service_definition"
    assert [child.tag for child in root] == ["service_code", "attributes"]
    assert root.findtext("service_code") == "moi-truong"
    assert list(root.find("attributes")) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_or_retired_service_is_a_404(client, tree, fmt):
    Category.objects.filter(code="khac").update(is_active=False)
    for code in ("khong-co", "khac"):
        response = client.get(f"{BASE}/services/{code}.{fmt}")
        assert response.status_code == 404
        [error] = errors_of(response, fmt)
        assert error["code"] == 404
        assert code in error["description"]


def test_an_unknown_format_is_a_404_in_xml(client, tree):
    response = client.get(f"{BASE}/services.html")
    assert response.status_code == 404
    [error] = errors_of(response, "xml")
    assert error["code"] == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_wrong_method_is_answered_in_the_standard_format(client, tree, fmt):
    response = client.post(f"{BASE}/services.{fmt}")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert errors_of(response, fmt)[0]["code"] == 405


def test_discovery_in_json(client, tree):
    data = json_of(client.get(f"{BASE}/discovery.json"))
    [endpoint] = data["endpoints"]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"


def test_discovery_in_xml(client, tree):
    root = xml_of(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    endpoint = root.find("endpoints/endpoint")
    assert endpoint is not None
    assert endpoint.findtext("url") == "http://testserver/open311/v2"
    assert [f.text for f in endpoint.findall("formats/format")] == [
        "text/xml",
        "application/json",
    ]


@pytest.mark.parametrize(("path", "fmt"), [("nothing.json", "json"), ("services.json/", "xml")])
def test_other_addresses_are_a_404_in_the_standard_format(client, tree, path, fmt):
    response = client.get(f"{BASE}/{path}")
    assert response.status_code == 404
    assert errors_of(response, fmt)[0]["code"] == 404
