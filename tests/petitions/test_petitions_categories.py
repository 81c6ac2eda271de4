"""Categories (lĩnh vực) and the place of a petition."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.petitions.models import Category, Petition
from danvan.petitions.services import save_category
from tests.petitions.conftest import receive_one
from tests.petitions.test_petitions_views import post_intake


def test_the_standard_categories_are_seeded(db):
    codes = list(Category.objects.values_list("code", flat=True))
    assert codes[0] == "dat-dai"
    assert codes[-1] == "khac"
    assert len(codes) == 11


def test_staff_record_the_category_and_place_and_see_them(tree, staff, client_for):
    land = Category.objects.get(code="dat-dai")
    officer = client_for(staff.officer)
    response = post_intake(
        officer, tree.agency(tree.ba_dinh), category=land.pk, location_address="Thửa 112, tờ 7"
    )
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert (petition.category, petition.location_address) == (land, "Thửa 112, tờ 7")
    page = officer.get(response["Location"]).content.decode()
    assert "Đất đai" in page
    assert "Thửa 112, tờ 7" in page


def test_a_forwarded_copy_keeps_category_and_point(tree, staff):
    from danvan.petitions import services

    roads = Category.objects.get(code="giao-thong")
    p = receive_one(
        staff,
        tree.agency(tree.ba_dinh),
        kind="petition",
        category=roads,
        latitude="21.0350",
        longitude="105.8300",
    )
    assert (p.latitude, p.longitude) == (Decimal("21.035000"), Decimal("105.830000"))
    services.forward(
        actor=staff.officer,
        petition=p,
        to_agency=tree.agency(tree.hanoi, "thanh_tra"),
        expected_version=p.version,
        reason="Thuộc thẩm quyền của tỉnh",
    )
    copy = Petition.objects.get(transferred_from=p)
    assert (copy.category, copy.latitude, copy.longitude) == (roads, p.latitude, p.longitude)


@pytest.mark.parametrize(
    ("lat", "lon"), [("1.0", "105.8"), ("21.0", "95.0"), ("21.0", None), ("x", "105.8")]
)
def test_points_outside_viet_nam_or_half_given_are_refused(tree, staff, lat, lon):
    with pytest.raises(ValidationError) as caught:
        receive_one(staff, tree.agency(tree.ba_dinh), latitude=lat, longitude=lon)
    assert "latitude" in caught.value.message_dict
    assert not Petition.objects.exists()


def test_only_administrators_change_categories_and_it_is_audited(tree, make_user):
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    category = Category(code="nong-nghiep", name="  Nông   nghiệp ")
    with pytest.raises(PermissionDenied):
        save_category(actor=leader, category=category)
    admin = make_user(Role.SYSTEM_ADMIN)
    saved = save_category(actor=admin, category=category)
    assert Category.objects.get(code="nong-nghiep").name == "Nông nghiệp"
    entry = AuditEntry.objects.filter(action="petitions.save_category").get()
    assert entry.target_id == str(saved.pk)
    with pytest.raises(ValidationError):
        save_category(actor=admin, category=Category(code="bad code!", name="Sai"))
