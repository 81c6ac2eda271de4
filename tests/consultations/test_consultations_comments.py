"""Comments: the portal (period, limits, idempotency, check question), a meeting's
comments entered in one go, and moderation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from danvan.audit.models import AuditEntry
from danvan.consultations import services
from danvan.consultations.models import Comment, Consultation, DraftSection
from danvan.consultations.selectors import statistics, visible_comments
from tests.consultations.conftest import TODAY, Staff, Villages, past_consultation

pytestmark = pytest.mark.django_db

Clients = Callable[[Any], Client]


def _article(consultation: Consultation, label: str = "Điều 2") -> DraftSection:
    return consultation.sections.get(label=label)


def _submit(consultation: Consultation, **kwargs: Any) -> Comment:
    values: dict[str, Any] = {
        "consultation": consultation,
        "section": _article(consultation),
        "position": "propose",
        "text": "Đề nghị  bổ sung nguyên tắc lắng nghe ý kiến.",
        "key": uuid.uuid4(),
    }
    values.update(kwargs)
    return services.submit_comment(**values)


def test_portal_comment_is_kept_as_written(open_consultation: Consultation) -> None:
    comment = _submit(open_consultation, author_name=" Lê  Văn Ba ")
    assert comment.channel == "portal"
    assert comment.people == 1
    assert comment.text == "Đề nghị bổ sung nguyên tắc lắng nghe ý kiến."
    assert comment.text_folded == "de nghi bo sung nguyen tac lang nghe y kien."
    assert comment.author_name == "Lê Văn Ba"
    whole = _submit(open_consultation, section=None, position="agree", text="Nhất trí.")
    assert whole.section is None


def test_same_key_gives_the_same_comment(open_consultation: Consultation) -> None:
    key = uuid.uuid4()
    first = _submit(open_consultation, key=key)
    again = _submit(open_consultation, key=key, text="Khác")
    assert first.pk == again.pk
    assert Comment.objects.count() == 1


def test_bad_input_is_refused(open_consultation: Consultation, tree: Any) -> None:
    from tests.consultations.conftest import make_consultation

    other = make_consultation(tree)
    from danvan.consultations.services import import_draft

    import_draft(actor=None, consultation=other, text="Một đoạn.")
    with pytest.raises(ValidationError) as caught:
        _submit(
            open_consultation,
            section=other.sections.get(),
            position="maybe",
            text="   ",
        )
    assert set(caught.value.message_dict) == {"section", "position", "text"}
    with pytest.raises(ValidationError, match="too long"):
        _submit(open_consultation, text="x" * 5001)


def test_comment_after_the_last_day_is_refused(open_consultation: Consultation) -> None:
    after = open_consultation.closes_on + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        _submit(open_consultation, today=after)
    expected = f"Comments closed on {open_consultation.closes_on:%d/%m/%Y}."
    assert caught.value.messages == [expected]


def test_comment_before_opening_is_refused(draft: Consultation) -> None:
    with pytest.raises(ValidationError, match="Comments open on"):
        _submit(draft)


def test_portal_form_opened_before_closing_sent_after(
    open_consultation: Consultation, public_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = public_client.get(f"/cong-dan/y-kien/{open_consultation.pk}/")
    assert page.status_code == 200
    section = _article(open_consultation)
    prefix = f"s{section.pk}"
    challenge = re.search(rf'name="{prefix}-challenge" value="([^"]+)"', page.text)
    key = re.search(rf'name="{prefix}-key" value="([^"]+)"', page.text)
    assert challenge
    assert key
    monkeypatch.setattr(
        "danvan.portal.forms.CheckedForm.clean",
        lambda self: self.cleaned_data,  # the question is tested below; not the point here
    )
    # The comment period ends while the page is open.
    Consultation.objects.filter(pk=open_consultation.pk).update(
        opens_on=TODAY - timedelta(days=21), closes_on=TODAY - timedelta(days=1)
    )
    response = public_client.post(
        f"/cong-dan/y-kien/{open_consultation.pk}/",
        {
            "target": str(section.pk),
            f"{prefix}-key": key[1],
            f"{prefix}-challenge": challenge[1],
            f"{prefix}-answer": "1",
            f"{prefix}-position": "agree",
            f"{prefix}-text": "Đồng ý.",
        },
    )
    assert response.status_code == 400
    closed = (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Comments closed on {closed}." in response.text
    assert not Comment.objects.exists()


def _answer(page_text: str, prefix: str) -> str:
    question = re.search(rf'id="id_{prefix}-answer_help">([^<]+)<', page_text)
    assert question is not None
    words = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
    found = re.search(r"How much is (\w+) plus (\w+)\?", question[1])
    assert found is not None
    return str(words.index(found[1].lower()) + words.index(found[2].lower()))


def test_portal_comment_through_the_page(
    open_consultation: Consultation, public_client: Client
) -> None:
    url = f"/cong-dan/y-kien/{open_consultation.pk}/"
    page = public_client.get(url)
    assert "Comment on the whole draft" in page.text
    assert "Comment on Điều 2" in page.text
    prefix = "whole"
    challenge = re.search(rf'name="{prefix}-challenge" value="([^"]+)"', page.text)
    key = re.search(rf'name="{prefix}-key" value="([^"]+)"', page.text)
    assert challenge
    assert key
    data = {
        "target": "whole",
        f"{prefix}-key": key[1],
        f"{prefix}-challenge": challenge[1],
        f"{prefix}-position": "agree",
        f"{prefix}-text": "Tôi đồng ý toàn bộ dự thảo.",
    }
    wrong = public_client.post(url, {**data, f"{prefix}-answer": "99"})
    assert wrong.status_code == 400
    assert "The answer is not right" in wrong.text
    assert not Comment.objects.exists()
    right = public_client.post(url, {**data, f"{prefix}-answer": _answer(page.text, prefix)})
    assert right.status_code == 302
    comment = Comment.objects.get()
    assert comment.section is None
    assert comment.position == "agree"
    assert public_client.post(url, {**data, f"{prefix}-answer": _answer(page.text, prefix)})
    assert Comment.objects.count() == 1  # the same key again


def test_portal_limit_per_connection(open_consultation: Consultation) -> None:
    for _ in range(services.MAX_COMMENTS_PER_HOUR):
        _submit(open_consultation, address="10.0.0.7")
    with pytest.raises(services.TooManyCommentsError):
        _submit(open_consultation, address="10.0.0.7")
    _submit(open_consultation, address="10.0.0.8")


def test_portal_limit_per_account(
    open_consultation: Consultation, make_user: Callable[..., Any]
) -> None:
    citizen = make_user()
    for n in range(services.MAX_COMMENTS_PER_ACCOUNT_HOUR):
        _submit(open_consultation, user=citizen, address=f"10.1.0.{n}")
    with pytest.raises(services.TooManyCommentsError):
        _submit(open_consultation, user=citizen, address="10.2.0.1")


def test_too_many_comments_page(
    open_consultation: Consultation, public_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "MAX_COMMENTS_PER_HOUR", 0)
    monkeypatch.setattr("danvan.portal.forms.CheckedForm.clean", lambda self: self.cleaned_data)
    response = public_client.post(
        f"/cong-dan/y-kien/{open_consultation.pk}/",
        {
            "target": "whole",
            "whole-key": str(uuid.uuid4()),
            "whole-challenge": "x",
            "whole-answer": "1",
            "whole-position": "agree",
            "whole-text": "Đồng ý",
        },
    )
    assert response.status_code == 429
    assert "Too many comments" in response.text


def test_preparation_is_not_public(draft: Consultation, public_client: Client) -> None:
    assert public_client.get(f"/cong-dan/y-kien/{draft.pk}/").status_code == 404


# ---------------------------------------------------------------------------------------
# A meeting's comments


def _rows(consultation: Consultation, n: int) -> list[services.OfflineRow]:
    sections = list(consultation.sections.filter(kind="article"))
    return [
        services.OfflineRow(
            section=sections[i % len(sections)],
            position=["agree", "disagree", "propose", "other"][i % 4],
            text=f"Ý kiến số {i + 1} tại hội nghị thôn.",
            people=1 + i % 3,
        )
        for i in range(n)
    ]


def test_batch_service_all_or_nothing(
    open_consultation: Consultation, staff: Staff, villages: Villages
) -> None:
    rows = _rows(open_consultation, 5)
    bad = [*rows[:2], services.OfflineRow(None, "agree", "  ", 1), *rows[2:]]
    bad.append(services.OfflineRow(None, "huh", "Có chữ", 0))
    with pytest.raises(ValidationError) as caught:
        services.record_offline_batch(
            actor=staff.officer,
            consultation=open_consultation,
            channel="meeting",
            held_on=TODAY,
            village=villages.dong,
            rows=bad,
        )
    messages = caught.value.message_dict["rows"]
    assert any(m.startswith("Row 3:") for m in messages)
    assert any(m.startswith("Row 7:") for m in messages)
    assert not Comment.objects.exists()
    batch = services.record_offline_batch(
        actor=staff.officer,
        consultation=open_consultation,
        channel="meeting",
        held_on=TODAY,
        village=villages.dong,
        attendees=30,
        rows=rows,
    )
    assert batch.comments.count() == 5
    assert {c.village for c in batch.comments.all()} == {villages.dong}
    assert AuditEntry.objects.filter(action="consultations.batch.create").exists()


def test_batch_header_is_checked(open_consultation: Consultation, staff: Staff, tree: Any) -> None:
    from danvan.units.services import add_village

    elsewhere = add_village(actor=None, commune=tree.ngoc_ha, name="Thôn Xa")
    with pytest.raises(ValidationError) as caught:
        services.record_offline_batch(
            actor=staff.officer,
            consultation=open_consultation,
            channel="portal",
            held_on=TODAY + timedelta(days=3),
            village=elsewhere,
            attendees=1,
            rows=_rows(open_consultation, 3),
        )
    assert {"channel", "held_on", "village", "attendees"} <= set(caught.value.message_dict)


@pytest.mark.parametrize("who", ["other_officer", "monitor"])
def test_batch_refused_outside_the_authority(
    open_consultation: Consultation, staff: Staff, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.record_offline_batch(
            actor=getattr(staff, who),
            consultation=open_consultation,
            channel="meeting",
            held_on=TODAY,
            rows=_rows(open_consultation, 1),
        )


def _bulk_post(
    consultation: Consultation, rows: int, filled: list[dict[str, Any]]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": "meeting",
        "held_on": TODAY.isoformat(),
        "place": "Nhà văn hóa thôn Đông",
        "attendees": "",
        "rows-TOTAL_FORMS": str(rows),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
    }
    for i in range(rows):
        row = filled[i] if i < len(filled) else {}
        data[f"rows-{i}-section"] = row.get("section", "")
        data[f"rows-{i}-position"] = row.get("position", "")
        data[f"rows-{i}-text"] = row.get("text", "")
        data[f"rows-{i}-people"] = row.get("people", "1")
    return data


def test_forty_rows_in_one_post(
    open_consultation: Consultation, staff: Staff, client_for: Clients, villages: Villages
) -> None:
    client = client_for(staff.officer)
    url = f"/staff/consultations/{open_consultation.pk}/bulk/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.text.count('name="rows-39-text"') == 1
    articles = list(open_consultation.sections.filter(kind="article"))
    filled = [
        {
            "section": str(articles[i % len(articles)].pk),
            "position": ["agree", "disagree", "propose", "other"][i % 4],
            "text": f"Ý kiến {i + 1}: đề nghị làm rõ nội dung điều này.",
            "people": str(1 + i % 5),
        }
        for i in range(40)
    ]
    data = _bulk_post(open_consultation, 40, filled)
    data["village"] = str(villages.doai.pk)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Comment.objects.filter(batch__isnull=False).count() == 40
    assert statistics(open_consultation).people == sum(1 + i % 5 for i in range(40))


def test_bulk_errors_per_row_and_nothing_saved(
    open_consultation: Consultation, staff: Staff, client_for: Clients
) -> None:
    client = client_for(staff.officer)
    url = f"/staff/consultations/{open_consultation.pk}/bulk/?rows=45"
    filled = [{"position": "agree", "text": f"Ý kiến {i}"} for i in range(45)]
    filled[4] = {"position": "", "text": "Thiếu ý kiến đồng ý hay không"}
    filled[9] = {"position": "agree", "text": "Số người sai", "people": "0"}
    response = client.post(url, _bulk_post(open_consultation, 45, filled))
    assert response.status_code == 200
    assert 'href="#row-5"' in response.text
    assert 'href="#row-10"' in response.text
    assert "Choose the position." in response.text
    assert not Comment.objects.exists()


def test_bulk_blank_rows_are_ignored(
    open_consultation: Consultation, staff: Staff, client_for: Clients
) -> None:
    client = client_for(staff.officer)
    url = f"/staff/consultations/{open_consultation.pk}/bulk/"
    filled = [{}, {"position": "disagree", "text": "Không đồng ý"}, {}]
    response = client.post(url, _bulk_post(open_consultation, 40, filled))
    assert response.status_code == 302
    assert Comment.objects.get().position == "disagree"


def test_bulk_page_refused_to_monitor_and_other_commune(
    open_consultation: Consultation, staff: Staff, client_for: Clients
) -> None:
    url = f"/staff/consultations/{open_consultation.pk}/bulk/"
    assert client_for(staff.monitor).get(url).status_code == 403
    assert client_for(staff.other_officer).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the login page


# ---------------------------------------------------------------------------------------
# Moderation


def test_hide_keeps_the_original_and_excludes_it(
    open_consultation: Consultation, staff: Staff
) -> None:
    comment = _submit(open_consultation, text="Lời lẽ xúc phạm cán bộ")
    kept = _submit(open_consultation)
    with pytest.raises(ValidationError) as caught:
        services.hide_comment(actor=staff.officer, comment=comment, reason="  ")
    assert "reason" in caught.value.message_dict
    services.hide_comment(actor=staff.officer, comment=comment, reason="Xúc phạm")
    comment.refresh_from_db()
    assert comment.hidden
    assert comment.text == "Lời lẽ xúc phạm cán bộ"
    assert comment.hidden_by == staff.officer
    assert comment.hidden_reason == "Xúc phạm"
    assert list(visible_comments(open_consultation)) == [kept]
    assert statistics(open_consultation).comments == 1
    entry = AuditEntry.objects.get(action="consultations.comment.hide")
    assert entry.reason == "Xúc phạm"
    with pytest.raises(ValidationError, match="already hidden"):
        services.hide_comment(actor=staff.officer, comment=comment, reason="Lần nữa")
    services.unhide_comment(actor=staff.handler, comment=comment)
    comment.refresh_from_db()
    assert not comment.hidden
    assert comment.hidden_reason == ""
    assert AuditEntry.objects.filter(action="consultations.comment.unhide").exists()


@pytest.mark.parametrize("who", ["other_officer", "monitor"])
def test_moderation_refused_outside_the_authority(
    open_consultation: Consultation, staff: Staff, who: str
) -> None:
    comment = _submit(open_consultation)
    with pytest.raises(PermissionDenied):
        services.hide_comment(actor=getattr(staff, who), comment=comment, reason="x")


def test_moderation_through_the_pages(
    open_consultation: Consultation, staff: Staff, client_for: Clients
) -> None:
    comment = _submit(open_consultation, text="Số điện thoại của tôi 0912345678")
    base = f"/staff/consultations/{open_consultation.pk}/comments/"
    assert (
        client_for(staff.monitor).post(f"{base}{comment.pk}/hide/", {"reason": "x"}).status_code
        == 403
    )
    client = client_for(staff.officer)
    listing = client.get(base)
    assert "0912345678" in listing.text
    response = client.post(f"{base}{comment.pk}/hide/", {"reason": "Dữ liệu cá nhân"})
    assert response.status_code == 302
    assert "0912345678" not in client.get(base).text
    hidden = client.get(f"{base}?show=hidden")
    assert "0912345678" in hidden.text
    assert "Dữ liệu cá nhân" in hidden.text
    client.post(f"{base}{comment.pk}/unhide/")
    comment.refresh_from_db()
    assert not comment.hidden


def test_hidden_comment_marks_the_groups_stale(tree: Any, staff: Staff) -> None:
    consultation = past_consultation(tree)
    comment = _submit(consultation, today=consultation.opens_on)
    services.close_comments(actor=staff.officer, consultation=consultation)
    services.aggregate(actor=staff.officer, consultation=consultation)
    services.hide_comment(actor=staff.officer, comment=comment, reason="Trùng lặp")
    consultation.refresh_from_db()
    assert consultation.groups_stale
