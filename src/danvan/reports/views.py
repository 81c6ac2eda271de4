"""Staff pages of the reports app.

Dashboards: the figures of a unit and everything below it for a period, the monthly
trend, the worst units below, the map of the provinces (nation) or the province with
the grid of its communes; every number links to the list behind it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.selectors import top_units_of
from danvan.petitions.models import Channel
from danvan.reports import selectors
from danvan.reports.charts import grouped_bars
from danvan.units.models import AdministrativeUnit

# --- Dashboards ---------------------------------------------------------------------

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PeriodForm(forms.Form):
    """The period (and, on the dashboard, the map's measure) from the query string."""

    measure = forms.ChoiceField(
        label=gettext_lazy("Colour the units by"),
        required=False,
        choices=[(key, m.label) for key, m in selectors.MEASURES.items()],
    )

    def __init__(self, data: Any, *, today: date) -> None:
        super().__init__(data)
        self.today = today
        # "from" is a Python keyword, so these two are added by name.
        self.fields["from"] = forms.DateField(
            label=gettext_lazy("From"), required=False, input_formats=DATE_FORMATS
        )
        self.fields["to"] = forms.DateField(
            label=gettext_lazy("To"), required=False, input_formats=DATE_FORMATS
        )
        self.fields["from"].error_messages["invalid"] = gettext_lazy(
            "Enter the date as dd/mm/yyyy."
        )
        self.fields["to"].error_messages["invalid"] = gettext_lazy("Enter the date as dd/mm/yyyy.")
        self.order_fields(["from", "to", "measure"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "from" in self.errors or "to" in self.errors:
            return data
        # Without dates: from 1 January to today; with one date, the other follows it.
        end = data.get("to") or self.today
        start = data.get("from") or date(end.year, 1, 1)
        earliest, latest = date(2000, 1, 1), date(self.today.year + 1, 12, 31)
        if not (earliest <= start <= latest and earliest <= end <= latest):
            raise ValidationError(
                _("Choose dates between %(a)s and %(b)s.")
                % {"a": earliest.strftime("%d/%m/%Y"), "b": latest.strftime("%d/%m/%Y")}
            )
        if start > end:
            raise ValidationError(_("The start date is after the end date."))
        if end - start > timedelta(days=366 * selectors.MAX_YEARS):
            raise ValidationError(
                _("Choose a period of at most %(years)d years.") % {"years": selectors.MAX_YEARS}
            )
        data["period"] = selectors.Period(start, end)
        data["measure"] = data.get("measure") or selectors.DEFAULT_MEASURE
        return data


def _readable_unit(request: HttpRequest, pk: int) -> AdministrativeUnit:
    unit = get_object_or_404(AdministrativeUnit, pk=pk)
    if not request.user.has_perm("reports.view_dashboard", unit):
        raise PermissionDenied
    return unit


def _breadcrumb(request: HttpRequest, unit: AdministrativeUnit) -> list[Any]:
    """The units above, each with a link when the user may open its dashboard."""
    return [
        (a, request.user.has_perm("reports.view_dashboard", a))
        for a in unit.ancestors().exclude(pk=unit.pk)
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    units = top_units_of(request.user)
    if not units:
        raise PermissionDenied
    return redirect("reports:dashboard", pk=units[0].pk)


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _readable_unit(request, pk)
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    context: dict[str, Any] = {
        "unit": unit,
        "form": form,
        "breadcrumb": _breadcrumb(request, unit),
        "measures": selectors.MEASURES,
    }
    if not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    board = selectors.dashboard(
        unit,
        period=form.cleaned_data["period"],
        measure=form.cleaned_data["measure"],
        today=today,
        can_open=lambda u: request.user.has_perm("reports.view_dashboard", u),
    )
    chart = grouped_bars([(p.month.strftime("%m"), (p.received, p.resolved)) for p in board.trend])
    context.update({"board": board, "chart": chart, "period": board.period})
    return render(request, "reports/dashboard.html", context)


@login_required
def channel_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The petitions behind one channel figure of the dashboard."""
    unit = _readable_unit(request, pk)
    channel = request.GET.get("channel", "")
    if channel not in Channel.values:
        raise Http404
    form = PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return render(
            request, "reports/dashboard_cases.html", {"unit": unit, "form": form}, status=400
        )
    period = form.cleaned_data["period"]
    items = selectors.channel_petitions(
        unit, start=period.start, end=period.end, channel=channel
    ).select_related("agency")
    return render(
        request,
        "reports/dashboard_cases.html",
        {
            "unit": unit,
            "form": form,
            "period": period,
            "title": Channel(channel).label,
            "items": items.order_by("-received_on", "-pk")[:500],
            "total": items.count(),
            "back": selectors.dashboard_url(unit, period=period),
        },
    )


@login_required
def reception(request: HttpRequest, pk: int) -> HttpResponse:
    """The leaders' reception behind the dashboard's "held vs required" figure, and the
    sessions held in the unit and below during the period."""
    unit = _readable_unit(request, pk)
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    if not form.is_valid():
        return render(
            request, "reports/dashboard_reception.html", {"unit": unit, "form": form}, status=400
        )
    period = form.cleaned_data["period"]
    sessions = selectors.reception_sessions(unit, period=period)
    return render(
        request,
        "reports/dashboard_reception.html",
        {
            "unit": unit,
            "form": form,
            "period": period,
            "compliance": selectors.reception_compliance(unit, period=period, today=today),
            "sessions": sessions[:500],
            "session_count": sessions.count(),
            "back": selectors.dashboard_url(unit, period=period),
        },
    )
