from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from danvan.accounts.selectors import has_staff_role

# The API answers in JSON and checks the second factor itself (a JSON 403, not a redirect
# to a page a program cannot use): danvan.api.authentication.VerifiedSessionAuthentication.
_EXEMPT_PREFIXES = ("/static/", "/i18n/", "/healthz", "/favicon", "/api/")


class StaffTwoFactorMiddleware:
    """Officials must pass a second factor (TOTP) before using anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.DANVAN_REQUIRE_STAFF_2FA
            and user.is_authenticated
            and not getattr(user, "is_verified", lambda: False)()
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and request.path not in (reverse("accounts:two-factor"), reverse("accounts:logout"))
            and has_staff_role(user)
        ):
            target = reverse("accounts:two-factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
