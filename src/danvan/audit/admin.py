from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danvan.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("seq", "occurred_at", "kind", "action", "actor_label", "target_label")
    list_filter = ("kind", "action")
    search_fields = ("action", "actor_label", "target_label", "target_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
