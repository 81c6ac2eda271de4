"""Open311 documents in JSON and XML.

A payload is built once as plain lists and dicts, in the standard's field order, and
written in either format: a list becomes a JSON array and, in XML, repeated elements
named by ``ITEM_TAGS``; None becomes JSON null and an empty XML element.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from danvan.open311.models import ServiceRequest
from danvan.open311.selectors import PublicRequest
from danvan.petitions.models import Category

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# The standard requires the declaration with this exact encoding name.
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# The element holding each item of a list, by the list's own element.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry at all, even escaped; they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def w3c(moment: datetime) -> str:
    """ISO 8601 as in the W3C note, in Viet Nam time: 2026-03-02T08:15:30+07:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return w3c(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _element(tag: str, value: Any) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        element.extend(_element(k, v) for k, v in value.items())
    elif isinstance(value, list):
        element.extend(_element(ITEM_TAGS[tag], v) for v in value)
    else:
        element.text = _text(value)
    return element


def render(*, fmt: str, root: str, payload: Any, status: int = 200) -> HttpResponse:
    """``payload`` written as ``fmt``; ``root`` names the XML root element."""
    plain = _plain(payload)
    if fmt == "json":
        body = json.dumps(plain, ensure_ascii=False).encode()
    else:
        body = XML_DECLARATION + ET.tostring(_element(root, plain), encoding="unicode").encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error_response(*, fmt: str, status: int, errors: list[tuple[int, str]]) -> HttpResponse:
    payload = [{"code": code, "description": description} for code, description in errors]
    return render(fmt=fmt, root="errors", payload=payload, status=status)


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        # No extra questions: every service takes only the standard fields.
        "metadata": False,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def service_definition(category: Category) -> dict[str, Any]:
    return {"service_code": category.code, "attributes": []}


def created(record: ServiceRequest, *, notice: str) -> dict[str, Any]:
    # The token is returned as well: a client may keep it and ask tokens/{token} later.
    return {
        "service_request_id": record.petition.tracking_code,
        "token": str(record.token),
        "service_notice": notice,
        "account_id": None,
    }


def token(record: ServiceRequest) -> dict[str, Any]:
    return {"token": str(record.token), "service_request_id": record.petition.tracking_code}


def request(item: PublicRequest) -> dict[str, Any]:
    return {
        "service_request_id": item.service_request_id,
        "status": item.status,
        "status_notes": item.status_notes,
        "service_name": item.service_name,
        "service_code": item.service_code,
        "description": item.description,
        "agency_responsible": item.agency_responsible,
        "service_notice": None,
        "requested_datetime": item.requested_datetime,
        "updated_datetime": item.updated_datetime,
        "expected_datetime": item.expected_datetime,
        "address": item.address,
        "address_id": None,
        "zipcode": None,
        "lat": item.lat,
        "long": item.long,
        "media_url": item.media_url,
    }


def discovery(*, url: str, changeset: str, contact: str, key_service: str) -> dict[str, Any]:
    return {
        "changeset": changeset,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": url,
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
