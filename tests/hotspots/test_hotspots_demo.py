"""The demo: a threshold for the demo province, a burst at one of its communes and a
live alert, created once however often the demo is seeded."""

from __future__ import annotations

from typing import Any

from danvan.accounts.roles import Role
from danvan.accounts.services import create_user, grant_role
from danvan.hotspots import demo, selectors
from danvan.hotspots.models import HotspotAlert, HotspotThreshold
from danvan.notifications.models import Notification
from danvan.petitions.models import Petition


def test_seed_demo_shows_a_hotspot_once(tree: Any) -> None:
    assert demo.seed_demo() == 0  # no demo province leader yet: nothing to do
    leader = create_user(
        actor=None,
        phone=demo.PROVINCE_LEADER_PHONE,
        full_name="Đặng Văn Hải",
        password="mat-khau-thu-nghiem-2026",
        check_password_strength=False,
    )
    grant_role(actor=None, user=leader, role=Role.LEADER, agency=tree.agency(tree.ninhbinh))

    assert demo.seed_demo() == len(demo.BURST)
    threshold = HotspotThreshold.objects.get(province=tree.ninhbinh)
    assert (threshold.threshold, threshold.window_days) == (
        demo.DEMO_THRESHOLD,
        demo.DEMO_WINDOW_DAYS,
    )
    alert = HotspotAlert.objects.get()
    assert alert.unit == tree.bac_ly
    assert alert.score >= demo.DEMO_THRESHOLD
    board = selectors.province_hotspots(tree.ninhbinh, today=alert.raised_on)
    assert board.rows[0].unit == tree.bac_ly
    assert board.rows[0].figures.repeats == sum(1 for row in demo.BURST if row[3])
    assert Notification.objects.filter(recipient=leader, topic="hotspots.alert").count() == 1

    assert demo.seed_demo() == 0
    assert Petition.objects.filter(agency=tree.agency(tree.bac_ly)).count() == len(demo.BURST)
    assert HotspotAlert.objects.count() == 1
    assert Notification.objects.filter(topic="hotspots.alert").count() == 1
