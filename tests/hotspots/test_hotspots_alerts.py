"""The threshold (who may set it, what it accepts) and the daily check: an alert is
raised once, kept while the unit stays above, cleared below, raised again after, and
the province's monitors and leaders are told."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pytest_django.fixtures import Settings

from danvan.audit.models import AuditEntry
from danvan.hotspots import selectors, services
from danvan.hotspots.models import HotspotAlert, HotspotThreshold
from danvan.notifications.models import Notification
from danvan.petitions.models import Petition
from tests.hotspots.conftest import flag, paper

DAY = date(2026, 6, 30)


def _burst(agency: Any, on: date, n: int) -> list[Petition]:
    return [paper(agency, on) for _ in range(n)]


# --- The threshold ------------------------------------------------------------------


def test_a_provincial_leader_sets_the_threshold(tree: Any, people: Any) -> None:
    row = services.set_threshold(
        actor=people.leader, province=tree.hanoi, threshold=12.5, window_days=45
    )
    assert (row.threshold, row.window_days) == (12.5, 45)
    again = services.set_threshold(
        actor=people.admin, province=tree.hanoi, threshold=20, window_days=30
    )
    assert again.pk == row.pk
    assert HotspotThreshold.objects.count() == 1
    entries = AuditEntry.objects.filter(action="hotspots.threshold.set").order_by("seq")
    assert [e.after for e in entries] == [
        {"threshold": 12.5, "window_days": 45},
        {"threshold": 20.0, "window_days": 30},
    ]
    assert entries[1].before == {"threshold": 12.5, "window_days": 45}
    assert entries[0].unit_id == tree.hanoi.pk


@pytest.mark.parametrize(
    ("threshold", "window_days", "field"),
    [
        (0, 30, "threshold"),
        (-5, 30, "threshold"),
        (float("nan"), 30, "threshold"),
        (float("inf"), 30, "threshold"),
        (10_001, 30, "threshold"),
        ("abc", 30, "threshold"),
        (10, 6, "window_days"),
        (10, 181, "window_days"),
        (10, 30.5, "window_days"),
        (10, True, "window_days"),
    ],
)
def test_threshold_validation(
    tree: Any, people: Any, threshold: Any, window_days: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.set_threshold(
            actor=people.leader, province=tree.hanoi, threshold=threshold, window_days=window_days
        )
    assert field in caught.value.error_dict
    assert not HotspotThreshold.objects.exists()


def test_the_window_limits_are_accepted(tree: Any, people: Any) -> None:
    for days in (selectors.MIN_WINDOW_DAYS, selectors.MAX_WINDOW_DAYS):
        row = services.set_threshold(
            actor=people.leader, province=tree.hanoi, threshold=0.5, window_days=days
        )
        assert row.window_days == days


def test_only_a_province_has_a_threshold(tree: Any, people: Any) -> None:
    with pytest.raises(ValidationError):
        services.set_threshold(
            actor=people.admin, province=tree.ba_dinh, threshold=10, window_days=30
        )


@pytest.mark.parametrize(
    "who", ["monitor", "officer", "commune_leader", "inspector", "other_leader", "other_monitor"]
)
def test_who_may_not_set_the_threshold(tree: Any, people: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.set_threshold(
            actor=getattr(people, who), province=tree.hanoi, threshold=10, window_days=30
        )
    assert not HotspotThreshold.objects.exists()


# --- Alerts -------------------------------------------------------------------------


def test_alert_raised_once_kept_cleared_and_raised_again(tree: Any, people: Any) -> None:
    services.set_threshold(actor=people.leader, province=tree.hanoi, threshold=5, window_days=7)
    ba_dinh = tree.agency(tree.ba_dinh)
    # Four new cases in the week: rise 4 + volume 4 × 0.25 = 5, the threshold.
    _burst(ba_dinh, DAY - timedelta(days=2), 4)
    paper(tree.agency(tree.ngoc_ha), DAY - timedelta(days=2))  # 1.25: below

    report = services.check_alerts(today=DAY)
    assert (report.provinces, report.raised, report.cleared) == (1, 1, 0)
    alert = HotspotAlert.objects.get()
    assert (alert.unit, alert.province, alert.raised_on) == (tree.ba_dinh, tree.hanoi, DAY)
    assert (alert.score, alert.threshold) == (5.0, 5.0)
    assert alert.details["volume"] == 4
    assert alert.details["window_days"] == 7
    assert alert.cleared_on is None

    # The same day again, and the next day while still above: nothing new.
    assert services.check_alerts(today=DAY).raised == 0
    next_day = services.check_alerts(today=DAY + timedelta(days=1))
    assert (next_day.raised, next_day.cleared) == (0, 0)
    assert HotspotAlert.objects.count() == 1

    # A week later the burst is in the previous window: the score falls, the alert clears.
    later = DAY + timedelta(days=7)
    cleared = services.check_alerts(today=later)
    assert (cleared.raised, cleared.cleared) == (0, 1)
    alert.refresh_from_db()
    assert alert.cleared_on == later
    assert services.check_alerts(today=later).cleared == 0

    # A new burst, well above last week's four: a new alert.
    _burst(ba_dinh, later, 10)
    again = services.check_alerts(today=later)
    assert again.raised == 1
    assert HotspotAlert.objects.count() == 2
    assert HotspotAlert.objects.filter(cleared_on__isnull=True).get().raised_on == later

    actions = list(
        AuditEntry.objects.filter(action__startswith="hotspots.alert").values_list(
            "action", "actor_id"
        )
    )
    assert actions == [
        ("hotspots.alert.raise", None),
        ("hotspots.alert.clear", None),
        ("hotspots.alert.raise", None),
    ]


def test_an_alert_for_a_unit_with_nothing_left_clears(tree: Any, people: Any) -> None:
    services.set_threshold(actor=people.leader, province=tree.hanoi, threshold=1, window_days=7)
    [p] = _burst(tree.agency(tree.ba_dinh), DAY, 1)
    assert services.check_alerts(today=DAY).raised == 1
    # Its date was mistyped: corrected, nothing of Ba Đình is left in either window.
    Petition.objects.filter(pk=p.pk).update(received_on=DAY - timedelta(days=400))
    assert selectors.province_hotspots(tree.hanoi, today=DAY).rows[0].figures.score == 0
    assert services.check_alerts(today=DAY).cleared == 1


def test_the_provinces_monitors_and_leaders_are_told(tree: Any, people: Any) -> None:
    services.set_threshold(actor=people.leader, province=tree.hanoi, threshold=3, window_days=30)
    flag(paper(tree.agency(tree.ngoc_ha), DAY), is_mass=True)
    services.check_alerts(today=DAY)
    notes = Notification.objects.filter(topic="hotspots.alert")
    assert {n.recipient_id for n in notes} == {people.monitor.pk, people.leader.pk}
    note = notes.first()
    assert note is not None
    assert "Phường Ngọc Hà" in note.title
    assert "6.2" in note.title
    assert note.url == reverse("hotspots:unit", args=[tree.hanoi.pk, tree.ngoc_ha.pk])
    assert "Nguyễn Văn Dân" not in note.title + note.body  # no petitioner in a notice
    # Nobody is told again while the alert stays open.
    services.check_alerts(today=DAY)
    assert notes.count() == 2


def test_a_province_without_threshold_is_not_checked(tree: Any, people: Any) -> None:
    _burst(tree.agency(tree.ba_dinh), DAY, 30)
    assert services.check_alerts(today=DAY).provinces == 0
    assert not HotspotAlert.objects.exists()


def test_the_default_threshold_covers_every_province(
    tree: Any, people: Any, settings: Settings
) -> None:
    settings.DANVAN_HOTSPOT_DEFAULT_THRESHOLD = 4
    _burst(tree.agency(tree.bac_ly), DAY, 4)
    _burst(tree.agency(tree.ba_dinh), DAY, 4)
    # Hà Nội's own row is stricter than the default.
    services.set_threshold(actor=people.leader, province=tree.hanoi, threshold=50, window_days=30)
    report = services.check_alerts(today=DAY)
    assert report.provinces == 2
    alert = HotspotAlert.objects.get()
    assert (alert.unit, alert.threshold) == (tree.bac_ly, 4.0)
    told = Notification.objects.filter(topic="hotspots.alert").values_list(
        "recipient_id", flat=True
    )
    assert set(told) == {people.other_monitor.pk, people.other_leader.pk}


def test_the_command(tree: Any, people: Any) -> None:
    services.set_threshold(actor=people.leader, province=tree.hanoi, threshold=2, window_days=30)
    _burst(tree.agency(tree.ba_dinh), DAY, 2)
    out = StringIO()
    call_command("watch_hotspots", "--today", DAY.isoformat(), stdout=out)
    assert "cảnh báo mới: 1" in out.getvalue()
    assert HotspotAlert.objects.get().raised_on == DAY
    with pytest.raises(CommandError):
        call_command("watch_hotspots", "--today", "30/06/2026", stdout=StringIO())
