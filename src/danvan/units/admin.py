"""Administration pages for units and agencies. The unit tree changes only through
``danvan load-units`` and the commune pages, so it is read-only here; agencies are
added through the service so that each addition is checked and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from danvan.units.models import AdministrativeUnit, Agency
from danvan.units.services import create_agency


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin[AdministrativeUnit]):
    list_display = ("name", "code", "kind", "level", "parent", "is_active", "is_remote_area")
    list_filter = ("level", "kind", "scheme", "is_active", "is_remote_area")
    search_fields = ("name", "name_folded", "code")
    list_select_related = ("parent",)
    ordering = ("path",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "kind", "unit", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_folded", "code", "unit__name")
    autocomplete_fields = ("unit",)
    fields = ("unit", "kind", "name", "code")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Agency, form: ModelForm[Agency], change: bool
    ) -> None:
        created = create_agency(
            actor=request.user,
            unit=obj.unit,
            kind=obj.kind,
            name=obj.name,
            code=obj.code,
        )
        obj.pk = created.pk
