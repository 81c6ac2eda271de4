"""Staff pages for grassroots mediation: the teams of a commune, one team with its
members, the cases, one case with its sessions, and the statistics of a period."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.selectors import has_staff_role
from danvan.audit.personal import record_personal_data_read
from danvan.core.forms import attach_errors, parse_id
from danvan.mediation import selectors, services
from danvan.mediation.forms import (
    CaseForm,
    CloseForm,
    MemberForm,
    PeriodForm,
    RemoveMemberForm,
    SessionForm,
    TeamForm,
)
from danvan.mediation.models import MIN_MEMBERS, CaseStatus, MediationCase, MediationTeam
from danvan.mediation.rules import communes_managed_by
from danvan.units.models import AdministrativeUnit, UnitLevel


def _chosen_commune(request: HttpRequest) -> AdministrativeUnit | None:
    if (commune_id := parse_id(request.GET.get("commune"))) is not None:
        return get_object_or_404(selectors.readable_communes(request.user), pk=commune_id)
    return None


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    if not has_staff_role(request.user):
        raise PermissionDenied
    managed = communes_managed_by(request.user)
    communes = list(selectors.communes_with_teams(request.user)[:300])
    chosen = _chosen_commune(request) or (communes[0] if communes else managed.first())
    today = timezone.localdate()
    can_manage = chosen is not None and request.user.has_perm("mediation.manage_mediation", chosen)
    form = None
    if can_manage and chosen is not None:
        villages = AdministrativeUnit.objects.filter(
            parent=chosen, level=UnitLevel.VILLAGE, is_active=True
        ).order_by("name_collation")
        form = TeamForm(request.POST or None, villages=villages, initial={"formed_on": today})
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                team = services.form_team(
                    actor=request.user,
                    village=data["village"],
                    name=data["name"],
                    formed_on=data["formed_on"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The mediation team was recorded."))
                return redirect("mediation:team", pk=team.pk)
    return render(
        request,
        "mediation/teams.html",
        {
            "communes": communes,
            "chosen": chosen,
            "teams": selectors.teams_of(commune=chosen, today=today) if chosen else [],
            "form": form,
            "minimum": MIN_MEMBERS,
            "year": today.year,
        },
    )


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(MediationTeam.objects.select_related("commune", "village"), pk=pk)
    if not request.user.has_perm("mediation.view_mediation", team):
        raise PermissionDenied
    can_manage = team.dissolved_on is None and request.user.has_perm(
        "mediation.manage_mediation", team
    )
    today = timezone.localdate()
    serving = team.members.filter(left_on__isnull=True)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if action else None
    member_form = MemberForm(
        post if action == "member" else None, prefix="member", initial={"joined_on": today}
    )
    remove_form = RemoveMemberForm(
        post if action == "remove" else None,
        prefix="remove",
        members=serving,
        initial={"left_on": today},
    )
    case_form = CaseForm(
        post if action == "case" else None,
        prefix="case",
        members=serving,
        initial={"received_on": today},
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if action == "member" and member_form.is_valid():
                data = member_form.cleaned_data
                services.add_member(
                    actor=request.user,
                    team=team,
                    full_name=data["full_name"],
                    joined_on=data["joined_on"],
                    is_leader=data["is_leader"],
                )
                messages.success(request, _("The mediator was added."))
                return redirect("mediation:team", pk=team.pk)
            if action == "remove" and remove_form.is_valid():
                data = remove_form.cleaned_data
                services.remove_member(
                    actor=request.user,
                    member=data["member"],
                    left_on=data["left_on"],
                    reason=data["reason"],
                )
                messages.success(request, _("The mediator's leaving was recorded."))
                return redirect("mediation:team", pk=team.pk)
            if action == "case" and case_form.is_valid():
                data = case_form.cleaned_data
                case = services.open_case(
                    actor=request.user,
                    team=team,
                    received_on=data["received_on"],
                    kind=data["kind"],
                    summary=data["summary"],
                    parties=case_form.party_names(),
                    mediators=data["mediators"],
                )
                messages.success(request, _("The case was recorded."))
                return redirect("mediation:case", pk=case.pk)
        except ValidationError as exc:
            attach_errors(
                {"member": member_form, "remove": remove_form}.get(action, case_form), exc
            )
    serving_count = serving.count()
    return render(
        request,
        "mediation/team.html",
        {
            "team": team,
            "members": team.members.all(),
            "serving_count": serving_count,
            "below_minimum": selectors.is_below_minimum(serving_count),
            "minimum": MIN_MEMBERS,
            "cases": team.cases.all()[:100],
            "can_manage": can_manage,
            "member_form": member_form,
            "remove_form": remove_form,
            "case_form": case_form,
        },
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not has_staff_role(request.user):
        raise PermissionDenied
    chosen = _chosen_commune(request)
    cases = MediationCase.objects.filter(commune__in=selectors.readable_communes(request.user))
    if chosen is not None:
        cases = cases.filter(commune=chosen)
    if request.GET.get("status") in CaseStatus.values:
        cases = cases.filter(status=request.GET["status"])
    return render(
        request,
        "mediation/cases.html",
        {
            "cases": cases.select_related("commune", "village")[:200],
            "chosen": chosen,
            "communes": selectors.communes_with_teams(request.user)[:300],
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(
        MediationCase.objects.select_related("team", "commune", "village"), pk=pk
    )
    if not request.user.has_perm("mediation.view_mediation", case):
        raise PermissionDenied
    can_manage = case.status == CaseStatus.OPEN and request.user.has_perm(
        "mediation.manage_mediation", case
    )
    today = timezone.localdate()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    session_form = SessionForm(
        request.POST if action == "session" else None, prefix="session", initial={"held_on": today}
    )
    close_form = CloseForm(
        request.POST if action == "close" else None, prefix="close", initial={"closed_on": today}
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if action == "session" and session_form.is_valid():
                services.add_session(
                    actor=request.user,
                    case=case,
                    held_on=session_form.cleaned_data["held_on"],
                    notes=session_form.cleaned_data["notes"],
                )
                messages.success(request, _("The session was recorded."))
                return redirect("mediation:case", pk=case.pk)
            if action == "close" and close_form.is_valid():
                data = close_form.cleaned_data
                services.close_case(
                    actor=request.user,
                    case=case,
                    outcome=data["outcome"],
                    closed_on=data["closed_on"],
                    agreement=data["agreement"],
                )
                messages.success(request, _("The case was closed."))
                return redirect("mediation:case", pk=case.pk)
        except ValidationError as exc:
            attach_errors(session_form if action == "session" else close_form, exc)
    record_personal_data_read(
        actor=request.user,
        action="mediation.view_parties",
        target=case,
        fields=["parties"] if case.parties else [],
        unit_id=case.commune_id,
    )
    return render(
        request,
        "mediation/case.html",
        {
            "case": case,
            "sessions": case.sessions.all(),
            "mediators": case.mediators.all(),
            "can_manage": can_manage,
            "session_form": session_form,
            "close_form": close_form,
        },
    )


@login_required
def statistics(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    if unit.level not in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
        raise PermissionDenied
    if not request.user.has_perm("mediation.view_mediation", unit):
        raise PermissionDenied
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"start": date(today.year, 1, 1), "end": today})
    start, end = date(today.year, 1, 1), today
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if start > end:
            form.add_error("end", _("The period must end after it starts."))
            start, end = date(today.year, 1, 1), today
    return render(
        request,
        "mediation/statistics.html",
        {
            "unit": unit,
            "form": form,
            "stats": selectors.statistics(unit=unit, start=start, end=end),
        },
    )
