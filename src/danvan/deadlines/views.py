"""The public deadline API: statutory deadlines are public law, so no sign-in.

Every endpoint is GET only and answers JSON in the shape the ``danvan deadline``
command prints; bad input is a 400 with ``{"errors": [{"code", "description"}]}``.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from danvan.deadlines.compute import DeadlineError
from danvan.deadlines.params import (
    Inputs,
    InvalidInputError,
    parse_count,
    parse_date,
    parse_flag,
    parse_rule_id,
    parse_unit,
)
from danvan.deadlines.selectors import explain_add, explain_deadline, rule_versions

_FLAGS = ("complex", "very_complex", "remote", "several_locations")


def _json(payload: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        payload, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def _errors(exc: DeadlineError) -> JsonResponse:
    errors = exc.errors if isinstance(exc, InvalidInputError) else [exc]
    return _json(
        {"errors": [{"code": error.code, "description": error.message} for error in errors]},
        status=400,
    )


# Exempt from CSRF so that a POST gets the honest 405; these views change nothing.
@csrf_exempt
@require_GET
def compute(request: HttpRequest) -> JsonResponse:
    query = request.GET
    inputs = Inputs()
    rule_id = inputs.take(lambda: parse_rule_id(query.get("rule"), name="rule"), "")
    start = inputs.take(lambda: parse_date(query.get("start"), name="start"), date.min)
    flags = {
        name: inputs.take(partial(parse_flag, query.get(name), name=name), False) for name in _FLAGS
    }
    extensions = inputs.take(
        lambda: parse_count(query.get("extensions"), name="extensions", default=0), 0
    )
    try:
        inputs.check()
        explained = explain_deadline(rule_id, start, extensions=extensions, **flags)
    except DeadlineError as exc:
        return _errors(exc)
    return _json(explained.as_json())


@csrf_exempt
@require_GET
def add(request: HttpRequest) -> JsonResponse:
    query = request.GET
    inputs = Inputs()
    days = inputs.take(lambda: parse_count(query.get("days"), name="days"), 0)
    unit = inputs.take(lambda: parse_unit(query.get("unit"), name="unit"), "")
    start = inputs.take(lambda: parse_date(query.get("start"), name="start"), date.min)
    try:
        inputs.check()
        explained = explain_add(start, days, unit)
    except DeadlineError as exc:
        return _errors(exc)
    return _json(explained.as_json())


@csrf_exempt
@require_GET
def rules(request: HttpRequest) -> JsonResponse:
    return _json([rule.as_json() for rule in rule_versions()])
