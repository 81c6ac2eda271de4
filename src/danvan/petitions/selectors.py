"""Reads for petitions: the work queue, tracking, clocks explained, statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from danvan.accounts.selectors import active_assignments
from danvan.calendar.selectors import get_calendar
from danvan.petitions.clocks import explain
from danvan.petitions.models import OPEN_STATUSES, Clock, ClockState, Petition
from danvan.petitions.tracking import normalize_tracking_code
from danvan.units.models import AdministrativeUnit


def work_queue(user: Any, *, limit: int | None = 50) -> QuerySet[Petition]:
    """Open petitions of the user's agencies and those assigned to the user, the most
    urgent first (earliest running due date; petitions with no clock last); all of them
    when ``limit`` is None (exports)."""
    agency_ids = [a.agency_id for a in active_assignments(user) if a.agency_id]
    queue = (
        Petition.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(agency_id__in=agency_ids) | Q(assigned_to=user))
        .select_related("agency", "family")
        .order_by(F("next_due_on").asc(nulls_last=True), "received_on", "pk")
    )
    return queue if limit is None else queue[:limit]


def petition_by_tracking_code(raw: str) -> Petition | None:
    code = normalize_tracking_code(raw)
    if code is None:
        return None
    return Petition.objects.filter(tracking_code=code).first()


@dataclass(frozen=True)
class ClockView:
    clock: Clock
    days_left: int | None  # working days, negative when overdue
    overdue: bool
    skipped: tuple[Any, ...] = ()  # days off passed over while counting, with reasons

    @property
    def days_late(self) -> int:
        return -self.days_left if self.overdue and self.days_left is not None else 0


def clocks_of(petition: Petition, *, today: date) -> list[ClockView]:
    calendar = get_calendar()
    views = []
    for clock in petition.clocks.order_by("started_on", "pk"):
        running = clock.state == ClockState.RUNNING
        if not running:
            views.append(ClockView(clock, None, False))
            continue
        if clock.due_on >= today:
            left = calendar.working_days_between(today, clock.due_on)
        else:
            left = -calendar.working_days_between(clock.due_on, today)
        skipped = tuple(explain(clock, petition).skipped)
        views.append(ClockView(clock, left, clock.due_on < today, skipped))
    return views


def petitions_in(unit: AdministrativeUnit) -> QuerySet[Petition]:
    return Petition.objects.filter(unit_path__startswith=unit.path)


FIGURES: dict[str, Any] = {
    "received": lambda qs: qs,
    # Vụ việc: a forwarded paper is a case only at the agency that received the copy.
    "cases": lambda qs: qs.exclude(status="forwarded"),
    "complaint": lambda qs: qs.filter(kind="complaint"),
    "denunciation": lambda qs: qs.filter(kind="denunciation"),
    "petition": lambda qs: qs.filter(kind="petition"),
    "feedback": lambda qs: qs.filter(kind="feedback"),
    "within_competence": lambda qs: qs.filter(events__action="classify").distinct(),
    "forwarded": lambda qs: qs.filter(status="forwarded"),
    "accepted": lambda qs: qs.filter(events__action="accept").distinct(),
    "resolved": lambda qs: qs.filter(decided_on__isnull=False),
    "resolved_on_time": lambda qs: qs.filter(
        decided_on__isnull=False, clocks__kind="resolution", clocks__state=ClockState.MET
    ).distinct(),
    "overdue_now": lambda qs: qs.filter(is_overdue=True, status__in=OPEN_STATUSES),
    "repeated": lambda qs: qs.filter(is_repeat=True),
}


def figure_petitions(
    unit: AdministrativeUnit, *, start: date, end: date, figure: str
) -> QuerySet[Petition]:
    """The petitions behind one figure of :func:`statistics` (for the drill-down)."""
    received = petitions_in(unit).filter(received_on__range=(start, end))
    return FIGURES[figure](received)


def statistics(unit: AdministrativeUnit, *, start: date, end: date) -> dict[str, Any]:
    """Counts for the unit and everything below it, for petitions received in the period;
    each figure is the size of the list :func:`figure_petitions` gives for it."""
    received = petitions_in(unit).filter(received_on__range=(start, end))
    counts = {name: make(received).count() for name, make in FIGURES.items()}
    counts["by_channel"] = dict(received.values_list("channel").annotate(n=Count("pk")).order_by())
    return counts


def allowed_actions(user: Any, petition: Petition) -> list[str]:
    """The steps this user may take now on this petition, in workflow order."""
    from danvan.accounts.rules import holds_role_on
    from danvan.petitions.workflow import TRANSITIONS, applies_to

    return [
        action
        for action, t in TRANSITIONS.items()
        if petition.status in t.sources
        and petition.kind in t.kinds
        and applies_to(action, petition)
        and holds_role_on(user, petition.unit, t.roles)
    ]


def forwarding_targets(petition: Petition) -> QuerySet[Any]:
    """Agencies a petition may be forwarded to: those of the same province, and those
    of the units above it (the province, the nation)."""
    from danvan.units.models import Agency

    parts = petition.unit_path.split("/")
    province_path = "/".join(parts[:2]) + "/"
    ancestors = ["/".join(parts[:i]) + "/" for i in range(1, len(parts) - 1)]
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(unit__path__startswith=province_path) | Q(unit__path__in=ancestors))
        .exclude(pk=petition.agency_id)
        .select_related("unit")
        .order_by("unit__level", "unit__name_collation", "name")
    )
