"""The demo year of household decisions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.decisions import selectors
from danvan.decisions.demo import seed_demo
from danvan.decisions.models import (
    CitizenInitiative,
    CommunityDecision,
    DecisionForm,
    DecisionStatus,
    Household,
    HouseholdVote,
    Subject,
)
from danvan.units.services import add_village


def test_seed_demo_builds_a_year_and_runs_once(
    tree: Any, make_user: Callable[..., Any], en_client: Callable[..., Client]
) -> None:
    commune = tree.ba_dinh
    for name in ("Thôn Đông", "Thôn Đoài", "Thôn Trung"):
        add_village(actor=None, commune=commune, name=name)
    agency = tree.agency(commune)
    staff = {
        "officer": make_user(Role.RECEPTION_OFFICER, agency, full_name="Trần Thị Bình"),
        "handler": make_user(Role.CASE_HANDLER, agency, full_name="Lê Văn Cường"),
        "leader": make_user(Role.LEADER, agency, full_name="Phạm Thị Dung"),
        "citizen": make_user(None, full_name="Nguyễn Văn An"),
    }
    today = timezone.localdate()
    created = seed_demo(commune=commune, staff=staff, today=today)

    households = Household.objects.filter(village__parent=commune)
    decisions = CommunityDecision.objects.filter(village__parent=commune)
    expected = (
        households.count()
        + decisions.count()
        + HouseholdVote.objects.count()
        + CitizenInitiative.objects.count()
        + sum(i.supporters.count() for i in CitizenInitiative.objects.all())
    )
    assert created == expected
    for village in commune.children.all():
        assert 25 <= village.households.count() <= 45
        assert all(h.head_name.count(" ") >= 2 for h in village.households.all())
    assert 5 <= decisions.count() <= 6

    by_subject = {d.subject: d for d in decisions.exclude(status=DecisionStatus.DRAFT)}
    infrastructure = by_subject[Subject.INFRASTRUCTURE]
    assert infrastructure.passed is True
    assert 3 * infrastructure.votes_agree >= 2 * (infrastructure.households_total or 0)
    fund = by_subject[Subject.COMMUNITY_FUND]
    assert fund.passed is False
    assert (
        fund.votes_agree == selectors.votes_needed(fund.threshold, fund.households_total or 0) - 1
    )
    assert by_subject[Subject.VILLAGE_RULES].passed is True
    assert by_subject[Subject.VILLAGE_HEAD].status == DecisionStatus.REFUSED
    assert by_subject[Subject.VILLAGE_HEAD].answer_reason
    assert decisions.filter(sent_late=True).count() == 1
    assert decisions.filter(answered_late=True, status=DecisionStatus.RECOGNISED).count() == 1
    for decision in decisions.exclude(status__in=[DecisionStatus.OPEN, DecisionStatus.DRAFT]):
        assert decision.answered_on is not None
        assert decision.answered_on <= today

    online = by_subject[Subject.OTHER]
    assert online.form == DecisionForm.ONLINE
    assert online.status == DecisionStatus.OPEN
    assert online.opens_at < timezone.now() < online.closes_at
    first_village = online.village
    mine = Household.objects.get(representative=staff["citizen"])
    assert mine.village == first_village
    assert [b.decision for b in selectors.open_ballots(staff["citizen"])] == [online]

    initiative = CitizenInitiative.objects.get()
    assert initiative.supported_on is not None

    # The demo citizen can vote online for their household.
    url = reverse("decision-votes:vote", args=[online.pk])
    response = en_client(staff["citizen"]).post(url, {"household": mine.pk, "choice": "agree"})
    assert response.status_code == 302
    assert HouseholdVote.objects.filter(decision=online, household=mine).exists()

    # Idempotent: a second run adds nothing.
    counts = (households.count(), decisions.count(), HouseholdVote.objects.count())
    assert seed_demo(commune=commune, staff=staff, today=today) == 0
    assert (households.count(), decisions.count(), HouseholdVote.objects.count()) == counts


def test_seed_demo_without_villages_does_nothing(tree: Any, make_user: Callable[..., Any]) -> None:
    agency = tree.agency(tree.bac_ly)
    officer = make_user(Role.RECEPTION_OFFICER, agency)
    staff = {"officer": officer, "handler": officer, "leader": officer, "citizen": None}
    assert seed_demo(commune=tree.bac_ly, staff=staff, today=timezone.localdate()) == 0
    assert not CommunityDecision.objects.exists()
