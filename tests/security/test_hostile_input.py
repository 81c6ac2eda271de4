"""Hostile input against every form and upload: never a server error, a clear message for
what is refused, nothing stored for it, Vietnamese stored as NFC whatever the sender's
normalisation, and injected markup shown as text wherever the stored value appears.

Two layers:

* every form class of every app (``danvan.*.forms``) is bound with hostile values in all
  its fields, also Hypothesis-generated text, and must validate without raising;
* the pages that accept text or files from citizens and officials are posted to for
  real, and the pages that show what they stored are read back.
"""

from __future__ import annotations

import time
import unicodedata
import uuid
from datetime import date
from typing import Any

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.consultations.models import Comment, Consultation, DraftSection
from danvan.decisions.models import Household
from danvan.documents.models import Attachment
from danvan.petitions.models import Category, Petition
from danvan.units.models import AdministrativeUnit, Agency
from danvan.units.services import add_village
from tests.consultations.conftest import STRUCTURED, make_consultation
from tests.portal.test_portal import solved_challenge
from tests.security.hostile import (
    DATE_PAYLOADS,
    IMG_ONERROR,
    MALFORMED_UTF8,
    NUMBER_PAYLOADS,
    SCRIPT,
    TEXT_PAYLOADS,
    UNDECODABLE,
    VIETNAMESE_NFC,
    VIETNAMESE_NFD,
    assert_refused_with_message,
    assert_safe_answer,
    disguised_files,
    form_classes,
    post_raw_multipart,
    post_raw_urlencoded,
    required_keywords,
    zip_bomb,
    zip_of_many_parts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        yield


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


_address = iter(range(1, 60000))


def fresh_address() -> str:
    """Each portal POST from its own address, so the hourly limit per sender stays out of
    the way."""
    n = next(_address)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def is_nfc(value: str) -> bool:
    return unicodedata.is_normalized("NFC", value)


# --- layer 1: every form class -------------------------------------------------------------

_UNIT_KWARGS = {"communes", "villages", "provinces"}
_STANDARD = {AdministrativeUnit, Agency, User, Category}


def _kwargs_for(form_class: type[forms.Form]) -> dict[str, Any]:
    """Constructor arguments for a form: querysets of the models its choice fields use."""
    models = {
        field.queryset.model
        for field in form_class.base_fields.values()
        if isinstance(field, forms.ModelChoiceField)
    }
    special = [m for m in models if m not in _STANDARD]
    kwargs: dict[str, Any] = {}
    for name in required_keywords(form_class):
        value: Any
        if name in _UNIT_KWARGS:
            value = AdministrativeUnit.objects.all()
        elif name == "agencies":
            value = Agency.objects.all()
        elif name in ("accounts", "leaders", "handlers"):
            value = User.objects.all()
        elif name == "today":
            value = date(2026, 11, 25)
        elif name == "default":
            value = 28
        else:
            # The one model of the form's own app (members, visits, questions, ...).
            assert len(special) == 1, (form_class, name, special)
            value = special[0]._default_manager.all()
        kwargs[name] = value
    return kwargs


def _bind(form_class: type[forms.Form], value: str, files: dict[str, Any]) -> forms.Form:
    kwargs = _kwargs_for(form_class)
    if issubclass(form_class, AuthenticationForm):
        # Sign-in throttling needs the request the credentials came with.
        kwargs["request"] = RequestFactory().post("/accounts/login/")
    form = form_class(data=None, **kwargs)
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.MultipleChoiceField):
            data[key] = [value, value]
        elif not isinstance(field, forms.FileField):
            data[key] = value
    bound = form_class(data=data, files=files, **kwargs)
    return bound


def _check_form(form: forms.Form) -> None:
    form.is_valid()  # must not raise
    for field, errors in form.errors.items():
        for error in errors:
            assert isinstance(error, str), (type(form), field)
            assert error.strip(), (type(form), field)
            assert "Traceback" not in error
    for name, value in (form.cleaned_data if hasattr(form, "cleaned_data") else {}).items():
        if isinstance(value, str):
            assert "\x00" not in value, (type(form), name)


def test_every_form_class_survives_every_hostile_value(tree: Any) -> None:
    classes = form_classes()
    assert len(classes) > 60  # every app's forms were found
    values = [*TEXT_PAYLOADS.values(), *NUMBER_PAYLOADS, *DATE_PAYLOADS]
    disguised = list(disguised_files().values())
    for form_class in classes:
        file_fields = [
            n for n, f in form_class.base_fields.items() if isinstance(f, forms.FileField)
        ]
        for n, value in enumerate(values):
            name, content = disguised[n % len(disguised)]
            files = {f: SimpleUploadedFile(name, content) for f in file_fields}
            _check_form(_bind(form_class, value, files))


# The largest value any integer column of the supported databases holds.
DATABASE_INT_MAX = 2**63 - 1


def test_every_integer_field_has_a_bound_the_database_can_hold() -> None:
    """An unbounded IntegerField lets "99999999999999999999" through the form and the
    database then fails with a server error (SQLite: OverflowError; PostgreSQL: integer
    out of range)."""
    unbounded = []
    for form_class in form_classes():
        for name, field in form_class.base_fields.items():
            if (
                isinstance(field, forms.IntegerField)
                and not isinstance(field, forms.FloatField | forms.DecimalField)
                and (field.max_value is None or field.max_value > DATABASE_INT_MAX)
            ):
                unbounded.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert not unbounded, unbounded


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(min_size=0, max_size=400))
def test_generated_text_never_breaks_a_form(tree: Any, text: str) -> None:
    for form_class in form_classes():
        _check_form(_bind(form_class, text, {}))


# --- layer 2: the citizen's petition form ----------------------------------------------------


@pytest.fixture
def leader(tree: Any, make_user: Any) -> User:
    user: User = make_user(Role.LEADER, tree.agency(tree.ba_dinh), full_name="Lê Văn Lãnh")
    return user


@pytest.fixture
def leader_client(leader: User, client_for: Any) -> Client:
    return english(client_for(leader))


def portal_form(**extra: Any) -> dict[str, Any]:
    return {
        **solved_challenge(),
        "key": str(uuid.uuid4()),
        "kind": "feedback",
        "subject": "Đèn chiếu sáng ngõ 12 bị hỏng",
        "content": "Đèn chiếu sáng ở ngõ 12 đã hỏng hơn một tháng.",
        "full_name": "Võ Thị Thu",
        "phone": "0987 111 222",
        **extra,
    }


PORTAL_TEXT_FIELDS = ("subject", "content", "full_name", "address", "location_address")


def test_portal_petition_with_hostile_text(tree: Any, leader_client: Client) -> None:
    """Each payload in each text field: refused with a message and nothing stored, or
    stored as NFC and shown as text on the tracking page and the official's page."""
    url = reverse("portal:submit", kwargs={"code": tree.ba_dinh.code})
    client = english(Client())
    stored = refused = 0
    for label, payload in TEXT_PAYLOADS.items():
        for field in PORTAL_TEXT_FIELDS:
            before = Petition.objects.count()
            response = client.post(
                url, portal_form(**{field: payload}), REMOTE_ADDR=fresh_address()
            )
            context = f"{label} in {field}"
            if response.status_code != 302:
                assert_refused_with_message(response, context=context)
                assert Petition.objects.count() == before, context
                refused += 1
                continue
            stored += 1
            petition = Petition.objects.latest("pk")
            for name in ("subject", "content", "petitioner_name", "location_address"):
                value = getattr(petition, name)
                assert is_nfc(value), (context, name)
                assert "\x00" not in value, (context, name)
            case = client.get(
                reverse("portal:case", kwargs={"tracking_code": petition.tracking_code})
            )
            assert_safe_answer(case, context=context)
            detail = leader_client.get(reverse("petitions:detail", kwargs={"pk": petition.pk}))
            body = assert_safe_answer(detail, context=context)
            if label == "script" and field in ("subject", "content"):
                assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, context
    # Both outcomes happen: the NUL byte and the 120,000-character subject are refused,
    # the injection strings are kept as the citizen wrote them.
    assert stored
    assert refused
    queue = leader_client.get(reverse("petitions:queue"))
    assert_safe_answer(queue, context="queue")
    assert "&lt;script&gt;" in queue.content.decode()


def test_portal_nfd_input_is_stored_as_nfc(tree: Any) -> None:
    url = reverse("portal:submit", kwargs={"code": tree.ba_dinh.code})
    response = english(Client()).post(
        url,
        portal_form(subject=VIETNAMESE_NFD, content=VIETNAMESE_NFD, full_name=VIETNAMESE_NFD),
        REMOTE_ADDR=fresh_address(),
    )
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.subject == VIETNAMESE_NFC
    assert petition.content == VIETNAMESE_NFC
    assert petition.petitioner_name == VIETNAMESE_NFC


def test_portal_raw_bytes_that_are_not_utf8(tree: Any) -> None:
    url = reverse("portal:submit", kwargs={"code": tree.ba_dinh.code})
    client = english(Client())
    fields: dict[str, bytes | str] = {**portal_form()}
    for name in ("subject", "content", "full_name", "kind", "key", "answer"):
        raw = {**fields, name: MALFORMED_UTF8}
        for post in (post_raw_urlencoded, post_raw_multipart):
            before = Petition.objects.count()
            response = post(client, url, raw)
            assert_safe_answer(response, context=f"{post.__name__} {name}")
            if response.status_code == 302:
                petition = Petition.objects.latest("pk")
                assert is_nfc(petition.subject)
                assert is_nfc(petition.content)
            else:
                assert Petition.objects.count() == before
    # A field name that is not UTF-8 either.
    response = post_raw_urlencoded(client, url, {b"\xff\xfe": b"x", **fields})
    assert_safe_answer(response, context="field name")


def test_portal_out_of_range_numbers(tree: Any) -> None:
    url = reverse("portal:submit", kwargs={"code": tree.ba_dinh.code})
    client = english(Client())
    for value in [*NUMBER_PAYLOADS, "91", "-181", "12.1234567"]:
        response = client.post(
            url, portal_form(latitude=value, longitude=value), REMOTE_ADDR=fresh_address()
        )
        assert_safe_answer(response, context=f"latitude {value}")
        if response.status_code == 302:
            petition = Petition.objects.latest("pk")
            assert petition.latitude is not None, value
            assert -90 <= petition.latitude <= 90, value
        else:
            assert_refused_with_message(response, context=f"latitude {value}")


# --- layer 2: files ------------------------------------------------------------------------


def test_portal_refuses_disguised_oversized_and_bomb_files(tree: Any) -> None:
    url = reverse("portal:submit", kwargs={"code": tree.ba_dinh.code})
    client = english(Client())
    cases = dict(disguised_files())
    cases["oversized"] = ("to.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 1))
    cases["zip-bomb-docx"] = ("bom.docx", zip_bomb())
    cases["zip-bomb-xlsx"] = ("bom.xlsx", zip_bomb())
    cases["many-parts-docx"] = ("nhieu.docx", zip_of_many_parts())
    cases["script-name"] = (f"{SCRIPT}.exe", b"MZ" + b"\x00" * 100)
    for label, (name, content) in cases.items():
        started = time.monotonic()
        response = client.post(
            url,
            {**portal_form(), "attachments": SimpleUploadedFile(name, content)},
            REMOTE_ADDR=fresh_address(),
        )
        elapsed = time.monotonic() - started
        body = assert_refused_with_message(response, context=label)
        assert Petition.objects.count() == 0, label
        assert Attachment.objects.count() == 0, label
        # The archive is judged by its directory, not by expanding it.
        assert elapsed < 15, (label, elapsed)
        assert "Files are not kept" in body or "attach" in body.lower(), label


# --- layer 2: the official's intake form ------------------------------------------------------


def intake_form(tree: Any, **extra: Any) -> dict[str, Any]:
    return {
        "agency": tree.agency(tree.ba_dinh).pk,
        "kind": "complaint",
        "channel": "post",
        "received_on": "02/11/2026",
        "subject": "Khiếu nại về đền bù đất",
        "content": "Gia đình tôi chưa nhận được tiền đền bù.",
        "petitioner_name": "Phạm Văn Dân",
        "signer_count": "1",
        **extra,
    }


def test_intake_with_hostile_text_dates_and_numbers(
    tree: Any, make_user: Any, client_for: Any
) -> None:
    officer = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh))
    client = english(client_for(officer))
    url = reverse("petitions:intake")
    for label, payload in TEXT_PAYLOADS.items():
        for field in ("subject", "content", "petitioner_name", "petitioner_address"):
            before = Petition.objects.count()
            response = client.post(url, intake_form(tree, **{field: payload}))
            context = f"{label} in {field}"
            if response.status_code == 302:
                petition = Petition.objects.latest("pk")
                assert is_nfc(petition.subject), context
                assert is_nfc(petition.content), context
                page = client.get(reverse("petitions:detail", kwargs={"pk": petition.pk}))
                assert_safe_answer(page, context=context)
            else:
                assert_refused_with_message(response, context=context)
                assert Petition.objects.count() == before, context
    for value in DATE_PAYLOADS:
        response = client.post(url, intake_form(tree, received_on=value))
        assert_refused_with_message(response, context=f"date {value}")
    for value in [*NUMBER_PAYLOADS, "2147483648", "-5"]:
        before = Petition.objects.count()
        response = client.post(url, intake_form(tree, signer_count=value))
        if response.status_code != 302:
            assert_refused_with_message(response, context=f"signers {value}")
            assert Petition.objects.count() == before
    for value in ("999999", "abc", "-1", "' OR 1=1 --"):
        response = client.post(url, intake_form(tree, agency=value))
        assert_refused_with_message(response, context=f"agency {value}")
    assert_safe_answer(client.get(reverse("petitions:queue")), context="queue")


# --- layer 2: consultations: draft import and public comments -----------------------------


def test_draft_import_refuses_bombs_and_disguised_files(
    tree: Any, leader: User, leader_client: Client
) -> None:
    consultation = make_consultation(tree)
    url = reverse("consultations:detail", kwargs={"pk": consultation.pk})
    cases = {
        **disguised_files(),
        "zip-bomb": ("du-thao.docx", zip_bomb()),
        "many-parts": ("du-thao.docx", zip_of_many_parts()),
        "not-utf8-txt": ("du-thao.txt", MALFORMED_UTF8 * 10),
        "pdf-garbage": ("du-thao.pdf", b"%PDF-1.7\n" + b"\xff" * 2000),
    }
    for label, (name, content) in cases.items():
        started = time.monotonic()
        response = leader_client.post(url, {"upload": SimpleUploadedFile(name, content)})
        assert time.monotonic() - started < 15, label
        assert_refused_with_message(response, context=label)
        assert not DraftSection.objects.filter(consultation=consultation).exists(), label
    # A text with markup in it is kept as text and shown escaped.
    text = STRUCTURED.replace("Phạm vi điều chỉnh", f"Phạm vi {SCRIPT} {IMG_ONERROR}")
    response = leader_client.post(url, {"text": unicodedata.normalize("NFD", text)})
    assert response.status_code == 302
    labels = DraftSection.objects.filter(consultation=consultation)
    assert labels.exists()
    for section in labels:
        assert is_nfc(section.heading)
        assert is_nfc(section.text)
    body = assert_safe_answer(leader_client.get(url), context="draft page")
    assert "&lt;script&gt;" in body


@pytest.fixture
def open_consultation(tree: Any) -> Consultation:
    from danvan.consultations import services

    consultation = make_consultation(tree)
    services.import_draft(actor=None, consultation=consultation, text=STRUCTURED)
    return services.open_consultation(actor=None, consultation=consultation)


def comment_data(**extra: Any) -> dict[str, Any]:
    challenge = solved_challenge()
    return {
        "target": "whole",
        "whole-key": str(uuid.uuid4()),
        "whole-challenge": challenge["challenge"],
        "whole-answer": challenge["answer"],
        "whole-position": "propose",
        "whole-text": "Đề nghị bổ sung.",
        **{f"whole-{k}": v for k, v in extra.items()},
    }


def test_public_comment_with_hostile_text(
    tree: Any, open_consultation: Consultation, leader_client: Client
) -> None:
    url = reverse("public_consultations:detail", kwargs={"pk": open_consultation.pk})
    client = english(Client())
    for label, payload in TEXT_PAYLOADS.items():
        for field in ("text", "author_name"):
            before = Comment.objects.count()
            response = client.post(
                url, comment_data(**{field: payload}), REMOTE_ADDR=fresh_address()
            )
            context = f"{label} in {field}"
            if response.status_code == 302:
                comment = Comment.objects.latest("pk")
                assert is_nfc(comment.text), context
                assert is_nfc(comment.author_name), context
                assert "\x00" not in comment.text
            elif response.status_code == 429:
                continue
            else:
                assert_refused_with_message(response, context=context)
                assert Comment.objects.count() == before, context
    assert Comment.objects.exists()
    public = assert_safe_answer(client.get(url), context="public page")
    staff = leader_client.get(
        reverse("consultations:comments", kwargs={"pk": open_consultation.pk})
    )
    staff_body = assert_safe_answer(staff, context="staff comments")
    assert "&lt;script&gt;" in staff_body or "&lt;script&gt;" in public


def test_nfd_search_finds_nfc_text(
    tree: Any, open_consultation: Consultation, leader_client: Client
) -> None:
    from danvan.consultations import services

    services.submit_comment(
        consultation=open_consultation,
        section=None,
        position="propose",
        text=VIETNAMESE_NFC,
        key=uuid.uuid4(),
    )
    url = reverse("consultations:comments", kwargs={"pk": open_consultation.pk})
    found = leader_client.get(url, {"q": unicodedata.normalize("NFD", "ngập sâu")})
    assert_safe_answer(found)
    assert VIETNAMESE_NFC in found.content.decode()
    missing = leader_client.get(url, {"q": "không có chữ này"})
    assert VIETNAMESE_NFC not in missing.content.decode()
    # The commune search of the portal, typed decomposed.
    page = english(Client()).get(
        reverse("portal:start"), {"q": unicodedata.normalize("NFD", "Bắc Lý")}
    )
    assert "Xã Bắc Lý" in page.content.decode()


# --- layer 2: CSV imports ------------------------------------------------------------------


def test_household_csv_import_with_hostile_files(
    tree: Any, leader: User, leader_client: Client
) -> None:
    village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
    url = reverse("decisions:village-import", kwargs={"pk": village.pk})
    refused = {
        "undecodable": b"HD01," + UNDECODABLE + b"\r\n",
        "nul": b"HD01,Nguy\x00en\n",
        "binary": zip_bomb(uncompressed_mb=2),
        "exe": disguised_files()["exe-as-jpg"][1],
        "oversized": b"HD,Ten\n" * 200_000,
    }
    for label, content in refused.items():
        response = leader_client.post(url, {"file": SimpleUploadedFile("ho.csv", content)})
        assert_refused_with_message(response, context=label)
        assert not Household.objects.filter(village=village).exists(), label
    # A BOM, CRLF line ends, decomposed Vietnamese and markup: accepted, stored clean.
    rows = (
        "\ufeffmã hộ,chủ hộ\r\n"
        f"HD01,{unicodedata.normalize('NFD', 'Nguyễn Văn Đông')}\r\n"
        f"HD02,{SCRIPT}\r\n"
        "HD03,=cmd|' /C calc'!A0\r\n"
    ).encode()
    response = leader_client.post(url, {"file": SimpleUploadedFile("ho.csv", rows)})
    assert response.status_code == 302, response.content.decode()[-4000:]
    households = {h.code: h for h in Household.objects.filter(village=village)}
    assert set(households) == {"HD01", "HD02", "HD03"}
    assert households["HD01"].head_name == "Nguyễn Văn Đông"
    page = leader_client.get(reverse("decisions:village", kwargs={"pk": village.pk}))
    body = assert_safe_answer(page, context="households page")
    assert "&lt;script&gt;" in body
    # Bytes that are not UTF-8 but are Windows-1258 (what old Vietnamese software saves):
    # read as such, stored as NFC.
    # (Windows-1258 writes "ễ" as "ê" followed by a combining tilde.)
    legacy = "HD04,Nguyê\u0303n Văn Tây\r\n".encode("cp1258")
    response = leader_client.post(url, {"file": SimpleUploadedFile("ho.csv", legacy)})
    assert response.status_code == 302
    assert Household.objects.get(village=village, code="HD04").head_name == "Nguyễn Văn Tây"
    # Pasted rows with raw bytes that are not UTF-8, in a urlencoded and a multipart body.
    for post in (post_raw_urlencoded, post_raw_multipart):
        response = post(leader_client, url, {"text": b"HD09," + MALFORMED_UTF8})
        assert_safe_answer(response, context="pasted bytes")
        for household in Household.objects.filter(village=village):
            assert is_nfc(household.head_name)


def test_village_csv_import_with_hostile_files(tree: Any, make_user: Any, client_for: Any) -> None:
    admin = make_user(Role.SYSTEM_ADMIN)
    client = english(client_for(admin))
    url = reverse("web:village-import", kwargs={"pk": tree.ba_dinh.pk})
    before = AdministrativeUnit.objects.count()
    for label, content in {
        "undecodable": b"name\n" + UNDECODABLE + b"\n",
        "nul": b"name\nTh\x00on\n",
        "html": disguised_files()["html-as-pdf"][1],
        "empty": b"",
        "oversized": b"name\n" + b"Thon A\n" * 200_000,
    }.items():
        response = client.post(url, {"file": SimpleUploadedFile("thon.csv", content)})
        assert_refused_with_message(response, context=label)
        assert AdministrativeUnit.objects.count() == before, label
    rows = f"\ufeffname\r\n{unicodedata.normalize('NFD', 'Thôn Đoài')}\r\n{SCRIPT}\r\n".encode()
    response = client.post(url, {"file": SimpleUploadedFile("thon.csv", rows)})
    assert response.status_code == 302
    assert AdministrativeUnit.objects.filter(name="Thôn Đoài", parent=tree.ba_dinh).exists()
    page = client.get(reverse("web:unit-detail", kwargs={"pk": tree.ba_dinh.pk}))
    body = assert_safe_answer(page, context="unit page")
    assert "&lt;script&gt;" in body


# --- layer 2: query strings and hidden values of every page ------------------------------

# Every name the views read from a query string or a posted form outside a form class.
QUERY_NAMES = [
    "action",
    "page",
    "next",
    "unit",
    "format",
    "commune",
    "to",
    "reason",
    "from",
    "year",
    "username",
    "topic",
    "target",
    "status",
    "show",
    "section",
    "rows",
    "q",
    "province",
    "phase",
    "overdue",
    "other_code",
    "other",
    "open",
    "month",
    "list",
    "kind",
    "flag",
    "figure",
    "channel",
    "api_key",
]
# Digits that are not ASCII ("²".isdigit() is true, int("²") fails), numbers too large
# for any column, a NUL, markup, injection and an impossible date.
QUERY_VALUES = ("²", "9" * 25, "-1", "\x00", SCRIPT, "' OR 1=1 --", "31/02/2026", "2026-02-31")


def test_every_page_survives_hostile_query_strings(
    tree: Any, make_user: Any, client_for: Any
) -> None:
    from tests.security.test_headers_and_csrf import every_route

    leader = make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True)
    officer = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh))
    clients = [english(client_for(leader)), english(client_for(officer)), english(Client())]
    for client in clients:
        client.raise_request_exception = False  # collect every failure, not the first
    routes = [url for url, _name, _cb in every_route() if not url.startswith("/admin/")]
    # Pages of real objects too, beside the generated addresses of missing ones.
    routes += [
        reverse("web:unit-detail", kwargs={"pk": tree.ba_dinh.pk}),
        reverse("reports:dashboard", kwargs={"pk": tree.hanoi.pk}),
        reverse("portal:submit", kwargs={"code": tree.ba_dinh.code}),
    ]
    failures = []
    for value in QUERY_VALUES:
        query = dict.fromkeys(QUERY_NAMES, value)
        for url in routes:
            for client in clients:
                response = client.get(url, query)
                if response.status_code >= 500:
                    failures.append((url, repr(value), response.status_code))
    # The same names posted (outside any form class: reasons, targets, ids), with a NUL
    # that PostgreSQL cannot hold, non-ASCII digits and an overflowing number.
    for value in ("Lý do\x00", "²", "9" * 25):
        data = dict.fromkeys(QUERY_NAMES, value)
        for url in routes:
            for client in clients[:2]:
                response = client.post(url, data)
                if response.status_code >= 500:
                    failures.append((f"POST {url}", repr(value), response.status_code))
    assert not failures, "\n".join(sorted({f"{u} {v} {c}" for u, v, c in failures}))


def test_non_ascii_digits_in_posted_values(tree: Any, make_user: Any) -> None:
    """The check question and the comment target parse numbers that people type."""
    from danvan.accounts.forms import TokenForm
    from danvan.portal.challenge import check_answer

    assert check_answer(solved_challenge()["challenge"], "²") is False
    # Full-width digits are digits to str.isdigit() but no authenticator code.
    token = TokenForm(data={"token": "１２３４５６"})
    assert not token.is_valid()
    assert token.errors["token"] == ["The code has digits only."]
    consultation = make_consultation(tree)
    from danvan.consultations import services

    services.import_draft(actor=None, consultation=consultation, text=STRUCTURED)
    services.open_consultation(actor=None, consultation=consultation)
    url = reverse("public_consultations:detail", kwargs={"pk": consultation.pk})
    for target in ("²", "9" * 25, "-1", "\x00"):
        response = english(Client()).post(url, {**comment_data(), "target": target})
        assert response.status_code in (400, 404), (target, response.status_code)
    portal = english(Client()).post(
        reverse("portal:submit", kwargs={"code": tree.ba_dinh.code}),
        portal_form(answer="²"),
        REMOTE_ADDR=fresh_address(),
    )
    assert_refused_with_message(portal, context="answer ²")
    assert not Petition.objects.exists()


def test_nul_in_pdf_text_is_not_stored() -> None:
    from danvan.consultations.drafts import parse_draft

    sections = parse_draft("Điều 1. Phạm vi\x00 điều chỉnh\nNội dung\x00 thứ nhất.")
    assert sections
    for section in sections:
        assert "\x00" not in section.heading + section.text + section.label
