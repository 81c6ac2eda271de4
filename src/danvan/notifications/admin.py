"""Citizens' messages in the administration site, read-only: what was said, and whether
each channel delivered it. Addresses appear masked only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.notifications.models import CitizenNotice, Delivery
from danvan.reception.admin import ReadOnlyAdmin


class DeliveryInline(admin.TabularInline[Delivery, CitizenNotice]):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("channel", "address_hint", "status", "attempts", "next_attempt_at", "last_error")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CitizenNotice)
class CitizenNoticeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "tracking_code", "event")
    list_filter = ("event",)
    search_fields = ("petition__tracking_code",)
    exclude = ("petition",)
    readonly_fields = ("tracking_code", "event", "subject", "text", "created_at")
    inlines = [DeliveryInline]

    @admin.display(description=_("tracking code"))
    def tracking_code(self, notice: CitizenNotice) -> str:
        # The code only: a petition's title may name people.
        return notice.petition.tracking_code


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "address_hint", "status", "attempts", "last_error")
    list_filter = ("status", "channel")
    search_fields = ("notice__petition__tracking_code",)
    exclude = ("notice",)
