"""The hotspot pages: a province's ranked units with their trend, one unit's topics and
papers, the CSV ranking and the threshold form."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.exports.writers import FORMULA_STARTS
from danvan.hotspots import charts, selectors, services
from danvan.hotspots.forms import ThresholdForm, WindowForm
from danvan.hotspots.models import HotspotAlert, HotspotThreshold
from danvan.topics.models import Topic
from danvan.units.models import AdministrativeUnit, UnitLevel

FIGURE_LABELS = {
    "rise": gettext_lazy("Rise in cases on the previous window (only a rise counts)"),
    "volume": gettext_lazy("Cases (vụ việc) with a paper in the window"),
    "mass": gettext_lazy("Mass cases (đông người)"),
    "repeats": gettext_lazy("Repeated papers (tái diễn)"),
    "overdue": gettext_lazy("Open papers overdue now"),
    "prolonged": gettext_lazy("Open prolonged cases (kéo dài)"),
}
RECENT_ALERTS = 10


def _province(request: HttpRequest, pk: int) -> AdministrativeUnit:
    province = get_object_or_404(AdministrativeUnit, pk=pk, level=UnitLevel.PROVINCE)
    if not request.user.has_perm("hotspots.view_province", province):
        raise PermissionDenied
    return province


def _window_form(
    request: HttpRequest, threshold: HotspotThreshold | None
) -> tuple[WindowForm, int | None]:
    """The window selector and the days it chose (None when the query is not valid)."""
    default = threshold.window_days if threshold else selectors.DEFAULT_WINDOW_DAYS
    form = WindowForm(request.GET if "days" in request.GET else None, default=default)
    if not form.is_bound:
        return form, default
    return form, form.chosen() if form.is_valid() else None


def _weights() -> list[tuple[str, str, float]]:
    return [(key, str(FIGURE_LABELS[key]), w) for key, w in selectors.WEIGHTS.items()]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    provinces = selectors.watchable_provinces(request.user)
    if not provinces:
        raise PermissionDenied
    if len(provinces) == 1:
        return redirect("hotspots:province", pk=provinces[0].pk)
    counts = selectors.open_alert_counts()
    rows = sorted(
        ((p, counts.get(p.pk, 0)) for p in provinces),
        key=lambda item: (-item[1], item[0].name_collation),
    )
    return render(request, "hotspots/index.html", {"rows": rows})


@login_required
def province(request: HttpRequest, pk: int) -> HttpResponse:
    return _province_page(request, _province(request, pk))


def _province_page(
    request: HttpRequest,
    province: AdministrativeUnit,
    *,
    threshold_form: ThresholdForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    threshold = selectors.threshold_of(province)
    form, days = _window_form(request, threshold)
    can_set = request.user.has_perm("hotspots.set_threshold", province)
    if can_set and threshold_form is None:
        threshold_form = ThresholdForm(
            initial={
                "threshold": threshold.threshold if threshold else None,
                "window_days": threshold.window_days
                if threshold
                else selectors.DEFAULT_WINDOW_DAYS,
            }
        )
    context: dict[str, Any] = {
        "province": province,
        "form": form,
        "threshold": threshold,
        "threshold_form": threshold_form if can_set else None,
        "default_threshold": services.default_threshold(),
        "default_window": selectors.DEFAULT_WINDOW_DAYS,
        "many_provinces": len(selectors.watchable_provinces(request.user)) > 1,
    }
    if days is None:
        return render(request, "hotspots/province.html", context, status=400)
    board = selectors.province_hotspots(province, today=today, days=days, threshold=threshold)
    if request.GET.get("format") == "csv":
        return _csv(board)
    context.update(
        {
            "board": board,
            "today": today,
            "query": f"days={days}",
            "rows": [
                (row, charts.sparkline([p.families for p in row.trend])) for row in board.rows
            ],
            "chart": charts.weekly_bars(board.trend),
            "weights": _weights(),
            "recent_alerts": list(
                HotspotAlert.objects.filter(province=province).select_related("unit")[
                    :RECENT_ALERTS
                ]
            ),
        }
    )
    return render(request, "hotspots/province.html", context, status=status)


@login_required
@require_POST
def threshold(request: HttpRequest, pk: int) -> HttpResponse:
    province = _province(request, pk)
    if not request.user.has_perm("hotspots.set_threshold", province):
        raise PermissionDenied
    form = ThresholdForm(request.POST)
    if form.is_valid():
        try:
            services.set_threshold(
                actor=request.user,
                province=province,
                threshold=form.cleaned_data["threshold"],
                window_days=form.cleaned_data["window_days"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The hotspot threshold was saved."))
            return redirect("hotspots:province", pk=province.pk)
    return _province_page(request, province, threshold_form=form, status=400)


@login_required
def unit(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    province = _province(request, pk)
    unit = get_object_or_404(selectors.hotspot_units(province), pk=unit_id)
    today = timezone.localdate()
    threshold = selectors.threshold_of(province)
    form, days = _window_form(request, threshold)
    context: dict[str, Any] = {
        "province": province,
        "unit": unit,
        "form": form,
        "threshold": threshold,
        "many_provinces": len(selectors.watchable_provinces(request.user)) > 1,
    }
    if days is None:
        return render(request, "hotspots/unit.html", context, status=400)
    code = request.GET.get("topic", "").strip()
    topic = Topic.objects.filter(code=code).first() if code else None
    # "none" means papers without a topic, unless a topic happens to have that code.
    without_topic = bool(code) and topic is None and code == selectors.NO_TOPIC
    if code and topic is None and not without_topic:
        raise Http404
    window = selectors.Window(today, days)
    row = selectors.unit_hotspot(province, unit, window=window)
    papers, total = selectors.unit_papers(
        province, unit, window=window, topic=topic, without_topic=without_topic
    )
    points = row.figures.points()
    context.update(
        {
            "row": row,
            "window": window,
            "today": today,
            "query": f"days={days}",
            "topic_code": code,
            "topic_row": row.topic(code) if code else None,
            "papers": papers,
            "paper_total": total,
            "paper_limit": selectors.PAPER_LIMIT,
            "chart": charts.weekly_bars(row.trend),
            "score_parts": [
                (label, selectors.WEIGHTS[key], points[key]) for key, label, _w in _weights()
            ],
            "history": list(
                HotspotAlert.objects.filter(province=province, unit=unit)[:RECENT_ALERTS]
            ),
        }
    )
    return render(request, "hotspots/unit.html", context)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A name starting with "=" must not run as a formula in a spreadsheet.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(board: selectors.ProvinceHotspots) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    window = board.window
    name = f"diem-nong-{board.province.code}-{window.today:%Y%m%d}-{window.days}d.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel opens UTF-8 only with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Rank"),
            _("Code"),
            _("Unit"),
            _("Score"),
            _("Cases (vụ việc)"),
            _("Papers (đơn)"),
            _("Cases in the previous window"),
            _("Rise"),
            _("Ratio to the previous window"),
            _("Mass cases"),
            _("Repeated papers"),
            _("Overdue now"),
            _("Prolonged cases open"),
            _("Top topics"),
            _("Alert open since"),
        ]
    )
    for rank, row in enumerate(board.rows, start=1):
        f = row.figures
        writer.writerow(
            [
                rank,
                row.unit.code,
                _cell(row.unit.name),
                f.score,
                f.volume,
                f.papers,
                f.previous,
                f.rise,
                "" if f.ratio is None else f.ratio,
                f.mass,
                f.repeats,
                f.overdue,
                f.prolonged,
                _cell("; ".join(f"{t.name} ({t.figures.score:g})" for t in row.top_topics)),
                row.alert.raised_on.isoformat() if row.alert else "",
            ]
        )
    return response
