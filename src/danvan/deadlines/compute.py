"""Deadline arithmetic on a rule version, without the database.

:func:`compute_deadline` takes a :class:`RuleSpec` (a plain copy of one
``DeadlineRule`` row) and a :class:`~danvan.calendar.workdays.WorkingCalendar`, so it
can be tested and reused anywhere. Counting follows the Civil Code 2015, Art. 147–148
as implemented by the calendar: the day of the event is not counted, and a
calendar-day period whose last day is not worked ends on the next working day. A
notice period (``direction="before"``) counts back from the event instead, and its
last day moves back to the previous working day, so notice is never due on a day
off. Every result says which variant, extensions and version were used and which
days were passed over, so the platform can show how a deadline was reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.calendar.workdays import (
    MAX_CALENDAR_DAYS,
    MAX_CONSECUTIVE_DAYS_OFF,
    MAX_WORKING_DAYS,
    SkippedDay,
    WorkingCalendar,
)

WORKING = "working"
CALENDAR = "calendar"
UNITS = (WORKING, CALENDAR)
AFTER = "after"
BEFORE = "before"
DIRECTIONS = (AFTER, BEFORE)
VARIANTS = ("complex", "remote", "remote_complex", "several_locations")

_ONE_DAY = timedelta(days=1)


class DeadlineError(ValueError):
    """Bad input for a deadline; ``message`` is translated, ``code`` is for APIs."""

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class UnknownRule(DeadlineError):  # noqa: N818 - the name the brief and callers use
    code = "unknown_rule"


class TooManyExtensions(DeadlineError):  # noqa: N818 - the name the brief and callers use
    code = "too_many_extensions"


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@dataclass(frozen=True, kw_only=True)
class RuleSpec:
    """The fields of one ``DeadlineRule`` version, detached from the database."""

    rule_id: str
    effective_from: date
    effective_until: date | None = None
    title: str = ""
    days: int
    unit: str
    direction: str = AFTER
    starts_on: str = ""
    variants: Mapping[str, int] = field(default_factory=dict)
    max_extensions: int = 0
    extension_days: int = 0
    roll_forward: bool = True
    citation: str = ""
    source_note: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> RuleSpec:
        """Build from a row of :data:`danvan.deadlines.legal_rules.RULES` or similar;
        dates may be ISO strings."""
        values = dict(data)
        effective_from = _as_date(values.pop("effective_from"))
        if effective_from is None:
            raise ValueError("a rule version needs effective_from")
        values["effective_until"] = _as_date(values.get("effective_until"))
        values["variants"] = dict(values.get("variants") or {})
        known = {name for name in cls.__dataclass_fields__ if name != "effective_from"}
        return cls(effective_from=effective_from, **{k: v for k, v in values.items() if k in known})

    def as_json(self) -> dict[str, Any]:
        """The rule as listed by ``danvan deadline rules`` and ``GET …/rules``."""
        return {
            "rule": self.rule_id,
            "version": self.effective_from.isoformat(),
            "effective_until": self.effective_until.isoformat() if self.effective_until else None,
            "title": self.title,
            "days": self.days,
            "unit": self.unit,
            "direction": self.direction,
            "starts_on": self.starts_on,
            "variants": dict(self.variants),
            "max_extensions": self.max_extensions,
            "extension_days": self.extension_days,
            "roll_forward": self.roll_forward,
            "citation": self.citation,
            "source_note": self.source_note,
        }


@dataclass(frozen=True)
class Explained:
    """A computed deadline with everything needed to show how it was reached.

    ``rule``, ``version`` and ``citation`` are None for plain day arithmetic
    (:func:`add_days`); ``variant`` is None when the base period applied.
    """

    start: date
    due: date
    days: int
    unit: str
    direction: str
    rule: str | None
    version: date | None
    citation: str | None
    variant: str | None
    extensions: int
    skipped: tuple[SkippedDay, ...]

    def as_json(self) -> dict[str, Any]:
        """The one JSON shape of a deadline, for the command line and the HTTP API."""
        return {
            "rule": self.rule,
            "version": self.version.isoformat() if self.version else None,
            "citation": self.citation,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "days": self.days,
            "unit": self.unit,
            "direction": self.direction,
            "variant": self.variant,
            "extensions": self.extensions,
            "skipped": [
                {"date": day.date.isoformat(), "reason": day.reason} for day in self.skipped
            ],
        }


@dataclass(frozen=True)
class ExplainedRule(Explained):
    """A deadline computed from a rule version: rule, version and citation are set."""

    rule: str
    version: date
    citation: str


def _check_days(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DeadlineError(_("The number of days must be a whole number."), code="invalid_number")
    if value < 0:
        raise DeadlineError(
            _("The number of days must not be negative (got %(value)d).") % {"value": value},
            code="invalid_number",
        )
    return value


def _check_extensions(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DeadlineError(
            _("The number of extensions must be a whole number."), code="invalid_number"
        )
    if value < 0:
        raise DeadlineError(
            _("The number of extensions must not be negative (got %(value)d).") % {"value": value},
            code="invalid_number",
        )
    return value


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise DeadlineError(
            _('Unknown unit "%(unit)s": use "working" or "calendar".') % {"unit": unit},
            code="invalid_unit",
        )


def _check_rule(rule: RuleSpec) -> None:
    # Rows come from migrations, but a broken row must fail loudly, not give a date.
    problems = []
    if isinstance(rule.days, bool) or not isinstance(rule.days, int) or rule.days < 1:
        problems.append("days")
    if rule.unit not in UNITS:
        problems.append("unit")
    if rule.direction not in DIRECTIONS:
        problems.append("direction")
    if rule.max_extensions < 0 or rule.extension_days < 0:
        problems.append("extensions")
    for name, days in rule.variants.items():
        if name not in VARIANTS or isinstance(days, bool) or not isinstance(days, int) or days < 1:
            problems.append(f"variants.{name}")
    if problems:
        raise DeadlineError(
            _('The rule "%(rule)s" is invalid (%(fields)s).')
            % {"rule": rule.rule_id, "fields": ", ".join(problems)},
            code="invalid_rule",
        )


def _choose_variant(
    rule: RuleSpec, *, complex: bool, remote: bool, several_locations: bool
) -> str | None:
    """The most specific variant the rule has for these facts, or None for the base."""
    candidates = []
    if remote and complex:
        candidates.append("remote_complex")
    if remote:
        candidates.append("remote")
    if complex:
        candidates.append("complex")
    if several_locations:
        candidates.append("several_locations")
    return next((name for name in candidates if name in rule.variants), None)


def _out_of_range() -> DeadlineError:
    return DeadlineError(
        _("The deadline falls outside the dates the calendar supports."), code="out_of_range"
    )


def _count_after(
    calendar: WorkingCalendar, start: date, days: int, unit: str, *, roll_forward: bool
) -> tuple[date, tuple[SkippedDay, ...]]:
    limit = MAX_WORKING_DAYS if unit == WORKING else MAX_CALENDAR_DAYS
    if days > limit:
        raise DeadlineError(
            _("The number of days is too large (at most %(limit)d).") % {"limit": limit},
            code="out_of_range",
        )
    try:
        if unit == WORKING:
            result = calendar.add_working_days(start, days)
        else:
            result = calendar.add_calendar_days(start, days, roll_forward=roll_forward)
    except (ValueError, OverflowError):
        raise _out_of_range() from None
    return result.due, result.skipped


def _roll_back(calendar: WorkingCalendar, day: date, skipped: list[SkippedDay]) -> date:
    """``day`` if it is worked, else the previous working day; records the days passed."""
    for _step in range(MAX_CONSECUTIVE_DAYS_OFF):
        info = calendar.day(day)
        if info.working:
            return day
        skipped.append(SkippedDay(day, info.reason))
        day -= _ONE_DAY
    raise _out_of_range()


def _count_before(
    calendar: WorkingCalendar, event: date, days: int, unit: str, *, roll_back: bool
) -> tuple[date, tuple[SkippedDay, ...]]:
    """The last day to give notice ``days`` before ``event`` (not counting the event)."""
    limit = MAX_WORKING_DAYS if unit == WORKING else MAX_CALENDAR_DAYS
    if days > limit:
        raise DeadlineError(
            _("The number of days is too large (at most %(limit)d).") % {"limit": limit},
            code="out_of_range",
        )
    skipped: list[SkippedDay] = []
    try:
        if unit == WORKING:
            due = event
            for _step in range(days):
                due = _roll_back(calendar, due - _ONE_DAY, skipped)
        else:
            due = event - timedelta(days=days)
            if roll_back:
                due = _roll_back(calendar, due, skipped)
    except OverflowError:
        raise _out_of_range() from None
    return due, tuple(skipped)


def compute_deadline(
    rule: RuleSpec,
    start: date,
    *,
    complex: bool = False,
    very_complex: bool = False,
    remote: bool = False,
    several_locations: bool = False,
    extensions: int = 0,
    calendar: WorkingCalendar,
) -> ExplainedRule:
    """The deadline of ``rule`` for a clock started on ``start``.

    Variant: remote and complex → ``remote_complex``, else ``remote``, else ``complex``;
    ``several_locations`` where the rule has it; a variant the rule lacks means the
    base period. ``very_complex`` counts as complex. For a rule whose complexity is
    expressed as extensions instead (no ``complex`` variant, ``max_extensions`` > 0,
    e.g. ``denunciation.resolve``), ``complex`` means one extension and
    ``very_complex`` two; ``extensions`` asks for that many explicitly, and the larger
    count wins. More extensions than the rule allows raise :class:`TooManyExtensions`.
    """
    _check_rule(rule)
    extensions = _check_extensions(extensions)
    complex = complex or very_complex
    variant = _choose_variant(
        rule, complex=complex, remote=remote, several_locations=several_locations
    )
    base = rule.variants[variant] if variant is not None else rule.days
    implied = 0
    if "complex" not in rule.variants and rule.max_extensions > 0:
        implied = 2 if very_complex else 1 if complex else 0
    count = max(extensions, implied)
    if count > rule.max_extensions:
        if rule.max_extensions == 0:
            message = _('The rule "%(rule)s" allows no extension.') % {"rule": rule.rule_id}
        else:
            message = ngettext(
                'The rule "%(rule)s" allows at most %(max)d extension; %(asked)d requested.',
                'The rule "%(rule)s" allows at most %(max)d extensions; %(asked)d requested.',
                rule.max_extensions,
            ) % {"rule": rule.rule_id, "max": rule.max_extensions, "asked": count}
        raise TooManyExtensions(message)
    total = base + count * rule.extension_days
    if rule.direction == BEFORE:
        due, skipped = _count_before(calendar, start, total, rule.unit, roll_back=rule.roll_forward)
    else:
        due, skipped = _count_after(
            calendar, start, total, rule.unit, roll_forward=rule.roll_forward
        )
    return ExplainedRule(
        start=start,
        due=due,
        days=total,
        unit=rule.unit,
        direction=rule.direction,
        rule=rule.rule_id,
        version=rule.effective_from,
        citation=rule.citation,
        variant=variant,
        extensions=count,
        skipped=skipped,
    )


def add_days(start: date, days: int, unit: str, *, calendar: WorkingCalendar) -> Explained:
    """``days`` working or calendar days after ``start``, with no rule involved."""
    _check_unit(unit)
    days = _check_days(days)
    due, skipped = _count_after(calendar, start, days, unit, roll_forward=True)
    return Explained(
        start=start,
        due=due,
        days=days,
        unit=unit,
        direction=AFTER,
        rule=None,
        version=None,
        citation=None,
        variant=None,
        extensions=0,
        skipped=skipped,
    )
