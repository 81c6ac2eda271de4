"""Reading a draft into its parts: chapters, sections (mục), articles, clauses, points.

Vietnamese legal drafts follow Nghị định 30/2020's layout: "Chương II" (its title often
on the next line), "Mục 1", "Điều 5. Heading", clauses "1. …" and points "a) …". Clause
and point markers only count inside an article, so a numbered list in a plan or a news
report stays plain text. A text with no chapter or article at all (a report, a plan
written as prose) becomes one part per paragraph, "Đoạn 1", "Đoạn 2", …

The functions here are pure (no database): ``extract_text`` turns a file into text,
``parse_draft`` turns text into a flat list of parts in reading order.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.documents.filetypes import detect

MAX_SECTIONS = 3000
MAX_HEADING = 500

_CHAPTER = re.compile(r"^(?i:chương)\s+([IVXLCDM]+|\d+)\b[.:]?\s*(.*)$")
_PART = re.compile(r"^(?i:mục)\s+(\d+|[IVXLCDM]+)\b[.:]?\s*(.*)$")
_ARTICLE = re.compile(r"^(?i:điều)\s+(\d+[a-z]?)\s*(?:[.:]\s*(.*))?$")
_CLAUSE = re.compile(r"^(\d{1,3})\.\s+(.*)$")
_POINT = re.compile(r"^([a-zđ])\)\s+(.*)$")
_SENTENCE_END = re.compile(r"[.:;!?…)\]\"”]$")

# Rank of each kind in the tree: a part hangs under the nearest part of lower rank.
RANK = {"chapter": 0, "part": 1, "article": 2, "clause": 3, "point": 4, "paragraph": 5}


@dataclass
class ParsedSection:
    kind: str
    label: str
    heading: str
    text: str
    depth: int
    parent: int | None  # index in the list, or None at the top


def _clean_line(line: str) -> str:
    # Text pulled out of a PDF may hold NUL characters, which PostgreSQL cannot store.
    return " ".join(unicodedata.normalize("NFC", line.replace("\x00", " ")).split())


def parse_draft(text: str) -> list[ParsedSection]:
    lines = [
        _clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    if not any(lines):
        raise ValidationError(_("The draft is empty."))
    structured = any(_CHAPTER.match(line) or _ARTICLE.match(line) for line in lines)
    sections = _parse_structured(lines) if structured else _parse_paragraphs(lines)
    if len(sections) > MAX_SECTIONS:
        raise ValidationError(
            _("The draft has too many parts (at most %(n)d).") % {"n": MAX_SECTIONS}
        )
    return sections


def _parse_paragraphs(lines: list[str]) -> list[ParsedSection]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return [
        ParsedSection("paragraph", f"Đoạn {i}", "", paragraph, 0, None)
        for i, paragraph in enumerate(paragraphs, start=1)
    ]


def _parse_structured(lines: list[str]) -> list[ParsedSection]:
    sections: list[ParsedSection] = []
    stack: list[int] = []  # indexes of the open ancestors, outermost first
    awaiting_heading: int | None = None  # a chapter or mục whose title is on the next line
    preamble: list[str] = []

    def add(kind: str, label: str, heading: str, text: str) -> int:
        while stack and RANK[sections[stack[-1]].kind] >= RANK[kind]:
            stack.pop()
        parent = stack[-1] if stack else None
        sections.append(ParsedSection(kind, label, heading[:MAX_HEADING], text, len(stack), parent))
        stack.append(len(sections) - 1)
        return len(sections) - 1

    def in_article() -> bool:
        return any(sections[i].kind == "article" for i in stack)

    for line in lines:
        if not line:
            continue
        if match := _CHAPTER.match(line):
            index = add("chapter", f"Chương {match[1]}", match[2], "")
            awaiting_heading = None if match[2] else index
            continue
        if match := _PART.match(line):
            index = add("part", f"Mục {match[1]}", match[2], "")
            awaiting_heading = None if match[2] else index
            continue
        if match := _ARTICLE.match(line):
            add("article", f"Điều {match[1]}", match[2] or "", "")
            awaiting_heading = None
            continue
        if in_article() and (match := _CLAUSE.match(line)):
            add("clause", f"Khoản {match[1]}", "", match[2])
            continue
        if in_article() and (match := _POINT.match(line)):
            add("point", f"Điểm {match[1]}", "", match[2])
            continue
        if awaiting_heading is not None:
            section = sections[awaiting_heading]
            section.heading = f"{section.heading} {line}".strip()[:MAX_HEADING]
            awaiting_heading = None
            continue
        if not sections:
            preamble.append(line)
            continue
        section = sections[stack[-1]]
        section.text = f"{section.text}\n{line}" if section.text else line
    if preamble:
        for section in sections:
            if section.parent is not None:
                section.parent += 1
        sections.insert(0, ParsedSection("paragraph", "Mở đầu", "", "\n".join(preamble), 0, None))
    return sections


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    # Paragraphs of tables are left out: a draft's tables are rarely commented on as such.
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise ValidationError(_("The PDF could not be read: %(error)s") % {"error": exc}) from exc
    lines: list[str] = []
    for page in pages:
        for raw in page.splitlines():
            line = _clean_line(raw)
            if not line:
                continue
            # A PDF breaks lines at the page's width: join a line to the one before unless
            # that one ended a sentence or this one starts a part of the draft.
            starts_part = bool(
                _CHAPTER.match(line)
                or _PART.match(line)
                or _ARTICLE.match(line)
                or _CLAUSE.match(line)
                or _POINT.match(line)
            )
            if lines and lines[-1] and not starts_part and not _SENTENCE_END.search(lines[-1]):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
    return "\n".join(lines)


def extract_text(data: bytes, name: str) -> str:
    """The text of a plain text, Word (.docx) or PDF file, checked by its content."""
    detected = detect(data, name)
    if detected.kind == "txt":
        return data.decode("utf-8-sig")
    if detected.kind == "docx":
        text = _docx_text(data)
    elif detected.kind == "pdf":
        text = _pdf_text(data)
        if not text.strip():
            raise ValidationError(
                _(
                    "This PDF has no text, only images (a scan?). Import the Word file or a "
                    "PDF saved from a word processor, or paste the text."
                )
            )
    else:
        raise ValidationError(_("Import a text file (.txt), a Word document (.docx) or a PDF."))
    return text
