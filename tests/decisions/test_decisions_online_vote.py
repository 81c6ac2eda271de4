"""The citizen's online vote for their household (/cong-dan/bieu-quyet/)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.decisions import services
from danvan.decisions.models import (
    CommunityDecision,
    DecisionForm,
    Household,
    HouseholdVote,
    Subject,
    VoteChannel,
)
from danvan.units.services import add_village
from tests.decisions.conftest import Village, national, open_now


@dataclass
class Online:
    v: Village
    decision: CommunityDecision
    household: Household
    representative: Any
    url: str


@pytest.fixture
def online(village: Callable[[int], Village], make_user: Callable[..., Any]) -> Online:
    v = village(3)
    representative = make_user(None, full_name="Phạm Văn Đại")
    household = services.set_representative(
        actor=v.officer, household=v.households[0], phone=national(representative)
    )
    decision = open_now(v, title="Chọn ngày tổ chức ngày hội thôn")
    return Online(
        v, decision, household, representative, reverse("decision-votes:vote", args=[decision.pk])
    )


def body(response: Any) -> str:
    return str(response.content.decode())


def test_representative_sees_the_open_vote_and_votes_once(
    online: Online, en_client: Callable[..., Client]
) -> None:
    client = en_client(online.representative)
    listing = client.get(reverse("decision-votes:list"))
    assert listing.status_code == 200
    assert "Chọn ngày tổ chức ngày hội thôn" in body(listing)
    assert "Not voted yet" in body(listing)
    page = client.get(online.url)
    assert page.status_code == 200
    assert "Send the vote" in body(page)
    response = client.post(online.url, {"household": online.household.pk, "choice": "agree"})
    assert response.status_code == 302
    vote = HouseholdVote.objects.get(decision=online.decision)
    assert vote.household == online.household
    assert vote.channel == VoteChannel.ONLINE
    assert vote.entered_by == online.representative
    after = client.get(online.url)
    assert "Your household has voted" in body(after)
    assert "<strong>Agree</strong>" in body(after)
    assert "Send the vote" not in body(after)
    assert "Voted: Agree" in body(client.get(reverse("decision-votes:list")))
    # A second attempt is a clear message, and the first vote stands.
    again = client.post(online.url, {"household": online.household.pk, "choice": "disagree"})
    assert again.status_code == 200
    assert "This household has already voted." in body(again)
    assert HouseholdVote.objects.get(decision=online.decision).choice == "agree"


def test_paper_entry_after_the_online_vote_is_refused(
    online: Online, en_client: Callable[..., Client]
) -> None:
    en_client(online.representative).post(
        online.url, {"household": online.household.pk, "choice": "disagree"}
    )
    staff = en_client(online.v.officer)
    url = reverse("decisions:detail", args=[online.decision.pk])
    # The household is no longer offered, so the entry is a form error.
    response = staff.post(url, {"household": online.household.pk, "choice": "agree"})
    assert response.status_code == 200
    assert HouseholdVote.objects.get(decision=online.decision).channel == VoteChannel.ONLINE
    assert HouseholdVote.objects.get(decision=online.decision).choice == "disagree"


def test_vote_after_closing_is_refused_with_a_message(
    online: Online, en_client: Callable[..., Client]
) -> None:
    services.close_decision(actor=online.v.officer, decision=online.decision)
    client = en_client(online.representative)
    page = client.get(online.url)
    assert page.status_code == 200
    assert "Voting is closed" in body(page)
    assert "Send the vote" not in body(page)
    response = client.post(online.url, {"household": online.household.pk, "choice": "agree"})
    assert response.status_code == 200
    assert "Votes are accepted only while the vote is open." in body(response)
    assert not HouseholdVote.objects.exists()
    # A closed vote is no longer listed as open.
    assert "Chọn ngày" not in body(client.get(reverse("decision-votes:list")))


def test_vote_after_the_closing_time_is_refused_even_before_counting(
    online: Online, en_client: Callable[..., Client]
) -> None:
    CommunityDecision.objects.filter(pk=online.decision.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    client = en_client(online.representative)
    assert "Voting is closed" in body(client.get(online.url))
    response = client.post(online.url, {"household": online.household.pk, "choice": "agree"})
    assert response.status_code == 200
    assert "Votes are accepted only while the vote is open." in body(response)
    assert not HouseholdVote.objects.exists()


def test_non_representative_is_told_plainly(
    online: Online, en_client: Callable[..., Client], make_user: Callable[..., Any]
) -> None:
    client = en_client(make_user(None))
    listing = client.get(reverse("decision-votes:list"))
    assert listing.status_code == 200
    assert "Your account is not linked to a household." in body(listing)
    for response in (
        client.get(online.url),
        client.post(online.url, {"household": online.household.pk, "choice": "agree"}),
    ):
        assert response.status_code == 403
        assert "You are not recorded as the representative of a household" in body(response)
    assert not HouseholdVote.objects.exists()


def test_representative_of_another_household_cannot_vote_for_this_one(
    online: Online, en_client: Callable[..., Client], make_user: Callable[..., Any]
) -> None:
    neighbour = make_user(None, full_name="Hàng Xóm")
    services.set_representative(
        actor=online.v.officer, household=online.v.households[1], phone=national(neighbour)
    )
    client = en_client(neighbour)
    response = client.post(online.url, {"household": online.household.pk, "choice": "agree"})
    assert response.status_code == 200
    assert "You may vote online only for your own household." in body(response)
    assert not HouseholdVote.objects.exists()
    # Their own household's vote goes through, and only for their own household.
    client.post(online.url, {"household": online.v.households[1].pk, "choice": "abstain"})
    assert list(HouseholdVote.objects.values_list("household_id", flat=True)) == [
        online.v.households[1].pk
    ]


def test_representative_in_another_village_is_refused(
    online: Online, en_client: Callable[..., Client], make_user: Callable[..., Any], tree: Any
) -> None:
    other = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Tây")
    far = services.register_household(
        actor=online.v.officer, village=other, code="T1", head_name="Hộ thôn Tây"
    )
    person = make_user(None)
    services.set_representative(actor=online.v.officer, household=far, phone=national(person))
    client = en_client(person)
    assert "Chọn ngày" not in body(client.get(reverse("decision-votes:list")))
    response = client.post(online.url, {"household": far.pk, "choice": "agree"})
    assert response.status_code == 403
    assert not HouseholdVote.objects.exists()


def test_only_online_decisions_have_a_citizen_page(
    village: Callable[[int], Village], en_client: Callable[..., Client], make_user: Any
) -> None:
    v = village(2)
    person = make_user(None)
    services.set_representative(actor=v.officer, household=v.households[0], phone=national(person))
    paper = open_now(v, subject=Subject.VILLAGE_RULES, form=DecisionForm.BALLOT)
    client = en_client(person)
    assert client.get(reverse("decision-votes:vote", args=[paper.pk])).status_code == 404
    listing = body(client.get(reverse("decision-votes:list")))
    assert "No online vote is open for your household now." in listing


def test_anonymous_is_sent_to_sign_in(online: Online) -> None:
    for url in (reverse("decision-votes:list"), online.url):
        response = Client().get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    assert Client().post(online.url, {"choice": "agree"}).status_code == 302
    assert not HouseholdVote.objects.exists()


def test_csrf_is_checked(online: Online) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(online.representative)
    response = client.post(online.url, {"household": online.household.pk, "choice": "agree"})
    assert response.status_code == 403
    assert not HouseholdVote.objects.exists()


def test_draft_is_not_yet_open(
    village: Callable[[int], Village], en_client: Callable[..., Client], make_user: Any
) -> None:
    v = village(2)
    person = make_user(None)
    services.set_representative(actor=v.officer, household=v.households[0], phone=national(person))
    now = timezone.now()
    draft = services.create_decision(
        actor=v.officer,
        village=v.unit,
        subject=Subject.OTHER,
        title="Việc sắp bàn",
        form=DecisionForm.ONLINE,
        noticed_on=timezone.localdate(now),
        opens_at=now + timedelta(days=3),
        closes_at=now + timedelta(days=5),
        counting_board=["A Một", "B Hai", "C Ba"],
    )
    client = en_client(person)
    url = reverse("decision-votes:vote", args=[draft.pk])
    assert "Voting has not opened yet." in body(client.get(url))
    response = client.post(url, {"household": v.households[0].pk, "choice": "agree"})
    assert response.status_code == 200
    assert "Votes are accepted only while the vote is open." in body(response)
    assert not HouseholdVote.objects.exists()
