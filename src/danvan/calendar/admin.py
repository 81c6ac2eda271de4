"""Admin for calendar overrides. Every save and delete goes through the services, so
admin edits are checked, audited and announced like any other change."""

from __future__ import annotations

from typing import Any

import rules
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from danvan.calendar.models import CalendarOverride
from danvan.calendar.services import clean_override, remove_override, set_override


class CalendarOverrideForm(forms.ModelForm[CalendarOverride]):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "reason", "legal_reference"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        day = cleaned.get("date", self.instance.date if self.instance.pk else None)
        if day is None or not cleaned.get("kind") or self.errors:
            return cleaned
        try:
            cleaned.update(
                clean_override(
                    date=day,
                    kind=cleaned["kind"],
                    reason=cleaned.get("reason", ""),
                    legal_reference=cleaned.get("legal_reference", ""),
                    existing=self.instance if self.instance.pk else None,
                )
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin[CalendarOverride]):
    form = CalendarOverrideForm
    list_display = ("date", "kind", "reason", "legal_reference", "updated_at")
    list_filter = ("kind",)
    search_fields = ("reason", "legal_reference")
    date_hierarchy = "date"
    readonly_fields = ("created_by", "created_at", "updated_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Moving an override to another date is a removal plus a new override.
        if obj is not None and obj.pk:
            return ("date", *self.readonly_fields)
        return tuple(self.readonly_fields)

    def _may_manage(self, request: HttpRequest) -> bool:
        return rules.has_perm("calendar.manage_overrides", request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_manage(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_manage(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_manage(request)

    def save_model(
        self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool
    ) -> None:
        saved = set_override(
            actor=request.user,
            date=obj.date,
            kind=obj.kind,
            reason=obj.reason,
            legal_reference=obj.legal_reference,
        )
        # The admin logs and redirects using ``obj``; make it the saved row.
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        remove_override(actor=request.user, date=obj.date)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        with transaction.atomic():
            for day in list(queryset.values_list("date", flat=True)):
                remove_override(actor=request.user, date=day)
