"""The official unit list: exact counts, idempotence, renames and moves keep references."""

from __future__ import annotations

import dataclasses
from io import StringIO

import pytest
from django.core.management import call_command

from danvan.audit.models import AuditEntry
from danvan.units.models import AdministrativeUnit, Agency, UnitKind, UnitLevel
from danvan.units.services import (
    OfficialUnit,
    add_village,
    official_units_2025,
    sync_official_units,
)
from tests.conftest import SMALL_LIST


@pytest.mark.slow
@pytest.mark.django_db
def test_load_units_creates_exactly_34_provinces_and_3321_communes_and_is_idempotent():
    out = StringIO()
    call_command("load_units", stdout=out)
    assert AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).count() == 34
    assert AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).count() == 3321
    kinds = set(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).values_list("kind", flat=True)
    )
    assert kinds == {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE}
    # Every commune hangs under a province, and its path shows it.
    orphans = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).exclude(
        parent__level=UnitLevel.PROVINCE
    )
    assert not orphans.exists()
    hanoi = AdministrativeUnit.objects.get(scheme="vn2025", code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.subtree().filter(level=UnitLevel.COMMUNE).count() == 126

    snapshot = list(AdministrativeUnit.objects.order_by("pk").values())
    agencies = Agency.objects.count()
    audit_entries = AuditEntry.objects.count()

    out = StringIO()
    call_command("load_units", stdout=out)
    assert "tạo mới 0, cập nhật 0, ngừng hiệu lực 0" in out.getvalue()
    assert list(AdministrativeUnit.objects.order_by("pk").values()) == snapshot
    assert Agency.objects.count() == agencies
    assert AuditEntry.objects.count() == audit_entries  # nothing changed, nothing logged


def test_official_list_has_the_expected_shape():
    rows = official_units_2025()
    provinces = [r for r in rows if r.level == UnitLevel.PROVINCE]
    communes = [r for r in rows if r.level == UnitLevel.COMMUNE]
    assert len(provinces) == 34
    assert len(communes) == 3321
    assert len({r.code for r in communes}) == 3321
    assert {r.parent_code for r in communes} == {r.code for r in provinces}


def _with(rows: list[OfficialUnit], code: str, **changes: object) -> list[OfficialUnit]:
    return [dataclasses.replace(r, **changes) if r.code == code else r for r in rows]  # type: ignore[arg-type]


def test_renamed_and_reclassified_unit_keeps_its_id(tree, make_user):
    village = add_village(actor=None, commune=tree.ba_dinh, name="Tổ dân phố số 1")
    rows = _with(SMALL_LIST, "00004", name="Xã Ba Đình Mới", kind=UnitKind.COMMUNE)
    result = sync_official_units(actor=None, rows=rows)
    assert result.updated == ["00004"]
    unit = AdministrativeUnit.objects.get(pk=tree.ba_dinh.pk)
    assert (unit.name, unit.kind, unit.name_folded) == ("Xã Ba Đình Mới", "xa", "xa ba dinh moi")
    village.refresh_from_db()
    assert village.parent_id == unit.pk


def test_commune_moved_to_another_province_carries_its_villages(tree):
    village = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Một")
    sync_official_units(actor=None, rows=_with(SMALL_LIST, "00004", parent_code="37"))
    moved = AdministrativeUnit.objects.get(pk=tree.ba_dinh.pk)
    village.refresh_from_db()
    assert moved.parent_id == tree.ninhbinh.pk
    assert moved.path == "VN/37/00004/"
    assert village.path.startswith("VN/37/00004/")
    assert village.is_within(tree.ninhbinh)
    assert not village.is_within(tree.hanoi)


def test_unit_dropped_from_the_list_is_deactivated_not_deleted(tree):
    rows = [r for r in SMALL_LIST if r.code != "00008"]
    result = sync_official_units(actor=None, rows=rows)
    assert result.deactivated == ["00008"]
    ngoc_ha = AdministrativeUnit.objects.get(pk=tree.ngoc_ha.pk)
    assert ngoc_ha.is_active is False
    # Back on the list: active again, same row.
    sync_official_units(actor=None, rows=SMALL_LIST)
    ngoc_ha.refresh_from_db()
    assert ngoc_ha.is_active is True


def test_sync_by_a_non_admin_is_refused(tree, make_user):
    from django.core.exceptions import PermissionDenied

    from danvan.accounts.roles import Role

    leader = make_user(Role.LEADER, tree.agency(tree.hanoi))
    with pytest.raises(PermissionDenied):
        sync_official_units(actor=leader, rows=SMALL_LIST)
    admin = make_user(Role.SYSTEM_ADMIN)
    assert not sync_official_units(actor=admin, rows=SMALL_LIST).changed
