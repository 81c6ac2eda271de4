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
from danvan.petitions.models import PetitionKind
from danvan.petitions.services import PetitionDraft

D = date.fromisoformat


@pytest.fixture
def complaint(tree, staff):
    [p] = petitions.receive_petitions(
        actor=staff.officer,
        agency=tree.agency(tree.ba_dinh),
        drafts=[
            PetitionDraft(
                kind=PetitionKind.COMPLAINT,
                subject="Khiếu nại việc thu hồi đất",
                content="Khiếu nại quyết định thu hồi đất nông nghiệp.",
                petitioner_name="Nguyễn Thị Hoa",
            )
        ],
        channel="post",
        received_on=D("2026-03-02"),
    )
    return p


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
