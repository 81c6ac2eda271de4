"""Helpers shared by the views' forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def attach_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has that
    field, otherwise at the top, so what the user typed stays in place."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# The largest value of any integer column (and primary key) of the supported databases.
DATABASE_INT_MAX = 2**63 - 1


def parse_id(raw: str | None) -> int | None:
    """A number read from a query string or a posted value outside a form: ASCII digits
    within the databases' range, else None. ("²".isdigit() is true yet int("²") fails,
    and twenty digits overflow the database: both were server errors.)"""
    if raw and raw.isascii() and raw.isdigit() and int(raw) <= DATABASE_INT_MAX:
        return int(raw)
    return None
