"""Official letters (văn bản hành chính) as PDF and DOCX in the format of Nghị định
30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman-metric type, the issuing body and the
number on the left of the header, the national motto and the place-date line on the right,
then the kind of document, the summary, the body and the signature block.

The renderers are pure: a ``Letter`` in, bytes out. The PDF uses the Liberation Serif
files shipped in ``fonts/`` (metric-compatible with Times New Roman, with every Vietnamese
glyph), so a letter looks the same on every server, and WeasyPrint may read nothing but
those files: nothing is fetched from the network. The DOCX names Times New Roman, which
Word on government machines has and LibreOffice replaces with Liberation Serif.

The wording of letters is Vietnamese by law whatever the interface language, so the
strings here do not go through translation.
"""

from __future__ import annotations

import datetime
import functools
import io
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from danvan.core.text import normalize_text

APP_DIR = Path(__file__).resolve().parent
FONT_DIR = APP_DIR / "fonts"
STATIC_DIR = APP_DIR / "static"
FONT_FILES = {
    # (weight, style): file
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
DOCX_FONT = "Times New Roman"

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_HEADING = "Nơi nhận:"

# Page geometry (millimetres) within the decree's ranges: top and bottom 20-25, left
# 30-35, right 15-20.
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
# Header columns: wide enough on the right for the national name in 12 pt bold on one line.
HEADER_LEFT_SHARE = 0.42
# Type sizes (points), each within the decree's range.
SIZE_BODY = 14.0
SIZE_NATIONAL_NAME = 12.0  # 12-13
SIZE_MOTTO = 13.0  # 13-14
SIZE_ISSUING_BODY = 12.0  # 12-13
SIZE_NUMBER = 13.0
SIZE_RECIPIENTS_HEADING = 12.0
SIZE_RECIPIENTS = 11.0
FIRST_LINE_INDENT_MM = 10.0
SIGNATURE_SPACE_MM = 25.0  # room for the signature and the seal
# The short rules under the issuing body and under the summary: between a third and a
# half of the text above them.
RULE_SHARE = 0.4
MIN_RULE_MM = 15.0
HEADER_LEFT_MM = TEXT_WIDTH_MM * HEADER_LEFT_SHARE
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM

_ARTICLE_RE = re.compile(r"^(Điều \d+[a-z]?\.)\s+(.*)$", re.DOTALL)


def _lines(value: str) -> str:
    """NFC each line but keep explicit line breaks (long agency names are split by
    the caller where a reader expects it)."""
    return "\n".join(filter(None, (normalize_text(line) for line in value.split("\n"))))


@dataclass(frozen=True, kw_only=True)
class Letter:
    issuing_body: str  # "ỦY BAN NHÂN DÂN XÃ BẮC LÝ"
    number_text: str  # "15/TB-UBND"
    place: str  # "Bắc Lý"
    date: datetime.date
    kind_title: str  # "THÔNG BÁO", "QUYẾT ĐỊNH"
    signer_title: str  # "CHỦ TỊCH"
    signer_name: str
    issuing_body_parent: str = ""  # "UBND TỈNH NINH BÌNH"
    summary: str = ""  # trích yếu: "Về việc thụ lý giải quyết khiếu nại"
    recipient: str = ""  # rendered "Kính gửi: …"
    authority_line: str = ""  # decisions: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẮC LÝ"
    legal_bases: Sequence[str] = ()  # "Căn cứ …;" lines
    considerations: Sequence[str] = ()  # decisions: "Xét …" paragraphs before the ruling
    operative_word: str = ""  # decisions: "QUYẾT ĐỊNH:"
    body_paragraphs: Sequence[str] = ()
    signer_authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    recipients_list: Sequence[str] = ()  # "Nơi nhận:" entries

    def __post_init__(self) -> None:
        # Normalise once here so both renderers print the same NFC text; the decree
        # writes these parts in capitals.
        upper = {
            "issuing_body",
            "issuing_body_parent",
            "kind_title",
            "authority_line",
            "operative_word",
            "signer_authority",
            "signer_title",
        }
        multiline = {"issuing_body", "issuing_body_parent"}
        sequences = {"legal_bases", "considerations", "body_paragraphs", "recipients_list"}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name in sequences and isinstance(value, str):
                value = (value,)  # one paragraph given as a plain string
            if isinstance(value, str):
                value = _lines(value) if field.name in multiline else normalize_text(value)
                if field.name in upper:
                    value = value.upper()
            elif field.name != "date":
                value = tuple(normalize_text(item) for item in value if normalize_text(item))
            object.__setattr__(self, field.name, value)

    @property
    def place_date(self) -> str:
        return place_date_line(self.place, self.date)

    @property
    def recipients_lines(self) -> list[str]:
        return recipients_lines(self.recipients_list)


def place_date_line(place: str, date: datetime.date) -> str:
    """ "Bắc Lý, ngày 05 tháng 3 năm 2026": days below 10 and the months 1 and 2 take a
    leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I), so that no digit can be added in
    front later; other months are written plainly."""
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{normalize_text(place)}, ngày {day} tháng {month} năm {date.year}"


def recipients_lines(entries: Sequence[str]) -> list[str]:
    """Each entry on its own line as "- …;", the last one ending with a full stop."""
    cleaned = [entry.strip().lstrip("-–• ").rstrip(";.,") for entry in entries]
    cleaned = [entry for entry in cleaned if entry]
    return [f"- {entry}{'.' if i == len(cleaned) - 1 else ';'}" for i, entry in enumerate(cleaned)]


def split_article(paragraph: str) -> tuple[str, str]:
    """("Điều 1.", "rest") for an article of a decision, ("", paragraph) otherwise."""
    match = _ARTICLE_RE.match(paragraph)
    return (match.group(1), match.group(2)) if match else ("", paragraph)


@functools.cache
def _measure_font(bold: bool, italic: bool) -> Any:
    from PIL import ImageFont

    name = FONT_FILES[("bold" if bold else "normal", "italic" if italic else "normal")]
    return ImageFont.truetype(str(FONT_DIR / name), 1000)


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Printed width of ``text``; Liberation Serif has Times New Roman's metrics, so
    this is also the width Word gives it."""
    units = float(_measure_font(bold, italic).getlength(text))
    return units / 1000 * size_pt / 72 * 25.4


def rule_width_mm(text: str, size_pt: float, box_mm: float) -> float:
    """The short rule under bold ``text`` set in a box ``box_mm`` wide: a share of its
    widest line (a wrapped line is at most as wide as the box)."""
    widest = max(text_width_mm(line, size_pt, bold=True) for line in text.split("\n"))
    return round(max(min(widest, box_mm) * RULE_SHARE, MIN_RULE_MM), 1)


def issuing_rule_mm(letter: Letter) -> float:
    return rule_width_mm(letter.issuing_body, SIZE_ISSUING_BODY, HEADER_LEFT_MM)


def summary_rule_mm(letter: Letter) -> float:
    return rule_width_mm(letter.summary, SIZE_BODY, TEXT_WIDTH_MM)


_SLASHED = re.compile(r"\S+/\S+")


def keep_numbers_whole(text: str) -> SafeString:
    """Escaped ``text`` in which "12/QĐ-UBND" or "02/03/2026" cannot break at the slash
    (an official number split over two lines is easy to misread)."""
    escaped = str(escape(text))
    return mark_safe(_SLASHED.sub(r'<span class="nowrap">\g<0></span>', escaped))  # noqa: S308


# --- PDF ---------------------------------------------------------------------------


class FontFilesMissingError(RuntimeError):
    pass


def font_paths() -> dict[tuple[str, str], Path]:
    paths = {key: FONT_DIR / name for key, name in FONT_FILES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        # Without them WeasyPrint would silently fall back to whatever the server has.
        raise FontFilesMissingError(f"Letter fonts are missing: {', '.join(missing)}")
    return paths


_ALLOWED_ROOTS = (FONT_DIR, STATIC_DIR)


def local_asset_path(url: str) -> Path:
    """The file behind ``url`` if it is one of the app's own fonts or static files.

    Raises ``ValueError`` for anything else: web addresses (a letter's text could
    otherwise make the server call out), data URLs, and files elsewhere on the disk.
    """
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in {"", "localhost"}:
        raise ValueError(f"Refused to fetch {url!r}: letters use only local files.")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    for root in _ALLOWED_ROOTS:
        if path.is_relative_to(root.resolve()) and path.is_file():
            return path
    raise ValueError(f"Refused to fetch {url!r}: not one of the application's own files.")


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalAssetFetcher(URLFetcher):
        """Serves the app's own fonts and static files; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = local_asset_path(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return LocalAssetFetcher


def local_asset_fetcher() -> Any:
    """A WeasyPrint URL fetcher limited to ``local_asset_path``."""
    return _fetcher_class()()


def letter_html(letter: Letter) -> str:
    """The HTML that ``render_letter_pdf`` prints (autoescaped: letters carry text
    typed by citizens)."""
    fonts = font_paths()
    context = {
        "letter": letter,
        "font_faces": [
            {"weight": weight, "style": style, "url": path.as_uri()}
            for (weight, style), path in fonts.items()
        ],
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "recipients_heading": RECIPIENTS_HEADING,
        "paragraphs": [
            (article, keep_numbers_whole(text))
            for article, text in map(split_article, letter.body_paragraphs)
        ],
        "legal_bases": [keep_numbers_whole(text) for text in letter.legal_bases],
        "considerations": [keep_numbers_whole(text) for text in letter.considerations],
        "page": {
            "top": MARGIN_TOP_MM,
            "bottom": MARGIN_BOTTOM_MM,
            "left": MARGIN_LEFT_MM,
            "right": MARGIN_RIGHT_MM,
        },
        "sizes": {
            "body": SIZE_BODY,
            "national_name": SIZE_NATIONAL_NAME,
            "motto": SIZE_MOTTO,
            "issuing_body": SIZE_ISSUING_BODY,
            "number": SIZE_NUMBER,
            "recipients_heading": SIZE_RECIPIENTS_HEADING,
            "recipients": SIZE_RECIPIENTS,
        },
        "header_left_percent": round(HEADER_LEFT_SHARE * 100, 2),
        "header_right_percent": round((1 - HEADER_LEFT_SHARE) * 100, 2),
        "issuing_rule_mm": issuing_rule_mm(letter),
        "summary_rule_mm": summary_rule_mm(letter) if letter.summary else 0,
        "indent_mm": FIRST_LINE_INDENT_MM,
        "signature_space_mm": SIGNATURE_SPACE_MM,
    }
    return render_to_string("documents/letter.html", context)


def render_letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = HTML(
        string=letter_html(letter), base_url=APP_DIR.as_uri(), url_fetcher=local_asset_fetcher()
    )
    pdf: bytes = html.write_pdf(font_config=FontConfiguration())
    return pdf


# --- DOCX --------------------------------------------------------------------------


def render_letter_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)

    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(SIZE_BODY)
    # Set every script slot, or Word uses another font for Vietnamese letters.
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), DOCX_FONT)
    normal_format = normal.paragraph_format
    normal_format.space_before = Pt(0)
    normal_format.space_after = Pt(0)
    normal_format.line_spacing = 1.0

    def paragraph(
        container: Any,
        text: str = "",
        *,
        size: float = SIZE_BODY,
        bold: bool = False,
        italic: bool = False,
        align: Any = WD_ALIGN_PARAGRAPH.CENTER,
        space_before: float = 0,
        space_after: float = 0,
        first_line_mm: float = 0,
        reuse: bool = False,
    ) -> Any:
        para = (
            container.paragraphs[0]
            if reuse and container.paragraphs and not container.paragraphs[0].text
            else container.add_paragraph()
        )
        para.alignment = align
        fmt = para.paragraph_format
        fmt.space_before = Pt(space_before)
        fmt.space_after = Pt(space_after)
        if first_line_mm:
            fmt.first_line_indent = Mm(first_line_mm)
        lines = text.split("\n") if text else []
        for i, line in enumerate(lines):
            run = para.add_run(line)
            run.bold = bold
            run.italic = italic
            run.font.size = Pt(size)
            if i < len(lines) - 1:
                run.add_break()
        return para

    def rule(container: Any, width_mm: float, box_mm: float, *, space_after: float = 0) -> None:
        """A centred horizontal line ``width_mm`` long: the bottom border of an empty,
        very low paragraph indented to that width."""
        para = container.add_paragraph()
        ppr = para._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1")):
            bottom.set(qn(key), value)
        bottom.set(qn("w:color"), "000000")
        borders.append(bottom)
        ppr.append(borders)
        fmt = para.paragraph_format
        side = max((box_mm - width_mm) / 2, 0)
        fmt.left_indent = Mm(side)
        fmt.right_indent = Mm(side)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(space_after)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(2)

    def borderless_table(widths_mm: Sequence[float], rows: int) -> Any:
        table = document.add_table(rows=rows, cols=len(widths_mm))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "nil")
            borders.append(element)
        # The schema orders tblPr's children: borders come before the layout and look
        # elements (autofit = False above already set the fixed layout).
        tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)
        return table

    left_mm, right_mm = HEADER_LEFT_MM, HEADER_RIGHT_MM
    cell_padding_mm = 3.8  # Word's default left + right cell margins
    header = borderless_table([left_mm, right_mm], rows=2)
    left, right = header.rows[0].cells
    first = True
    if letter.issuing_body_parent:
        paragraph(left, letter.issuing_body_parent, size=SIZE_ISSUING_BODY, reuse=True)
        first = False
    paragraph(left, letter.issuing_body, size=SIZE_ISSUING_BODY, bold=True, reuse=first)
    rule(left, issuing_rule_mm(letter), left_mm - cell_padding_mm)
    paragraph(right, NATIONAL_NAME, size=SIZE_NATIONAL_NAME, bold=True, reuse=True)
    paragraph(right, NATIONAL_MOTTO, size=SIZE_MOTTO, bold=True)
    rule(
        right,
        text_width_mm(NATIONAL_MOTTO, SIZE_MOTTO, bold=True),
        right_mm - cell_padding_mm,
    )
    number_cell, date_cell = header.rows[1].cells
    paragraph(
        number_cell, f"Số: {letter.number_text}", size=SIZE_NUMBER, space_before=6, reuse=True
    )
    paragraph(date_cell, letter.place_date, italic=True, space_before=6, reuse=True)

    paragraph(document, letter.kind_title, bold=True, space_before=18)
    if letter.summary:
        paragraph(document, letter.summary, bold=True)
        rule(document, summary_rule_mm(letter), TEXT_WIDTH_MM, space_after=12)
    else:
        paragraph(document, "", space_after=6)
    if letter.recipient:
        paragraph(document, f"Kính gửi: {letter.recipient}", space_after=12)
    if letter.authority_line:
        paragraph(document, letter.authority_line, bold=True, space_after=12)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for basis in letter.legal_bases:
        paragraph(
            document, basis, italic=True, align=justify, space_after=6,
            first_line_mm=FIRST_LINE_INDENT_MM,
        )  # fmt: skip
    for text in letter.considerations:
        paragraph(document, text, align=justify, space_after=6, first_line_mm=FIRST_LINE_INDENT_MM)
    if letter.operative_word:
        paragraph(document, letter.operative_word, bold=True, space_before=6, space_after=6)
    for text in letter.body_paragraphs:
        article, rest = split_article(text)
        para = paragraph(
            document, "" if article else rest, align=justify, space_after=6,
            first_line_mm=FIRST_LINE_INDENT_MM,
        )  # fmt: skip
        if article:
            para.add_run(article).bold = True
            para.add_run(f" {rest}")

    signature = borderless_table([TEXT_WIDTH_MM * 0.5, TEXT_WIDTH_MM * 0.5], rows=1)
    recipients_cell, signer_cell = signature.rows[0].cells
    if letter.recipients_list:
        paragraph(
            recipients_cell,
            RECIPIENTS_HEADING,
            size=SIZE_RECIPIENTS_HEADING,
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            space_before=12,
            reuse=True,
        )
        for line in letter.recipients_lines:
            paragraph(recipients_cell, line, size=SIZE_RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    if letter.signer_authority:
        paragraph(signer_cell, letter.signer_authority, bold=True, space_before=12, reuse=True)
        first = False
    paragraph(
        signer_cell,
        letter.signer_title,
        bold=True,
        space_before=12 if first else 0,
        space_after=SIGNATURE_SPACE_MM / 25.4 * 72,
        reuse=first,
    )
    paragraph(signer_cell, letter.signer_name, bold=True)

    # Page numbers from the second page on, centred at the top (the first page has none).
    section.different_first_page_header_footer = True
    number_paragraph = section.header.paragraphs[0]
    number_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number_paragraph._p.append(field)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
