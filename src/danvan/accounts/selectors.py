"""Reads about users and the reach of their roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import ROLE_POLICIES, STAFF_ROLES, Role
from danvan.accounts.validators import normalize_phone
from danvan.units.models import AdministrativeUnit, Agency, UnitLevel


def user_by_login(identifier: str) -> User | None:
    """Find a user by e-mail or phone number, as typed on the login form."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    try:
        phone = normalize_phone(identifier)
    except ValidationError:
        return None
    return User.objects.filter(phone=phone).first()


def active_assignments(user: Any) -> QuerySet[RoleAssignment]:
    today = timezone.localdate()
    return (
        RoleAssignment.objects.filter(user=user, revoked_at__isnull=True, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("agency", "agency__unit")
    )


@dataclass(frozen=True)
class Scope:
    """Where one role reaches: a unit path, alone or with its subtree."""

    role: str
    unit_id: int
    path: str
    subtree: bool

    def covers(self, unit: AdministrativeUnit) -> bool:
        if self.subtree:
            return unit.path.startswith(self.path)
        return unit.pk == self.unit_id

    @property
    def can_write(self) -> bool:
        return ROLE_POLICIES[self.role].can_write


def scopes_of(user: Any) -> list[Scope]:
    """The user's staff scopes, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Scope] | None = getattr(user, "_danvan_scopes", None)
    if cached is None:
        cached = [
            Scope(
                role=a.role,
                unit_id=a.agency.unit_id,
                path=a.agency.unit.path,
                subtree=a.covers_subtree,
            )
            for a in active_assignments(user).filter(role__in=STAFF_ROLES)
            if a.agency is not None
        ]
        user._danvan_scopes = cached
    return cached


def has_staff_role(user: Any) -> bool:
    return bool(scopes_of(user))


def has_role(user: Any, *roles: str) -> bool:
    return any(scope.role in roles for scope in scopes_of(user))


def units_readable_by(user: Any) -> QuerySet[AdministrativeUnit]:
    """Every unit the user may read, as one query (for lists and search)."""
    condition = Q(pk__in=[])
    for scope in scopes_of(user):
        condition |= Q(path__startswith=scope.path) if scope.subtree else Q(pk=scope.unit_id)
    return AdministrativeUnit.objects.filter(condition)


def top_units_of(user: Any) -> list[AdministrativeUnit]:
    """The units at the top of the user's scopes, for the staff home page."""
    ids = {scope.unit_id for scope in scopes_of(user)}
    return list(AdministrativeUnit.objects.filter(pk__in=ids).order_by("level", "name_collation"))


def communes_where(user: Any, roles: frozenset[str]) -> QuerySet[AdministrativeUnit]:
    """Communes in force reached by one of ``roles`` (or system administration), through
    an agency of the commune or a subtree above it, as one query."""
    condition = Q(pk__in=[])
    for scope in scopes_of(user):
        if scope.role in roles or scope.role == Role.SYSTEM_ADMIN:
            condition |= Q(path__startswith=scope.path) if scope.subtree else Q(pk=scope.unit_id)
    return AdministrativeUnit.objects.filter(
        condition, level=UnitLevel.COMMUNE, is_active=True
    ).order_by("name_collation")


def communes_readable_by(user: Any) -> QuerySet[AdministrativeUnit]:
    return units_readable_by(user).filter(level=UnitLevel.COMMUNE)


def holders_of(agency: Agency, roles: frozenset[str]) -> QuerySet[User]:
    """The active users holding one of ``roles`` on ``agency`` today."""
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(
            agency=agency, role__in=roles, revoked_at__isnull=True, valid_from__lte=today
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values("user_id")
    )
    return User.objects.filter(pk__in=assignments, is_active=True)


def agencies_where(user: Any, roles: frozenset[str]) -> QuerySet[Agency]:
    """The agencies on which the user holds one of ``roles`` now."""
    ids = [a.agency_id for a in active_assignments(user) if a.role in roles and a.agency_id]
    return Agency.objects.filter(pk__in=ids)
