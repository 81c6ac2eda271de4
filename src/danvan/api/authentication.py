"""How an API request says who it is: an API key in the Authorization header, or the
session of a signed-in browser (with CSRF, and the second factor for officials)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.request import Request

from danvan.accounts.selectors import has_staff_role
from danvan.api.models import ApiToken
from danvan.api.tokens import token_for_key

# Both spellings are common in client libraries; "Bearer" is the documented one.
KEYWORDS = (b"bearer", b"token")


class BearerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>`` (or ``Token <key>``) with a key issued by
    ``danvan api-token issue``. A key stands for its user, second factor included:
    whoever issues it decides that the program may act for the user."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send exactly one API key after the word Bearer."), code="invalid_key"
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raw = ""
        token = token_for_key(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid: unknown, revoked or expired, or its account is off."),
                code="invalid_key",
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes a missing or bad key a 401 with a challenge, not a 403.
        return 'Bearer realm="api"'


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session of a signed-in user, for the API documentation page and
    scripts in the browser. Unsafe methods need the CSRF token; officials must have passed the
    second factor, exactly as for the staff pages."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        verified = getattr(user, "is_verified", lambda: False)()
        if settings.DANVAN_REQUIRE_STAFF_2FA and not verified and has_staff_role(user):
            raise exceptions.PermissionDenied(
                _("Complete the second sign-in step before using the API in this session."),
                code="two_factor_required",
            )
        return result

    def enforce_csrf(self, request: Request) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _("The CSRF token is missing or wrong; send it in the X-CSRFToken header."),
                code="csrf_failed",
            ) from None
