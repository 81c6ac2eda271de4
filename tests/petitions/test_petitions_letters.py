"""Letters issued from a petition: numbered per agency and year, kept as PDF and DOCX."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from pypdf import PdfReader

from danvan.documents.selectors import attachments_of
from danvan.petitions import services as petitions
from danvan.petitions.letters import available_letters, issue_letter
from tests.petitions.conftest import receive_one

D = date.fromisoformat


@pytest.fixture
def complaint(tree, staff):
    return receive_one(
        staff,
        tree.agency(tree.ba_dinh),
        subject="Khiếu nại việc thu hồi đất",
        content="Khiếu nại quyết định thu hồi đất nông nghiệp.",
        petitioner_name="Nguyễn Thị Hoa",
    )


def test_receipt_letters_are_numbered_in_turn_and_kept_as_pdf_and_docx(
    complaint, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = issue_letter(actor=staff.officer, petition=complaint, kind="receipt")
    second = issue_letter(actor=staff.officer, petition=complaint, kind="receipt")
    assert (first.number_text, second.number_text) == ("01/TB-UBND", "02/TB-UBND")
    with first.pdf.file.open("rb") as fh:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert complaint.tracking_code in text
    assert "01/TB-UBND" in text
    with first.docx.file.open("rb") as fh:
        body = "\n".join(p.text for p in Document(io.BytesIO(fh.read())).paragraphs)
    assert "Nguyễn Thị Hoa" in body
    assert attachments_of(complaint).count() == 4


def test_letters_follow_the_steps_taken(complaint, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert available_letters(complaint) == ["receipt"]
    with pytest.raises(ValidationError):
        issue_letter(actor=staff.officer, petition=complaint, kind="acceptance")
    p = petitions.classify(
        actor=staff.officer, petition=complaint, expected_version=1, effective_on=D("2026-03-03")
    )
    p = petitions.accept(
        actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-03-05")
    )
    assert available_letters(p) == ["receipt", "acceptance"]
    issued = issue_letter(actor=staff.officer, petition=p, kind="acceptance")
    with issued.pdf.file.open("rb") as fh:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
    # The resolution deadline: 30 days from 5 March 2026 is Saturday 4 April, so the
    # period ends on Monday 6 April; written as the decree writes dates.
    assert "chậm nhất đến ngày 06 tháng 4 năm 2026" in " ".join(text.split())


def test_monitors_cannot_issue_letters(complaint, staff, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(PermissionDenied):
        issue_letter(actor=staff.monitor, petition=complaint, kind="receipt")
    response = client_for(staff.monitor).post(f"/staff/petitions/{complaint.pk}/letters/receipt/")
    assert response.status_code == 403
    assert not attachments_of(complaint).exists()
    officer = client_for(staff.officer)
    response = officer.post(f"/staff/petitions/{complaint.pk}/letters/receipt/")
    assert response.status_code == 302
    pdf = attachments_of(complaint).get(original_name__endswith=".pdf")
    download = officer.get(f"/staff/petitions/{complaint.pk}/files/{pdf.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The monitor may read the file; a sibling commune may not.
    assert (
        client_for(staff.monitor)
        .get(f"/staff/petitions/{complaint.pk}/files/{pdf.pk}/")
        .status_code
        == 200
    )


def test_upload_checks_the_content_and_keeps_the_file(
    complaint, staff, client_for, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    officer = client_for(staff.officer)
    fake = SimpleUploadedFile(
        "bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = officer.post(
        f"/staff/petitions/{complaint.pk}/files/upload/", {"file": fake}, follow=True
    )
    assert not attachments_of(complaint).exists()
    assert any("PDF" in str(m) for m in response.context["messages"])
    text = SimpleUploadedFile(
        "ghi-chu.txt", "Biên bản làm việc".encode(), content_type="text/plain"
    )
    officer.post(f"/staff/petitions/{complaint.pk}/files/upload/", {"file": text})
    assert attachments_of(complaint).get().original_name == "ghi-chu.txt"
    assert (
        client_for(staff.monitor)
        .post(f"/staff/petitions/{complaint.pk}/files/upload/", {"file": text})
        .status_code
        == 403
    )


def test_notifications_page_lists_and_marks_read(tree, staff, client_for):
    from danvan.notifications.models import Notification
    from danvan.notifications.services import notify

    notify(
        recipients=[staff.handler, staff.handler, None],
        topic="t",
        title="Hồ sơ quá hạn",
        body="2 hồ sơ",
    )
    assert Notification.objects.filter(recipient=staff.handler).count() == 1
    client = client_for(staff.handler)
    page = client.get("/staff/notifications/")
    assert "Hồ sơ quá hạn" in page.content.decode()
    assert page.context["unread_notifications"] == 1
    client.post("/staff/notifications/read/")
    assert not Notification.objects.filter(recipient=staff.handler, read_at__isnull=True).exists()


def test_notifications_are_emailed_after_commit_and_a_mail_failure_loses_nothing(
    tree, staff, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    from danvan.notifications import tasks
    from danvan.notifications.models import Notification
    from danvan.notifications.services import notify

    staff.handler.email = "cuong@example.gov.vn"
    staff.handler.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[staff.handler], topic="t", title="Sắp đến hạn", body="1 hồ sơ")
    assert [m.to for m in mailoutbox] == [["cuong@example.gov.vn"]]
    assert Notification.objects.get().emailed_at is not None

    def down(**kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(tasks, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        [row] = notify(recipients=[staff.handler], topic="t", title="Quá hạn", body="1 hồ sơ")
    row.refresh_from_db()
    assert row.emailed_at is None  # kept for a retry, nothing raised
    monkeypatch.undo()
    assert tasks.resend_pending() == 1  # the daily watch retries it
    row.refresh_from_db()
    assert row.emailed_at is not None
