from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.decisions import services
from danvan.decisions.models import CommunityDecision, HouseholdVote, Subject
from tests.decisions.conftest import BOARD, Village


def open_now(v: Village) -> CommunityDecision:
    now = timezone.now()
    decision = services.create_decision(
        actor=v.officer,
        village=v.unit,
        subject=Subject.VILLAGE_RULES,
        title="Sửa đổi hương ước",
        form="ballot",
        noticed_on=timezone.localdate(now) - timedelta(days=3),
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        counting_board=BOARD,
    )
    return services.open_decision(actor=v.officer, decision=decision)


def test_officer_lists_and_enters_a_paper_vote(
    village: Callable[[int], Village], client_for: Callable[[Any], Any]
) -> None:
    v = village(3)
    decision = open_now(v)
    client = client_for(v.officer)
    page = client.get(reverse("decisions:list"))
    assert page.status_code == 200
    assert "Sửa đổi hương ước" in page.content.decode()
    url = reverse("decisions:detail", args=[decision.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"household": v.households[0].pk, "choice": "agree"})
    assert response.status_code == 302
    vote = HouseholdVote.objects.get(decision=decision)
    assert vote.channel == "paper"
    assert vote.entered_by == v.officer
    # The household that voted is no longer offered: a second entry is a form error.
    again = client.post(url, {"household": v.households[0].pk, "choice": "disagree"})
    assert again.status_code == 200
    assert HouseholdVote.objects.filter(decision=decision).count() == 1


def test_sibling_commune_staff_get_403(
    village: Callable[[int], Village],
    tree: Any,
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Any],
) -> None:
    v = village(2)
    decision = open_now(v)
    outsider = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha))
    client = client_for(outsider)
    url = reverse("decisions:detail", args=[decision.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"household": v.households[0].pk, "choice": "agree"}).status_code == 403
    assert not HouseholdVote.objects.exists()
