"""Reads for the public portal: browsing units, a citizen's own cases, open data."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from danvan.petitions.models import OPEN_STATUSES, ClockKind, ClockState, Petition
from danvan.satisfaction.models import SatisfactionRating
from danvan.units.models import AdministrativeUnit, UnitLevel


def cases_of_citizen(user: Any) -> QuerySet[Petition]:
    """The petitions a signed-in citizen sent through the portal, newest first."""
    return (
        Petition.objects.filter(petitioner_user=user)
        .select_related("agency")
        .order_by("-received_at", "-pk")
    )


# Columns of the open data, in order; every one is a count or an average, never a person.
OPEN_DATA_COLUMNS = [
    "unit_code",
    "unit_name",
    "month",
    "received",
    "complaints",
    "denunciations",
    "petitions",
    "feedback",
    "online",
    "resolved",
    "resolved_on_time",
    "open_overdue",
    "ratings",
    "average_rating",
]


def _unit_of_row(units: dict[str, AdministrativeUnit], path: str) -> AdministrativeUnit | None:
    """The unit of the list whose path is a prefix of ``path`` (a row below a listed unit
    counts for it)."""
    parts = path.split("/")
    for end in range(len(parts) - 1, 0, -1):
        unit = units.get("/".join(parts[:end]) + "/")
        if unit is not None:
            return unit
    return None


def open_data(unit: AdministrativeUnit, *, year: int) -> list[dict[str, Any]]:
    """Monthly figures for each unit directly below ``unit`` (or the unit itself when it has
    none below it): petitions by the month they were received, ratings by the month they
    were given. Figures only: no names, no content.
    """
    children = {
        u.path: u
        for u in AdministrativeUnit.objects.filter(
            parent=unit, scheme=unit.scheme, is_active=True
        ).exclude(level=UnitLevel.VILLAGE)
    } or {unit.path: unit}
    start, end = date(year, 1, 1), date(year, 12, 31)
    received = Petition.objects.filter(
        unit_path__startswith=unit.path, received_on__range=(start, end)
    )
    on_time = Q(
        decided_on__isnull=False,
        clocks__kind=ClockKind.RESOLUTION,
        clocks__state=ClockState.MET,
    )
    rows = (
        received.annotate(month=TruncMonth("received_on"))
        .values("unit_path", "month")
        .annotate(
            received=Count("pk", distinct=True),
            complaints=Count("pk", filter=Q(kind="complaint"), distinct=True),
            denunciations=Count("pk", filter=Q(kind="denunciation"), distinct=True),
            petitions=Count("pk", filter=Q(kind="petition"), distinct=True),
            feedback=Count("pk", filter=Q(kind="feedback"), distinct=True),
            online=Count("pk", filter=Q(channel="portal"), distinct=True),
            resolved=Count("pk", filter=Q(decided_on__isnull=False), distinct=True),
            resolved_on_time=Count("pk", filter=on_time, distinct=True),
            open_overdue=Count(
                "pk", filter=Q(is_overdue=True, status__in=OPEN_STATUSES), distinct=True
            ),
        )
        .order_by()
    )
    table: dict[tuple[str, int], dict[str, Any]] = {}
    counted = OPEN_DATA_COLUMNS[3:-2]
    for values in rows.iterator():
        row: dict[str, Any] = dict(values)
        owner = _unit_of_row(children, row["unit_path"])
        if owner is None:
            continue
        month = row["month"].month
        cell = table.setdefault((owner.path, month), dict.fromkeys(OPEN_DATA_COLUMNS[3:], 0))
        for name in counted:
            cell[name] += row[name]
    ratings = (
        SatisfactionRating.objects.filter(
            unit_path__startswith=unit.path, rated_on__range=(start, end)
        )
        .annotate(month=TruncMonth("rated_on"))
        .values_list("unit_path", "month", "score")
    )
    sums: dict[tuple[str, int], list[int]] = {}
    for path, month, score in ratings:
        owner = _unit_of_row(children, path)
        if owner is not None:
            sums.setdefault((owner.path, month.month), []).append(score)
    for key, scores in sums.items():
        cell = table.setdefault(key, dict.fromkeys(OPEN_DATA_COLUMNS[3:], 0))
        cell["ratings"] = len(scores)
        cell["average_rating"] = round(sum(scores) / len(scores), 2)
    result = []
    for (path, month), cell in sorted(
        table.items(), key=lambda item: (children[item[0][0]].name_collation, item[0][1])
    ):
        owner = children[path]
        result.append(
            {
                "unit_code": owner.code,
                "unit_name": owner.name,
                "month": f"{year}-{month:02d}",
                **cell,
                "average_rating": cell["average_rating"] or None,
            }
        )
    return result
