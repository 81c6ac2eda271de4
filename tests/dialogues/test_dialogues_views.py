from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from danvan.dialogues import services
from danvan.dialogues.models import CommitmentStatus, Meeting, MeetingKind, MeetingStatus
from tests.dialogues.conftest import Commune


def _recent(c: Commune, *, held: bool = True) -> Meeting:
    today = timezone.localdate()
    day = today - timedelta(days=10)
    meeting = services.schedule_meeting(
        actor=c.officer,
        commune=c.unit,
        kind=MeetingKind.CHAIR_DIALOGUE,
        title="Đối thoại với Nhân dân phường Ba Đình",
        scheduled_at=services.at(day),
        place="Hội trường",
        noticed_on=day - timedelta(days=7),
        agenda="Báo cáo tình hình\nÝ kiến của Nhân dân",
    )
    if held:
        meeting = services.record_held(actor=c.officer, meeting=meeting, held_on=day, attendance=80)
    return meeting


def test_pages_for_the_communes_officer(
    commune: Commune, english_client_for: Callable[[Any], Any]
) -> None:
    meeting = _recent(commune)
    question = services.add_question(
        actor=commune.officer, meeting=meeting, content="Khi nào sửa cống thoát nước?"
    )
    services.add_commitment(
        actor=commune.officer,
        meeting=meeting,
        content="Sửa cống thoát nước",
        owner="Phó Chủ tịch",
        due_on=timezone.localdate() - timedelta(days=1),
        question=question,
    )
    client = english_client_for(commune.officer)
    listing = client.get(reverse("dialogues:list"), {"commune": commune.unit.pk})
    assert listing.status_code == 200
    assert "Đối thoại với Nhân dân phường Ba Đình" in listing.content.decode()
    page = client.get(reverse("dialogues:detail", args=[meeting.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Khi nào sửa cống thoát nước?" in body
    assert "Sửa cống thoát nước" in body
    assert "Overdue" in body
    tracker = client.get(reverse("dialogues:tracker", args=[commune.unit.pk]))
    assert tracker.status_code == 200
    assert "Sửa cống thoát nước" in tracker.content.decode()
    assert client.get(reverse("dialogues:schedule")).status_code == 200


def test_schedule_form_shows_the_notice_rule(
    commune: Commune, english_client_for: Callable[[Any], Any]
) -> None:
    client = english_client_for(commune.officer)
    day = timezone.localdate() + timedelta(days=10)
    data = {
        "commune": commune.unit.pk,
        "kind": MeetingKind.YEAR_END_VILLAGE,
        "village": commune.east.pk,
        "title": "Hội nghị Thôn Đông cuối năm",
        "scheduled_at": f"{day.isoformat()}T19:00",
        "place": "Nhà văn hóa Thôn Đông",
        "noticed_on": (day - timedelta(days=4)).isoformat(),
    }
    response = client.post(reverse("dialogues:schedule"), data)
    assert response.status_code == 200
    assert "at least 5 days" in response.content.decode()
    assert not Meeting.objects.exists()
    data["noticed_on"] = (day - timedelta(days=5)).isoformat()
    response = client.post(reverse("dialogues:schedule"), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogues:detail", args=[meeting.pk])
    assert meeting.village == commune.east


def test_meeting_forms_post_and_show_errors(
    commune: Commune, english_client_for: Callable[[Any], Any]
) -> None:
    meeting = _recent(commune, held=False)
    client = english_client_for(commune.officer)
    url = reverse("dialogues:detail", args=[meeting.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, {"action": "held", "held-held_on": future, "held-attendance": 4})
    assert response.status_code == 200
    assert "is in the future" in response.content.decode()
    held_on = meeting.scheduled_at.date().isoformat()
    response = client.post(url, {"action": "held", "held-held_on": held_on, "held-attendance": 64})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.attendance == 64
    response = client.post(url, {"action": "question", "question-content": "Đèn đường hỏng"})
    assert response.status_code == 302
    question = meeting.questions.get()
    response = client.post(
        url,
        {
            "action": "answer",
            "answer-question": question.pk,
            "answer-answer": "Sẽ thay trong tuần",
            "answer-answered_by": "Chủ tịch",
            "answer-answered_on": held_on,
        },
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "action": "commitment",
            "commitment-content": "Thay bóng đèn",
            "commitment-owner": "Công chức địa chính",
            "commitment-due_on": future,
        },
    )
    assert response.status_code == 302
    commitment = meeting.commitments.get()
    response = client.post(url, {"action": "drop", "drop-commitment": commitment.pk})
    assert response.status_code == 200
    assert "Give the reason for dropping" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "complete",
            "complete-commitment": commitment.pk,
            "complete-done_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DONE


def test_outsiders_monitors_and_anonymous(
    commune: Commune, english_client_for: Callable[[Any], Any]
) -> None:
    from django.test import Client

    meeting = _recent(commune, held=False)
    url = reverse("dialogues:detail", args=[meeting.pk])
    post = {"action": "cancel", "cancel-reason": "Bão"}
    outsider = english_client_for(commune.outsider)
    assert outsider.get(url).status_code == 403
    assert outsider.post(url, post).status_code == 403
    assert outsider.get(reverse("dialogues:tracker", args=[commune.unit.pk])).status_code == 403
    assert "Đối thoại" not in outsider.get(reverse("dialogues:list")).content.decode()
    assert outsider.get(reverse("dialogues:list"), {"commune": commune.unit.pk}).status_code == 404
    monitor = english_client_for(commune.monitor)
    page = monitor.get(url)
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()  # no forms for a reader
    assert monitor.post(url, post).status_code == 403
    assert monitor.get(reverse("dialogues:schedule")).status_code == 403
    anonymous = Client()
    assert anonymous.get(url).status_code == 302
    assert anonymous.post(url, post).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
