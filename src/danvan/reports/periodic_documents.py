"""A periodic report as files: XLSX, and PDF and DOCX in the layout of Nghị định
30/2020/NĐ-CP.

The PDF and DOCX are an official report ("BÁO CÁO") built with the letter machinery of
``danvan.documents.letters`` (header, number, place and date, narrative as the body,
recipients and signature), followed by the statistics form as an appendix on landscape
A4 pages. The decree numbers an appendix's pages on their own, so the appendix is
rendered as a second document and its pages appended to the report's.

Everything is rendered from the report's frozen ``data`` (see
``periodic_selectors.build_table``), never from the database, so a report renders the
same way whenever it is rendered. The renderers are pure: values in, bytes out.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string

from danvan.documents.letters import (
    APP_DIR,
    DOCX_FONT,
    Letter,
    font_paths,
    letter_html,
    local_asset_fetcher,
    render_letter_docx,
)
from danvan.documents.standard_letters import Signer
from danvan.reports.periodic_narrative import number_vi, paragraphs
from danvan.reports.periodic_selectors import unsupported_notes

# Appendix pages: A4 landscape; margins as the decree's (top/bottom 20, left 30, right 15
# become left/right 20 when turned, leaving room for a wide table).
ANNEX_WIDTH_MM = 297.0
ANNEX_HEIGHT_MM = 210.0
ANNEX_MARGIN_TOP_MM = 20.0
ANNEX_MARGIN_BOTTOM_MM = 15.0
ANNEX_MARGIN_SIDE_MM = 15.0
ANNEX_TEXT_WIDTH_MM = ANNEX_WIDTH_MM - 2 * ANNEX_MARGIN_SIDE_MM
NUMBER_COLUMN_MM = 9.0
NAME_COLUMN_MM = 36.0


@dataclass(frozen=True, kw_only=True)
class ReportDocument:
    data: dict[str, Any]  # the report's frozen table
    narrative: str
    agency_name: str  # "Ủy ban nhân dân xã Bắc Lý"
    parent_name: str  # "UBND TỈNH NINH BÌNH", or ""
    place: str  # "Bắc Lý"
    date: datetime.date
    number_text: str  # "03/BC-UBND"
    signer: Signer
    recipients: Sequence[str] = field(default=())

    @property
    def layout(self) -> dict[str, Any]:
        return dict(self.data["form"])

    @property
    def summary(self) -> str:
        return f"{self.layout['summary']} {self.data['period']['title']}"

    @property
    def annex_label(self) -> str:
        code = self.layout["code"]
        return f"Biểu số {code}" if self.layout["circular"] else f"Biểu {code}"

    @property
    def annex_reference(self) -> str:
        """ "(Kèm theo Báo cáo số 03/BC-UBND ngày 05/3/2026 của Ủy ban nhân dân xã Bắc Lý)"."""
        day = f"{self.date.day:02d}/{self.date.month:02d}/{self.date.year}"
        return f"(Kèm theo Báo cáo số {self.number_text} ngày {day} của {self.agency_name})"


def report_letter(document: ReportDocument) -> Letter:
    """The report's main pages as a ``Letter``: "BÁO CÁO", its summary, the narrative."""
    return Letter(
        issuing_body_parent=document.parent_name,
        issuing_body=document.agency_name,
        number_text=document.number_text,
        place=document.place,
        date=document.date,
        kind_title="BÁO CÁO",
        summary=document.summary,
        body_paragraphs=[
            *paragraphs(document.narrative),
            f"(Số liệu chi tiết tại {document.annex_label} kèm theo.)",
        ],
        signer_authority=document.signer.authority,
        signer_title=document.signer.title,
        signer_name=document.signer.name,
        recipients_list=[*document.recipients],
    )


# --- the table ----------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderCell:
    title: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def _depth(nodes: Sequence[dict[str, Any]]) -> int:
    return max((1 + _depth(node["children"]) if "children" in node else 1) for node in nodes)


def _leaf_count(node: dict[str, Any]) -> int:
    if "children" not in node:
        return 1
    return sum(_leaf_count(child) for child in node["children"])


def header_cells(layout: dict[str, Any]) -> list[list[HeaderCell]]:
    """The header of the form's table, row by row, with spans: "STT" and "Đơn vị" in
    columns 0 and 1 over all header rows, then the groups and numbered columns; a column
    reaches down to the last header row."""
    depth = _depth(layout["headers"])
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
    rows[0].append(HeaderCell("STT", 0, 0, rowspan=depth))
    rows[0].append(HeaderCell("Đơn vị", 0, 1, rowspan=depth))

    def place(nodes: Sequence[dict[str, Any]], row: int, col: int) -> None:
        for node in nodes:
            width = _leaf_count(node)
            if "children" in node:
                rows[row].append(HeaderCell(node["title"], row, col, colspan=width))
                place(node["children"], row + 1, col)
            else:
                rows[row].append(HeaderCell(node["title"], row, col, rowspan=depth - row))
            col += width

    place(layout["headers"], 0, 2)
    return rows


def number_row(layout: dict[str, Any]) -> list[str]:
    """ "A", "B", then the column numbers."""
    return ["A", "B", *(str(column["number"]) for column in layout["columns"])]


@dataclass(frozen=True)
class TableRow:
    position: str  # "1", "2"… for units; "" for the own and total rows
    label: str
    cells: list[str]
    values: list[Any]
    is_total: bool


def table_rows(data: dict[str, Any]) -> list[TableRow]:
    columns = data["form"]["columns"]
    result = []
    position = 0
    for row in data["rows"]:
        values = [row["values"].get(column["key"]) for column in columns]
        is_total = row["role"] == "total"
        if not is_total:
            position += 1
        result.append(
            TableRow(
                position="" if is_total else str(position),
                label=row["label"],
                cells=[number_vi(value) for value in values],
                values=values,
                is_total=is_total,
            )
        )
    return result


def table_context(data: dict[str, Any]) -> dict[str, Any]:
    """What the HTML table (the appendix and the page preview) needs."""
    layout = data["form"]
    return {
        "header_rows": header_cells(layout),
        "number_row": number_row(layout),
        "rows": table_rows(data),
        "notes": unsupported_notes(layout),
        "column_count": len(layout["columns"]),
    }


def _table_font_pt(column_count: int) -> float:
    if column_count > 20:
        return 7.0
    if column_count > 12:
        return 8.5
    return 10.0


# --- PDF ---------------------------------------------------------------------------


def annex_html(document: ReportDocument) -> str:
    """The appendix (the statistics form) as HTML for WeasyPrint."""
    layout = document.layout
    count = len(layout["columns"])
    other_mm = ANNEX_TEXT_WIDTH_MM - NUMBER_COLUMN_MM - NAME_COLUMN_MM
    return render_to_string(
        "reports/periodic_annex.html",
        {
            "document": document,
            "layout": layout,
            "period": document.data["period"],
            "data_range": _data_range(document.data["period"]),
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
            "widths": {
                "number": NUMBER_COLUMN_MM,
                "name": NAME_COLUMN_MM,
                "other": round(other_mm / max(count, 1), 2),
            },
            "font_pt": _table_font_pt(count),
            **table_context(document.data),
        },
    )


def _data_range(period: dict[str, Any]) -> str:
    start = datetime.date.fromisoformat(period["start"])
    end = datetime.date.fromisoformat(period["end"])
    return f"Số liệu tính từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def pdf_with_appendix(main_html: str, appendix_html: str) -> bytes:
    """A document's pages followed by its appendix's, rendered apart so that the
    appendix numbers its pages on its own (as the decree wants)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    def render(html: str) -> Any:
        return HTML(
            string=html, base_url=APP_DIR.as_uri(), url_fetcher=local_asset_fetcher()
        ).render(font_config=FontConfiguration())

    main = render(main_html)
    annex = render(appendix_html)
    pdf: bytes = main.copy([*main.pages, *annex.pages]).write_pdf()
    return pdf


def render_report_pdf(document: ReportDocument) -> bytes:
    return pdf_with_appendix(letter_html(report_letter(document)), annex_html(document))


# --- DOCX --------------------------------------------------------------------------


def add_appendix_section(word: Any) -> Any:
    """Start a landscape A4 section for an appendix in a python-docx document: its own
    page numbers from 1, shown centred at the top except on its first page."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = Mm(ANNEX_WIDTH_MM)
    section.page_height = Mm(ANNEX_HEIGHT_MM)
    section.top_margin = Mm(ANNEX_MARGIN_TOP_MM)
    section.bottom_margin = Mm(ANNEX_MARGIN_BOTTOM_MM)
    section.left_margin = Mm(ANNEX_MARGIN_SIDE_MM)
    section.right_margin = Mm(ANNEX_MARGIN_SIDE_MM)
    # The appendix numbers its pages apart, from 1, with none on its first page.
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    number_paragraph = section.header.paragraphs[0]
    number_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field = OxmlElement("w:fldSimple")
    page_field.set(qn("w:instr"), "PAGE")
    number_paragraph._p.append(page_field)
    return section


def render_report_docx(document: ReportDocument) -> bytes:
    """The report as the letter renderer writes it, then a landscape section with the
    appendix table (its own page numbers, from 1)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    word = Document(io.BytesIO(render_letter_docx(report_letter(document))))
    add_appendix_section(word)

    def paragraph(text: str, *, size: float, bold: bool = False, italic: bool = False,
                  align: Any = WD_ALIGN_PARAGRAPH.CENTER, after: float = 0) -> None:  # fmt: skip
        para = word.add_paragraph()
        para.alignment = align
        para.paragraph_format.space_after = Pt(after)
        run = para.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)

    layout = document.layout
    paragraph(document.agency_name.upper(), size=12, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph(document.annex_label, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if layout["circular"]:
        paragraph(f"(Ban hành kèm theo {layout['circular']})", size=11, italic=True,
                  align=WD_ALIGN_PARAGRAPH.RIGHT)  # fmt: skip
    paragraph(layout["title"], size=13, bold=True)
    paragraph(document.annex_reference, size=12, italic=True)
    paragraph(_data_range(document.data["period"]), size=12, italic=True, after=6)

    context = table_context(document.data)
    header = context["header_rows"]
    rows: list[TableRow] = context["rows"]
    width = 2 + context["column_count"]
    font_pt = _table_font_pt(context["column_count"])
    table = word.add_table(rows=len(header) + 1 + len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    other_mm = (ANNEX_TEXT_WIDTH_MM - NUMBER_COLUMN_MM - NAME_COLUMN_MM) / max(width - 2, 1)
    widths = [NUMBER_COLUMN_MM, NAME_COLUMN_MM, *([other_mm] * (width - 2))]

    def write(cell: Any, text: str, *, bold: bool = False, italic: bool = False,
              align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> None:  # fmt: skip
        para = cell.paragraphs[0]
        para.alignment = align
        run = para.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(font_pt)
        run.font.name = DOCX_FONT

    for header_row in header:
        for item in header_row:
            cell = table.cell(item.row, item.col)
            if item.rowspan > 1 or item.colspan > 1:
                cell = cell.merge(
                    table.cell(item.row + item.rowspan - 1, item.col + item.colspan - 1)
                )
            write(cell, item.title, bold=True)
    numbers_at = len(header)
    for col, text in enumerate(context["number_row"]):
        write(table.cell(numbers_at, col), text, italic=True)
    for offset, row in enumerate(rows, start=numbers_at + 1):
        left = WD_ALIGN_PARAGRAPH.LEFT
        write(table.cell(offset, 0), row.position, bold=row.is_total)
        write(table.cell(offset, 1), row.label, bold=row.is_total, align=left)
        for col, text in enumerate(row.cells, start=2):
            write(table.cell(offset, col), text, bold=row.is_total, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for column, width_mm in zip(table.columns, widths, strict=True):
        for cell in column.cells:
            cell.width = Mm(width_mm)

    notes = context["notes"]
    if notes:
        paragraph("Ghi chú:", size=11, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for note in notes:
            paragraph(f"- {note}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- XLSX --------------------------------------------------------------------------

XLSX_TOTAL_LABEL = "Tổng cộng"


def render_report_xlsx(document: ReportDocument) -> bytes:
    """The form as a worksheet (title, merged header groups, numbered columns, one row
    per unit, the total row) and a second sheet with the report's particulars and
    narrative. Cells hold values, not formulas: a reader that does not compute formulas
    (openpyxl, many converters) still sees every number."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    layout = document.layout
    context = table_context(document.data)
    header = context["header_rows"]
    rows: list[TableRow] = context["rows"]
    width = 2 + context["column_count"]
    last = get_column_letter(width)

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = layout["code"].replace("/", "-")[:31]
    book.properties.title = f"{layout['title']} – {document.data['period']['title']}"
    book.properties.creator = "danvan"

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(name=DOCX_FONT, bold=True)
    plain = Font(name=DOCX_FONT)

    def line(row: int, text: str, *, font: Font, align: str = "center") -> None:
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)

    line(1, document.agency_name.upper(), font=bold, align="left")
    line(2, document.annex_label + (f" (Ban hành kèm theo {layout['circular']})"
                                     if layout["circular"] else ""),
         font=Font(name=DOCX_FONT, italic=True), align="right")  # fmt: skip
    line(4, layout["title"], font=Font(name=DOCX_FONT, bold=True, size=13))
    line(5, document.annex_reference, font=Font(name=DOCX_FONT, italic=True))
    line(6, _data_range(document.data["period"]), font=Font(name=DOCX_FONT, italic=True))

    top = 8
    for header_row in header:
        for item in header_row:
            row, col = top + item.row, 1 + item.col
            if item.rowspan > 1 or item.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=row + item.rowspan - 1,
                    end_column=col + item.colspan - 1,
                )
            cell = sheet.cell(row=row, column=col, value=item.title)
            cell.font, cell.alignment = bold, centre
    numbers_at = top + len(header)
    for col, text in enumerate(context["number_row"], start=1):
        cell = sheet.cell(row=numbers_at, column=col, value=text)
        cell.font = Font(name=DOCX_FONT, italic=True)
        cell.alignment = centre
    for offset, table_row in enumerate(rows, start=numbers_at + 1):
        font = bold if table_row.is_total else plain
        first = sheet.cell(
            row=offset, column=1, value=int(table_row.position) if table_row.position else None
        )
        label = sheet.cell(
            row=offset,
            column=2,
            value=XLSX_TOTAL_LABEL if table_row.is_total else table_row.label,
        )
        first.font = label.font = font
        for col, (value, column) in enumerate(
            zip(table_row.values, layout["columns"], strict=True), start=3
        ):
            cell = sheet.cell(row=offset, column=col, value=value)
            cell.font = font
            cell.number_format = "0.0" if column["source"]["kind"] == "percent" else "#,##0"
    last_row = numbers_at + len(rows)
    for row_cells in sheet.iter_rows(min_row=top, max_row=last_row, max_col=width):
        for cell in row_cells:
            cell.border = box
    notes_at = last_row + 2
    notes = context["notes"]
    if notes:
        sheet.cell(row=notes_at, column=1, value="Ghi chú:").font = bold
        for i, note in enumerate(notes, start=1):
            sheet.cell(row=notes_at + i, column=1, value=f"- {note}").font = plain

    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 32
    for col in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 9
    sheet.freeze_panes = f"C{numbers_at + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    info = book.create_sheet("Thông tin")
    particulars = [
        ("Cơ quan ban hành", document.agency_name),
        ("Đơn vị hành chính", document.data["unit"]["name"]),
        ("Biểu mẫu", f"{layout['code']} ({layout['version']})"),
        ("Căn cứ", layout["circular"] or "Biểu tổng hợp của hệ thống"),
        ("Kỳ báo cáo", document.data["period"]["title"]),
        ("Số liệu", _data_range(document.data["period"])),
        ("Số, ký hiệu", document.number_text),
        ("Ngày ban hành", f"{document.date:%d/%m/%Y}"),
        ("Người ký", document.signer.name),
    ]
    for row, (name, value) in enumerate(particulars, start=1):
        info.cell(row=row, column=1, value=name).font = bold
        info.cell(row=row, column=2, value=value).font = plain
    start = len(particulars) + 2
    info.cell(row=start, column=1, value="Thuyết minh").font = bold
    for i, text in enumerate(paragraphs(document.narrative), start=start + 1):
        cell = info.cell(row=i, column=2, value=text)
        cell.font = plain
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
