"""Hooks from other apps; each only calls a service."""

from __future__ import annotations

from datetime import date
from typing import Any


def recompute_after_calendar_change(sender: Any, dates: list[date], **kwargs: Any) -> None:
    from danvan.petitions.services import recompute_clocks_for_dates

    recompute_clocks_for_dates(dates=dates)
