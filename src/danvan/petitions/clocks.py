"""Statutory clocks on a petition: start, stop, pause, resume, extend, recompute.

A clock keeps the rule version in force when it started. Its due date is always
recomputed from scratch: the rule's period from ``started_on`` (with the variant and
extensions), then moved later by the length of every pause, counted in the rule's
unit. So a calendar change, a pause or an extension all give the same answer as
computing again by hand, and each change of the due date is kept in ``history``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from danvan.calendar.selectors import get_calendar
from danvan.deadlines.selectors import explain_deadline
from danvan.petitions.models import Clock, ClockState, Petition, PetitionKind


def _flags(petition: Petition, extensions: int) -> dict[str, object]:
    # A denunciation's complexity is expressed by explicit extensions (Luật Tố cáo Art. 30);
    # complaints have longer periods for complex cases instead (Luật Khiếu nại Art. 28, 37).
    return {
        "complex": petition.is_complex and petition.kind != PetitionKind.DENUNCIATION,
        "remote": petition.is_remote_area,
        "several_locations": petition.several_locations,
        "extensions": extensions,
    }


def _paused_length(clock: Clock, until: date | None) -> int:
    """Days the clock stood still, in the clock's unit (working or calendar days)."""
    calendar = get_calendar()
    spans = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in clock.pauses]
    if clock.paused_since is not None and until is not None:
        spans.append((clock.paused_since, until))
    if clock.unit == "working":
        return sum(calendar.working_days_between(a, b) for a, b in spans)
    return sum((b - a).days for a, b in spans)


def compute_due(clock: Clock, petition: Petition, *, extensions: int | None = None) -> date:
    explained = explain_deadline(
        clock.rule_id,
        clock.started_on,
        **_flags(petition, clock.extensions if extensions is None else extensions),
    )
    shift = _paused_length(clock, None)
    if not shift:
        return explained.due
    calendar = get_calendar()
    if clock.unit == "working":
        return calendar.add_working_days(explained.due, shift).due
    return calendar.add_calendar_days(explained.due, shift).due


def explain(clock: Clock, petition: Petition) -> Any:
    """The rule's computation for this clock, with the days off it passed over (the
    due date shown may be later still, by the pauses)."""
    return explain_deadline(clock.rule_id, clock.started_on, **_flags(petition, clock.extensions))


def start_clock(*, petition: Petition, kind: str, rule_id: str, started_on: date) -> Clock:
    explained = explain_deadline(rule_id, started_on, **_flags(petition, 0))
    return Clock.objects.create(
        petition=petition,
        kind=kind,
        rule_id=rule_id,
        rule_version=explained.version,
        citation=explained.citation,
        unit=explained.unit,
        started_on=started_on,
        due_on=explained.due,
        variant=explained.variant or "",
        history=[{"on": started_on.isoformat(), "to": explained.due.isoformat(), "why": "start"}],
    )


def _set_due(clock: Clock, due: date, *, on: date, why: str) -> None:
    if due != clock.due_on:
        clock.history = [
            *clock.history,
            {
                "on": on.isoformat(),
                "from": clock.due_on.isoformat(),
                "to": due.isoformat(),
                "why": why,
            },
        ]
        clock.due_on = due


def stop_clock(clock: Clock, *, on: date) -> None:
    """The step the clock waited for was taken on ``on``: met, or met late."""
    if clock.state not in (ClockState.RUNNING, ClockState.PAUSED):
        return
    clock.state = ClockState.MET if on <= clock.due_on else ClockState.LATE
    clock.stopped_on = on
    clock.save(update_fields=["state", "stopped_on"])


def cancel_clock(clock: Clock, *, on: date) -> None:
    """The period no longer applies (withdrawn, forwarded away, filed)."""
    if clock.state not in (ClockState.RUNNING, ClockState.PAUSED):
        return
    clock.state = ClockState.STOPPED
    clock.stopped_on = on
    clock.save(update_fields=["state", "stopped_on"])


def pause_clock(clock: Clock, *, on: date) -> None:
    if clock.state != ClockState.RUNNING:
        return
    clock.state = ClockState.PAUSED
    clock.paused_since = on
    clock.save(update_fields=["state", "paused_since"])


def resume_clock(clock: Clock, petition: Petition, *, on: date) -> None:
    if clock.state != ClockState.PAUSED or clock.paused_since is None:
        return
    clock.pauses = [*clock.pauses, [clock.paused_since.isoformat(), on.isoformat()]]
    clock.paused_since = None
    clock.state = ClockState.RUNNING
    _set_due(clock, compute_due(clock, petition), on=on, why="resume")
    clock.save(update_fields=["pauses", "paused_since", "state", "due_on", "history"])


def extend_clock(clock: Clock, petition: Petition, *, on: date) -> None:
    """One more extension (raises TooManyExtensions past the rule's maximum)."""
    due = compute_due(clock, petition, extensions=clock.extensions + 1)
    clock.extensions += 1
    _set_due(clock, due, on=on, why="extension")
    clock.save(update_fields=["extensions", "due_on", "history"])


def recompute_clock(clock: Clock, petition: Petition, *, on: date, why: str) -> bool:
    """Recompute after a calendar change or a change of the case's flags."""
    due = compute_due(clock, petition)
    if due == clock.due_on:
        return False
    _set_due(clock, due, on=on, why=why)
    clock.save(update_fields=["due_on", "history"])
    return True


def refresh_due_flags(petition: Petition, *, today: date, near_days: int) -> None:
    """Keep the petition's queue columns (next due date, overdue, near due) in step."""
    running = [c.due_on for c in petition.clocks.all() if c.state == ClockState.RUNNING]
    petition.next_due_on = min(running) if running else None
    petition.is_overdue = bool(running) and min(running) < today
    petition.is_near_due = (
        bool(running)
        and not petition.is_overdue
        and get_calendar().working_days_between(today, min(running)) <= near_days
    )
