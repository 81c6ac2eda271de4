"""store_attachment: checks, storage, audit and who may attach files to what."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.documents.models import Attachment
from danvan.documents.selectors import attachments_of
from danvan.documents.services import MAX_ATTACHMENT_SIZE, owner_key, store_attachment
from tests.conftest import Tree

pytestmark = pytest.mark.usefixtures("media_root")


def test_system_stores_a_pdf_with_its_facts(tree: Tree, samples: SimpleNamespace) -> None:
    data = samples.pdf()
    attachment = store_attachment(
        actor=None, owner=tree.bac_ly, upload=data, name="Đơn khiếu nại.pdf"
    )
    attachment.refresh_from_db()
    assert attachment.original_name == "Đơn khiếu nại.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.owner_type == "units.administrativeunit"
    assert attachment.owner_id == str(tree.bac_ly.pk)
    assert attachment.uploaded_by is None
    with attachment.file.open("rb") as stored:
        assert stored.read() == data


def test_stored_name_is_random_and_dated(
    tree: Tree, samples: SimpleNamespace, media_root: Path
) -> None:
    first = store_attachment(
        actor=None, owner=tree.bac_ly, upload=samples.png(), name="anh-hien-truong.png"
    )
    second = store_attachment(
        actor=None, owner=tree.bac_ly, upload=samples.png(), name="anh-hien-truong.png"
    )
    assert first.file.name != second.file.name
    stored = str(first.file.name)
    parts = stored.split("/")
    assert parts[0] == "attachments"
    assert len(parts[1]) == 4
    assert parts[1].isdigit()
    assert len(parts[2]) == 2
    assert parts[2].isdigit()
    assert parts[3].endswith(".png")
    assert "anh-hien-truong" not in stored  # the original name is not reused on disk
    assert (media_root / stored).is_file()


def test_upload_object_uses_its_own_name(tree: Tree, samples: SimpleNamespace) -> None:
    upload = SimpleUploadedFile("bien-ban.docx", samples.docx())
    attachment = store_attachment(actor=None, owner=tree.bac_ly, upload=upload)
    assert attachment.original_name == "bien-ban.docx"
    assert attachment.content_type.endswith("wordprocessingml.document")


def test_store_writes_an_audit_entry_without_the_content(
    tree: Tree, samples: SimpleNamespace
) -> None:
    data = samples.txt()
    attachment = store_attachment(actor=None, owner=tree.bac_ly, upload=data, name="ghi-chu.txt")
    entry = AuditEntry.objects.get(action="documents.attachment.store")
    assert entry.actor_label == "system"
    assert entry.target_type == "documents.attachment"
    assert entry.target_id == str(attachment.pk)
    assert entry.unit_id == tree.bac_ly.pk
    assert entry.after == {
        "owner_type": "units.administrativeunit",
        "owner_id": str(tree.bac_ly.pk),
        "original_name": "ghi-chu.txt",
        "content_type": "text/plain",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    assert data.decode() not in str(entry.after)


def test_refused_file_stores_nothing(
    tree: Tree, samples: SimpleNamespace, media_root: Path
) -> None:
    with pytest.raises(ValidationError):
        store_attachment(actor=None, owner=tree.bac_ly, upload=samples.exe(), name="don.pdf")
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(action="documents.attachment.store").exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_oversize_bytes_are_refused(tree: Tree) -> None:
    data = b"x" * 2048
    with pytest.raises(ValidationError) as caught:
        store_attachment(
            actor=None, owner=tree.bac_ly, upload=data, name="ghi-chu.txt", max_size=1024
        )
    assert caught.value.code == "too_large"
    assert "The limit is 1" in caught.value.messages[0]


def test_oversize_upload_is_refused_before_reading(tree: Tree) -> None:
    class Unreadable(SimpleUploadedFile):
        def chunks(self, chunk_size: int | None = None):  # type: ignore[no-untyped-def]
            raise AssertionError("an oversized upload must not be read")

    upload = Unreadable("ghi-chu.txt", b"x" * 10)
    upload.size = MAX_ATTACHMENT_SIZE + 1
    with pytest.raises(ValidationError) as caught:
        store_attachment(actor=None, owner=tree.bac_ly, upload=upload)
    assert caught.value.code == "too_large"


def test_default_limit_is_twenty_megabytes() -> None:
    assert MAX_ATTACHMENT_SIZE == 20 * 1024 * 1024


def test_unsaved_owner_is_a_programming_error(samples: SimpleNamespace, db: None) -> None:
    from danvan.units.models import AdministrativeUnit

    with pytest.raises(ValueError, match="Save the owner"):
        store_attachment(actor=None, owner=AdministrativeUnit(), upload=samples.pdf(), name="a.pdf")


def test_attachments_of_lists_only_the_owners_files(tree: Tree, samples: SimpleNamespace) -> None:
    mine = store_attachment(actor=None, owner=tree.bac_ly, upload=samples.pdf(), name="a.pdf")
    store_attachment(actor=None, owner=tree.ba_dinh, upload=samples.pdf(), name="b.pdf")
    assert list(attachments_of(tree.bac_ly)) == [mine]
    assert owner_key(tree.bac_ly) == ("units.administrativeunit", str(tree.bac_ly.pk))


# --- permissions -------------------------------------------------------------------


def test_staff_may_attach_in_their_unit(
    tree: Tree, make_user: Callable[..., User], samples: SimpleNamespace
) -> None:
    handler = make_user(Role.CASE_HANDLER, tree.agency(tree.bac_ly))
    attachment = store_attachment(
        actor=handler, owner=tree.agency(tree.bac_ly), upload=samples.pdf(), name="a.pdf"
    )
    assert attachment.uploaded_by == handler
    entry = AuditEntry.objects.get(action="documents.attachment.store")
    assert entry.actor_id == handler.pk
    assert entry.unit_id == tree.bac_ly.pk


def test_staff_may_not_attach_elsewhere(
    tree: Tree, make_user: Callable[..., User], samples: SimpleNamespace
) -> None:
    handler = make_user(Role.CASE_HANDLER, tree.agency(tree.bac_ly))
    with pytest.raises(PermissionDenied):
        store_attachment(actor=handler, owner=tree.ba_dinh, upload=samples.pdf(), name="a.pdf")


def test_read_only_monitor_may_not_attach(
    tree: Tree, make_user: Callable[..., User], samples: SimpleNamespace
) -> None:
    monitor = make_user(Role.MONITOR, tree.agency(tree.ninhbinh))
    with pytest.raises(PermissionDenied):
        store_attachment(actor=monitor, owner=tree.bac_ly, upload=samples.pdf(), name="a.pdf")


def test_record_without_a_unit_accepts_files_from_the_system_only(
    tree: Tree, make_user: Callable[..., User], samples: SimpleNamespace
) -> None:
    handler = make_user(Role.CASE_HANDLER, tree.agency(tree.bac_ly))
    with pytest.raises(PermissionDenied):
        store_attachment(actor=handler, owner=handler, upload=samples.pdf(), name="a.pdf")
    assert store_attachment(actor=None, owner=handler, upload=samples.pdf(), name="a.pdf")


def test_owning_module_decides_through_its_own_rule(
    tree: Tree, make_user: Callable[..., User], samples: SimpleNamespace
) -> None:
    citizen = make_user(Role.CITIZEN)
    rules.add_perm("accounts.attach_to_user", lambda user, owner: user == owner)
    try:
        attachment = store_attachment(
            actor=citizen, owner=citizen, upload=samples.jpeg(), name="cccd.jpg"
        )
        assert attachment.owner_type == "accounts.user"
        other = make_user(Role.CITIZEN)
        with pytest.raises(PermissionDenied):
            store_attachment(actor=other, owner=citizen, upload=samples.jpeg(), name="x.jpg")
    finally:
        rules.remove_perm("accounts.attach_to_user")
