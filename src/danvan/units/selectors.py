"""Reads of the unit tree."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from danvan.core.text import fold
from danvan.units.models import AdministrativeUnit, Agency, UnitLevel, UnitScheme


def provinces() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(
        scheme=UnitScheme.OFFICIAL_2025, level=UnitLevel.PROVINCE, is_active=True
    ).order_by("name_collation")


def communes_of(province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(
        path__startswith=province.path, level=UnitLevel.COMMUNE, is_active=True
    ).order_by("name_collation")


def children_of(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return unit.children.filter(is_active=True).order_by("name_collation")


def unit_by_code(code: str, *, scheme: str = UnitScheme.OFFICIAL_2025) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(scheme=scheme, code=code)


def search_units(
    query: str, *, within: AdministrativeUnit | None = None, limit: int = 20
) -> list[AdministrativeUnit]:
    """Units whose name contains every word of ``query``, with or without diacritics."""
    words = fold(query).split()
    if not words:
        return []
    condition = Q(is_active=True)
    for word in words:
        condition &= Q(name_folded__contains=word)
    units = AdministrativeUnit.objects.filter(condition)
    if within is not None:
        units = units.filter(path__startswith=within.path)
    return list(units.select_related("parent").order_by("level", "name_collation")[:limit])


def agencies_of(unit: AdministrativeUnit) -> QuerySet[Agency]:
    return unit.agencies.filter(is_active=True).order_by("kind", "name")
