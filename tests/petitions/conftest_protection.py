"""Helpers for the denouncer-protection tests (imported explicitly, not a conftest).

A world where a denouncer's identity exists in several forms: a denunciation sent by
post (identity A, on no account anywhere), copies of it forwarded and refused, and a
denunciation sent through the portal by a signed-in citizen (identity B, whose account
carries their name and phone). Around it: ordinary petitions, a reception session, a
periodic report, staff for every role, API and Open311 keys.

The scanner turns any response (HTML, JSON, XML, CSV, XLSX, PDF, DOCX) into text and
looks for every spelling of each identity: the name with and without diacritics, the
phone in any grouping, the citizen ID, the e-mail and the address.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import logging
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from hashlib import sha1
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseBase
from django.test import Client, TestCase

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import create_system_admin, create_user, grant_role
from danvan.api.tokens import issue_token
from danvan.core.text import fold
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionDraft
from danvan.units.models import AdministrativeUnit, Agency
from danvan.units.services import ensure_standard_agencies, sync_official_units
from tests.conftest import PASSWORD, SMALL_LIST, verified_client

# --- the identities ---------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Who denounced, as typed at intake, and every spelling to look for."""

    label: str
    name: str
    address: str
    phone_typed: str
    phone_digits: str  # the national number without the leading 0: in every spelling
    email: str
    citizen_id: str = ""
    # Distinctive words (folded) that alone identify the person.
    marks: tuple[str, ...] = ()

    @property
    def phone_spellings(self) -> list[str]:
        national = "0" + self.phone_digits
        grouped = f"{national[:4]} {national[4:7]} {national[7:]}"
        return [national, "+84" + self.phone_digits, self.phone_digits, grouped]


IDENTITY_A = Identity(
    label="A (post)",
    name="Hoàng Thị Bíchngọc Zyx",
    address="Số 7 ngõ Quỳnhlan, phường Ba Đình",
    phone_typed="0912 345 678",
    phone_digits="912345678",
    email="bichngoc.zyx@example.vn",
    citizen_id="001303004567",
    marks=("bichngoc", "quynhlan"),
)
IDENTITY_B = Identity(
    label="B (portal account)",
    name="Lưu Văn Khảiqp",
    address="Thôn Quỳnhdao, phường Ba Đình",
    phone_typed="0987 606 515",
    phone_digits="987606515",
    email="khaiqp.luu@example.vn",
    marks=("khaiqp", "quynhdao"),
)
IDENTITIES = (IDENTITY_A, IDENTITY_B)


@dataclass(frozen=True)
class Needle:
    what: str  # e.g. "A (post): phone"
    value: str
    mode: str  # exact (case-insensitive), folded, squeezed (folded, no spaces), digits
    part: str  # name, address, phone, email, citizen_id


def needles_of(identity: Identity, parts: Iterable[str] | None = None) -> list[Needle]:
    wanted = set(parts) if parts is not None else None
    out: list[Needle] = []

    def add(part: str, value: str, mode: str) -> None:
        if value and (wanted is None or part in wanted):
            out.append(Needle(f"{identity.label}: {part} ({mode})", value, mode, part))

    add("name", identity.name.casefold(), "exact")
    add("name", fold(identity.name), "folded")
    add("name", fold(identity.name).replace(" ", ""), "squeezed")
    for mark in identity.marks:
        part = "address" if mark in fold(identity.address) else "name"
        add(part, mark, "squeezed")
    add("address", identity.address.casefold(), "exact")
    add("phone", identity.phone_digits, "digits")
    add("email", identity.email.casefold(), "exact")
    add("citizen_id", identity.citizen_id, "digits")
    return out


_SEPARATORS = re.compile(r"[\s.\-()+/_]")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@dataclass
class Haystack:
    exact: str
    folded: str
    squeezed: str
    digits: str

    @classmethod
    def of(cls, text: str) -> Haystack:
        text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        text = unicodedata.normalize("NFC", html.unescape(text))
        folded = fold(text)
        return cls(
            exact=re.sub(r"\s+", " ", text.casefold()),
            folded=folded,
            squeezed=re.sub(r"\s+", "", folded),
            digits=_SEPARATORS.sub("", text),
        )

    def finds(self, needle: Needle) -> bool:
        return needle.value in getattr(self, needle.mode)


def leaks_in(text: str, needles: Iterable[Needle]) -> list[str]:
    """What of ``needles`` occurs in ``text``."""
    hay = Haystack.of(text)
    return sorted({n.what for n in needles if hay.finds(n)})


# --- turning responses into text ----------------------------------------------------------

_TEXT_CACHE: dict[str, str] = {}


def body_bytes(response: HttpResponseBase) -> bytes:
    if getattr(response, "streaming", False):
        # The test client closes the response once its content is read, with the
        # connection kept open; closing it again here would close the test database's
        # connection (request_finished), which PostgreSQL does not survive.
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return bytes(response.content)  # type: ignore[attr-defined]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    info = reader.metadata or {}
    parts.extend(str(v) for v in info.values())
    return "\n".join(parts)


def docx_text(data: bytes) -> str:
    """Every XML part of the package (body, headers, footers, properties), tags removed;
    runs are joined without spaces, so words split across runs come back whole."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [
            package.read(name).decode("utf-8", "replace")
            for name in package.namelist()
            if name.endswith(".xml")
        ]
    return "\n".join(re.sub(r"<w:p[ >]", "\n<", re.sub(r"<[^>]+>", "", p)) for p in parts)


def xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    book.close()
    return "\n".join([*cells, *(sheet.title for sheet in book.worksheets)])


def text_of_bytes(data: bytes, content_type: str = "") -> str:
    """The readable text of a file or a response body, whatever its format."""
    key = sha1(data).hexdigest()  # noqa: S324 - a cache key, not a secret
    if key in _TEXT_CACHE:
        return _TEXT_CACHE[key]
    kind = content_type.lower()
    if data.startswith(b"%PDF") or "pdf" in kind:
        text = pdf_text(data)
    elif data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
        text = xlsx_text(data) if any(n.startswith("xl/") for n in names) else docx_text(data)
    else:
        text = data.decode("utf-8", "replace")
        if "json" in kind:
            # JSON may escape every non-ASCII letter: read it back as text too.
            with contextlib.suppress(ValueError):
                text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    _TEXT_CACHE[key] = text
    return text


def response_text(response: HttpResponseBase) -> str:
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    return headers + "\n" + text_of_bytes(body_bytes(response), response.get("Content-Type", ""))


# --- log records ------------------------------------------------------------------------


class Collector(logging.Handler):
    """Keeps every record it is given (attached to the root logger at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


# Record attributes not written by the code that logs: the request (its repr is the URL
# the user typed, search words included) and the raw message parts (formatted above).
_NOT_LOGGED = frozenset({"msg", "args", "exc_info", "request"})


def record_text(record: logging.LogRecord) -> str:
    """The line as a handler would write it, with its traceback and any extra values."""
    formatted = logging.Formatter("%(name)s %(levelname)s %(message)s").format(record)
    extra = {k: v for k, v in record.__dict__.items() if k not in _NOT_LOGGED}
    return formatted + "\n" + repr(extra)


# --- the world ----------------------------------------------------------------------------


@dataclass
class World:
    units: dict[str, AdministrativeUnit]
    agencies: dict[str, Agency]
    users: dict[str, User]
    clients: dict[str, Client]
    keys: dict[str, str]  # API keys by user label
    open311_key: str
    denunciation: Petition  # A at Ba Đình: accepted, assigned, in verification
    forwarded: Petition  # copy of A sent by Ba Đình (status forwarded)
    received_copy: Petition  # the same copy as received by the provincial inspectorate
    refused: Petition  # another copy of A, not accepted
    portal: Petition  # B, sent through the portal while signed in
    anonymous: Petition  # a denunciation without a name
    ordinary: list[Petition]
    report_id: int
    session_id: int
    log: Collector
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def protected(self) -> list[Petition]:
        return [self.denunciation, self.forwarded, self.received_copy, self.refused, self.portal]


_phones = iter(range(100, 999))


def _phone() -> str:
    return f"0933400{next(_phones):03d}"


def staff_client(user: User) -> Client:
    client = verified_client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def citizen_client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _staff(label: str, role: str, agency: Agency, **grant: Any) -> User:
    user = create_user(
        actor=None,
        phone=_phone(),
        email=f"{label}@coquan.example.vn",
        full_name=STAFF_NAMES[label],
        password=PASSWORD,
        check_password_strength=False,
    )
    grant_role(actor=None, user=user, role=role, agency=agency, **grant)
    return User.objects.get(pk=user.pk)


STAFF_NAMES = {
    "officer": "Trần Thị Bình",
    "handler": "Lê Văn Cường",
    "handler_other": "Phan Văn Đức",
    "leader": "Phạm Thị Dung",
    "board_member": "Nguyễn Văn An",
    "province_leader": "Đỗ Văn Hải",
    "monitor": "Vũ Thị Giang",
    "inspector_head": "Đỗ Thị Lan",
    "inspector": "Ngô Văn Khoa",
    "other_commune": "Mai Thị Hằng",
    "admin": "Quản Trị Viên",
}


def portal_form(**extra: str) -> dict[str, str]:
    from danvan.portal.challenge import token_for

    return {
        "challenge": token_for(5),
        "answer": "5",
        "key": str(uuid.uuid4()),
        **extra,
    }


def run(fn: Any, **kwargs: Any) -> Any:
    """Run one service call with its post-commit work (notifications, e-mails) done at
    once, as after a real commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(**kwargs)


def _denunciation_draft(identity: Identity, subject: str) -> PetitionDraft:
    return PetitionDraft(
        kind="denunciation",
        subject=subject,
        content=(
            "Tố cáo ông Trần Văn Bịtố, cán bộ địa chính phường, nhận tiền của người dân "
            "khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất năm 2026."
        ),
        petitioner_name=identity.name,
        petitioner_address=identity.address,
        petitioner_phone=identity.phone_typed,
        petitioner_email=identity.email,
        petitioner_citizen_id=identity.citizen_id,
    )


def _post(client: Client, url: str, data: dict[str, Any] | None = None) -> HttpResponseBase:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return response


def build_world() -> World:
    """Everything the scan needs; runs with the root logger collecting at DEBUG."""
    collector = Collector()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(collector)
    root.setLevel(logging.DEBUG)
    try:
        return _build(collector)
    finally:
        root.removeHandler(collector)
        root.setLevel(old_level)


def _build(collector: Collector) -> World:
    sync_official_units(actor=None, rows=SMALL_LIST)
    ensure_standard_agencies(actor=None)

    def unit(code: str) -> AdministrativeUnit:
        return AdministrativeUnit.objects.get(scheme="vn2025", code=code)

    units = {
        "hanoi": unit("01"),
        "ba_dinh": unit("00004"),
        "ngoc_ha": unit("00008"),
        "bac_ly": unit("13432"),
    }
    agencies = {
        "ba_dinh": Agency.objects.get(unit=units["ba_dinh"], kind="ubnd"),
        "ngoc_ha": Agency.objects.get(unit=units["ngoc_ha"], kind="ubnd"),
        "hanoi": Agency.objects.get(unit=units["hanoi"], kind="ubnd"),
        "inspectorate": Agency.objects.get(unit=units["hanoi"], kind="thanh_tra"),
        "bac_ly": Agency.objects.get(unit=units["bac_ly"], kind="ubnd"),
    }
    ba_dinh = agencies["ba_dinh"]
    users = {
        "officer": _staff("officer", Role.RECEPTION_OFFICER, ba_dinh),
        "handler": _staff("handler", Role.CASE_HANDLER, ba_dinh),
        "handler_other": _staff("handler_other", Role.CASE_HANDLER, ba_dinh),
        "leader": _staff("leader", Role.LEADER, ba_dinh),
        "board_member": _staff("board_member", Role.BOARD_MEMBER, ba_dinh),
        "province_leader": _staff("province_leader", Role.LEADER, agencies["hanoi"]),
        "monitor": _staff("monitor", Role.MONITOR, agencies["inspectorate"]),
        "inspector_head": _staff(
            "inspector_head", Role.LEADER, agencies["inspectorate"], covers_subtree=False
        ),
        "inspector": _staff("inspector", Role.CASE_HANDLER, agencies["inspectorate"]),
        "other_commune": _staff("other_commune", Role.LEADER, agencies["ngoc_ha"]),
    }
    users["admin"] = create_system_admin(
        actor=None,
        phone=_phone(),
        email="admin@coquan.example.vn",
        full_name=STAFF_NAMES["admin"],
        password=PASSWORD,
    )
    users["citizen"] = create_user(
        actor=None, phone=_phone(), full_name="Đinh Thị Mai", password=PASSWORD
    )
    grant_role(actor=None, user=users["citizen"], role=Role.CITIZEN)
    # The portal denouncer's own account: their name and phone, as they signed up.
    users["denouncer"] = create_user(
        actor=None,
        phone=IDENTITY_B.phone_typed,
        full_name=IDENTITY_B.name,
        password=PASSWORD,
    )
    program = create_user(actor=None, phone=_phone(), full_name="Ứng dụng phản ánh")
    open311_key = issue_token(actor=None, user=program, name="Ứng dụng thử")[1]

    clients = {
        label: staff_client(user)
        for label, user in users.items()
        if label not in ("citizen", "denouncer")
    }
    clients["citizen"] = citizen_client(users["citizen"])
    clients["denouncer"] = citizen_client(users["denouncer"])
    clients["anonymous"] = citizen_client(None)
    keys = {
        label: issue_token(actor=None, user=user, name=f"khoa {label}")[1]
        for label, user in users.items()
        if label not in ("citizen", "denouncer")
    }

    officer, handler, leader = users["officer"], users["handler"], users["leader"]

    # A: a denunciation by post, taken to verification by the assigned handler.
    a = run(
        petitions.receive_petition,
        actor=officer,
        agency=ba_dinh,
        draft=_denunciation_draft(IDENTITY_A, "Tố cáo cán bộ địa chính nhận tiền"),
        channel="post",
    )
    a = run(petitions.classify, actor=officer, petition=a, expected_version=a.version)
    a = run(petitions.accept, actor=leader, petition=a, expected_version=a.version)
    a = run(petitions.assign, actor=leader, petition=a, handler=handler, expected_version=a.version)
    a = run(petitions.start_verification, actor=handler, petition=a, expected_version=a.version)

    # A copy of the same paper sent by e-mail, forwarded to the provincial inspectorate.
    copy = run(
        petitions.receive_petition,
        actor=officer,
        agency=ba_dinh,
        draft=_denunciation_draft(IDENTITY_A, "Tố cáo cán bộ địa chính (bản gửi kèm)"),
        channel="email",
    )
    forwarded = run(
        petitions.forward,
        actor=officer,
        petition=copy,
        to_agency=agencies["inspectorate"],
        expected_version=copy.version,
        reason="Thuộc thẩm quyền của Thanh tra thành phố",
    )
    received_copy = Petition.objects.get(transferred_from=forwarded)

    # A third copy, by hotline, not accepted.
    third = run(
        petitions.receive_petition,
        actor=officer,
        agency=ba_dinh,
        draft=_denunciation_draft(IDENTITY_A, "Tố cáo cán bộ địa chính (gọi đường dây nóng)"),
        channel="hotline",
    )
    third = run(petitions.classify, actor=officer, petition=third, expected_version=third.version)
    refused = run(
        petitions.refuse,
        actor=leader,
        petition=third,
        expected_version=third.version,
        reason="Điều 23 Luật Tố cáo: nội dung đã được giải quyết",
    )

    # B: a denunciation through the portal by a signed-in citizen.
    _post(
        clients["denouncer"],
        f"/cong-dan/gui/{units['ba_dinh'].code}/",
        portal_form(
            kind="denunciation",
            subject="Tố cáo trưởng thôn thu tiền sai quy định",
            content="Trưởng thôn thu tiền làm đường của các hộ gia đình không có biên lai.",
            full_name=IDENTITY_B.name,
            phone=IDENTITY_B.phone_typed,
            email=IDENTITY_B.email,
            address=IDENTITY_B.address,
        ),
    )
    portal = Petition.objects.get(subject="Tố cáo trưởng thôn thu tiền sai quy định")
    portal = run(petitions.classify, actor=officer, petition=portal, expected_version=1)

    anonymous = run(
        petitions.receive_petition,
        actor=officer,
        agency=ba_dinh,
        draft=PetitionDraft(
            kind="denunciation",
            subject="Tố cáo không ký tên về việc lấn chiếm đất công",
            content="Một hộ dân lấn chiếm đất công ở đầu ngõ 5 để xây quán.",
            is_anonymous=True,
        ),
        channel="post",
    )

    # Ordinary petitions beside them, so that every list has rows.
    complaint = run(
        petitions.receive_petition,
        actor=officer,
        agency=ba_dinh,
        draft=PetitionDraft(
            kind="complaint",
            subject="Khiếu nại quyết định thu hồi đất",
            content="Khiếu nại quyết định thu hồi đất của Ủy ban nhân dân phường.",
            petitioner_name="Nguyễn Văn Khiếu",
            petitioner_address="12 Phố Đội Cấn",
            petitioner_phone="0988 100 200",
        ),
        channel="post",
    )
    complaint = run(
        petitions.classify, actor=officer, petition=complaint, expected_version=complaint.version
    )
    complaint = run(
        petitions.accept, actor=leader, petition=complaint, expected_version=complaint.version
    )
    feedback = run(
        petitions.receive_petition,
        actor=users["other_commune"],
        agency=agencies["ngoc_ha"],
        draft=PetitionDraft(
            kind="feedback",
            subject="Đèn đường hỏng",
            content="Đèn chiếu sáng ở ngõ 3 hỏng đã lâu.",
            petitioner_name="Lê Thị Bên",
        ),
        channel="hotline",
    )
    _post(
        clients["citizen"],
        f"/cong-dan/gui/{units['ba_dinh'].code}/",
        portal_form(
            kind="feedback",
            subject="Rác thải ùn ứ ở chợ",
            content="Rác ở cổng chợ không được thu gom ba ngày nay.",
            full_name="Đinh Thị Mai",
            phone="0977 123 456",
        ),
    )
    citizen_feedback = Petition.objects.get(subject="Rác thải ùn ứ ở chợ")

    # The two who may read A's identity do so once each, as they would at work.
    for label in ("handler", "leader"):
        _post(
            clients[label],
            f"/staff/petitions/{a.pk}/identity/",
            {"reason": "Cần liên hệ để xác minh"},
        )

    # Every letter each of them can have, issued from the case page.
    for petition, issuer in (
        (a, "officer"),
        (forwarded, "officer"),
        (received_copy, "inspector_head"),
        (refused, "officer"),
        (portal, "officer"),
    ):
        from danvan.petitions.letters import available_letters

        for kind in available_letters(petition):
            _post(clients[issuer], f"/staff/petitions/{petition.pk}/letters/{kind}/")

    # The receiving inspectorate recognises the forwarded copy as a copy of A (staff of
    # the other body are notified), and the daily watch later finds cases overdue.
    from danvan.cases.services import confirm_link
    from danvan.petitions.tasks import watch_deadlines

    run(
        confirm_link,
        actor=users["province_leader"],
        petition=received_copy,
        other=a,
        kind="copy",
    )
    run(watch_deadlines, today=date(2027, 6, 1))

    session_id, report_id = _reception_and_report(agencies, users)
    # An export by someone else, so that each scanned user also tries another's job.
    with TestCase.captureOnCommitCallbacks(execute=True):
        clients["leader"].post("/staff/exports/", {"list": "petitions.queue", "format": "csv"})

    return World(
        units=units,
        agencies=agencies,
        users=users,
        clients=clients,
        keys=keys,
        open311_key=open311_key,
        denunciation=Petition.objects.get(pk=a.pk),
        forwarded=Petition.objects.get(pk=forwarded.pk),
        received_copy=Petition.objects.get(pk=received_copy.pk),
        refused=Petition.objects.get(pk=refused.pk),
        portal=Petition.objects.get(pk=portal.pk),
        anonymous=anonymous,
        ordinary=[complaint, feedback, citizen_feedback],
        report_id=report_id,
        session_id=session_id,
        log=collector,
    )


def _reception_and_report(agencies: dict[str, Agency], users: dict[str, User]) -> tuple[int, int]:
    from danvan.reception.models import SessionKind
    from danvan.reception.services import VisitInput, open_session, record_visit
    from danvan.reports import services as reports
    from danvan.reports.forms_catalog import get_form
    from danvan.reports.periodic_periods import reporting_period

    session = run(
        open_session,
        actor=users["officer"],
        agency=agencies["ba_dinh"],
        kind=SessionKind.REGULAR,
        held_on=date(2026, 11, 2),
    )
    run(
        record_visit,
        actor=users["officer"],
        session=session,
        visit=VisitInput(
            full_name="Lê Thị Cúc",
            content="Hỏi về thủ tục cấp giấy chứng nhận",
            handling="explained",
        ),
    )
    form = get_form("TH-KQXL", "1")
    assert form is not None
    report = reports.draft_report(
        actor=None,
        agency=agencies["inspectorate"],
        form=form,
        period=reporting_period(kind="quarterly", year=2026, number=3),
    )
    report = reports.update_narrative(
        actor=None,
        report=report,
        text="Kết quả giải quyết khiếu nại, tố cáo trong quý đạt yêu cầu.",
        expected_version=report.version,
    )
    report = run(reports.issue_report, actor=None, report=report, expected_version=report.version)
    return session.pk, report.pk


def petition_content_type_id() -> int:
    return ContentType.objects.get_for_model(Petition).pk
