"""Content detection: each accepted type from real generated samples, and every way a
file can lie about itself."""

from __future__ import annotations

import io
import struct
import zipfile
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from danvan.documents import filetypes
from danvan.documents.filetypes import KINDS, clean_filename, detect

ALL_KINDS = sorted(KINDS)


def refused(data: bytes, name: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        detect(data, name)
    return caught.value


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_accepted_type_is_recognised(samples: SimpleNamespace, kind: str) -> None:
    build, name = samples.by_kind[kind]
    detected = detect(build(), name)
    assert detected.kind == kind
    assert detected.content_type == KINDS[kind].content_type
    assert detected.extension == name[name.rindex(".") :]


def test_extension_case_and_jpeg_alias_are_accepted(samples: SimpleNamespace) -> None:
    assert detect(samples.jpeg(), "ANH.JPEG").kind == "jpeg"
    assert detect(samples.pdf(), "Đơn.PDF").extension == ".pdf"


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_type_is_refused_under_another_types_name(
    samples: SimpleNamespace, kind: str
) -> None:
    build, _name = samples.by_kind[kind]
    data = build()
    for other in ALL_KINDS:
        if other == kind:
            continue
        wrong_name = f"tep{KINDS[other].extensions[0]}"
        error = refused(data, wrong_name)
        assert error.code == "type_mismatch", (kind, other)


def test_pdf_named_jpg_is_refused_with_a_plain_explanation(samples: SimpleNamespace) -> None:
    error = refused(samples.pdf(), "anh-chup.jpg")
    text = message(error)
    assert "This file is not a JPEG image although its name ends in .jpg." in text
    assert "It looks like a PDF; rename it to end in .pdf" in text


def test_program_renamed_pdf_is_refused(samples: SimpleNamespace) -> None:
    error = refused(samples.exe(), "quyet-dinh.pdf")
    assert error.code == "type_mismatch"
    assert message(error) == "This file is not a PDF although its name ends in .pdf."


def test_program_renamed_doc_is_refused(samples: SimpleNamespace) -> None:
    assert refused(samples.exe(), "bien-ban.doc").code == "type_mismatch"


def test_program_with_its_own_extension_is_refused(samples: SimpleNamespace) -> None:
    error = refused(samples.exe(), "setup.exe")
    assert error.code == "extension_not_accepted"
    assert "Files ending in .exe are not accepted." in message(error)
    assert ".pdf" in message(error)


def test_double_extension_counts_the_last_one(samples: SimpleNamespace) -> None:
    assert refused(samples.exe(), "don.pdf.exe").code == "extension_not_accepted"


def test_gif_is_not_accepted(samples: SimpleNamespace) -> None:
    assert refused(samples.gif(), "anh.gif").code == "extension_not_accepted"
    assert refused(samples.gif(), "anh.png").code == "type_mismatch"


def test_empty_file_is_refused() -> None:
    error = refused(b"", "don.pdf")
    assert error.code == "empty"
    assert message(error) == "The file is empty."


def test_name_without_extension_is_refused(samples: SimpleNamespace) -> None:
    assert refused(samples.pdf(), "don-khieu-nai").code == "no_extension"


def test_bidi_override_cannot_disguise_a_program(samples: SimpleNamespace) -> None:
    # Displayed as "hoadonexe.pdf", really "hoadon" + RLO + "fdp.exe".
    disguised = "hoadon\u202efdp.exe"
    assert refused(samples.pdf(), disguised).code == "extension_not_accepted"


# --- text --------------------------------------------------------------------------


def test_text_with_nul_is_refused() -> None:
    error = refused(b"abc\x00def", "ghi-chu.txt")
    assert error.code == "binary_text"


def test_text_in_legacy_encoding_is_refused() -> None:
    # Windows-1258 bytes are not valid UTF-8.
    error = refused("Xin chào bà con".encode("cp1258"), "ghi-chu.txt")
    assert error.code == "not_utf8"
    assert "UTF-8" in message(error)


def test_text_in_utf16_is_refused_with_its_own_message() -> None:
    error = refused("Xin chào".encode("utf-16"), "ghi-chu.txt")
    assert error.code == "not_utf8"
    assert "UTF-16" in message(error)


def test_text_with_bom_is_accepted() -> None:
    assert detect("\ufeffXin chào".encode(), "ghi-chu.txt").kind == "txt"


def test_random_utf8_is_not_taken_for_a_pdf() -> None:
    assert refused(b"just some text", "don.pdf").code == "type_mismatch"


# --- PDF -----------------------------------------------------------------------------


def test_truncated_pdf_is_refused(samples: SimpleNamespace) -> None:
    data = samples.pdf()
    cut = data[: data.rindex(b"%%EOF")]
    assert refused(cut, "don.pdf").code == "truncated_pdf"


def test_pdf_with_trailing_padding_is_accepted(samples: SimpleNamespace) -> None:
    assert detect(samples.pdf() + b"\r\n\0\0", "don.pdf").kind == "pdf"


# --- images --------------------------------------------------------------------------


def test_truncated_jpeg_is_refused(samples: SimpleNamespace) -> None:
    data = samples.jpeg()
    assert refused(data[: len(data) // 2], "anh.jpg").code == "bad_image"


def test_png_with_only_a_header_is_refused() -> None:
    assert refused(b"\x89PNG\r\n\x1a\n" + bytes(30), "anh.png").code == "bad_image"


def test_image_over_the_pixel_cap_is_refused_before_decoding(samples: SimpleNamespace) -> None:
    error = refused(samples.png_with_size(10_000, 7_000), "anh.png")  # 70 megapixels
    assert error.code == "image_too_large"
    assert "60 megapixels" in message(error)


def test_image_beyond_pillows_bomb_threshold_is_refused(samples: SimpleNamespace) -> None:
    error = refused(samples.png_with_size(20_000, 20_000), "anh.png")  # 400 megapixels
    assert error.code == "image_too_large"


def test_webp_with_a_broken_body_is_refused(samples: SimpleNamespace) -> None:
    data = samples.webp()
    assert refused(data[:20] + bytes(len(data) - 20), "anh.webp").code == "bad_image"


# --- OLE2 (Word/Excel 97-2003) -------------------------------------------------------


def test_ole2_without_a_document_stream_is_refused(samples: SimpleNamespace) -> None:
    # An installer (.msi) is an OLE2 container too.
    assert refused(samples.ole2("SummaryInformation"), "bien-ban.doc").code == "type_mismatch"


def test_word_97_named_xls_is_refused(samples: SimpleNamespace) -> None:
    error = refused(samples.doc(), "bang-ke.xls")
    assert "It looks like a Word 97-2003 document" in message(error)


def test_password_protected_office_file_is_refused(samples: SimpleNamespace) -> None:
    # Word and Excel store an encrypted .docx/.xlsx inside an OLE2 container.
    error = refused(samples.ole2("EncryptedPackage"), "bien-ban.docx")
    assert error.code == "encrypted"
    assert "password" in message(error)


# --- ZIP-based office files ---------------------------------------------------------


def test_plain_zip_is_not_a_document(samples: SimpleNamespace) -> None:
    data = samples.zip({"readme.txt": b"hello"})
    assert refused(data, "ho-so.docx").code == "type_mismatch"
    assert refused(data, "ho-so.zip").code == "extension_not_accepted"


def test_docx_named_xlsx_suggests_the_right_extension(samples: SimpleNamespace) -> None:
    error = refused(samples.docx(), "bang-ke.xlsx")
    assert "rename it to end in .docx" in message(error)


def test_word_part_without_content_types_is_not_a_docx(samples: SimpleNamespace) -> None:
    data = samples.zip({"word/document.xml": b"<w:document/>"})
    assert refused(data, "bien-ban.docx").code == "type_mismatch"


def test_unknown_opendocument_kind_is_refused(samples: SimpleNamespace) -> None:
    data = samples.opendocument("application/vnd.oasis.opendocument.presentation")
    assert refused(data, "trinh-chieu.odt").code == "type_mismatch"


def test_zip_bomb_by_total_size_is_refused(samples: SimpleNamespace) -> None:
    data = samples.zip_bomb(filetypes.MAX_UNCOMPRESSED_BYTES // (1024 * 1024) + 5)
    assert len(data) < 1024 * 1024  # a few hundred kilobytes on the wire
    error = refused(data, "bien-ban.docx")
    assert error.code == "bad_archive"
    assert "zip bomb" in message(error)


def test_zip_bomb_by_ratio_is_refused(samples: SimpleNamespace) -> None:
    # 20 MB of zeros: under the size cap but inflating about a thousandfold.
    assert refused(samples.zip_bomb(20), "bien-ban.docx").code == "bad_archive"


def _rewrite_declared_size(data: bytes, name: bytes, new_size: int) -> bytes:
    """Make both headers of entry ``name`` claim ``new_size`` uncompressed bytes."""
    buf = bytearray(data)
    local = buf.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", buf, local + 26)[0]
        if bytes(buf[local + 30 : local + 30 + name_len]) == name:
            struct.pack_into("<I", buf, local + 22, new_size)
        local = buf.find(b"PK\x03\x04", local + 4)
    central = buf.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", buf, central + 28)[0]
        if bytes(buf[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", buf, central + 24, new_size)
        central = buf.find(b"PK\x01\x02", central + 4)
    return bytes(buf)


def test_zip_that_lies_about_its_sizes_is_refused(samples: SimpleNamespace) -> None:
    honest = samples.zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": bytes(100_000),
        }
    )
    lying = _rewrite_declared_size(honest, b"word/document.xml", 50)
    error = refused(lying, "bien-ban.docx")
    assert error.code == "bad_archive"
    assert "damaged" in message(error)


def test_encrypted_zip_is_refused(samples: SimpleNamespace) -> None:
    data = bytearray(samples.docx())
    # Set the "encrypted" flag on every entry of the central directory.
    position = data.find(b"PK\x01\x02")
    while position != -1:
        flags = struct.unpack_from("<H", data, position + 8)[0]
        struct.pack_into("<H", data, position + 8, flags | 0x1)
        position = data.find(b"PK\x01\x02", position + 4)
    error = refused(bytes(data), "bien-ban.docx")
    assert error.code == "encrypted"


def test_truncated_zip_is_refused(samples: SimpleNamespace) -> None:
    data = samples.docx()
    assert refused(data[: len(data) // 2], "bien-ban.docx").code == "bad_archive"


def test_document_with_macros_is_refused(samples: SimpleNamespace) -> None:
    source = zipfile.ZipFile(io.BytesIO(samples.docx()))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
    error = refused(samples.zip(entries), "bien-ban.docx")
    assert error.code == "macros"


# --- names -------------------------------------------------------------------------


def test_clean_filename_normalises_and_strips_paths() -> None:
    decomposed = "Đơn khiếu nại.pdf".replace("ơ", "o\u031b")
    assert clean_filename(decomposed) == "Đơn khiếu nại.pdf"
    assert clean_filename("C:\\Users\\An\\Desktop\\don.pdf") == "don.pdf"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename('a<b>c:"d|e?.pdf') == "a_b_c__d_e_.pdf"
    assert clean_filename("  don \t\n moi .pdf ") == "don moi .pdf"
    assert clean_filename("...") == ""


def test_clean_filename_keeps_the_extension_of_long_names() -> None:
    cleaned = clean_filename("a" * 500 + ".docx")
    assert len(cleaned) == filetypes.MAX_NAME_LENGTH
    assert cleaned.endswith(".docx")
