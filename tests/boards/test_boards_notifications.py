"""Who is told when a board sends a recommendation and when it is answered."""

from __future__ import annotations

from datetime import date
from typing import Any

from danvan.boards import services
from danvan.boards.models import Board
from danvan.notifications.models import Notification
from tests.boards.conftest import Staff, fill

TODAY = date(2026, 11, 20)


def test_the_body_addressed_is_told_and_then_the_board_members(
    tree: Any, staff: Staff, inspection: Board
) -> None:
    fill(inspection, 4)
    services.add_member(
        actor=None,
        board=inspection,
        full_name="Nguyễn Văn An",
        joined_on=date(2026, 1, 5),
        user=staff.board_member,
    )
    recommendation = services.send_recommendation(
        actor=staff.board_member,
        board=inspection,
        content="Đề nghị công khai dự toán sửa chữa nhà văn hóa",
        sent_on=date(2026, 4, 1),
        today=TODAY,
    )
    told = Notification.objects.filter(topic="boards.recommendation")
    # The leader and the case handler may answer; the officer and the member may not.
    assert {n.recipient for n in told} == {staff.leader, staff.handler}
    assert all("16/04/2026" in n.body for n in told)
    assert all(n.url.endswith(f"/recommendations/{recommendation.pk}/") for n in told)

    services.answer_recommendation(
        actor=staff.leader,
        recommendation=recommendation,
        answer="Đã niêm yết dự toán tại nhà văn hóa thôn",
        answered_on=date(2026, 4, 10),
        today=TODAY,
    )
    answered = Notification.objects.filter(topic="boards.answer")
    # Only members with an account can be told; the others have none.
    assert [n.recipient for n in answered] == [staff.board_member]
