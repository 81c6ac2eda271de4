"""Open311 parameters turned into typed values. Every problem becomes an Open311Error
whose descriptions name the parameter, as clients show them to developers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.text import normalize_text
from danvan.open311 import selectors
from danvan.open311.errors import Open311Error
from danvan.petitions.models import Category
from danvan.units.models import AdministrativeUnit, UnitLevel

# The standard's limit for a description.
MAX_DESCRIPTION = 4000
MAX_NAME = 100
MAX_MEDIA_URL = 500
# An offset whose "+" was not encoded in the query string arrives as a space.
_SPACED_OFFSET = re.compile(r" (\d\d(:?\d\d)?)$")
# The petition service's field names → the Open311 parameter a client sent.
PARAMETER_OF = {
    "subject": "description",
    "content": "description",
    "latitude": "lat",
    "longitude": "long",
    "location_address": "address_string",
    "petitioner_name": "last_name",
    "petitioner_phone": "phone",
    "petitioner_email": "email",
    "petitioner_address": "address_string",
    "category": "service_code",
    "kind": "service_code",
}


def named(parameter: str, message: str) -> str:
    return f"{parameter}: {message}"


def _value(data: QueryDict, name: str) -> str:
    return (data.get(name) or "").strip()


def jurisdiction(data: QueryDict) -> AdministrativeUnit | None:
    """The province or commune given as ``jurisdiction_id``, or None (the whole country)."""
    raw = _value(data, "jurisdiction_id")
    if not raw:
        return None
    unit = selectors.jurisdiction(raw[:20])
    if unit is None:
        raise Open311Error.of(404, _not_a_unit(raw))
    return unit


def _not_a_unit(raw: str) -> str:
    return named(
        "jurisdiction_id",
        _("no province or commune in force has the code %(code)s.") % {"code": raw[:20]},
    )


def service_filter(data: QueryDict) -> Category | None:
    raw = _value(data, "service_code")
    if not raw:
        return None
    found = selectors.service(raw[:40], in_use=False)
    if found is None:
        raise Open311Error.of(404, unknown_service(raw))
    return found


def unknown_service(raw: str) -> str:
    return named("service_code", _("there is no service %(code)s.") % {"code": raw[:40]})


def request_ids(data: QueryDict) -> list[str] | None:
    """The comma-separated ``service_request_id`` list, or None when not given."""
    raw = _value(data, "service_request_id")
    if not raw:
        return None
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if len(ids) > selectors.MAX_RESULTS:
        raise Open311Error.of(
            400,
            named(
                "service_request_id",
                _("at most %(count)s ids at once.") % {"count": selectors.MAX_RESULTS},
            ),
        )
    return ids


def status(data: QueryDict) -> str | None:
    """ "open", "closed", or None for both."""
    values = {v.strip().lower() for v in _value(data, "status").split(",") if v.strip()}
    if not values <= {"open", "closed"}:
        raise Open311Error.of(400, named("status", _("use open, closed or both.")))
    return values.pop() if len(values) == 1 else None


def _moment(data: QueryDict, name: str, *, end: bool) -> datetime | None:
    raw = _value(data, name)
    if not raw:
        return None
    text = _SPACED_OFFSET.sub(r"+\1", raw)
    try:
        if len(text) == len("2026-03-01"):
            # A date alone covers the whole day.
            value = datetime.combine(date.fromisoformat(text), time.max if end else time.min)
        else:
            value = datetime.fromisoformat(text)
    except ValueError:
        raise Open311Error.of(
            400,
            named(
                name, _("not a W3C date and time, e.g. 2026-03-01T08:00:00+07:00 or 2026-03-01.")
            ),
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def window(data: QueryDict, *, now: datetime) -> tuple[datetime, datetime]:
    """``start_date``–``end_date``: at most 90 days, the last 90 days when neither is
    given, and 90 days from (or up to) the one that is."""
    start = _moment(data, "start_date", end=False)
    end = _moment(data, "end_date", end=True)
    if end is None:
        end = now if start is None else start + selectors.DEFAULT_WINDOW
    if start is None:
        start = end - selectors.DEFAULT_WINDOW
    if start > end:
        raise Open311Error.of(400, named("start_date", _("it is after end_date.")))
    if end - start > selectors.DEFAULT_WINDOW:
        raise Open311Error.of(
            400, named("end_date", _("the period may not be longer than 90 days."))
        )
    return start, end


@dataclass(frozen=True)
class Submission:
    """A POSTed request, checked as far as Open311 goes; the petition service checks the
    rest (the map point, the phone number, lengths)."""

    unit: AdministrativeUnit
    service: Category
    description: str
    lat: str
    long: str
    address: str
    first_name: str
    last_name: str
    email: str
    phone: str
    media_url: str


def submission(data: QueryDict) -> Submission:
    errors: list[tuple[int, str]] = []
    unit = _commune(data, errors)
    code = _value(data, "service_code")
    service = None
    if not code:
        errors.append((400, named("service_code", _("choose a service (see services.json)."))))
    else:
        service = selectors.service(code[:40])
        if service is None:
            errors.append((404, unknown_service(code)))
    description = normalize_text(data.get("description") or "")
    if not description:
        errors.append((400, named("description", _("describe the problem."))))
    elif len(description) > MAX_DESCRIPTION:
        errors.append((400, named("description", _("too long (at most 4,000 characters)."))))
    lat, long, address = _value(data, "lat"), _value(data, "long"), _value(data, "address_string")
    if bool(lat) != bool(long):
        errors.append((400, named("lat", _("give both lat and long, or neither."))))
    elif not lat and not address:
        errors.append((400, named("lat", _("give the place: lat and long, or address_string."))))
    first_name, last_name = _value(data, "first_name"), _value(data, "last_name")
    for name, value in (("first_name", first_name), ("last_name", last_name)):
        if len(value) > MAX_NAME:
            errors.append((400, named(name, _("too long (at most 100 characters)."))))
    email = _value(data, "email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append((400, named("email", _("not a valid e-mail address."))))
    media_url = _value(data, "media_url")
    if media_url:
        try:
            # Only a link to show staff; the server never fetches it.
            URLValidator(schemes=["http", "https"])(media_url)
            if len(media_url) > MAX_MEDIA_URL:
                raise ValidationError("long")
        except ValidationError:
            errors.append(
                (
                    400,
                    named("media_url", _("give an http or https link of at most 500 characters.")),
                )
            )
    if errors or unit is None or service is None:
        raise Open311Error(errors)
    return Submission(
        unit=unit,
        service=service,
        description=description,
        lat=lat,
        long=long,
        address=address,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=_value(data, "phone"),
        media_url=media_url,
    )


def _commune(data: QueryDict, errors: list[tuple[int, str]]) -> AdministrativeUnit | None:
    """Requests go to a commune's People's Committee, so POST needs a commune's code."""
    raw = _value(data, "jurisdiction_id")
    if not raw:
        errors.append(
            (
                400,
                named(
                    "jurisdiction_id",
                    _("give the official code of the commune, ward or special zone."),
                ),
            )
        )
        return None
    unit = selectors.jurisdiction(raw[:20])
    if unit is None:
        errors.append((404, _not_a_unit(raw)))
        return None
    if unit.level != UnitLevel.COMMUNE:
        errors.append(
            (
                400,
                named(
                    "jurisdiction_id",
                    _(
                        "%(code)s is a province; send the request to one of its communes, "
                        "wards or special zones."
                    )
                    % {"code": unit.code},
                ),
            )
        )
        return None
    return unit


def described(exc: ValidationError) -> Open311Error:
    """The petition service's refusal, with its fields named as the client sent them."""
    if not hasattr(exc, "error_dict"):
        return Open311Error.of(400, *exc.messages)
    errors = []
    for field, messages in exc.message_dict.items():
        parameter = PARAMETER_OF.get(field)
        for message in messages:
            errors.append((400, named(parameter, message) if parameter else message))
    return Open311Error(errors)


MAX_IDEMPOTENCY_KEY = 200


def idempotency_key(headers: Any) -> str:
    """The client's ``Idempotency-Key`` header: a retry with the same value gives back
    the request made the first time."""
    value = (headers.get("Idempotency-Key") or "").strip()
    if len(value) > MAX_IDEMPOTENCY_KEY:
        raise Open311Error.of(
            400, named("Idempotency-Key", _("too long (at most 200 characters)."))
        )
    return value
