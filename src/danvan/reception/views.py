"""Staff pages for citizen reception: sessions, the register, and leaders' compliance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.selectors import active_assignments, agencies_where, has_staff_role
from danvan.audit.personal import record_personal_data_read
from danvan.core.forms import attach_errors
from danvan.petitions.services import PetitionDraft
from danvan.petitions.workflow import INTAKE_ROLES
from danvan.reception import selectors
from danvan.reception.forms import SessionForm, VisitForm
from danvan.reception.models import ReceptionSession
from danvan.reception.services import VisitInput, open_session, record_visit


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    agencies = agencies_where(request.user, INTAKE_ROLES)
    if not agencies.exists():
        raise PermissionDenied
    leaders = User.objects.filter(
        role_assignments__agency__in=agencies, role_assignments__role=Role.LEADER
    ).distinct()
    form = SessionForm(
        request.POST or None,
        agencies=agencies,
        leaders=leaders,
        initial={"held_on": timezone.localdate(), "agency": agencies.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = open_session(
                actor=request.user,
                agency=data["agency"],
                kind=data["kind"],
                held_on=data["held_on"],
                location=data["location"],
                chaired_by=data["chaired_by"],
                delegated=data["delegated"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("reception:session", pk=session.pk)
    recent = ReceptionSession.objects.filter(agency__in=agencies).select_related("agency")[:30]
    return render(request, "reception/sessions.html", {"form": form, "sessions": recent})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(ReceptionSession.objects.select_related("agency"), pk=pk)
    if not request.user.has_perm("reception.view_reception", session.agency):
        raise PermissionDenied
    can_record = request.user.has_perm("reception.run_reception", session.agency)
    form = VisitForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            drafts = []
            if data["petition_kind"]:
                drafts.append(
                    PetitionDraft(
                        kind=data["petition_kind"],
                        subject=data["petition_subject"] or data["content"][:200],
                        content=data["content"],
                    )
                )
            try:
                result = record_visit(
                    actor=request.user,
                    session=session,
                    visit=VisitInput(
                        full_name=data["full_name"],
                        content=data["content"],
                        handling=data["handling"],
                        address=data["address"],
                        phone=data["phone"],
                        identity_document=data["identity_document"],
                        people_count=data["people_count"],
                        representatives=data["representatives"].splitlines(),
                        documents_provided=data["documents_provided"],
                        is_repeat=data["is_repeat"],
                        refusal_ground=data["refusal_ground"],
                        result_notes=data["result_notes"],
                    ),
                    petitions=drafts,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                codes = ", ".join(p.tracking_code for p in result.petitions)
                messages.success(
                    request,
                    _("Visit no. %(n)d recorded.") % {"n": result.visit.register_number}
                    + (" " + _("Tracking code: %(code)s") % {"code": codes} if codes else ""),
                )
                return redirect("reception:session", pk=session.pk)
    if session.visits.filter(identity_protected=False).exists():
        record_personal_data_read(
            actor=request.user,
            action="reception.view_register",
            target=session,
            fields=["full_name", "address"],
            unit_id=session.agency.unit_id,
        )
    return render(
        request,
        "reception/session.html",
        {
            "session": session,
            "visits": session.visits.prefetch_related("petitions"),
            "form": form,
            "can_record": can_record,
        },
    )


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    if not has_staff_role(request.user):
        raise PermissionDenied  # officials only, as the rest of the register
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValueError
    except ValueError:
        year, month = today.year, today.month
    agencies = [
        a.agency
        for a in active_assignments(request.user)
        if a.agency is not None and request.user.has_perm("reception.view_reception", a.agency)
    ]
    rows = [
        (agency, selectors.leader_compliance(agency, year=year, month=month)) for agency in agencies
    ]
    return render(
        request, "reception/compliance.html", {"rows": rows, "year": year, "month": month}
    )
