"""The report that closes a consultation on a draft ("báo cáo tổng hợp, tiếp thu, giải
trình ý kiến của Nhân dân", Luật Thực hiện dân chủ ở cơ sở 2022, Điều 25-28) as PDF and
DOCX in the layout of Nghị định 30/2020/NĐ-CP.

The report's own pages are an official letter built with ``danvan.documents.letters``
(header, number, place and date, "BÁO CÁO" and its summary, the narrative, recipients and
signature): I. how the consultation was run, II. where the authority departs from the
majority opinion (required by law; "Không có" when nowhere), III. a short account that
points to the appendix. The appendix is the per-article table on landscape A4 pages, as
the periodic reports' appendix (``danvan.reports.periodic_documents``): one summary row
per article, then one row per opinion group. Rows where the authority departs from the
majority are bold, shaded and marked "(*)", so they still stand out on a black-and-white
print.

The renderers are pure: an ``ExplanationReport`` in, bytes out. The consultations
models build the values; nothing here reads the database. The text is Vietnamese, the
language of official documents, whatever the interface language.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import escape

from danvan.core.text import normalize_text
from danvan.documents.letters import (
    DOCX_FONT,
    HEADER_LEFT_MM,
    SIZE_ISSUING_BODY,
    Letter,
    font_paths,
    letter_html,
    render_letter_docx,
    text_width_mm,
)
from danvan.reports.periodic_documents import add_appendix_section, pdf_with_appendix
from danvan.reports.periodic_narrative import number_vi

POSITIONS = (
    "agree",
    "disagree",
    "propose",
    "other",
)  # đồng ý, không đồng ý, đề xuất sửa, ý kiến khác
POSITION_LABELS = {
    "agree": "Đồng ý",
    "disagree": "Không đồng ý",
    "propose": "Đề xuất",
    "other": "Khác",
}
# Lower-case forms for running text ("đồng ý: 3; không đồng ý: 1; …").
POSITION_WORDS = {
    "agree": "đồng ý",
    "disagree": "không đồng ý",
    "propose": "đề xuất sửa",
    "other": "ý kiến khác",
}
DECISION_LABELS = {
    "accepted": "Tiếp thu",
    "partly_accepted": "Tiếp thu một phần",
    "not_accepted": "Không tiếp thu",
    "": "Chưa xem xét",
}

KIND_TITLE = "BÁO CÁO"
HEADING_CONDUCT = "I. TÌNH HÌNH TỔ CHỨC LẤY Ý KIẾN"
HEADING_DEPARTURES = "II. NHỮNG NỘI DUNG KHÔNG THEO Ý KIẾN CỦA ĐA SỐ NHÂN DÂN"
HEADING_TABLE = "III. TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN THEO TỪNG ĐIỀU, NỘI DUNG"
HEADINGS = (HEADING_CONDUCT, HEADING_DEPARTURES, HEADING_TABLE)
MARK = "(*)"
MARK_NOTE = (
    f"{MARK} Nội dung cơ quan không theo ý kiến của đa số Nhân dân tham gia góp ý (in đậm, "
    "tô nền); lý do nêu tại cột Giải trình và Mục II của Báo cáo."
)
ANNEX_LABEL = "Phụ lục"
ANNEX_TITLE = "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN CỦA NHÂN DÂN"
ARCHIVE_RECIPIENT = "Lưu: VT"
# Where a number is not yet given the decree's form leaves room to write it by hand
# ("Số:      /BC-UBND"). No-break spaces, because ordinary ones collapse.
NUMBER_BLANK = "\u00a0" * 8
# The symbol of the issuing body in "…/BC-UBND", from the start of its name.
AGENCY_SYMBOLS = (
    ("ỦY BAN NHÂN DÂN", "UBND"),
    ("UỶ BAN NHÂN DÂN", "UBND"),
    ("HỘI ĐỒNG NHÂN DÂN", "HĐND"),
)
# Unit kinds in a name: the words after them are a proper name ("xã Bắc Lý").
UNIT_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "xã", "phường", "huyện", "quận")

# Appendix: A4 landscape, the periodic reports' margins.
ANNEX_WIDTH_MM = 297.0
ANNEX_HEIGHT_MM = 210.0
ANNEX_MARGIN_TOP_MM = 20.0
ANNEX_MARGIN_BOTTOM_MM = 15.0
ANNEX_MARGIN_SIDE_MM = 15.0
ANNEX_TEXT_WIDTH_MM = ANNEX_WIDTH_MM - 2 * ANNEX_MARGIN_SIDE_MM
# Column widths (mm): STT, article, opinion, four positions, decision, explanation; they
# add up to the text width so that nothing can push the table past the margin.
POSITION_COLUMN_MM = 16.0
COLUMN_WIDTHS_MM = (14.0, 38.0, 70.0, *([POSITION_COLUMN_MM] * 4), 25.0, 56.0)
TABLE_FONT_PT = 11.0
SHADE_HEX = "D9D9D9"  # light grey: visible in colour and in grey print, text stays legible


@dataclass(frozen=True)
class OpinionGroupRow:
    representative: str  # the representative comment's text
    comments: int  # number of comments in the group
    people: int  # number of people who held it
    positions: dict[str, int]  # people per position (keys of POSITIONS)
    decision: str  # "accepted" | "partly_accepted" | "not_accepted" | "" (not decided yet)
    explanation: str  # the authority's reasons (tiếp thu, giải trình)
    departs_from_majority: bool  # the authority did not follow the article's majority here


@dataclass(frozen=True)
class SectionRow:
    label: str  # "Điều 5", "Chương II", "Toàn bộ dự thảo"
    title: str  # the article's heading (may be empty)
    comments: int
    people: int
    positions: dict[str, int]
    groups: list[OpinionGroupRow]


@dataclass(frozen=True)
class ExplanationReport:
    agency_name: str  # "ỦY BAN NHÂN DÂN XÃ BẮC LÝ"
    parent_body: str  # "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" (may be empty)
    number: str  # "12/BC-UBND" (may be empty: "Số:      /BC-UBND")
    place: str  # "Bắc Lý"
    issued_on: date
    consultation_title: str  # what was consulted on
    draft_title: str
    opened_on: date
    closed_on: date
    channels: list[str]  # Vietnamese labels of the channels used
    audience: str  # who was consulted, in words
    participants: int  # people who gave an opinion
    comments: int
    by_channel: dict[str, int]  # Vietnamese channel label → comments
    sections: list[SectionRow]
    signer_title: str  # "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    signer_name: str
    recipients: list[str] = field(default_factory=list)


def departures(report: ExplanationReport) -> list[tuple[SectionRow, OpinionGroupRow]]:
    """Where the authority departs from the majority opinion, in the report's order."""
    return [
        (section, group)
        for section in report.sections
        for group in section.groups
        if group.departs_from_majority
    ]


# --- text helpers ---------------------------------------------------------------------


def clean_text(value: str) -> str:
    """NFC text without control characters (they are not allowed in DOCX's XML and mean
    nothing on paper), each line trimmed, line breaks kept, empty lines dropped."""
    kept = "".join(
        ch
        for ch in unicodedata.normalize("NFC", value or "")
        if ch in "\n\t"
        or (unicodedata.category(ch) not in {"Cc", "Cs"} and ch not in "\ufffe\uffff")
    )
    return "\n".join(filter(None, (normalize_text(line) for line in kept.split("\n"))))


def one_line(value: str) -> str:
    return normalize_text(clean_text(value))


def _clause(value: str) -> str:
    """Text set inside a sentence of ours: without its own closing punctuation."""
    return one_line(value).rstrip(" .;,")


def _count(value: int) -> str:
    return number_vi(value)


def _short_date(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def running_name(agency_name: str) -> str:
    """The agency's name as written inside a sentence: "ỦY BAN NHÂN DÂN XÃ BẮC LÝ" →
    "Ủy ban nhân dân xã Bắc Lý". A name not in capitals is taken as already written so;
    without a unit kind only the first letter stays capital."""
    text = one_line(agency_name)
    if text != text.upper():
        return text
    lower = text.lower()
    # The first unit word names the unit ("thị xã" before "xã" where both match there).
    hits = [
        (at, -len(word), at + len(word) + 2)
        for word in UNIT_WORDS
        if (at := lower.find(f" {word} ")) >= 0
    ]
    if not hits:
        return lower[:1].upper() + lower[1:]
    end = min(hits)[2]
    head, tail = lower[:end], lower[end:]
    proper = " ".join(word[:1].upper() + word[1:] for word in tail.split())
    return head[:1].upper() + head[1:] + proper


def draft_phrase(title: str) -> str:
    """ "Dự thảo Quy ước thôn Đông" reads "dự thảo Quy ước thôn Đông" after "đối với"."""
    text = one_line(title)
    if text.lower().startswith("dự thảo"):
        return "d" + text[1:]
    return text


def number_text(report: ExplanationReport) -> str:
    """ "12/BC-UBND" as given; an empty number, or the symbol alone ("/BC-UBND"), leaves
    a blank before the slash for the number written when the report is issued."""
    number = one_line(report.number)
    if number and not number.startswith("/"):
        return number
    if not number:
        name = one_line(report.agency_name).upper()
        symbol = next((code for prefix, code in AGENCY_SYMBOLS if name.startswith(prefix)), "")
        number = f"/BC-{symbol}" if symbol else "/BC"
    return NUMBER_BLANK + number


def parent_line(parent_body: str) -> str:
    """The body above the agency, on one line where it can be: "ỦY BAN NHÂN DÂN TỈNH
    NINH BÌNH" is too wide for the header column and becomes "UBND TỈNH NINH BÌNH", the
    usual abbreviation (as ``documents.letterhead`` writes it)."""
    text = clean_text(parent_body)
    if "\n" in text or text_width_mm(text.upper(), SIZE_ISSUING_BODY) <= HEADER_LEFT_MM:
        return text
    for prefix, code in AGENCY_SYMBOLS:
        if text.upper().startswith(prefix):
            return f"{code}{text[len(prefix) :]}"
    return text


def _split_signer(signer_title: str) -> tuple[str, str]:
    """("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH") from the two-line title; the letter has one
    line for the authority and one for the title."""
    lines = clean_text(signer_title).split("\n")
    if len(lines) == 1:
        return "", lines[0]
    return " ".join(lines[:-1]), lines[-1]


def _positions_words(positions: Mapping[str, int]) -> str:
    return "; ".join(f"{POSITION_WORDS[key]}: {_count(positions.get(key, 0))}" for key in POSITIONS)


def _tally(comments: int, people: int) -> str:
    return f"{_count(comments)} ý kiến, {_count(people)} người"


def _validate(report: ExplanationReport) -> None:
    """Unknown keys mean the caller and this module disagree: fail loudly rather than
    print a wrong label on an official document."""
    for section in report.sections:
        values = [section.positions, *(group.positions for group in section.groups)]
        for positions in values:
            unknown = set(positions) - set(POSITIONS)
            if unknown:
                raise ValueError(f"Unknown positions {sorted(unknown)} in {section.label!r}.")
        for group in section.groups:
            if group.decision not in DECISION_LABELS:
                raise ValueError(f"Unknown decision {group.decision!r} in {section.label!r}.")


# --- the report's own pages (a letter) -----------------------------------------------


def _conduct_paragraphs(report: ExplanationReport) -> list[str]:
    agency = running_name(report.agency_name)
    consulted = draft_phrase(report.consultation_title)
    paragraphs = [
        f"Thực hiện Luật Thực hiện dân chủ ở cơ sở năm 2022, {agency} đã tổ chức lấy ý kiến "
        f"Nhân dân về {consulted} từ ngày {_short_date(report.opened_on)} đến ngày "
        f"{_short_date(report.closed_on)}.",
    ]
    audience = _clause(report.audience)
    if audience:
        paragraphs.append(f"- Đối tượng lấy ý kiến: {audience}.")
    channels = [_clause(channel) for channel in report.channels if _clause(channel)]
    if channels:
        paragraphs.append(f"- Hình thức lấy ý kiến: {'; '.join(channels)}.")
    if report.comments:
        result = (
            f"- Kết quả: có {_count(report.participants)} người tham gia góp ý với tổng số "
            f"{_count(report.comments)} ý kiến"
        )
        by_channel = [
            f"{one_line(label)}: {_count(count)} ý kiến"
            for label, count in report.by_channel.items()
            if one_line(label)
        ]
        paragraphs.append(
            f"{result}, trong đó: {'; '.join(by_channel)}." if by_channel else f"{result}."
        )
        paragraphs.append(
            "Các ý kiến được tổng hợp theo từng điều, nội dung của dự thảo; những ý kiến có "
            "cùng nội dung được gộp thành một nhóm."
        )
    else:
        paragraphs.append("- Kết quả: trong thời gian lấy ý kiến không có ý kiến góp ý nào.")
    return paragraphs


def _section_name(section: SectionRow) -> str:
    label, title = one_line(section.label), one_line(section.title)
    return f"{label} ({title})" if title else label


def _departure_paragraphs(report: ExplanationReport) -> list[str]:
    found = departures(report)
    if not found:
        return [
            f"Không có nội dung nào {running_name(report.agency_name)} không theo ý kiến của "
            "đa số Nhân dân tham gia góp ý."
        ]
    paragraphs = [
        f"Có {_count(len(found))} nội dung {running_name(report.agency_name)} không theo ý kiến "
        "của đa số Nhân dân tham gia góp ý, cụ thể như sau:"
    ]
    for number, (section, group) in enumerate(found, start=1):
        reasons = one_line(group.explanation) or "chưa nêu lý do"
        stop = "" if reasons.endswith((".", "!", "?")) else "."
        article = (
            f"{_tally(section.comments, section.people)} ({_positions_words(section.positions)})"
        )
        held = f"{_tally(group.comments, group.people)}; {_positions_words(group.positions)}"
        paragraphs.append(
            f"{number}. Tại {_section_name(section)}, có {article}. Ý kiến của đa số: "
            f"“{one_line(group.representative)}” ({held}). Hình thức xử lý: "
            f"{DECISION_LABELS[group.decision].lower()}. Lý do: {reasons}{stop}"
        )
    return paragraphs


def _table_paragraphs(report: ExplanationReport) -> list[str]:
    commented = [section for section in report.sections if section.comments]
    groups = [group for section in report.sections for group in section.groups]
    paragraphs = []
    if groups:
        counts = {key: sum(1 for g in groups if g.decision == key) for key in DECISION_LABELS}
        parts = [
            f"{DECISION_LABELS[key].lower()}: {_count(counts[key])}"
            for key in ("accepted", "partly_accepted", "not_accepted", "")
            if counts[key] or key != ""  # "chưa xem xét" only when some are left
        ]
        paragraphs.append(
            f"Ý kiến góp ý tập trung vào {_count(len(commented))} điều, nội dung của dự thảo, "
            f"được tổng hợp thành {_count(len(groups))} nhóm ý kiến; kết quả xem xét các nhóm "
            f"ý kiến: {'; '.join(parts)}."
        )
    paragraphs.append(
        f"Chi tiết việc tổng hợp, tiếp thu, giải trình đối với từng điều, nội dung tại "
        f"{ANNEX_LABEL} kèm theo Báo cáo này; các nội dung không theo ý kiến của đa số được "
        f"đánh dấu {MARK}, in đậm và tô nền."
    )
    paragraphs.append(
        f"Trên đây là Báo cáo tổng hợp, tiếp thu, giải trình ý kiến của Nhân dân đối với "
        f"{draft_phrase(report.draft_title)} của {running_name(report.agency_name)}./."
    )
    return paragraphs


def summary(report: ExplanationReport) -> str:
    """The summary under "BÁO CÁO" (trích yếu)."""
    return (
        "Tổng hợp, tiếp thu, giải trình ý kiến của Nhân dân đối với "
        f"{draft_phrase(report.draft_title)}"
    )


def _recipients(report: ExplanationReport) -> list[str]:
    """As given, with the archive copy that every official document keeps."""
    entries = [one_line(entry) for entry in report.recipients if one_line(entry)]
    if not any(entry.lstrip("-–• ").startswith("Lưu") for entry in entries):
        entries.append(ARCHIVE_RECIPIENT)
    return entries


def explanation_letter(report: ExplanationReport) -> Letter:
    """The report's own pages as a ``Letter``: header, "BÁO CÁO", sections I-III,
    recipients and signature."""
    _validate(report)
    authority, title = _split_signer(report.signer_title)
    letter = Letter(
        issuing_body_parent=parent_line(report.parent_body),
        issuing_body=clean_text(report.agency_name),
        number_text="-",  # replaced below
        place=one_line(report.place),
        date=report.issued_on,
        kind_title=KIND_TITLE,
        summary=summary(report),
        body_paragraphs=[
            HEADING_CONDUCT,
            *_conduct_paragraphs(report),
            HEADING_DEPARTURES,
            *_departure_paragraphs(report),
            HEADING_TABLE,
            *_table_paragraphs(report),
        ],
        signer_authority=authority,
        signer_title=title,
        signer_name=one_line(report.signer_name),
        recipients_list=_recipients(report),
    )
    # Letter collapses runs of spaces; the blank left for a number must survive, so the
    # number is set after its normalisation.
    object.__setattr__(letter, "number_text", number_text(report))
    return letter


def _adapt_letter_html(html: str) -> str:
    """Two changes to the letter's page: the section headings in bold (the letter prints
    every body paragraph alike), and words longer than a line broken where they would
    overflow (a citizen's comment quoted in section II may be one long "word")."""
    for heading in HEADINGS:
        html = html.replace(
            f'<p class="text">{escape(heading)}</p>',
            f'<p class="text" style="font-weight: bold">{escape(heading)}</p>',
        )
    return html.replace("</style>", "body { overflow-wrap: anywhere; }\n</style>", 1)


# --- the appendix table ---------------------------------------------------------------


@dataclass(frozen=True)
class AppendixRow:
    """One row of the appendix: an article's summary row (``is_section``) or one opinion
    group below it."""

    number: str  # "3" for an article, "3.2" for a group
    is_section: bool
    label: str  # the article's label (summary rows only)
    title: str  # the article's heading (summary rows only)
    opinion: str  # the representative text, or the article's total
    tally: str  # "(4 ý kiến, 3 người)" (groups only)
    counts: tuple[str, ...]  # people per position, in POSITIONS order
    decision: str
    explanation: str
    departs: bool

    @property
    def marked_number(self) -> str:
        return f"{self.number} {MARK}" if self.departs else self.number


def appendix_rows(report: ExplanationReport) -> list[AppendixRow]:
    rows = []
    for index, section in enumerate(report.sections, start=1):
        rows.append(
            AppendixRow(
                number=str(index),
                is_section=True,
                label=one_line(section.label),
                title=one_line(section.title),
                opinion=(
                    f"Tổng số: {_tally(section.comments, section.people)}"
                    if section.comments
                    else "Không có ý kiến"
                ),
                tally="",
                counts=tuple(_count(section.positions.get(key, 0)) for key in POSITIONS),
                decision="",
                explanation="",
                departs=False,
            )
        )
        for sub, group in enumerate(section.groups, start=1):
            rows.append(
                AppendixRow(
                    number=f"{index}.{sub}",
                    is_section=False,
                    label="",
                    title="",
                    opinion=clean_text(group.representative),
                    tally=f"({_tally(group.comments, group.people)})",
                    counts=tuple(_count(group.positions.get(key, 0)) for key in POSITIONS),
                    decision=DECISION_LABELS[group.decision],
                    explanation=clean_text(group.explanation),
                    departs=group.departs_from_majority,
                )
            )
    return rows


def annex_reference(report: ExplanationReport) -> str:
    """ "(Kèm theo Báo cáo số 12/BC-UBND ngày 05/03/2026 của Ủy ban nhân dân xã Bắc Lý)"."""
    return (
        f"(Kèm theo Báo cáo số {number_text(report)} ngày {_short_date(report.issued_on)} "
        f"của {running_name(report.agency_name)})"
    )


HEADER_TOP = ("STT", "Điều, nội dung của dự thảo", "Ý kiến góp ý", "Số người theo ý kiến")
HEADER_DECISION = "Tiếp thu"
HEADER_EXPLANATION = "Giải trình, lý do"


def appendix_html(report: ExplanationReport) -> str:
    """The appendix (the per-article table) as HTML for WeasyPrint (autoescaped: the
    comments are text typed by citizens)."""
    _validate(report)
    return render_to_string(
        "consultations/report/appendix.html",
        {
            "label": ANNEX_LABEL,
            "title": ANNEX_TITLE,
            "draft": f"đối với {draft_phrase(report.draft_title)}",
            "reference": annex_reference(report),
            "rows": appendix_rows(report),
            "header_top": HEADER_TOP,
            "header_decision": HEADER_DECISION,
            "header_explanation": HEADER_EXPLANATION,
            "position_labels": [POSITION_LABELS[key] for key in POSITIONS],
            "widths": COLUMN_WIDTHS_MM,
            "mark_note": MARK_NOTE,
            "font_pt": TABLE_FONT_PT,
            "shade": f"#{SHADE_HEX}",
            "font_faces": [
                {"weight": weight, "style": style, "url": path.as_uri()}
                for (weight, style), path in font_paths().items()
            ],
            "page": {
                "width": ANNEX_WIDTH_MM,
                "height": ANNEX_HEIGHT_MM,
                "top": ANNEX_MARGIN_TOP_MM,
                "bottom": ANNEX_MARGIN_BOTTOM_MM,
                "side": ANNEX_MARGIN_SIDE_MM,
            },
        },
    )


# --- PDF ---------------------------------------------------------------------------


def explanation_html(report: ExplanationReport) -> str:
    """The report's own pages as HTML (the letter, with bold section headings)."""
    return _adapt_letter_html(letter_html(explanation_letter(report)))


def render_explanation_pdf(report: ExplanationReport) -> bytes:
    """The report (portrait) followed by the appendix (landscape, its pages numbered
    apart, as the decree wants for an appendix)."""
    return pdf_with_appendix(explanation_html(report), appendix_html(report))


# --- DOCX --------------------------------------------------------------------------


def render_explanation_docx(report: ExplanationReport) -> bytes:
    """The report as the letter renderer writes it, then a landscape section with the
    appendix table (its own page numbers, from 1)."""
    from docx import Document
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    word = Document(io.BytesIO(render_letter_docx(explanation_letter(report))))
    for para in word.paragraphs:
        if para.text in HEADINGS:
            for run in para.runs:
                run.bold = True

    add_appendix_section(word)

    centre, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT

    def paragraph(text: str, *, size: float, bold: bool = False, italic: bool = False,
                  align: Any = centre, after: float = 0) -> None:  # fmt: skip
        para = word.add_paragraph()
        para.alignment = align
        para.paragraph_format.space_after = Pt(after)
        run = para.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)

    paragraph(ANNEX_LABEL, size=14, bold=True)
    paragraph(ANNEX_TITLE, size=14, bold=True)
    paragraph(f"đối với {draft_phrase(report.draft_title)}", size=14, bold=True)
    paragraph(annex_reference(report), size=13, italic=True, after=6)

    rows = appendix_rows(report)
    header_rows = 2
    # The header is built while the table is small (python-docx walks the whole table
    # for each merge); the body rows are appended after.
    table = word.add_table(rows=header_rows, cols=len(COLUMN_WIDTHS_MM))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: long text wraps inside its column, never widens it
    for column, width_mm in zip(table.columns, COLUMN_WIDTHS_MM, strict=True):
        column.width = Mm(width_mm)  # new rows take their cells' widths from these
        for cell in column.cells:
            cell.width = Mm(width_mm)

    def write(cell: Any, text: str, *, bold: bool = False, italic: bool = False,
              align: Any = centre) -> Any:  # fmt: skip
        para = cell.paragraphs[0] if not cell.paragraphs[0].runs else cell.add_paragraph()
        para.alignment = align
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = para.add_run(line)
            run.bold, run.italic = bold, italic
            run.font.size = Pt(TABLE_FONT_PT)
            run.font.name = DOCX_FONT
            if i < len(lines) - 1:
                run.add_break()
        return para

    def shade(cell: Any) -> None:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), SHADE_HEX)
        cell._tc.get_or_add_tcPr().append(shading)

    # Header: the four positions share one heading over two rows; the rest span both.
    positions_at = 3
    for col, text in enumerate(HEADER_TOP[:3]):
        write(table.cell(0, col).merge(table.cell(1, col)), text, bold=True)
    group_cell = table.cell(0, positions_at).merge(table.cell(0, positions_at + len(POSITIONS) - 1))
    write(group_cell, HEADER_TOP[3], bold=True)
    for offset, key in enumerate(POSITIONS):
        write(table.cell(1, positions_at + offset), POSITION_LABELS[key], bold=True)
    after = positions_at + len(POSITIONS)
    for col, text in ((after, HEADER_DECISION), (after + 1, HEADER_EXPLANATION)):
        write(table.cell(0, col).merge(table.cell(1, col)), text, bold=True)
    for header_row in table.rows[:header_rows]:
        for cell in header_row.cells:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        # Repeat the header on every page of the appendix.
        tr_pr = header_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)

    for row in rows:
        cells = table.add_row().cells
        strong = row.departs
        write(cells[0], row.marked_number, bold=strong or row.is_section)
        if row.is_section:
            write(cells[1], row.label, bold=True, align=left)
            if row.title:
                write(cells[1], row.title, align=left)
            write(cells[2], row.opinion, italic=True, align=left)
        else:
            write(cells[2], row.opinion, bold=strong, align=left)
            write(cells[2], row.tally, bold=strong, italic=True, align=left)
        for col, text in enumerate(row.counts, start=positions_at):
            write(cells[col], text, bold=strong or row.is_section)
        write(cells[after], row.decision, bold=strong)
        write(cells[after + 1], row.explanation, bold=strong, align=left)
        if strong:
            for cell in cells:
                shade(cell)
        if row.is_section:
            # An article's summary row stays with its first opinion, as in the PDF.
            for cell in cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True

    paragraph(MARK_NOTE, size=12, italic=True, align=left)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
