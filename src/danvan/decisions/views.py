"""Staff pages for household decisions: the register of households per village, each
decision from draft to the commune's answer, and citizen initiatives."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from danvan.audit.personal import record_personal_data_read
from danvan.core.forms import attach_errors
from danvan.decisions import selectors, services
from danvan.decisions.forms import (
    AnswerForm,
    CloseForm,
    DecisionCreateForm,
    HouseholdForm,
    HouseholdImportForm,
    InitiativeForm,
    PaperVoteForm,
    RepresentativeForm,
    SendForm,
    SupportForm,
)
from danvan.decisions.models import CitizenInitiative, CommunityDecision, DecisionStatus, Household
from danvan.units.models import AdministrativeUnit, UnitLevel


def _readable_communes(request: HttpRequest) -> QuerySet[AdministrativeUnit]:
    communes = selectors.readable_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    return communes


def _can_manage(request: HttpRequest, obj: Any) -> bool:
    return bool(request.user.has_perm("decisions.manage_decisions", obj))


def _require_view(request: HttpRequest, obj: Any) -> None:
    if not request.user.has_perm("decisions.view_decisions", obj):
        raise PermissionDenied


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    communes = _readable_communes(request)
    decisions = selectors.decisions_of_communes(communes=communes)[:200]
    return render(
        request,
        "decisions/list.html",
        {
            "decisions": decisions,
            "can_create": selectors.managed_villages(request.user).exists(),
        },
    )


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    villages = selectors.managed_villages(request.user)
    if not villages.exists():
        raise PermissionDenied
    today = timezone.localdate()
    form = DecisionCreateForm(
        request.POST or None, villages=villages, initial={"noticed_on": today}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.create_decision(
                actor=request.user,
                village=data["village"],
                subject=data["subject"],
                title=data["title"],
                form=data["form"],
                noticed_on=data["noticed_on"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                counting_board=form.board(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The decision was created as a draft."))
            return redirect("decisions:detail", pk=decision.pk)
    return render(request, "decisions/create.html", {"form": form})


# Each action of the decision page: the permission it needs and the status it applies to.
ACTIONS = {
    "open": ("decisions.manage_decisions", DecisionStatus.DRAFT),
    "vote": ("decisions.manage_decisions", DecisionStatus.OPEN),
    "close": ("decisions.manage_decisions", DecisionStatus.OPEN),
    "send": ("decisions.manage_decisions", DecisionStatus.CLOSED),
    "answer": ("decisions.answer_results", DecisionStatus.SENT),
}


def _allowed(request: HttpRequest, decision: CommunityDecision) -> set[str]:
    """The actions whose button the user sees: right role and right status."""
    return {
        action
        for action, (perm, status) in ACTIONS.items()
        if decision.status == status and request.user.has_perm(perm, decision)
    }


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        CommunityDecision.objects.select_related("village", "village__parent"), pk=pk
    )
    _require_view(request, decision)
    allowed = _allowed(request, decision)
    today = timezone.localdate()
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "vote") if post is not None else ""
    if post is not None and action not in allowed:
        # A monitor, another commune's officer, or a step out of turn.
        if not request.user.has_perm(ACTIONS.get(action, ACTIONS["vote"])[0], decision):
            raise PermissionDenied
        messages.error(
            request,
            _("This cannot be done while the decision is %(status)s.")
            % {"status": decision.get_status_display()},
        )
        return redirect("decisions:detail", pk=decision.pk)
    forms: dict[str, Any] = {
        "vote": PaperVoteForm(
            post if action == "vote" else None,
            households=selectors.households_yet_to_vote(decision=decision),
        ),
        "close": CloseForm(post if action == "close" else None),
        "send": SendForm(post if action == "send" else None, initial={"sent_on": today}),
        "answer": AnswerForm(post if action == "answer" else None, initial={"answered_on": today}),
    }
    if post is not None:
        done = _run(request, decision, action, forms.get(action))
        if done is not None:
            messages.success(request, done)
            return redirect("decisions:detail", pk=decision.pk)
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "summary": selectors.summarize(decision, today=today),
            "allowed": allowed,
            "form": forms["vote"],
            "close_form": forms["close"],
            "send_form": forms["send"],
            "answer_form": forms["answer"],
            "today": today,
        },
    )


def _run(request: HttpRequest, decision: CommunityDecision, action: str, form: Any) -> str | None:
    """Carry out one action; return the success message, or None with errors shown."""
    if action == "open":
        try:
            services.open_decision(actor=request.user, decision=decision)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return None
        return _("Voting is open.")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if action == "vote":
            services.enter_paper_vote(
                actor=request.user,
                decision=decision,
                household=data["household"],
                choice=data["choice"],
            )
            return _("The vote was entered.")
        if action == "close":
            services.close_decision(actor=request.user, decision=decision, minutes=data["minutes"])
            return _("The vote is closed and counted.")
        if action == "send":
            services.send_result(actor=request.user, decision=decision, sent_on=data["sent_on"])
            return _("The sending of the result was recorded.")
        services.answer_result(
            actor=request.user,
            decision=decision,
            recognised=data["answer"] == AnswerForm.RECOGNISE,
            answered_on=data["answered_on"],
            reason=data["reason"],
        )
        return _("The answer was recorded.")
    except ValidationError as exc:
        attach_errors(form, exc)
        return None


# The register of households.


@login_required
def village_list(request: HttpRequest) -> HttpResponse:
    communes = _readable_communes(request)
    return render(
        request, "decisions/villages.html", {"villages": selectors.villages_of(communes)[:500]}
    )


def _village(pk: int) -> AdministrativeUnit:
    return get_object_or_404(
        AdministrativeUnit.objects.select_related("parent"), pk=pk, level=UnitLevel.VILLAGE
    )


@login_required
def village_households(request: HttpRequest, pk: int) -> HttpResponse:
    village = _village(pk)
    _require_view(request, village)
    can_manage = _can_manage(request, village) and village.is_active
    form = HouseholdForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                household = services.register_household(
                    actor=request.user,
                    village=village,
                    code=form.cleaned_data["code"],
                    head_name=form.cleaned_data["head_name"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(
                    request, _("Household %(code)s registered.") % {"code": household.code}
                )
                return redirect("decisions:village", pk=village.pk)
    record_personal_data_read(
        actor=request.user,
        action="decisions.view_household_register",
        target=village,
        fields=["head_name"] if village.households.exists() else [],
        unit_id=village.pk,
    )
    return render(
        request,
        "decisions/households.html",
        {
            "village": village,
            "households": selectors.household_register(village=village),
            "can_manage": can_manage,
            "form": form,
        },
    )


@login_required
def village_import(request: HttpRequest, pk: int) -> HttpResponse:
    village = _village(pk)
    if not _can_manage(request, village) or not village.is_active:
        raise PermissionDenied
    form = HouseholdImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.import_households_csv(
                actor=request.user, village=village, data=form.content()
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d household registered.", "%(n)d households registered.", len(created)
                )
                % {"n": len(created)},
            )
            return redirect("decisions:village", pk=village.pk)
    return render(request, "decisions/import.html", {"village": village, "form": form})


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_object_or_404(
        Household.objects.select_related("village", "village__parent", "representative"), pk=pk
    )
    _require_view(request, household)
    can_manage = _can_manage(request, household) and household.is_active
    form = RepresentativeForm(
        request.POST or None,
        initial={"phone": household.representative.phone if household.representative else ""},
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.set_representative(
                    actor=request.user, household=household, phone=form.cleaned_data["phone"]
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The representative's account was saved."))
                return redirect("decisions:household", pk=household.pk)
    record_personal_data_read(
        actor=request.user,
        action="decisions.view_household",
        target=household,
        fields=["head_name", "representative"] if household.representative else ["head_name"],
        unit_id=household.village_id,
    )
    return render(
        request,
        "decisions/household.html",
        {"household": household, "can_manage": can_manage, "form": form},
    )


@login_required
@require_POST
def household_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_object_or_404(Household, pk=pk)
    if not _can_manage(request, household):
        raise PermissionDenied
    try:
        services.deactivate_household(actor=request.user, household=household)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Household %(code)s was struck off the register.") % {"code": household.code},
        )
    return redirect("decisions:village", pk=household.village_id)


# Citizen initiatives (Art. 16).


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    communes = _readable_communes(request)
    return render(
        request,
        "decisions/initiatives.html",
        {
            "initiatives": selectors.initiatives_of_communes(communes=communes)[:200],
            "can_create": selectors.managed_villages(request.user).exists(),
        },
    )


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    villages = selectors.managed_villages(request.user)
    if not villages.exists():
        raise PermissionDenied
    form = InitiativeForm(
        request.POST or None, villages=villages, initial={"proposed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = services.propose_initiative(
                actor=request.user,
                village=data["village"],
                title=data["title"],
                proposed_on=data["proposed_on"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The initiative was recorded."))
            return redirect("decisions:initiative", pk=initiative.pk)
    return render(request, "decisions/initiative_create.html", {"form": form})


@login_required
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(
        CitizenInitiative.objects.select_related("village", "village__parent"), pk=pk
    )
    _require_view(request, initiative)
    can_manage = _can_manage(request, initiative)
    form = SupportForm(
        request.POST or None,
        households=selectors.active_households(village=initiative.village).exclude(
            initiatives=initiative
        ),
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_initiative_support(
                    actor=request.user,
                    initiative=initiative,
                    household=form.cleaned_data["household"],
                    on=form.cleaned_data["on"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The household's support was recorded."))
                return redirect("decisions:initiative", pk=initiative.pk)
    total = selectors.initiative_households(initiative)
    record_personal_data_read(
        actor=request.user,
        action="decisions.view_initiative_supporters",
        target=initiative,
        fields=["head_name"] if initiative.supporters.exists() else [],
        unit_id=initiative.village_id,
    )
    return render(
        request,
        "decisions/initiative.html",
        {
            "initiative": initiative,
            "supporters": initiative.supporters.order_by("code"),
            "total": total,
            "needed": selectors.supporters_needed(total),
            "can_manage": can_manage,
            "form": form,
        },
    )
