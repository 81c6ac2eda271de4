"""Who may reach the work queue and add files to a case (found by the permission
matrix in tests/security)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.accounts.roles import Role
from danvan.documents.models import Attachment
from danvan.documents.selectors import attachments_of
from danvan.documents.services import store_attachment
from tests.conftest import verified_client
from tests.petitions.conftest import receive_one


def _pdf() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 0)).save(out, "PDF")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_citizen_is_refused_the_work_queue(tree, staff, make_user):
    citizen = make_user(Role.CITIZEN)
    client = Client()
    client.force_login(citizen)
    assert client.get("/staff/petitions/").status_code == 403
    assert verified_client(staff.officer).get("/staff/petitions/").status_code == 200


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.MONITOR])
def test_who_does_not_handle_cases_cannot_attach_a_file(tree, staff, make_user, role):
    petition = receive_one(staff, tree.agency(tree.ba_dinh))
    outsider = make_user(role, tree.agency(tree.ba_dinh))
    before = Attachment.objects.count()
    with pytest.raises(PermissionDenied):
        store_attachment(actor=outsider, owner=petition, upload=_pdf(), name="them.pdf")
    response = verified_client(outsider).post(
        f"/staff/petitions/{petition.pk}/files/upload/",
        {"file": SimpleUploadedFile("them.pdf", _pdf(), "application/pdf")},
    )
    assert response.status_code in (302, 403)
    assert Attachment.objects.count() == before


def test_the_handler_still_attaches_a_file(tree, staff):
    petition = receive_one(staff, tree.agency(tree.ba_dinh))
    response = verified_client(staff.handler).post(
        f"/staff/petitions/{petition.pk}/files/upload/",
        {"file": SimpleUploadedFile("bien-ban.pdf", _pdf(), "application/pdf")},
    )
    assert response.status_code == 302
    assert [a.original_name for a in attachments_of(petition)] == ["bien-ban.pdf"]
