"""Helpers for the Open311 tests: a key, a valid request, and both formats read back."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from danvan.api.tokens import issue_token

BASE = "/open311/v2"
FORMATS = ["json", "xml"]


@pytest.fixture
def api_key(tree, make_user) -> str:
    program = make_user(full_name="Ứng dụng Phản ánh Hiện trường")
    _token, raw = issue_token(actor=None, user=program, name="Ứng dụng thử")
    return raw


def request_data(key: str | None, /, **extra: str | None) -> dict[str, str]:
    data: dict[str, str | None] = {
        "api_key": key,
        "jurisdiction_id": "13432",  # Xã Bắc Lý
        "service_code": "giao-thong",
        "lat": "20.250612",
        "long": "105.974501",
        "address_string": "Đường liên thôn, cạnh nhà văn hóa thôn Đông",
        "description": "Ổ gà lớn giữa đường liên thôn, xe máy đã ngã hai lần trong tuần.",
        "first_name": "Thị Thu",
        "last_name": "Võ",
        "phone": "0987 111 222",
        "email": "vo.thu@example.vn",
        "device_id": "thiet-bi-1",
        "account_id": "tk-42",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def xml_of(response: HttpResponse) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def json_of(response: HttpResponse) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def records(response: HttpResponse, fmt: str) -> list[dict[str, Any]]:
    """A list answer in either format as dicts (XML values as text, empty as None)."""
    if fmt == "json":
        data = json_of(response)
        assert isinstance(data, list)
        return data
    root = xml_of(response)
    return [{child.tag: child.text for child in item} for item in root]


def errors_of(response: HttpResponse, fmt: str) -> list[dict[str, Any]]:
    """The standard's error list, checked for its shape in either format."""
    if fmt == "json":
        data = json_of(response)
        assert all(set(e) == {"code", "description"} for e in data)
        return [{"code": e["code"], "description": e["description"]} for e in data]
    root = xml_of(response)
    assert root.tag == "errors"
    assert all(e.tag == "error" and [c.tag for c in e] == ["code", "description"] for e in root)
    return [
        {"code": int(e.findtext("code") or 0), "description": e.findtext("description")}
        for e in root
    ]


def post(client: Client, fmt: str, data: dict[str, str], **headers: str) -> HttpResponse:
    return client.post(f"{BASE}/requests.{fmt}", data, headers=headers)
