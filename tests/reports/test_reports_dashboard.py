"""Dashboards: who may open which, the period and its bad input, figures equal to the
figures interface, every number leading to a list of the same size, the ranking of the
units below and the map of the provinces."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.figures.selectors import Figures, child_figures, monthly_figures, unit_figures
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.tasks import watch_deadlines
from danvan.reception.models import Frequency, SessionKind
from danvan.reception.selectors import leader_compliance
from danvan.reception.services import open_session, set_leader_schedule
from danvan.reports.selectors import (
    MEASURES,
    Period,
    UnitRow,
    by_measure,
    quantile_classes,
    reception_compliance,
    worst_first,
)
from danvan.satisfaction.services import rate_case
from danvan.units.models import AdministrativeUnit, UnitLevel
from danvan.units.services import ensure_standard_agencies, official_units_2025, sync_official_units
from tests.petitions import conftest as petitions_conftest
from tests.petitions.conftest import Staff, receive_one

D = date.fromisoformat
YEAR = "from=2026-01-01&to=2026-12-31"
PERIOD = Period(D("2026-01-01"), D("2026-12-31"))


@pytest.fixture
def staff(tree, make_user) -> Staff:
    """The staff of tests/petitions: Ba Đình's officer, handler and chair, and the
    Hà Nội inspectorate's monitor (read-only over the province)."""
    return petitions_conftest.staff.__wrapped__(tree, make_user)


def url(unit: AdministrativeUnit, query: str = YEAR) -> str:
    return f"/staff/reports/unit/{unit.pk}/?{query}"


def resolve(staff: Staff, petition: Petition, *, on: str) -> Petition:
    """Walk a complaint of Ba Đình through to a decision on ``on``."""
    day = D(on)
    p = petitions.classify(
        actor=staff.officer, petition=petition, expected_version=petition.version, effective_on=day
    )
    p = petitions.accept(
        actor=staff.leader, petition=p, expected_version=p.version, effective_on=day
    )
    p = petitions.assign(
        actor=staff.leader,
        petition=p,
        handler=staff.handler,
        expected_version=p.version,
        effective_on=day,
    )
    p = petitions.start_verification(
        actor=staff.handler, petition=p, expected_version=p.version, effective_on=day
    )
    p = petitions.record_dialogue(
        actor=staff.handler,
        petition=p,
        expected_version=p.version,
        minutes="Hai bên thống nhất.",
        participants=["Phạm Thị Dung", "Nguyễn Văn A"],
        effective_on=day,
    )
    return petitions.decide(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        outcome="right",
        summary="Đã giải quyết",
        effective_on=day,
    )


@dataclass
class Cases:
    resolved: Petition  # Ba Đình, decided on time
    complaint: Petition  # Ba Đình, overdue
    denunciation: Petition  # Ba Đình, overdue, online
    ngoc_ha: Petition  # Ngọc Hà, overdue, by hotline
    other_province: Petition  # Bắc Lý (Ninh Bình)


@pytest.fixture
def cases(tree, staff) -> Cases:
    ba_dinh, ngoc_ha, bac_ly = (tree.agency(u) for u in (tree.ba_dinh, tree.ngoc_ha, tree.bac_ly))
    resolved = resolve(staff, receive_one(staff, ba_dinh, on="2026-01-05"), on="2026-01-06")
    complaint = receive_one(staff, ba_dinh, kind="complaint", on="2026-02-02")
    denunciation = receive_one(
        staff, ba_dinh, kind="denunciation", on="2026-03-02", channel="portal"
    )
    in_ngoc_ha = receive_one(None, ngoc_ha, on="2026-03-02", channel="hotline")
    other = receive_one(None, bac_ly, kind="petition", on="2026-03-02")
    # The daily watch, run in June, finds the three still waiting past their deadlines.
    watch_deadlines(today=D("2026-06-01"))
    return Cases(resolved, complaint, denunciation, in_ngoc_ha, other)


# --- Who may open what --------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(tree, client):
    for path in (
        "/staff/reports/",
        url(tree.hanoi),
        f"/staff/reports/unit/{tree.hanoi.pk}/channel/?channel=post",
        f"/staff/reports/unit/{tree.hanoi.pk}/reception/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path


def test_a_commune_officer_sees_only_the_own_commune(tree, staff, client_for):
    officer = client_for(staff.officer)
    assert officer.get(url(tree.ba_dinh)).status_code == 200
    for unit in (tree.ngoc_ha, tree.hanoi, tree.nation, tree.bac_ly):
        assert officer.get(url(unit)).status_code == 403, unit
        assert (
            officer.get(f"/staff/reports/unit/{unit.pk}/channel/?channel=post&{YEAR}").status_code
            == 403
        )
        assert officer.get(f"/staff/reports/unit/{unit.pk}/reception/").status_code == 403
    # The index leads to the officer's own commune.
    response = officer.get("/staff/reports/")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/reports/unit/{tree.ba_dinh.pk}/"


def test_a_provincial_monitor_sees_the_province_and_its_communes_only(tree, staff, client_for):
    monitor = client_for(staff.monitor)
    for unit in (tree.hanoi, tree.ba_dinh, tree.ngoc_ha):
        assert monitor.get(url(unit)).status_code == 200, unit
    for unit in (tree.ninhbinh, tree.bac_ly, tree.nation):
        assert monitor.get(url(unit)).status_code == 403, unit
    assert monitor.get("/staff/reports/")["Location"] == f"/staff/reports/unit/{tree.hanoi.pk}/"


def test_a_leader_of_the_commune_alone_cannot_open_the_units_of_another(
    tree, make_user, client_for
):
    # A provincial leader whose role does not reach below sees the province only.
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=False)
    client = client_for(leader)
    response = client.get(url(tree.hanoi))
    assert response.status_code == 200
    board = response.context["board"]
    assert {row.unit for row in board.rows} == {tree.ba_dinh, tree.ngoc_ha}
    # The communes are listed but not linked, and their numbers lead nowhere.
    assert all(row.url is None for row in board.rows)
    assert all(cell.url is None for row in board.rows for cell in row.cells)
    assert client.get(url(tree.ba_dinh)).status_code == 403


def test_a_person_without_a_staff_role_is_refused(tree, make_user, client_for):
    citizen = make_user()
    client = client_for(citizen)
    assert client.get("/staff/reports/").status_code == 403
    assert client.get(url(tree.ba_dinh)).status_code == 403


def test_unknown_units_and_channels_are_not_found(tree, staff, client_for):
    monitor = client_for(staff.monitor)
    assert monitor.get("/staff/reports/unit/999999/").status_code == 404
    assert (
        monitor.get(f"/staff/reports/unit/{tree.hanoi.pk}/channel/?channel=pigeon").status_code
        == 404
    )
    assert monitor.get(f"/staff/reports/unit/{tree.hanoi.pk}/channel/").status_code == 404


# --- The period -----------------------------------------------------------------------


def test_without_dates_the_period_runs_from_new_year_to_today(tree, staff, client_for):
    today = timezone.localdate()
    response = client_for(staff.monitor).get(f"/staff/reports/unit/{tree.hanoi.pk}/")
    assert response.status_code == 200
    assert response.context["period"] == Period(date(today.year, 1, 1), today)
    assert response.context["board"].measure.key == "overdue_rate"


def test_dates_are_read_as_iso_or_as_shown_and_one_date_implies_the_other(tree, staff, client_for):
    monitor = client_for(staff.monitor)
    response = monitor.get(url(tree.hanoi, "from=01/02/2026&to=28/02/2026"))
    assert response.context["period"] == Period(D("2026-02-01"), D("2026-02-28"))
    response = monitor.get(url(tree.hanoi, "to=2025-06-30"))
    assert response.context["period"] == Period(D("2025-01-01"), D("2025-06-30"))
    # Shown as dd/mm/yyyy on the page.
    assert "01/01/2025" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=yesterday", "from"),
        ("from=2026-02-30", "from"),
        ("to=31/13/2026", "to"),
        ("from=2026-05-01&to=2026-04-01", "__all__"),
        ("from=2019-01-01&to=2026-01-01", "__all__"),
        ("from=1900-01-01&to=1900-02-01", "__all__"),
        ("measure=population", "measure"),
    ],
)
def test_bad_input_gives_the_page_with_a_message_not_an_error(
    tree, staff, client_for, query, field
):
    response = client_for(staff.monitor).get(url(tree.hanoi, query))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert "board" not in response.context
    # The page itself is there, with the error summary and the form to correct it.
    assert 'class="error-summary"' in response.content.decode()
    assert 'name="from"' in response.content.decode()


def test_bad_dates_on_the_lists_behind_figures_are_refused_too(tree, staff, client_for):
    monitor = client_for(staff.monitor)
    base = f"/staff/reports/unit/{tree.hanoi.pk}"
    assert monitor.get(f"{base}/channel/?channel=post&from=junk").status_code == 400
    assert monitor.get(f"{base}/reception/?from=2026-05-01&to=2026-01-01").status_code == 400


# --- Figures --------------------------------------------------------------------------


def test_figures_are_those_of_the_figures_interface(tree, staff, client_for, cases):
    response = client_for(staff.monitor).get(url(tree.hanoi))
    assert response.status_code == 200
    board = response.context["board"]
    expected = unit_figures(tree.hanoi, start=PERIOD.start, end=PERIOD.end)
    assert board.figures == expected
    assert expected.counts["received"] == 4
    assert expected.counts["overdue_now"] == 3
    assert expected.counts["resolved_on_time"] == 1

    headline = {cell.key: cell.value for cell in board.headline}
    for name in ("received", "accepted", "resolved", "overdue_now"):
        assert headline[name] == expected.counts[name]
    assert headline["on_time_rate"] == expected.on_time_rate == 100.0
    assert {c.key: c.value for c in board.by_kind} == {
        k: expected.counts[k] for k in ("complaint", "denunciation", "petition", "feedback")
    }
    channels = {c.key: c.value for c in board.by_channel}
    assert {k: v for k, v in channels.items() if v} == expected.by_channel
    assert channels == {"post": 2, "portal": 1, "hotline": 1} | dict.fromkeys(
        ("reception", "email", "transfer"), 0
    )

    # Twelve months of the period's year, each equal to monthly_figures.
    assert board.trend_year == 2026
    assert [(p.month, p.figures) for p in board.trend] == monthly_figures(tree.hanoi, year=2026)
    assert [p.received for p in board.trend][:4] == [1, 1, 2, 0]

    # The communes below, equal to child_figures; the province's own agencies apart.
    children = dict(child_figures(tree.hanoi, start=PERIOD.start, end=PERIOD.end))
    assert {row.unit: row.figures for row in board.rows} == {
        u: f for u, f in children.items() if u is not None
    }
    assert board.own == children[None]
    # The other province's petition is in none of it.
    assert cases.other_province.unit_id not in {row.unit.pk for row in board.rows}


def test_a_commune_dashboard_has_no_units_below_and_no_map(tree, staff, client_for, cases):
    response = client_for(staff.officer).get(url(tree.ba_dinh))
    board = response.context["board"]
    assert board.figures == unit_figures(tree.ba_dinh, start=PERIOD.start, end=PERIOD.end)
    assert board.figures.counts["received"] == 3
    assert board.rows == []
    assert board.map is None
    # The democracy cells link to the monitor; nothing recorded here, so no rate.
    assert [(c.key, c.value, c.detail) for c in board.democracy] == [
        ("disclosures_on_time", None, "0 / 0"),
        ("board_answers", None, "0 / 0"),
    ]


def _links(html: str) -> list[str]:
    return [
        h.replace("&amp;", "&")
        for h in re.findall(r'href="(/staff/[^"#]*)', html)
        if "/statistics/list/" in h or "/reports/unit/" in h
    ]


def test_every_figure_leads_to_a_list_of_as_many_cases(tree, staff, client_for, cases):
    monitor = client_for(staff.monitor)
    response = monitor.get(url(tree.hanoi))
    board = response.context["board"]
    cells = [
        *board.headline,
        *board.by_kind,
        *board.by_channel,
        *(cell for point in board.trend for cell in point.cells),
        *(cell for row in board.rows for cell in row.cells),
    ]
    checked = 0
    for cell in cells:
        assert cell.url, cell.key
        page = monitor.get(cell.url)
        assert page.status_code == 200, cell.url
        if cell.key == "on_time_rate":
            assert page.context["total"] == board.figures.counts["resolved_on_time"]
        else:
            assert page.context["total"] == cell.value, cell.url
            assert len(page.context["items"]) == cell.value
        checked += 1
    assert checked > 60
    # Nothing on the page points to a list that is not there.
    for link in set(_links(response.content.decode())):
        assert monitor.get(link).status_code == 200, link


def test_figure_links_keep_the_unit_and_the_period(tree, staff, client_for, cases):
    board = client_for(staff.monitor).get(url(tree.hanoi, "from=2026-02-01&to=2026-03-31"))
    [overdue] = [c for c in board.context["board"].headline if c.key == "overdue_now"]
    query = parse_qs(urlsplit(overdue.url).query)
    assert query == {
        "unit": [str(tree.hanoi.pk)],
        "from": ["2026-02-01"],
        "to": ["2026-03-31"],
        "figure": ["overdue_now"],
    }
    assert overdue.value == 3


def test_the_channel_list_shows_the_petitions_received_that_way(tree, staff, client_for, cases):
    page = client_for(staff.monitor).get(
        f"/staff/reports/unit/{tree.hanoi.pk}/channel/?channel=hotline&{YEAR}"
    )
    assert [p.pk for p in page.context["items"]] == [cases.ngoc_ha.pk]
    assert cases.ngoc_ha.tracking_code in page.content.decode()


def test_reception_held_against_required_sums_the_leaders_schedules(
    tree, staff, client_for, make_user
):
    admin = make_user(Role.SYSTEM_ADMIN)
    agency = tree.agency(tree.ba_dinh)
    set_leader_schedule(
        actor=admin,
        agency=agency,
        leader=staff.leader,
        frequency=Frequency.WEEKLY,
        valid_from=D("2026-03-01"),
    )
    # March 2026 has four weeks by the ISO rule; the chair received in two of them.
    for day in ("2026-03-03", "2026-03-17"):
        open_session(
            actor=staff.officer,
            agency=agency,
            kind=SessionKind.LEADER_PERIODIC,
            held_on=D(day),
            chaired_by=staff.leader,
        )
    open_session(actor=staff.officer, agency=agency, kind=SessionKind.REGULAR, held_on=D(day))
    monitor = client_for(staff.monitor)
    board = monitor.get(url(tree.hanoi, "from=2026-03-01&to=2026-03-31")).context["board"]
    assert (board.compliance.held, board.compliance.required) == (2, 4)
    [cell] = [c for c in board.headline if c.key == "reception"]
    assert (cell.value, cell.detail) == (50.0, "2 / 4")
    assert board.reception["sessions"] == 3

    page = monitor.get(cell.url)
    assert page.status_code == 200
    assert page.context["session_count"] == 3
    assert [(c.required, c.held) for _a, c in page.context["compliance"].rows] == [(4, 2)]
    # A commune of another province owes nothing here.
    other = monitor.get(url(tree.ngoc_ha, "from=2026-03-01&to=2026-03-31")).context["board"]
    assert other.compliance.required == 0
    assert "reception" not in {c.key for c in other.headline}


def test_reception_compliance_counts_as_the_reception_module_does(tree, staff, make_user):
    admin = make_user(Role.SYSTEM_ADMIN)
    commune, province = tree.agency(tree.ba_dinh), tree.agency(tree.hanoi)
    chair = make_user(Role.LEADER, province, full_name="Chủ tịch tỉnh")
    # The commune chair: weekly from mid-January, monthly from mid-March.
    set_leader_schedule(
        actor=admin,
        agency=commune,
        leader=staff.leader,
        frequency=Frequency.WEEKLY,
        valid_from=D("2026-01-10"),
    )
    set_leader_schedule(
        actor=admin,
        agency=commune,
        leader=staff.leader,
        frequency=Frequency.MONTHLY,
        valid_from=D("2026-03-15"),
    )
    set_leader_schedule(
        actor=admin,
        agency=province,
        leader=chair,
        frequency=Frequency.MONTHLY,
        valid_from=D("2026-01-01"),
    )
    sessions = [
        (commune, staff.leader, "2026-01-12", False),
        (commune, staff.leader, "2026-01-14", False),  # same week: counted once
        (commune, staff.leader, "2026-01-29", True),  # delegated
        (commune, staff.leader, "2026-02-02", False),
        (commune, staff.leader, "2026-03-30", False),  # Monday of a week that is April's
        (commune, staff.officer, "2026-02-09", False),  # not the scheduled leader
        (province, chair, "2026-02-20", False),
        (province, chair, "2026-03-05", True),
        (province, chair, "2026-04-01", False),
        (province, chair, "2026-04-02", False),
    ]
    for agency, leader, day, delegated in sessions:
        open_session(
            actor=admin,
            agency=agency,
            kind=SessionKind.LEADER_PERIODIC,
            held_on=D(day),
            chaired_by=leader,
            delegated=delegated,
        )
    open_session(actor=admin, agency=commune, kind=SessionKind.REGULAR, held_on=D("2026-02-16"))

    result = reception_compliance(
        tree.hanoi, period=Period(D("2026-01-01"), D("2026-05-31")), today=D("2026-11-25")
    )

    def as_set(rows):
        return {(c.schedule.pk, c.year, c.month, c.required, c.held, c.delegated) for c in rows}

    expected = [
        c
        for agency in (commune, province)
        for month in range(1, 6)
        for c in leader_compliance(agency, year=2026, month=month)
    ]
    assert as_set(c for _a, c in result.rows) == as_set(expected)
    # Commune: weekly Jan–Mar, monthly Mar–May; province: monthly Jan–May.
    assert len(result.rows) == len(expected) == 3 + 3 + 5
    assert result.required == sum(c.required for c in expected)
    assert result.held == sum(c.held for c in expected)
    assert (result.held, result.required, result.delegated) == (5, 21, 2)
    # Months still to come owe nothing yet.
    early = reception_compliance(
        tree.hanoi, period=Period(D("2026-01-01"), D("2026-12-31")), today=D("2026-02-10")
    )
    assert early.months == [(2026, 1), (2026, 2)]


def test_the_satisfaction_index_shows_when_cases_were_rated(tree, staff, client_for, make_user):
    today = timezone.localdate()
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    p = receive_one(staff, tree.agency(tree.ba_dinh), on=(today - timedelta(days=3)).isoformat())
    p = petitions.file(
        actor=leader, petition=p, expected_version=p.version, reason="Không đủ điều kiện"
    )
    rate_case(petition=p, score=4)
    query = f"from={(today - timedelta(days=5)).isoformat()}&to={today.isoformat()}"
    monitor = client_for(staff.monitor)
    board = monitor.get(url(tree.hanoi, query)).context["board"]
    [cell] = [c for c in board.headline if c.key == "satisfaction"]
    assert cell.value == 75.0
    assert monitor.get(cell.url).status_code == 200
    before = monitor.get(url(tree.hanoi, "from=2025-01-01&to=2025-12-31")).context["board"]
    assert "satisfaction" not in {c.key for c in before.headline}


# --- Ranking and classes ----------------------------------------------------------------


def _row(name: str, received: int, overdue: int, resolved: int, on_time: int) -> UnitRow:
    unit = AdministrativeUnit(name=name, name_collation=name, code=name, level=3)
    counts = {
        "received": received,
        "overdue_now": overdue,
        "resolved": resolved,
        "resolved_on_time": on_time,
    }
    figures = Figures(counts=counts)
    return UnitRow(unit, figures, MEASURES["overdue_rate"].value(figures), None, None, [])


def test_worst_units_come_first_by_overdue_then_on_time_rate():
    rows = [
        _row("a", received=10, overdue=0, resolved=4, on_time=4),
        _row("b", received=10, overdue=3, resolved=4, on_time=4),
        _row("c", received=10, overdue=3, resolved=4, on_time=1),
        _row("d", received=50, overdue=0, resolved=0, on_time=0),
        _row("e", received=10, overdue=0, resolved=4, on_time=2),
        _row("f", received=10, overdue=5, resolved=0, on_time=0),
    ]
    assert [r.unit.name for r in worst_first(rows)] == ["f", "c", "b", "e", "a", "d"]


def test_ranking_by_measure_puts_units_without_a_value_last():
    rows = [
        _row("a", received=10, overdue=1, resolved=4, on_time=4),  # 100 ‰
        _row("b", received=0, overdue=0, resolved=0, on_time=0),  # no value
        _row("c", received=4, overdue=2, resolved=4, on_time=1),  # 500 ‰, 25 %
        _row("d", received=100, overdue=1, resolved=10, on_time=9),  # 10 ‰, 90 %
    ]
    assert [r.unit.name for r in by_measure(rows, MEASURES["overdue_rate"])] == [
        "c",
        "a",
        "d",
        "b",
    ]
    on_time = MEASURES["on_time_rate"]
    rows = [UnitRow(r.unit, r.figures, on_time.value(r.figures), None, None, []) for r in rows]
    assert [r.unit.name for r in by_measure(rows, on_time)] == ["c", "d", "a", "b"]


@pytest.mark.parametrize(
    "values",
    [
        list(range(1, 11)),
        [0, 0, 0, 0, 0, 0, 1, 2, 3, 50],
        [5.5],
        [None, 3, None, 3, 3],
        [2.5, 1.0, None, 7.25, 7.25, 0.0, 12.0, 3.3, 3.3, 3.3, 100.0],
    ],
)
def test_legend_classes_are_ordered_disjoint_and_hold_every_value(values):
    for higher_is_worse in (True, False):
        classes = quantile_classes(values, higher_is_worse=higher_is_worse)
        legend = classes.legend
        present = [v for v in values if v is not None]
        assert 1 <= len(legend) <= 5
        assert classes.missing == len(values) - len(present)
        assert sum(c.count for c in legend) == len(present)
        for c in legend:
            assert c.low <= c.high
            assert c.count >= 1
        for before, after in itertools.pairwise(legend):
            assert before.high < after.low
        # Darker is worse: shades run up with the values, or down when higher is better.
        shades = [c.shade for c in legend]
        assert len(set(shades)) == len(shades)
        assert shades == sorted(shades, reverse=not higher_is_worse)
        for v in present:
            [home] = [c for c in legend if c.low <= v <= c.high]
            assert classes.shade_of(v) == home.shade
        assert classes.shade_of(None) is None


def test_ten_values_make_five_classes_of_two():
    classes = quantile_classes(list(range(1, 11)), higher_is_worse=True)
    assert [(c.low, c.high, c.count, c.shade) for c in classes.legend] == [
        (1, 2, 2, 0),
        (3, 4, 2, 1),
        (5, 6, 2, 2),
        (7, 8, 2, 3),
        (9, 10, 2, 4),
    ]
    assert quantile_classes([None, None], higher_is_worse=True).legend == []


def test_the_province_lists_its_worst_communes_and_a_graded_grid(tree, staff, client_for, cases):
    response = client_for(staff.monitor).get(url(tree.hanoi))
    board = response.context["board"]
    # Ba Đình: 2 overdue of 3 (667 ‰); Ngọc Hà: 1 of 1 (1000 ‰).
    assert [row.unit for row in board.worst] == [tree.ba_dinh, tree.ngoc_ha]
    assert [row.unit for row in board.rows] == [tree.ngoc_ha, tree.ba_dinh]
    assert [row.value for row in board.rows] == [1000.0, 666.7]
    assert [row.shade for row in board.rows] == [4, 0]
    html = response.content.decode()
    grid = html[html.index('class="unit-grid"') :]
    assert grid.index(tree.ngoc_ha.name) < grid.index(tree.ba_dinh.name)
    query = YEAR.replace("&", "&amp;")
    assert f'href="/staff/reports/unit/{tree.ngoc_ha.pk}/?{query}&amp;measure=overdue_rate"' in grid
    # The province alone is drawn, highlighted, from the finer outline.
    assert board.map.detailed
    assert [a.code for a in board.map.areas] == ["01"]


def test_the_measure_changes_the_ranking(tree, staff, client_for, cases):
    board = (
        client_for(staff.monitor).get(url(tree.hanoi, YEAR + "&measure=received")).context["board"]
    )
    assert board.measure.key == "received"
    assert [(row.unit, row.value) for row in board.rows] == [
        (tree.ba_dinh, 3),
        (tree.ngoc_ha, 1),
    ]


# --- The national map -----------------------------------------------------------------


class _MapLinks(HTMLParser):
    """Collects the links around the provinces of the map, with their titles."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self._in_map = False
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "figure" and "map" in (found.get("class") or ""):
            self._in_map = True
        elif self._in_map and tag == "a":
            self.links.append({**found, "title": ""})
        elif self._in_map and tag == "title" and self.links:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._in_map = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.links[-1]["title"] = (self.links[-1]["title"] or "") + data


@pytest.fixture
def provinces(tree) -> dict[str, AdministrativeUnit]:
    """All 34 provinces (no communes beyond those of the small tree)."""
    rows = [r for r in official_units_2025() if r.level == UnitLevel.PROVINCE]
    small = [r for r in official_units_2025() if r.code in {"00004", "00008", "13432"}]
    sync_official_units(actor=None, rows=rows + small)
    ensure_standard_agencies(actor=None)
    return {u.code: u for u in AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)}


def test_the_national_map_links_all_34_provinces_by_official_code(
    tree, provinces, staff, make_user, client_for, cases
):
    national = make_user(Role.MONITOR, tree.agency(tree.nation, "thanh_tra"))
    response = client_for(national).get(url(tree.nation))
    assert response.status_code == 200
    parser = _MapLinks()
    parser.feed(response.content.decode())
    assert len(parser.links) == 34
    codes = {link["data-code"] for link in parser.links}
    assert len(provinces) == 34
    assert codes == set(provinces)
    for link in parser.links:
        unit = provinces[str(link["data-code"])]
        assert link["href"] == f"/staff/reports/unit/{unit.pk}/?{YEAR}&measure=overdue_rate"
        assert str(link["title"]).startswith(unit.name)
    hanoi = next(link for link in parser.links if link["data-code"] == "01")
    assert hanoi["title"] == "Thành phố Hà Nội: 750‰"  # 3 overdue of 4 received
    # The table gives the same values as text.
    board = response.context["board"]
    assert len(board.rows) == 34
    assert board.rows[0].unit == provinces["01"]
    assert board.classes.missing == 32  # only two provinces received anything
    # Each province opens from the map.
    assert client_for(national).get(str(hanoi["href"])).status_code == 200


def test_the_national_map_leaves_out_links_the_user_may_not_follow(
    tree, provinces, staff, make_user, client_for
):
    # A national leader whose role does not reach below: the map is there, unlinked.
    leader = make_user(Role.LEADER, tree.agency(tree.nation, "thanh_tra"), covers_subtree=False)
    response = client_for(leader).get(url(tree.nation))
    assert response.status_code == 200
    parser = _MapLinks()
    parser.feed(response.content.decode())
    assert parser.links == []
    assert response.content.decode().count('class="area shade-none" data-code=') == 34
