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
