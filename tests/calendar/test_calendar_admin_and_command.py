"""The seeded 2026 swap, the cached selectors, the admin and ``danvan calendar show``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from danvan.audit.models import AuditEntry
from danvan.calendar import selectors
from danvan.calendar.models import CalendarOverride

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/calendar/calendaroverride/"


def test_migration_seeds_the_2026_national_day_swap():
    saturday = CalendarOverride.objects.get(date=date(2026, 8, 22))
    monday = CalendarOverride.objects.get(date=date(2026, 8, 31))
    assert saturday.kind == "working_day"
    assert monday.kind == "day_off"
    assert saturday.legal_reference
    assert monday.legal_reference
    assert "Ngày làm bù" in selectors.day_info(date(2026, 8, 22)).reason
    assert selectors.is_working_day(date(2026, 8, 22))
    assert not selectors.is_working_day(date(2026, 8, 31))


def test_year_days_lists_holidays_and_make_up_days():
    days = {info.date: info for info in selectors.year_days(2026)}
    assert days[date(2026, 8, 22)].working
    assert not days[date(2026, 2, 17)].working
    assert not days[date(2026, 11, 24)].working
    assert date(2026, 2, 14) not in days
    assert date(2026, 2, 14) in {i.date for i in selectors.year_days(2026, include_weekends=True)}


@pytest.fixture
def shared_cache(monkeypatch):
    """Start from an empty shared cache, as a process that has changed nothing."""
    monkeypatch.setattr(selectors, "_shared", None)
    monkeypatch.setattr(selectors._local, "pending", False, raising=False)
    monkeypatch.setattr(selectors._local, "cached", None, raising=False)


@pytest.mark.usefixtures("shared_cache")
def test_calendar_is_cached_between_calls(django_assert_num_queries):
    first = selectors.get_calendar()
    with django_assert_num_queries(0):
        assert selectors.get_calendar() is first
        selectors.add_working_days(date(2026, 6, 9), 3)


@pytest.mark.usefixtures("shared_cache")
def test_change_made_by_another_process_is_seen_after_recheck(monkeypatch):
    wednesday = date(2026, 6, 10)
    assert selectors.is_working_day(wednesday)
    # Another process writes the row; this process has not been told.
    CalendarOverride.objects.create(date=wednesday, kind="day_off", reason="Nghỉ đột xuất")
    assert selectors.is_working_day(wednesday)
    later = selectors.time.monotonic() + selectors.RECHECK_SECONDS + 1
    monkeypatch.setattr(selectors.time, "monotonic", lambda: later)
    assert not selectors.is_working_day(wednesday)


# --- Admin ----------------------------------------------------------------------------


def test_admin_add_goes_through_the_service(calendar_admin, calendar_admin_client):
    response = calendar_admin_client.post(
        f"{ADMIN_URL}add/",
        {
            "date": "10/06/2026",
            "kind": "day_off",
            "reason": "  Nghỉ   đột xuất ",
            "legal_reference": "QĐ 2/QĐ-TTg",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = CalendarOverride.objects.get(date=date(2026, 6, 10))
    assert override.reason == "Nghỉ đột xuất"
    assert override.created_by == calendar_admin
    entry = AuditEntry.objects.get(action="calendar.override.set")
    assert entry.actor_id == calendar_admin.pk
    assert not selectors.is_working_day(date(2026, 6, 10))


def test_admin_shows_validation_errors(calendar_admin_client):
    response = calendar_admin_client.post(
        f"{ADMIN_URL}add/",
        {"date": "10/06/2026", "kind": "working_day", "reason": "Làm bù"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["kind"]
    assert not CalendarOverride.objects.filter(date=date(2026, 6, 10)).exists()


def test_admin_change_rewords_an_override(calendar_admin_client):
    seeded = CalendarOverride.objects.get(date=date(2026, 8, 31))
    response = calendar_admin_client.post(
        f"{ADMIN_URL}{seeded.pk}/change/",
        {"kind": "day_off", "reason": "Nghỉ liền dịp Quốc khánh", "legal_reference": "TB 1"},
    )
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert (seeded.reason, seeded.legal_reference) == ("Nghỉ liền dịp Quốc khánh", "TB 1")
    assert AuditEntry.objects.get(action="calendar.override.set").before["reason"] != seeded.reason


def test_admin_delete_goes_through_the_service(calendar_admin_client):
    seeded = CalendarOverride.objects.get(date=date(2026, 8, 31))
    response = calendar_admin_client.post(f"{ADMIN_URL}{seeded.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(pk=seeded.pk).exists()
    assert AuditEntry.objects.filter(action="calendar.override.remove").count() == 1


def test_admin_bulk_delete_removes_each_row_through_the_service(calendar_admin_client):
    ids = list(CalendarOverride.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    response = calendar_admin_client.post(
        ADMIN_URL, {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert AuditEntry.objects.filter(action="calendar.override.remove").count() == 2
    # The package still knows the swap once the rows are gone.
    assert selectors.is_working_day(date(2026, 8, 22))


def test_admin_is_closed_to_superusers_without_the_admin_role(plain_user, client):
    # Django's own flags are not enough: the calendar rule asks for the role.
    plain_user.is_staff = plain_user.is_superuser = True
    plain_user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(plain_user)
    assert client.get(f"{ADMIN_URL}add/").status_code == 403
    seeded = CalendarOverride.objects.get(date=date(2026, 8, 31))
    response = client.post(f"{ADMIN_URL}{seeded.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert CalendarOverride.objects.filter(pk=seeded.pk).exists()


# --- Command --------------------------------------------------------------------------


def show(*args: str) -> dict:
    out = StringIO()
    call_command("calendar", "show", *args, stdout=out)
    return json.loads(out.getvalue())


def test_show_prints_the_year_as_json():
    payload = show("--year", "2026")
    assert payload["year"] == 2026
    days = {row["date"]: row for row in payload["days"]}
    assert days["2026-08-22"]["working"] is True
    assert "Ngày làm bù" in days["2026-08-22"]["reason"]
    assert days["2026-08-22"]["weekday"] == "Thứ Bảy"
    assert days["2026-08-31"]["working"] is False
    assert days["2026-11-24"]["reason"] == "Ngày Văn hóa Việt Nam"
    assert "2026-02-14" not in days
    assert "2026-02-14" in {
        row["date"] for row in show("--year", "2026", "--include-weekends")["days"]
    }


@pytest.mark.parametrize("year", ["1999", "2101", "abc", "-5"])
def test_show_refuses_a_bad_year(year):
    # The message is translated (Vietnamese by default); it quotes the bad value.
    with pytest.raises(CommandError, match=rf"(?i)(year|năm).*{year}"):
        call_command("calendar", "show", "--year", year)


def test_cli_reports_a_bad_year_without_traceback():
    danvan = os.path.join(os.path.dirname(sys.executable), "danvan")
    result = subprocess.run(  # noqa: S603
        [danvan, "calendar", "show", "--year", "20x6"],
        capture_output=True,
        text=True,
        env={**os.environ, "DANVAN_TESTING": "1"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "20x6" in result.stderr
    assert "Traceback" not in result.stderr
