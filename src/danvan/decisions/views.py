"""Staff pages for household decisions: the commune's list and one decision with its
tally and the entry of paper ballots."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danvan.accounts.selectors import agencies_where
from danvan.core.forms import attach_errors
from danvan.decisions import selectors
from danvan.decisions.forms import PaperVoteForm
from danvan.decisions.models import CommunityDecision, DecisionStatus
from danvan.decisions.rules import MANAGER_ROLES
from danvan.decisions.services import enter_paper_vote
from danvan.units.models import UnitLevel


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    communes = [
        agency.unit
        for agency in agencies_where(request.user, MANAGER_ROLES).select_related("unit")
        if agency.unit.level == UnitLevel.COMMUNE
    ]
    if not communes:
        raise PermissionDenied
    decisions = selectors.decisions_of_communes(communes=communes)[:100]
    return render(request, "decisions/list.html", {"decisions": decisions})


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        CommunityDecision.objects.select_related("village", "village__parent"), pk=pk
    )
    if not request.user.has_perm("decisions.view_decisions", decision):
        raise PermissionDenied
    can_enter = decision.status == DecisionStatus.OPEN and request.user.has_perm(
        "decisions.manage_decisions", decision
    )
    form = PaperVoteForm(
        request.POST or None, households=selectors.households_yet_to_vote(decision=decision)
    )
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        if form.is_valid():
            try:
                enter_paper_vote(
                    actor=request.user,
                    decision=decision,
                    household=form.cleaned_data["household"],
                    choice=form.cleaned_data["choice"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The vote was entered."))
                return redirect("decisions:detail", pk=decision.pk)
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "tally": selectors.tally(decision=decision),
            "form": form,
            "can_enter": can_enter,
        },
    )
