"""Users (tài khoản) and their roles (vai trò) on agencies."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.roles import Role
from danvan.core.crypto import EncryptedTextField


class UserManager(BaseUserManager["User"]):
    def create_user(
        self, phone: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        # Used by Django internals and the admin; application code uses services.create_user.
        from danvan.accounts.services import create_user

        return create_user(actor=None, phone=phone or "", password=password, **extra)

    def create_superuser(
        self, phone: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        from danvan.accounts.services import create_system_admin

        return create_system_admin(actor=None, phone=phone or "", password=password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        from danvan.accounts.selectors import user_by_login

        user = user_by_login(username or "")
        if user is None:
            raise self.model.DoesNotExist
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: citizen or official. Login by phone or e-mail."""

    phone = models.CharField(_("phone number"), max_length=16, unique=True, null=True, blank=True)
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    citizen_id = EncryptedTextField(
        _("citizen ID number"), blank=True, default="", digest_field="citizen_id_digest"
    )
    citizen_id_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the administration site"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    preferred_language = models.CharField(_("language"), max_length=8, default="vi")

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user (tài khoản)")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False),
                name="user_has_phone_or_email",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.phone or self.email or f"#{self.pk}"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else ""


class RoleAssignment(models.Model):
    """A role held by a user on an agency, for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    covers_subtree = models.BooleanField(_("covers the units below"), default=False)
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment (phân quyền)")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.CITIZEN) | Q(agency__isnull=False),
                name="staff_role_needs_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency or ''}"
