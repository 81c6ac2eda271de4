from __future__ import annotations

from django import template

from danvan.petitions.workflow import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
