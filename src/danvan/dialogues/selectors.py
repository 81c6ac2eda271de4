"""Reads of meetings with the people: lists, the commitments tracker and the counts the
compliance monitor uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.accounts.selectors import communes_readable_by
from danvan.dialogues.models import (
    Commitment,
    CommitmentStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from danvan.units.models import AdministrativeUnit

DONE = "done"
DONE_LATE = "done_late"
OVERDUE = "overdue"
OPEN = "open"
DROPPED = "dropped"
STATE_LABELS = {
    DONE: _("Done on time"),
    DONE_LATE: _("Done late"),
    OVERDUE: _("Overdue (quá hạn)"),
    OPEN: _("Open"),
    DROPPED: _("Dropped"),
}

COMPLIANCE_KEYS = (
    "chair_dialogues",
    "year_end_meetings",
    "villages_met",
    "commitments",
    "commitments_done",
    "commitments_done_late",
    "commitments_overdue",
    "commitments_open",
)


@dataclass(frozen=True)
class CommitmentRow:
    commitment: Commitment
    state: str

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


def commitment_state(commitment: Commitment, today: date) -> str:
    if commitment.status == CommitmentStatus.DROPPED:
        return DROPPED
    if commitment.status == CommitmentStatus.DONE:
        return DONE_LATE if commitment.done_late else DONE
    return OVERDUE if commitment.due_on < today else OPEN


def commitment_rows(commitments: Any, today: date) -> list[CommitmentRow]:
    return [CommitmentRow(c, commitment_state(c, today)) for c in commitments]


def readable_communes(user: Any) -> QuerySet[AdministrativeUnit]:
    return communes_readable_by(user)


def meetings_for(user: Any, *, commune: AdministrativeUnit | None = None) -> QuerySet[Meeting]:
    """Meetings of the communes ``user`` may read, newest first."""
    meetings = Meeting.objects.filter(commune__in=readable_communes(user))
    if commune is not None:
        meetings = meetings.filter(commune=commune)
    return meetings.select_related("commune", "village").annotate(
        question_count=Count("questions", distinct=True),
        commitment_count=Count("commitments", distinct=True),
    )


def communes_with_meetings(user: Any) -> QuerySet[AdministrativeUnit]:
    return (
        readable_communes(user)
        .filter(pk__in=Meeting.objects.values("commune_id"))
        .order_by("name_collation")
    )


def open_commitments(*, commune: AdministrativeUnit, today: date) -> list[CommitmentRow]:
    """The commune's open commitments, overdue ones first, then by due date."""
    commitments = (
        Commitment.objects.filter(meeting__commune=commune, status=CommitmentStatus.OPEN)
        .select_related("meeting", "meeting__village", "agency")
        .order_by("due_on", "pk")
    )
    rows = commitment_rows(commitments, today)
    # Overdue first; within each group the earliest due date first (the sort is stable).
    return sorted(rows, key=lambda row: row.state != OVERDUE)


def closed_commitments(*, commune: AdministrativeUnit, today: date) -> list[CommitmentRow]:
    commitments = (
        Commitment.objects.filter(meeting__commune=commune)
        .exclude(status=CommitmentStatus.OPEN)
        .select_related("meeting", "meeting__village", "agency")
        .order_by("-due_on", "-pk")[:200]
    )
    return commitment_rows(commitments, today)


def compliance_counts(
    *, under: AdministrativeUnit, start: date, end: date, today: date
) -> dict[int, dict[str, int]]:
    """Per commune id, for communes at or below `under` (nation, province or commune) with
    any meeting. Keys (all present, ints):
    'chair_dialogues': chair dialogues held with held_on in [start, end];
    'year_end_meetings': year-end village meetings held with held_on in [start, end];
    'villages_met': distinct villages that held a year-end meeting in [start, end];
    'commitments': commitments made at meetings held in [start, end];
    'commitments_done' / 'commitments_done_late': of those, done by / after due_on;
    'commitments_overdue': of those, OPEN with due_on < today;
    'commitments_open': of those, OPEN with due_on >= today.

    Four grouped queries whatever the number of communes. Dropped commitments count in
    'commitments' only.
    """
    in_tree = Meeting.objects.filter(commune__path__startswith=under.path)
    result: dict[int, dict[str, int]] = {
        commune_id: dict.fromkeys(COMPLIANCE_KEYS, 0)
        for commune_id in in_tree.order_by().values_list("commune_id", flat=True).distinct()
    }
    held = in_tree.filter(status=MeetingStatus.HELD, held_on__range=(start, end))
    for held_row in (
        held.order_by()
        .values("commune_id")
        .annotate(
            chair=Count("id", filter=Q(kind=MeetingKind.CHAIR_DIALOGUE)),
            year_end=Count("id", filter=Q(kind=MeetingKind.YEAR_END_VILLAGE)),
            villages=Count(
                "village_id", filter=Q(kind=MeetingKind.YEAR_END_VILLAGE), distinct=True
            ),
        )
    ):
        counts = result[held_row["commune_id"]]
        counts["chair_dialogues"] = held_row["chair"]
        counts["year_end_meetings"] = held_row["year_end"]
        counts["villages_met"] = held_row["villages"]
    is_open = Q(status=CommitmentStatus.OPEN)
    is_done = Q(status=CommitmentStatus.DONE)
    commitments = Commitment.objects.filter(
        meeting__commune__path__startswith=under.path,
        meeting__status=MeetingStatus.HELD,
        meeting__held_on__range=(start, end),
    )
    for row in (
        commitments.order_by()
        .values("meeting__commune_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=is_done & Q(done_on__lte=F("due_on"))),
            late=Count("id", filter=is_done & Q(done_on__gt=F("due_on"))),
            overdue=Count("id", filter=is_open & Q(due_on__lt=today)),
            still_open=Count("id", filter=is_open & Q(due_on__gte=today)),
        )
    ):
        counts = result[row["meeting__commune_id"]]
        counts["commitments"] = row["total"]
        counts["commitments_done"] = row["done"]
        counts["commitments_done_late"] = row["late"]
        counts["commitments_overdue"] = row["overdue"]
        counts["commitments_open"] = row["still_open"]
    return result
