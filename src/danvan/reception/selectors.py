"""Reads for citizen reception: the register and the leaders' compliance view."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from danvan.reception.models import Frequency, LeaderSchedule, ReceptionSession, SessionKind, Visit
from danvan.units.models import Agency


def register_of(agency: Agency, *, year: int) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(session__agency=agency, session__held_on__year=year)
        .select_related("session")
        .order_by("register_number")
    )


def _weeks_of_month(year: int, month: int) -> list[date]:
    """Mondays of the weeks that belong to the month (ISO rule: the week's Thursday
    falls in the month), so every week is counted in exactly one month."""
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        if (monday + timedelta(days=3)).month == month:
            weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class MonthCompliance:
    schedule: LeaderSchedule
    year: int
    month: int
    required: int
    held: int
    delegated: int

    @property
    def met(self) -> bool:
        return self.held >= self.required


def leader_compliance(agency: Agency, *, year: int, month: int) -> list[MonthCompliance]:
    """Sessions held in person vs required, per leader schedule in force that month.

    Weekly duty (commune chair, Art. 15): one session in each week of the month.
    Monthly duty (province chair, agency heads, Art. 12 and 18): one in the month.
    """
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    schedules = (
        LeaderSchedule.objects.filter(agency=agency, valid_from__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=first))
        .select_related("leader")
    )
    result = []
    for schedule in schedules:
        sessions = ReceptionSession.objects.filter(
            agency=agency,
            kind=SessionKind.LEADER_PERIODIC,
            chaired_by=schedule.leader,
        )
        if schedule.frequency == Frequency.WEEKLY:
            weeks = _weeks_of_month(year, month)
            in_person_weeks = {
                d - timedelta(days=d.weekday())
                for d in sessions.filter(
                    delegated=False,
                    held_on__gte=weeks[0],
                    held_on__lt=weeks[-1] + timedelta(days=7),
                ).values_list("held_on", flat=True)
            }
            required, held = len(weeks), len(in_person_weeks & set(weeks))
        else:
            required = 1
            held = min(1, sessions.filter(delegated=False, held_on__range=(first, last)).count())
        delegated = sessions.filter(delegated=True, held_on__range=(first, last)).count()
        result.append(MonthCompliance(schedule, year, month, required, held, delegated))
    return result


def sessions_of(agency: Agency, *, start: date, end: date) -> QuerySet[ReceptionSession]:
    return ReceptionSession.objects.filter(agency=agency, held_on__range=(start, end))


__all__: list[Any] = ["MonthCompliance", "leader_compliance", "register_of", "sessions_of"]


def reception_figures(unit: Any, *, start: date, end: date) -> dict[str, int]:
    """Sessions, visits (lượt), people (người) and group visits (đoàn đông người) in the
    unit and below, as the reception report counts them."""
    from django.db.models import Count, Sum

    sessions = ReceptionSession.objects.filter(
        agency__unit__path__startswith=unit.path, held_on__range=(start, end)
    )
    visits = Visit.objects.filter(session__in=sessions)
    totals = visits.aggregate(people=Sum("people_count"), n=Count("pk"))
    return {
        "sessions": sessions.count(),
        "leader_sessions": sessions.filter(kind=SessionKind.LEADER_PERIODIC).count(),
        "visits": totals["n"] or 0,
        "people": totals["people"] or 0,
        "group_visits": visits.filter(people_count__gte=5).count(),
        "repeat_visits": visits.filter(is_repeat=True).count(),
        "refused": visits.filter(handling="refused").count(),
    }
