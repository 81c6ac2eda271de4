"""Writes to the unit tree and agencies. Each public function checks permission,
validates, writes and records an audit entry in one transaction."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.permissions import require_perm
from danvan.core.text import collation_key, fold, normalize_text
from danvan.units.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    UnitKind,
    UnitLevel,
    UnitScheme,
)

NATION_CODE = "VN"
NATION_PATH = "VN/"
VILLAGE_KINDS = (UnitKind.VILLAGE, UnitKind.RESIDENTIAL_GROUP)
MAX_VILLAGES_PER_IMPORT = 2000


@dataclass
class OfficialUnit:
    """One row of an official list, as the sync needs it."""

    code: str
    name: str
    kind: str
    level: int
    codename: str
    parent_code: str | None


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deactivated)


_KIND_FROM_PACKAGE = {
    "tỉnh": UnitKind.PROVINCE,
    "thành phố trung ương": UnitKind.CENTRAL_CITY,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}


def official_units_2025() -> list[OfficialUnit]:
    """The 34 provinces and 3,321 communes from the ``vietnam-provinces`` package."""
    from vietnam_provinces import Province, Ward

    rows = [
        OfficialUnit(
            code=f"{province.code.value:02d}",
            name=province.name,
            kind=_KIND_FROM_PACKAGE[province.division_type.value],
            level=UnitLevel.PROVINCE,
            codename=province.codename,
            parent_code=None,
        )
        for province in Province.iter_all()
    ]
    rows += [
        OfficialUnit(
            code=f"{ward.code.value:05d}",
            name=ward.name,
            kind=_KIND_FROM_PACKAGE[ward.division_type.value],
            level=UnitLevel.COMMUNE,
            codename=ward.codename,
            parent_code=f"{ward.province_code.value:02d}",
        )
        for ward in Ward.iter_all()
    ]
    return rows


def ensure_nation() -> AdministrativeUnit:
    nation, _created = AdministrativeUnit.objects.get_or_create(
        scheme=UnitScheme.OFFICIAL_2025,
        code=NATION_CODE,
        defaults={
            "name": "Việt Nam",
            "name_folded": "viet nam",
            "name_collation": collation_key("Việt Nam"),
            "level": UnitLevel.NATION,
            "kind": UnitKind.NATION,
            "path": NATION_PATH,
        },
    )
    return nation


def _move_subtree(unit: AdministrativeUnit, new_path: str) -> None:
    """Re-prefix the paths of ``unit``'s descendants after it moved or was recoded."""
    old_path = unit.path
    AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1))
    )


@transaction.atomic
def sync_official_units(
    *, actor: Any = None, rows: Iterable[OfficialUnit] | None = None
) -> SyncResult:
    """Create or update the official units; deactivate those no longer listed.

    Idempotent: a second run with the same list changes nothing. Units are matched by
    official code, so a renamed or reclassified unit keeps its id and every reference.
    """
    require_perm(
        actor,
        "units.sync_official_units",
        message=_("Only a system administrator may load the official unit list."),
    )
    rows = list(official_units_2025() if rows is None else rows)
    result = SyncResult()
    nation = ensure_nation()
    existing = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(scheme=UnitScheme.OFFICIAL_2025).exclude(
            pk=nation.pk
        )
    }
    by_code: dict[str, AdministrativeUnit] = {NATION_CODE: nation}
    seen: set[str] = set()
    for row in sorted(rows, key=lambda r: r.level):
        parent = by_code[row.parent_code] if row.parent_code else nation
        name = normalize_text(row.name)
        wanted: dict[str, Any] = {
            "name": name,
            "name_folded": fold(name),
            "name_collation": collation_key(name),
            "codename": row.codename,
            "level": row.level,
            "kind": row.kind,
            "parent_id": parent.pk,
            "is_active": True,
        }
        path = f"{parent.path}{row.code}/"
        unit = existing.get(row.code)
        seen.add(row.code)
        if unit is None:
            unit = AdministrativeUnit.objects.create(
                scheme=UnitScheme.OFFICIAL_2025, code=row.code, path=path, **wanted
            )
            result.created.append(row.code)
        else:
            changes = {k: v for k, v in wanted.items() if getattr(unit, k) != v}
            if unit.path != path:
                _move_subtree(unit, path)
                changes["path"] = path
            if changes:
                for name_, value in changes.items():
                    setattr(unit, name_, value)
                unit.save()
                result.updated.append(row.code)
            else:
                result.unchanged += 1
        by_code[row.code] = unit
    for code, unit in existing.items():
        if code not in seen and unit.is_active:
            unit.is_active = False
            unit.save(update_fields=["is_active", "updated_at"])
            result.deactivated.append(code)
    if result.changed:
        record_write(
            actor=actor,
            action="units.sync_official",
            after={
                "created": len(result.created),
                "updated": result.updated[:500],
                "deactivated": result.deactivated,
            },
        )
    return result


def _agency_code(kind: str, unit: AdministrativeUnit) -> str:
    return f"{kind.replace('_', '-')}-{unit.code.lower().replace('.', '-')}"


def _standard_agencies(unit: AdministrativeUnit) -> list[tuple[str, str]]:
    short = unit.name
    if unit.level == UnitLevel.NATION:
        return [(AgencyKind.INSPECTORATE, "Thanh tra Chính phủ")]
    if unit.level == UnitLevel.PROVINCE:
        return [
            (AgencyKind.PEOPLES_COMMITTEE, f"Ủy ban nhân dân {short}"),
            (AgencyKind.INSPECTORATE, f"Thanh tra {short}"),
            (AgencyKind.RECEPTION_OFFICE, f"Ban Tiếp công dân {short}"),
            (AgencyKind.MASS_MOBILIZATION, f"Ban Dân vận Tỉnh ủy {short}"),
        ]
    if unit.level == UnitLevel.COMMUNE:
        return [(AgencyKind.PEOPLES_COMMITTEE, f"Ủy ban nhân dân {short}")]
    return []


@transaction.atomic
def ensure_standard_agencies(*, actor: Any = None) -> int:
    """Create the agencies every unit has by law (UBND, Thanh tra tỉnh…). Idempotent."""
    require_perm(
        actor,
        "units.sync_official_units",
        message=_("Only a system administrator may create standard agencies."),
    )
    have = set(Agency.objects.values_list("code", flat=True))
    new: list[Agency] = []
    units = AdministrativeUnit.objects.filter(
        scheme=UnitScheme.OFFICIAL_2025,
        is_active=True,
        level__in=[UnitLevel.NATION, UnitLevel.PROVINCE, UnitLevel.COMMUNE],
    )
    for unit in units:
        for kind, name in _standard_agencies(unit):
            code = _agency_code(kind, unit)
            if code not in have:
                new.append(
                    Agency(unit=unit, kind=kind, code=code, name=name, name_folded=fold(name))
                )
    Agency.objects.bulk_create(new, batch_size=1000)
    if new:
        record_write(
            actor=actor, action="units.ensure_standard_agencies", after={"created": len(new)}
        )
    return len(new)


@transaction.atomic
def create_agency(
    *, actor: Any, unit: AdministrativeUnit, kind: str, name: str, code: str = ""
) -> Agency:
    require_perm(
        actor, "units.manage_agencies", unit, message=_("You may not add agencies to this unit.")
    )
    name = normalize_text(name)
    if not name:
        raise ValidationError({"name": _("Enter the agency's name.")})
    if kind not in AgencyKind.values:
        raise ValidationError({"kind": _("Unknown agency kind.")})
    code = code or _agency_code(kind, unit)
    if Agency.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An agency with this code already exists.")})
    agency = Agency.objects.create(
        unit=unit, kind=kind, name=name, name_folded=fold(name), code=code
    )
    record_write(
        actor=actor,
        action="units.agency.create",
        target=agency,
        after={"unit": unit.code, "kind": kind, "name": name, "code": code},
        unit_id=unit.pk,
    )
    return agency


def _validate_village_name(name: str) -> str:
    name = normalize_text(name)
    if not name:
        raise ValidationError({"name": _("Enter the village's name.")})
    if len(name) > 200:
        raise ValidationError({"name": _("The name is too long (at most 200 characters).")})
    return name


def _next_village_code(commune: AdministrativeUnit) -> str:
    existing = AdministrativeUnit.objects.filter(parent=commune, scheme=UnitScheme.LOCAL).count()
    number = existing + 1
    while AdministrativeUnit.objects.filter(
        scheme=UnitScheme.LOCAL, code=f"{commune.code}-{number:03d}"
    ).exists():
        number += 1
    return f"{commune.code}-{number:03d}"


def _create_village(commune: AdministrativeUnit, name: str, kind: str) -> AdministrativeUnit:
    code = _next_village_code(commune)
    return AdministrativeUnit.objects.create(
        scheme=UnitScheme.LOCAL,
        code=code,
        name=name,
        name_folded=fold(name),
        name_collation=collation_key(name),
        level=UnitLevel.VILLAGE,
        kind=kind,
        parent=commune,
        path=f"{commune.path}{code}/",
        is_remote_area=commune.is_remote_area,
    )


def _check_village_target(actor: Any, commune: AdministrativeUnit) -> None:
    require_perm(
        actor,
        "units.manage_villages",
        commune,
        message=_("You may not change the villages of this commune."),
    )
    if commune.level != UnitLevel.COMMUNE or not commune.is_active:
        raise ValidationError(_("Villages can only be added to a commune in force."))


@transaction.atomic
def add_village(
    *, actor: Any, commune: AdministrativeUnit, name: str, kind: str = UnitKind.VILLAGE
) -> AdministrativeUnit:
    """Add a thôn or tổ dân phố to a commune."""
    _check_village_target(actor, commune)
    name = _validate_village_name(name)
    if kind not in VILLAGE_KINDS:
        raise ValidationError({"kind": _("Choose village or residential group.")})
    if commune.children.filter(name_folded=fold(name), is_active=True).exists():
        raise ValidationError({"name": _("This commune already has a village with this name.")})
    village = _create_village(commune, name, kind)
    record_write(
        actor=actor,
        action="units.village.create",
        target=village,
        after={"code": village.code, "name": name, "kind": kind, "commune": commune.code},
        unit_id=commune.pk,
    )
    return village


@dataclass
class VillageImportResult:
    created: list[AdministrativeUnit]
    skipped: list[str]


_KIND_WORDS = {
    "thon": UnitKind.VILLAGE,
    "thôn": UnitKind.VILLAGE,
    "village": UnitKind.VILLAGE,
    "to_dan_pho": UnitKind.RESIDENTIAL_GROUP,
    "tổ dân phố": UnitKind.RESIDENTIAL_GROUP,
    "to dan pho": UnitKind.RESIDENTIAL_GROUP,
    "residential_group": UnitKind.RESIDENTIAL_GROUP,
}


def _decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))


@transaction.atomic
def import_villages_csv(
    *, actor: Any, commune: AdministrativeUnit, data: bytes
) -> VillageImportResult:
    """Add villages from a CSV with a ``name`` column (``ten`` also accepted) and an
    optional ``kind`` column (thôn / tổ dân phố). All rows are checked before any is
    written: one bad row rejects the file, with every problem listed by line number.
    Names that already exist are skipped, so importing the same file twice is harmless.
    """
    _check_village_target(actor, commune)
    text = _decode_csv(data)
    reader = csv.DictReader(io.StringIO(text))
    headers = {normalize_text(h or "").lower(): h for h in (reader.fieldnames or [])}
    name_col = headers.get("name") or headers.get("ten") or headers.get("tên")
    kind_col = headers.get("kind") or headers.get("loai") or headers.get("loại")
    if name_col is None:
        raise ValidationError(_("The CSV file needs a column named 'name' (or 'tên')."))
    errors: list[str] = []
    wanted: list[tuple[str, str]] = []
    seen: set[str] = set()
    existing = set(commune.children.filter(is_active=True).values_list("name_folded", flat=True))
    skipped: list[str] = []
    for row in reader:
        line_no = reader.line_num
        raw_name = row.get(name_col) or ""
        try:
            name = _validate_village_name(raw_name)
        except ValidationError:
            errors.append(_("Line %(line)d: the name is empty or too long.") % {"line": line_no})
            continue
        raw_kind = normalize_text((row.get(kind_col) or "") if kind_col else "").lower()
        kind = _KIND_WORDS.get(raw_kind, UnitKind.VILLAGE if not raw_kind else "")
        if not kind:
            errors.append(
                _("Line %(line)d: unknown kind '%(kind)s' (use thôn or tổ dân phố).")
                % {"line": line_no, "kind": raw_kind}
            )
            continue
        key = fold(name)
        if key in existing or key in seen:
            skipped.append(name)
            continue
        seen.add(key)
        wanted.append((name, kind))
    if len(wanted) > MAX_VILLAGES_PER_IMPORT:
        errors.append(_("Too many rows (at most %(n)d).") % {"n": MAX_VILLAGES_PER_IMPORT})
    if errors:
        raise ValidationError(errors)
    created = [_create_village(commune, name, kind) for name, kind in wanted]
    record_write(
        actor=actor,
        action="units.village.import",
        target=commune,
        after={"created": [v.code for v in created], "skipped": skipped},
        unit_id=commune.pk,
    )
    return VillageImportResult(created=created, skipped=skipped)


@transaction.atomic
def set_remote_area(*, actor: Any, unit: AdministrativeUnit, is_remote: bool) -> None:
    """Mark a unit (and everything below it) as remote, which lengthens legal deadlines."""
    require_perm(
        actor,
        "units.sync_official_units",
        message=_("Only a system administrator may mark remote areas."),
    )
    before = unit.is_remote_area
    unit.subtree().update(is_remote_area=is_remote)
    record_write(
        actor=actor,
        action="units.set_remote_area",
        target=unit,
        before={"is_remote_area": before},
        after={"is_remote_area": is_remote},
        unit_id=unit.pk,
    )
