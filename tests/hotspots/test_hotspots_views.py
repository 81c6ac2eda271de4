"""The hotspot pages: who may open them, the ranked list with its trend, the drill-down,
the window selector, the CSV ranking and the threshold form."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.hotspots import services
from danvan.hotspots.models import HotspotThreshold
from danvan.topics.models import Topic
from tests.hotspots.conftest import flag, overdue, paper

pytestmark = pytest.mark.django_db

NAMES = ("Nguyễn Văn Dân", "Trần Thị Tố Cáo")


def _province_url(unit: Any, query: str = "") -> str:
    return reverse("hotspots:province", args=[unit.pk]) + (f"?{query}" if query else "")


def _unit_url(province: Any, unit: Any, query: str = "") -> str:
    return reverse("hotspots:unit", args=[province.pk, unit.pk]) + (f"?{query}" if query else "")


@pytest.fixture
def data(tree: Any, topics: dict[str, Topic]) -> dict[str, Any]:
    today = timezone.localdate()
    ba_dinh = tree.agency(tree.ba_dinh)
    land = [paper(ba_dinh, today - timedelta(days=n), topic=topics["dat-dai"]) for n in (1, 2, 3)]
    flag(land[0], is_mass=True)
    overdue(land[1])
    secret = paper(
        ba_dinh, today - timedelta(days=2), kind="denunciation", petitioner_name=NAMES[1]
    )
    old = paper(tree.agency(tree.ngoc_ha), today - timedelta(days=45), topic=topics["moi-truong"])
    outside = paper(tree.agency(tree.bac_ly), today - timedelta(days=1))
    return {"land": land, "secret": secret, "old": old, "outside": outside}


# --- Who may open what --------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(tree: Any) -> None:
    response = Client().get(_province_url(tree.hanoi))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_index_sends_a_provincial_monitor_to_the_province(
    tree: Any, people: Any, client_for: Callable[..., Client]
) -> None:
    response = client_for(people.monitor).get(reverse("hotspots:index"))
    assert response.status_code == 302
    assert response["Location"] == _province_url(tree.hanoi)


def test_index_lists_the_provinces_for_the_nation(
    tree: Any, people: Any, client_for: Callable[..., Client], data: dict[str, Any]
) -> None:
    services.set_threshold(actor=people.admin, province=tree.hanoi, threshold=1, window_days=30)
    services.check_alerts()
    response = client_for(people.national).get(reverse("hotspots:index"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(p.code, n) for p, n in rows] == [("01", 1), ("37", 0)]
    assert client_for(people.national).get(_province_url(tree.ninhbinh)).status_code == 200


@pytest.mark.parametrize("who", ["officer", "commune_leader", "inspector"])
def test_commune_and_agency_staff_are_refused(
    tree: Any, people: Any, client_for: Callable[..., Client], who: str
) -> None:
    client = client_for(getattr(people, who))
    assert client.get(reverse("hotspots:index")).status_code == 403
    assert client.get(_province_url(tree.hanoi)).status_code == 403
    assert client.get(_unit_url(tree.hanoi, tree.ba_dinh)).status_code == 403


def test_another_provinces_monitor_is_refused(
    tree: Any, people: Any, client_for: Callable[..., Client]
) -> None:
    client = client_for(people.other_monitor)
    assert client.get(_province_url(tree.hanoi)).status_code == 403
    assert client.get(_unit_url(tree.hanoi, tree.ba_dinh)).status_code == 403
    assert client.get(_province_url(tree.ninhbinh)).status_code == 200


def test_only_provinces_and_their_own_units_open(
    tree: Any, people: Any, client_for: Callable[..., Client]
) -> None:
    client = client_for(people.admin)
    assert client.get(_province_url(tree.ba_dinh)).status_code == 404
    assert client.get(_province_url(tree.nation)).status_code == 404
    assert client.get(_unit_url(tree.hanoi, tree.bac_ly)).status_code == 404
    assert client.get(_unit_url(tree.hanoi, tree.hanoi)).status_code == 200


# --- The province page --------------------------------------------------------------


def test_the_monitor_sees_the_ranked_list(
    tree: Any, people: Any, client_for: Callable[..., Client], data: dict[str, Any]
) -> None:
    response = client_for(people.monitor).get(_province_url(tree.hanoi))
    assert response.status_code == 200
    board = response.context["board"]
    assert [r.unit.code for r in board.rows] == ["00004", "00008"]
    assert board.rows[0].figures.mass == 1
    assert board.rows[0].figures.overdue == 1
    body = response.content.decode()
    assert 'data-unit="00004"' in body
    assert 'class="sparkline"' in body
    assert "Cases per week, oldest first:" in body
    assert "The weeks as a table" in body  # the chart's text alternative
    assert "Đất đai, bồi thường" in body  # top topic
    assert _unit_url(tree.hanoi, tree.ba_dinh, "days=30") in body.replace("&amp;", "&")
    assert "Xã Bắc Lý" not in body
    for name in NAMES:
        assert name not in body
    # A monitor only reads: no threshold form.
    assert response.context["threshold_form"] is None
    assert reverse("hotspots:threshold", args=[tree.hanoi.pk]) not in body


def test_an_open_alert_is_shown(
    tree: Any, people: Any, client_for: Callable[..., Client], data: dict[str, Any]
) -> None:
    services.set_threshold(actor=people.leader, province=tree.hanoi, threshold=5, window_days=30)
    services.check_alerts()
    body = client_for(people.monitor).get(_province_url(tree.hanoi)).content.decode()
    assert "Alert since" in body
    assert "row-overdue" in body
    page = client_for(people.monitor).get(_unit_url(tree.hanoi, tree.ba_dinh))
    assert page.context["row"].alert is not None
    assert len(page.context["history"]) == 1


@pytest.mark.parametrize(("query", "days"), [("days=7", 7), ("days=180", 180), ("", 30)])
def test_the_window_selector(
    tree: Any,
    people: Any,
    client_for: Callable[..., Client],
    data: dict[str, Any],
    query: str,
    days: int,
) -> None:
    response = client_for(people.monitor).get(_province_url(tree.hanoi, query))
    assert response.status_code == 200
    board = response.context["board"]
    assert board.window.days == days
    codes = [r.unit.code for r in board.rows]
    # Ngọc Hà's paper of 45 days ago is in the previous window of 30 days, in no 7-day one.
    assert codes == (["00004"] if days == 7 else ["00004", "00008"])


@pytest.mark.parametrize("query", ["days=5", "days=abc", "days=365", "days="])
def test_a_bad_window_is_refused(
    tree: Any, people: Any, client_for: Callable[..., Client], query: str
) -> None:
    response = client_for(people.monitor).get(_province_url(tree.hanoi, query))
    if query == "days=":
        assert response.status_code == 200  # empty: the default window
        return
    assert response.status_code == 400
    assert "board" not in response.context
    unit = client_for(people.monitor).get(_unit_url(tree.hanoi, tree.ba_dinh, query))
    assert unit.status_code == 400


def test_the_province_window_is_the_default(
    tree: Any, people: Any, client_for: Callable[..., Client]
) -> None:
    services.set_threshold(actor=people.leader, province=tree.hanoi, threshold=9, window_days=45)
    response = client_for(people.monitor).get(_province_url(tree.hanoi))
    assert response.context["board"].window.days == 45
    # 45 is offered in the selector although it is not one of the usual choices.
    assert 45 in [value for value, _label in response.context["form"].fields["days"].choices]


def test_csv_ranking(
    tree: Any,
    people: Any,
    client_for: Callable[..., Client],
    data: dict[str, Any],
    topics: dict[str, Topic],
) -> None:
    Topic.objects.filter(pk=topics["dat-dai"].pk).update(name="=HYPERLINK(1)")
    response = client_for(people.monitor).get(_province_url(tree.hanoi, "days=30&format=csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"diem-nong-{tree.hanoi.code}-" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Rank", "Code", "Unit", "Score"]
    assert [r[1] for r in rows[1:]] == ["00004", "00008"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Rank"] == "1"
    assert first["Mass cases"] == "1"
    assert first["Overdue now"] == "1"
    assert first["Papers (đơn)"] == "4"
    assert first["Top topics"].startswith("'=HYPERLINK(1)")  # not a formula
    for name in NAMES:
        assert name not in text


# --- The drill-down -----------------------------------------------------------------


def test_drill_down_lists_the_papers(
    tree: Any, people: Any, client_for: Callable[..., Client], data: dict[str, Any]
) -> None:
    response = client_for(people.monitor).get(_unit_url(tree.hanoi, tree.ba_dinh))
    assert response.status_code == 200
    codes = {p.tracking_code for p in response.context["papers"]}
    assert codes == {p.tracking_code for p in [*data["land"], data["secret"]]}
    assert response.context["paper_total"] == 4
    body = response.content.decode()
    for p in data["land"]:
        assert reverse("petitions:detail", args=[p.pk]) in body
        assert f"/staff/cases/{p.family_id}/" in body
    assert '<span class="badge badge-near">Mass</span>' in body
    assert '<span class="badge badge-overdue">Overdue</span>' in body
    assert [t.code for t in response.context["row"].topics] == ["dat-dai", "none"]
    for name in NAMES:
        assert name not in body


def test_drill_down_by_topic(
    tree: Any, people: Any, client_for: Callable[..., Client], data: dict[str, Any]
) -> None:
    client = client_for(people.leader)
    land = client.get(_unit_url(tree.hanoi, tree.ba_dinh, "topic=dat-dai"))
    assert {p.tracking_code for p in land.context["papers"]} == {
        p.tracking_code for p in data["land"]
    }
    assert land.context["topic_row"].figures.volume == 3
    none = client.get(_unit_url(tree.hanoi, tree.ba_dinh, "topic=none"))
    assert [p.tracking_code for p in none.context["papers"]] == [data["secret"].tracking_code]
    assert client.get(_unit_url(tree.hanoi, tree.ba_dinh, "topic=khong-co")).status_code == 404


def test_drill_down_of_a_quiet_unit(
    tree: Any, people: Any, client_for: Callable[..., Client], data: dict[str, Any]
) -> None:
    response = client_for(people.monitor).get(_unit_url(tree.hanoi, tree.hanoi))
    assert response.status_code == 200
    assert response.context["papers"] == []
    assert response.context["row"].figures.score == 0
    assert "No paper is counted here in this window." in response.content.decode()


# --- The threshold form -------------------------------------------------------------


def test_a_leader_saves_the_threshold(
    tree: Any, people: Any, client_for: Callable[..., Client]
) -> None:
    client = client_for(people.leader)
    page = client.get(_province_url(tree.hanoi))
    assert page.context["threshold_form"] is not None
    url = reverse("hotspots:threshold", args=[tree.hanoi.pk])
    response = client.post(url, {"threshold": "12.5", "window_days": "60"})
    assert response.status_code == 302
    assert response["Location"] == _province_url(tree.hanoi)
    row = HotspotThreshold.objects.get(province=tree.hanoi)
    assert (row.threshold, row.window_days) == (12.5, 60)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"threshold": "0", "window_days": "30"}, "The threshold must be a number above 0"),
        ({"threshold": "10", "window_days": "500"}, "The window must be from 7 to 180 days."),
        ({"threshold": "", "window_days": "30"}, "This field is required."),
    ],
)
def test_a_bad_threshold_is_refused(
    tree: Any, people: Any, client_for: Callable[..., Client], post: dict[str, str], message: str
) -> None:
    response = client_for(people.leader).post(
        reverse("hotspots:threshold", args=[tree.hanoi.pk]), post
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HotspotThreshold.objects.exists()


@pytest.mark.parametrize("who", ["monitor", "other_leader", "officer"])
def test_others_may_not_post_a_threshold(
    tree: Any, people: Any, client_for: Callable[..., Client], who: str
) -> None:
    response = client_for(getattr(people, who)).post(
        reverse("hotspots:threshold", args=[tree.hanoi.pk]),
        {"threshold": "10", "window_days": "30"},
    )
    assert response.status_code == 403
    assert not HotspotThreshold.objects.exists()
