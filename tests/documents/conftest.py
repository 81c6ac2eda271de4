"""Fixtures for the documents tests: real small files of every accepted type, built in
memory, and a media folder of the test's own."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytest_django.fixtures import Settings

_CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def _image(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def pdf_bytes() -> bytes:
    """A real one-page PDF (Pillow writes a page holding an image)."""
    return _image("PDF")


def png_bytes() -> bytes:
    return _image("PNG")


def jpeg_bytes() -> bytes:
    return _image("JPEG")


def webp_bytes() -> bytes:
    return _image("WEBP")


def gif_bytes() -> bytes:
    return _image("GIF")


def docx_bytes(text: str = "Đơn khiếu nại") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first is not None:
            archive.writestr(stored_first, entries[stored_first], zipfile.ZIP_STORED)
        for name, data in entries.items():
            if name != stored_first:
                archive.writestr(name, data)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": _CONTENT_TYPES_XML.encode(),
            "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
            "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet/>',
        }
    )


def opendocument_bytes(mimetype: str) -> bytes:
    return zip_bytes(
        {
            "mimetype": mimetype.encode(),
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest/>',
        },
        stored_first="mimetype",
    )


def odt_bytes() -> bytes:
    return opendocument_bytes("application/vnd.oasis.opendocument.text")


def ods_bytes() -> bytes:
    return opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet")


def ole2_bytes(stream: str) -> bytes:
    """The start of an OLE2 compound file whose directory names ``stream`` (what
    detection looks at; a full container is not needed for that)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\0")
    directory += stream.encode("utf-16-le").ljust(128, b"\0")
    return header + directory + bytes(1024)


def doc_bytes() -> bytes:
    return ole2_bytes("WordDocument")


def xls_bytes() -> bytes:
    return ole2_bytes("Workbook")


def txt_bytes() -> bytes:
    return "Kính gửi Ủy ban nhân dân xã Bắc Lý.\nTôi tên là Nguyễn Văn An.\n".encode()


def exe_bytes() -> bytes:
    """The start of a Windows program: "MZ", a DOS stub and a PE header."""
    stub = b"MZ" + bytes(58) + struct.pack("<I", 64)
    return stub + b"PE\0\0" + bytes(200)


def png_with_size(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` (the pixel data is a stub):
    enough to test the pixel cap without allocating the image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def zip_bomb_bytes(uncompressed_mb: int, name: str = "word/document.xml") -> bytes:
    """A ZIP of a "document" made of zeros, written in 1 MB pieces to spare memory."""
    out = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES_XML)
        with archive.open(name, "w", force_zip64=True) as stream:
            for _ in range(uncompressed_mb):
                stream.write(chunk)
    return out.getvalue()


SAMPLES: dict[str, tuple[Callable[[], bytes], str]] = {
    # kind: (builder, a file name that matches it)
    "pdf": (pdf_bytes, "don-khieu-nai.pdf"),
    "jpeg": (jpeg_bytes, "anh-hien-truong.jpg"),
    "png": (png_bytes, "so-do.png"),
    "webp": (webp_bytes, "anh.webp"),
    "doc": (doc_bytes, "bien-ban.doc"),
    "xls": (xls_bytes, "bang-ke.xls"),
    "docx": (docx_bytes, "bien-ban.docx"),
    "xlsx": (xlsx_bytes, "bang-ke.xlsx"),
    "odt": (odt_bytes, "van-ban.odt"),
    "ods": (ods_bytes, "bang-tinh.ods"),
    "txt": (txt_bytes, "ghi-chu.txt"),
}


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    """Stored attachments go to this test's own folder."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def samples() -> SimpleNamespace:
    """The sample builders above, for tests (test modules do not import conftest)."""
    return SimpleNamespace(
        by_kind=SAMPLES,
        pdf=pdf_bytes,
        png=png_bytes,
        jpeg=jpeg_bytes,
        webp=webp_bytes,
        gif=gif_bytes,
        docx=docx_bytes,
        xlsx=xlsx_bytes,
        odt=odt_bytes,
        ods=ods_bytes,
        doc=doc_bytes,
        xls=xls_bytes,
        txt=txt_bytes,
        exe=exe_bytes,
        zip=zip_bytes,
        ole2=ole2_bytes,
        opendocument=opendocument_bytes,
        png_with_size=png_with_size,
        zip_bomb=zip_bomb_bytes,
    )


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the English source messages; the Vietnamese ones are checked by
    the catalogue check (placeholders kept) and by the page tests."""
    from django.utils import translation

    with translation.override("en"):
        yield
