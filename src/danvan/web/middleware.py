from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language with the switcher.

    The browser's Accept-Language is ignored on purpose: many officials use browsers
    set to English, and a Vietnamese public service must still answer in Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` means the database cannot be reached right now (down, restarting,
    connection lost), as opposed to a bug in a query."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if cause is not None and hasattr(cause, "sqlstate"):
        # psycopg: connection failures carry no SQLSTATE or one of class 08; 57P01–57P03
        # are the server shutting down, crashing or starting up.
        state = cause.sqlstate
        return state is None or state.startswith("08") or state in _SERVER_GOING_AWAY
    # SQLite: the file is locked by a long writer or cannot be opened.
    text = str(exc).lower()
    return "database is locked" in text or "unable to open database" in text


_SERVER_GOING_AWAY = {"57P01", "57P02", "57P03"}
RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    """The 503 page, rendered without the request: context processors would query the
    database that is down."""
    response = HttpResponse(render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Set here: when the session cannot be saved, the response is replaced outside the
    # locale middleware (the language it chose stays active).
    response["Content-Language"] = translation.get_language()
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a page in the user's language while the database is unreachable.

    Nothing half-done can follow: every write runs in one transaction, which the lost
    connection rolls back. ``process_exception`` handles errors raised by views; errors
    raised by inner middleware (loading the session) reach ``__call__`` when the 500
    page itself cannot be rendered, and ``web.errors.server_error`` otherwise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except Exception as exc:
            response = self.process_exception(request, exc)
            if response is None:
                raise
            return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        return database_unavailable_response()
