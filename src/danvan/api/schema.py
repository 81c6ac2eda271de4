"""OpenAPI details drf-spectacular cannot guess: our two ways to authenticate, and the
error answers every operation may give (all in the one shape of ``danvan.api.errors``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse

from danvan.api.serializers import ErrorSerializer

ERROR_RESPONSES = {
    "400": _("A query parameter is not valid; error.fields names it."),
    "401": _("No valid credentials: the API key is missing, unknown, revoked or expired."),
    "403": _("Not allowed for this account, or the session lacks the second sign-in step."),
    "404": _("Not found, or no such page of results."),
    "429": _("Too many requests; the Retry-After header says when to try again."),
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code, description in ERROR_RESPONSES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description),
                    code,
                    direction=direction,
                )
        return responses


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "danvan.api.authentication.BearerTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("A key from `danvan api-token issue`, sent as `Authorization: Bearer <key>`.")
            ),
        }


class SessionCookieScheme(OpenApiAuthenticationExtension):
    target_class = "danvan.api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


class StrictFilterExtension(DjangoFilterExtension):
    """Our filters refuse an empty value (``?unit=``); say so in the schema, so that an
    empty text or an empty ordering is not documented as acceptable."""

    priority = 1

    def resolve_filter_field(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().resolve_filter_field(*args, **kwargs)
        for parameter in parameters:
            schema = parameter["schema"]
            if schema.get("type") == "string" and not {"enum", "format"} & set(schema):
                schema["minLength"] = 1
            elif schema.get("type") == "array":
                schema["minItems"] = 1
        return parameters
