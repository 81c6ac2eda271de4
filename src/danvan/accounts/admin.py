"""Administration pages for accounts and roles. Every change goes through the
services, so it is permission-checked and audited like any other write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.services import clean_identity, create_user, grant_role, revoke_role


class UserCreationForm(forms.ModelForm[User]):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False)
    citizen_id_input = forms.CharField(label=_("citizen ID number"), required=False)

    class Meta:
        model = User
        fields = ("full_name", "phone", "email")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            clean_identity(
                phone=data.get("phone") or "",
                email=data.get("email") or "",
                full_name=data.get("full_name") or "",
                citizen_id=data.get("citizen_id_input") or "",
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field != "citizen_id" else "citizen_id_input", errors)
        if data.get("password"):
            try:
                validate_password(data["password"])
            except ValidationError as exc:
                self.add_error("password", exc.messages)
        return data


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("full_name", "phone", "email", "is_active", "date_joined")
    list_filter = ("is_active",)
    search_fields = ("full_name", "phone", "email")
    readonly_fields = ("full_name", "phone", "email", "is_active", "date_joined", "last_login")
    fields = readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = UserCreationForm
            kwargs["fields"] = ("full_name", "phone", "email", "password", "citizen_id_input")
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("full_name", "phone", "email", "password", "citizen_id_input")
        return self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated, never deleted: the audit log refers to them

    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool
    ) -> None:
        if change:
            return
        data = form.cleaned_data
        created = create_user(
            actor=request.user,
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            full_name=data.get("full_name") or "",
            password=data.get("password") or None,
            citizen_id=data.get("citizen_id_input") or "",
        )
        obj.pk = created.pk


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = ("user", "role", "agency", "covers_subtree", "valid_from", "revoked_at")
    list_filter = ("role", "covers_subtree")
    search_fields = ("user__full_name", "user__phone", "agency__name")
    autocomplete_fields = ("user", "agency")
    fields = ("user", "role", "agency", "covers_subtree")
    actions = ["revoke_selected"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted

    def save_model(
        self,
        request: HttpRequest,
        obj: RoleAssignment,
        form: ModelForm[RoleAssignment],
        change: bool,
    ) -> None:
        created = grant_role(
            actor=request.user,
            user=obj.user,
            role=obj.role,
            agency=obj.agency,
            covers_subtree=obj.covers_subtree,
        )
        obj.pk = created.pk

    @admin.action(description=_("Revoke the selected roles"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for assignment in queryset:
            revoke_role(actor=request.user, assignment=assignment)
