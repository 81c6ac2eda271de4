"""Staff pages for case families: the list, one family, and confirming or removing a
link from a petition's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.selectors import has_staff_role
from danvan.cases import matching, selectors, services
from danvan.cases.models import CaseFamily, LinkKind, PetitionLink
from danvan.core.forms import parse_id
from danvan.petitions.models import Petition
from danvan.petitions.tracking import normalize_tracking_code

PAGE_SIZE = 50


@login_required
def family_list(request: HttpRequest) -> HttpResponse:
    if not has_staff_role(request.user):
        raise PermissionDenied
    flag = request.GET.get("flag", "")
    if flag not in selectors.FLAG_FILTERS:
        flag = ""
    open_only = request.GET.get("open") == "1"
    families = selectors.families_visible_to(request.user, flag=flag, open_only=open_only)
    page = Paginator(families, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "flag": flag,
            "open_only": open_only,
            "totals": selectors.family_counts(
                selectors.families_visible_to(request.user, open_only=open_only)
            ),
            "flags": [
                ("mass", _("Mass case")),
                ("prolonged", _("Prolonged")),
                ("level_skipping", _("Level-skipping")),
            ],
        },
    )


@login_required
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_object_or_404(CaseFamily.objects.select_related("unit"), pk=pk)
    if not request.user.has_perm("cases.view_family", family):
        raise PermissionDenied
    page = selectors.family_page(request.user, family, today=timezone.localdate())
    return render(request, "cases/family.html", {"page": page, "family": family})


def _petition_in_view(request: HttpRequest, pk: int) -> Petition:
    petition = get_object_or_404(Petition.objects.select_related("unit", "agency"), pk=pk)
    if not request.user.has_perm("petitions.view_petition", petition):
        raise PermissionDenied
    return petition


def _other_from(request: HttpRequest) -> Petition | None:
    """The other petition, by id (a candidate) or by tracking code (typed), among those
    the user may view: one they may not see is "not found", never "forbidden"."""
    visible = selectors.visible_petitions(request.user)
    if (other_id := parse_id(request.POST.get("other"))) is not None:
        return visible.filter(pk=other_id).first()
    code = normalize_tracking_code(request.POST.get("other_code", ""))
    if code is None:
        return None
    return visible.filter(tracking_code=code).first()


@login_required
@require_POST
def confirm_link(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition_in_view(request, pk)
    if not request.user.has_perm("cases.link_petition", petition):
        raise PermissionDenied
    other = _other_from(request)
    kind = request.POST.get("kind", "")
    if other is None:
        messages.error(request, _("No petition with that code among those you may see."))
        return redirect("petitions:detail", pk=petition.pk)
    match = matching.match_between(request.user, petition, other)
    try:
        link = services.confirm_link(
            actor=request.user,
            petition=petition,
            other=other,
            kind=kind,
            reasons=match.codes if match is not None else (),
            score=match.content_score if match is not None else None,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Linked to %(code)s as: %(kind)s.")
            % {"code": other.tracking_code, "kind": LinkKind(link.kind).label},
        )
    return redirect("petitions:detail", pk=petition.pk)


@login_required
@require_POST
def remove_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        PetitionLink.objects.select_related("petition__unit", "other__unit"), pk=pk
    )
    if not request.user.has_perm("cases.remove_link", link):
        raise PermissionDenied
    back = link.petition_id
    if (chosen := parse_id(request.POST.get("next"))) in (link.petition_id, link.other_id):
        back = chosen
    services.remove_link(actor=request.user, link=link, reason=request.POST.get("reason", ""))
    messages.success(request, _("The link was removed."))
    return redirect("petitions:detail", pk=back)
