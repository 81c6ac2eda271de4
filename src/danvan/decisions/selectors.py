"""Reads of household decisions: registers, lists, and what a decision page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.accounts.selectors import (
    communes_readable_by,
    communes_where,
)
from danvan.decisions import thresholds
from danvan.decisions.models import (
    CitizenInitiative,
    CommunityDecision,
    DecisionForm,
    DecisionStatus,
    Household,
    HouseholdVote,
    VoteChoice,
)
from danvan.decisions.rules import MANAGER_ROLES
from danvan.units.models import AdministrativeUnit, UnitLevel

BAR_LABELS: dict[str, Promise] = {
    thresholds.TWO_THIRDS: _("two thirds"),
    thresholds.MAJORITY: _("more than half"),
}


def active_households(*, village: AdministrativeUnit) -> QuerySet[Household]:
    return Household.objects.filter(village=village, is_active=True)


def household_register(*, village: AdministrativeUnit) -> QuerySet[Household]:
    """Every household of the village, struck-off ones included, by code."""
    return Household.objects.filter(village=village).select_related("representative")


def managed_communes(user: Any) -> list[AdministrativeUnit]:
    """The communes whose villages' votes the user runs: as reception officer, case
    handler or leader of the commune, or of a unit above it reaching its subtree."""
    return list(communes_where(user, MANAGER_ROLES))


def readable_communes(user: Any) -> QuerySet[AdministrativeUnit]:
    """The communes the user may read (monitors included)."""
    return communes_readable_by(user)


def villages_of(communes: Any) -> QuerySet[AdministrativeUnit]:
    return (
        AdministrativeUnit.objects.filter(parent__in=communes, level=UnitLevel.VILLAGE)
        .select_related("parent")
        .annotate(
            household_count=Count("households", filter=Q(households__is_active=True)),
        )
        .order_by("parent__name_collation", "name_collation")
    )


def managed_villages(user: Any) -> QuerySet[AdministrativeUnit]:
    """Villages in force where the user may register households and put matters to the vote."""
    return AdministrativeUnit.objects.filter(
        parent__in=managed_communes(user), level=UnitLevel.VILLAGE, is_active=True
    ).order_by("parent__name_collation", "name_collation")


def decisions_of_communes(*, communes: Any) -> QuerySet[CommunityDecision]:
    return CommunityDecision.objects.filter(village__parent__in=communes).select_related("village")


def initiatives_of_communes(*, communes: Any) -> QuerySet[CitizenInitiative]:
    return (
        CitizenInitiative.objects.filter(village__parent__in=communes)
        .select_related("village")
        .annotate(supporter_count=Count("supporters"))
    )


def households_yet_to_vote(*, decision: CommunityDecision) -> QuerySet[Household]:
    return active_households(village=decision.village).exclude(votes__decision=decision)


def tally(*, decision: CommunityDecision) -> dict[str, int]:
    """Votes per choice as stored, zero for a choice nobody made."""
    counts = dict.fromkeys(VoteChoice.values, 0)
    rows = HouseholdVote.objects.filter(decision=decision).values("choice").annotate(n=Count("id"))
    for row in rows:
        counts[row["choice"]] = row["n"]
    return counts


def votes_needed(threshold: str, total: int) -> int:
    """The fewest households agreeing that reach ``threshold`` out of ``total``."""
    if threshold == thresholds.TWO_THIRDS:
        return (2 * total + 2) // 3  # smallest a with 3a >= 2t
    if threshold == thresholds.MAJORITY:
        return total // 2 + 1  # smallest a with 2a > t
    raise ValueError(f"unknown threshold {threshold!r}")


@dataclass(frozen=True)
class Clock:
    """One legal period: the day it ends, the day it was met, and whether it is late."""

    due: date | None
    done_on: date | None
    late: bool


@dataclass(frozen=True)
class DecisionSummary:
    tally: dict[str, int]
    cast: int
    total: int | None  # households counted: known once the vote opens
    threshold: str
    bar_label: str
    needed: int | None
    citation: str
    send: Clock
    answer: Clock


def _clock(due: date | None, done_on: date | None, recorded_late: bool, today: date) -> Clock:
    if due is None:
        return Clock(None, None, False)
    late = recorded_late if done_on is not None else today > due
    return Clock(due, done_on, late)


def summarize(decision: CommunityDecision, *, today: date | None = None) -> DecisionSummary:
    """Turnout, the bar with its numbers, and the two clocks of Art. 20–22."""
    today = today or timezone.localdate()
    counts = tally(decision=decision)
    threshold = decision.threshold or thresholds.threshold_for(decision.subject)
    total = decision.households_total
    return DecisionSummary(
        tally=counts,
        cast=sum(counts.values()),
        total=total,
        threshold=threshold,
        bar_label=str(BAR_LABELS[threshold]),
        needed=votes_needed(threshold, total) if total else None,
        citation=thresholds.CITATIONS[threshold],
        send=_clock(decision.send_due_on, decision.sent_on, decision.sent_late, today),
        answer=_clock(decision.answer_due_on, decision.answered_on, decision.answered_late, today),
    )


def initiative_households(initiative: CitizenInitiative) -> int:
    return active_households(village=initiative.village).count()


def supporters_needed(total: int) -> int:
    """Art. 16: at least 10% of the households (smallest s with 10s >= total)."""
    return max(1, (total + 9) // 10)


# The citizen's side: online votes of the households one represents.


@dataclass(frozen=True)
class Ballot:
    decision: CommunityDecision
    household: Household
    vote: HouseholdVote | None


def represented_households(user: Any) -> QuerySet[Household]:
    if not getattr(user, "is_authenticated", False):
        return Household.objects.none()
    return Household.objects.filter(representative=user, is_active=True).select_related("village")


def open_ballots(user: Any) -> list[Ballot]:
    """The open online votes of the villages where the user represents a household."""
    households = list(represented_households(user))
    if not households:
        return []
    by_village = {h.village_id: h for h in households}
    decisions = CommunityDecision.objects.filter(
        village_id__in=by_village,
        form=DecisionForm.ONLINE,
        status=DecisionStatus.OPEN,
    ).select_related("village")
    votes = {
        (v.decision_id, v.household_id): v
        for v in HouseholdVote.objects.filter(decision__in=decisions, household__in=households)
    }
    ballots = []
    for decision in decisions.order_by("closes_at", "pk"):
        household = by_village[decision.village_id]
        ballots.append(Ballot(decision, household, votes.get((decision.pk, household.pk))))
    return ballots


def vote_of(*, decision: CommunityDecision, household: Household) -> HouseholdVote | None:
    return HouseholdVote.objects.filter(decision=decision, household=household).first()


def is_accepting_votes(decision: CommunityDecision, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return decision.status == DecisionStatus.OPEN and decision.opens_at <= now < decision.closes_at
