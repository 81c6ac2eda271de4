"""What a petition counts for, and how a period splits into stored rows. Pure functions,
shared by the services (which keep the counts) and the selectors (which read them)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet

from danvan.figures.models import CHANNEL_PREFIX, COUNT_COLUMNS, FIGURE_COLUMNS, Grain
from danvan.petitions.models import (
    OPEN_STATUSES,
    Clock,
    ClockKind,
    ClockState,
    PetitionEvent,
    PetitionKind,
    Status,
)

KINDS: tuple[str, ...] = tuple(PetitionKind.values)


class Fact(NamedTuple):
    """One petition's contribution, in the order of the PetitionFact columns."""

    unit_path: str
    received_on: date
    kind: str
    channel: str
    within_competence: bool
    forwarded: bool
    accepted: bool
    resolved: bool
    resolved_on_time: bool
    overdue_now: bool
    repeated: bool


FACT_FIELDS: tuple[str, ...] = Fact._fields


def counts_of(fact: Fact) -> list[int]:
    """The fact as 0/1 per count column (COUNT_COLUMNS order)."""
    flags = {
        "received": True,
        # A forwarded paper ends at the sender; the receiver's copy is the case, so each
        # matter is one case, counted where it is handled.
        "cases": not fact.forwarded,
        "within_competence": fact.within_competence,
        "forwarded": fact.forwarded,
        "accepted": fact.accepted,
        "resolved": fact.resolved,
        "resolved_on_time": fact.resolved_on_time,
        "overdue_now": fact.overdue_now,
        "repeated": fact.repeated,
    }
    for kind in KINDS:
        flags[kind] = fact.kind == kind
    return [
        int(fact.channel == column.removeprefix(CHANNEL_PREFIX))
        if column.startswith(CHANNEL_PREFIX)
        else int(flags[column])
        for column in COUNT_COLUMNS
    ]


# The same counts over PetitionFact rows, as filters for conditional COUNT(*).
FACT_FILTERS: dict[str, Q] = {
    "received": Q(),
    "cases": Q(forwarded=False),
    **{kind: Q(kind=kind) for kind in KINDS},
    **{
        flag: Q(**{flag: True})
        for flag in FIGURE_COLUMNS
        if flag not in ("received", "cases", *KINDS)
    },
    **{
        column: Q(channel=column.removeprefix(CHANNEL_PREFIX))
        for column in COUNT_COLUMNS
        if column.startswith(CHANNEL_PREFIX)
    },
}


def facts_of(petitions: QuerySet[Any]) -> dict[int, Fact]:
    """Count the given petitions afresh: petition id → fact. One query; the meaning of
    each flag is that of ``danvan.petitions.selectors.FIGURES``."""
    rows = petitions.annotate(
        f_classified=Exists(
            PetitionEvent.objects.filter(petition=OuterRef("pk"), action="classify")
        ),
        f_accepted=Exists(PetitionEvent.objects.filter(petition=OuterRef("pk"), action="accept")),
        f_met=Exists(
            Clock.objects.filter(
                petition=OuterRef("pk"), kind=ClockKind.RESOLUTION, state=ClockState.MET
            )
        ),
    ).values_list(
        "pk",
        "unit_path",
        "received_on",
        "kind",
        "channel",
        "status",
        "decided_on",
        "is_overdue",
        "is_repeat",
        "f_classified",
        "f_accepted",
        "f_met",
    )
    facts = {}
    for (
        pk,
        path,
        received_on,
        kind,
        channel,
        status,
        decided_on,
        overdue,
        repeat,
        classified,
        accepted,
        met,
    ) in rows.order_by():
        facts[pk] = Fact(
            unit_path=path,
            received_on=received_on,
            kind=kind,
            channel=channel,
            within_competence=bool(classified),
            forwarded=status == Status.FORWARDED,
            accepted=bool(accepted),
            resolved=decided_on is not None,
            resolved_on_time=decided_on is not None and bool(met),
            overdue_now=bool(overdue) and status in OPEN_STATUSES,
            repeated=bool(repeat),
        )
    return facts


# ---------------------------------------------------------------------------------------
# Periods


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def half_start(day: date) -> date:
    return day.replace(day=1 if day.day < 15 else 15)


def half_end(first: date) -> date:
    return first.replace(day=14) if first.day == 1 else month_end(first)


def buckets_of(day: date) -> tuple[tuple[str, date], tuple[str, date]]:
    """The stored rows a petition received on ``day`` counts in: its month and its half."""
    return ((Grain.MONTH, day.replace(day=1)), (Grain.HALF_MONTH, half_start(day)))


@dataclass
class Split:
    """A period as whole months and half-months, plus leftover day ranges (``days``),
    minus day ranges of half-months that are only partly in the period (``minus``)."""

    months: list[date] = field(default_factory=list)
    halves: list[date] = field(default_factory=list)
    days: list[tuple[date, date]] = field(default_factory=list)
    minus: list[tuple[date, date]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.months or self.halves or self.days)


def _cost(ranges: list[tuple[date, date]], today: date | None) -> int:
    # Days after today cost nothing to count: no petition is received in the future.
    total = 0
    for first, last in ranges:
        last = min(last, today) if today is not None else last
        total += max(0, (last - first).days + 1)
    return total


def split_period(start: date, end: date, *, today: date | None = None) -> Split:
    """Cover ``start``…``end`` (inclusive) with stored rows: whole months first, then
    whole half-months. A half-month only partly in the period is counted from the facts
    of its days in the period, or as the half-month row minus the facts of its other
    days, whichever reads fewer days (up to ``today``: a period ending today takes the
    current half-month whole, as its later days have no petitions yet)."""
    split = Split()
    day = start
    while day <= end:
        if day.day == 1 and month_end(day) <= end:
            split.months.append(day)
            day = month_end(day) + timedelta(days=1)
        elif day.day in (1, 15) and half_end(day) <= end:
            split.halves.append(day)
            day = half_end(day) + timedelta(days=1)
        else:
            first = half_start(day)
            last = min(half_end(first), end)
            outside = [
                (a, b)
                for a, b in (
                    (first, day - timedelta(days=1)),
                    (last + timedelta(days=1), half_end(first)),
                )
                if a <= b
            ]
            if _cost(outside, today) < _cost([(day, last)], today):
                split.halves.append(first)
                split.minus.extend(outside)
            elif split.days and split.days[-1][1] + timedelta(days=1) == day:
                split.days[-1] = (split.days[-1][0], last)
            else:
                split.days.append((day, last))
            day = last + timedelta(days=1)
    return split
