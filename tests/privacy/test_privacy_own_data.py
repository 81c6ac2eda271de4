"""A signed-in person downloads everything held about them, and nothing about anyone
else."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from danvan.accounts.services import register_citizen
from danvan.audit.models import AuditEntry
from danvan.decisions import services as decisions
from danvan.units.services import add_village
from tests.conftest import verified_client
from tests.privacy.conftest import PERSON, receive

URL = "/cong-dan/cua-toi/du-lieu/"
OTHER = {
    "petitioner_name": "Tạ Văn Khácbiệt",
    "petitioner_address": "Số 3 phố Quánthánh",
    "petitioner_phone": "0988 700 600",
    "petitioner_email": "khacbiet@example.vn",
    "petitioner_citizen_id": "001099088877",
}


@pytest.fixture
def citizen(db):
    return register_citizen(
        phone="0913 246 813",
        full_name=PERSON["petitioner_name"],
        password="mot-mat-khau-dai",
        email=PERSON["petitioner_email"],
    )


@pytest.fixture
def other_citizen(db):
    return register_citizen(
        phone=OTHER["petitioner_phone"],
        full_name=OTHER["petitioner_name"],
        password="mot-mat-khau-dai",
    )


def signed_in(user) -> Client:
    """A signed-in client reading English, so the texts checked are the msgids."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def download(client: Client) -> tuple[dict, str]:
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    return json.loads(body), body


def test_a_citizen_gets_their_own_data_and_nothing_of_another(tree, staff, citizen, other_citizen):
    agency = tree.agency(tree.ba_dinh)
    mine = receive(agency, user=citizen, subject="Đơn của tôi")
    theirs = receive(agency, user=other_citizen, subject="Đơn của người khác", **OTHER)
    village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Đông")
    household = decisions.register_household(
        actor=staff.officer, village=village, code="H001", head_name=PERSON["petitioner_name"]
    )
    decisions.set_representative(actor=staff.officer, household=household, phone="0913246813")
    decisions.register_household(
        actor=staff.officer, village=village, code="H002", head_name=OTHER["petitioner_name"]
    )
    # An official reads the citizen's petition: the copy says so, by role and agency.
    assert verified_client(staff.handler).get(f"/staff/petitions/{mine.pk}/").status_code == 200

    data, body = download(signed_in(citizen))

    assert data["account"]["full_name"] == PERSON["petitioner_name"]
    assert data["account"]["email"] == PERSON["petitioner_email"]
    assert [p["tracking_code"] for p in data["petitions"]] == [mine.tracking_code]
    petition = data["petitions"][0]
    assert petition["petitioner"]["citizen_id"] == PERSON["petitioner_citizen_id"]
    assert petition["petitioner"]["address"] == PERSON["petitioner_address"]
    assert petition["content"] == mine.content
    assert [h["code"] for h in data["households"]] == ["H001"]
    reads = [row for row in data["access_log"] if row["what"] == "petitions.view_petitioner"]
    assert len(reads) == 1
    assert reads[0]["record"] == mine.tracking_code
    assert reads[0]["by"]["agency"] == agency.name
    assert reads[0]["by"]["role"]
    assert reads[0]["description"] == "An official opened your petition"
    # Nobody else: not the other citizen, their petition or household, and no official
    # by name (the reception officer, the handler who read it).
    for value in (
        OTHER["petitioner_name"],
        "Khácbiệt",
        "Quánthánh",
        "700 600",
        "988700600",
        OTHER["petitioner_citizen_id"],
        theirs.tracking_code,
        "H002",
        staff.handler.full_name,
        staff.officer.full_name,
    ):
        assert value not in body, value


def test_the_export_includes_a_denunciation_the_citizen_sent(tree, citizen):
    denunciation = receive(
        tree.agency(tree.ba_dinh), kind="denunciation", user=citizen, subject="Tố cáo"
    )

    data, _body = download(signed_in(citizen))

    [petition] = data["petitions"]
    assert petition["tracking_code"] == denunciation.tracking_code
    assert petition["kind"]
    # The row keeps no name; the copy reads the protected identity: it is theirs.
    assert petition["petitioner"]["name"] == PERSON["petitioner_name"]
    assert petition["petitioner"]["phone"].endswith("913246813")
    assert petition["petitioner"]["citizen_id"] == PERSON["petitioner_citizen_id"]


def test_staff_without_the_citizen_role_get_only_their_own_account(tree, staff, citizen):
    petition = receive(tree.agency(tree.ba_dinh), user=citizen)
    client = verified_client(staff.handler)
    client.get(f"/staff/petitions/{petition.pk}/")

    data, body = download(client)

    assert data["account"]["full_name"] == staff.handler.full_name
    assert data["petitions"] == []
    assert data["households"] == []
    for value in (PERSON["petitioner_name"], petition.tracking_code, "001190012345"):
        assert value not in body, value


def test_anonymous_visitors_are_refused(tree, citizen):
    receive(tree.agency(tree.ba_dinh), user=citizen)
    anonymous = Client()
    for response in (anonymous.get(URL), anonymous.post(URL)):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert not AuditEntry.objects.filter(action="portal.export_own_data").exists()


def test_the_download_needs_a_post_with_the_csrf_token(tree, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    page = client.get(URL)
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    assert b'method="post"' in page.content
    assert client.post(URL).status_code == 403
    assert client.put(URL).status_code in (403, 405)
    assert not AuditEntry.objects.filter(action="portal.export_own_data").exists()


def test_each_download_is_audited_without_the_name_in_the_log(tree, citizen):
    download(signed_in(citizen))
    entry = AuditEntry.objects.get(action="portal.export_own_data")
    assert entry.kind == AuditEntry.Kind.READ
    assert entry.actor_id == citizen.pk
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(citizen.pk))
    assert PERSON["petitioner_name"] not in entry.target_label
    # The next copy shows the first download in its access log, as the person's own.
    data, _body = download(signed_in(citizen))
    own = [r for r in data["access_log"] if r["what"] == "portal.export_own_data"]
    assert len(own) == 1


def test_the_case_list_links_to_the_download(tree, citizen):
    page = signed_in(citizen).get("/cong-dan/cua-toi/")
    assert URL.encode() in page.content
