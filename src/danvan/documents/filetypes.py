"""What an uploaded file really is, judged by its content and not by its name.

Citizens and officers attach scans, photos and office documents to cases. A file's name
is only a claim: an ``.exe`` renamed ``.pdf`` or a ZIP bomb named ``.docx`` must be refused
before anything opens it. ``detect`` reads the bytes, recognises the few formats we
accept, checks that the name's extension agrees, and raises a ``ValidationError`` in
plain words otherwise. It is pure (no database, no storage), so it is easy to test and
can run before a file is stored anywhere.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Office files are ZIP archives of XML; real ones are far below these limits, while a ZIP
# bomb (a few kilobytes that inflate to gigabytes) exceeds them.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 10_000
# A phone photo has 12-50 megapixels; beyond this decoding would cost too much memory.
MAX_IMAGE_PIXELS = 60_000_000
# The ``mimetype`` entry of an OpenDocument file is a short ASCII string.
_MAX_MIMETYPE_BYTES = 100


@dataclass(frozen=True)
class FileKind:
    code: str
    content_type: str
    extensions: tuple[str, ...]
    label: Promise  # "a PDF", used in messages


@dataclass(frozen=True)
class DetectedType:
    kind: str  # one of the codes in KINDS
    content_type: str
    extension: str  # the file name's extension, lower case, with the dot


KINDS: dict[str, FileKind] = {
    kind.code: kind
    for kind in (
        FileKind("pdf", "application/pdf", (".pdf",), gettext_lazy("a PDF")),
        FileKind("jpeg", "image/jpeg", (".jpg", ".jpeg"), gettext_lazy("a JPEG image")),
        FileKind("png", "image/png", (".png",), gettext_lazy("a PNG image")),
        FileKind("webp", "image/webp", (".webp",), gettext_lazy("a WebP image")),
        FileKind("doc", "application/msword", (".doc",), gettext_lazy("a Word 97-2003 document")),
        FileKind(
            "xls", "application/vnd.ms-excel", (".xls",), gettext_lazy("an Excel 97-2003 workbook")
        ),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
            gettext_lazy("a Word document"),
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
            gettext_lazy("an Excel workbook"),
        ),
        FileKind(
            "odt",
            "application/vnd.oasis.opendocument.text",
            (".odt",),
            gettext_lazy("an OpenDocument text"),
        ),
        FileKind(
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            (".ods",),
            gettext_lazy("an OpenDocument spreadsheet"),
        ),
        FileKind("txt", "text/plain", (".txt",), gettext_lazy("a plain text file")),
    )
}
_KIND_BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}
ACCEPTED_EXTENSIONS = tuple(sorted(_KIND_BY_EXTENSION))

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_ZIP_MAGIC = b"PK\x03\x04"
_OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# Characters Windows forbids in file names, and path separators of any system.
_UNSAFE_NAME_CHARS = frozenset('<>:"/\\|?*')
MAX_NAME_LENGTH = 200


def clean_filename(name: str) -> str:
    """A safe display name: NFC, no folders, no control or bidi characters.

    Bidirectional overrides matter: "hoadon\\u202efdp.exe" is displayed as
    "hoadonexe.pdf" and would fool a reader about the real extension.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for ch in name:
        category = unicodedata.category(ch)
        if category in {"Cc", "Cf", "Cs", "Co", "Cn"}:
            continue
        kept.append("_" if ch in _UNSAFE_NAME_CHARS else ch)
    name = " ".join("".join(kept).split()).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        path = PurePosixPath(name)
        suffix = path.suffix if len(path.suffix) <= 10 else ""
        name = name[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix
    return name


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def detect(data: bytes, name: str) -> DetectedType:
    """Recognise ``data`` and check that ``name``'s extension agrees.

    Raises ``ValidationError`` when the file is empty, of a kind we do not accept,
    damaged, dangerous (encrypted or bomb-like archive, macros), or named as
    something it is not.
    """
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = extension_of(clean_filename(name))
    if not extension:
        raise ValidationError(
            _("The file name has no extension such as .pdf or .docx, so its type is unknown."),
            code="no_extension",
        )
    expected = _KIND_BY_EXTENSION.get(extension)
    if expected is None:
        raise ValidationError(
            _("Files ending in %(ext)s are not accepted. Accepted types: %(accepted)s.")
            % {"ext": extension, "accepted": ", ".join(ACCEPTED_EXTENSIONS)},
            code="extension_not_accepted",
        )
    actual = _sniff(data, expected)
    if actual is None or actual.code != expected.code:
        message = _("This file is not %(expected)s although its name ends in %(ext)s.") % {
            "expected": expected.label,
            "ext": extension,
        }
        if actual is not None:
            message += " " + _(
                "It looks like %(actual)s; rename it to end in %(suggested)s and try again."
            ) % {"actual": actual.label, "suggested": actual.extensions[0]}
        raise ValidationError(message, code="type_mismatch")
    if actual.code in {"jpeg", "png", "webp"}:
        _check_image(data, actual)
    elif actual.code == "pdf":
        _check_pdf(data)
    return DetectedType(kind=actual.code, content_type=actual.content_type, extension=extension)


def _sniff(data: bytes, expected: FileKind) -> FileKind | None:
    """The kind ``data`` is, or None if it is none of ours."""
    if data.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if data.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if data.startswith(_PNG_MAGIC):
        return KINDS["png"]
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return KINDS["webp"]
    if data.startswith(_OLE2_MAGIC):
        return _sniff_ole2(data)
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(data)
    # Only call it text when text was claimed: any byte string may happen to be UTF-8.
    if expected.code == "txt":
        _check_text(data)
        return KINDS["txt"]
    return None


def _sniff_ole2(data: bytes) -> FileKind | None:
    """Word 97-2003 and Excel 97-2003 files are OLE2 containers; so are installers
    (.msi) and password-protected Office files, which we must not take for documents.
    Stream names are stored in UTF-16 in the container's directory."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ValidationError(
            _("This file is protected with a password. Remove the password and upload it again."),
            code="encrypted",
        )
    if "WordDocument".encode("utf-16-le") in data:
        return KINDS["doc"]
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return KINDS["xls"]
    return None


def _zip_refused(reason: str) -> ValidationError:
    return ValidationError(reason, code="bad_archive")


def _bomb() -> ValidationError:
    return _zip_refused(
        _(
            "The file expands to far more data than a normal document "
            "(a possible 'zip bomb'), so it was refused."
        )
    )


def _sniff_zip(data: bytes) -> FileKind | None:
    """Word, Excel and OpenDocument files are ZIP archives. Check the archive's declared
    sizes before inflating anything, then verify every entry's checksum while counting
    what it really inflates to, so a lying header cannot slip past."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise _zip_refused(_("The file is damaged: its archive structure is invalid.")) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise _zip_refused(_("The file contains too many parts to be a normal document."))
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise ValidationError(
                _(
                    "This file is protected with a password. Remove the password and upload "
                    "it again."
                ),
                code="encrypted",
            )
        declared = sum(entry.file_size for entry in entries)
        compressed = sum(entry.compress_size for entry in entries)
        if declared > MAX_UNCOMPRESSED_BYTES or declared > MAX_COMPRESSION_RATIO * max(
            compressed, 1
        ):
            raise _bomb()
        _verify_entries(archive, entries)
        names = {entry.filename for entry in entries}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError(
                _("The document contains macros, which are not accepted. Save it without macros."),
                code="macros",
            )
        is_ooxml = "[Content_Types].xml" in names
        if is_ooxml and "word/document.xml" in names:
            return KINDS["docx"]
        if is_ooxml and "xl/workbook.xml" in names:
            return KINDS["xlsx"]
        if "mimetype" in names and archive.getinfo("mimetype").file_size <= _MAX_MIMETYPE_BYTES:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            code = _OPENDOCUMENT.get(mimetype)
            if code:
                return KINDS[code]
    return None


def _verify_entries(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    budget = MAX_UNCOMPRESSED_BYTES
    try:
        for entry in entries:
            with archive.open(entry) as stream:
                while chunk := stream.read(1024 * 1024):
                    budget -= len(chunk)
                    if budget < 0:
                        raise _bomb()
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        # Wrong checksum, truncated data or an unsupported compression method.
        raise _zip_refused(_("The file is damaged: its archive structure is invalid.")) from exc


def _check_text(data: bytes) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(
            _("This text file is in UTF-16. Save it as UTF-8 and upload it again."),
            code="not_utf8",
        )
    if b"\x00" in data:
        raise ValidationError(
            _("This file contains binary data, so it is not plain text."), code="binary_text"
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("This text file is not in UTF-8. Save it as UTF-8 and upload it again."),
            code="not_utf8",
        ) from exc


def _check_pdf(data: bytes) -> None:
    # Every complete PDF ends with %%EOF (a few bytes of padding may follow).
    if b"%%EOF" not in data[-4096:]:
        raise ValidationError(
            _("The PDF file is incomplete; it may have been damaged or cut off while copying."),
            code="truncated_pdf",
        )


def _check_image(data: bytes, kind: FileKind) -> None:
    """Decode the image, after checking its dimensions from the header alone."""
    from PIL import Image, UnidentifiedImageError

    damaged = _("The image is damaged and cannot be opened.")
    too_large = _("The image is too large. Reduce it to at most %(megapixels)d megapixels.") % {
        "megapixels": MAX_IMAGE_PIXELS // 1_000_000
    }
    try:
        # Our pixel cap is below Pillow's own bomb threshold, so Pillow's warning only
        # shows up if warnings are turned into errors (as in the tests); both mean too large.
        with Image.open(io.BytesIO(data)) as image:
            if image.format is None or image.format.lower() != kind.code:
                raise ValidationError(damaged, code="bad_image")
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(too_large, code="image_too_large")
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(too_large, code="image_too_large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(damaged, code="bad_image") from None
