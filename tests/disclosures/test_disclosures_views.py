"""Staff pages, the quarterly list and the portal page of a commune's disclosures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.disclosures.models import Disclosure, Form, Subject
from danvan.disclosures.services import publish_disclosure, record_disclosure

pytestmark = pytest.mark.django_db


def _disclosure(
    tree,
    *,
    title="Danh sách hộ nghèo năm 2026",
    is_public=True,
    published=True,
    document=None,
    unit=None,
):
    today = timezone.localdate()
    disclosure = record_disclosure(
        actor=None,
        agency=tree.agency(unit or tree.ba_dinh),
        subject=Subject.SOCIAL_SUPPORT,
        title=title,
        decided_on=today - timedelta(days=2),
        is_public=is_public,
        document=document,
    )
    if published:
        publish_disclosure(
            actor=None,
            disclosure=disclosure,
            published_on=today,
            forms=[Form.NOTICE_BOARD, Form.LOUDSPEAKER],
            loudspeaker_days=3,
        )
    return disclosure


def test_officer_records_with_a_document_through_the_form(tree, make_user, client_for, pdf):
    agency = tree.agency(tree.ba_dinh)
    client = client_for(make_user(Role.RECEPTION_OFFICER, agency))
    assert client.get("/staff/disclosures/new/").status_code == 200
    response = client.post(
        "/staff/disclosures/new/",
        {
            "agency": agency.pk,
            "subject": Subject.BUDGET,
            "title": "Dự toán ngân sách",
            "decided_on": timezone.localdate().isoformat(),
            "is_public": "on",
            "document": SimpleUploadedFile("du-toan.pdf", pdf),
        },
    )
    disclosure = Disclosure.objects.get()
    assert response.status_code == 302
    assert disclosure.document is not None
    assert disclosure.document.original_name == "du-toan.pdf"
    page = client.get(f"/staff/disclosures/{disclosure.pk}/")
    assert page.status_code == 200
    assert "du-toan.pdf" in page.text
    listing = client.get("/staff/disclosures/")
    assert "Dự toán ngân sách" in listing.text


def test_publish_and_evidence_through_the_detail_page(tree, make_user, client_for, png):
    agency = tree.agency(tree.ba_dinh)
    client = client_for(make_user(Role.CASE_HANDLER, agency))
    disclosure = _disclosure(tree, published=False)
    today = timezone.localdate().isoformat()
    response = client.post(
        f"/staff/disclosures/{disclosure.pk}/",
        {"action": "publish", "published_on": today, "forms": ["notice_board"]},
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.published_on == timezone.localdate()
    response = client.post(
        f"/staff/disclosures/{disclosure.pk}/",
        {"action": "evidence", "evidence": SimpleUploadedFile("loa.png", png)},
    )
    assert response.status_code == 302
    bad = client.post(
        f"/staff/disclosures/{disclosure.pk}/",
        {"action": "evidence", "evidence": SimpleUploadedFile("loa.png", b"not an image")},
    )
    assert bad.status_code == 200
    assert "error" in bad.text


def test_sibling_and_monitor_access(tree, make_user, client_for):
    disclosure = _disclosure(tree)
    sibling = client_for(make_user(Role.CASE_HANDLER, tree.agency(tree.ngoc_ha)))
    assert sibling.get(f"/staff/disclosures/{disclosure.pk}/").status_code == 403
    monitor = client_for(make_user(Role.MONITOR, tree.agency(tree.hanoi)))
    assert monitor.get(f"/staff/disclosures/{disclosure.pk}/").status_code == 200
    assert monitor.get("/staff/disclosures/new/").status_code == 403
    response = monitor.post(
        f"/staff/disclosures/{disclosure.pk}/",
        {"action": "publish", "published_on": "2026-01-01", "forms": ["portal"]},
    )
    assert response.status_code == 403


def test_quarterly_page_and_csv(tree, make_user, client_for):
    _disclosure(tree, title="=HYPERLINK(1)")
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    client = client_for(make_user(Role.LEADER, tree.agency(tree.ba_dinh)))
    url = f"/staff/disclosures/quarter/{tree.ba_dinh.pk}/{today.year}/{quarter}"
    assert "HYPERLINK" in client.get(url + "/").text
    csv_text = client.get(url + ".csv").content.decode("utf-8")
    assert csv_text.startswith("\ufeff")
    assert "'=HYPERLINK(1)" in csv_text
    other = client_for(make_user(Role.LEADER, tree.agency(tree.bac_ly)))
    assert other.get(url + ".csv").status_code == 403


def test_portal_shows_only_public_disclosed_items(tree, client):
    _disclosure(tree, title="Công khai danh sách hộ nghèo")
    _disclosure(tree, title="Hồ sơ nội bộ", is_public=False)
    _disclosure(tree, title="Chưa công khai", published=False)
    _disclosure(tree, title="Của phường Ngọc Hà", unit=tree.ngoc_ha)
    response = client.get("/cong-dan/cong-khai/00004/")
    assert response.status_code == 200
    assert "Công khai danh sách hộ nghèo" in response.text
    for hidden in ("Hồ sơ nội bộ", "Chưa công khai", "Của phường Ngọc Hà"):
        assert hidden not in response.text
    assert client.get("/cong-dan/cong-khai/99999/").status_code == 404


def test_portal_serves_only_documents_of_public_disclosures(tree, client, pdf):
    public = _disclosure(tree, document=SimpleUploadedFile("ds.pdf", pdf))
    private = _disclosure(tree, is_public=False, document=SimpleUploadedFile("nb.pdf", pdf))
    unpublished = _disclosure(tree, published=False, document=SimpleUploadedFile("c.pdf", pdf))
    response = client.get(f"/cong-dan/cong-khai/tep/{public.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert client.get(f"/cong-dan/cong-khai/tep/{private.pk}/").status_code == 404
    assert client.get(f"/cong-dan/cong-khai/tep/{unpublished.pk}/").status_code == 404
    assert "ds.pdf" in client.get("/cong-dan/cong-khai/00004/").text


def test_anonymous_staff_pages_redirect_to_sign_in(client):
    assert client.get("/staff/disclosures/").status_code == 302


def test_list_per_commune_shows_state_and_due_date(tree, make_user, client_for):
    _disclosure(tree, title="Ở Ba Đình", published=False)
    _disclosure(tree, title="Ở Ngọc Hà", unit=tree.ngoc_ha)
    leader = client_for(make_user(Role.LEADER, tree.agency(tree.hanoi)))
    whole = leader.get("/staff/disclosures/").text
    assert "Ở Ba Đình" in whole
    assert "Ở Ngọc Hà" in whole
    one = leader.get(f"/staff/disclosures/?unit={tree.ba_dinh.pk}").text
    assert "Ở Ba Đình" in one
    assert "Ở Ngọc Hà" not in one
    assert "badge-near" in one  # not yet disclosed, within the period
    officer = client_for(make_user(Role.CASE_HANDLER, tree.agency(tree.bac_ly)))
    assert officer.get(f"/staff/disclosures/?unit={tree.ba_dinh.pk}").status_code == 404


def test_quarter_out_of_range_is_not_found(tree, make_user, client_for):
    client = client_for(make_user(Role.LEADER, tree.agency(tree.ba_dinh)))
    base = f"/staff/disclosures/quarter/{tree.ba_dinh.pk}"
    assert client.get(f"{base}/2026/5/").status_code == 404
    assert client.get(f"{base}/99999/1.csv").status_code == 404
