"""Reads of grassroots mediation: teams with their strength, cases, statistics and the
counts the compliance monitor uses. Statistics never carry the parties' names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

from django.db.models import Count, Q, QuerySet

from danvan.accounts.selectors import communes_readable_by
from danvan.mediation.models import (
    MIN_MEMBERS,
    CaseKind,
    CaseStatus,
    MediationCase,
    MediationTeam,
    Outcome,
)
from danvan.units.models import AdministrativeUnit

COMPLIANCE_KEYS = (
    "teams",
    "teams_below_minimum",
    "cases",
    "successful",
    "unsuccessful",
    "referred",
    "withdrawn",
    "open",
)


def _serving_on(today: date) -> Q:
    return Q(members__joined_on__lte=today) & (
        Q(members__left_on__isnull=True) | Q(members__left_on__gt=today)
    )


def _active_on(today: date) -> Q:
    return Q(formed_on__lte=today) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today))


def teams_with_strength(teams: QuerySet[MediationTeam], today: date) -> QuerySet[MediationTeam]:
    """Teams annotated with ``serving`` (members serving on ``today``)."""
    return teams.annotate(serving=Count("members", filter=_serving_on(today), distinct=True))


def is_below_minimum(serving: int) -> bool:
    return serving < MIN_MEMBERS


def readable_communes(user: Any) -> QuerySet[AdministrativeUnit]:
    return communes_readable_by(user)


def communes_with_teams(user: Any) -> QuerySet[AdministrativeUnit]:
    return (
        readable_communes(user)
        .filter(pk__in=MediationTeam.objects.values("commune_id"))
        .order_by("name_collation")
    )


def teams_of(*, commune: AdministrativeUnit, today: date) -> list[MediationTeam]:
    """Active teams of a commune with ``serving`` and ``below_minimum`` set on each."""
    teams = list(
        teams_with_strength(
            MediationTeam.objects.filter(commune=commune).filter(_active_on(today)), today
        ).select_related("village")
    )
    for team in teams:
        team.below_minimum = is_below_minimum(team.serving)  # type: ignore[attr-defined]
    return teams


def cases_under(unit: AdministrativeUnit) -> QuerySet[MediationCase]:
    return MediationCase.objects.filter(commune__path__startswith=unit.path)


@dataclass
class VillageRow:
    village_id: int
    name: str
    commune: str
    received: int = 0
    by_outcome: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Outcome.values, 0))
    open: int = 0

    @property
    def outcome_counts(self) -> list[int]:
        return [self.by_outcome[o] for o in Outcome.values]


@dataclass
class MediationStatistics:
    unit: AdministrativeUnit
    start: date
    end: date
    received: int
    open: int
    by_outcome: list[tuple[str, str, int]]  # (code, label, count)
    by_kind: list[tuple[str, str, int]]
    villages: list[VillageRow]
    success_rate: float | None  # successful / (successful + unsuccessful + referred)
    median_days_to_close: float | None

    @property
    def success_percent(self) -> str:
        return "—" if self.success_rate is None else f"{self.success_rate * 100:.1f}"


def statistics(*, unit: AdministrativeUnit, start: date, end: date) -> MediationStatistics:
    """Cases received in [start, end] in ``unit`` (a commune or a province) and below.

    The success rate counts the cases mediated to an end: withdrawn and open cases are
    left out. The median runs over the closed cases, in calendar days.
    """
    cases = cases_under(unit).filter(received_on__range=(start, end)).order_by()
    outcome_counts = dict.fromkeys(Outcome.values, 0)
    open_count = 0
    for row in cases.values("status", "outcome").annotate(n=Count("id")):
        if row["status"] == CaseStatus.OPEN:
            open_count += row["n"]
        elif row["outcome"] in outcome_counts:
            outcome_counts[row["outcome"]] += row["n"]
    kind_counts = dict.fromkeys(CaseKind.values, 0)
    for kind_row in cases.values("kind").annotate(n=Count("id")):
        kind_counts[kind_row["kind"]] = kind_row["n"]
    villages: dict[int, VillageRow] = {}
    rows = cases.values(
        "village_id",
        "village__name",
        "village__name_collation",
        "commune__name",
        "status",
        "outcome",
    ).annotate(n=Count("id"))
    for row in sorted(rows, key=lambda r: (r["commune__name"], r["village__name_collation"])):
        village = villages.setdefault(
            row["village_id"],
            VillageRow(row["village_id"], row["village__name"], row["commune__name"]),
        )
        village.received += row["n"]
        if row["status"] == CaseStatus.OPEN:
            village.open += row["n"]
        elif row["outcome"] in village.by_outcome:
            village.by_outcome[row["outcome"]] += row["n"]
    mediated = (
        outcome_counts[Outcome.SUCCESSFUL]
        + outcome_counts[Outcome.UNSUCCESSFUL]
        + outcome_counts[Outcome.REFERRED]
    )
    durations = [
        (closed - received).days
        for received, closed in cases.filter(status=CaseStatus.CLOSED).values_list(
            "received_on", "closed_on"
        )
        if closed is not None
    ]
    labels_outcome = dict(Outcome.choices)
    labels_kind = dict(CaseKind.choices)
    return MediationStatistics(
        unit=unit,
        start=start,
        end=end,
        received=sum(outcome_counts.values()) + open_count,
        open=open_count,
        by_outcome=[(o, str(labels_outcome[o]), n) for o, n in outcome_counts.items()],
        by_kind=[(k, str(labels_kind[k]), n) for k, n in kind_counts.items()],
        villages=list(villages.values()),
        success_rate=outcome_counts[Outcome.SUCCESSFUL] / mediated if mediated else None,
        median_days_to_close=float(median(durations)) if durations else None,
    )


def compliance_counts(
    *, under: AdministrativeUnit, start: date, end: date, today: date
) -> dict[int, dict[str, int]]:
    """Per commune id. Keys (all present, ints): 'teams' (active teams),
    'teams_below_minimum', 'cases' (received in [start, end]), 'successful',
    'unsuccessful', 'referred', 'withdrawn', 'open' (of those cases).

    Teams are counted as they stand on ``today``. Communes with an active team or a case
    in the period are listed. Two grouped queries whatever the number of communes.
    """
    result: dict[int, dict[str, int]] = {}

    def counts_for(commune_id: int) -> dict[str, int]:
        return result.setdefault(commune_id, dict.fromkeys(COMPLIANCE_KEYS, 0))

    teams = (
        MediationTeam.objects.filter(commune__path__startswith=under.path)
        .filter(_active_on(today))
        .annotate(serving=Count("members", filter=_serving_on(today), distinct=True))
        .order_by()
    )
    # One row per team: a commune has a team per village, a few dozen at most.
    for commune_id, serving in teams.values_list("commune_id", "serving"):
        counts = counts_for(commune_id)
        counts["teams"] += 1
        if is_below_minimum(serving):
            counts["teams_below_minimum"] += 1
    cases = cases_under(under).filter(received_on__range=(start, end)).order_by()
    is_closed = Q(status=CaseStatus.CLOSED)
    for row in cases.values("commune_id").annotate(
        total=Count("id"),
        successful=Count("id", filter=is_closed & Q(outcome=Outcome.SUCCESSFUL)),
        unsuccessful=Count("id", filter=is_closed & Q(outcome=Outcome.UNSUCCESSFUL)),
        referred=Count("id", filter=is_closed & Q(outcome=Outcome.REFERRED)),
        withdrawn=Count("id", filter=is_closed & Q(outcome=Outcome.WITHDRAWN)),
        still_open=Count("id", filter=Q(status=CaseStatus.OPEN)),
    ):
        counts = counts_for(row["commune_id"])
        counts["cases"] = row["total"]
        for key in ("successful", "unsuccessful", "referred", "withdrawn"):
            counts[key] = row[key]
        counts["open"] = row["still_open"]
    return result
