"""Who is told when an online vote opens and when a result reaches the commune."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from danvan.accounts.roles import Role
from danvan.decisions import services
from danvan.decisions.models import DecisionForm, Subject
from danvan.notifications.models import Notification
from tests.decisions.conftest import HCM, Village, make_decision


def test_representatives_are_told_an_online_vote_is_open(
    village: Callable[[int], Village], make_user: Callable[..., Any]
) -> None:
    v = village(3)
    citizen = make_user(Role.CITIZEN, full_name="Lê Thị Hoa")
    services.set_representative(actor=v.officer, household=v.households[0], phone=citizen.phone)
    struck_off = make_user(Role.CITIZEN, full_name="Phan Văn Tú")
    services.set_representative(actor=v.officer, household=v.households[1], phone=struck_off.phone)
    services.deactivate_household(actor=v.officer, household=v.households[1])

    decision = make_decision(v, subject=Subject.OTHER, form=DecisionForm.ONLINE)
    told = Notification.objects.filter(topic="decisions.vote_open")
    assert [n.recipient for n in told] == [citizen]
    assert told.get().url == f"/cong-dan/bieu-quyet/{decision.pk}/"

    # A ballot on paper tells nobody online.
    make_decision(v, subject=Subject.OTHER, form=DecisionForm.BALLOT)
    assert told.count() == 1


def test_the_commune_leader_is_told_a_result_awaits_recognition(
    tree: Any, village: Callable[[int], Village], make_user: Callable[..., Any]
) -> None:
    v = village(3)
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    make_user(Role.LEADER, tree.agency(tree.ngoc_ha))  # another commune's: not told
    decision = make_decision(v)
    decision = services.close_decision(
        actor=v.officer, decision=decision, now=datetime(2026, 3, 13, 18, tzinfo=HCM)
    )
    services.send_result(actor=v.officer, decision=decision, sent_on=date(2026, 3, 16))
    told = Notification.objects.filter(topic="decisions.result_sent")
    assert [n.recipient for n in told] == [leader]
    assert "23/03/2026" in told.get().body
