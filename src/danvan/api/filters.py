"""Query filters of the list endpoints. Every filter is strict: a value it cannot read
is a 400 naming the parameter, never silently ignored."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.api.selectors import name_matches, unit_for_code
from danvan.petitions.models import Channel, Petition, PetitionKind, Status
from danvan.reception.models import ReceptionSession, SessionKind
from danvan.units.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    UnitKind,
    UnitLevel,
    UnitScheme,
)

ISO_DATE = ["%Y-%m-%d"]


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is an error rather than "no filter"."""

    default_error_messages = {"invalid": _("Use true or false.")}
    _VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self._VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictFilterSet(django_filters.FilterSet):
    """Refuses a parameter that is present but empty (``?kind=``): in an API that is a
    mistake in the client, not a request for everything."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data.get(name, "").strip() == "":
                self.form.add_error(name, _("Give a value or leave the parameter out."))
                valid = False
        return valid


def _in_subtree(field: str) -> Any:
    """A filter method: rows in the unit with this code and every unit below it."""

    def method(self: Any, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        unit = unit_for_code(value)
        if unit is None:
            return queryset.none()
        return queryset.filter(**{f"{field}__startswith": unit.path})

    return method


def _search(self: Any, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    return queryset.filter(name_matches(value))


class UnitFilter(StrictFilterSet):
    scheme = django_filters.ChoiceFilter(choices=UnitScheme.choices, help_text=_("Code list."))
    code = django_filters.CharFilter(help_text=_("Unit code, e.g. 01 or 00004."))
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices)
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    parent = django_filters.CharFilter(
        field_name="parent__code", help_text=_("Code of the parent unit: its direct children.")
    )
    within = django_filters.CharFilter(
        method="filter_within", help_text=_("Code of a unit: it and every unit below it.")
    )
    q = django_filters.CharFilter(
        method="filter_q", help_text=_("Words of the name, with or without diacritics.")
    )
    active = StrictBooleanFilter(field_name="is_active", help_text=_("In force or not."))

    filter_within = _in_subtree("path")
    filter_q = _search

    class Meta:
        model = AdministrativeUnit
        fields: list[str] = []


class AgencyFilter(StrictFilterSet):
    unit = django_filters.CharFilter(
        field_name="unit__code", help_text=_("Code of the unit the agency belongs to.")
    )
    within = django_filters.CharFilter(
        method="filter_within", help_text=_("Code of a unit: agencies of it and every unit below.")
    )
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices)
    q = django_filters.CharFilter(
        method="filter_q", help_text=_("Words of the name, with or without diacritics.")
    )
    active = StrictBooleanFilter(field_name="is_active")

    filter_within = _in_subtree("unit__path")
    filter_q = _search

    class Meta:
        model = Agency
        fields: list[str] = []


class PetitionFilter(StrictFilterSet):
    kind = django_filters.ChoiceFilter(choices=PetitionKind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    unit = django_filters.CharFilter(
        method="filter_unit", help_text=_("Code of a unit: petitions of it and every unit below.")
    )
    agency = django_filters.CharFilter(field_name="agency__code", help_text=_("Agency code."))
    category = django_filters.CharFilter(field_name="category__code", help_text=_("Category code."))
    tracking_code = django_filters.CharFilter(help_text=_("Tracking code given to the citizen."))
    received_from = django_filters.DateFilter(
        field_name="received_on",
        lookup_expr="gte",
        input_formats=ISO_DATE,
        help_text=_("Received on or after this day (YYYY-MM-DD)."),
    )
    received_to = django_filters.DateFilter(
        field_name="received_on",
        lookup_expr="lte",
        input_formats=ISO_DATE,
        help_text=_("Received on or before this day (YYYY-MM-DD)."),
    )
    overdue = StrictBooleanFilter(
        field_name="is_overdue", help_text=_("A statutory period has run out.")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("received_on", "received_on"), ("next_due_on", "next_due_on"), ("id", "id")),
        help_text=_("Sort by received_on, next_due_on or id; a leading minus reverses."),
    )

    filter_unit = _in_subtree("unit_path")

    class Meta:
        model = Petition
        fields: list[str] = []


class ReceptionSessionFilter(StrictFilterSet):
    unit = django_filters.CharFilter(
        method="filter_unit", help_text=_("Code of a unit: sessions of it and every unit below.")
    )
    agency = django_filters.CharFilter(field_name="agency__code", help_text=_("Agency code."))
    kind = django_filters.ChoiceFilter(choices=SessionKind.choices)
    held_from = django_filters.DateFilter(
        field_name="held_on",
        lookup_expr="gte",
        input_formats=ISO_DATE,
        help_text=_("Held on or after this day (YYYY-MM-DD)."),
    )
    held_to = django_filters.DateFilter(
        field_name="held_on",
        lookup_expr="lte",
        input_formats=ISO_DATE,
        help_text=_("Held on or before this day (YYYY-MM-DD)."),
    )

    filter_unit = _in_subtree("agency__unit__path")

    class Meta:
        model = ReceptionSession
        fields: list[str] = []
