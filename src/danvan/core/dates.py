"""Date checks shared by the services."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def dmy(value: date) -> str:
    """A date as Vietnamese readers write it: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def reject_future(
    value: date, field: str, today: date, *, tolerance: timedelta = timedelta(0)
) -> None:
    """Refuse a date after ``today`` (plus ``tolerance``, for records typed in just after
    midnight on another clock), as an error on ``field``."""
    if value > today + tolerance:
        raise ValidationError(
            {field: _("The date %(date)s is in the future.") % {"date": dmy(value)}}
        )
