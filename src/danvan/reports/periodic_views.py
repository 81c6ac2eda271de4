"""Staff pages for periodic reports: the list of a unit's reports, a new draft, the draft
with its table and narrative, issuing, and the issued files.

Files are served by these views after a permission check, never from a public media URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.selectors import agencies_where, top_units_of
from danvan.core.errors import ConflictError
from danvan.core.forms import attach_errors, parse_id
from danvan.reports import services
from danvan.reports.models import IssuedReport
from danvan.reports.periodic_documents import table_context
from danvan.reports.periodic_forms import NarrativeForm, NewReportForm, VersionForm
from danvan.reports.periodic_narrative import placeholders_left
from danvan.reports.periodic_periods import reporting_period
from danvan.reports.periodic_rules import DRAFTING_ROLES
from danvan.reports.periodic_selectors import open_draft, reports_of_unit
from danvan.units.models import AdministrativeUnit

FILE_KINDS = ("xlsx", "pdf", "docx")


def _unit(request: HttpRequest) -> AdministrativeUnit:
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


def _drafting_agencies(request: HttpRequest) -> Any:
    return agencies_where(request.user, DRAFTING_ROLES).filter(is_active=True).order_by("name")


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    return render(
        request,
        "reports/periodic_list.html",
        {
            "unit": unit,
            "reports": reports_of_unit(unit),
            "can_draft": _drafting_agencies(request).exists(),
            "other_units": [u for u in top_units_of(request.user) if u.pk != unit.pk],
        },
    )


@login_required
def new_report(request: HttpRequest) -> HttpResponse:
    agencies = _drafting_agencies(request)
    if not agencies.exists():
        raise PermissionDenied
    form = NewReportForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = reporting_period(
                kind=data["period_kind"], year=data["year"], number=data["number"]
            )
            existing = open_draft(agency=data["agency"], form=data["form"], period=period)
            if existing is not None:
                messages.info(request, _("A draft of this report already exists; here it is."))
                return redirect("reports:periodic-detail", pk=existing.pk)
            report = services.draft_report(
                actor=request.user, agency=data["agency"], form=data["form"], period=period
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Draft created. Check the figures and the narrative."))
            return redirect("reports:periodic-detail", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/periodic_new.html", {"form": form}, status=status)


def _report_for(request: HttpRequest, pk: int) -> IssuedReport:
    report = get_object_or_404(
        IssuedReport.objects.select_related("agency", "unit", "issued_by", "created_by"), pk=pk
    )
    if not request.user.has_perm("reports.view_periodic_report", report):
        raise PermissionDenied
    return report


def _narrative_context(
    request: HttpRequest, report: IssuedReport, form: NarrativeForm | None = None
) -> dict[str, Any]:
    can_edit = report.is_draft and request.user.has_perm("reports.change_periodic_report", report)
    if form is None:
        form = NarrativeForm(initial={"narrative": report.narrative, "version": report.version})
    return {
        "report": report,
        "narrative_form": form,
        "can_edit": can_edit,
        "can_issue": report.is_draft
        and request.user.has_perm("reports.issue_periodic_report", report),
        "placeholders": placeholders_left(report.narrative),
    }


def _render_detail(
    request: HttpRequest,
    report: IssuedReport,
    *,
    narrative_form: NarrativeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    files = [
        (kind, attachment)
        for kind in FILE_KINDS
        if (attachment := getattr(report, f"{kind}_file")) is not None
    ]
    return render(
        request,
        "reports/periodic_detail.html",
        {
            **_narrative_context(request, report, narrative_form),
            "form_definition": services.report_form(report),
            "period": services.report_period(report),
            "table": table_context(report.data),
            "files": files,
        },
        status=status,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _report_for(request, pk))


@login_required
@require_POST
def save_narrative(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the narrative; with htmx, answer with the editor alone (always 200, as htmx
    swaps only successful answers: errors show in the editor)."""
    report = _report_for(request, pk)
    form = NarrativeForm(request.POST)
    saved = False
    status = 400
    if form.is_valid():
        try:
            report = services.update_narrative(
                actor=request.user,
                report=report,
                text=form.cleaned_data["narrative"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            saved = True
    if request.htmx:  # type: ignore[attr-defined]
        context = _narrative_context(request, report, None if saved else form)
        return render(request, "reports/periodic_narrative.html", {**context, "saved": saved})
    if saved:
        messages.success(request, _("Narrative saved."))
        return redirect("reports:periodic-detail", pk=report.pk)
    return _render_detail(request, report, narrative_form=form, status=status)


def _version(request: HttpRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


@login_required
@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    try:
        services.refresh_draft(
            actor=request.user, report=report, expected_version=_version(request)
        )
    except (ConflictError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The figures were recomputed."))
    return redirect("reports:periodic-detail", pk=report.pk)


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    version = _version(request)
    if version is None:
        messages.error(request, _("Reload the page and try again."))
        return redirect("reports:periodic-detail", pk=report.pk)
    try:
        issued = services.issue_report(actor=request.user, report=report, expected_version=version)
    except (ConflictError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, _("Report issued as no. %(number)s.") % {"number": issued.number_text}
        )
    return redirect("reports:periodic-detail", pk=report.pk)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


@login_required
def download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    report = _report_for(request, pk)
    if kind not in FILE_KINDS or report.is_draft:
        raise Http404
    attachment = getattr(report, f"{kind}_file")
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
