from __future__ import annotations

from django.db.models import Count, QuerySet

from danvan.decisions.models import CommunityDecision, Household, HouseholdVote, VoteChoice
from danvan.units.models import AdministrativeUnit


def active_households(*, village: AdministrativeUnit) -> QuerySet[Household]:
    return Household.objects.filter(village=village, is_active=True)


def decisions_of_communes(*, communes: list[AdministrativeUnit]) -> QuerySet[CommunityDecision]:
    return CommunityDecision.objects.filter(village__parent__in=communes).select_related("village")


def households_yet_to_vote(*, decision: CommunityDecision) -> QuerySet[Household]:
    return active_households(village=decision.village).exclude(votes__decision=decision)


def tally(*, decision: CommunityDecision) -> dict[str, int]:
    """Votes per choice as stored, zero for a choice nobody made."""
    counts = dict.fromkeys(VoteChoice.values, 0)
    rows = HouseholdVote.objects.filter(decision=decision).values("choice").annotate(n=Count("id"))
    for row in rows:
        counts[row["choice"]] = row["n"]
    return counts
