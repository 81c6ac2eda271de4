"""Staff pages for petitions: the work queue, intake, the case page and its steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.roles import Role
from danvan.accounts.selectors import agencies_where, has_staff_role
from danvan.audit.personal import record_personal_data_read
from danvan.core.errors import ConflictError
from danvan.core.forms import attach_errors, parse_id
from danvan.documents.selectors import attachments_of
from danvan.petitions import forms, protection, selectors, services
from danvan.petitions.models import Petition, Status
from danvan.petitions.workflow import INTAKE_ROLES, TRANSITIONS, is_unprocessed_denunciation


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not has_staff_role(request.user):
        raise PermissionDenied  # the work queue is for officials, not citizens
    today = timezone.localdate()
    items = list(selectors.work_queue(request.user, limit=200))
    if request.GET.get("overdue"):
        items = [p for p in items if p.is_overdue]
    return render(request, "petitions/queue.html", {"items": items, "today": today})


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    agencies = agencies_where(request.user, INTAKE_ROLES)
    if not agencies.exists():
        raise PermissionDenied
    initial = {"received_on": timezone.localdate(), "agency": agencies.first()}
    form = forms.IntakeForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = services.PetitionDraft(
            kind=data["kind"],
            subject=data["subject"],
            content=data["content"],
            petitioner_name=data["petitioner_name"],
            petitioner_address=data["petitioner_address"],
            petitioner_phone=data["petitioner_phone"],
            petitioner_citizen_id=data["petitioner_citizen_id"],
            is_anonymous=data["is_anonymous"],
            signer_count=data["signer_count"],
            several_locations=data["several_locations"],
            category=data["category"],
            location_address=data["location_address"],
        )
        try:
            petition = services.receive_petition(
                actor=request.user,
                agency=data["agency"],
                draft=draft,
                channel=data["channel"],
                received_on=data["received_on"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("Petition recorded. Tracking code: %(code)s") % {"code": petition.tracking_code},
            )
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/intake.html", {"form": form})


def _petition_for(request: HttpRequest, pk: int) -> Petition:
    petition = get_object_or_404(
        Petition.objects.select_related("agency", "unit", "assigned_to"), pk=pk
    )
    if not request.user.has_perm("petitions.view_petition", petition):
        raise PermissionDenied
    return petition


@dataclass(frozen=True)
class StepSpec:
    form: type[forms.StepForm]
    run: Callable[..., Petition]
    args: Callable[[dict[str, Any]], dict[str, Any]]


def _no_args(_data: dict[str, Any]) -> dict[str, Any]:
    return {}


STEPS: dict[str, StepSpec] = {
    "classify": StepSpec(forms.StepForm, services.classify, _no_args),
    "forward": StepSpec(
        forms.ForwardForm,
        services.forward,
        lambda d: {"to_agency": d["to_agency"], "reason": d.get("reason", "")},
    ),
    "guide": StepSpec(forms.ReasonStepForm, services.guide, lambda d: {"reason": d["reason"]}),
    "file": StepSpec(forms.ReasonStepForm, services.file, lambda d: {"reason": d["reason"]}),
    "accept": StepSpec(
        forms.AcceptForm, services.accept, lambda d: {"is_complex": d["is_complex"]}
    ),
    "refuse": StepSpec(forms.ReasonStepForm, services.refuse, lambda d: {"reason": d["reason"]}),
    "assign": StepSpec(forms.AssignForm, services.assign, lambda d: {"handler": d["handler"]}),
    "start_verification": StepSpec(forms.StepForm, services.start_verification, _no_args),
    "record_dialogue": StepSpec(
        forms.DialogueForm,
        services.record_dialogue,
        lambda d: {"minutes": d["minutes"], "participants": d["participants"].splitlines()},
    ),
    "decide": StepSpec(
        forms.DecideForm,
        services.decide,
        lambda d: {"outcome": d["outcome"], "summary": d["summary"]},
    ),
    "disclose": StepSpec(forms.DiscloseForm, services.disclose, lambda d: {"how": d["how"]}),
    "close": StepSpec(forms.StepForm, services.close, _no_args),
    "withdraw": StepSpec(
        forms.ReasonStepForm, services.withdraw, lambda d: {"reason": d["reason"]}
    ),
    "suspend": StepSpec(forms.ReasonStepForm, services.suspend, lambda d: {"reason": d["reason"]}),
    "resume": StepSpec(forms.StepForm, services.resume, _no_args),
    "extend": StepSpec(forms.ReasonStepForm, services.extend, lambda d: {"reason": d["reason"]}),
    "mark_impersonated": StepSpec(
        forms.ReasonStepForm, services.mark_impersonated, lambda d: {"reason": d["reason"]}
    ),
    "make_lead": StepSpec(
        forms.ReasonStepForm, services.make_lead, lambda d: {"reason": d["reason"]}
    ),
}
assert set(STEPS) == set(TRANSITIONS), "every transition needs a form"  # noqa: S101


def _handlers(petition: Petition) -> Any:
    from danvan.accounts.models import User

    return User.objects.filter(
        role_assignments__agency=petition.agency,
        role_assignments__role__in=[Role.CASE_HANDLER, Role.LEADER],
        role_assignments__revoked_at__isnull=True,
    ).distinct()


def _step_form(action: str, petition: Petition, data: Any = None) -> forms.StepForm:
    spec = STEPS[action]
    initial = {"version": petition.version, "effective_on": timezone.localdate()}
    kwargs: dict[str, Any] = {"initial": initial, "prefix": action}
    if spec.form is forms.AssignForm:
        kwargs["handlers"] = _handlers(petition)
    form = spec.form(data, **kwargs)
    if isinstance(form, forms.ForwardForm):
        form.fields["to_agency"].queryset = selectors.forwarding_targets(petition)  # type: ignore[attr-defined]
    return form


def _letters(request: HttpRequest, petition: Petition) -> list[tuple[str, Any]]:
    from danvan.accounts.rules import holds_role_on
    from danvan.petitions.letters import available_letters

    if not holds_role_on(request.user, petition.unit, INTAKE_ROLES):
        return []
    return [(kind, LETTER_LABELS[kind]) for kind in available_letters(petition)]


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition_for(request, pk)
    actions = selectors.allowed_actions(request.user, petition)
    if petition.petitioner_name and not protection.is_protected(petition):
        record_personal_data_read(
            actor=request.user,
            action="petitions.view_petitioner",
            target=petition,
            fields=["petitioner_name", "content"],
            unit_id=petition.unit_id,
        )
    return render(
        request,
        "petitions/detail.html",
        {
            "petition": petition,
            "clocks": selectors.clocks_of(petition, today=timezone.localdate()),
            "events": petition.events.select_related("actor"),
            "steps": [(a, _step_form(a, petition)) for a in actions],
            "letters": _letters(request, petition),
            "attachments": attachments_of(petition),
            "open": petition.status not in (Status.CLOSED, Status.WITHDRAWN),
            "protected": protection.is_protected(petition),
            "can_read_identity": protection.is_protected(petition)
            and protection.may_read_identity(request.user, petition),
            "unprocessed": is_unprocessed_denunciation(petition),
        },
    )


@login_required
@require_POST
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Show who denounced, to the handler or the agency head; each view is audited."""
    petition = _petition_for(request, pk)
    if not protection.is_protected(petition):
        raise Http404
    person = protection.read_identity(
        actor=request.user, petition=petition, reason=request.POST.get("reason", "")[:300]
    )
    response = render(request, "petitions/identity.html", {"petition": petition, "person": person})
    # Not kept by the browser or any proxy: the page must not outlive the reading.
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    petition = _petition_for(request, pk)
    if action not in STEPS:
        raise Http404
    form = _step_form(action, petition, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            STEPS[action].run(
                actor=request.user,
                petition=petition,
                expected_version=data["version"],
                effective_on=data["effective_on"],
                **STEPS[action].args(data),
            )
        except ConflictError as exc:
            messages.error(request, str(exc))
            return redirect("petitions:detail", pk=petition.pk)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("petitions:detail", pk=petition.pk)
    return render(
        request,
        "petitions/step.html",
        {"petition": petition, "action": action, "form": form},
        status=400,
    )


def _period(request: HttpRequest) -> tuple[Any, Any]:
    from datetime import date

    today = timezone.localdate()
    try:
        start = (
            date.fromisoformat(request.GET.get("from", ""))
            if request.GET.get("from")
            else date(today.year, 1, 1)
        )
        end = date.fromisoformat(request.GET.get("to", "")) if request.GET.get("to") else today
    except ValueError:
        return date(today.year, 1, 1), today
    return (start, end) if start <= end else (end, start)


def _unit_for_stats(request: HttpRequest) -> Any:
    from danvan.accounts.selectors import top_units_of
    from danvan.units.models import AdministrativeUnit

    if (pk := parse_id(request.GET.get("unit"))) is not None:
        unit = get_object_or_404(AdministrativeUnit, pk=pk)
    else:
        units = top_units_of(request.user)
        if not units:
            raise PermissionDenied
        unit = units[0]
    if not request.user.has_perm("units.view_unit", unit):
        raise PermissionDenied
    return unit


FIGURE_LABELS = {
    "received": gettext_lazy("Received"),
    "cases": gettext_lazy("Cases (vụ việc)"),
    "repeated": gettext_lazy("Repeated petitions"),
    "complaint": gettext_lazy("Complaints"),
    "denunciation": gettext_lazy("Denunciations"),
    "petition": gettext_lazy("Petitions (kiến nghị)"),
    "feedback": gettext_lazy("Feedback"),
    "within_competence": gettext_lazy("Within competence"),
    "forwarded": gettext_lazy("Forwarded"),
    "accepted": gettext_lazy("Accepted"),
    "resolved": gettext_lazy("Resolved"),
    "resolved_on_time": gettext_lazy("Resolved on time"),
    "overdue_now": gettext_lazy("Overdue now"),
}


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    from danvan.reception.selectors import reception_figures
    from danvan.satisfaction.models import Aspect
    from danvan.satisfaction.selectors import satisfaction_index

    unit = _unit_for_stats(request)
    start, end = _period(request)
    figures = selectors.statistics(unit, start=start, end=end)
    base = reverse("petitions:figure-list")
    query = f"unit={unit.pk}&from={start.isoformat()}&to={end.isoformat()}"
    rows = [
        (label, figures[key], f"{base}?{query}&figure={key}")
        for key, label in FIGURE_LABELS.items()
    ]
    return render(
        request,
        "petitions/statistics.html",
        {
            "unit": unit,
            "start": start,
            "end": end,
            "petition_rows": rows,
            "reception": reception_figures(unit, start=start, end=end),
            "satisfaction": satisfaction_index(unit, start=start, end=end),
            "aspects": Aspect.choices,
            "children": unit.children.filter(is_active=True).order_by("name_collation")[:200],
        },
    )


@login_required
def figure_list(request: HttpRequest) -> HttpResponse:
    unit = _unit_for_stats(request)
    start, end = _period(request)
    figure = request.GET.get("figure", "received")
    if figure not in selectors.FIGURES:
        raise Http404
    items = selectors.figure_petitions(unit, start=start, end=end, figure=figure).select_related(
        "agency"
    )
    return render(
        request,
        "petitions/figure_list.html",
        {
            "unit": unit,
            "start": start,
            "end": end,
            "figure": figure,
            "items": items.order_by("-received_on")[:500],
            "total": items.count(),
        },
    )


LETTER_LABELS = {
    "receipt": gettext_lazy("Acknowledgement of receipt"),
    "transfer": gettext_lazy("Transfer letter"),
    "acceptance": gettext_lazy("Acceptance notice"),
    "refusal": gettext_lazy("Refusal notice"),
    "decision": gettext_lazy("Resolution decision"),
}


@login_required
@require_POST
def issue_letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    from danvan.petitions.letters import issue_letter as issue

    petition = _petition_for(request, pk)
    if kind not in LETTER_LABELS:
        raise Http404
    try:
        issued = issue(actor=request.user, petition=petition, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Issued letter no. %(number)s.") % {"number": issued.number_text}
        )
    return redirect("petitions:detail", pk=petition.pk)


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> StreamingHttpResponse:
    from django.http import FileResponse

    from danvan.documents.selectors import attachments_of

    petition = _petition_for(request, pk)
    item = get_object_or_404(attachments_of(petition), pk=attachment_id)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    from danvan.documents.services import store_attachment

    petition = _petition_for(request, pk)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect("petitions:detail", pk=petition.pk)
    try:
        stored = store_attachment(actor=request.user, owner=petition, upload=upload_file)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attached %(name)s.") % {"name": stored.original_name})
    return redirect("petitions:detail", pk=petition.pk)
