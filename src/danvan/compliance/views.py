"""The monitor's pages: the nation by province, a province by commune, one commune."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.selectors import top_units_of
from danvan.compliance import selectors
from danvan.compliance.forms import PeriodForm
from danvan.exports.writers import FORMULA_STARTS
from danvan.units.models import AdministrativeUnit, UnitLevel

WORST_SHOWN = 20


@login_required
def index(request: HttpRequest) -> HttpResponse:
    units = top_units_of(request.user)
    if not units:
        raise PermissionDenied
    unit = units[0]
    if unit.level == UnitLevel.VILLAGE and unit.parent is not None:
        unit = unit.parent
    return redirect("compliance:monitor", pk=unit.pk)


def _breadcrumb(request: HttpRequest, unit: AdministrativeUnit) -> list[Any]:
    return [
        (a, request.user.has_perm("compliance.view_monitor", a))
        for a in unit.ancestors().exclude(pk=unit.pk)
    ]


@login_required
def monitor(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(AdministrativeUnit, pk=pk)
    if not request.user.has_perm("compliance.view_monitor", unit):
        raise PermissionDenied
    if unit.level == UnitLevel.VILLAGE and unit.parent is not None:
        return redirect("compliance:monitor", pk=unit.parent_id)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    context: dict[str, Any] = {
        "unit": unit,
        "form": form,
        "breadcrumb": _breadcrumb(request, unit),
        "duty_keys": selectors.DUTY_KEYS,
    }
    if request.GET and not form.is_valid():
        return render(request, "compliance/monitor.html", context, status=400)
    period = form.period() if form.is_bound else selectors.MonitorPeriod(today.year)
    rows = selectors.commune_rows(unit, period, today=today)
    context.update(
        {
            "period": period,
            "today": today,
            "query": f"year={period.year}&quarter={period.quarter or 0}",
            "totals": selectors.duty_totals(rows),
        }
    )
    if request.GET.get("format") == "csv":
        return _csv(unit, period, rows)
    if unit.level == UnitLevel.COMMUNE:
        context["row"] = rows[0] if rows else None
        return render(request, "compliance/commune.html", context)
    if unit.level == UnitLevel.NATION:
        provinces = list(
            AdministrativeUnit.objects.filter(parent=unit, level=UnitLevel.PROVINCE, is_active=True)
        )
        context["areas"] = selectors.roll_up(rows, provinces)
        context["rows"] = list(reversed(rows))[:WORST_SHOWN]
        context["worst_only"] = True
    else:
        context["rows"] = rows
    context["communes"] = len(rows)
    context["fully_met"] = sum(1 for r in rows if not r.late)
    return render(request, "compliance/monitor.html", context)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A name starting with "=" must not run as a formula in a spreadsheet.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(
    unit: AdministrativeUnit, period: selectors.MonitorPeriod, rows: list[selectors.CommuneRow]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"giam-sat-dan-chu-{unit.code}-{period.year}-{period.quarter or 'nam'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel opens UTF-8 only with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(
        [_("Rank"), _("Code"), _("Commune"), _("Score"), _("Late"), _("Due")]
        + [str(selectors.legal.DUTIES[k][0]) for k in selectors.DUTY_KEYS]
        + [_("Satisfaction index")]
    )
    for rank, row in enumerate(rows, start=1):
        writer.writerow(
            [rank, row.unit.code, _cell(row.unit.name), row.score, row.late, row.due]
            + [row.duty(k).state_label for k in selectors.DUTY_KEYS]
            + [row.satisfaction]
        )
    return response
