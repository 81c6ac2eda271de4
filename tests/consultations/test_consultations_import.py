"""Reading drafts: the seed texts, a structured legal text, DOCX, PDF and bad files."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.consultations import services
from danvan.consultations.drafts import parse_draft
from danvan.consultations.models import DraftSection
from tests.consultations.conftest import STRUCTURED, Staff, make_consultation, seed_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", range(5))
def test_each_seed_text_becomes_one_section_per_paragraph(tree: Any, n: int) -> None:
    consultation = make_consultation(tree)
    text = seed_text(n)
    # Blank lines, including those holding only no-break spaces, separate paragraphs.
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    sections = services.import_draft(actor=None, consultation=consultation, text=text)
    assert len(sections) == len(paragraphs)
    assert [s.label for s in sections[:3]] == ["Đoạn 1", "Đoạn 2", "Đoạn 3"]
    assert {s.kind for s in sections} == {"paragraph"}
    assert all(s.text for s in sections)


def test_structured_text_gives_the_tree() -> None:
    parts = parse_draft(STRUCTURED)
    labels = [p.label for p in parts]
    assert labels == [
        "Mở đầu",
        "Chương I",
        "Điều 1",
        "Điều 2",
        "Khoản 1",
        "Khoản 2",
        "Điểm a",
        "Điểm b",
        "Chương II",
        "Mục 1",
        "Điều 3",
        "Điều 4",
        "Khoản 1",
    ]
    chapter = parts[1]
    assert chapter.heading == "NHỮNG QUY ĐỊNH CHUNG"  # the title on the next line
    article_2 = parts[3]
    assert article_2.heading == "Nguyên tắc"
    assert parts[article_2.parent or 0].label == "Chương I"
    point_a = parts[6]
    assert parts[point_a.parent or 0].label == "Khoản 2"
    assert point_a.text == "Ý kiến được tổng hợp đầy đủ;"
    assert parts[10].parent == 9  # Điều 3 under Mục 1
    assert parts[10].text.startswith("Niêm yết")
    assert parts[1].depth == 0
    assert parts[10].depth == 2


def test_numbered_lists_outside_articles_stay_text() -> None:
    parts = parse_draft("Kế hoạch năm\n\n1. Việc một\n2. Việc hai\n\nĐoạn cuối")
    assert [p.label for p in parts] == ["Đoạn 1", "Đoạn 2", "Đoạn 3"]


def test_import_stores_the_tree_and_replaces_the_old_one(tree: Any, staff: Staff) -> None:
    consultation = make_consultation(tree)
    services.import_draft(actor=staff.officer, consultation=consultation, text=seed_text(0))
    sections = services.import_draft(
        actor=staff.officer, consultation=consultation, text=STRUCTURED
    )
    stored = list(DraftSection.objects.filter(consultation=consultation).order_by("order"))
    assert [s.pk for s in stored] == [s.pk for s in sections]
    point = next(s for s in stored if s.label == "Điểm b")
    assert point.parent is not None
    assert point.parent.label == "Khoản 2"
    assert point.parent.parent is not None
    assert point.parent.parent.label == "Điều 2"
    entry = AuditEntry.objects.filter(action="consultations.draft.import").order_by("pk").last()
    assert entry is not None
    assert entry.after is not None
    assert entry.after["sections"] == len(sections)


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_is_read_by_paragraph(tree: Any) -> None:
    consultation = make_consultation(tree)
    data = _docx(STRUCTURED.strip().splitlines())
    sections = services.import_draft(
        actor=None, consultation=consultation, upload=data, name="du-thao.docx"
    )
    assert [s.label for s in sections][:4] == ["Mở đầu", "Chương I", "Điều 1", "Điều 2"]


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def test_pdf_with_text_is_read(tree: Any) -> None:
    consultation = make_consultation(tree)
    sections = services.import_draft(
        actor=None, consultation=consultation, upload=_pdf(STRUCTURED), name="du-thao.pdf"
    )
    labels = [s.label for s in sections]
    assert "Điều 3" in labels
    assert "Điểm b" in labels


def test_scanned_pdf_is_refused(tree: Any) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 200, 200)).save(out, "PDF")
    consultation = make_consultation(tree)
    with pytest.raises(ValidationError) as caught:
        services.import_draft(
            actor=None, consultation=consultation, upload=out.getvalue(), name="scan.pdf"
        )
    assert "no text" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "du-thao.txt", "empty"),
        (b"   \n\n  ", "du-thao.txt", "empty"),
        (b"%PDF-1.4 not really", "du-thao.docx", "not a Word document"),
        (b"MZ\x90\x00", "du-thao.exe", "not accepted"),
    ],
)
def test_bad_files_are_refused(tree: Any, data: bytes, name: str, message: str) -> None:
    consultation = make_consultation(tree)
    with pytest.raises(ValidationError) as caught:
        services.import_draft(actor=None, consultation=consultation, upload=data, name=name)
    assert message in str(caught.value)
    assert not consultation.sections.exists()


def test_an_image_is_not_a_draft(tree: Any) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 30)).save(out, "PNG")
    consultation = make_consultation(tree)
    with pytest.raises(ValidationError, match="Import a text file"):
        services.import_draft(
            actor=None, consultation=consultation, upload=out.getvalue(), name="anh.png"
        )


def test_empty_text_is_refused(tree: Any) -> None:
    consultation = make_consultation(tree)
    with pytest.raises(ValidationError, match="empty"):
        services.import_draft(actor=None, consultation=consultation, text="  \n ")


def test_import_only_in_preparation(open_consultation: Any) -> None:
    with pytest.raises(ValidationError, match="preparation"):
        services.import_draft(actor=None, consultation=open_consultation, text=STRUCTURED)


@pytest.mark.parametrize("who", ["other_officer", "monitor"])
def test_import_needs_the_authority(tree: Any, staff: Staff, who: str) -> None:
    consultation = make_consultation(tree)
    with pytest.raises(PermissionDenied):
        services.import_draft(actor=getattr(staff, who), consultation=consultation, text=STRUCTURED)


def test_province_leader_reaches_the_commune(tree: Any, staff: Staff) -> None:
    consultation = make_consultation(tree)
    sections = services.import_draft(
        actor=staff.province_leader, consultation=consultation, text=STRUCTURED
    )
    assert sections
