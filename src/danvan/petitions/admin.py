"""Petitions are handled on the staff pages; the administration site only lists them."""

from __future__ import annotations

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from danvan.petitions.models import Category, Petition
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
        "petitioner_key",
        # An account or a register line would name the person too (a denouncer above all).
        "petitioner_user",
        "visit",
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "code", "group", "order", "is_active")
    list_filter = ("group", "is_active")
    search_fields = ("name", "code", "keywords")

    def has_delete_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        # Petitions keep their category; retire one by clearing "in use" instead.
        return False

    def save_model(
        self, request: HttpRequest, obj: Category, form: ModelForm[Category], change: bool
    ) -> None:
        from danvan.petitions.services import save_category

        save_category(actor=request.user, category=obj)
