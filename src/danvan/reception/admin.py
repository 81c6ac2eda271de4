"""Reception in the administration site: leaders' schedules are set here (through the
service, so they are audited); sessions and the register are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from danvan.reception.models import LeaderSchedule, ReceptionSession, Visit
from danvan.reception.services import set_leader_schedule


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "kind", "agency", "chaired_by", "delegated")
    list_filter = ("kind", "delegated")
    search_fields = ("agency__name",)


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("register_number", "full_name", "people_count", "handling", "session")
    list_filter = ("handling",)
    search_fields = ("full_name",)
    exclude = ("identity_document",)


@admin.register(LeaderSchedule)
class LeaderScheduleAdmin(admin.ModelAdmin[LeaderSchedule]):
    list_display = ("leader", "agency", "frequency", "valid_from", "valid_until")
    autocomplete_fields = ("agency", "leader")
    fields = ("agency", "leader", "frequency", "planned_days", "valid_from")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: LeaderSchedule,
        form: ModelForm[LeaderSchedule],
        change: bool,
    ) -> None:
        created = set_leader_schedule(
            actor=request.user,
            agency=obj.agency,
            leader=obj.leader,
            frequency=obj.frequency,
            valid_from=obj.valid_from,
            planned_days=obj.planned_days,
        )
        obj.pk = created.pk
