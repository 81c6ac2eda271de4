"""Official letters: the Nghị định 30/2020 layout in PDF and DOCX, the shipped font, the
local-only fetcher and the five standard letters."""

from __future__ import annotations

import datetime
import io
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from danvan.documents import letters
from danvan.documents.letters import (
    Letter,
    letter_html,
    local_asset_path,
    place_date_line,
    recipients_lines,
    render_letter_docx,
    render_letter_pdf,
)
from danvan.documents.standard_letters import (
    Signer,
    acceptance_notice,
    acknowledgement_of_receipt,
    long_date,
    refusal_notice,
    resolution_decision,
    transfer_letter,
)

MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DATE = datetime.date(2026, 3, 5)
DATE_LINE = "Bắc Lý, ngày 05 tháng 3 năm 2026"

SIGNER = Signer(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name="Trần Văn Bình")
COMMON = {
    "agency_name": "Ủy ban nhân dân xã Bắc Lý",
    "parent_name": "UBND tỉnh Ninh Bình",
    "place": "Bắc Lý",
    "date": DATE,
    "petitioner_name": "Nguyễn Thị Hoa",
    "petitioner_honorific": "bà",
    "petition_summary": "khiếu nại việc thu hồi 120 m² đất nông nghiệp tại thôn Đông.",
    "tracking_code": "BL-2026-000123",
    "signer": SIGNER,
}
RECEIVED = datetime.date(2026, 3, 2)


def sample_letter(**changes: object) -> Letter:
    values: dict[str, object] = {
        "issuing_body_parent": "UBND TỈNH NINH BÌNH",
        "issuing_body": "UỶ BAN NHÂN DÂN XÃ BẮC LÝ",
        "number_text": "15/TB-UBND",
        "place": "Bắc Lý",
        "date": DATE,
        "kind_title": "THÔNG BÁO",
        "summary": "Về việc thụ lý giải quyết khiếu nại",
        "recipient": "Bà Nguyễn Thị Hoa",
        "body_paragraphs": [
            "Ủy ban nhân dân xã Bắc Lý đã nhận được đơn khiếu nại của bà Nguyễn Thị Hoa.",
            "Đơn đủ điều kiện thụ lý; thời hạn giải quyết theo quy định của pháp luật.",
        ],
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Trần Văn Bình",
        "recipients_list": ["Bà Nguyễn Thị Hoa", "Lưu: VT"],
    }
    values.update(changes)
    return Letter(**values)  # type: ignore[arg-type]


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_letter_pdf(sample_letter())


# --- the date line and other rules of the decree -------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2026, 3, 5), "Bắc Lý, ngày 05 tháng 3 năm 2026"),
        (datetime.date(2026, 1, 9), "Bắc Lý, ngày 09 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 10), "Bắc Lý, ngày 10 tháng 02 năm 2026"),
        (datetime.date(2026, 11, 30), "Bắc Lý, ngày 30 tháng 11 năm 2026"),
        (datetime.date(2026, 9, 1), "Bắc Lý, ngày 01 tháng 9 năm 2026"),
    ],
)
def test_place_date_line_pads_days_below_10_and_months_1_and_2(
    date: datetime.date, expected: str
) -> None:
    assert place_date_line("Bắc Lý", date) == expected


def test_long_date_in_text_follows_the_same_rule() -> None:
    assert long_date(datetime.date(2026, 2, 3)) == "ngày 03 tháng 02 năm 2026"
    assert long_date(datetime.date(2026, 12, 3)) == "ngày 03 tháng 12 năm 2026"


def test_recipients_lines_are_punctuated() -> None:
    assert recipients_lines(["Như trên;", "- Thanh tra tỉnh", "Lưu: VT."]) == [
        "- Như trên;",
        "- Thanh tra tỉnh;",
        "- Lưu: VT.",
    ]


def test_letter_normalises_text_and_capitals() -> None:
    decomposed = unicodedata.normalize("NFD", "ủy ban nhân dân xã bắc lý")
    letter = sample_letter(issuing_body=decomposed, kind_title="thông báo")
    assert letter.issuing_body == "ỦY BAN NHÂN DÂN XÃ BẮC LÝ"
    assert letter.kind_title == "THÔNG BÁO"
    assert isinstance(letter.body_paragraphs, tuple)
    single = sample_letter(body_paragraphs="Một đoạn duy nhất.")
    assert single.body_paragraphs == ("Một đoạn duy nhất.",)


def test_letter_html_escapes_citizen_text() -> None:
    html = letter_html(sample_letter(body_paragraphs=['<img src="http://example.com/x.png">']))
    assert "<img" not in html
    assert "&lt;img" in html


def test_numbers_and_dates_do_not_break_at_the_slash() -> None:
    html = letter_html(
        sample_letter(body_paragraphs=["Khiếu nại Quyết định số 12/QĐ-UBND ngày 10/01/2026."])
    )
    assert '<span class="nowrap">12/QĐ-UBND</span>' in html
    assert '<span class="nowrap">10/01/2026.</span>' in html


def test_short_rules_are_a_share_of_the_text_above_them() -> None:
    short = sample_letter(summary="Về việc đã nhận đơn")
    long = sample_letter(summary="Về việc giải quyết khiếu nại của bà Nguyễn Thị Hoa (lần đầu)")
    for letter in (short, long):
        width = letters.text_width_mm(letter.summary, letters.SIZE_BODY, bold=True)
        rule = letters.summary_rule_mm(letter)
        assert width / 3 <= rule <= width / 2
    assert letters.summary_rule_mm(short) < letters.summary_rule_mm(long)
    body = letters.text_width_mm("UỶ BAN NHÂN DÂN XÃ BẮC LÝ", letters.SIZE_ISSUING_BODY, bold=True)
    assert body / 3 <= letters.issuing_rule_mm(sample_letter()) <= body / 2


def test_text_measurement_uses_the_font_metrics() -> None:
    # The DOCX rules are sized with this measurement; guard its unit conversion.
    width = letters.text_width_mm(MOTTO, 13, bold=True)
    assert width == pytest.approx(56.1, abs=0.5)


# --- PDF -----------------------------------------------------------------------------


def test_pdf_is_one_a4_page(sample_pdf: bytes) -> None:
    assert sample_pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(sample_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.28, abs=0.5)
    assert float(box.height) == pytest.approx(841.89, abs=0.5)


def test_pdf_embeds_the_shipped_liberation_serif(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    fonts: Any = reader.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    # Subset prefix "ABCDEF+", then the font's own name.
    bare = {name.split("+", 1)[-1].replace("-", "") for name in names}
    assert bare == {
        "LiberationSerif",
        "LiberationSerifBold",
        "LiberationSerifItalic",
        "LiberationSerifBoldItalic",
    }
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded, not referenced


def test_pdf_text_has_the_header_with_correct_diacritics(sample_pdf: bytes) -> None:
    text = pdf_text(sample_pdf)
    for expected in (
        NATIONAL_NAME,
        MOTTO,
        DATE_LINE,
        "UBND TỈNH NINH BÌNH",
        "UỶ BAN NHÂN DÂN XÃ BẮC LÝ",
        "Số: 15/TB-UBND",
        "THÔNG BÁO",
        "Về việc thụ lý giải quyết khiếu nại",
        "Kính gửi: Bà Nguyễn Thị Hoa",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "Trần Văn Bình",
    ):
        assert expected in text, expected


def test_long_letter_flows_onto_numbered_pages() -> None:
    paragraphs = [f"Đoạn thứ {i}: " + "nội dung xác minh chi tiết " * 20 for i in range(1, 16)]
    pdf = render_letter_pdf(sample_letter(body_paragraphs=paragraphs))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    first_lines = [line.strip() for line in reader.pages[0].extract_text().splitlines()]
    second_lines = [line.strip() for line in reader.pages[1].extract_text().splitlines()]
    # The number is printed from the second page on, alone at the top centre.
    assert "2" in second_lines
    assert "1" not in first_lines


def test_pdf_template_sets_the_decree_page_and_type(sample_pdf: bytes) -> None:
    html = letter_html(sample_letter())
    assert "size: A4" in html
    assert "margin: 20.0mm 15.0mm 20.0mm 30.0mm" in html
    assert "font-size: 14.0pt" in html
    assert "text-indent: 10.0mm" in html


# --- the fetcher: nothing but our own files -----------------------------------------


def test_fetcher_serves_the_shipped_fonts() -> None:
    font = letters.FONT_DIR / "LiberationSerif-Regular.ttf"
    assert local_asset_path(font.as_uri()) == font.resolve()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://fonts.example.com/font.ttf",
        "data:text/plain,abc",
        "file:///etc/passwd",
        "ftp://example.com/a.ttf",
    ],
)
def test_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(ValueError, match="Refused"):
        local_asset_path(url)


def test_fetcher_refuses_escaping_the_fonts_folder() -> None:
    sneaky = letters.FONT_DIR.as_uri() + "/../models.py"
    with pytest.raises(ValueError, match="Refused"):
        local_asset_path(sneaky)


def test_rendering_does_not_reach_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a letter tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    pdf = render_letter_pdf(sample_letter())
    assert pdf.startswith(b"%PDF-")


def test_missing_fonts_fail_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(letters, "FONT_DIR", tmp_path)
    with pytest.raises(letters.FontFilesMissingError):
        render_letter_pdf(sample_letter())


def test_font_licence_is_shipped() -> None:
    licence = (letters.FONT_DIR / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    for name in letters.FONT_FILES.values():
        assert (letters.FONT_DIR / name).is_file()


# --- DOCX ----------------------------------------------------------------------------


def test_docx_has_the_same_text_and_the_decree_page() -> None:
    data = render_letter_docx(sample_letter())
    text = docx_text(data)
    for expected in (
        NATIONAL_NAME,
        MOTTO,
        DATE_LINE,
        "UỶ BAN NHÂN DÂN XÃ BẮC LÝ",
        "Số: 15/TB-UBND",
        "Về việc thụ lý giải quyết khiếu nại",
        "Nơi nhận:",
        "Trần Văn Bình",
    ):
        assert expected in text, expected
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    # Word stores twentieths of a point, so compare in millimetres.
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(length.mm, 1) if length else None for length in measured] == [
        210,
        297,
        20,
        20,
        30,
        15,
    ]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14


def test_docx_header_is_a_borderless_two_column_table() -> None:
    document = Document(io.BytesIO(render_letter_docx(sample_letter())))
    header = document.tables[0]
    assert len(header.columns) == 2
    left, right = header.rows[0].cells
    assert "UỶ BAN NHÂN DÂN XÃ BẮC LÝ" in left.text
    assert NATIONAL_NAME in right.text
    assert MOTTO in right.text
    borders = header._tbl.tblPr.xml
    assert 'w:val="nil"' in borders
    motto_runs = [r for p in right.paragraphs for r in p.runs if r.text == MOTTO]
    assert motto_runs
    assert motto_runs[0].bold
    date_runs = [r for p in header.rows[1].cells[1].paragraphs for r in p.runs]
    assert date_runs[0].text == DATE_LINE
    assert date_runs[0].italic


def test_docx_decision_bolds_article_numbers() -> None:
    letter = sample_letter(
        kind_title="QUYẾT ĐỊNH",
        operative_word="QUYẾT ĐỊNH:",
        body_paragraphs=["Điều 1. Công nhận một phần nội dung khiếu nại."],
    )
    document = Document(io.BytesIO(render_letter_docx(letter)))
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].text == "Điều 1."
    assert article.runs[0].bold
    assert not article.runs[1].bold


# --- the five standard letters -------------------------------------------------------


def _standard_letters() -> dict[str, Letter]:
    return {
        "acknowledgement": acknowledgement_of_receipt(
            number_text="05/TB-UBND", received_on=RECEIVED, reply_within="10 ngày làm việc",
            **COMMON,  # type: ignore[arg-type]
        ),
        "transfer": transfer_letter(
            number_text="03/PC-UBND", received_on=RECEIVED,
            receiving_agency="Sở Nông nghiệp và Môi trường tỉnh Ninh Bình",
            legal_ground="Điều 18 Luật Khiếu nại năm 2011",
            **COMMON,  # type: ignore[arg-type]
        ),
        "acceptance": acceptance_notice(
            number_text="15/TB-UBND", received_on=RECEIVED,
            resolution_deadline=datetime.date(2026, 4, 20),
            **COMMON,  # type: ignore[arg-type]
        ),
        "refusal": refusal_notice(
            number_text="16/TB-UBND", received_on=RECEIVED,
            legal_ground="khoản 3 Điều 11 Luật Khiếu nại năm 2011",
            reason="thời hiệu khiếu nại đã hết mà không có lý do chính đáng",
            **COMMON,  # type: ignore[arg-type]
        ),
        "decision": resolution_decision(
            number_text="21/QĐ-UBND",
            decider_title="Chủ tịch Ủy ban nhân dân xã Bắc Lý",
            legal_bases=["Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;"],
            findings=["Kết luận: nội dung khiếu nại là đúng một phần."],
            decision_text="Công nhận một phần nội dung khiếu nại của bà Nguyễn Thị Hoa.",
            appeal_body="Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình",
            executors=["Văn phòng Ủy ban nhân dân xã", "bà Nguyễn Thị Hoa"],
            **{**COMMON, "signer": Signer(title="Chủ tịch", name="Trần Văn Bình")},  # type: ignore[arg-type]
        ),
    }  # fmt: skip


STANDARD = ["acknowledgement", "transfer", "acceptance", "refusal", "decision"]


@pytest.mark.parametrize("key", STANDARD)
def test_standard_letter_renders_to_one_page_pdf_and_docx(key: str) -> None:
    letter = _standard_letters()[key]
    pdf = render_letter_pdf(letter)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = pdf_text(pdf)
    for expected in (MOTTO, DATE_LINE, letter.number_text, "Nguyễn Thị Hoa", "Trần Văn Bình"):
        assert expected in text, (key, expected)
    docx = docx_text(render_letter_docx(letter))
    assert MOTTO in docx
    assert DATE_LINE in docx


def test_acknowledgement_gives_the_tracking_code_and_the_date_received() -> None:
    letter = _standard_letters()["acknowledgement"]
    body = " ".join(letter.body_paragraphs)
    assert letter.summary == "Về việc đã nhận đơn"
    assert "BL-2026-000123" in body
    assert "ngày 02 tháng 3 năm 2026" in body
    assert "10 ngày làm việc" in body
    assert letter.recipient == "Bà Nguyễn Thị Hoa"


def test_transfer_letter_is_addressed_to_the_competent_body() -> None:
    letter = _standard_letters()["transfer"]
    assert letter.kind_title == "PHIẾU CHUYỂN ĐƠN"
    assert letter.recipient == "Sở Nông nghiệp và Môi trường tỉnh Ninh Bình"
    assert "Điều 18 Luật Khiếu nại năm 2011" in " ".join(letter.body_paragraphs)
    assert letter.recipients_lines[0] == "- Như trên;"


def test_acceptance_notice_states_the_ground_and_the_deadline() -> None:
    body = " ".join(_standard_letters()["acceptance"].body_paragraphs)
    assert "Điều 27 Luật Khiếu nại năm 2011" in body
    assert "ngày 20 tháng 4 năm 2026" in body


def test_refusal_notice_gives_reason_and_legal_ground() -> None:
    letter = _standard_letters()["refusal"]
    body = " ".join(letter.body_paragraphs)
    assert letter.summary == "Về việc không thụ lý giải quyết khiếu nại"
    assert "thời hiệu khiếu nại đã hết" in body
    assert "khoản 3 Điều 11 Luật Khiếu nại năm 2011" in body


def test_decision_has_authority_bases_ruling_and_appeal_right() -> None:
    letter = _standard_letters()["decision"]
    assert letter.kind_title == "QUYẾT ĐỊNH"
    assert letter.authority_line == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẮC LÝ"
    assert letter.operative_word == "QUYẾT ĐỊNH:"
    assert letter.signer_authority == ""
    assert letter.signer_title == "CHỦ TỊCH"
    assert letter.legal_bases[0].startswith("Căn cứ Luật Khiếu nại")
    assert [p.split(" ", 2)[:2] for p in letter.body_paragraphs] == [
        ["Điều", "1."],
        ["Điều", "2."],
        ["Điều", "3."],
    ]
    assert "trong thời hạn 30 ngày" in letter.body_paragraphs[1].lower()
    assert letter.recipients_lines[0] == "- Như Điều 3;"


def test_docx_table_properties_follow_the_schema_order() -> None:
    # Strict readers refuse a table whose properties repeat or come out of order.
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(render_letter_docx(sample_letter())))
    order = ["tblStyle", "tblW", "jc", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]
    for table in document.tables:
        names = [child.tag.split("}")[1] for child in table._tbl.tblPr]
        assert names.count("tblLayout") <= 1, names
        known = [n for n in names if n in order]
        assert known == sorted(known, key=order.index), names
        assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None
