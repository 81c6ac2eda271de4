"""The case panel on a petition's page, confirming and removing links through the
pages, the family page and the list of families."""

from __future__ import annotations

from datetime import date

import pytest

from danvan.accounts.roles import Role
from danvan.cases.models import CaseFamily, LinkKind, PetitionLink
from danvan.cases.services import confirm_link
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from tests.cases.conftest import receive, refreshed

pytestmark = pytest.mark.django_db

GRIEVANCE = (
    "Tôi tên là Nguyễn Văn Bình, tổ 5. Ngày 12/3/2026, hộ ông Trần Văn Khải xây tường lấn sang "
    "thửa đất số 215 của gia đình tôi khoảng 3 m2. Đề nghị phường kiểm tra, buộc tháo dỡ."
)
RETYPED = (
    "Toi ten la Nguyen Van Binh, to 5. Ho ong Tran Van Khai xay tuong lan sang thua dat so 215 "
    "cua gia dinh toi khoang 3 m2 tu ngay 12/3/2026. De nghi phuong kiem tra, buoc thao do."
)


def pair(tree) -> tuple[Petition, Petition]:
    commune = tree.agency(tree.ba_dinh)
    earlier = receive(
        commune,
        content=GRIEVANCE,
        petitioner_name="Nguyễn Văn Bình",
        petitioner_phone="0987654321",
        on="2026-11-02",
    )
    new = receive(
        commune,
        content=RETYPED,
        petitioner_name="Nguyễn Văn Bình",
        petitioner_phone="0987654321",
        on="2026-11-03",
    )
    return earlier, new


def test_handler_sees_candidates_with_reasons_and_no_personal_data(tree, staff, client_for):
    earlier, new = pair(tree)
    body = client_for(staff.handler).get(f"/staff/petitions/{new.pk}/").content.decode()
    assert f'data-candidate="{earlier.tracking_code}"' in body
    assert 'data-reason="person_phone"' in body
    assert 'data-reason="content"' in body
    assert "Same phone number" in body
    assert "Similar content" in body
    assert f'action="/staff/cases/petition/{new.pk}/link/"' in body
    # The phone never appears: only the reason says it is the same.
    assert "0987654321" not in body
    assert "987 654 321" not in body
    assert f'href="/staff/cases/{new.family_id}/"' in body


def test_monitor_sees_the_family_but_no_confirm_form(tree, staff, client_for):
    _earlier, new = pair(tree)
    body = client_for(staff.monitor).get(f"/staff/petitions/{new.pk}/").content.decode()
    assert f'href="/staff/cases/{new.family_id}/"' in body
    assert "data-candidate" not in body
    assert "/link/" not in body


def test_confirm_and_remove_through_the_pages(tree, staff, client_for):
    earlier, new = pair(tree)
    officer = client_for(staff.officer)
    response = officer.post(
        f"/staff/cases/petition/{new.pk}/link/", {"other": earlier.pk, "kind": "related"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/petitions/{new.pk}/"
    link = PetitionLink.objects.get()
    # The reasons are computed again on the server, not taken from the form.
    assert link.reasons == ["person_phone", "content"]
    assert link.score is not None
    assert link.score > 0.8
    page = officer.get(f"/staff/petitions/{new.pk}/").content.decode()
    assert "Linked to" in page
    assert f'action="/staff/cases/links/{link.pk}/remove/"' in page
    assert "data-candidate" not in page  # the same family now
    # The monitor may not remove it; the officer may.
    assert (
        client_for(staff.monitor).post(f"/staff/cases/links/{link.pk}/remove/").status_code == 403
    )
    response = officer.post(f"/staff/cases/links/{link.pk}/remove/", {"next": earlier.pk})
    assert response["Location"] == f"/staff/petitions/{earlier.pk}/"
    assert not PetitionLink.objects.exists()
    assert refreshed(earlier).family_id != refreshed(new).family_id


def test_link_by_tracking_code_and_bad_input(tree, staff, client_for):
    earlier, new = pair(tree)
    hidden = receive(tree.agency(tree.ngoc_ha), content="Phường bên")
    officer = client_for(staff.officer)
    url = f"/staff/cases/petition/{new.pk}/link/"
    # Out of sight, malformed and unknown codes are all "not found".
    for data in (
        {"other_code": hidden.tracking_code, "kind": "related"},
        {"other": str(hidden.pk), "kind": "related"},
        {"other_code": "not a code", "kind": "related"},
        {},
    ):
        page = officer.post(url, data, follow=True).content.decode()
        assert "No petition with that code among those you may see." in page
    # A kind that does not exist and a repeat without a decision are refused with reasons.
    page = officer.post(
        url, {"other_code": earlier.tracking_code, "kind": "twin"}, follow=True
    ).content.decode()
    assert "Choose the kind of link." in page
    page = officer.post(
        url, {"other_code": earlier.tracking_code.lower(), "kind": "repeat"}, follow=True
    ).content.decode()
    assert "A repeat (tái diễn) comes after a decision" in page
    assert not PetitionLink.objects.exists()
    officer.post(url, {"other_code": earlier.tracking_code, "kind": "related"})
    assert PetitionLink.objects.get().kind == LinkKind.RELATED
    # GET is not allowed; other roles and places are refused.
    assert officer.get(url).status_code == 405
    assert client_for(staff.monitor).post(url, {"other": earlier.pk}).status_code == 403
    assert client_for(staff.ngoc_ha_officer).post(url, {"other": earlier.pk}).status_code == 403
    assert officer.post("/staff/cases/petition/999999/link/").status_code == 404


def test_denouncer_stays_hidden_on_the_pages(tree, staff, client_for):
    commune = tree.agency(tree.ba_dinh)
    identity = {
        "petitioner_name": "Hoàng Thị Hoa",
        "petitioner_address": "Tổ 8",
        "petitioner_phone": "0911222333",
    }
    complaint = receive(commune, content="Ngõ 12 bị ngập nước khi mưa.", **identity)
    denunciation = receive(
        commune,
        kind="denunciation",
        subject="Tố cáo cán bộ",
        content="Cán bộ địa chính nhận tiền của người làm hồ sơ.",
        on="2026-11-05",
        **identity,
    )
    officer = client_for(staff.officer)
    for petition, other in ((denunciation, complaint), (complaint, denunciation)):
        body = officer.get(f"/staff/petitions/{petition.pk}/").content.decode()
        assert other.tracking_code not in body
        assert 'data-reason="person' not in body
    body = officer.get(f"/staff/petitions/{denunciation.pk}/").content.decode()
    assert "Hoàng Thị Hoa" not in body
    assert "0911222333" not in body
    assert "911 222 333" not in body
    # The handler assigned to the denunciation sees the link between the two.
    p = petitions.classify(actor=None, petition=denunciation, expected_version=1)
    p = petitions.accept(actor=None, petition=p, expected_version=p.version)
    petitions.assign(actor=None, petition=p, handler=staff.handler, expected_version=p.version)
    body = client_for(staff.handler).get(f"/staff/petitions/{complaint.pk}/").content.decode()
    assert f'data-candidate="{denunciation.tracking_code}"' in body
    assert 'data-reason="person_phone"' in body
    assert 'data-reason="person_name"' in body


def test_family_page_lists_what_the_reader_may_see(tree, staff, client_for):
    at_ward = receive(tree.agency(tree.ba_dinh), on="2026-11-02", signer_count=6)
    at_city = receive(tree.agency(tree.hanoi), on="2026-11-02", content="Gửi thành phố")
    confirm_link(actor=staff.province_leader, petition=at_city, other=at_ward, kind=LinkKind.COPY)
    family = refreshed(at_ward).family
    url = f"/staff/cases/{family.pk}/"
    body = client_for(staff.officer).get(url).content.decode()
    assert f'data-paper="{at_ward.tracking_code}"' in body
    assert at_city.tracking_code not in body
    assert "1 more paper at an agency you may not see." in body
    assert 'data-flag="mass"' in body
    assert 'data-flag="level_skipping"' in body
    assert "6 people signed a paper or came to the reception (from 5)." in body
    body = client_for(staff.province_leader).get(url).content.decode()
    assert f'data-paper="{at_city.tracking_code}"' in body
    assert "Copy of the same paper sent to several bodies" in body
    assert "you may not see" not in body
    # Outside every paper's scope: forbidden; no such family: not found.
    assert client_for(staff.ngoc_ha_officer).get(url).status_code == 403
    assert client_for(staff.bac_ly_officer).get(url).status_code == 403
    assert client_for(staff.officer).get("/staff/cases/999999/").status_code == 404


def test_family_list_with_filters(tree, staff, client_for, make_user):
    mass = receive(tree.agency(tree.ba_dinh), signer_count=7, on="2026-11-02")
    plain = receive(tree.agency(tree.ba_dinh), content="Đơn thường", on="2026-11-03")
    ended = receive(tree.agency(tree.ba_dinh), content="Đã rút", on="2026-11-04")
    petitions.withdraw(actor=None, petition=ended, expected_version=1)
    from danvan.cases.services import refresh_family

    refresh_family(refreshed(ended).family)
    elsewhere = receive(tree.agency(tree.ngoc_ha), signer_count=9, content="Phường bên")
    officer = client_for(staff.officer)
    body = officer.get("/staff/cases/").content.decode()
    for p in (mass, plain, ended):
        assert f'data-family="{p.family_id}"' in body
    assert f'data-family="{elsewhere.family_id}"' not in body
    assert 'data-count="cases">3<' in body
    assert 'data-count="mass">1<' in body
    body = officer.get("/staff/cases/?flag=mass").content.decode()
    assert f'data-family="{mass.family_id}"' in body
    assert f'data-family="{plain.family_id}"' not in body
    body = officer.get("/staff/cases/?open=1").content.decode()
    assert f'data-family="{ended.family_id}"' not in body
    assert f'data-family="{plain.family_id}"' in body
    # An unknown flag shows everything; a page past the end shows the last one.
    body = officer.get("/staff/cases/?flag=nonsense&page=99").content.decode()
    assert f'data-family="{plain.family_id}"' in body
    leader_body = client_for(staff.province_leader).get("/staff/cases/").content.decode()
    assert f'data-family="{elsewhere.family_id}"' in leader_body
    citizen = make_user(Role.CITIZEN)
    assert client_for(citizen).get("/staff/cases/").status_code == 403
    assert CaseFamily.objects.count() == 4


def test_queue_badges_from_the_family(tree, staff, client_for):
    petition = receive(tree.agency(tree.ba_dinh), signer_count=5, on=date.today().isoformat())
    from django.template import Context, Template

    html = Template("{% load case_families %}{% family_flags p %}").render(
        Context({"p": Petition.objects.select_related("family").get(pk=petition.pk)})
    )
    assert 'data-flag="mass"' in html
    assert "Mass case" in html
    plain = receive(tree.agency(tree.ba_dinh), content="Khác", on=date.today().isoformat())
    html = Template("{% load case_families %}{% family_flags p %}").render(
        Context({"p": Petition.objects.select_related("family").get(pk=plain.pk)})
    )
    assert html == ""
