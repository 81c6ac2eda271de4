"""Error pages in the user's language, without internals."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.web.middleware import database_unavailable, database_unavailable_response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Called while the exception is being handled: a lost database is a 503, not a bug.
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response()
    return render(request, "errors/500.html", status=500)
