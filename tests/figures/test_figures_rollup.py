"""Figures add up exactly from commune to province to nation, forwarded papers are one
case where they are handled, and the stored counts give the same numbers as counting
the petition table."""

from __future__ import annotations

from datetime import date

import pytest

from danvan.figures.models import COUNT_COLUMNS, FIGURE_COLUMNS, PetitionFact
from danvan.figures.selectors import (
    FIGURE_NAMES,
    child_figures,
    monthly_figures,
    unit_figures,
)
from danvan.petitions import services as petitions
from danvan.petitions.models import Channel, Petition, Status
from danvan.petitions.selectors import FIGURES, figure_petitions
from danvan.units.models import AgencyKind
from tests.figures.conftest import PERIODS, reference_figures, total
from tests.petitions.conftest import receive_one

D = date.fromisoformat


def test_every_figure_has_a_column_and_a_drill_down():
    assert set(FIGURE_NAMES) == set(FIGURE_COLUMNS) == set(FIGURES)
    assert [c.removeprefix("channel_") for c in COUNT_COLUMNS if c.startswith("channel_")] == list(
        Channel.values
    )


@pytest.fixture
def generated(simulate):
    simulator = simulate(seed=20260315, papers=90, steps=160)
    # The data must exercise every figure, or the sums below prove little.
    year = unit_figures(simulator.country.nation, start=D("2025-01-01"), end=D("2030-12-31"))
    assert all(year[name] > 0 for name in FIGURE_NAMES), {n: year[n] for n in FIGURE_NAMES}
    assert Petition.objects.filter(channel=Channel.TRANSFER).exists()
    assert Petition.objects.filter(
        unit__level=1, transferred_from__isnull=False
    ).exists()  # forwarded from a commune to a provincial agency
    return simulator


def test_parent_is_the_sum_of_its_children_and_own_agencies_for_every_figure(generated):
    country = generated.country
    for unit in [country.nation, *country.provinces]:
        for start, end in PERIODS:
            rows = child_figures(unit, start=start, end=end)
            assert rows[-1][0] is None
            assert total(rows) == unit_figures(unit, start=start, end=end), (unit, start, end)
            for child, figures in rows[:-1]:
                assert figures == unit_figures(child, start=start, end=end)  # type: ignore[arg-type]
    # The nation's rows are its provinces (each the sum of its communes) and its own
    # agency: two levels of roll-up.
    rows = child_figures(country.nation, start=D("2025-01-01"), end=D("2030-12-31"))
    assert [u.code for u, _f in rows[:-1]] == sorted(
        (p.code for p in country.provinces),
        key=lambda code: next(p.name_collation for p in country.provinces if p.code == code),
    )


def test_stored_figures_equal_counting_the_petition_table(generated):
    country = generated.country
    for unit in country.units:
        for start, end in PERIODS:
            assert unit_figures(unit, start=start, end=end) == reference_figures(
                unit, start=start, end=end
            ), (unit.path, start, end)
    for unit in [country.nation, *country.provinces]:
        for start, end in PERIODS[:3]:
            for child, figures in child_figures(unit, start=start, end=end):
                expected = (
                    reference_figures(unit, start=start, end=end, own=True)
                    if child is None
                    else reference_figures(child, start=start, end=end)
                )
                assert figures == expected


def test_monthly_figures_are_the_months_of_the_year(generated):
    for unit in [generated.country.nation, generated.country.provinces[0]]:
        months = monthly_figures(unit, year=2026)
        assert [first for first, _f in months] == [date(2026, m, 1) for m in range(1, 13)]
        for first, figures in months:
            end = date(2026, first.month + 1, 1) if first.month < 12 else date(2027, 1, 1)
            last = date.fromordinal(end.toordinal() - 1)
            assert figures == reference_figures(unit, start=first, end=last)
        assert total(months) == unit_figures(unit, start=D("2026-01-01"), end=D("2026-12-31"))


def test_each_figure_is_the_size_of_its_list(generated):
    unit = generated.country.nation
    start, end = D("2026-02-10"), D("2026-10-20")
    figures = unit_figures(unit, start=start, end=end)
    for name in FIGURE_NAMES:
        assert figures[name] == figure_petitions(unit, start=start, end=end, figure=name).count()


def test_a_forwarded_paper_is_one_case_where_it_is_handled(tree, staff):
    commune = tree.agency(tree.ba_dinh)
    first = receive_one(staff, commune, kind="denunciation", on="2026-03-02")
    petitions.forward(
        actor=staff.officer,
        petition=first,
        to_agency=tree.agency(tree.ngoc_ha),
        expected_version=first.version,
        reason="Thuộc thẩm quyền phường Ngọc Hà",
        effective_on=D("2026-03-04"),
    )
    second = Petition.objects.get(transferred_from=first)
    # Then from the commune to the provincial inspectorate, which handles it.
    petitions.forward(
        actor=None,
        petition=second,
        to_agency=tree.agency(tree.hanoi, AgencyKind.INSPECTORATE),
        expected_version=second.version,
        reason="Thuộc thẩm quyền Thanh tra thành phố",
        effective_on=D("2026-03-16"),
    )
    third = Petition.objects.get(transferred_from=second)
    petitions.classify(actor=None, petition=third, expected_version=third.version)
    third.refresh_from_db()
    petitions.accept(actor=None, petition=third, expected_version=third.version)
    # And one from another province, forwarded across to Hà Nội.
    far = receive_one(None, tree.agency(tree.bac_ly), kind="complaint", on="2026-03-20")
    petitions.forward(
        actor=None,
        petition=far,
        to_agency=commune,
        expected_version=far.version,
        reason="Thuộc thẩm quyền phường Ba Đình",
        effective_on=D("2026-03-23"),
    )

    start, end = D("2026-03-01"), D("2026-03-31")

    def figures(unit):
        f = unit_figures(unit, start=start, end=end)
        return f["received"], f["cases"], f["forwarded"], f["accepted"]

    assert figures(tree.nation) == (5, 2, 3, 1)  # five papers, two matters
    assert figures(tree.hanoi) == (4, 2, 2, 1)
    assert figures(tree.ninhbinh) == (1, 0, 1, 0)  # sent away: received, not a case
    assert figures(tree.ba_dinh) == (2, 1, 1, 0)  # its own paper left, the far one stays
    assert figures(tree.ngoc_ha) == (1, 0, 1, 0)
    own = child_figures(tree.hanoi, start=start, end=end)[-1]
    assert own[0] is None
    assert (own[1]["received"], own[1]["cases"], own[1]["accepted"]) == (1, 1, 1)
    assert unit_figures(tree.nation, start=start, end=end).by_channel == {
        "post": 2,
        "transfer": 3,
    }
    nation = child_figures(tree.nation, start=start, end=end)
    assert total(nation) == unit_figures(tree.nation, start=start, end=end)
    assert PetitionFact.objects.filter(forwarded=True).count() == 3
    assert Petition.objects.exclude(status=Status.FORWARDED).count() == 2


def test_a_child_no_longer_in_force_still_adds_up(tree, staff):
    from danvan.units.services import sync_official_units
    from tests.conftest import SMALL_LIST

    receive_one(None, tree.agency(tree.ngoc_ha), on="2026-04-02")
    # Ngọc Hà leaves the official list: deactivated, its petitions stay.
    sync_official_units(actor=None, rows=[u for u in SMALL_LIST if u.code != "00008"])
    tree.ngoc_ha.refresh_from_db()
    assert not tree.ngoc_ha.is_active
    rows = child_figures(tree.hanoi, start=D("2026-04-01"), end=D("2026-04-30"))
    assert [u.code if u else None for u, _f in rows] == ["00004", "00008", None]
    assert total(rows)["received"] == 1
    # Without petitions in the period it is not listed.
    rows = child_figures(tree.hanoi, start=D("2026-05-01"), end=D("2026-05-31"))
    assert [u.code if u else None for u, _f in rows] == ["00004", None]


def test_empty_and_reversed_periods_count_nothing(tree, staff):
    receive_one(staff, tree.agency(tree.ba_dinh), on="2026-04-02")
    empty = unit_figures(tree.nation, start=D("2026-05-01"), end=D("2026-04-01"))
    assert set(empty.counts.values()) == {0}
    assert empty.by_channel == {}
    assert empty.on_time_rate is None
    assert unit_figures(tree.ninhbinh, start=D("2026-04-01"), end=D("2026-04-30"))["received"] == 0
    assert unit_figures(tree.hanoi, start=D("2026-04-02"), end=D("2026-04-02"))["received"] == 1


def test_periods_that_cut_through_half_months_count_exactly(tree, staff):
    days = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-14", "2026-01-15"]
    days += ["2026-03-15", "2026-03-28", "2026-03-29", "2026-03-31"]
    for n, day in enumerate(days):
        commune = tree.ba_dinh if n % 2 else tree.bac_ly
        receive_one(None, tree.agency(commune), on=day, kind=["complaint", "feedback"][n % 2])
    periods = [
        ("2026-01-03", "2026-03-28"),  # each half less a day or three: read as less
        ("2026-01-02", "2026-01-13"),  # inside one half-month
        ("2026-01-14", "2026-03-29"),
        ("2026-01-01", "2026-03-30"),
        ("2026-01-15", "2026-03-14"),  # whole halves and a month, no days
    ]
    for start, end in periods:
        for unit in (tree.nation, tree.hanoi, tree.ninhbinh, tree.ba_dinh):
            expected = reference_figures(unit, start=D(start), end=D(end))
            assert unit_figures(unit, start=D(start), end=D(end)) == expected, (unit, start)
        rows = child_figures(tree.nation, start=D(start), end=D(end))
        assert total(rows) == reference_figures(tree.nation, start=D(start), end=D(end))
        for child, figures in rows[:-1]:
            assert figures == reference_figures(child, start=D(start), end=D(end))
    # The first period counts 2026-01-03 … 2026-03-28: five of the nine papers.
    assert unit_figures(tree.nation, start=D("2026-01-03"), end=D("2026-03-28"))["received"] == 5
