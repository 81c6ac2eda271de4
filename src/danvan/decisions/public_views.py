"""The citizen's side: the representative of a household votes online for it (Art. 17)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.forms import attach_errors
from danvan.decisions import selectors
from danvan.decisions.forms import OnlineVoteForm
from danvan.decisions.models import CommunityDecision, DecisionForm, DecisionStatus
from danvan.decisions.services import cast_online_vote


@login_required
def ballot_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "decisions/public_list.html",
        {
            "ballots": selectors.open_ballots(request.user),
            "represents": selectors.represented_households(request.user).exists(),
        },
    )


@login_required
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        CommunityDecision.objects.select_related("village"), pk=pk, form=DecisionForm.ONLINE
    )
    households = selectors.represented_households(request.user).filter(village=decision.village)
    household = households.first()
    if household is None:
        # Said plainly rather than as a bare error page: the person may well live there
        # but not yet be linked to their household's record.
        return render(request, "decisions/public_refused.html", {"decision": decision}, status=403)
    form = OnlineVoteForm(
        request.POST or None, households=households, initial={"household": household.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            cast_online_vote(
                actor=request.user,
                decision=decision,
                household=form.cleaned_data["household"],
                choice=form.cleaned_data["choice"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your household's vote was recorded. Thank you."))
            return redirect("decision-votes:vote", pk=decision.pk)
    decision.refresh_from_db()
    now = timezone.now()
    if selectors.is_accepting_votes(decision, now=now):
        phase = "open"
    elif decision.status == DecisionStatus.DRAFT or now < decision.opens_at:
        phase = "before"
    else:
        phase = "after"
    return render(
        request,
        "decisions/public_vote.html",
        {
            "decision": decision,
            "household": household,
            "vote": selectors.vote_of(decision=decision, household=household),
            "phase": phase,
            "form": form,
        },
    )
