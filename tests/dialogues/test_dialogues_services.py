from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.dialogues import selectors, services
from danvan.dialogues.models import CommitmentStatus, MeetingKind, MeetingStatus
from tests.dialogues.conftest import DAY, TODAY, Commune, dialogue, held_dialogue


def year_end(c: Commune, *, noticed_on: date, day: date = date(2025, 12, 10)) -> Any:
    return services.schedule_meeting(
        actor=c.officer,
        commune=c.unit,
        kind=MeetingKind.YEAR_END_VILLAGE,
        village=c.east,
        title="Hội nghị Thôn Đông cuối năm 2025",
        scheduled_at=services.at(day, 19),
        place="Nhà văn hóa Thôn Đông",
        noticed_on=noticed_on,
    )


def test_year_end_meeting_needs_five_days_notice(commune: Commune) -> None:
    with pytest.raises(ValidationError) as excinfo:
        year_end(commune, noticed_on=date(2025, 12, 6))  # 4 days ahead
    message = excinfo.value.message_dict["noticed_on"][0]
    assert "at least 5 days" in message
    assert "06/12/2025" in message
    meeting = year_end(commune, noticed_on=date(2025, 12, 5))  # 5 days ahead
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.village == commune.east


def test_notice_cannot_follow_the_meeting(commune: Commune) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.schedule_meeting(
            actor=commune.officer,
            commune=commune.unit,
            kind=MeetingKind.CHAIR_DIALOGUE,
            title="Đối thoại",
            scheduled_at=services.at(DAY),
            place="Hội trường",
            noticed_on=DAY + timedelta(days=1),
        )
    assert "noticed_on" in excinfo.value.message_dict
    # A chair dialogue has no minimum notice: the same day is accepted.
    same_day = services.schedule_meeting(
        actor=commune.officer,
        commune=commune.unit,
        kind=MeetingKind.CHAIR_DIALOGUE,
        title="Đối thoại",
        scheduled_at=services.at(DAY),
        place="Hội trường",
        noticed_on=DAY,
    )
    assert same_day.village is None


def test_year_end_meeting_needs_a_village_of_the_commune(commune: Commune, tree: Any) -> None:
    from danvan.units.services import add_village

    other = add_village(actor=None, commune=tree.ngoc_ha, name="Tổ dân phố 1")
    base: dict[str, Any] = {
        "actor": commune.officer,
        "commune": commune.unit,
        "kind": MeetingKind.YEAR_END_VILLAGE,
        "title": "Hội nghị cuối năm",
        "scheduled_at": services.at(date(2025, 12, 10)),
        "place": "Nhà văn hóa",
        "noticed_on": date(2025, 12, 1),
    }
    with pytest.raises(ValidationError) as excinfo:
        services.schedule_meeting(**base)
    assert "village" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.schedule_meeting(**base, village=other)
    assert "village" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.schedule_meeting(**base | {"title": "  ", "place": ""}, village=commune.east)
    assert set(excinfo.value.message_dict) == {"title", "place"}


def test_record_held_checks_dates_and_numbers(commune: Commune) -> None:
    meeting = dialogue(commune)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"held_on": DAY - timedelta(days=1), "attendance": 10}, "held_on"),
        ({"held_on": TODAY + timedelta(days=1), "attendance": 10}, "held_on"),
        ({"held_on": DAY, "attendance": -1}, "attendance"),
        ({"held_on": DAY, "attendance": 5, "households_represented": 6}, "households_represented"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as excinfo:
            services.record_held(actor=commune.officer, meeting=meeting, today=TODAY, **kwargs)
        assert field in excinfo.value.message_dict
    held = services.record_held(
        actor=commune.officer,
        meeting=meeting,
        held_on=DAY,
        attendance=0,
        households_represented=0,
        chaired_by="  Chủ tịch   UBND ",
        minutes="Dòng 1\nDòng 2",
        today=TODAY,
    )
    assert held.status == MeetingStatus.HELD
    assert held.chaired_by == "Chủ tịch UBND"
    assert held.minutes == "Dòng 1\nDòng 2"
    # Held later than planned is fine (postponed); held twice or cancelled after is not.
    with pytest.raises(ValidationError):
        services.record_held(
            actor=commune.officer, meeting=held, held_on=DAY, attendance=1, today=TODAY
        )
    with pytest.raises(ValidationError):
        services.cancel_meeting(actor=commune.officer, meeting=held, reason="Trùng lịch")


def test_cancel_needs_a_reason_and_ends_the_meeting(commune: Commune) -> None:
    meeting = dialogue(commune)
    with pytest.raises(ValidationError) as excinfo:
        services.cancel_meeting(actor=commune.officer, meeting=meeting, reason="   ")
    assert "reason" in excinfo.value.message_dict
    cancelled = services.cancel_meeting(
        actor=commune.officer, meeting=meeting, reason="Mưa bão", cancelled_on=DAY
    )
    assert cancelled.status == MeetingStatus.CANCELLED
    assert cancelled.cancel_reason == "Mưa bão"
    with pytest.raises(ValidationError):
        services.record_held(
            actor=commune.officer, meeting=cancelled, held_on=DAY, attendance=3, today=TODAY
        )
    with pytest.raises(ValidationError):
        services.add_question(actor=commune.officer, meeting=cancelled, content="Câu hỏi")


def test_questions_and_answers(commune: Commune) -> None:
    meeting = dialogue(commune)
    # Questions may be sent in before the meeting.
    question = services.add_question(
        actor=commune.officer,
        meeting=meeting,
        content="Đường  ngõ  bị  ngập",
        asked_by="Ông Hải",
        village=commune.east,
    )
    assert question.content == "Đường ngõ bị ngập"
    with pytest.raises(ValidationError):
        services.add_question(actor=commune.officer, meeting=meeting, content="")
    bad = [
        ({"answer": "", "answered_by": "Chủ tịch", "answered_on": DAY}, "answer"),
        ({"answer": "Sẽ sửa", "answered_by": "", "answered_on": DAY}, "answered_by"),
        (
            {"answer": "Sẽ sửa", "answered_by": "Chủ tịch", "answered_on": DAY - timedelta(1)},
            "answered_on",
        ),
        (
            {"answer": "Sẽ sửa", "answered_by": "Chủ tịch", "answered_on": TODAY + timedelta(1)},
            "answered_on",
        ),
    ]
    for kwargs, field in bad:
        with pytest.raises(ValidationError) as excinfo:
            services.answer_question(
                actor=commune.officer, question=question, today=TODAY, **kwargs
            )
        assert field in excinfo.value.message_dict
    answered = services.answer_question(
        actor=commune.leader,
        question=question,
        answer="Sẽ nạo vét cống trong tháng 7",
        answered_by="Chủ tịch UBND phường",
        answered_on=DAY,
        today=TODAY,
    )
    assert answered.answered_on == DAY


def test_commitment_states(commune: Commune) -> None:
    planned = dialogue(commune, date(2025, 7, 1))
    with pytest.raises(ValidationError):  # commitments are made at a held meeting
        services.add_commitment(
            actor=commune.officer,
            meeting=planned,
            content="Sửa đường",
            owner="Phó Chủ tịch",
            due_on=date(2025, 8, 1),
        )
    meeting = held_dialogue(commune)
    with pytest.raises(ValidationError) as excinfo:
        services.add_commitment(
            actor=commune.officer,
            meeting=meeting,
            content="Sửa đường",
            owner="Phó Chủ tịch",
            due_on=DAY - timedelta(days=1),
        )
    assert "due_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.add_commitment(
            actor=commune.officer,
            meeting=meeting,
            content="Sửa đường",
            owner="",
            due_on=DAY,
        )
    assert "owner" in excinfo.value.message_dict

    def commit(due: date) -> Any:
        return services.add_commitment(
            actor=commune.officer,
            meeting=meeting,
            content="Sửa đường",
            owner="Phó Chủ tịch",
            due_on=due,
        )

    on_time, late, overdue, still_open, dropped = (
        commit(date(2025, 7, 1)),
        commit(date(2025, 7, 1)),
        commit(date(2025, 7, 1)),
        commit(date(2025, 7, 2)),
        commit(date(2025, 7, 1)),
    )
    on_time = services.complete_commitment(
        actor=commune.officer, commitment=on_time, done_on=date(2025, 7, 1), today=TODAY
    )
    late = services.complete_commitment(
        actor=commune.officer, commitment=late, done_on=date(2025, 7, 2), today=TODAY
    )
    assert not on_time.done_late
    assert late.done_late
    with pytest.raises(ValidationError):  # done twice
        services.complete_commitment(
            actor=commune.officer, commitment=late, done_on=date(2025, 7, 2), today=TODAY
        )
    with pytest.raises(ValidationError) as excinfo:
        services.complete_commitment(
            actor=commune.officer, commitment=overdue, done_on=DAY - timedelta(1), today=TODAY
        )
    assert "done_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.drop_commitment(actor=commune.officer, commitment=dropped, reason=" ")
    assert "reason" in excinfo.value.message_dict
    dropped = services.drop_commitment(
        actor=commune.officer, commitment=dropped, reason="Đã có dự án của tỉnh"
    )
    assert dropped.status == CommitmentStatus.DROPPED
    today = date(2025, 7, 2)
    assert overdue.is_overdue(today)
    assert not still_open.is_overdue(today)  # due today is not yet overdue
    states = {
        row.commitment.pk: row.state
        for row in selectors.commitment_rows(meeting.commitments.all(), today)
    }
    assert states == {
        on_time.pk: selectors.DONE,
        late.pk: selectors.DONE_LATE,
        overdue.pk: selectors.OVERDUE,
        still_open.pk: selectors.OPEN,
        dropped.pk: selectors.DROPPED,
    }
    tracker = selectors.open_commitments(commune=commune.unit, today=today)
    assert [row.commitment.pk for row in tracker] == [overdue.pk, still_open.pk]


def test_commitment_question_and_agency_must_fit(commune: Commune, tree: Any) -> None:
    meeting = held_dialogue(commune)
    other = held_dialogue(commune, date(2025, 6, 11))
    foreign_question = services.add_question(actor=commune.officer, meeting=other, content="Hỏi")
    with pytest.raises(ValidationError) as excinfo:
        services.add_commitment(
            actor=commune.officer,
            meeting=meeting,
            content="Sửa",
            owner="A",
            due_on=DAY,
            question=foreign_question,
            agency=tree.agency(tree.bac_ly),
        )
    assert set(excinfo.value.message_dict) == {"question", "agency"}
    # The province's committee may answer for it; the owner defaults to its name.
    commitment = services.add_commitment(
        actor=commune.officer,
        meeting=meeting,
        content="Sửa",
        owner="",
        due_on=DAY,
        agency=tree.agency(tree.hanoi),
    )
    assert commitment.owner == tree.agency(tree.hanoi).name


def _writes(c: Commune) -> list[tuple[str, Callable[[Any], Any]]]:
    """One call per write service on records of its own, each acting as the given user."""
    to_hold = dialogue(c, date(2025, 7, 1))
    to_cancel = dialogue(c, date(2025, 7, 2))
    held = held_dialogue(c)
    question = services.add_question(actor=c.officer, meeting=held, content="Hỏi")
    to_complete, to_drop = (
        services.add_commitment(actor=c.officer, meeting=held, content="Sửa", owner="A", due_on=DAY)
        for _ in range(2)
    )
    return [
        ("dialogues.meeting.schedule", lambda u: dialogue(c, actor=u)),
        (
            "dialogues.meeting.hold",
            lambda u: services.record_held(
                actor=u, meeting=to_hold, held_on=date(2025, 7, 1), attendance=5, today=TODAY
            ),
        ),
        (
            "dialogues.meeting.cancel",
            lambda u: services.cancel_meeting(actor=u, meeting=to_cancel, reason="Bão"),
        ),
        (
            "dialogues.question.add",
            lambda u: services.add_question(actor=u, meeting=held, content="Hỏi"),
        ),
        (
            "dialogues.question.answer",
            lambda u: services.answer_question(
                actor=u,
                question=question,
                answer="Đáp",
                answered_by="B",
                answered_on=DAY,
                today=TODAY,
            ),
        ),
        (
            "dialogues.commitment.add",
            lambda u: services.add_commitment(
                actor=u, meeting=held, content="Sửa", owner="A", due_on=DAY
            ),
        ),
        (
            "dialogues.commitment.complete",
            lambda u: services.complete_commitment(
                actor=u, commitment=to_complete, done_on=DAY, today=TODAY
            ),
        ),
        (
            "dialogues.commitment.drop",
            lambda u: services.drop_commitment(actor=u, commitment=to_drop, reason="Lý do"),
        ),
    ]


def test_only_the_communes_staff_write(commune: Commune) -> None:
    writes = _writes(commune)
    before = AuditEntry.objects.count()
    for intruder in (commune.outsider, commune.monitor, AnonymousUser()):
        for _action, write in writes:
            with pytest.raises(PermissionDenied):
                write(intruder)
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("role", ["officer", "handler", "leader", "province_leader"])
def test_each_write_is_allowed_and_audited_once(
    commune: Commune, role: str, tree: Any, make_user: Callable[..., Any]
) -> None:
    actor = (
        make_user(Role.LEADER, tree.agency(tree.hanoi))
        if role == "province_leader"
        else getattr(commune, role)
    )
    for action, write in _writes(commune):
        before = AuditEntry.objects.count()
        write(actor)
        entries = AuditEntry.objects.order_by("seq")[before:]
        assert [(e.action, e.actor_id, e.unit_id) for e in entries] == [
            (action, actor.pk, commune.unit.pk)
        ]
