"""Parsing of deadline inputs given as text, shared by the command and the HTTP API.

Each parser raises :class:`~danvan.deadlines.compute.DeadlineError` with a translated
message naming the parameter as the caller spells it (``--start`` or ``start``).
:class:`Inputs` collects every problem, so one answer lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.utils.translation import gettext as _

from danvan.calendar.services import FIRST_YEAR, LAST_YEAR
from danvan.deadlines.compute import UNITS, DeadlineError

T = TypeVar("T")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d{1,9}")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}
# Echo at most this much of a bad value back to the user.
_MAX_ECHO = 40


def _shown(value: str) -> str:
    return value if len(value) <= _MAX_ECHO else value[:_MAX_ECHO] + "…"


def _missing(name: str) -> DeadlineError:
    return DeadlineError(_("%(name)s is required.") % {"name": name}, code="missing_parameter")


def parse_date(value: str | None, *, name: str) -> date:
    """A date written YYYY-MM-DD, between the years the calendar supports."""
    if value is None or not value.strip():
        raise _missing(name)
    value = value.strip()
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        raise DeadlineError(
            _('Invalid date "%(value)s" for %(name)s: use YYYY-MM-DD, for example 2026-02-11.')
            % {"value": _shown(value), "name": name},
            code="invalid_date",
        ) from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise DeadlineError(
            _("The date %(value)s for %(name)s must be between the years %(first)d and %(last)d.")
            % {"value": value, "name": name, "first": FIRST_YEAR, "last": LAST_YEAR},
            code="invalid_date",
        )
    return parsed


def parse_count(value: str | None, *, name: str, default: int | None = None) -> int:
    """A whole number of zero or more."""
    if value is None or not value.strip():
        if default is not None:
            return default
        raise _missing(name)
    value = value.strip()
    if not _INTEGER.fullmatch(value):
        raise DeadlineError(
            _('Invalid number "%(value)s" for %(name)s: enter a whole number such as 10.')
            % {"value": _shown(value), "name": name},
            code="invalid_number",
        )
    number = int(value)
    if number < 0:
        raise DeadlineError(
            _("%(name)s must not be negative (got %(value)d).") % {"name": name, "value": number},
            code="invalid_number",
        )
    return number


def parse_unit(value: str | None, *, name: str) -> str:
    if value is None or not value.strip():
        raise _missing(name)
    value = value.strip()
    if value not in UNITS:
        raise DeadlineError(
            _('Invalid unit "%(value)s" for %(name)s: use "working" or "calendar".')
            % {"value": _shown(value), "name": name},
            code="invalid_unit",
        )
    return value


def parse_flag(value: str | None, *, name: str) -> bool:
    """A yes/no switch: 1/true/yes/on or 0/false/no/off; absent means no."""
    if value is None:
        return False
    folded = value.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise DeadlineError(
        _('Invalid value "%(value)s" for %(name)s: use 1 or 0.')
        % {"value": _shown(value), "name": name},
        code="invalid_flag",
    )


def parse_rule_id(value: str | None, *, name: str) -> str:
    if value is None or not value.strip():
        raise _missing(name)
    return value.strip()


class Inputs:
    """Runs parsers and keeps every error instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[DeadlineError] = []

    def take(self, parser: Callable[[], T], fallback: T) -> T:
        try:
            return parser()
        except DeadlineError as exc:
            self.errors.append(exc)
            return fallback

    def check(self) -> None:
        """Raise the first error, carrying the others in ``errors``."""
        if self.errors:
            raise InvalidInputError(self.errors)


class InvalidInputError(DeadlineError):
    """Several bad inputs at once; ``errors`` lists each of them."""

    def __init__(self, errors: list[DeadlineError]) -> None:
        super().__init__(" ".join(error.message for error in errors), code=errors[0].code)
        self.errors = errors
