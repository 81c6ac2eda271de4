"""Fixtures for the working-calendar tests: a system administrator, a plain user, and
a signed-in admin client that has passed the second factor."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import User
from danvan.accounts.services import create_system_admin, create_user
from danvan.calendar.workdays import WorkingCalendar

CALENDAR_PASSWORD = "lich-lam-viec-thu-nghiem-2026"


@pytest.fixture
def plain_calendar() -> WorkingCalendar:
    """The official calendar alone, without any override."""
    return WorkingCalendar()


@pytest.fixture
def calendar_admin(db: None) -> User:
    return create_system_admin(
        actor=None, phone="0987654321", full_name="Quản Trị Lịch", password=CALENDAR_PASSWORD
    )


@pytest.fixture
def plain_user(db: None) -> User:
    return create_user(
        actor=None,
        phone="0912345678",
        full_name="Trần Thị Dân",
        password=CALENDAR_PASSWORD,
        check_password_strength=False,
    )


@pytest.fixture
def calendar_admin_client(calendar_admin: User) -> Client:
    client = Client()
    client.force_login(calendar_admin)
    device = TOTPDevice.objects.create(user=calendar_admin, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
