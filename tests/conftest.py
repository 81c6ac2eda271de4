"""Shared fixtures: a small unit tree (two provinces, three communes), one user per
role, and clients signed in with the second factor already passed."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import create_system_admin, create_user, grant_role
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitKind, UnitLevel
from danvan.units.services import OfficialUnit, ensure_standard_agencies, sync_official_units

PASSWORD = "mat-khau-thu-nghiem-2026"


@dataclass
class Tree:
    nation: AdministrativeUnit
    hanoi: AdministrativeUnit
    ninhbinh: AdministrativeUnit
    ba_dinh: AdministrativeUnit  # commune in Hà Nội
    ngoc_ha: AdministrativeUnit  # sibling commune in Hà Nội
    bac_ly: AdministrativeUnit  # commune in Ninh Bình

    def agency(self, unit: AdministrativeUnit, kind: str = AgencyKind.PEOPLES_COMMITTEE) -> Agency:
        return Agency.objects.get(unit=unit, kind=kind)


SMALL_LIST = [
    OfficialUnit(
        "01", "Thành phố Hà Nội", UnitKind.CENTRAL_CITY, UnitLevel.PROVINCE, "ha_noi", None
    ),
    OfficialUnit("37", "Tỉnh Ninh Bình", UnitKind.PROVINCE, UnitLevel.PROVINCE, "ninh_binh", None),
    OfficialUnit("00004", "Phường Ba Đình", UnitKind.WARD, UnitLevel.COMMUNE, "ba_dinh", "01"),
    OfficialUnit("00008", "Phường Ngọc Hà", UnitKind.WARD, UnitLevel.COMMUNE, "ngoc_ha", "01"),
    OfficialUnit("13432", "Xã Bắc Lý", UnitKind.COMMUNE, UnitLevel.COMMUNE, "bac_ly", "37"),
]


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> None:
    # Each test rolls its overrides back; a calendar cached by an earlier test is stale.
    from danvan.calendar.selectors import clear_calendar_cache

    clear_calendar_cache()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # Rate limits are counted in the cache (per address: every test client is 127.0.0.1);
    # what an earlier test sent must not count against this one.
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def tree(db: None) -> Tree:
    sync_official_units(actor=None, rows=SMALL_LIST)
    ensure_standard_agencies(actor=None)

    def get(code: str) -> AdministrativeUnit:
        return AdministrativeUnit.objects.get(scheme="vn2025", code=code)

    return Tree(get("VN"), get("01"), get("37"), get("00004"), get("00008"), get("13432"))


_phone_counter = iter(range(1000, 9999))


def new_phone() -> str:
    return f"09120{next(_phone_counter):05d}"


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def factory(
        role: str | None = None,
        agency: Agency | None = None,
        *,
        covers_subtree: bool | None = None,
        full_name: str = "Nguyễn Văn Thử",
    ) -> User:
        if role == Role.SYSTEM_ADMIN:
            return create_system_admin(
                actor=None, phone=new_phone(), full_name=full_name, password=PASSWORD
            )
        user = create_user(
            actor=None,
            phone=new_phone(),
            full_name=full_name,
            password=PASSWORD,
            check_password_strength=False,
        )
        if role is not None:
            grant_role(
                actor=None, user=user, role=role, agency=agency, covers_subtree=covers_subtree
            )
        return User.objects.get(pk=user.pk)

    return factory


def verified_client(user: User) -> Client:
    """A client signed in as ``user`` who has passed the second factor."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return verified_client


@pytest.fixture
def artifacts() -> Path:
    """``test-artifacts/browser/`` (or under $DANVAN_TEST_ARTIFACTS): screenshots that
    browser tests keep for people to look at."""
    root = Path(os.environ.get("DANVAN_TEST_ARTIFACTS", "test-artifacts"))
    folder = root / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
