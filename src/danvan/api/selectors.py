"""Reads behind the API. Lists are scoped exactly as the staff pages are: a user sees
the petitions and reception sessions of the units their roles reach."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from danvan.accounts.selectors import scopes_of, units_readable_by
from danvan.core.text import fold
from danvan.petitions.models import Category, Clock, Petition
from danvan.petitions.selectors import statistics
from danvan.reception.models import ReceptionSession
from danvan.reception.selectors import reception_figures
from danvan.satisfaction.selectors import satisfaction_index
from danvan.units.models import AdministrativeUnit, Agency, UnitScheme

# Codes given in the API name units of the current official list or villages added by
# communes; the two code lists never share a code.
PUBLIC_SCHEMES = (UnitScheme.OFFICIAL_2025, UnitScheme.LOCAL)


def unit_for_code(code: str) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(scheme__in=PUBLIC_SCHEMES, code=code).first()


def units() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.select_related("parent").order_by("level", "name_collation")


def name_matches(query: str, *, field: str = "name_folded") -> Q:
    """Every word of the search, with or without diacritics, in the folded name (the rule
    of ``danvan.units.selectors.search_units``)."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(**{f"{field}__contains": word})
    return condition


def agencies() -> QuerySet[Agency]:
    return Agency.objects.select_related("unit").order_by("unit__path", "kind", "name")


def categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("order", "name")


def petitions_readable_by(user: Any) -> QuerySet[Petition]:
    """One query over the user's scopes: a unit alone, or a subtree by path prefix."""
    condition = Q(pk__in=[])
    for scope in scopes_of(user):
        if scope.subtree:
            condition |= Q(unit_path__startswith=scope.path)
        else:
            condition |= Q(unit_id=scope.unit_id)
    return (
        Petition.objects.filter(condition)
        .select_related("agency", "unit", "category")
        .order_by("-received_on", "-pk")
    )


def petition_by_id(pk: int) -> Petition | None:
    """Any petition, for the detail page; the caller checks ``petitions.view_petition``."""
    return (
        Petition.objects.select_related("agency", "unit", "category")
        .prefetch_related(Prefetch("clocks", queryset=Clock.objects.order_by("started_on", "pk")))
        .filter(pk=pk)
        .first()
    )


def _with_visit_totals(sessions: QuerySet[ReceptionSession]) -> QuerySet[ReceptionSession]:
    return sessions.select_related("agency", "agency__unit", "chaired_by").annotate(
        visit_count=Count("visits"), people_count=Sum("visits__people_count")
    )


def sessions_readable_by(user: Any) -> QuerySet[ReceptionSession]:
    return _with_visit_totals(
        ReceptionSession.objects.filter(agency__unit__in=units_readable_by(user))
    ).order_by("-held_on", "-pk")


def session_by_id(pk: int) -> ReceptionSession | None:
    """Any session; the caller checks ``reception.view_reception`` on its agency."""
    return _with_visit_totals(ReceptionSession.objects.filter(pk=pk)).first()


def unit_statistics(unit: AdministrativeUnit, *, start: date, end: date) -> dict[str, Any]:
    """The figures of the statistics page: petitions and citizen reception in the unit
    and every unit below it, for the period."""
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "start": start,
        "end": end,
        "petitions": statistics(unit, start=start, end=end),
        "reception": reception_figures(unit, start=start, end=end),
        "satisfaction": satisfaction_index(unit, start=start, end=end),
    }
