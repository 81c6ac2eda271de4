"""The portal beyond sending: accounts, one's own cases, browsing, map points, ratings,
open data."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.petitions import services as petitions
from danvan.petitions.models import Category, Petition
from danvan.satisfaction.models import SatisfactionRating
from tests.portal.test_portal import form_data, solved_challenge

TODAY = timezone.localdate()


def signup_data(**extra):
    return {
        **solved_challenge(),
        "full_name": "Đinh Thị Mai",
        "phone": "0977 123 456",
        "password": "mot-mat-khau-dai",
        **extra,
    }


def test_a_citizen_signs_up_and_sees_only_their_own_cases(client, tree):
    response = client.post("/cong-dan/dang-ky/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/cong-dan/cua-toi/"
    user = User.objects.get(phone="+84977123456")
    assert not user.role_assignments.exists()

    client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(subject="Của tôi"))
    stranger = Client()
    stranger.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(subject="Của người khác"))
    mine = Petition.objects.get(subject="Của tôi")
    assert mine.petitioner_user == user
    assert Petition.objects.get(subject="Của người khác").petitioner_user is None

    page = client.get("/cong-dan/cua-toi/")
    assert [p.subject for p in page.context["page"].object_list] == ["Của tôi"]
    assert mine.tracking_code in page.content.decode()
    # Signing in as a citizen lands on the case list, not the staff pages.
    assert client.get("/staff/")["Location"] == "/cong-dan/cua-toi/"


def test_the_case_list_needs_signing_in(client, tree):
    response = client.get("/cong-dan/cua-toi/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signup_errors_keep_what_was_typed_but_not_the_password(client, tree):
    wrong = client.post("/cong-dan/dang-ky/", signup_data(answer="99"))
    assert wrong.status_code == 200
    assert "answer" in wrong.context["form"].errors
    body = wrong.content.decode()
    assert "Đinh Thị Mai" in body
    assert "mot-mat-khau-dai" not in body
    client.post("/cong-dan/dang-ky/", signup_data())
    client.logout()
    again = client.post("/cong-dan/dang-ky/", signup_data(full_name="Người khác"))
    assert "phone" in again.context["form"].errors
    weak = client.post("/cong-dan/dang-ky/", signup_data(phone="0977000111", password="12345"))
    assert "password" in weak.context["form"].errors or weak.context["form"].non_field_errors()
    assert User.objects.count() == 1


def test_signups_are_limited_per_address(client, tree):
    from django.core.cache import cache

    cache.clear()
    for n in range(5):
        client.post("/cong-dan/dang-ky/", signup_data(phone=f"097700{n:04d}", answer="99"))
    assert client.post("/cong-dan/dang-ky/", signup_data()).status_code == 429
    assert not User.objects.exists()
    cache.clear()


def test_one_account_may_send_ten_an_hour_from_any_address(client, tree):
    client.post("/cong-dan/dang-ky/", signup_data())
    for n in range(10):
        response = client.post(
            f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(), REMOTE_ADDR=f"198.51.100.{n}"
        )
        assert response.status_code == 302
    response = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(), REMOTE_ADDR="198.51.100.99"
    )
    assert response.status_code == 429
    assert Petition.objects.count() == 10


def test_a_map_point_place_and_category_are_kept(client, tree):
    roads = Category.objects.get(code="giao-thong")
    response = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/",
        form_data(
            latitude="20.512345",
            longitude="105.987654",
            location_address="Cầu thôn 3",
            category=str(roads.pk),
        ),
    )
    assert response.status_code == 302
    p = Petition.objects.get()
    assert (str(p.latitude), str(p.longitude), p.location_address, p.category) == (
        "20.512345",
        "105.987654",
        "Cầu thôn 3",
        roads,
    )


@pytest.mark.parametrize(
    ("lat", "lon"),
    [("48.85", "2.35"), ("20.5", ""), ("", "105.9"), ("abc", "105.9")],
)
def test_a_bad_map_point_is_refused_and_the_text_stays(client, tree, lat, lon):
    response = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(latitude=lat, longitude=lon)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "latitude" in form.errors or "longitude" in form.errors
    assert "ngõ 12 đã hỏng" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_retired_category_cannot_be_chosen(client, tree):
    old = Category.objects.get(code="khac")
    old.is_active = False
    old.save()
    response = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(category=str(old.pk)))
    assert "category" in response.context["form"].errors


def test_browse_provinces_then_communes(client, tree):
    page = client.get("/cong-dan/tinh-thanh/")
    assert [p.code for p in page.context["provinces"]] == ["01", "37"]
    province = client.get("/cong-dan/tinh-thanh/01/")
    assert [u.code for u in province.context["communes"]] == ["00004", "00008"]
    assert "/cong-dan/gui/00004/" in province.content.decode()
    assert client.get("/cong-dan/tinh-thanh/00004/").status_code == 404
    assert client.get("/cong-dan/tinh-thanh/99/").status_code == 404


def _ended_case(tree, make_user):
    leader = make_user(Role.LEADER, tree.agency(tree.bac_ly))
    [p] = petitions.receive_petitions(
        actor=None,
        agency=tree.agency(tree.bac_ly),
        channel="portal",
        received_on=TODAY - timedelta(days=3),
        drafts=[
            petitions.PetitionDraft(
                kind="feedback", subject="Rác", content="Rác ở chợ", petitioner_name="Lê Hà"
            )
        ],
    )
    return petitions.file(
        actor=leader, petition=p, expected_version=p.version, reason="Đã dọn", effective_on=TODAY
    )


def test_a_citizen_rates_an_ended_case_from_the_tracking_page(client, tree, make_user):
    p = _ended_case(tree, make_user)
    url = f"/cong-dan/tra-cuu/{p.tracking_code}/"
    assert client.get(url).context["rating_form"] is not None
    bad = client.post(url + "danh-gia/", {"score": "7", "comment": "Tốt"})
    assert bad.status_code == 400
    assert "score" in bad.context["rating_form"].errors
    assert "Tốt" in bad.content.decode()
    ok = client.post(url + "danh-gia/", {"score": "4", "timeliness": "5", "comment": "Tốt"})
    assert ok.status_code == 302
    rating = SatisfactionRating.objects.get()
    assert (rating.score, rating.timeliness, rating.attitude) == (4, 5, None)
    page = client.get(url)
    assert page.context["rating_form"] is None
    assert page.context["rating"] == rating
    again = client.post(url + "danh-gia/", {"score": "1"})
    assert again.status_code == 400
    assert SatisfactionRating.objects.get().score == 4


def test_an_open_case_offers_no_rating(client, tree):
    client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data())
    p = Petition.objects.get()
    url = f"/cong-dan/tra-cuu/{p.tracking_code}/"
    assert client.get(url).context["rating_form"] is None
    assert client.post(url + "danh-gia/", {"score": "5"}).status_code == 400
    assert client.post("/cong-dan/tra-cuu/AAAAA-AAAAA/danh-gia/", {"score": "5"}).status_code == 404
    assert not SatisfactionRating.objects.exists()


def test_open_data_as_csv_and_json_holds_figures_only(client, tree, make_user):
    p = _ended_case(tree, make_user)
    from danvan.satisfaction.services import rate_case

    rate_case(petition=p, score=5)
    client.post(f"/cong-dan/gui/{tree.ba_dinh.code}/", form_data(kind="complaint"))
    year = TODAY.year
    data = json.loads(client.get(f"/cong-dan/du-lieu-mo/VN/{year}.json").content)
    rows = {(r["unit_code"], r["month"]): r for r in data["rows"]}
    month = f"{year}-{TODAY.month:02d}"
    ninhbinh = rows[("37", f"{year}-{(TODAY - timedelta(days=3)).month:02d}")]
    assert ninhbinh["feedback"] == 1
    assert rows[("37", month)]["ratings"] == 1
    assert rows[("37", month)]["average_rating"] == 5
    assert rows[("01", month)]["complaints"] == 1
    assert rows[("01", month)]["online"] == 1

    response = client.get(f"/cong-dan/du-lieu-mo/01/{year}.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(r["unit_code"], r["received"]) for r in table] == [("00004", "1")]
    for secret in ("Võ Thị Thu", "ngõ 12", "Lê Hà", "+8498"):
        assert secret not in text
    assert client.get(f"/cong-dan/du-lieu-mo/99/{year}.json").status_code == 404
    assert client.get(f"/cong-dan/du-lieu-mo/VN/{year + 1}.csv").status_code == 404
    assert client.get("/cong-dan/du-lieu-mo/VN/1999.csv").status_code == 404
    assert client.get("/cong-dan/du-lieu-mo/").status_code == 200


def _upload(name, data=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_several_attachments_are_stored_with_the_petition(client, tree, settings, tmp_path):
    from danvan.documents.selectors import attachments_of

    settings.MEDIA_ROOT = tmp_path
    files = [_upload("don.pdf"), _upload("bien-ban.pdf")]
    response = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/", {**form_data(), "attachments": files}
    )
    assert response.status_code == 302
    names = sorted(a.original_name for a in attachments_of(Petition.objects.get()))
    assert names == ["bien-ban.pdf", "don.pdf"]


def test_too_many_or_bad_files_send_nothing_and_say_why(client, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    many = [_upload(f"tep-{n}.pdf") for n in range(6)]
    response = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/", {**form_data(), "attachments": many}
    )
    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    disguised = _upload("anh.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/",
        {**form_data(), "attachments": [_upload("don.pdf"), disguised]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    assert any(e.startswith("anh.jpg: ") for e in errors)
    # The citizen is told to choose the files again; the text they wrote stays.
    assert len(errors) >= 2
    assert "ngõ 12 đã hỏng" in response.content.decode()
    assert not Petition.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_the_tracking_page_lists_the_messages_sent(client, tree, make_user):
    p = _ended_case(tree, make_user)
    from danvan.notifications.models import CitizenNotice

    texts = list(CitizenNotice.objects.filter(petition=p).values_list("text", flat=True))
    assert texts  # received, then guided/filed steps that have a message
    body = client.get(f"/cong-dan/tra-cuu/{p.tracking_code}/").content.decode()
    for text in texts:
        assert text in body
    assert "Lê Hà" not in body
