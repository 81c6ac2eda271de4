"""Petitions are handled on the staff pages; the administration site only lists them."""

from __future__ import annotations

from django.contrib import admin

from danvan.petitions.models import Petition
from danvan.reception.admin import ReadOnlyAdmin


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_code",
        "subject",
        "kind",
        "status",
        "agency",
        "received_on",
        "next_due_on",
    )
    list_filter = ("kind", "status", "channel", "is_overdue")
    search_fields = ("tracking_code", "subject")
    # Who petitioned is shown on the case page to those who handle it, not here.
    exclude = (
        "petitioner_name",
        "petitioner_address",
        "petitioner_phone",
        "petitioner_email",
        "petitioner_citizen_id",
        "petitioner_citizen_id_digest",
    )
