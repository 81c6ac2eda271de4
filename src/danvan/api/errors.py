"""One shape for every API error:

    {"error": {"code": "not_found", "message": "…", "fields": {"page_size": ["…"]}}}

``code`` is stable for programs, ``message`` is translated for people, ``fields`` names
each bad query parameter (empty when the error is not about one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from danvan.deadlines.compute import DeadlineError
from danvan.deadlines.params import InvalidInputError

# Messages for errors whose DRF wording is generic; ours are in the project catalogue.
GENERIC_MESSAGES: dict[str, Promise] = {
    "not_authenticated": gettext_lazy(
        "Sign in, or send an API key in the Authorization header (Bearer …)."
    ),
    "authentication_failed": gettext_lazy("The credentials sent are not valid."),
    "permission_denied": gettext_lazy("You do not have access to this."),
    "not_found": gettext_lazy("Not found."),
    "method_not_allowed": gettext_lazy("This method is not allowed here; the API answers GET."),
    "not_acceptable": gettext_lazy("The API answers in JSON only."),
    "unsupported_media_type": gettext_lazy("This type of request body is not supported."),
    "parse_error": gettext_lazy("The request body is malformed."),
}
# Exceptions whose message may be specific (ours or a service's) and is then kept.
_SPECIFIC = (
    exceptions.AuthenticationFailed,
    exceptions.PermissionDenied,
    exceptions.NotFound,
)


# Keys under which DRF and Django put errors that concern no field in particular.
_GENERAL_KEYS = ("non_field_errors", NON_FIELD_ERRORS)


class DeadlineInputError(exceptions.APIException):
    """Bad input for the deadline endpoints. Besides the common shape, these answers keep
    the list ``errors: [{code, description}]`` of their first version."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, error: DeadlineError) -> None:
        self.errors = error.errors if isinstance(error, InvalidInputError) else [error]
        super().__init__(detail=error.message, code=error.code)
        self.code = error.code


def error_body(
    code: str, message: str, fields: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": dict(fields or {})}}


def _flatten(detail: Any, prefix: str = "") -> tuple[dict[str, list[str]], list[str]]:
    """Field errors as ``{"name": [messages]}`` (nested names joined by dots) and the
    errors about no field in particular."""
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key in _GENERAL_KEYS and not prefix:
                general.extend(_flatten(value)[1])
                continue
            nested_fields, messages = _flatten(value, name)
            fields.update(nested_fields)
            if messages:
                fields.setdefault(name, []).extend(messages)
    elif isinstance(detail, list | tuple):
        for item in detail:
            nested_fields, messages = _flatten(item, prefix)
            fields.update(nested_fields)
            general.extend(messages)
    else:
        general.append(str(detail))
    return fields, general


def _describe(exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, DeadlineInputError):
        body = error_body(exc.code, str(exc.detail))
        body["errors"] = [{"code": e.code, "description": e.message} for e in exc.errors]
        return body
    if isinstance(exc, exceptions.ValidationError):
        fields, general = _flatten(exc.detail)
        message = " ".join(general) or _("Some values in the request are not valid.")
        return error_body("invalid", message, fields)
    if isinstance(exc, exceptions.Throttled):
        wait = getattr(exc, "wait", None)
        if wait:
            message = _("Too many requests. Try again in %(seconds)d seconds.") % {
                "seconds": max(1, round(wait))
            }
        else:
            message = _("Too many requests. Try again later.")
        return error_body("throttled", message)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    detail = str(exc.detail)
    specific = isinstance(exc, _SPECIFIC) and detail != str(type(exc).default_detail)
    if specific or code not in GENERIC_MESSAGES:
        return error_body(code, detail)
    return error_body(code, str(GENERIC_MESSAGES[code]))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The EXCEPTION_HANDLER of the API: DRF's handling (status, WWW-Authenticate,
    Retry-After), then our body. Unexpected errors still propagate as 500s."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, Http404):
        # Http404 texts name models ("No Petition matches…"); say only "not found".
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = _describe(exc)
    return response


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under the API: the JSON 404, not the HTML page."""
    return JsonResponse(
        error_body("not_found", str(GENERIC_MESSAGES["not_found"])),
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
