from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.decisions import services
from danvan.decisions.models import (
    CommunityDecision,
    DecisionForm,
    DecisionStatus,
    HouseholdVote,
    Subject,
    VoteChannel,
)
from danvan.units.services import add_village
from tests.decisions.conftest import (
    BOARD,
    CLOSES_AT,
    DURING,
    NOTICED_ON,
    OPENS_AT,
    Village,
    make_decision,
)

AFTER = CLOSES_AT + timedelta(hours=1)


def vote_all(v: Village, decision: CommunityDecision, agree: int, disagree: int = 0) -> None:
    for i, household in enumerate(v.households[: agree + disagree]):
        services.enter_paper_vote(
            actor=v.officer,
            decision=decision,
            household=household,
            choice="agree" if i < agree else "disagree",
            now=DURING,
        )


@pytest.mark.parametrize(
    ("subject", "agree", "passed"),
    [
        (Subject.INFRASTRUCTURE, 19, False),  # fails 2/3 of 30 by one household
        (Subject.INFRASTRUCTURE, 20, True),
        (Subject.OTHER, 15, False),
        (Subject.OTHER, 16, True),
    ],
)
def test_vote_counted_against_all_households(
    village: Callable[[int], Village], subject: str, agree: int, passed: bool
) -> None:
    v = village(30)
    decision = make_decision(v, subject=subject)
    assert decision.households_total == 30
    # Those who do not vote count against: the bar is all households of the village.
    vote_all(v, decision, agree, disagree=3)
    decision = services.close_decision(actor=v.officer, decision=decision, now=AFTER)
    assert decision.status == DecisionStatus.CLOSED
    assert decision.votes_agree == agree
    assert decision.votes_disagree == 3
    assert decision.passed is passed


def test_household_count_is_snapshot_at_opening(village: Callable[[int], Village]) -> None:
    v = village(3)
    decision = make_decision(v, subject=Subject.OTHER)
    late = services.register_household(
        actor=v.officer, village=v.unit, code="H999", head_name="Hộ mới"
    )
    with pytest.raises(ValidationError):
        services.enter_paper_vote(
            actor=v.officer, decision=decision, household=late, choice="agree", now=DURING
        )
    vote_all(v, decision, agree=2)
    decision = services.close_decision(actor=v.officer, decision=decision, now=AFTER)
    assert decision.households_total == 3
    assert decision.passed is True


def test_paper_vote_entered_twice_is_refused(village: Callable[[int], Village]) -> None:
    v = village(3)
    decision = make_decision(v)
    household = v.households[0]
    services.enter_paper_vote(
        actor=v.officer, decision=decision, household=household, choice="agree", now=DURING
    )
    with pytest.raises(ValidationError):
        services.enter_paper_vote(
            actor=v.officer, decision=decision, household=household, choice="disagree", now=DURING
        )
    assert HouseholdVote.objects.filter(decision=decision).count() == 1


@pytest.fixture
def online(village: Callable[[int], Village], make_user: Callable[..., Any]) -> Any:
    v = village(3)
    representative = make_user(None, full_name="Phạm Văn Đại")
    household = v.households[0]
    household.representative = representative
    household.save(update_fields=["representative"])
    decision = make_decision(v, subject=Subject.OTHER, form=DecisionForm.ONLINE)
    return v, decision, household, representative


def test_online_then_paper_is_refused(online: Any) -> None:
    v, decision, household, representative = online
    vote = services.cast_online_vote(
        actor=representative, decision=decision, household=household, choice="agree", now=DURING
    )
    assert vote.channel == VoteChannel.ONLINE
    with pytest.raises(ValidationError):
        services.enter_paper_vote(
            actor=v.officer, decision=decision, household=household, choice="agree", now=DURING
        )
    assert HouseholdVote.objects.filter(decision=decision).count() == 1


def test_paper_then_online_is_refused(online: Any) -> None:
    v, decision, household, representative = online
    services.enter_paper_vote(
        actor=v.officer, decision=decision, household=household, choice="disagree", now=DURING
    )
    with pytest.raises(ValidationError):
        services.cast_online_vote(
            actor=representative, decision=decision, household=household, choice="agree", now=DURING
        )
    assert HouseholdVote.objects.get(decision=decision).choice == "disagree"


def test_online_twice_is_refused(online: Any) -> None:
    _, decision, household, representative = online
    services.cast_online_vote(
        actor=representative, decision=decision, household=household, choice="agree", now=DURING
    )
    with pytest.raises(ValidationError):
        services.cast_online_vote(
            actor=representative, decision=decision, household=household, choice="agree", now=DURING
        )
    assert HouseholdVote.objects.filter(decision=decision).count() == 1


def test_the_database_refuses_a_second_vote(online: Any) -> None:
    # A concurrent second vote that slipped past the service's check.
    from django.db import IntegrityError, transaction

    v, decision, household, _ = online
    services.enter_paper_vote(
        actor=v.officer, decision=decision, household=household, choice="agree", now=DURING
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdVote.objects.create(
            decision=decision, household=household, choice="agree", channel="online", cast_at=DURING
        )


def test_representative_may_not_vote_for_another_household(online: Any) -> None:
    v, decision, _, representative = online
    with pytest.raises(PermissionDenied):
        services.cast_online_vote(
            actor=representative,
            decision=decision,
            household=v.households[1],
            choice="agree",
            now=DURING,
        )
    assert not HouseholdVote.objects.exists()


def test_online_vote_only_on_an_online_decision(
    village: Callable[[int], Village], make_user: Callable[..., Any]
) -> None:
    v = village(3)
    household = v.households[0]
    household.representative = make_user(None)
    household.save(update_fields=["representative"])
    decision = make_decision(v, subject=Subject.OTHER, form=DecisionForm.BALLOT)
    with pytest.raises(ValidationError):
        services.cast_online_vote(
            actor=household.representative,
            decision=decision,
            household=household,
            choice="agree",
            now=DURING,
        )


@pytest.mark.parametrize(
    "when", [OPENS_AT - timedelta(minutes=1), CLOSES_AT, CLOSES_AT + timedelta(days=1)]
)
def test_vote_outside_the_window_is_refused(
    village: Callable[[int], Village], when: datetime
) -> None:
    v = village(3)
    decision = make_decision(v)
    with pytest.raises(ValidationError):
        services.enter_paper_vote(
            actor=v.officer, decision=decision, household=v.households[0], choice="agree", now=when
        )


def test_vote_after_closing_is_refused(village: Callable[[int], Village]) -> None:
    v = village(3)
    decision = make_decision(v)
    services.close_decision(actor=v.officer, decision=decision, now=DURING)
    with pytest.raises(ValidationError):
        services.enter_paper_vote(
            actor=v.officer,
            decision=decision,
            household=v.households[0],
            choice="agree",
            now=DURING,
        )
    assert not HouseholdVote.objects.exists()


def test_vote_before_opening_the_decision_is_refused(village: Callable[[int], Village]) -> None:
    v = village(3)
    decision = make_decision(v, open_it=False)
    with pytest.raises(ValidationError):
        services.enter_paper_vote(
            actor=v.officer,
            decision=decision,
            household=v.households[0],
            choice="agree",
            now=DURING,
        )


def test_inactive_or_foreign_household_is_refused(
    village: Callable[[int], Village], tree: Any
) -> None:
    v = village(3)
    decision = make_decision(v)
    inactive = v.households[0]
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    other_village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Tây")
    foreign = services.register_household(
        actor=v.officer, village=other_village, code="X001", head_name="Hộ thôn khác"
    )
    for household in (inactive, foreign):
        with pytest.raises(ValidationError):
            services.enter_paper_vote(
                actor=v.officer, decision=decision, household=household, choice="agree", now=DURING
            )


def _create(v: Village, **changes: Any) -> CommunityDecision:
    fields: dict[str, Any] = {
        "subject": Subject.OTHER,
        "title": "Tổ chức ngày hội",
        "form": DecisionForm.MEETING,
        "noticed_on": NOTICED_ON,
        "opens_at": OPENS_AT,
        "closes_at": CLOSES_AT,
        "counting_board": BOARD,
        **changes,
    }
    return services.create_decision(actor=v.officer, village=v.unit, **fields)


def test_notice_of_less_than_two_days_is_refused(village: Callable[[int], Village]) -> None:
    v = village(1)
    with pytest.raises(ValidationError) as error:
        _create(v, noticed_on=date(2026, 3, 8))  # one day before Monday 9 March
    assert "noticed_on" in error.value.message_dict
    assert _create(v, noticed_on=date(2026, 3, 7)).pk  # exactly two days


@pytest.mark.parametrize("subject", [s for s in Subject.values if s != Subject.OTHER])
def test_online_only_for_other_matters(village: Callable[[int], Village], subject: str) -> None:
    v = village(1)
    with pytest.raises(ValidationError) as error:
        _create(v, subject=subject, form=DecisionForm.ONLINE)
    assert "form" in error.value.message_dict


@pytest.mark.parametrize("size", [2, 6])
def test_counting_board_of_three_to_five(village: Callable[[int], Village], size: int) -> None:
    v = village(1)
    names = [f"Thành viên {i}" for i in range(size)]
    with pytest.raises(ValidationError):
        _create(v, counting_board=names)
    assert not CommunityDecision.objects.exists()


def test_result_clocks_across_a_weekend(
    village: Callable[[int], Village], tree: Any, make_user: Callable[..., Any]
) -> None:
    v = village(3)
    decision = make_decision(v, subject=Subject.OTHER)
    vote_all(v, decision, agree=2)
    decision = services.close_decision(actor=v.officer, decision=decision, now=CLOSES_AT)
    # Closed Friday 13 March: five working days skip the weekend, due Friday 20 March.
    assert decision.send_due_on == date(2026, 3, 20)
    decision = services.send_result(actor=v.officer, decision=decision, sent_on=date(2026, 3, 20))
    assert decision.status == DecisionStatus.SENT
    assert decision.sent_late is False
    assert decision.answer_due_on == date(2026, 3, 27)
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    with pytest.raises(PermissionDenied):
        # Entering votes is not enough: recognising is the leader's act.
        services.answer_result(
            actor=v.officer, decision=decision, recognised=True, answered_on=date(2026, 3, 23)
        )
    decision = services.answer_result(
        actor=leader, decision=decision, recognised=True, answered_on=date(2026, 3, 30)
    )
    assert decision.status == DecisionStatus.RECOGNISED
    assert decision.answered_late is True


def test_late_sending_is_recorded(
    village: Callable[[int], Village], tree: Any, make_user: Any
) -> None:
    v = village(3)
    decision = make_decision(v)
    decision = services.close_decision(actor=v.officer, decision=decision, now=CLOSES_AT)
    decision = services.send_result(actor=v.officer, decision=decision, sent_on=date(2026, 3, 23))
    assert decision.sent_late is True
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    with pytest.raises(ValidationError):
        services.answer_result(
            actor=leader, decision=decision, recognised=False, answered_on=date(2026, 3, 24)
        )
    decision = services.answer_result(
        actor=leader,
        decision=decision,
        recognised=False,
        answered_on=date(2026, 3, 30),
        reason="Không đủ số hộ tán thành.",
    )
    assert decision.status == DecisionStatus.REFUSED
    assert decision.answered_late is False  # due Monday 30 March


def test_staff_of_a_sibling_commune_is_refused(
    village: Callable[[int], Village], tree: Any, make_user: Callable[..., Any]
) -> None:
    v = village(3)
    decision = make_decision(v)
    outsider = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha))
    with pytest.raises(PermissionDenied):
        services.register_household(actor=outsider, village=v.unit, code="Z1", head_name="A")
    with pytest.raises(PermissionDenied):
        _create(Village(v.unit, outsider, []))
    with pytest.raises(PermissionDenied):
        services.enter_paper_vote(
            actor=outsider, decision=decision, household=v.households[0], choice="agree", now=DURING
        )
    with pytest.raises(PermissionDenied):
        services.close_decision(actor=outsider, decision=decision, now=AFTER)


def test_household_code_unique_per_village(village: Callable[[int], Village]) -> None:
    v = village(1)
    with pytest.raises(ValidationError):
        services.register_household(actor=v.officer, village=v.unit, code="H001", head_name="B")


def test_every_step_is_audited(village: Callable[[int], Village]) -> None:
    v = village(3)
    decision = make_decision(v)
    vote_all(v, decision, agree=1)
    services.close_decision(actor=v.officer, decision=decision, now=AFTER)
    actions = list(
        AuditEntry.objects.filter(action__startswith="decisions.").values_list("action", flat=True)
    )
    assert actions.count("decisions.household.create") == 3
    for action in (
        "decisions.decision.create",
        "decisions.decision.open",
        "decisions.vote.paper",
        "decisions.decision.close",
    ):
        assert action in actions


def test_initiative_needs_ten_percent_within_three_months(
    village: Callable[[int], Village],
) -> None:
    v = village(30)
    initiative = services.propose_initiative(
        actor=v.officer, village=v.unit, title="Lắp đèn đường", proposed_on=date(2026, 11, 30)
    )
    assert initiative.valid_until == date(2027, 2, 28)  # three months, end of a short month
    for household in v.households[:2]:
        initiative = services.add_initiative_support(
            actor=v.officer, initiative=initiative, household=household, on=date(2026, 12, 1)
        )
    assert initiative.supported_on is None  # 2 of 30 is under 10%
    with pytest.raises(ValidationError):
        services.add_initiative_support(
            actor=v.officer, initiative=initiative, household=v.households[0], on=date(2026, 12, 1)
        )
    with pytest.raises(ValidationError):
        services.add_initiative_support(
            actor=v.officer, initiative=initiative, household=v.households[2], on=date(2027, 3, 1)
        )
    initiative = services.add_initiative_support(
        actor=v.officer, initiative=initiative, household=v.households[2], on=date(2027, 2, 28)
    )
    assert initiative.supported_on == date(2027, 2, 28)  # 3 of 30


def test_a_race_past_the_check_is_refused_by_the_constraint(
    village: Callable[[int], Village], monkeypatch: pytest.MonkeyPatch
) -> None:
    v = village(3)
    decision = make_decision(v)
    household = v.households[0]
    services.enter_paper_vote(
        actor=v.officer, decision=decision, household=household, choice="agree", now=DURING
    )
    # As if a second request had checked before the first one wrote.
    monkeypatch.setattr(services, "_has_voted", lambda decision, household: False)
    with pytest.raises(ValidationError):
        services.enter_paper_vote(
            actor=v.officer, decision=decision, household=household, choice="agree", now=DURING
        )
    assert HouseholdVote.objects.filter(decision=decision).count() == 1


def test_steps_out_of_order_are_refused(village: Callable[[int], Village]) -> None:
    v = village(3)
    draft = make_decision(v, open_it=False)
    with pytest.raises(ValidationError):
        services.close_decision(actor=v.officer, decision=draft, now=AFTER)
    with pytest.raises(ValidationError):
        services.send_result(actor=v.officer, decision=draft, sent_on=date(2026, 3, 16))
    opened = services.open_decision(actor=v.officer, decision=draft)
    with pytest.raises(ValidationError):
        services.open_decision(actor=v.officer, decision=opened)
    closed = services.close_decision(actor=v.officer, decision=opened, now=CLOSES_AT)
    with pytest.raises(ValidationError):
        services.send_result(actor=v.officer, decision=closed, sent_on=date(2026, 3, 12))


def test_opening_needs_registered_households(tree: Any, make_user: Callable[..., Any]) -> None:
    officer = make_user(Role.CASE_HANDLER, tree.agency(tree.bac_ly))
    unit = add_village(actor=None, commune=tree.bac_ly, name="Thôn Bắc")
    decision = make_decision(Village(unit, officer, []), open_it=False)
    with pytest.raises(ValidationError):
        services.open_decision(actor=officer, decision=decision)
