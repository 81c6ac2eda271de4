from __future__ import annotations

from django import template

from danvan.petitions.workflow import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    """``mapping|get_item:key`` for dictionaries keyed by a variable."""
    return mapping.get(key)
