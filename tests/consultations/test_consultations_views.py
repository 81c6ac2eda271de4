"""Staff pages for setting a consultation up and the public list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.consultations.models import Consultation, Phase
from danvan.consultations.selectors import minimum_end
from tests.consultations.conftest import STRUCTURED, TODAY, Staff, make_consultation

pytestmark = pytest.mark.django_db

Clients = Callable[[Any], Client]


def _form(tree: Any, **kwargs: Any) -> dict[str, Any]:
    data = {
        "agency": tree.agency(tree.ba_dinh).pk,
        "subject": "village_rules",
        "title": "Lấy ý kiến dự thảo hương ước thôn Đông",
        "opens_on": TODAY.isoformat(),
        "closes_on": minimum_end(TODAY).isoformat(),
        "channels": ["portal", "meeting"],
    }
    data.update(kwargs)
    return data


def test_create_import_open_through_the_pages(tree: Any, staff: Staff, client_for: Clients) -> None:
    client = client_for(staff.officer)
    assert client.get("/staff/consultations/").status_code == 200
    assert client.get("/staff/consultations/new/").status_code == 200
    bad = client.post("/staff/consultations/new/", _form(tree, title="", channels=[]))
    assert bad.status_code == 200
    assert "error-summary" in bad.text
    response = client.post("/staff/consultations/new/", _form(tree))
    consultation = Consultation.objects.get()
    assert response["Location"] == f"/staff/consultations/{consultation.pk}/"
    detail = f"/staff/consultations/{consultation.pk}/"
    refused = client.post(f"{detail}open/run/")
    assert refused.status_code == 302
    assert "Import the draft" in client.get(detail).text
    empty = client.post(detail, {"text": ""})
    assert "Choose a file or paste the text" in empty.text
    wrong = client.post(detail, {"upload": SimpleUploadedFile("du-thao.docx", b"not a word file")})
    assert "error-summary" in wrong.text
    imported = client.post(
        detail, {"upload": SimpleUploadedFile("du-thao.txt", STRUCTURED.encode())}
    )
    assert imported.status_code == 302
    page = client.get(detail)
    assert "Điều 3" in page.text
    assert "NHỮNG QUY ĐỊNH CHUNG" in page.text
    edit = client.post(f"{detail}edit/", _form(tree, title="Tên mới của đợt lấy ý kiến"))
    assert edit.status_code == 302
    client.post(f"{detail}open/run/")
    consultation.refresh_from_db()
    assert consultation.phase == Phase.OPEN
    assert consultation.title == "Tên mới của đợt lấy ý kiến"
    assert client.get(f"{detail}edit/").status_code == 302
    assert client.post(f"{detail}bogus/run/").status_code == 404


def test_the_minimum_shown_on_the_form(tree: Any, staff: Staff, client_for: Clients) -> None:
    client = client_for(staff.officer)
    client.post(
        "/staff/consultations/new/",
        _form(tree, closes_on=(minimum_end(TODAY) - timedelta(days=1)).isoformat()),
    )
    consultation = Consultation.objects.get()
    detail = f"/staff/consultations/{consultation.pk}/"
    client.post(detail, {"text": STRUCTURED})
    response = client.post(f"{detail}open/run/", follow=True)
    assert minimum_end(TODAY).strftime("%d/%m/%Y") in response.text
    consultation.refresh_from_db()
    assert consultation.phase == Phase.PREPARATION


def test_staff_pages_refused(tree: Any, staff: Staff, client_for: Clients) -> None:
    consultation = make_consultation(tree)
    detail = f"/staff/consultations/{consultation.pk}/"
    monitor = client_for(staff.monitor)
    assert monitor.get("/staff/consultations/new/").status_code == 403
    assert monitor.get(detail).status_code == 200
    assert monitor.post(detail, {"text": STRUCTURED}).status_code == 403
    assert monitor.post(f"{detail}open/run/").status_code == 403
    assert monitor.get(f"{detail}edit/").status_code == 403
    other = client_for(staff.other_officer)
    assert other.get(detail).status_code == 403
    assert consultation.title not in other.get("/staff/consultations/").text
    assert Client().get(detail).status_code == 302
    assert not consultation.sections.exists()


def test_public_list_filters_by_unit(tree: Any, open_consultation: Consultation) -> None:
    client = Client()
    assert open_consultation.title in client.get("/cong-dan/y-kien/").text
    hanoi = client.get(f"/cong-dan/y-kien/?province={tree.hanoi.pk}")
    assert open_consultation.title in hanoi.text
    ninh_binh = client.get(f"/cong-dan/y-kien/?province={tree.ninhbinh.pk}")
    assert open_consultation.title not in ninh_binh.text
    commune = client.get(f"/cong-dan/y-kien/?province={tree.hanoi.pk}&commune={tree.ngoc_ha.pk}")
    assert open_consultation.title not in commune.text
    page = client.get(f"/cong-dan/y-kien/{open_consultation.pk}/")
    assert page.status_code == 200
    assert "Điều 2" in page.text
    assert client.get(f"/cong-dan/y-kien/{open_consultation.pk}/bao-cao.pdf").status_code == 404
