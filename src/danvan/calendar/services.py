"""Writes to the working calendar. Each public function checks permission, validates,
writes, records an audit entry, invalidates the cached calendar and announces the
change with ``working_calendar_changed`` after commit, all in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import record_write, snapshot
from danvan.calendar.models import CalendarOverride
from danvan.calendar.selectors import invalidate_calendar_cache
from danvan.calendar.signals import send_after_commit
from danvan.calendar.workdays import WorkingCalendar
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_text

FIRST_YEAR = 2000
LAST_YEAR = 2100
_AUDITED_FIELDS = ["date", "kind", "reason", "legal_reference"]


def _check_permission(actor: Any) -> None:
    require_perm(
        actor,
        "calendar.manage_overrides",
        message=_("Only a system administrator may change the working calendar."),
    )


def clean_override(
    *,
    date: datetime.date,
    kind: str,
    reason: str,
    legal_reference: str = "",
    existing: CalendarOverride | None = None,
) -> dict[str, Any]:
    """Validate an override and return its normalised fields.

    Raises ``ValidationError`` keyed by field name. An override must change the day:
    a make-up working day on a day already worked, or a day off on a day already off
    under the official calendar, is refused. Editing the reason of an existing
    override of the same kind is always allowed, so seeded rows that repeat the
    official calendar stay editable.
    """
    errors: dict[str, list[str]] = {}
    reason = normalize_text(reason or "")
    legal_reference = normalize_text(legal_reference or "")
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        errors["date"] = [
            _("The date must be between the years %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        ]
    if kind not in CalendarOverride.Kind.values:
        errors["kind"] = [_("Choose a day off or a make-up working day.")]
    if not reason:
        errors["reason"] = [_("Enter the reason shown to citizens.")]
    elif len(reason) > 300:
        errors["reason"] = [_("The reason is too long (at most 300 characters).")]
    if len(legal_reference) > 300:
        errors["legal_reference"] = [_("The legal reference is too long (at most 300 characters).")]
    if "date" not in errors and "kind" not in errors:
        unchanged_kind = existing is not None and existing.kind == kind
        official = WorkingCalendar().day(date)
        if not unchanged_kind and kind == CalendarOverride.Kind.WORKING_DAY and official.working:
            errors["kind"] = [
                _("This date is already a working day; a make-up working day is not needed.")
            ]
        elif not unchanged_kind and kind == CalendarOverride.Kind.DAY_OFF and not official.working:
            errors["kind"] = [
                _("This date is already a day off (%(reason)s); no extra day off is needed.")
                % {"reason": official.reason}
            ]
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "reason": reason, "legal_reference": legal_reference}


def _changed(date: datetime.date) -> None:
    invalidate_calendar_cache()
    send_after_commit([date])


@transaction.atomic
def set_override(
    *,
    actor: Any,
    date: datetime.date,
    kind: str,
    reason: str,
    legal_reference: str = "",
) -> CalendarOverride:
    """Create or update the override for ``date``. Saving identical values is a no-op."""
    _check_permission(actor)
    existing = CalendarOverride.objects.select_for_update().filter(date=date).first()
    cleaned = clean_override(
        date=date, kind=kind, reason=reason, legal_reference=legal_reference, existing=existing
    )
    if existing is None:
        override = CalendarOverride.objects.create(
            date=date,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **cleaned,
        )
        before = None
    else:
        override = existing
        before = snapshot(override, _AUDITED_FIELDS)
        if all(getattr(override, name) == value for name, value in cleaned.items()):
            return override
        for name, value in cleaned.items():
            setattr(override, name, value)
        override.save(update_fields=[*cleaned, "updated_at"])
    record_write(
        actor=actor,
        action="calendar.override.set",
        target=override,
        before=before,
        after=snapshot(override, _AUDITED_FIELDS),
    )
    _changed(date)
    return override


@transaction.atomic
def remove_override(*, actor: Any, date: datetime.date) -> None:
    """Delete the override for ``date``; the official calendar applies again.

    Removing an override that does not exist does nothing.
    """
    _check_permission(actor)
    override = CalendarOverride.objects.select_for_update().filter(date=date).first()
    if override is None:
        return
    record_write(
        actor=actor,
        action="calendar.override.remove",
        target=override,
        before=snapshot(override, _AUDITED_FIELDS),
    )
    override.delete()
    _changed(date)
