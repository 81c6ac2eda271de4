"""Rate limits: per account for signed-in requests, per address for anonymous ones.
Rates come from ``DANVAN_API_RATE_USER`` and ``DANVAN_API_RATE_ANON``."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from danvan.audit.middleware import client_ip


class AccountRateThrottle(SimpleRateThrottle):
    """Counts every request of one account, whether it comes with a key or a session."""

    scope = "user"

    def get_cache_key(self, request: Request, view: object) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AddressRateThrottle(SimpleRateThrottle):
    """Counts anonymous requests per client address, trusting X-Forwarded-For only
    behind the configured number of proxies (the same rule as the audit log)."""

    scope = "anon"

    def get_cache_key(self, request: Request, view: object) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}
