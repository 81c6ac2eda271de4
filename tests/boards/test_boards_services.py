"""Boards, members and their eligibility, plans, visits, recommendations and the
15-day clock, permissions and audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.boards import selectors, services
from danvan.boards.models import (
    Board,
    BoardKind,
    BoardMember,
    BoardPlan,
    Position,
    Recommendation,
    RecommendationStatus,
)
from danvan.core.crypto import lookup_digest
from danvan.documents.selectors import attachments_of
from danvan.units.services import add_village
from tests.boards.conftest import (
    PROJECT,
    TERM_END,
    TERM_START,
    Staff,
    fill,
    make_inspection,
    make_supervision,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
CITIZEN_ID = "001085012345"  # Hà Nội, male, born 1985


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- Boards and their terms -------------------------------------------------------------


def test_officer_creates_an_inspection_board_and_it_is_audited(tree: Any, staff: Staff) -> None:
    board = make_inspection(tree, actor=staff.officer, name="  Ban   thanh tra nhân dân ")
    assert board.name == "Ban thanh tra nhân dân"
    assert board.is_active
    assert board.project_name == ""
    entry = AuditEntry.objects.get(action="boards.board.create")
    assert entry.actor_id == staff.officer.pk
    assert entry.unit_id == tree.ba_dinh.pk
    assert entry.after["term_ends_on"] == TERM_END.isoformat()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"term_ends_on": None}, "term_ends_on"),
        ({"term_ends_on": TERM_START}, "term_ends_on"),
        ({"term_ends_on": date(2031, 1, 6)}, "term_ends_on"),  # 5 years and a day
        ({"name": "   "}, "name"),
        ({"kind": "council"}, "kind"),
    ],
)
def test_inspection_term_rules(tree: Any, kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        make_inspection(tree, **kwargs)
    assert field in _errors(exc)
    assert not Board.objects.exists()


def test_five_years_exactly_is_accepted(tree: Any) -> None:
    board = make_inspection(tree, term_ends_on=date(2031, 1, 5))
    assert board.term_ends_on == date(2031, 1, 5)


def test_one_inspection_board_per_commune_for_overlapping_terms(tree: Any) -> None:
    first = make_inspection(tree, term_starts_on=date(2021, 6, 1), term_ends_on=date(2026, 5, 31))
    with pytest.raises(ValidationError) as exc:
        make_inspection(tree, term_starts_on=date(2026, 5, 1), term_ends_on=date(2031, 4, 30))
    assert "term_starts_on" in _errors(exc)
    # The next term starting after the first ends is fine, and so is another commune.
    make_inspection(tree, term_starts_on=date(2026, 6, 1), term_ends_on=date(2031, 5, 31))
    make_inspection(tree, commune=tree.ngoc_ha)
    # A dissolved board no longer blocks its commune.
    services.dissolve_board(actor=None, board=first, dissolved_on=date(2025, 1, 1))
    make_inspection(tree, term_starts_on=date(2025, 2, 1), term_ends_on=date(2026, 5, 1))


def test_supervision_board_needs_a_project_and_one_board_per_project(tree: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make_supervision(tree, project_name=" ")
    assert "project_name" in _errors(exc)
    board = make_supervision(tree)
    assert board.term_ends_on is None  # lasts until the project is handed over
    with pytest.raises(ValidationError) as exc:
        make_supervision(tree, project_name="be tong hoa duong lien thon dong – doai")
    assert "project_name" in _errors(exc)
    make_supervision(tree, commune=tree.ngoc_ha)  # another commune, same project name
    make_supervision(tree, project_name="Nhà văn hóa thôn Đông")
    services.dissolve_board(actor=None, board=board, dissolved_on=date(2026, 10, 1))
    make_supervision(tree)  # the project's board was dissolved: a new one may be set up


def test_supervision_board_for_a_village_of_the_commune_only(tree: Any) -> None:
    own = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
    other = add_village(actor=None, commune=tree.ngoc_ha, name="Thôn Đoài")
    board = make_supervision(tree, village=own)
    assert board.village == own
    assert board.commune == tree.ba_dinh
    with pytest.raises(ValidationError) as exc:
        make_supervision(tree, village=other, project_name="Kênh mương")
    assert "village" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        make_supervision(tree, commune=own, project_name="Kênh mương")
    assert "commune" in _errors(exc)


def test_supervision_term_must_end_after_it_starts(tree: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make_supervision(tree, term_ends_on=TERM_START - timedelta(days=1))
    assert "term_ends_on" in _errors(exc)


def test_dissolve_rules(inspection: Board) -> None:
    with pytest.raises(ValidationError):
        services.dissolve_board(
            actor=None, board=inspection, dissolved_on=TERM_START - timedelta(days=1)
        )
    services.dissolve_board(actor=None, board=inspection, dissolved_on=date(2026, 6, 1))
    with pytest.raises(ValidationError):
        services.dissolve_board(actor=None, board=inspection, dissolved_on=date(2026, 7, 1))
    with pytest.raises(ValidationError):
        fill(inspection, 1)


# --- Members and eligibility -----------------------------------------------------------


def test_declared_commune_official_is_refused(inspection: Board) -> None:
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            actor=None,
            board=inspection,
            full_name="Lê Thị Cán Bộ",
            joined_on=TERM_START,
            holds_commune_office=True,
        )
    assert _errors(exc)["holds_commune_office"] == [
        "A commune official cannot sit on the People's Inspection Board."
    ]
    assert not BoardMember.objects.exists()


@pytest.mark.parametrize("role", [Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER])
def test_holder_of_a_commune_staff_role_is_refused(
    tree: Any, make_user: Callable[..., Any], inspection: Board, role: str
) -> None:
    official = make_user(role, tree.agency(tree.ba_dinh))
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            actor=None, board=inspection, full_name="Lê Văn Ẩn", joined_on=TERM_START, user=official
        )
    assert _errors(exc)["user"] == [
        "A commune official cannot sit on the People's Inspection Board."
    ]


def test_board_member_role_or_staff_elsewhere_is_not_a_commune_official(
    tree: Any, make_user: Callable[..., Any], inspection: Board, staff: Staff
) -> None:
    services.add_member(
        actor=None,
        board=inspection,
        full_name="Nguyễn Văn An",
        joined_on=TERM_START,
        user=staff.board_member,
    )
    elsewhere = make_user(Role.CASE_HANDLER, tree.agency(tree.ngoc_ha))
    services.add_member(
        actor=None,
        board=inspection,
        full_name="Trần Văn Khác",
        joined_on=TERM_START,
        user=elsewhere,
    )
    assert BoardMember.objects.filter(board=inspection).count() == 2


def test_commune_official_may_sit_on_a_supervision_board(
    tree: Any, make_user: Callable[..., Any], supervision: Board
) -> None:
    official = make_user(Role.CASE_HANDLER, tree.agency(tree.ba_dinh))
    member = services.add_member(
        actor=None,
        board=supervision,
        full_name="Lê Văn Công",
        joined_on=TERM_START,
        user=official,
        holds_commune_office=True,
    )
    assert member.pk is not None


def test_project_involved_person_is_refused_on_a_supervision_board(supervision: Board) -> None:
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            actor=None,
            board=supervision,
            full_name="Phan Văn Thầu",
            joined_on=TERM_START,
            involved_in_project=True,
        )
    assert "involved_in_project" in _errors(exc)
    assert not BoardMember.objects.exists()


def test_same_person_cannot_serve_twice(
    inspection: Board, supervision: Board, staff: Staff
) -> None:
    first = services.add_member(
        actor=None,
        board=inspection,
        full_name="Nguyễn Văn An",
        joined_on=TERM_START,
        citizen_id="0010 8501 2345",
    )
    assert first.citizen_id == CITIZEN_ID
    assert first.citizen_id_digest == lookup_digest(CITIZEN_ID)
    with pytest.raises(ValidationError) as exc:  # same ID, another spelling of the name
        services.add_member(
            actor=None,
            board=inspection,
            full_name="Nguyen Van Anh",
            joined_on=TERM_START,
            citizen_id=CITIZEN_ID,
        )
    assert "full_name" in _errors(exc)
    services.add_member(
        actor=None,
        board=inspection,
        full_name="Trần Thị Bình",
        joined_on=TERM_START,
        user=staff.board_member,
    )
    with pytest.raises(ValidationError):  # same account
        services.add_member(
            actor=None,
            board=inspection,
            full_name="Trần Bình",
            joined_on=TERM_START,
            user=staff.board_member,
        )
    services.add_member(
        actor=None, board=inspection, full_name="Lê Văn Cường", joined_on=TERM_START
    )
    with pytest.raises(ValidationError):  # same name without accents, nothing else given
        services.add_member(
            actor=None, board=inspection, full_name="le van cuong", joined_on=TERM_START
        )
    # The same person may sit on another board.
    services.add_member(
        actor=None,
        board=supervision,
        full_name="Nguyễn Văn An",
        joined_on=TERM_START,
        citizen_id=CITIZEN_ID,
    )


def test_a_member_who_left_may_be_elected_again(inspection: Board) -> None:
    member = fill(inspection, 1)[0]
    services.remove_member(actor=None, member=member, left_on=date(2026, 3, 1))
    again = services.add_member(
        actor=None, board=inspection, full_name=member.full_name, joined_on=date(2026, 4, 1)
    )
    assert again.pk != member.pk


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"full_name": " "}, "full_name"),
        ({"citizen_id": "12345"}, "citizen_id"),
        ({"citizen_id": "999085012345"}, "citizen_id"),  # not a province code
        ({"phone": "12"}, "phone"),
        ({"position": "treasurer"}, "position"),
        ({"joined_on": TERM_START - timedelta(days=1)}, "joined_on"),
        ({"joined_on": TERM_END + timedelta(days=1)}, "joined_on"),
    ],
)
def test_bad_member_input_is_refused(inspection: Board, kwargs: dict[str, Any], field: str) -> None:
    values: dict[str, Any] = {"full_name": "Đỗ Văn Bình", "joined_on": TERM_START}
    values.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.add_member(actor=None, board=inspection, **values)
    assert field in _errors(exc)


def test_phone_is_stored_normalised_and_one_head_only(inspection: Board) -> None:
    head = services.add_member(
        actor=None,
        board=inspection,
        full_name="Nguyễn Văn An",
        joined_on=TERM_START,
        phone="0912 345 678",
        position=Position.HEAD,
    )
    assert head.phone == "+84912345678"
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            actor=None,
            board=inspection,
            full_name="Trần Thị Bình",
            joined_on=TERM_START,
            position=Position.HEAD,
        )
    assert "position" in _errors(exc)


def test_five_members_constitute_a_board(inspection: Board) -> None:
    fill(inspection, 4)
    assert not selectors.is_constituted(inspection, on=TODAY)
    fifth = services.add_member(
        actor=None, board=inspection, full_name="Hoàng Văn Em", joined_on=date(2026, 2, 1)
    )
    assert selectors.is_constituted(inspection, on=TODAY)
    assert not selectors.is_constituted(inspection, on=date(2026, 1, 31))
    services.remove_member(actor=None, member=fifth, left_on=date(2026, 10, 1))
    assert not selectors.is_constituted(inspection, on=TODAY)
    assert selectors.is_constituted(inspection, on=date(2026, 9, 30))
    assert selectors.serving_members(inspection, on=TODAY).count() == 4


def test_remove_member_rules(inspection: Board) -> None:
    member = fill(inspection, 1)[0]
    with pytest.raises(ValidationError):
        services.remove_member(actor=None, member=member, left_on=TERM_START - timedelta(days=1))
    services.remove_member(actor=None, member=member, left_on=TERM_START)
    with pytest.raises(ValidationError):
        services.remove_member(actor=None, member=member, left_on=TODAY)


# --- Plans and visits ------------------------------------------------------------------


def test_record_plan_and_refuse_a_bad_quarter_or_a_second_plan(
    inspection: Board, staff: Staff
) -> None:
    plan = services.record_plan(
        actor=staff.board_member,
        board=inspection,
        year=2026,
        quarter=2,
        content="Giám sát việc thu quỹ",
        approved_on=date(2026, 3, 28),
    )
    assert plan.pk is not None
    for quarter in (0, 5):
        with pytest.raises(ValidationError) as exc:
            services.record_plan(
                actor=None, board=inspection, year=2026, quarter=quarter, content="x"
            )
        assert "quarter" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.record_plan(actor=None, board=inspection, year=2026, quarter=2, content="Khác")
    assert "quarter" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.record_plan(actor=None, board=inspection, year=2026, quarter=3, content=" ")
    assert "content" in _errors(exc)
    assert BoardPlan.objects.count() == 1


def test_visit_with_participants_and_photos(inspection: Board, png: bytes, pdf: bytes) -> None:
    members = fill(inspection, 5)
    visit = services.record_visit(
        actor=None,
        board=inspection,
        visited_on=date(2026, 3, 10),
        subject="Bộ phận một cửa",
        findings="Niêm yết đủ thủ tục",
        participants=members[:3],
        photos=[png, pdf],
        photo_names=["mot-cua.png", "bien-ban.pdf"],
        today=TODAY,
    )
    assert set(visit.participants.all()) == set(members[:3])
    assert [a.content_type for a in attachments_of(visit)] == ["image/png", "application/pdf"]


def test_visit_rules(inspection: Board, supervision: Board, png: bytes) -> None:
    stranger = fill(supervision, 1)[0]
    cases: list[tuple[dict[str, Any], str]] = [
        ({"visited_on": TERM_START - timedelta(days=1)}, "visited_on"),
        ({"visited_on": TODAY + timedelta(days=5)}, "visited_on"),
        ({"subject": " "}, "subject"),
        ({"participants": [stranger]}, "participants"),
    ]
    for kwargs, field in cases:
        values: dict[str, Any] = {"visited_on": date(2026, 3, 10), "subject": "Nhà văn hóa"}
        values.update(kwargs)
        with pytest.raises(ValidationError) as exc:
            services.record_visit(actor=None, board=inspection, today=TODAY, **values)
        assert field in _errors(exc), field
    visit = services.record_visit(
        actor=None,
        board=inspection,
        visited_on=date(2026, 3, 10),
        subject="Nhà văn hóa",
        today=TODAY,
    )
    for data, name in ((b"MZ\x90\x00 not a photo", "anh.exe"), (b"plain text", "ghi-chu.txt")):
        with pytest.raises(ValidationError):
            services.add_visit_photo(actor=None, visit=visit, upload=data, name=name)
    assert not attachments_of(visit).exists()
    services.add_visit_photo(actor=None, visit=visit, upload=png, name="anh.png")
    assert attachments_of(visit).count() == 1


# --- Recommendations and the 15-day clock ----------------------------------------------


def _send(board: Board, sent_on: date = date(2026, 4, 1), **kwargs: Any) -> Recommendation:
    return services.send_recommendation(
        actor=None,
        board=board,
        content="Đề nghị sửa mái nhà văn hóa",
        sent_on=sent_on,
        today=TODAY,
        **kwargs,
    )


def test_recommendation_goes_to_the_commune_committee_due_in_15_days(
    tree: Any, inspection: Board
) -> None:
    recommendation = _send(inspection)
    assert recommendation.addressed_to == tree.agency(tree.ba_dinh)
    assert recommendation.answer_due_on == date(2026, 4, 16)
    assert services.ANSWER_DAYS == 15
    assert recommendation.status == RecommendationStatus.OPEN


def test_the_answer_clock_comes_from_the_rule_table_and_skips_days_off(
    inspection: Board,
) -> None:
    # Sent on Friday 10 April 2026: day 15 is Saturday 25 April, and Monday 27 April
    # is the observed Hùng Kings day, so the answer is due on Tuesday 28 April.
    recommendation = _send(inspection, sent_on=date(2026, 4, 10))
    assert recommendation.answer_due_on == date(2026, 4, 28)
    from danvan.deadlines.selectors import explain_deadline

    rule = explain_deadline(services.ANSWER_RULE, date(2026, 4, 10))
    assert rule.due == recommendation.answer_due_on


def test_answer_on_day_15_is_on_time_and_day_16_late(inspection: Board, staff: Staff) -> None:
    on_time, late = _send(inspection), _send(inspection)
    services.answer_recommendation(
        actor=staff.leader,
        recommendation=on_time,
        answer="Đã sửa",
        answered_on=date(2026, 4, 16),
        today=TODAY,
    )
    services.answer_recommendation(
        actor=staff.handler,
        recommendation=late,
        answer="Đã sửa",
        answered_on=date(2026, 4, 17),
        today=TODAY,
    )
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert not on_time.answered_late
    assert on_time.status == RecommendationStatus.ANSWERED
    assert late.answered_late
    assert selectors.recommendation_state(on_time, TODAY) == selectors.ANSWERED_ON_TIME
    assert selectors.recommendation_state(late, TODAY) == selectors.ANSWERED_LATE


def test_answer_before_sending_or_twice_is_refused(inspection: Board, staff: Staff) -> None:
    recommendation = _send(inspection)
    with pytest.raises(ValidationError) as exc:
        services.answer_recommendation(
            actor=staff.leader,
            recommendation=recommendation,
            answer="Đã sửa",
            answered_on=date(2026, 3, 31),
            today=TODAY,
        )
    assert "answered_on" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.answer_recommendation(
            actor=staff.leader,
            recommendation=recommendation,
            answer=" ",
            answered_on=date(2026, 4, 2),
            today=TODAY,
        )
    assert "answer" in _errors(exc)
    services.answer_recommendation(
        actor=staff.leader,
        recommendation=recommendation,
        answer="Đã sửa",
        answered_on=date(2026, 4, 2),
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        services.answer_recommendation(
            actor=staff.leader,
            recommendation=recommendation,
            answer="Lần hai",
            answered_on=date(2026, 4, 3),
            today=TODAY,
        )


def test_states_for_a_given_today(inspection: Board) -> None:
    recommendation = _send(inspection)
    assert selectors.recommendation_state(recommendation, date(2026, 4, 16)) == selectors.PENDING
    assert selectors.recommendation_state(recommendation, date(2026, 4, 17)) == selectors.OVERDUE
    services.answer_recommendation(
        actor=None,
        recommendation=recommendation,
        answer="Đã sửa",
        answered_on=date(2026, 4, 20),
        today=TODAY,
    )
    recommendation.refresh_from_db()
    # Judged before the answer was given, it was still waiting.
    assert selectors.recommendation_state(recommendation, date(2026, 4, 18)) == selectors.OVERDUE
    assert selectors.recommendation_state(recommendation, TODAY) == selectors.ANSWERED_LATE


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sent_on": TERM_START - timedelta(days=1)}, "sent_on"),
        ({"sent_on": TODAY + timedelta(days=3)}, "sent_on"),
        ({"content": " "}, "content"),
    ],
)
def test_bad_recommendation_input(inspection: Board, kwargs: dict[str, Any], field: str) -> None:
    values: dict[str, Any] = {"content": "Đề nghị", "sent_on": date(2026, 4, 1)}
    values.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.send_recommendation(actor=None, board=inspection, today=TODAY, **values)
    assert field in _errors(exc)


def test_recommendation_addressee_and_visit_must_fit(
    tree: Any, inspection: Board, supervision: Board
) -> None:
    with pytest.raises(ValidationError) as exc:
        _send(inspection, addressed_to=tree.agency(tree.ngoc_ha))
    assert "addressed_to" in _errors(exc)
    to_province = _send(inspection, addressed_to=tree.agency(tree.hanoi))
    assert to_province.addressed_to.unit == tree.hanoi
    other_visit = services.record_visit(
        actor=None, board=supervision, visited_on=date(2026, 3, 1), subject="Đường", today=TODAY
    )
    with pytest.raises(ValidationError) as exc:
        _send(inspection, visit=other_visit)
    assert "visit" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _send(supervision, visit=other_visit, sent_on=date(2026, 2, 20))
    assert "sent_on" in _errors(exc)


def test_follow_up_and_close(inspection: Board, staff: Staff) -> None:
    recommendation = _send(inspection)
    with pytest.raises(ValidationError):  # nothing to close before the answer
        services.close_recommendation(actor=staff.board_member, recommendation=recommendation)
    services.record_follow_up(
        actor=staff.board_member,
        recommendation=recommendation,
        note="Đã nhắc UBND phường",
        on=date(2026, 4, 10),
        today=TODAY,
    )
    services.answer_recommendation(
        actor=staff.leader,
        recommendation=recommendation,
        answer="Đã sửa",
        answered_on=date(2026, 4, 12),
        today=TODAY,
    )
    with pytest.raises(ValidationError) as exc:
        services.record_follow_up(
            actor=staff.board_member,
            recommendation=recommendation,
            note=" ",
            on=date(2026, 5, 1),
            today=TODAY,
        )
    assert "note" in _errors(exc)
    services.record_follow_up(
        actor=staff.board_member,
        recommendation=recommendation,
        note="Đã kiểm tra lại, đã khắc phục",
        on=date(2026, 5, 2),
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        services.close_recommendation(
            actor=staff.board_member, recommendation=recommendation, closed_on=date(2026, 4, 11)
        )
    services.close_recommendation(
        actor=staff.board_member, recommendation=recommendation, closed_on=date(2026, 5, 2)
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.CLOSED
    assert recommendation.follow_up.splitlines() == [
        "10/04/2026: Đã nhắc UBND phường",
        "02/05/2026: Đã kiểm tra lại, đã khắc phục",
    ]
    with pytest.raises(ValidationError):
        services.record_follow_up(
            actor=staff.board_member,
            recommendation=recommendation,
            note="Thêm",
            on=date(2026, 5, 3),
            today=TODAY,
        )
    with pytest.raises(ValidationError):
        services.close_recommendation(actor=staff.board_member, recommendation=recommendation)


# --- Permissions -----------------------------------------------------------------------


@pytest.fixture
def outsiders(tree: Any, make_user: Callable[..., Any]) -> dict[str, Any]:
    return {
        "sibling officer": make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha)),
        "sibling leader": make_user(Role.LEADER, tree.agency(tree.ngoc_ha)),
        "monitor": make_user(Role.MONITOR, tree.agency(tree.hanoi)),
        "other board member": make_user(Role.BOARD_MEMBER, tree.agency(tree.ngoc_ha)),
        "citizen": make_user(Role.CITIZEN),
    }


def test_outsiders_may_not_write(
    tree: Any, inspection: Board, outsiders: dict[str, Any], png: bytes
) -> None:
    member = fill(inspection, 1)[0]
    visit = services.record_visit(
        actor=None, board=inspection, visited_on=date(2026, 3, 10), subject="Chợ", today=TODAY
    )
    recommendation = _send(inspection)

    def writes_for(user: Any) -> list[Callable[[], Any]]:
        return [
            lambda: make_inspection(tree, actor=user, commune=tree.ba_dinh),
            lambda: services.add_member(
                actor=user, board=inspection, full_name="Bùi Văn X", joined_on=TERM_START
            ),
            lambda: services.remove_member(actor=user, member=member),
            lambda: services.dissolve_board(actor=user, board=inspection, dissolved_on=TODAY),
            lambda: services.record_plan(
                actor=user, board=inspection, year=2026, quarter=4, content="x"
            ),
            lambda: services.record_visit(
                actor=user, board=inspection, visited_on=TODAY, subject="x", today=TODAY
            ),
            lambda: services.add_visit_photo(actor=user, visit=visit, upload=png, name="a.png"),
            lambda: services.send_recommendation(
                actor=user, board=inspection, content="x", sent_on=TODAY, today=TODAY
            ),
            lambda: services.answer_recommendation(
                actor=user,
                recommendation=recommendation,
                answer="x",
                answered_on=TODAY,
                today=TODAY,
            ),
            lambda: services.record_follow_up(
                actor=user, recommendation=recommendation, note="x", on=TODAY, today=TODAY
            ),
        ]

    for user in outsiders.values():
        for write in writes_for(user):
            with pytest.raises(PermissionDenied):
                write()


def test_anonymous_may_not_write_or_read(inspection: Board) -> None:
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    with pytest.raises(PermissionDenied):
        services.record_plan(actor=anonymous, board=inspection, year=2026, quarter=4, content="x")
    assert not anonymous.has_perm("boards.view_boards", inspection)


def test_who_reads(tree: Any, inspection: Board, outsiders: dict[str, Any], staff: Staff) -> None:
    assert outsiders["monitor"].has_perm("boards.view_boards", inspection)
    assert not outsiders["sibling officer"].has_perm("boards.view_boards", inspection)
    assert not outsiders["other board member"].has_perm("boards.view_boards", inspection)
    assert staff.board_member.has_perm("boards.view_boards", inspection)


def test_board_member_records_work_but_neither_manages_nor_answers(
    inspection: Board, staff: Staff
) -> None:
    services.record_plan(
        actor=staff.board_member, board=inspection, year=2026, quarter=4, content="Kế hoạch quý 4"
    )
    recommendation = services.send_recommendation(
        actor=staff.board_member, board=inspection, content="Đề nghị", sent_on=TODAY, today=TODAY
    )
    with pytest.raises(PermissionDenied):
        services.answer_recommendation(
            actor=staff.board_member,
            recommendation=recommendation,
            answer="Tự trả lời",
            answered_on=TODAY,
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        services.add_member(
            actor=staff.board_member, board=inspection, full_name="Bùi Văn X", joined_on=TERM_START
        )
    # A reception officer records the board's work but does not answer for the commune.
    with pytest.raises(PermissionDenied):
        services.answer_recommendation(
            actor=staff.officer,
            recommendation=recommendation,
            answer="x",
            answered_on=TODAY,
            today=TODAY,
        )


def test_province_leader_manages_and_answers_through_the_subtree(
    tree: Any, make_user: Callable[..., Any]
) -> None:
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi))
    board = make_inspection(tree, actor=leader)
    services.add_member(actor=leader, board=board, full_name="Đinh Văn Y", joined_on=TERM_START)
    recommendation = _send(board)
    services.answer_recommendation(
        actor=leader,
        recommendation=recommendation,
        answer="Đã xử lý",
        answered_on=date(2026, 4, 5),
        today=TODAY,
    )
    ninhbinh_leader = make_user(Role.LEADER, tree.agency(tree.ninhbinh))
    with pytest.raises(PermissionDenied):
        make_inspection(tree, actor=ninhbinh_leader, commune=tree.ngoc_ha)


def test_a_recommendation_to_the_province_is_answered_there(
    tree: Any, inspection: Board, staff: Staff, make_user: Callable[..., Any]
) -> None:
    recommendation = _send(inspection, addressed_to=tree.agency(tree.hanoi))
    with pytest.raises(PermissionDenied):
        services.answer_recommendation(
            actor=staff.leader,
            recommendation=recommendation,
            answer="x",
            answered_on=TODAY,
            today=TODAY,
        )
    province_handler = make_user(Role.CASE_HANDLER, tree.agency(tree.hanoi))
    services.answer_recommendation(
        actor=province_handler,
        recommendation=recommendation,
        answer="Sở đã xử lý",
        answered_on=TODAY,
        today=TODAY,
    )


# --- Audit ------------------------------------------------------------------------------


def test_every_write_leaves_one_audit_entry(tree: Any, staff: Staff, png: bytes) -> None:
    def boards_entries() -> int:
        return AuditEntry.objects.filter(action__startswith="boards.").count()

    def once(action: str, write: Callable[[], Any]) -> Any:
        before = boards_entries()
        result = write()
        assert boards_entries() == before + 1, action
        assert AuditEntry.objects.filter(action=action).count() >= 1, action
        return result

    board = once("boards.board.create", lambda: make_inspection(tree, actor=staff.officer))
    member = once(
        "boards.member.add",
        lambda: services.add_member(
            actor=staff.officer,
            board=board,
            full_name="Nguyễn Văn An",
            joined_on=TERM_START,
            citizen_id=CITIZEN_ID,
        ),
    )
    assert CITIZEN_ID not in str(AuditEntry.objects.get(action="boards.member.add").after)
    once(
        "boards.plan.create",
        lambda: services.record_plan(
            actor=staff.board_member, board=board, year=2026, quarter=1, content="Kế hoạch"
        ),
    )
    visit = once(
        "boards.visit.create",
        lambda: services.record_visit(
            actor=staff.board_member,
            board=board,
            visited_on=date(2026, 3, 3),
            subject="Chợ",
            today=TODAY,
        ),
    )
    once(
        "boards.visit.add_photo",
        lambda: services.add_visit_photo(
            actor=staff.board_member, visit=visit, upload=png, name="a.png"
        ),
    )
    recommendation = once(
        "boards.recommendation.send",
        lambda: services.send_recommendation(
            actor=staff.board_member,
            board=board,
            content="Đề nghị",
            sent_on=date(2026, 3, 4),
            today=TODAY,
        ),
    )
    once(
        "boards.recommendation.answer",
        lambda: services.answer_recommendation(
            actor=staff.handler,
            recommendation=recommendation,
            answer="Đã xử lý",
            answered_on=date(2026, 3, 9),
            today=TODAY,
        ),
    )
    once(
        "boards.recommendation.follow_up",
        lambda: services.record_follow_up(
            actor=staff.board_member,
            recommendation=recommendation,
            note="Đã khắc phục",
            on=date(2026, 3, 20),
            today=TODAY,
        ),
    )
    once(
        "boards.recommendation.close",
        lambda: services.close_recommendation(
            actor=staff.board_member, recommendation=recommendation, closed_on=date(2026, 3, 20)
        ),
    )
    once(
        "boards.member.remove",
        lambda: services.remove_member(
            actor=staff.officer, member=member, left_on=date(2026, 6, 1)
        ),
    )
    once(
        "boards.board.dissolve",
        lambda: services.dissolve_board(
            actor=staff.leader, board=board, dissolved_on=date(2026, 7, 1)
        ),
    )
    # A refused write leaves nothing behind.
    before = boards_entries()
    with pytest.raises(ValidationError):
        make_supervision(tree, actor=staff.officer, project_name="")
    assert boards_entries() == before


def test_kind_values_are_stable() -> None:
    # Other modules store and compare these codes.
    assert BoardKind.PEOPLES_INSPECTION == "inspection"
    assert BoardKind.INVESTMENT_SUPERVISION == "supervision"
    assert PROJECT
