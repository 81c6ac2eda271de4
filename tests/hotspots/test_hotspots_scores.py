"""The hotspot figures, score and ranking of a province, read on 30 June 2026 over 30
days: Ba Đình's cases rise and include a mass case, Ngọc Hà is steady but late."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.hotspots import selectors
from danvan.hotspots.charts import sparkline, weekly_bars
from danvan.hotspots.selectors import WEIGHTS, Figures, Window
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition, Status
from danvan.units.models import Agency, AgencyKind, UnitKind, UnitLevel
from danvan.units.services import OfficialUnit, ensure_standard_agencies, sync_official_units
from tests.conftest import SMALL_LIST
from tests.hotspots.conftest import flag, join, overdue, paper

TODAY = date(2026, 6, 30)
IN = date(2026, 6, 20)  # inside the window (31 May excluded – 30 June)
BEFORE = date(2026, 5, 20)  # inside the previous window


def _day(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.fixture
def dataset(tree: Any, topics: dict[str, Any]) -> dict[str, Any]:
    ba_dinh, ngoc_ha = tree.agency(tree.ba_dinh), tree.agency(tree.ngoc_ha)
    land, env = topics["dat-dai"], topics["moi-truong"]
    # Ba Đình: one case last month, six this month, one of them a mass case.
    earlier = paper(ba_dinh, BEFORE, topic=land)
    mass = paper(ba_dinh, IN, topic=land)
    flag(mass, is_mass=True)
    paper(ba_dinh, IN, topic=land, is_repeat=True)
    join(paper(ba_dinh, IN, topic=land), earlier.family)  # the old case again
    paper(ba_dinh, IN, topic=land)
    join(paper(ba_dinh, IN, topic=land), mass.family)  # a second paper of the mass case
    paper(ba_dinh, IN, topic=env)
    paper(ba_dinh, IN)
    # Ngọc Hà: four cases each month, two overdue now, an old prolonged case open.
    for _ in range(4):
        paper(ngoc_ha, BEFORE, topic=env)
    late = [paper(ngoc_ha, IN, topic=env) for _ in range(4)]
    overdue(late[0])
    overdue(late[1])
    closed_late = paper(ngoc_ha, IN - timedelta(days=60), topic=env)
    overdue(closed_late)  # a stale flag on a closed paper does not count
    Petition.objects.filter(pk=closed_late.pk).update(status=Status.CLOSED)
    flag(paper(ngoc_ha, date(2026, 1, 10), topic=land), is_prolonged=True, is_open=True)
    # The province's own agency: one case this month.
    paper(tree.agency(tree.hanoi), IN)
    # Ninh Bình is another province.
    paper(tree.agency(tree.bac_ly), IN)
    return {"earlier": earlier, "mass": mass}


def _board(tree: Any, **kwargs: Any) -> selectors.ProvinceHotspots:
    return selectors.province_hotspots(tree.hanoi, today=TODAY, **kwargs)


def test_figures_score_and_ranking(tree: Any, dataset: dict[str, Any]) -> None:
    board = _board(tree)
    assert board.window.days == selectors.DEFAULT_WINDOW_DAYS
    assert [r.unit.code for r in board.rows] == ["00004", "00008", "01"]
    ba_dinh, ngoc_ha, province = board.rows

    f = ba_dinh.figures
    assert (f.papers, f.volume, f.previous, f.rise) == (7, 6, 1, 5)
    assert (f.mass, f.repeats, f.overdue, f.prolonged) == (1, 1, 0, 0)
    assert f.ratio == 6.0
    assert (
        f.score
        == 5 * WEIGHTS["rise"] + 6 * WEIGHTS["volume"] + WEIGHTS["mass"] + WEIGHTS["repeats"]
    )

    g = ngoc_ha.figures
    assert (g.papers, g.volume, g.previous, g.rise) == (4, 4, 4, 0)
    assert (g.mass, g.repeats, g.overdue, g.prolonged) == (0, 0, 2, 1)
    assert g.ratio == 1.0
    assert g.score == 4 * WEIGHTS["volume"] + 2 * WEIGHTS["overdue"] + WEIGHTS["prolonged"]

    assert province.is_province
    assert (province.figures.volume, province.figures.previous) == (1, 0)
    # The province in total: each family once, Ninh Bình left out.
    assert (board.total.papers, board.total.volume, board.total.previous) == (12, 11, 5)
    assert board.quiet == 0
    assert board.threshold is None


def test_topics_ranked_inside_a_unit(tree: Any, dataset: dict[str, Any]) -> None:
    ba_dinh = _board(tree).rows[0]
    assert [t.code for t in ba_dinh.topics] == ["dat-dai", "moi-truong", selectors.NO_TOPIC]
    land = ba_dinh.topics[0].figures
    assert (land.papers, land.volume, land.previous, land.mass, land.repeats) == (5, 4, 1, 1, 1)
    assert ba_dinh.topics[2].topic is None
    assert ba_dinh.topics[2].name == "No topic"
    assert [t.code for t in ba_dinh.top_topics] == ["dat-dai", "moi-truong", "none"]
    # Ngọc Hà's prolonged case is filed under land, its papers this month under environment.
    ngoc_ha = _board(tree).rows[1]
    assert [t.code for t in ngoc_ha.topics] == ["moi-truong", "dat-dai"]
    assert ngoc_ha.topic("dat-dai").figures.prolonged == 1  # type: ignore[union-attr]
    assert ngoc_ha.topic("chinh-sach") is None


def test_the_unit_page_reads_the_same_figures(tree: Any, dataset: dict[str, Any]) -> None:
    board = _board(tree)
    window = board.window
    for unit in (tree.ba_dinh, tree.ngoc_ha, tree.hanoi):
        alone = selectors.unit_hotspot(tree.hanoi, unit, window=window)
        ranked = board.row_for(unit)
        assert ranked is not None
        assert alone.figures.snapshot() == ranked.figures.snapshot()
        assert [t.code for t in alone.topics] == [t.code for t in ranked.topics]
        assert alone.trend == ranked.trend


def test_the_papers_behind_a_unit(tree: Any, dataset: dict[str, Any], topics: Any) -> None:
    window = Window(TODAY, 30)
    lines, total = selectors.unit_papers(tree.hanoi, tree.ngoc_ha, window=window)
    # The four of this month and the old prolonged case; not last month's, not the
    # closed paper with a stale overdue flag.
    assert total == len(lines) == 5
    assert sum(1 for line in lines if line.in_window) == 4
    assert sum(1 for line in lines if line.is_overdue) == 2
    old = [line for line in lines if not line.in_window]
    assert old[0].family_prolonged
    assert old[0].received_on == date(2026, 1, 10)
    assert lines == sorted(lines, key=lambda line: line.received_on, reverse=True)

    land, _ = selectors.unit_papers(
        tree.hanoi, tree.ba_dinh, window=window, topic=topics["dat-dai"]
    )
    assert len(land) == 5
    assert {line.topic_name for line in land} == {"Đất đai, bồi thường"}
    none, _ = selectors.unit_papers(tree.hanoi, tree.ba_dinh, window=window, without_topic=True)
    assert len(none) == 1
    assert none[0].topic_name == ""
    mass = [line for line in land if line.family_id == dataset["mass"].family_id]
    assert len(mass) == 2
    assert all(line.family_mass for line in mass)
    # The province's own papers are not its communes' papers.
    own, _ = selectors.unit_papers(tree.hanoi, tree.hanoi, window=window)
    assert len(own) == 1


def test_window_boundaries(tree: Any) -> None:
    agency = tree.agency(tree.ba_dinh)
    for days_ago in (0, 29, 30, 59, 60):
        paper(agency, _day(days_ago))
    f = _board(tree, days=30).rows[0].figures
    # (today − 30, today]: 0 and 29 days ago are in; 30 days ago opens the previous
    # window (today − 60, today − 30]; 60 days ago is in neither.
    assert (f.papers, f.previous_papers) == (2, 2)
    assert Window(TODAY, 30).contains(_day(29))
    assert not Window(TODAY, 30).contains(_day(30))
    assert Window(TODAY, 30).first_day == _day(29)
    # A 7-day window: today − 6 is the first day in.
    f7 = _board(tree, days=7).rows[0].figures
    assert (f7.papers, f7.previous_papers) == (1, 0)


def test_the_threshold_row_sets_the_window(tree: Any, people: Any) -> None:
    from danvan.hotspots.services import set_threshold

    agency = tree.agency(tree.ba_dinh)
    paper(agency, _day(10))
    paper(agency, _day(40))
    assert _board(tree).rows[0].figures.papers == 1
    set_threshold(actor=people.leader, province=tree.hanoi, threshold=10, window_days=60)
    board = _board(tree)
    assert board.window.days == 60
    assert board.rows[0].figures.papers == 2
    assert _board(tree, days=7).window.days == 7  # the page may look at another window


def test_weekly_trend(tree: Any) -> None:
    ba_dinh, ngoc_ha = tree.agency(tree.ba_dinh), tree.agency(tree.ngoc_ha)
    first = paper(ba_dinh, _day(0))
    join(paper(ba_dinh, _day(6)), first.family)  # same week, same case
    paper(ba_dinh, _day(7))
    paper(ba_dinh, _day(83))
    paper(ba_dinh, _day(84))  # thirteen weeks ago: not drawn
    paper(ngoc_ha, _day(3))
    board = _board(tree)
    row = board.row_for(tree.ba_dinh)
    assert row is not None
    trend = row.trend
    assert len(trend) == selectors.TREND_WEEKS
    assert trend[-1].end == TODAY
    assert trend[-1].start == _day(6)
    assert trend[0].start == _day(83)
    assert [(p.papers, p.families) for p in trend] == [(1, 1)] + [(0, 0)] * 9 + [(1, 1), (2, 1)]
    # The province adds up its units, each case once a week.
    assert (board.trend[-1].papers, board.trend[-1].families) == (3, 2)
    assert sum(p.papers for p in board.trend) == 5

    line = sparkline([p.families for p in trend])
    assert line.top == 1
    assert len(line.points.split()) == selectors.TREND_WEEKS
    assert line.last_y < line.height / 2  # the latest week is at the top of the line
    chart = weekly_bars(board.trend)
    assert chart.groups[-1].label == TODAY.strftime("%d/%m")
    assert [b.value for b in chart.groups[-1].bars] == [3, 2]


def test_a_paper_forwarded_within_the_province_counts_once(tree: Any) -> None:
    sent = paper(tree.agency(tree.ba_dinh), _day(5))
    petitions.forward(
        actor=None,
        petition=sent,
        to_agency=tree.agency(tree.hanoi, AgencyKind.INSPECTORATE),
        expected_version=sent.version,
        effective_on=_day(4),
    )
    # From Ninh Bình to Hà Nội: it arrives in this province and counts here.
    outside = paper(tree.agency(tree.bac_ly), _day(5))
    petitions.forward(
        actor=None,
        petition=outside,
        to_agency=tree.agency(tree.hanoi),
        expected_version=outside.version,
        effective_on=_day(3),
    )
    board = _board(tree)
    by_code = {r.unit.code: r.figures for r in board.rows}
    assert by_code["00004"].papers == 1
    assert by_code["01"].papers == 1  # only the paper from outside
    assert board.total.papers == 2
    assert board.total.volume == 2


def test_empty_province_and_quiet_units(tree: Any) -> None:
    board = _board(tree)
    assert board.rows == []
    assert board.quiet == 3  # the province's own agencies and its two communes
    assert board.total.score == 0
    assert selectors.province_hotspots(tree.ninhbinh, today=TODAY).rows == []


def test_rise_ratio_and_score_of_bare_figures() -> None:
    f = Figures(papers=3, families={1, 2, 3}, previous_families=set())
    assert (f.rise, f.ratio) == (3, None)
    g = Figures(families={1}, previous_families={1, 2, 3, 4})
    assert g.rise == -3
    assert g.ratio == 0.25
    # A fall gives no points: only the volume counts.
    assert g.score == round(WEIGHTS["volume"], 1)
    assert g.points()["rise"] == 0


def test_a_fixed_number_of_queries(
    tree: Any, topics: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    paper(tree.agency(tree.ba_dinh), _day(3), topic=topics["dat-dai"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            board = _board(tree)
            for row in board.rows:
                _ = [t.name for t in row.topics], row.trend, row.alert
        return len(ctx.captured_queries)

    before = count()
    extra = [
        OfficialUnit(f"0{n}100", f"Phường Thử {n}", UnitKind.WARD, UnitLevel.COMMUNE, f"t{n}", "01")
        for n in range(1, 5)
    ]
    sync_official_units(actor=None, rows=SMALL_LIST + extra)
    ensure_standard_agencies(actor=None)
    for n, code in enumerate(("dat-dai", "moi-truong", "chinh-sach", "dat-dai")):
        agency = Agency.objects.get(unit__code=f"0{n + 1}100", kind=AgencyKind.PEOPLES_COMMITTEE)
        for days_ago in (1, 12, 45):
            p = paper(agency, _day(days_ago), topic=topics[code])
        overdue(p)
        flag(p, is_prolonged=True, is_mass=True)
    paper(tree.agency(tree.hanoi), _day(2), topic=topics["chinh-sach"])
    board = _board(tree)
    assert len(board.rows) == 6
    # More communes, topics and flags with data must not mean more queries.
    assert count() == before
