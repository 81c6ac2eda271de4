"""Who is acting and from where, for the audit log, set once per request."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""
    request_id: str = ""


_current: ContextVar[RequestContext | None] = ContextVar("danvan_request_context", default=None)


def current_context() -> RequestContext:
    return _current.get() or RequestContext()


def set_context(context: RequestContext | None) -> object:
    return _current.set(context)


def reset_context(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
