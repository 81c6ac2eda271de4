"""Staff pages: the register of disclosures, recording and publishing, the quarterly list."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.selectors import agencies_where, units_readable_by
from danvan.core.forms import attach_errors, parse_id
from danvan.disclosures import selectors
from danvan.disclosures.forms import EvidenceForm, PublishForm, RecordForm
from danvan.disclosures.models import Disclosure
from danvan.disclosures.rules import RECORD_ROLES
from danvan.disclosures.services import add_evidence, publish_disclosure, record_disclosure
from danvan.exports.writers import FORMULA_STARTS
from danvan.units.models import AdministrativeUnit, AgencyKind, UnitLevel

# The publish form has an evidence field too: the two must not share element ids.
EVIDENCE_IDS = "id_more_%s"


@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    units = units_readable_by(request.user)
    if not units.exists():
        raise PermissionDenied
    today = timezone.localdate()
    chosen = None
    disclosures = Disclosure.objects.filter(unit__in=units)
    if (unit_id := parse_id(request.GET.get("unit"))) is not None:
        # One commune (and its villages): the register as the commune keeps it.
        chosen = get_object_or_404(units, pk=unit_id)
        disclosures = selectors.disclosures_under(chosen)
    clock = selectors.Clock()
    rows = [
        (d, selectors.disclosure_state(d, today, clock=clock))
        for d in disclosures.select_related("agency", "unit")[:200]
    ]
    communes = units.filter(level=UnitLevel.COMMUNE).order_by("name_collation")[:50]
    quarter = (today.month - 1) // 3 + 1
    return render(
        request,
        "disclosures/list.html",
        {
            "rows": rows,
            "chosen": chosen,
            "can_record": agencies_where(request.user, RECORD_ROLES).exists(),
            "communes": communes,
            "year": today.year,
            "quarter": quarter,
        },
    )


@login_required
def record(request: HttpRequest) -> HttpResponse:
    agencies = agencies_where(request.user, RECORD_ROLES).filter(kind=AgencyKind.PEOPLES_COMMITTEE)
    if not agencies.exists():
        raise PermissionDenied
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        agencies=agencies,
        initial={"agency": agencies.first(), "decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure = record_disclosure(
                actor=request.user,
                agency=data["agency"],
                subject=data["subject"],
                title=data["title"],
                decided_on=data["decided_on"],
                is_public=data["is_public"],
                document=data["document"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Disclosure recorded."))
            return redirect("disclosures:detail", pk=disclosure.pk)
    return render(request, "disclosures/record.html", {"form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_object_or_404(
        Disclosure.objects.select_related("agency", "unit", "document"), pk=pk
    )
    if not request.user.has_perm("disclosures.view_disclosure", disclosure):
        raise PermissionDenied
    can_record = request.user.has_perm("disclosures.record_disclosure", disclosure)
    publish_form = PublishForm(
        initial={
            "published_on": disclosure.published_on or timezone.localdate(),
            "forms": disclosure.forms,
            "posting_until": disclosure.posting_until,
            "loudspeaker_days": disclosure.loudspeaker_days,
        }
    )
    evidence_form = EvidenceForm(auto_id=EVIDENCE_IDS)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if request.POST.get("action") == "evidence":
            evidence_form = EvidenceForm(request.POST, request.FILES, auto_id=EVIDENCE_IDS)
            if evidence_form.is_valid():
                try:
                    add_evidence(
                        actor=request.user,
                        disclosure=disclosure,
                        upload=evidence_form.cleaned_data["evidence"],
                    )
                except ValidationError as exc:
                    attach_errors(evidence_form, exc)
                else:
                    messages.success(request, _("Evidence added."))
                    return redirect("disclosures:detail", pk=disclosure.pk)
        else:
            publish_form = PublishForm(request.POST, request.FILES)
            if publish_form.is_valid():
                data = publish_form.cleaned_data
                try:
                    publish_disclosure(
                        actor=request.user,
                        disclosure=disclosure,
                        published_on=data["published_on"],
                        forms=data["forms"],
                        posting_until=data["posting_until"],
                        loudspeaker_days=data["loudspeaker_days"],
                        evidence=[data["evidence"]] if data["evidence"] else [],
                    )
                except ValidationError as exc:
                    attach_errors(publish_form, exc)
                else:
                    messages.success(request, _("Disclosure saved."))
                    return redirect("disclosures:detail", pk=disclosure.pk)
    return render(
        request,
        "disclosures/detail.html",
        {
            "disclosure": disclosure,
            "state": selectors.disclosure_state(disclosure, timezone.localdate()),
            "forms_used": selectors.form_labels(disclosure),
            "evidence": selectors.evidence_of(disclosure),
            "can_record": can_record,
            "publish_form": publish_form,
            "evidence_form": evidence_form,
        },
    )


def _quarter_unit(
    request: HttpRequest, unit_id: int, year: int, quarter: int
) -> AdministrativeUnit:
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    if not request.user.has_perm("disclosures.view_disclosure", unit):
        raise PermissionDenied
    if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
        raise Http404
    return unit


@login_required
def quarter(request: HttpRequest, unit_id: int, year: int, quarter: int) -> HttpResponse:
    unit = _quarter_unit(request, unit_id, year, quarter)
    start, end = selectors.quarter_bounds(year, quarter)
    return render(
        request,
        "disclosures/quarter.html",
        {
            "unit": unit,
            "year": year,
            "quarter": quarter,
            "start": start,
            "end": end,
            "disclosures": selectors.quarterly_list(unit, year=year, quarter=quarter),
        },
    )


def _safe(text: str) -> str:
    # A title typed as "=…" must never run as a formula in a spreadsheet program.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@login_required
def quarter_csv(request: HttpRequest, unit_id: int, year: int, quarter: int) -> HttpResponse:
    unit = _quarter_unit(request, unit_id, year, quarter)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="cong-khai-{unit.code}-{year}-q{quarter}.csv"'
    )
    # A byte-order mark so spreadsheet programs read the Vietnamese text correctly.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Subject"),
            _("Title"),
            _("Decided on"),
            _("Disclosed on"),
            _("Posted until"),
            _("Forms of disclosure"),
            _("Unit"),
        ]
    )
    for d in selectors.quarterly_list(unit, year=year, quarter=quarter):
        writer.writerow(
            [
                d.get_subject_display(),
                _safe(d.title),
                d.decided_on.strftime("%d/%m/%Y"),
                d.published_on.strftime("%d/%m/%Y") if d.published_on else "",
                _("Permanent")
                if d.permanent
                else (d.posting_until.strftime("%d/%m/%Y") if d.posting_until else ""),
                "; ".join(selectors.form_labels(d)),
                d.unit.name,
            ]
        )
    return response
