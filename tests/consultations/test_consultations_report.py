"""The consultation's explanation report (báo cáo tổng hợp, tiếp thu, giải trình ý kiến):
its wording, the departures from the majority, the PDF (text with pypdf, fonts, page
images with pdftoppm), the DOCX (python-docx), a long report and hostile text."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from danvan.consultations.report import (
    MARK,
    NUMBER_BLANK,
    POSITIONS,
    ExplanationReport,
    OpinionGroupRow,
    SectionRow,
    appendix_html,
    appendix_rows,
    departures,
    explanation_html,
    explanation_letter,
    render_explanation_docx,
    render_explanation_pdf,
    running_name,
)

MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DEPARTING_TEXT = "Đề nghị bỏ quy định thu phí vệ sinh đối với hộ nghèo ở thôn Đông"
DEPARTING_REASON = "Mức thu do Hội đồng nhân dân tỉnh quyết định, xã không có thẩm quyền bỏ."
ACCEPTED_TEXT = "Cần ghi rõ thời gian họp thôn vào buổi tối để người lao động tham dự được"
HOSTILE = '<script>alert("x")</script> & <b>đậm</b> "trích dẫn" \x0b\x00 hết'


def positions(agree: int = 0, disagree: int = 0, propose: int = 0, other: int = 0) -> dict:
    return dict(zip(POSITIONS, (agree, disagree, propose, other), strict=True))


def group(text: str, **changes: Any) -> OpinionGroupRow:
    values: dict[str, Any] = {
        "representative": text,
        "comments": 3,
        "people": 2,
        "positions": positions(agree=1, propose=1),
        "decision": "accepted",
        "explanation": "Tiếp thu, chỉnh lý tại khoản 2.",
        "departs_from_majority": False,
    }
    values.update(changes)
    return OpinionGroupRow(**values)


def sample_report(**changes: Any) -> ExplanationReport:
    sections = [
        SectionRow(
            label="Điều 3",
            title="Thời gian sinh hoạt cộng đồng",
            comments=5,
            people=4,
            positions=positions(agree=2, propose=2),
            groups=[
                group(ACCEPTED_TEXT),
                group(
                    "Nên thông báo trước ba ngày qua loa truyền thanh",
                    decision="partly_accepted",
                    explanation="Tiếp thu một phần: thông báo trước hai ngày.",
                ),
            ],
        ),
        SectionRow(
            label="Điều 7",
            title="Mức đóng góp",
            comments=14,
            people=12,
            positions=positions(agree=1, disagree=10, other=1),
            groups=[
                group(
                    DEPARTING_TEXT,
                    comments=11,
                    people=10,
                    positions=positions(disagree=10),
                    decision="not_accepted",
                    explanation=DEPARTING_REASON,
                    departs_from_majority=True,
                ),
                group(
                    "Ý kiến khác về việc thu tiền",
                    comments=1,
                    people=1,
                    positions=positions(other=1),
                    decision="",
                ),
            ],
        ),
        SectionRow(
            label="Toàn bộ dự thảo",
            title="",
            comments=0,
            people=0,
            positions=positions(),
            groups=[],
        ),
    ]
    values: dict[str, Any] = {
        "agency_name": "ỦY BAN NHÂN DÂN XÃ BẮC LÝ",
        "parent_body": "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
        "number": "12/BC-UBND",
        "place": "Bắc Lý",
        "issued_on": date(2026, 3, 5),
        "consultation_title": "dự thảo Quy ước thôn Đông",
        "draft_title": "Dự thảo Quy ước thôn Đông",
        "opened_on": date(2026, 1, 5),
        "closed_on": date(2026, 2, 4),
        "channels": ["Cổng thông tin điện tử", "Hội nghị thôn"],
        "audience": "Nhân dân thôn Đông từ đủ 18 tuổi trở lên.",
        "participants": 16,
        "comments": 19,
        "by_channel": {"Cổng thông tin điện tử": 7, "Hội nghị thôn": 12},
        "sections": sections,
        "signer_title": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        "signer_name": "Trần Văn Bình",
        "recipients": ["UBND tỉnh Ninh Bình", "Nhân dân thôn Đông"],
    }
    values.update(changes)
    return ExplanationReport(**values)


def without_departures() -> ExplanationReport:
    report = sample_report()
    sections = [
        dataclasses.replace(
            section,
            groups=[dataclasses.replace(g, departs_from_majority=False) for g in section.groups],
        )
        for section in report.sections
    ]
    return dataclasses.replace(report, sections=sections)


def large_report(articles: int = 50, groups_each: int = 4) -> ExplanationReport:
    sections = [
        SectionRow(
            label=f"Điều {n}",
            title=f"Nội dung số {n} của quy ước về nếp sống văn minh ở khu dân cư",
            comments=groups_each * 3,
            people=groups_each * 2,
            positions=positions(agree=groups_each, propose=groups_each),
            groups=[
                group(
                    f"Ý kiến {n}.{g}: đề nghị bổ sung quy định về giữ gìn vệ sinh đường làng, "
                    "ngõ xóm và trồng cây xanh ở nơi công cộng " * (1 + g % 3),
                    departs_from_majority=(n % 10 == 0 and g == 1),
                    decision="not_accepted" if (n % 10 == 0 and g == 1) else "accepted",
                )
                for g in range(1, groups_each + 1)
            ],
        )
        for n in range(1, articles + 1)
    ]
    return sample_report(sections=sections, comments=articles * groups_each * 3)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    """Extracted text with line breaks as spaces (long sentences wrap on the page)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_explanation_pdf(sample_report())


@pytest.fixture(scope="module")
def sample_docx() -> Any:
    return Document(io.BytesIO(render_explanation_docx(sample_report())))


# --- values ----------------------------------------------------------------------------


def test_departures_lists_the_groups_that_depart_in_order() -> None:
    report = sample_report()
    found = departures(report)
    assert [(s.label, g.representative) for s, g in found] == [("Điều 7", DEPARTING_TEXT)]
    assert departures(without_departures()) == []


def test_running_name_writes_the_agency_as_in_a_sentence() -> None:
    assert running_name("ỦY BAN NHÂN DÂN XÃ BẮC LÝ") == "Ủy ban nhân dân xã Bắc Lý"
    assert running_name("ỦY BAN NHÂN DÂN THỊ XÃ ĐÔNG TRIỀU") == "Ủy ban nhân dân thị xã Đông Triều"
    assert running_name("ỦY BAN NHÂN DÂN\nPHƯỜNG BA ĐÌNH") == "Ủy ban nhân dân phường Ba Đình"
    assert running_name("Ủy ban nhân dân xã Bắc Lý") == "Ủy ban nhân dân xã Bắc Lý"


def test_letter_carries_the_header_title_and_signature() -> None:
    letter = explanation_letter(sample_report())
    assert letter.kind_title == "BÁO CÁO"
    assert letter.summary == (
        "Tổng hợp, tiếp thu, giải trình ý kiến của Nhân dân đối với dự thảo Quy ước thôn Đông"
    )
    # The parent body is too wide for the header column in full.
    assert letter.issuing_body_parent == "UBND TỈNH NINH BÌNH"
    assert letter.signer_authority == "TM. ỦY BAN NHÂN DÂN"
    assert letter.signer_title == "CHỦ TỊCH"
    assert letter.number_text == "12/BC-UBND"
    assert letter.place_date == "Bắc Lý, ngày 05 tháng 3 năm 2026"
    # The archive copy is added to the recipients.
    assert letter.recipients_lines[-1] == "- Lưu: VT."


def test_an_unnumbered_report_leaves_room_for_the_number() -> None:
    letter = explanation_letter(sample_report(number=""))
    assert letter.number_text == f"{NUMBER_BLANK}/BC-UBND"
    assert f"Số: {NUMBER_BLANK}/BC-UBND" in explanation_html(sample_report(number=""))
    symbol_only = explanation_letter(sample_report(number="/BC-UBND"))
    assert symbol_only.number_text == f"{NUMBER_BLANK}/BC-UBND"


def test_unknown_decision_or_position_is_refused() -> None:
    bad = sample_report(sections=[dataclasses.replace(
        sample_report().sections[0], groups=[group("x", decision="maybe")])])  # fmt: skip
    with pytest.raises(ValueError, match="decision"):
        explanation_letter(bad)
    bad = sample_report(sections=[dataclasses.replace(
        sample_report().sections[0], positions={"yes": 1})])  # fmt: skip
    with pytest.raises(ValueError, match="positions"):
        appendix_html(bad)


def test_appendix_rows_are_one_per_article_and_one_per_group() -> None:
    rows = appendix_rows(sample_report())
    assert [row.number for row in rows] == ["1", "1.1", "1.2", "2", "2.1", "2.2", "3"]
    departing = [row for row in rows if row.departs]
    assert [row.number for row in departing] == ["2.1"]
    assert departing[0].marked_number == f"2.1 {MARK}"
    assert departing[0].decision == "Không tiếp thu"
    assert rows[-1].opinion == "Không có ý kiến"
    assert [row.decision for row in rows if row.number == "2.2"] == ["Chưa xem xét"]


# --- PDF -------------------------------------------------------------------------------


def test_pdf_has_the_vietnamese_text(sample_pdf: bytes) -> None:
    assert sample_pdf.startswith(b"%PDF-")
    text = pdf_text(sample_pdf)
    joined = flat(text)
    for expected in (
        NATIONAL_NAME,
        MOTTO,
        "ỦY BAN NHÂN DÂN XÃ BẮC LÝ",
        "Số: 12/BC-UBND",
        "Bắc Lý, ngày 05 tháng 3 năm 2026",
        "BÁO CÁO",
        "Tổng hợp, tiếp thu, giải trình ý kiến của Nhân dân",
        "I. TÌNH HÌNH TỔ CHỨC LẤY Ý KIẾN",
        "từ ngày 05/01/2026 đến ngày 04/02/2026",
        "Nhân dân thôn Đông từ đủ 18 tuổi trở lên",
        "Cổng thông tin điện tử: 7 ý kiến",
        "16 người tham gia góp ý với tổng số 19 ý kiến",
        "II. NHỮNG NỘI DUNG KHÔNG THEO Ý KIẾN CỦA ĐA SỐ",
        "Tiếp thu",
        "giải trình",
        "Không tiếp thu",
        "Chưa xem xét",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Trần Văn Bình",
        "Phụ lục",
        "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN CỦA NHÂN DÂN",
        "Điều, nội dung của dự thảo",
        "Số người theo ý kiến",
        "Không đồng ý",
        "Giải trình, lý do",
        "Thời gian sinh hoạt cộng đồng",
        "người lao động",  # "ướ" and "Đ" come through below
        "Đông",
    ):
        assert expected in joined, expected
    assert "ướ" in text
    assert "trở lên.." not in joined  # the audience's own full stop is not doubled
    assert "Đ" in text


def test_pdf_section_two_lists_each_departure(sample_pdf: bytes) -> None:
    joined = flat(pdf_text(sample_pdf))
    part_two = joined[joined.index("II. NHỮNG NỘI DUNG") : joined.index("III. TỔNG HỢP")]
    assert "Không có nội dung" not in part_two
    assert "Có 1 nội dung Ủy ban nhân dân xã Bắc Lý không theo ý kiến" in part_two
    assert "Điều 7 (Mức đóng góp)" in part_two
    assert DEPARTING_TEXT in part_two
    assert "11 ý kiến, 10 người" in part_two
    assert "không tiếp thu" in part_two
    assert DEPARTING_REASON in part_two
    # The row is marked in the table and the mark is explained under it.
    assert f"2.1 {MARK}" in joined
    assert f"{MARK} Nội dung cơ quan không theo ý kiến của đa số" in joined


def test_pdf_says_none_when_the_authority_follows_the_majority() -> None:
    joined = flat(pdf_text(render_explanation_pdf(without_departures())))
    part_two = joined[joined.index("II. NHỮNG NỘI DUNG") : joined.index("III. TỔNG HỢP")]
    assert part_two.split(" ĐA SỐ NHÂN DÂN ", 1)[1].startswith(
        "Không có nội dung nào Ủy ban nhân dân xã Bắc Lý không theo ý kiến của đa số"
    )


def test_pdf_uses_only_the_bundled_font_and_a_landscape_appendix(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("LiberationSerif" in name for name in fonts), fonts
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert first.width < first.height
    assert last.width > last.height


def test_departing_rows_are_shaded_and_bold_in_the_html() -> None:
    html = appendix_html(sample_report())
    assert 'class="group departs"' in html
    assert "tr.departs td { font-weight: bold; background: #D9D9D9; }" in html
    assert '<p class="text" style="font-weight: bold">I. TÌNH HÌNH' in explanation_html(
        sample_report()
    )


def test_hostile_text_is_printed_as_text() -> None:
    report = sample_report(
        consultation_title=f"dự thảo {HOSTILE}",
        audience=HOSTILE,
        sections=[
            SectionRow(
                label="Điều 1 & <i>2</i>",
                title=HOSTILE,
                comments=1,
                people=1,
                positions=positions(other=1),
                groups=[group(HOSTILE, explanation=HOSTILE, departs_from_majority=True)],
            )
        ],
        recipients=[HOSTILE],
        signer_name="Lê <b>Văn</b> & Tám",
    )
    html = appendix_html(report) + explanation_html(report)
    assert "<script>" not in html
    assert "<b>đậm" not in html
    joined = flat(pdf_text(render_explanation_pdf(report)))
    assert '<script>alert("x")</script> & <b>đậm</b>' in joined
    assert "Điều 1 & <i>2</i>" in joined
    assert "Lê <b>Văn</b> & Tám" in joined
    word = Document(io.BytesIO(render_explanation_docx(report)))
    cells = [cell.text for row in word.tables[-1].rows for cell in row.cells]
    assert any('<script>alert("x")</script> & <b>đậm</b>' in text for text in cells)


def test_fifty_articles_render(artifacts: Path) -> None:
    report = large_report()
    pdf = render_explanation_pdf(report)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 10
    joined = flat(pdf_text(pdf))
    assert "Điều 50" in joined
    assert "Ý kiến 50.4" in joined
    assert "Có 5 nội dung" in joined
    (artifacts / "consultation-report-50.pdf").write_bytes(pdf)
    word = Document(io.BytesIO(render_explanation_docx(report)))
    assert len(word.tables[-1].rows) == 2 + 50 * (1 + 4)


def test_long_unbroken_text_wraps_inside_the_page(artifacts: Path) -> None:
    """A 'word' longer than any column and a comment longer than a page: both wrap and
    the whole text reaches the PDF; the page image's side margins stay white."""
    endless = "Đườnglàng" * 60
    long_comment = " ".join(f"câu{n} về đường làng ngõ xóm." for n in range(150)) + " KẾT-THÚC"
    report = sample_report(
        sections=[
            SectionRow(
                label="Điều 9",
                title=endless,
                comments=2,
                people=2,
                positions=positions(propose=2),
                groups=[
                    group(endless, explanation=endless, departs_from_majority=True),
                    group(long_comment),
                ],
            )
        ]
    )
    pdf = render_explanation_pdf(report)
    text = pdf_text(pdf)
    assert "KẾT-THÚC" in text
    assert "".join(text.split()).count(endless) >= 2
    images = page_images(pdf, artifacts, "consultation-report-long", pages="all")
    for image in images:
        # 12 mm at 80 dpi on each side (the side margins are 15 mm) must stay white.
        strip = round(12 / 25.4 * 80)
        for box in (
            (0, 0, strip, image.height),
            (image.width - strip, 0, image.width, image.height),
        ):
            assert image.crop(box).getextrema()[0] > 200, box


def page_images(pdf: bytes, folder: Path, stem: str, pages: str = "first-last") -> list[Any]:
    """Pages rendered with pdftoppm (skipped without it unless DANVAN_REQUIRE_PDFTOPPM=1)
    and kept in ``folder`` for a person to look at."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("DANVAN_REQUIRE_PDFTOPPM") == "1":
            pytest.fail("pdftoppm is required (DANVAN_REQUIRE_PDFTOPPM=1) but not found.")
        pytest.skip("pdftoppm (poppler-utils) is not installed: no page image made")
    from PIL import Image

    path = folder / f"{stem}.pdf"
    path.write_bytes(pdf)
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    numbers = range(1, count + 1) if pages == "all" else sorted({1, count})
    images = []
    for number in numbers:
        out = folder / f"{stem}-page-{number}"
        subprocess.run(  # noqa: S603 - a fixed program and our own file
            [pdftoppm, "-png", "-r", "80", "-f", str(number), "-l", str(number), "-singlefile",
             str(path), str(out)],
            check=True,
        )  # fmt: skip
        images.append(Image.open(f"{out}.png").convert("L"))
    return images


def test_pdf_page_images_are_not_blank(sample_pdf: bytes, artifacts: Path) -> None:
    for image in page_images(sample_pdf, artifacts, "consultation-report"):
        dark = sum(image.histogram()[:128])
        assert dark > 0.003 * image.width * image.height


# --- DOCX ------------------------------------------------------------------------------


def test_docx_has_the_report_and_the_landscape_appendix(sample_docx: Any) -> None:
    text = "\n".join(p.text for p in sample_docx.paragraphs)
    assert "BÁO CÁO" in text
    assert "Không có nội dung" not in text
    assert DEPARTING_REASON in text
    assert "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN CỦA NHÂN DÂN" in text
    assert sample_docx.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert sample_docx.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    header_cells = [c.text for t in sample_docx.tables[:1] for r in t.rows for c in r.cells]
    assert "Số: 12/BC-UBND" in header_cells
    headings = [p for p in sample_docx.paragraphs if p.text.startswith(("I. ", "II. ", "III. "))]
    assert len(headings) == 3
    assert all(run.bold for p in headings for run in p.runs)


def test_docx_table_rows_and_highlighted_rows(sample_docx: Any) -> None:
    table = sample_docx.tables[-1]
    # Two header rows, then per article one row and one per group: 3 + 3 + 1.
    assert len(table.rows) == 2 + 7
    assert table.rows[0].cells[3].text == "Số người theo ý kiến"
    assert [c.text for c in table.rows[1].cells[3:7]] == [
        "Đồng ý", "Không đồng ý", "Đề xuất", "Khác",
    ]  # fmt: skip
    numbers = [row.cells[0].text for row in table.rows[2:]]
    assert numbers == ["1", "1.1", "1.2", "2", f"2.1 {MARK}", "2.2", "3"]
    departing = table.rows[2 + 4]
    assert DEPARTING_TEXT in departing.cells[2].text
    assert departing.cells[7].text == "Không tiếp thu"
    runs = [run for cell in departing.cells for p in cell.paragraphs for run in p.runs]
    assert len([run for run in runs if run.text]) >= 8
    assert all(run.bold for run in runs if run.text)
    for cell in departing.cells:
        shading = cell._tc.tcPr.find(qn("w:shd"))
        assert shading is not None
        assert shading.get(qn("w:fill")) == "D9D9D9"
    plain = table.rows[2 + 1]
    assert not any(run.bold for p in plain.cells[2].paragraphs for run in p.runs)
    assert plain.cells[2]._tc.tcPr.find(qn("w:shd")) is None
    text = "\n".join(p.text for p in sample_docx.paragraphs)
    assert f"{MARK} Nội dung cơ quan không theo ý kiến của đa số" in text


def test_docx_says_none_without_departures() -> None:
    word = Document(io.BytesIO(render_explanation_docx(without_departures())))
    paragraphs = [p.text for p in word.paragraphs]
    at = paragraphs.index("II. NHỮNG NỘI DUNG KHÔNG THEO Ý KIẾN CỦA ĐA SỐ NHÂN DÂN")
    assert paragraphs[at + 1].startswith("Không có nội dung nào")
