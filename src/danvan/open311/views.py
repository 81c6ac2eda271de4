"""Open311 GeoReport v2 under ``/open311/v2/`` (see docs/open311.md).

Reading is public; sending needs an ``api_key``. Every answer, errors included, is in
the format the address ends with (``.json`` or ``.xml``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from danvan.api.tokens import token_for_key
from danvan.audit.middleware import client_ip
from danvan.open311 import formats, params, selectors, services
from danvan.open311.errors import Open311Error
from danvan.portal.services import TooManySubmissionsError

View = Callable[..., HttpResponse]
# When this interface last changed, for the discovery document.
CHANGESET = "2026-11-25 00:00"


def _holds_nul(request: HttpRequest) -> bool:
    return any(
        "\x00" in name or any("\x00" in value for value in values)
        for data in (request.GET, request.POST)
        for name, values in data.lists()
    )


def endpoint(*methods: str) -> Callable[[View], View]:
    """Check the format and the method, and answer every error in the standard's format.

    Programs sign requests with ``api_key``, not with a session cookie, so there is no
    CSRF token to check."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in formats.FORMATS:
                # XML is the one format the standard requires every client to read.
                return formats.error_response(
                    fmt="xml",
                    status=404,
                    errors=[(404, _("Unknown format: end the address with .json or .xml."))],
                )
            if request.method not in methods:
                refused = _("This address does not accept %(method)s.") % {"method": request.method}
                response = formats.error_response(fmt=fmt, status=405, errors=[(405, refused)])
                response["Allow"] = ", ".join(methods)
                return response
            if _holds_nul(request):
                # PostgreSQL cannot compare or store text holding NUL: refuse it up front.
                refused = _("A parameter contains a NUL character, which no text may hold.")
                return formats.error_response(fmt=fmt, status=400, errors=[(400, refused)])
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return formats.error_response(fmt=fmt, status=exc.status, errors=exc.errors)

        return wrapper

    return decorate


@endpoint("GET")
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    base = reverse("open311:services", kwargs={"fmt": "xml"}).removesuffix("services.xml")
    payload = formats.discovery(
        url=request.build_absolute_uri(base).rstrip("/"),
        changeset=CHANGESET,
        contact=_("Ask the system administrator of this site."),
        key_service=_("Keys for sending requests are issued by the system administrator."),
    )
    return formats.render(fmt=fmt, root="discovery", payload=payload)


@endpoint("GET")
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    # The services are the same everywhere, but an unknown jurisdiction is still an error.
    params.jurisdiction(request.GET)
    payload = [formats.service(c) for c in selectors.services()]
    return formats.render(fmt=fmt, root="services", payload=payload)


@endpoint("GET")
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    params.jurisdiction(request.GET)
    category = selectors.service(code)
    if category is None:
        raise Open311Error.of(404, params.unknown_service(code))
    return formats.render(
        fmt=fmt, root="service_definition", payload=formats.service_definition(category)
    )


@endpoint("GET", "POST")
def request_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    unit = params.jurisdiction(request.GET)
    ids = params.request_ids(request.GET)
    if ids is not None:
        # The standard: a list of ids overrides every other filter.
        items = selectors.requests_by_ids(ids, unit=unit)
    else:
        start, end = params.window(request.GET, now=timezone.now())
        items = selectors.search_requests(
            unit=unit,
            service=params.service_filter(request.GET),
            status=params.status(request.GET),
            start=start,
            end=end,
        )
    payload = [formats.request(item) for item in items]
    return formats.render(fmt=fmt, root="service_requests", payload=payload)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    api_token = token_for_key(request.POST.get("api_key"))
    if api_token is None:
        raise Open311Error.of(
            403, params.named("api_key", _("missing, unknown, expired or revoked."))
        )
    submission = params.submission(request.POST)
    key = services.submission_key(
        api_token=api_token, idempotency_key=params.idempotency_key(request.headers)
    )
    try:
        record = services.submit_request(
            actor=api_token.user,
            api_token=api_token,
            submission=submission,
            key=key,
            address=client_ip(request),
        )
    except TooManySubmissionsError:
        raise Open311Error.of(
            429, _("Too many requests with this key; try again in an hour.")
        ) from None
    except ValidationError as exc:
        raise params.described(exc) from None
    except PermissionDenied as exc:
        raise Open311Error.of(403, str(exc)) from None
    code = record.petition.tracking_code
    notice = _("Follow it on the citizen portal: %(url)s") % {
        "url": request.build_absolute_uri(reverse("portal:case", kwargs={"tracking_code": code}))
    }
    payload = [formats.created(record, notice=notice)]
    return formats.render(fmt=fmt, root="service_requests", payload=payload)


@endpoint("GET")
def request_detail(request: HttpRequest, request_id: str, *, fmt: str) -> HttpResponse:
    item = selectors.request_by_id(request_id, unit=params.jurisdiction(request.GET))
    if item is None:
        raise Open311Error.of(
            404,
            params.named(
                "service_request_id",
                _("there is no request %(id)s.") % {"id": request_id[:20]},
            ),
        )
    return formats.render(fmt=fmt, root="service_requests", payload=[formats.request(item)])


@endpoint("GET")
def token_detail(request: HttpRequest, token_id: str, *, fmt: str) -> HttpResponse:
    record = selectors.request_for_token(token_id)
    if record is None:
        raise Open311Error.of(
            404,
            params.named("token", _("there is no token %(token)s.") % {"token": token_id[:40]}),
        )
    return formats.render(fmt=fmt, root="service_requests", payload=[formats.token(record)])


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other address under /open311/v2/, answered in the standard's format."""
    fmt = "json" if rest.endswith(".json") else "xml"
    message = _("There is nothing at this address; see discovery.xml.")
    return formats.error_response(fmt=fmt, status=404, errors=[(404, message)])
