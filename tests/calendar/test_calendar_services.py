"""Setting and removing overrides: permission, validation, audit, cache and signal."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from danvan.audit.models import AuditEntry
from danvan.calendar import selectors
from danvan.calendar.models import CalendarOverride
from danvan.calendar.services import remove_override, set_override
from danvan.calendar.signals import working_calendar_changed

WEDNESDAY = date(2026, 6, 10)
SUNDAY = date(2026, 6, 14)

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls: list[dict] = []

    def receiver(sender, **kwargs):
        calls.append({"sender": sender, **kwargs})

    working_calendar_changed.connect(receiver)
    yield calls
    working_calendar_changed.disconnect(receiver)


def day_off(actor, day=WEDNESDAY, reason="Nghỉ theo quyết định của Thủ tướng"):
    return set_override(
        actor=actor, date=day, kind="day_off", reason=reason, legal_reference="QĐ 1/QĐ-TTg"
    )


# --- Permission -----------------------------------------------------------------------


def test_system_admin_sets_a_day_off(calendar_admin):
    override = day_off(calendar_admin)
    assert override.kind == CalendarOverride.Kind.DAY_OFF
    assert override.created_by == calendar_admin
    assert override.legal_reference == "QĐ 1/QĐ-TTg"
    assert not selectors.is_working_day(WEDNESDAY)


def test_user_without_role_is_refused(plain_user):
    with pytest.raises(PermissionDenied):
        day_off(plain_user)
    assert not CalendarOverride.objects.filter(date=WEDNESDAY).exists()
    with pytest.raises(PermissionDenied):
        remove_override(actor=plain_user, date=date(2026, 8, 22))
    assert CalendarOverride.objects.filter(date=date(2026, 8, 22)).exists()
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


def test_operator_command_needs_no_user():
    override = day_off(None)
    assert override.created_by is None
    assert AuditEntry.objects.get(action="calendar.override.set").actor_label == "system"


# --- Validation -----------------------------------------------------------------------


def error_fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


@pytest.mark.parametrize("reason", ["", "   ", "\t\n"])
def test_reason_is_required(calendar_admin, reason):
    with pytest.raises(ValidationError) as exc:
        day_off(calendar_admin, reason=reason)
    assert error_fields(exc) == {"reason"}


def test_reason_is_normalised(calendar_admin):
    decomposed = unicodedata.normalize("NFD", "  Nghỉ   đột xuất  ")
    override = day_off(calendar_admin, reason=decomposed)
    assert override.reason == "Nghỉ đột xuất"
    assert unicodedata.is_normalized("NFC", override.reason)


def test_working_day_on_a_day_already_worked_is_refused(calendar_admin):
    with pytest.raises(ValidationError) as exc:
        set_override(actor=calendar_admin, date=WEDNESDAY, kind="working_day", reason="Làm bù")
    assert error_fields(exc) == {"kind"}
    assert not CalendarOverride.objects.filter(date=WEDNESDAY).exists()


@pytest.mark.parametrize(
    "day",
    [SUNDAY, date(2026, 9, 2), date(2026, 11, 24)],
    ids=["sunday", "national-day", "cultural-day"],
)
def test_day_off_on_a_day_already_off_is_refused(calendar_admin, day):
    with pytest.raises(ValidationError) as exc:
        day_off(calendar_admin, day=day)
    assert error_fields(exc) == {"kind"}


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2101, 1, 3)])
def test_dates_outside_2000_2100_are_refused(calendar_admin, day):
    with pytest.raises(ValidationError) as exc:
        day_off(calendar_admin, day=day)
    assert error_fields(exc) == {"date"}


def test_unknown_kind_is_refused(calendar_admin):
    with pytest.raises(ValidationError) as exc:
        set_override(actor=calendar_admin, date=WEDNESDAY, kind="holiday", reason="x")
    assert error_fields(exc) == {"kind"}


def test_working_day_on_a_sunday_is_accepted(calendar_admin):
    set_override(actor=calendar_admin, date=SUNDAY, kind="working_day", reason="Làm bù cho 19/6")
    info = selectors.day_info(SUNDAY)
    assert info.working
    assert info.reason == "Làm bù cho 19/6"
    assert selectors.add_working_days(date(2026, 6, 12), 1).due == SUNDAY


def test_seeded_override_keeps_its_kind_and_can_be_reworded(calendar_admin):
    # 31 Aug 2026 is already off in the holidays package; the seeded row stays editable.
    override = day_off(calendar_admin, day=date(2026, 8, 31), reason="Nghỉ hoán đổi")
    assert override.reason == "Nghỉ hoán đổi"
    assert CalendarOverride.objects.filter(date=date(2026, 8, 31)).count() == 1


def test_changing_kind_is_checked_against_the_official_calendar(calendar_admin):
    day_off(calendar_admin)
    with pytest.raises(ValidationError) as exc:
        set_override(actor=calendar_admin, date=WEDNESDAY, kind="working_day", reason="Làm bù")
    assert error_fields(exc) == {"kind"}
    assert CalendarOverride.objects.get(date=WEDNESDAY).kind == "day_off"


# --- Audit ----------------------------------------------------------------------------


def test_set_and_update_are_audited(calendar_admin):
    override = day_off(calendar_admin)
    created = AuditEntry.objects.get(action="calendar.override.set")
    assert created.actor_id == calendar_admin.pk
    assert created.target_type == "calendar.calendaroverride"
    assert created.target_id == str(override.pk)
    assert created.before is None
    assert created.after == {
        "date": "2026-06-10",
        "kind": "day_off",
        "reason": "Nghỉ theo quyết định của Thủ tướng",
        "legal_reference": "QĐ 1/QĐ-TTg",
    }

    day_off(calendar_admin, reason="Nghỉ bổ sung")
    updated = AuditEntry.objects.filter(action="calendar.override.set").order_by("-seq").first()
    assert updated.pk != created.pk
    assert updated.before["reason"] == "Nghỉ theo quyết định của Thủ tướng"
    assert updated.after["reason"] == "Nghỉ bổ sung"
    assert CalendarOverride.objects.filter(date=WEDNESDAY).count() == 1


def test_saving_identical_values_writes_nothing(calendar_admin):
    day_off(calendar_admin)
    day_off(calendar_admin)
    assert AuditEntry.objects.filter(action="calendar.override.set").count() == 1


def test_remove_is_audited(calendar_admin):
    override = day_off(calendar_admin)
    remove_override(actor=calendar_admin, date=WEDNESDAY)
    entry = AuditEntry.objects.get(action="calendar.override.remove")
    assert entry.target_id == str(override.pk)
    assert entry.before["kind"] == "day_off"
    assert not CalendarOverride.objects.filter(date=WEDNESDAY).exists()


def test_removing_a_missing_override_does_nothing(calendar_admin, received):
    remove_override(actor=calendar_admin, date=WEDNESDAY)
    assert not AuditEntry.objects.filter(action="calendar.override.remove").exists()
    assert received == []


# --- Cache ----------------------------------------------------------------------------


def test_selectors_see_changes_immediately(calendar_admin):
    assert selectors.is_working_day(WEDNESDAY)  # load and cache the calendar first
    assert selectors.add_working_days(date(2026, 6, 9), 1).due == WEDNESDAY

    day_off(calendar_admin)
    assert not selectors.is_working_day(WEDNESDAY)
    assert selectors.add_working_days(date(2026, 6, 9), 1).due == date(2026, 6, 11)
    assert selectors.add_calendar_days(date(2026, 6, 9), 1).due == date(2026, 6, 11)
    assert selectors.working_days_between(date(2026, 6, 9), date(2026, 6, 11)) == 1

    remove_override(actor=calendar_admin, date=WEDNESDAY)
    assert selectors.is_working_day(WEDNESDAY)
    assert selectors.working_days_between(date(2026, 6, 9), date(2026, 6, 11)) == 2


class AbortError(Exception):
    pass


def test_rolled_back_change_is_forgotten(
    calendar_admin, received, django_capture_on_commit_callbacks
):
    seen_inside: list[bool] = []

    def change_then_abort() -> None:
        with transaction.atomic():
            day_off(calendar_admin)
            seen_inside.append(selectors.is_working_day(WEDNESDAY))
            raise AbortError

    assert selectors.is_working_day(WEDNESDAY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(AbortError):
        change_then_abort()
    assert seen_inside == [False]
    assert callbacks == []
    assert received == []
    assert selectors.is_working_day(WEDNESDAY)


# --- Signal ---------------------------------------------------------------------------


def test_signal_is_sent_after_commit(calendar_admin, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        day_off(calendar_admin)
    assert received == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert received == [
        {"sender": CalendarOverride, "signal": working_calendar_changed, "dates": [WEDNESDAY]}
    ]


def test_signal_is_sent_on_remove(calendar_admin, received, django_capture_on_commit_callbacks):
    day_off(calendar_admin)
    with django_capture_on_commit_callbacks(execute=True):
        remove_override(actor=calendar_admin, date=WEDNESDAY)
    assert [call["dates"] for call in received] == [[WEDNESDAY]]


def test_failing_receiver_does_not_stop_others(
    calendar_admin, received, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **kwargs):
        raise RuntimeError("recompute failed")

    working_calendar_changed.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            day_off(calendar_admin)
    finally:
        working_calendar_changed.disconnect(broken)
    assert [call["dates"] for call in received] == [[WEDNESDAY]]
    assert "working_calendar_changed receiver" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signal_waits_for_the_real_commit(received):
    with transaction.atomic():
        day_off(None)
        assert received == []
        assert not selectors.is_working_day(WEDNESDAY)
    assert [call["dates"] for call in received] == [[WEDNESDAY]]
    assert not selectors.is_working_day(WEDNESDAY)
    remove_override(actor=None, date=WEDNESDAY)
    assert [call["dates"] for call in received] == [[WEDNESDAY], [WEDNESDAY]]
    assert selectors.is_working_day(WEDNESDAY)
