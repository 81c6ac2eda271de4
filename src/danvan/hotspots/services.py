"""Writes for hotspot early warning: a province's alert threshold, and the daily check
that raises and clears alerts and tells the province."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.permissions import require_perm
from danvan.hotspots import selectors
from danvan.hotspots.models import HotspotAlert, HotspotThreshold
from danvan.notifications.services import notify
from danvan.units.models import AdministrativeUnit, UnitLevel

# A threshold above this is a typing error rather than a choice (no unit scores it).
MAX_THRESHOLD = 10_000.0


def set_threshold(
    *, actor: Any, province: AdministrativeUnit, threshold: float, window_days: int
) -> HotspotThreshold:
    """Set the score at which a unit of ``province`` raises an alert, and the window
    the score is counted over. Provincial leaders and system administrators only."""
    require_perm(
        actor,
        "hotspots.set_threshold",
        province,
        message=_("You may not set the hotspot threshold of this province."),
    )
    errors: dict[str, str] = {}
    if province.level != UnitLevel.PROVINCE:
        raise ValidationError(_("A hotspot threshold is set for a province."))
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value <= 0 or value > MAX_THRESHOLD:
        errors["threshold"] = _("The threshold must be a number above 0 and at most %(max)d.") % {
            "max": int(MAX_THRESHOLD)
        }
    if (
        isinstance(window_days, bool)
        or not isinstance(window_days, int)
        or not selectors.MIN_WINDOW_DAYS <= window_days <= selectors.MAX_WINDOW_DAYS
    ):
        errors["window_days"] = _("The window must be from %(min)d to %(max)d days.") % {
            "min": selectors.MIN_WINDOW_DAYS,
            "max": selectors.MAX_WINDOW_DAYS,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = HotspotThreshold.objects.select_for_update().filter(province=province).first()
        before = (
            None if row is None else {"threshold": row.threshold, "window_days": row.window_days}
        )
        if row is None:
            row = HotspotThreshold(province=province)
        row.threshold = round(value, 2)
        row.window_days = window_days
        row.save()
        record_write(
            actor=actor,
            action="hotspots.threshold.set",
            target=row,
            before=before,
            after={"threshold": row.threshold, "window_days": row.window_days},
            unit_id=province.pk,
        )
    return row


@dataclass
class AlertReport:
    provinces: int = 0
    raised: int = 0
    cleared: int = 0
    notified: int = 0


def default_threshold() -> float | None:
    """The threshold of provinces without their own row; None when there is none (then
    only provinces with a row are checked)."""
    value = float(getattr(settings, "DANVAN_HOTSPOT_DEFAULT_THRESHOLD", 0) or 0)
    return value if value > 0 else None


def _provinces_to_check() -> list[tuple[AdministrativeUnit, HotspotThreshold]]:
    rows = {t.province_id: t for t in HotspotThreshold.objects.select_related("province").all()}
    default = default_threshold()
    if default is None:
        return [(t.province, t) for t in rows.values() if t.province.is_active]
    provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, is_active=True)
    return [
        (
            p,
            rows.get(p.pk)
            or HotspotThreshold(
                province=p, threshold=default, window_days=selectors.DEFAULT_WINDOW_DAYS
            ),
        )
        for p in provinces
    ]


def _details(row: selectors.UnitRow, window: selectors.Window) -> dict[str, Any]:
    details = row.figures.snapshot()
    details["window_days"] = window.days
    details["topics"] = [
        {"code": t.code, "name": t.name, "score": t.figures.score} for t in row.top_topics
    ]
    return details


def check_province(
    *, province: AdministrativeUnit, threshold: HotspotThreshold, today: date
) -> AlertReport:
    """Raise an alert for each unit at or above the threshold that has none open,
    clear the open alerts of units now below it, and tell the province about the new
    ones. Running it again the same day (or any day while nothing changes) does nothing
    more."""
    report = AlertReport(provinces=1)
    with transaction.atomic():
        # Two runs at once must not raise the same alert twice: they queue on the
        # province's row (PostgreSQL; SQLite writes one at a time anyway).
        AdministrativeUnit.objects.select_for_update().filter(pk=province.pk).first()
        board = selectors.province_hotspots(
            province, today=today, threshold=threshold, with_threshold=False
        )
        limit = threshold.threshold
        scores = {row.unit.pk: row for row in board.rows}
        raised: list[tuple[HotspotAlert, selectors.UnitRow]] = []
        for row in board.rows:
            if row.figures.score < limit or row.unit.pk in board.alerts:
                continue
            alert = HotspotAlert.objects.create(
                province=province,
                unit=row.unit,
                raised_on=today,
                score=row.figures.score,
                threshold=limit,
                details=_details(row, board.window),
            )
            record_write(
                actor=None,
                action="hotspots.alert.raise",
                target=alert,
                after={"unit": row.unit.pk, "score": alert.score, "threshold": limit},
                unit_id=row.unit.pk,
            )
            raised.append((alert, row))
        for unit_id, alert in board.alerts.items():
            current = scores.get(unit_id)
            score = current.figures.score if current is not None else 0.0
            if score >= limit or alert.raised_on > today:
                continue
            alert.cleared_on = today
            alert.save(update_fields=["cleared_on"])
            record_write(
                actor=None,
                action="hotspots.alert.clear",
                target=alert,
                before={"score": alert.score},
                after={"score": score, "threshold": limit, "cleared_on": today},
                unit_id=unit_id,
            )
            report.cleared += 1
        report.raised = len(raised)
        if raised:
            recipients = list(selectors.alert_recipients(province))
            for alert, row in raised:
                notify(
                    recipients=recipients,
                    topic="hotspots.alert",
                    title=(
                        _("Hotspot alert: %(unit)s, score %(score)s")
                        % {"unit": row.unit.name, "score": f"{alert.score:g}"}
                    )[:200],
                    body=_(
                        "%(unit)s reached %(score)s against the threshold of %(threshold)s "
                        "over the last %(days)d days: %(families)d cases, %(rise)+d on the "
                        "period before, %(mass)d mass, %(repeats)d repeated papers, "
                        "%(overdue)d overdue, %(prolonged)d prolonged."
                    )
                    % {
                        "unit": row.unit.name,
                        "score": f"{alert.score:g}",
                        "threshold": f"{limit:g}",
                        "days": board.window.days,
                        "families": row.figures.volume,
                        "rise": row.figures.rise,
                        "mass": row.figures.mass,
                        "repeats": row.figures.repeats,
                        "overdue": row.figures.overdue,
                        "prolonged": row.figures.prolonged,
                    },
                    url=reverse("hotspots:unit", args=[province.pk, row.unit.pk]),
                )
            report.notified = len(recipients)
    return report


def check_alerts(*, today: date | None = None) -> AlertReport:
    """The daily hotspot check for every province with a threshold (its own row, or
    the default threshold when one is configured)."""
    today = today or timezone.localdate()
    total = AlertReport()
    for province, threshold in _provinces_to_check():
        report = check_province(province=province, threshold=threshold, today=today)
        total.provinces += 1
        total.raised += report.raised
        total.cleared += report.cleared
        total.notified += report.notified
    return total
