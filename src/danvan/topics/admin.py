"""The topic list is edited in the administration site, through the service (audited)."""

from __future__ import annotations

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from danvan.topics.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ("name", "code", "order", "is_active", "updated_at")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code", "keywords", "description")
    ordering = ("order", "name")

    def has_delete_permission(self, request: HttpRequest, obj: Topic | None = None) -> bool:
        # Petitions keep their topic; retire one by clearing "in use" instead.
        return False

    def save_model(
        self, request: HttpRequest, obj: Topic, form: ModelForm[Topic], change: bool
    ) -> None:
        from danvan.topics.services import save_topic

        save_topic(actor=request.user, topic=obj)
