"""Writes for users, roles and two-factor devices."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import ROLE_POLICIES, STAFF_ROLES, Role
from danvan.accounts.validators import normalize_phone, validate_citizen_id
from danvan.audit.services import record_write
from danvan.core.crypto import lookup_digest, lookup_digests
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_text
from danvan.units.models import Agency


def _check_admin(actor: Any, perm: str) -> None:
    require_perm(actor, perm, message=_("Only a system administrator may manage accounts."))


def clean_identity(
    *, phone: str, email: str, full_name: str, citizen_id: str, exclude_pk: int | None = None
) -> dict[str, Any]:
    """Normalise and check the identity fields of an account; errors keyed by field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {
        "phone": None,
        "email": None,
        "citizen_id": "",
        "citizen_id_digest": None,
    }
    if phone:
        try:
            cleaned["phone"] = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if email:
        email = email.strip().lower()
        try:
            validate_email(email)
            cleaned["email"] = email
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    if not phone and not email:
        errors.setdefault("phone", []).append(_("Enter a phone number or an e-mail address."))
    cleaned["full_name"] = normalize_text(full_name)
    if not cleaned["full_name"]:
        errors["full_name"] = [_("Enter the full name.")]
    if citizen_id:
        try:
            cleaned["citizen_id"] = validate_citizen_id(citizen_id)
            cleaned["citizen_id_digest"] = lookup_digest(cleaned["citizen_id"])
        except ValidationError as exc:
            errors["citizen_id"] = exc.messages
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if cleaned["phone"] and others.filter(phone=cleaned["phone"]).exists():
        errors.setdefault("phone", []).append(_("This phone number is already registered."))
    if cleaned["email"] and others.filter(email=cleaned["email"]).exists():
        errors.setdefault("email", []).append(_("This e-mail address is already registered."))
    if (
        cleaned["citizen_id"]
        and others.filter(citizen_id_digest__in=lookup_digests(cleaned["citizen_id"])).exists()
    ):
        errors.setdefault("citizen_id", []).append(_("This citizen ID is already registered."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def register_citizen(*, phone: str, full_name: str, password: str, email: str = "") -> User:
    """A citizen opens an account on the portal (optional: it only gathers their cases).
    No role is granted: an account without roles is a citizen's."""
    return create_user(actor=None, phone=phone, email=email, full_name=full_name, password=password)


@transaction.atomic
def create_user(
    *,
    actor: Any,
    phone: str = "",
    email: str = "",
    full_name: str = "",
    password: str | None = None,
    citizen_id: str = "",
    check_password_strength: bool = True,
    **extra: Any,
) -> User:
    """Create an account. Staff accounts are created by system administrators."""
    _check_admin(actor, "accounts.manage_users")
    cleaned = clean_identity(phone=phone, email=email, full_name=full_name, citizen_id=citizen_id)
    user = User(**cleaned, **extra)
    if password:
        if check_password_strength:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_write(
        actor=actor,
        action="accounts.user.create",
        target=user,
        after={"phone": user.phone, "email": user.email, "full_name": user.full_name},
    )
    return user


def _grant(
    user: User, role: str, agency: Agency | None, covers_subtree: bool, actor: Any
) -> RoleAssignment:
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        agency=agency,
        covers_subtree=covers_subtree,
        granted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if role == Role.SYSTEM_ADMIN and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    record_write(
        actor=actor,
        action="accounts.role.grant",
        target=assignment,
        after={
            "user": user.pk,
            "role": role,
            "agency": agency.code if agency else None,
            "covers_subtree": covers_subtree,
        },
        unit_id=agency.unit_id if agency else None,
    )
    user.__dict__.pop("_danvan_scopes", None)
    return assignment


@transaction.atomic
def grant_role(
    *,
    actor: Any,
    user: User,
    role: str,
    agency: Agency | None = None,
    covers_subtree: bool | None = None,
) -> RoleAssignment:
    """Give ``user`` a role on ``agency``; staff roles need an agency."""
    _check_admin(actor, "accounts.grant_roles")
    if role not in ROLE_POLICIES:
        raise ValidationError({"role": _("Unknown role.")})
    if role in STAFF_ROLES and agency is None:
        raise ValidationError({"agency": _("A staff role must be granted on an agency.")})
    if covers_subtree is None:
        covers_subtree = ROLE_POLICIES[role].subtree_by_default
    return _grant(user, role, agency, covers_subtree, actor)


@transaction.atomic
def revoke_role(*, actor: Any, assignment: RoleAssignment, reason: str = "") -> None:
    _check_admin(actor, "accounts.grant_roles")
    if assignment.revoked_at is not None:
        return
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])
    record_write(
        actor=actor,
        action="accounts.role.revoke",
        target=assignment,
        before={"role": assignment.role, "agency": assignment.agency_id},
        reason=reason,
    )


@transaction.atomic
def create_system_admin(
    *, actor: Any, phone: str = "", password: str | None = None, **extra: Any
) -> User:
    """An administrator on the national inspectorate agency (created if missing)."""
    from danvan.units.services import ensure_nation

    extra.pop("is_staff", None)
    extra.pop("is_superuser", None)
    user = create_user(actor=actor, phone=phone, password=password, **extra)
    nation = ensure_nation()
    agency, _created = Agency.objects.get_or_create(
        code="he-thong",
        defaults={
            "unit": nation,
            "kind": "khac",
            "name": "Quản trị hệ thống",
            "name_folded": "quan tri he thong",
        },
    )
    _grant(user, Role.SYSTEM_ADMIN, agency, True, actor)
    return user


@transaction.atomic
def confirm_totp_device(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator after the user typed a valid code from it."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_write(actor=user, action="accounts.2fa.enable", target=user)
    return True


def pending_totp_device(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="danvan", confirmed=False)
    return device
