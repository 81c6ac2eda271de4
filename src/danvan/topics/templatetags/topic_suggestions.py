"""The topic panel of a petition's page: its topic and, for those who may set it, the
suggested topic, the suggested competent agency and the form."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from danvan.topics import selectors

register = template.Library()

RUNNER_UP = 0.05


@register.simple_tag(takes_context=True)
def topic_panel(context: Any, petition: Any) -> str:
    """The petition's topic, a suggested topic and competent agency, and the form to set it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return ""
    panel = selectors.topic_panel(user, petition)
    if panel is None:
        return ""
    form_url = None
    if panel.may_edit:
        try:
            form_url = reverse("topics:set", args=[petition.pk])
        except NoReverseMatch:
            # The topics URLs are not mounted: show the advice without the form.
            form_url = None
    # Whole percent, rounded down (0.996 is not "100%"); runners-up only if they count.
    suggestions = [
        {"topic": topic, "percent": int(probability * 100)}
        for rank, (topic, probability) in enumerate(panel.suggestions)
        if rank == 0 or probability >= RUNNER_UP
    ]
    return render_to_string(
        "topics/_panel.html",
        {"panel": panel, "suggestions": suggestions, "form_url": form_url},
        request=request,
    )
