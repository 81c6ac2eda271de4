"""The stored facts and counts stay equal to a full recount through any sequence of
steps, the daily deadline watch and calendar changes, and under concurrent writers."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from danvan.calendar.models import CalendarOverride
from danvan.calendar.services import set_override
from danvan.figures.counting import FACT_FIELDS, facts_of
from danvan.figures.models import COUNT_COLUMNS, PetitionFact, UnitPeriodFigures
from danvan.figures.selectors import unit_figures
from danvan.figures.services import expected_rows, rebuild_figures
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.tasks import watch_deadlines
from tests.figures.conftest import reference_figures
from tests.petitions.conftest import receive_one

D = date.fromisoformat
EVERYTHING = (D("2000-01-01"), D("2100-12-31"))


def stored_facts() -> dict:
    return {pk: tuple(v) for pk, *v in PetitionFact.objects.values_list("pk", *FACT_FIELDS)}


def stored_rows() -> dict:
    return {
        (path, grain, period): list(counts)
        for path, grain, period, *counts in UnitPeriodFigures.objects.values_list(
            "unit_path", "grain", "period", *COUNT_COLUMNS
        )
    }


def assert_in_step(nation) -> None:
    """Facts equal a fresh count of every petition; rows equal a GROUP BY of the facts
    with no empty row; the figures equal counting the petition table."""
    fresh = {pk: tuple(f) for pk, f in facts_of(Petition.objects.all()).items()}
    assert stored_facts() == fresh
    paths = sorted({f[0] for f in fresh.values()})
    assert stored_rows() == expected_rows(paths)
    assert not UnitPeriodFigures.objects.filter(received=0).exists()
    assert unit_figures(nation, start=EVERYTHING[0], end=EVERYTHING[1]) == reference_figures(
        nation, start=EVERYTHING[0], end=EVERYTHING[1]
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_stay_equal_to_a_recount_after_any_sequence_of_steps(simulate, country, seed):
    simulator = simulate(
        seed=seed, papers=25, steps=120, check=lambda: assert_in_step(country.nation)
    )
    assert_in_step(country.nation)
    assert rebuild_figures(actor=None, check=True).ok
    # The sequences did exercise the workflow (not just receipts).
    taken = {line.split()[0] for line in simulator.steps_taken}
    assert {"receive", "classify", "accept", "forward", "decide"} <= taken


def test_the_deadline_watch_moves_overdue_now_both_ways(tree, staff):
    today = timezone.localdate()
    fresh = receive_one(staff, tree.agency(tree.ba_dinh), on=today.isoformat())
    old = receive_one(None, tree.agency(tree.ngoc_ha), on="2026-03-02")
    start, end = D("2026-01-01"), today
    assert Petition.objects.get(pk=old.pk).is_overdue
    assert unit_figures(tree.hanoi, start=start, end=end)["overdue_now"] == 1

    # Weeks later the fresh complaint is past its acceptance deadline too.
    watch_deadlines(today=today + timedelta(days=60))
    assert Petition.objects.get(pk=fresh.pk).is_overdue
    assert unit_figures(tree.hanoi, start=start, end=end)["overdue_now"] == 2
    assert unit_figures(tree.ba_dinh, start=start, end=end)["overdue_now"] == 1
    assert_in_step(tree.nation)

    # Run for today again: the fresh one is within its period, so no longer overdue.
    watch_deadlines(today=today)
    assert not Petition.objects.get(pk=fresh.pk).is_overdue
    assert unit_figures(tree.hanoi, start=start, end=end)["overdue_now"] == 1
    assert_in_step(tree.nation)


def test_the_watch_repairs_facts_left_behind(tree, staff):
    old = receive_one(staff, tree.agency(tree.ba_dinh), on="2026-03-02")
    # A bulk update that bypassed the sync (as an interrupted earlier run would leave).
    Petition.objects.filter(pk=old.pk).update(is_overdue=False)
    assert PetitionFact.objects.get(pk=old.pk).overdue_now
    watch_deadlines()
    assert Petition.objects.get(pk=old.pk).is_overdue
    assert_in_step(tree.nation)


def test_a_calendar_change_that_moves_a_deadline_updates_overdue_now(tree, staff):
    today = timezone.localdate()
    # A complaint whose 10-day acceptance period ended some days ago: overdue.
    received = today - timedelta(days=20)
    complaint = receive_one(staff, tree.agency(tree.ba_dinh), on=received.isoformat())
    assert complaint.clocks.get(kind="acceptance").due_on < today
    assert unit_figures(tree.nation, start=received, end=today)["overdue_now"] == 1
    # Days off within the period push the deadline past today.
    day = received + timedelta(days=1)
    days_off = []
    while len(days_off) < 15 and day <= today + timedelta(days=30):
        if not CalendarOverride.objects.filter(date=day).exists():
            try:
                set_override(actor=None, date=day, kind="day_off", reason="Nghỉ bù thử nghiệm")
                days_off.append(day)
            except ValidationError:  # already a day off (a weekend or a holiday)
                pass
        day += timedelta(days=1)
    moved = petitions.recompute_clocks_for_dates(dates=days_off)
    assert moved >= 1
    complaint.refresh_from_db()
    assert not complaint.is_overdue
    assert unit_figures(tree.nation, start=received, end=today)["overdue_now"] == 0
    assert_in_step(tree.nation)


def test_a_refused_step_changes_no_count(tree, staff):
    complaint = receive_one(staff, tree.agency(tree.ba_dinh), on="2026-03-02")
    before = (stored_facts(), stored_rows())
    with pytest.raises(ValidationError):
        petitions.accept(actor=None, petition=complaint, expected_version=complaint.version)
    assert (stored_facts(), stored_rows()) == before


# ---------------------------------------------------------------------------------------
# Concurrent writers (PostgreSQL: SQLite lets one writer at a time anyway)

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)


def _in_threads(*jobs) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_receipts_lose_no_count(tree):
    agency = tree.agency(tree.ba_dinh)

    def receive_many() -> None:
        for _ in range(15):
            receive_one(None, agency, on="2026-03-02")

    assert _in_threads(receive_many, receive_many, receive_many) == []
    assert unit_figures(tree.ba_dinh, start=D("2026-03-01"), end=D("2026-03-31"))["received"] == (
        45
    )
    assert_in_step(tree.nation)


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forwards_into_a_busy_unit_neither_deadlock_nor_lose_counts(tree):
    # The forward holds the audit chain head (its first step is audited) when it adds
    # the receiver's copy to the receiver's rows, while receipts there add to the same
    # rows and then wait for the head: without one lock order this deadlocks.
    one, two = tree.agency(tree.ba_dinh), tree.agency(tree.bac_ly)
    papers = [receive_one(None, one, on="2026-03-02") for _ in range(12)]

    def forward_all() -> None:
        for paper in papers:
            petitions.forward(
                actor=None,
                petition=paper,
                to_agency=two,
                expected_version=paper.version,
                reason="Chuyển đúng thẩm quyền",
                effective_on=D("2026-03-05"),
            )

    def receive_at(agency) -> None:
        for _ in range(12):
            receive_one(None, agency, on="2026-03-05")

    assert _in_threads(forward_all, lambda: receive_at(two), lambda: receive_at(two)) == []
    march = unit_figures(tree.nation, start=D("2026-03-01"), end=D("2026-03-31"))
    assert (march["received"], march["forwarded"], march["cases"]) == (48, 12, 36)
    assert unit_figures(tree.bac_ly, start=D("2026-03-05"), end=D("2026-03-05"))["received"] == (36)
    assert_in_step(tree.nation)
