"""The OpenAPI schema and the documentation page."""

from __future__ import annotations

import re

import yaml
from django.test import Client


def test_schema_is_json_by_default_and_yaml_on_request(db):
    client = Client()
    response = client.get("/api/v1/schema")
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "danvan API"
    as_yaml = client.get("/api/v1/schema", {"format": "yaml"})
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi;")
    assert yaml.safe_load(as_yaml.content)["paths"].keys() == schema["paths"].keys()
    by_accept = client.get("/api/v1/schema", HTTP_ACCEPT="application/yaml")
    assert yaml.safe_load(by_accept.content)["info"]["title"] == "danvan API"


def test_schema_lists_every_resource_and_its_errors(db):
    schema = Client().get("/api/v1/schema").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/units/",
        "/api/v1/units/{id}/",
        "/api/v1/agencies/",
        "/api/v1/agencies/{code}/",
        "/api/v1/categories/",
        "/api/v1/petitions/",
        "/api/v1/petitions/{id}/",
        "/api/v1/reception-sessions/",
        "/api/v1/reception-sessions/{id}/",
        "/api/v1/statistics/",
        "/api/v1/deadlines/compute",
        "/api/v1/deadlines/add",
        "/api/v1/deadlines/rules",
    } <= paths
    for path, item in schema["paths"].items():
        assert set(item) == {"get"}, path
        assert {"200", "400", "401", "403", "404", "429"} <= set(item["get"]["responses"]), path
    assert set(schema["components"]["securitySchemes"]) == {"apiKey", "session"}
    petition = schema["components"]["schemas"]["PetitionDetail"]["properties"]
    assert not [name for name in petition if "citizen" in name]
    assert petition["petitioner_name"]["nullable"] is True


def test_public_operations_allow_anonymous_calls(db):
    schema = Client().get("/api/v1/schema").json()
    assert {} in schema["paths"]["/api/v1/units/"]["get"]["security"]
    assert {} not in schema["paths"]["/api/v1/petitions/"]["get"]["security"]


def test_docs_page_uses_vendored_assets_only(db):
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "/api/v1/schema" in page
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page)
    assert external == []
    asset = re.search(r"""src=["'](/static/drf_spectacular_sidecar/[^"']+\.js)""", page)
    assert asset is not None
    assert Client().get(asset.group(1)).status_code == 200


def test_api_root_links_the_resources(db):
    body = Client().get("/api/v1/").json()
    assert body["units"].endswith("/api/v1/units/")
    assert body["docs"].endswith("/api/v1/docs/")


def test_unverified_staff_can_still_read_the_docs(staff):
    client = Client()
    client.force_login(staff.handler)
    assert client.get("/api/v1/docs/").status_code == 200
    assert client.get("/api/v1/schema").status_code == 200
