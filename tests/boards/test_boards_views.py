"""Staff pages of people's boards: lists, forms, errors on the forms, 403s and files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.accounts.roles import Role
from danvan.boards import services
from danvan.boards.models import Board, BoardMember, Recommendation, RecommendationStatus
from danvan.documents.selectors import attachments_of
from tests.boards.conftest import TERM_START, Staff, fill

pytestmark = pytest.mark.django_db

Clients = Callable[[Any], Client]


def test_officer_creates_a_board_through_the_form(
    tree: Any, staff: Staff, client_for: Clients
) -> None:
    client = client_for(staff.officer)
    assert client.get("/staff/boards/").status_code == 200
    assert client.get("/staff/boards/new/").status_code == 200
    bad = client.post(
        "/staff/boards/new/",
        {
            "kind": "inspection",
            "commune": tree.ba_dinh.pk,
            "name": "Ban thanh tra nhân dân",
            "term_starts_on": "2026-01-05",
        },
    )
    assert bad.status_code == 200
    assert "error-summary" in bad.text
    assert not Board.objects.exists()
    response = client.post(
        "/staff/boards/new/",
        {
            "kind": "inspection",
            "commune": tree.ba_dinh.pk,
            "name": "Ban thanh tra nhân dân",
            "term_starts_on": "2026-01-05",
            "term_ends_on": "2030-12-31",
        },
    )
    board = Board.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/boards/{board.pk}/"
    listing = client.get("/staff/boards/")
    assert "Ban thanh tra nhân dân" in listing.text
    assert "Incomplete" in listing.text
    assert "Ban thanh tra" in client.get(f"/staff/boards/?commune={tree.ba_dinh.pk}").text


def test_create_is_refused_to_readers_only(
    tree: Any, staff: Staff, make_user: Callable[..., Any], client_for: Clients
) -> None:
    monitor = client_for(make_user(Role.MONITOR, tree.agency(tree.hanoi)))
    assert monitor.get("/staff/boards/").status_code == 200
    assert monitor.get("/staff/boards/new/").status_code == 403
    assert client_for(staff.board_member).get("/staff/boards/new/").status_code == 403
    citizen = client_for(make_user(Role.CITIZEN))
    assert citizen.get("/staff/boards/").status_code == 403
    anonymous = Client().get("/staff/boards/")
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]


def test_members_through_the_board_page(
    tree: Any, staff: Staff, inspection: Board, client_for: Clients
) -> None:
    client = client_for(staff.officer)
    url = f"/staff/boards/{inspection.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "incomplete" in page.text
    refused = client.post(
        url,
        {
            "action": "member",
            "full_name": "Lê Thị Cán Bộ",
            "position": "member",
            "joined_on": "2026-01-05",
            "holds_commune_office": "on",
        },
    )
    assert refused.status_code == 200
    assert "A commune official cannot sit on the People&#x27;s Inspection Board." in refused.text
    assert not BoardMember.objects.exists()
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"):
        response = client.post(
            url,
            {
                "action": "member",
                "full_name": name,
                "position": "member",
                "joined_on": "2026-01-05",
            },
        )
        assert response.status_code == 302
    page = client.get(url)
    assert "Constituted" in page.text
    assert "Hoàng Văn Em" in page.text
    twice = client.post(
        url,
        {
            "action": "member",
            "full_name": "hoang van em",
            "position": "member",
            "joined_on": "2026-02-01",
        },
    )
    assert "This person already serves on this board." in twice.text
    member = BoardMember.objects.get(full_name="Hoàng Văn Em")
    response = client.post(
        f"/staff/boards/{inspection.pk}/members/{member.pk}/remove/", {"left_on": "2026-11-01"}
    )
    assert response.status_code == 302
    page = client.get(url)
    assert "incomplete" in page.text
    assert "Former members" in page.text


def test_board_page_access(
    tree: Any, staff: Staff, inspection: Board, make_user: Callable[..., Any], client_for: Clients
) -> None:
    url = f"/staff/boards/{inspection.pk}/"
    member = fill(inspection, 1)[0]
    sibling = client_for(make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha)))
    assert sibling.get(url).status_code == 403
    assert inspection.name not in sibling.get("/staff/boards/").text
    other_member = client_for(make_user(Role.BOARD_MEMBER, tree.agency(tree.ngoc_ha)))
    assert other_member.get(url).status_code == 403
    monitor = client_for(make_user(Role.MONITOR, tree.agency(tree.hanoi)))
    page = monitor.get(url)
    assert page.status_code == 200
    assert "Add a member" not in page.text
    post = {"action": "plan", "year": "2026", "quarter": "4", "content": "Kế hoạch"}
    assert monitor.post(url, post).status_code == 403
    assert sibling.post(url, post).status_code == 403
    remove = f"/staff/boards/{inspection.pk}/members/{member.pk}/remove/"
    assert monitor.post(remove, {"left_on": "2026-11-01"}).status_code == 403
    assert Client().get(url).status_code == 302
    # A board member records work but does not manage members.
    board_member = client_for(staff.board_member)
    assert board_member.post(url, post).status_code == 302
    response = board_member.post(
        url,
        {
            "action": "member",
            "full_name": "Bùi Văn X",
            "position": "member",
            "joined_on": "2026-01-05",
        },
    )
    assert response.status_code == 403
    assert board_member.post(remove, {"left_on": "2026-11-01"}).status_code == 403
    assert client_for(staff.officer).post(url, {"action": "unknown"}).status_code == 403


def test_plan_errors_are_shown(staff: Staff, inspection: Board, client_for: Clients) -> None:
    client = client_for(staff.board_member)
    url = f"/staff/boards/{inspection.pk}/"
    response = client.post(url, {"action": "plan", "year": "2026", "quarter": "5", "content": "x"})
    assert response.status_code == 200
    assert "The quarter is 1, 2, 3 or 4." in response.text


def test_visit_with_photo_and_download(
    tree: Any,
    staff: Staff,
    inspection: Board,
    make_user: Callable[..., Any],
    client_for: Clients,
    png: bytes,
) -> None:
    members = fill(inspection, 5)
    client = client_for(staff.board_member)
    url = f"/staff/boards/{inspection.pk}/"
    refused = client.post(
        url,
        {
            "action": "visit",
            "visited_on": "2026-03-10",
            "subject": "Nhà văn hóa thôn Đông",
            "participants": [members[0].pk],
            "photo": SimpleUploadedFile("anh.png", b"this is no image"),
        },
    )
    assert refused.status_code == 200
    assert "error-summary" in refused.text
    assert not inspection.visits.exists()
    too_early = client.post(
        url, {"action": "visit", "visited_on": "2025-12-31", "subject": "Nhà văn hóa"}
    )
    assert "The visit cannot precede the board&#x27;s term." in too_early.text
    response = client.post(
        url,
        {
            "action": "visit",
            "visited_on": "2026-03-10",
            "subject": "Nhà văn hóa thôn Đông",
            "findings": "Mái tôn bị dột",
            "participants": [members[0].pk, members[1].pk],
            "photo": SimpleUploadedFile("mai-ton.png", png),
        },
    )
    assert response.status_code == 302
    visit = inspection.visits.get()
    assert visit.participants.count() == 2
    page = client.get(f"/staff/boards/visits/{visit.pk}/")
    assert page.status_code == 200
    assert "mai-ton.png" in page.text
    wrong = client.post(
        f"/staff/boards/visits/{visit.pk}/",
        {"photo": SimpleUploadedFile("ghi-chu.txt", b"plain text notes")},
    )
    assert wrong.status_code == 200
    assert "Attach a photo (JPEG, PNG, WebP) or a PDF." in wrong.text
    assert attachments_of(visit).count() == 1
    photo = attachments_of(visit).get()
    download = client.get(f"/staff/boards/visits/{visit.pk}/files/{photo.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png
    monitor = client_for(make_user(Role.MONITOR, tree.agency(tree.hanoi)))
    assert monitor.get(f"/staff/boards/visits/{visit.pk}/files/{photo.pk}/").status_code == 200
    assert (
        monitor.post(
            f"/staff/boards/visits/{visit.pk}/", {"photo": SimpleUploadedFile("a.png", png)}
        ).status_code
        == 403
    )
    sibling = client_for(make_user(Role.CASE_HANDLER, tree.agency(tree.ngoc_ha)))
    assert sibling.get(f"/staff/boards/visits/{visit.pk}/").status_code == 403
    assert sibling.get(f"/staff/boards/visits/{visit.pk}/files/{photo.pk}/").status_code == 403
    # Another record's file is not served through this visit.
    other = services.record_visit(
        actor=None,
        board=inspection,
        visited_on=date(2026, 3, 11),
        subject="Chợ",
        photos=[png],
        photo_names=["cho.png"],
    )
    other_photo = attachments_of(other).get()
    assert client.get(f"/staff/boards/visits/{visit.pk}/files/{other_photo.pk}/").status_code == 404


def test_recommendation_answer_follow_up_and_close(
    tree: Any, staff: Staff, inspection: Board, client_for: Clients
) -> None:
    board_member = client_for(staff.board_member)
    response = board_member.post(
        f"/staff/boards/{inspection.pk}/",
        {
            "action": "recommendation",
            "addressed_to": tree.agency(tree.ba_dinh).pk,
            "content": "Đề nghị sửa mái nhà văn hóa",
            "sent_on": "2026-04-01",
        },
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert recommendation.answer_due_on == date(2026, 4, 16)
    board_page = board_member.get(f"/staff/boards/{inspection.pk}/")
    assert "16/04/2026" in board_page.text
    assert "Answer overdue" in board_page.text
    url = f"/staff/boards/recommendations/{recommendation.pk}/"
    page = board_member.get(url)
    assert page.status_code == 200
    assert "Answer of the body addressed" not in page.text
    answer = {"action": "answer", "answered_on": "2026-04-17", "answer": "Đã sửa mái"}
    assert board_member.post(url, answer).status_code == 403
    assert client_for(staff.officer).post(url, answer).status_code == 403
    leader = client_for(staff.leader)
    assert "Answer of the body addressed" in leader.get(url).text
    early = leader.post(url, answer | {"answered_on": "2026-03-31"})
    assert "The answer cannot precede the recommendation." in early.text
    assert leader.post(url, answer).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.answered_late
    assert "Answered late" in leader.get(url).text
    assert leader.post(url, answer).status_code == 403  # already answered
    response = board_member.post(
        url, {"action": "follow_up", "on": "2026-05-02", "note": "Đã kiểm tra lại, đã khắc phục"}
    )
    assert response.status_code == 302
    assert "02/05/2026: Đã kiểm tra lại, đã khắc phục" in board_member.get(url).text
    assert board_member.post(url, {"action": "close", "closed_on": "2026-05-02"}).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.CLOSED
    assert (
        board_member.post(url, {"action": "follow_up", "on": "2026-05-03", "note": "x"}).status_code
        == 403
    )


def test_recommendation_page_access(
    tree: Any, inspection: Board, make_user: Callable[..., Any], client_for: Clients
) -> None:
    recommendation = services.send_recommendation(
        actor=None, board=inspection, content="Đề nghị", sent_on=TERM_START
    )
    url = f"/staff/boards/recommendations/{recommendation.pk}/"
    other_member = client_for(make_user(Role.BOARD_MEMBER, tree.agency(tree.ngoc_ha)))
    assert other_member.get(url).status_code == 403
    other_leader = client_for(make_user(Role.LEADER, tree.agency(tree.ngoc_ha)))
    assert (
        other_leader.post(
            url, {"action": "answer", "answered_on": "2026-01-06", "answer": "x"}
        ).status_code
        == 403
    )
    monitor = client_for(make_user(Role.MONITOR, tree.agency(tree.hanoi)))
    assert monitor.get(url).status_code == 200
    assert (
        monitor.post(url, {"action": "follow_up", "on": "2026-01-06", "note": "x"}).status_code
        == 403
    )
    assert Client().get(url).status_code == 302
