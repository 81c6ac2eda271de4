"""Read-only admin for the deadline rules: versions are added by migration (or a
future audited service), never edited in place, so every deadline already computed
can still be explained by the version it used."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import admin
from django.http import HttpRequest

from danvan.deadlines.models import DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin[DeadlineRule]):
    list_display = (
        "rule_id",
        "effective_from",
        "effective_until",
        "days",
        "unit",
        "direction",
        "citation",
    )
    list_filter = ("unit", "direction")
    search_fields = ("rule_id", "title", "citation", "source_note")
    ordering = ("rule_id", "effective_from")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in DeadlineRule._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return rules.has_perm("deadlines.manage_rules", request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
