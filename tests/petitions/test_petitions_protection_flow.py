"""Denunciations as the law wants them handled: anonymous and impersonated ones are kept
but not processed (Luật Tố cáo 2018, Art. 25) and may become an inspection lead; a
forwarded denunciation takes its protected identity along; key rotation re-keys the
identity; the 0007 migration moved old identities off the petition rows; letters never
name the denouncer."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import translation

from danvan.audit.models import AuditEntry
from danvan.core import crypto
from danvan.core.crypto import lookup_digest
from danvan.core.text import fold
from danvan.petitions import protection
from danvan.petitions import services as petitions
from danvan.petitions.letters import issue_letter
from danvan.petitions.models import ClockState, Petition, ProtectedIdentity, Status
from tests.petitions.conftest import Staff, receive_one
from tests.petitions.conftest_protection import IDENTITY_A, leaks_in, needles_of, text_of_bytes

ON = "2026-03-02"
ART_25 = "not handled as a denunciation (Luật Tố cáo 2018, Art. 25)"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client_for: Callable[[Any], Client]) -> Callable[[Any], Client]:
    def build(user: Any) -> Client:
        client = client_for(user)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return build


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def named(staff: Staff, agency: Any, **extra: Any) -> Petition:
    """A denunciation with A's identity, received by post."""
    values: dict[str, Any] = {
        "kind": "denunciation",
        "subject": "Tố cáo cán bộ địa chính nhận tiền",
        "petitioner_name": IDENTITY_A.name,
        "petitioner_address": IDENTITY_A.address,
        "petitioner_phone": IDENTITY_A.phone_typed,
        "petitioner_email": IDENTITY_A.email,
        "petitioner_citizen_id": IDENTITY_A.citizen_id,
        "on": ON,
    }
    values.update(extra)
    return receive_one(staff, agency, **values)


def anonymous(staff: Staff, agency: Any) -> Petition:
    return receive_one(
        staff, agency, kind="denunciation", petitioner_name="", is_anonymous=True, on=ON
    )


def messages_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(excinfo.value.messages)


def audit(petition: Petition, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(target_id=str(petition.pk), action=action))


# --- anonymous and impersonated denunciations (Art. 25) --------------------------------


def test_an_anonymous_denunciation_is_recorded_without_a_clock_or_an_identity(
    tree: Any, staff: Staff
) -> None:
    p = anonymous(staff, tree.agency(tree.ba_dinh))

    assert p.status == Status.RECEIVED
    assert p.is_anonymous
    assert not p.clocks.exists()
    assert p.next_due_on is None
    assert not ProtectedIdentity.objects.filter(petition=p).exists()
    assert audit(p, "petitions.receive")


def test_an_anonymous_denunciation_cannot_be_classified(tree: Any, staff: Staff) -> None:
    p = anonymous(staff, tree.agency(tree.ba_dinh))

    with pytest.raises(ValidationError) as excinfo:
        petitions.classify(actor=staff.officer, petition=p, expected_version=p.version)

    assert "Art. 25" in messages_of(excinfo)
    assert "inspection lead" in messages_of(excinfo)
    p.refresh_from_db()
    assert (p.status, p.version) == (Status.RECEIVED, 1)


def test_an_anonymous_denunciation_may_be_filed_with_a_reason(tree: Any, staff: Staff) -> None:
    p = anonymous(staff, tree.agency(tree.ba_dinh))
    with pytest.raises(ValidationError) as excinfo:
        petitions.file(actor=staff.officer, petition=p, expected_version=p.version, reason="  ")
    assert "reason" in excinfo.value.message_dict

    filed = petitions.file(
        actor=staff.officer, petition=p, expected_version=p.version, reason="Không rõ nội dung"
    )

    assert filed.status == Status.FILED


def test_an_anonymous_denunciation_becomes_an_inspection_lead(tree: Any, staff: Staff) -> None:
    p = anonymous(staff, tree.agency(tree.ba_dinh))
    with pytest.raises(ValidationError) as excinfo:
        petitions.make_lead(actor=staff.officer, petition=p, expected_version=p.version, reason="")
    assert "reason" in excinfo.value.message_dict

    lead = petitions.make_lead(
        actor=staff.officer,
        petition=p,
        expected_version=p.version,
        reason="Chuyển Thanh tra phường dùng cho đợt kiểm tra đất công quý II",
        effective_on=date.fromisoformat("2026-03-04"),
    )

    assert lead.status == Status.LEAD
    assert lead.closed_on == date.fromisoformat("2026-03-04")
    [entry] = audit(p, "petitions.make_lead")
    assert entry.actor_id == staff.officer.pk
    assert entry.after["status"] == Status.LEAD
    assert entry.reason.startswith("Chuyển Thanh tra phường")
    assert p.events.filter(action="make_lead", to_status=Status.LEAD).exists()


def test_making_a_lead_needs_an_intake_role(tree: Any, staff: Staff) -> None:
    p = anonymous(staff, tree.agency(tree.ba_dinh))

    with pytest.raises(PermissionDenied):
        petitions.make_lead(
            actor=staff.monitor, petition=p, expected_version=p.version, reason="Kiểm tra"
        )

    p.refresh_from_db()
    assert p.status == Status.RECEIVED


def test_an_impersonated_denunciation_stops_its_clocks_and_may_only_be_filed_or_a_lead(
    tree: Any, staff: Staff
) -> None:
    p = named(staff, tree.agency(tree.ba_dinh))
    assert {c.state for c in p.clocks.all()} == {ClockState.RUNNING}
    with pytest.raises(ValidationError) as excinfo:
        petitions.mark_impersonated(
            actor=staff.officer, petition=p, expected_version=p.version, reason=""
        )
    assert "reason" in excinfo.value.message_dict

    p = petitions.mark_impersonated(
        actor=staff.officer,
        petition=p,
        expected_version=p.version,
        reason="Người có tên trong đơn xác nhận không gửi đơn",
    )

    assert p.is_impersonated
    assert p.status == Status.RECEIVED
    assert {c.state for c in p.clocks.all()} == {ClockState.STOPPED}
    assert p.next_due_on is None
    assert audit(p, "petitions.mark_impersonated")
    from danvan.petitions.selectors import allowed_actions

    assert set(allowed_actions(staff.leader, p)) == {"file", "make_lead"}
    with pytest.raises(ValidationError) as excinfo:
        petitions.classify(actor=staff.officer, petition=p, expected_version=p.version)
    assert "Art. 25" in messages_of(excinfo)
    lead = petitions.make_lead(
        actor=staff.leader, petition=p, expected_version=p.version, reason="Dùng cho thanh tra"
    )
    assert lead.status == Status.LEAD


def test_an_impersonated_classified_denunciation_cannot_be_accepted(
    tree: Any, staff: Staff
) -> None:
    p = named(staff, tree.agency(tree.ba_dinh))
    p = petitions.classify(actor=staff.officer, petition=p, expected_version=p.version)
    p = petitions.mark_impersonated(
        actor=staff.officer, petition=p, expected_version=p.version, reason="Mạo danh"
    )

    with pytest.raises(ValidationError) as excinfo:
        petitions.accept(actor=staff.leader, petition=p, expected_version=p.version)

    assert "Art. 25" in messages_of(excinfo)
    p.refresh_from_db()
    assert p.status == Status.CLASSIFIED


def test_only_denunciations_can_be_marked_impersonated(tree: Any, staff: Staff) -> None:
    complaint = receive_one(staff, tree.agency(tree.ba_dinh), on=ON)

    with pytest.raises(ValidationError) as excinfo:
        petitions.mark_impersonated(
            actor=staff.officer, petition=complaint, expected_version=1, reason="Mạo danh"
        )

    assert "does not apply" in messages_of(excinfo)


def test_a_named_denunciation_is_not_turned_into_a_lead(tree: Any, staff: Staff) -> None:
    p = named(staff, tree.agency(tree.ba_dinh))

    with pytest.raises(ValidationError) as excinfo:
        petitions.make_lead(
            actor=staff.officer, petition=p, expected_version=p.version, reason="Thanh tra"
        )

    assert "Only an anonymous or impersonated denunciation" in messages_of(excinfo)
    p.refresh_from_db()
    assert p.status == Status.RECEIVED


@pytest.mark.parametrize("kind", ["complaint", "petition", "feedback"])
def test_other_kinds_are_not_turned_into_a_lead(tree: Any, staff: Staff, kind: str) -> None:
    p = receive_one(staff, tree.agency(tree.ba_dinh), kind=kind, on=ON)

    with pytest.raises(ValidationError) as excinfo:
        petitions.make_lead(actor=staff.officer, petition=p, expected_version=1, reason="x")

    assert "does not apply" in messages_of(excinfo)


def test_the_case_page_explains_article_25(
    tree: Any, staff: Staff, english_client: Callable[[Any], Client]
) -> None:
    agency = tree.agency(tree.ba_dinh)
    plain = named(staff, agency)
    impersonated = named(staff, agency, subject="Tố cáo mạo danh")
    impersonated = petitions.mark_impersonated(
        actor=staff.officer, petition=impersonated, expected_version=1, reason="Mạo danh"
    )
    unnamed = anonymous(staff, agency)
    officer = english_client(staff.officer)

    pages = {p.pk: officer.get(f"/staff/petitions/{p.pk}/") for p in (plain, impersonated, unnamed)}

    assert all(page.status_code == 200 for page in pages.values())
    bodies = {pk: page.content.decode() for pk, page in pages.items()}
    assert ART_25 in bodies[unnamed.pk]
    assert "Anonymous denunciation" in bodies[unnamed.pk]
    assert ART_25 in bodies[impersonated.pk]
    assert "Sent in another person&#x27;s name" in bodies[impersonated.pk]
    assert ART_25 not in bodies[plain.pk]
    # Only filing or a lead is offered; the ordinary first step is not.
    assert f"/staff/petitions/{unnamed.pk}/make_lead/" in bodies[unnamed.pk]
    assert f"/staff/petitions/{unnamed.pk}/classify/" not in bodies[unnamed.pk]
    assert f"/staff/petitions/{plain.pk}/make_lead/" not in bodies[plain.pk]
    assert f"/staff/petitions/{plain.pk}/classify/" in bodies[plain.pk]


def test_a_lead_through_the_page_needs_a_reason(
    tree: Any, staff: Staff, english_client: Callable[[Any], Client]
) -> None:
    p = anonymous(staff, tree.agency(tree.ba_dinh))
    officer = english_client(staff.officer)
    url = f"/staff/petitions/{p.pk}/make_lead/"

    empty = officer.post(url, {"make_lead-version": 1, "make_lead-effective_on": ON})
    done = officer.post(
        url,
        {
            "make_lead-version": 1,
            "make_lead-effective_on": ON,
            "make_lead-reason": "Dùng cho đợt thanh tra đất công",
        },
    )

    assert empty.status_code == 400
    assert done.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.LEAD


# --- forwarding takes the protected identity along ------------------------------------


def test_a_forwarded_denunciation_takes_its_identity_to_the_receiving_agency(
    tree: Any, staff: Staff, english_client: Callable[[Any], Client]
) -> None:
    inspectorate = tree.agency(tree.hanoi, "thanh_tra")
    sent = named(staff, tree.agency(tree.ba_dinh))
    sent = petitions.forward(
        actor=staff.officer,
        petition=sent,
        to_agency=inspectorate,
        expected_version=sent.version,
        reason="Thuộc thẩm quyền Thanh tra thành phố",
    )
    received = Petition.objects.get(transferred_from=sent)

    # The new row carries no identity either; its protected copy has all of it.
    for field in protection.IDENTITY_FIELDS:
        assert getattr(received, field) == "", field
    copy = ProtectedIdentity.objects.get(petition=received)
    original = ProtectedIdentity.objects.get(petition=sent)
    assert copy.pk != original.pk
    for field in ("name", "address", "phone", "email", "citizen_id", "person_key"):
        assert getattr(copy, field) == getattr(original, field), field
    for field in ("phone_digest", "citizen_id_digest", "person_digest"):
        assert getattr(copy, field) == getattr(original, field) != "", field
    [entry] = audit(received, "petitions.copy_denouncer_identity")
    assert entry.after == {"from": sent.tracking_code}
    assert not leaks_in(str(entry.after), needles_of(IDENTITY_A))

    # The receiving agency handles it: its head accepts and assigns an inspector.
    received = petitions.classify(
        actor=staff.inspector_head, petition=received, expected_version=received.version
    )
    received = petitions.accept(
        actor=staff.inspector_head, petition=received, expected_version=received.version
    )
    received = petitions.assign(
        actor=staff.inspector_head,
        petition=received,
        handler=staff.inspector,
        expected_version=received.version,
    )

    def identity_page(user: Any, petition: Petition) -> Any:
        return english_client(user).post(f"/staff/petitions/{petition.pk}/identity/")

    for user in (staff.inspector, staff.inspector_head):
        page = identity_page(user, received)
        assert page.status_code == 200
        assert IDENTITY_A.name in page.content.decode()
    # The sender's head still may for the sender's row; each side only for its own.
    old = identity_page(staff.leader, sent)
    assert old.status_code == 200
    assert IDENTITY_A.citizen_id in old.content.decode()
    assert identity_page(staff.leader, received).status_code == 403
    assert identity_page(staff.inspector, sent).status_code == 403
    assert identity_page(staff.officer, received).status_code == 403
    readers = {
        e.actor_id
        for e in AuditEntry.objects.filter(
            action="petitions.read_denouncer_identity", kind=AuditEntry.Kind.READ
        )
    }
    assert readers == {staff.inspector.pk, staff.inspector_head.pk, staff.leader.pk}


def test_an_anonymous_denunciation_is_not_forwarded_as_a_denunciation(
    tree: Any, staff: Staff
) -> None:
    p = anonymous(staff, tree.agency(tree.ba_dinh))

    with pytest.raises(ValidationError) as excinfo:
        petitions.forward(
            actor=staff.officer,
            petition=p,
            to_agency=tree.agency(tree.hanoi, "thanh_tra"),
            expected_version=p.version,
        )

    assert "Art. 25" in messages_of(excinfo)
    assert not Petition.objects.filter(transferred_from=p).exists()
    assert not ProtectedIdentity.objects.exists()


# --- key rotation ------------------------------------------------------------------------


@contextmanager
def field_keys(*keys: str) -> Iterator[None]:
    crypto._fernet.cache_clear()
    try:
        with override_settings(DANVAN_FIELD_KEYS=list(keys)):
            yield
    finally:
        crypto._fernet.cache_clear()


ENCRYPTED = ("name", "address", "phone", "email", "citizen_id", "person_key")
DIGESTS = ("phone_digest", "citizen_id_digest", "person_digest")


def raw_identity(petition: Petition) -> dict[str, str]:
    columns = ENCRYPTED + DIGESTS
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM petitions_protectedidentity "  # noqa: S608
            "WHERE petition_id = %s",
            [petition.pk],
        )
        row = cursor.fetchone()
    return dict(zip(columns, row, strict=True))


def only_with(key: str, token: str) -> str:
    return Fernet(key.encode()).decrypt(token.removeprefix("enc1:").encode()).decode()


def test_key_rotation_re_encrypts_the_identity_and_re_keys_its_digests(
    tree: Any, staff: Staff
) -> None:
    p = named(staff, tree.agency(tree.ba_dinh))
    before = raw_identity(p)
    for column in ENCRYPTED:
        assert before[column].startswith("enc1:"), column
    old = django_settings.DANVAN_FIELD_KEYS[0]
    new = Fernet.generate_key().decode()
    clear = {
        "name": IDENTITY_A.name,
        "address": IDENTITY_A.address,
        "phone": "+84" + IDENTITY_A.phone_digits,
        "email": IDENTITY_A.email,
        "citizen_id": IDENTITY_A.citizen_id,
        "person_key": protection.person_key(IDENTITY_A.name, IDENTITY_A.address),
    }

    with field_keys(new, old):
        out = StringIO()
        call_command("rotate_field_key", stdout=out)
        assert "petitions.ProtectedIdentity" in out.getvalue()

    after = raw_identity(p)
    for column in ENCRYPTED:
        assert after[column] != before[column], column
        assert after[column].startswith("enc1:"), column
        assert only_with(new, after[column]) == clear[column], column
        assert clear[column] not in after[column]
    with field_keys(new):
        # The old key can now go: the row reads back, and the digests are the new key's.
        identity = ProtectedIdentity.objects.get(petition=p)
        assert identity.name == IDENTITY_A.name
        assert identity.citizen_id == IDENTITY_A.citizen_id
        assert after["phone_digest"] == lookup_digest(clear["phone"])
        assert after["citizen_id_digest"] == lookup_digest(clear["citizen_id"])
        assert after["person_digest"] == lookup_digest(clear["person_key"])
    for column in DIGESTS:
        assert after[column] != before[column], column


# --- the 0007 migration -----------------------------------------------------------------

MIGRATION = "danvan.petitions.migrations.0007_protect_denouncers"


def put_identity_back_on_the_row(petition: Petition) -> None:
    """The state before 0007: the denouncer's details on the petition row itself."""
    ProtectedIdentity.objects.filter(petition=petition).delete()
    Petition.objects.filter(pk=petition.pk).update(
        petitioner_name=IDENTITY_A.name,
        petitioner_address=IDENTITY_A.address,
        petitioner_phone="+84" + IDENTITY_A.phone_digits,
        petitioner_email=IDENTITY_A.email,
        petitioner_citizen_id=IDENTITY_A.citizen_id,
        petitioner_citizen_id_digest=lookup_digest(IDENTITY_A.citizen_id),
    )


def test_the_0007_migration_moves_a_recorded_denouncer_off_the_petition_row(
    tree: Any, staff: Staff
) -> None:
    agency = tree.agency(tree.ba_dinh)
    old = named(staff, agency)
    put_identity_back_on_the_row(old)
    unnamed = anonymous(staff, agency)
    complaint = receive_one(
        staff, agency, petitioner_name="Ông Nguyễn Văn Khiếu", petitioner_address="thôn 3", on=ON
    )
    Petition.objects.filter(pk=complaint.pk).update(petitioner_key="")
    forward = importlib.import_module(MIGRATION).forward

    forward(django_apps, None)

    row = Petition.objects.get(pk=old.pk)
    for field in protection.IDENTITY_FIELDS:
        assert getattr(row, field) == "", field
    identity = ProtectedIdentity.objects.get(petition=old)
    assert (identity.name, identity.email) == (IDENTITY_A.name, IDENTITY_A.email)
    assert identity.phone == "+84" + IDENTITY_A.phone_digits
    assert identity.citizen_id == IDENTITY_A.citizen_id
    key = protection.person_key(IDENTITY_A.name, IDENTITY_A.address)
    assert identity.person_key == key
    assert identity.person_digest == lookup_digest(key)
    assert identity.phone_digest == lookup_digest(identity.phone)
    assert identity.citizen_id_digest == lookup_digest(IDENTITY_A.citizen_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM petitions_petition WHERE id = %s", [old.pk])
        assert not leaks_in(" | ".join(map(str, cursor.fetchone())), needles_of(IDENTITY_A))
    assert not ProtectedIdentity.objects.filter(petition=unnamed).exists()
    # Other petitioners are keyed for same-person matching.
    assert Petition.objects.get(pk=complaint.pk).petitioner_key == "nguyen van khieu|3"

    forward(django_apps, None)  # a second run changes nothing

    assert ProtectedIdentity.objects.filter(petition=old).count() == 1
    assert ProtectedIdentity.objects.get(petition=old).name == IDENTITY_A.name


# --- letters ----------------------------------------------------------------------------


def letter_texts(issued: Any) -> list[str]:
    texts = []
    for attachment in (issued.pdf, issued.docx):
        with attachment.file.open("rb") as handle:
            texts.append(text_of_bytes(handle.read(), attachment.content_type))
    return texts


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def test_letters_for_a_denunciation_say_the_denouncer_and_never_the_name(
    tree: Any, staff: Staff
) -> None:
    agency = tree.agency(tree.ba_dinh)
    p = named(staff, agency)
    p = petitions.classify(actor=staff.officer, petition=p, expected_version=p.version)
    p = petitions.accept(actor=staff.leader, petition=p, expected_version=p.version)
    # A complaint's letters do name the petitioner: the check below can see names.
    complaint = receive_one(staff, agency, petitioner_name="Nguyễn Văn Khiếu Rõ", on=ON)

    for kind in ("receipt", "acceptance"):
        for text in letter_texts(issue_letter(actor=staff.officer, petition=p, kind=kind)):
            assert "nguoitocao" in squeezed(text), kind
            assert not leaks_in(text, needles_of(IDENTITY_A)), kind
    for text in letter_texts(issue_letter(actor=staff.officer, petition=complaint, kind="receipt")):
        assert "nguyenvankhieuro" in squeezed(text)
