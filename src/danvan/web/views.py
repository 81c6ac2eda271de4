"""Pages of the UI shell: public home, staff home, unit pages. Views stay thin:
they check access through rules, call selectors and services, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danvan.accounts.selectors import active_assignments, has_staff_role, top_units_of
from danvan.core.forms import attach_errors
from danvan.units import selectors as unit_selectors
from danvan.units import services as unit_services
from danvan.units.models import AdministrativeUnit, UnitLevel
from danvan.web.forms import VillageForm, VillageImportForm


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"province_count": unit_selectors.provinces().count()})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and the database is reachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    if not (has_staff_role(request.user) or request.user.is_superuser):
        # A citizen who signs in lands on their own cases.
        return redirect("portal:mine")
    assignments = list(active_assignments(request.user).order_by("role"))
    return render(
        request,
        "web/staff_home.html",
        {"assignments": assignments, "units": top_units_of(request.user)},
    )


def _unit_for(request: HttpRequest, pk: int, perm: str) -> AdministrativeUnit:
    unit = get_object_or_404(AdministrativeUnit, pk=pk)
    if not request.user.has_perm(perm, unit):
        raise PermissionDenied
    return unit


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for(request, pk, "units.view_unit")
    return render(
        request,
        "web/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit.ancestors().exclude(pk=unit.pk),
            "children": unit_selectors.children_of(unit),
            "agencies": unit_selectors.agencies_of(unit),
            "can_manage": request.user.has_perm("units.manage_villages", unit),
            "is_commune": unit.level == UnitLevel.COMMUNE,
        },
    )


@login_required
def village_add(request: HttpRequest, pk: int) -> HttpResponse:
    commune = _unit_for(request, pk, "units.manage_villages")
    form = VillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            village = unit_services.add_village(
                actor=request.user,
                commune=commune,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": village.name})
            return redirect("web:unit-detail", pk=commune.pk)
    return render(request, "web/village_form.html", {"unit": commune, "form": form})


@login_required
def village_import(request: HttpRequest, pk: int) -> HttpResponse:
    commune = _unit_for(request, pk, "units.manage_villages")
    form = VillageImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = unit_services.import_villages_csv(
                actor=request.user, commune=commune, data=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("Imported %(created)d villages; %(skipped)d already existed.")
                % {"created": len(result.created), "skipped": len(result.skipped)},
            )
            return redirect("web:unit-detail", pk=commune.pk)
    return render(request, "web/village_import.html", {"unit": commune, "form": form})
