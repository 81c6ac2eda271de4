"""Template tags for case families: the panel on a petition's page, the flag badges
(cheap enough for every row of a list) and the đơn / vụ việc counts of a statistics
page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from danvan.cases.models import CaseFamily, LinkKind

register = template.Library()


def flag_badges(family: CaseFamily | None) -> list[tuple[str, str, str]]:
    """(css class, label, code) of each flag set on ``family``."""
    if family is None:
        return []
    badges = []
    if family.is_mass:
        badges.append(("badge badge-near", _("Mass case"), "mass"))
    if family.is_prolonged:
        badges.append(("badge badge-near", _("Prolonged"), "prolonged"))
    if family.is_level_skipping:
        badges.append(("badge badge-near", _("Level-skipping"), "level_skipping"))
    return badges


@register.simple_tag
def family_flags(petition: Any) -> SafeString:
    """Badges for mass, prolonged and level-skipping cases, from the family's cached
    flags (callers listing many rows select_related("family"))."""
    family = getattr(petition, "family", None) if petition is not None else None
    badges = flag_badges(family)
    if not badges:
        return SafeString("")
    return format_html_join(
        " ",
        '<span class="{}" data-flag="{}">{}</span>',
        ((css, code, label) for css, label, code in badges),
    )


@register.simple_tag(takes_context=True)
def case_panel(context: Any, petition: Any) -> str:
    """Candidate matches, links and the family of ``petition`` on its page."""
    from danvan.cases import matching, selectors

    request = context.get("request")
    user = getattr(request, "user", None)
    if petition is None or user is None or not user.has_perm("petitions.view_petition", petition):
        return ""
    can_link = user.has_perm("cases.link_petition", petition)
    links, hidden_links = selectors.links_of(user, petition)
    return render_to_string(
        "cases/_panel.html",
        {
            "petition": petition,
            "family": petition.family,
            "links": [(view, user.has_perm("cases.remove_link", view.link)) for view in links],
            "hidden_links": hidden_links,
            "can_link": can_link,
            "candidates": matching.candidates_for(user, petition) if can_link else [],
            "kinds": LinkKind.choices,
        },
        request=request,
    )


@register.simple_tag(takes_context=True)
def case_counts(context: Any, unit: Any, start: date, end: date) -> str:
    """Đơn and vụ việc side by side for a unit and period, with the flagged cases."""
    from danvan.cases.selectors import statistics_counts

    if unit is None:
        return ""
    return render_to_string(
        "cases/_counts.html",
        {"case_counts": statistics_counts(unit, start, end)},
        request=context.get("request"),
    )


@register.filter
def reason_labels(codes: Any) -> str:
    """The stored reason codes of a link, in words."""
    from danvan.cases.matching import reason_labels as labels

    names = labels()
    return ", ".join(names.get(code, code) for code in codes or [] if isinstance(code, str))


@register.filter
def family_badges(family: CaseFamily | None) -> list[tuple[str, str, str]]:
    """The flags of a family, for lists of families."""
    return flag_badges(family)
