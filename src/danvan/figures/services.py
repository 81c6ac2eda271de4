"""Keeping the figures in step with the petitions, and rebuilding them.

Every change of a petition goes through ``danvan.petitions.services._finish``, which
calls :func:`sync_petition`; the daily deadline watch, which sets the overdue flags with
set-based updates, calls :func:`sync_overdue`. A sync counts the petition afresh
(:func:`danvan.figures.counting.facts_of`), compares it with its stored fact and adds
the difference to the month and half-month rows it falls in, in the same transaction
as the change.

Concurrency: the stored fact is locked before it is compared, and counts are changed
with ``INSERT … ON CONFLICT DO UPDATE SET n = n + delta`` (PostgreSQL and SQLite), so
two transactions can never lose a count. Before any count row, a sync locks the audit
chain head: every petition change locks it anyway to append its audit entry, so taking
it first gives all writers one lock order (head, then count rows in key order) and a
change that touches the rows of two units (a forward) cannot deadlock with another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Case, Count, Max, Min, Q, Value, When
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from danvan.audit.models import AuditChainHead
from danvan.audit.services import record_write
from danvan.core.permissions import require_perm
from danvan.figures.counting import (
    FACT_FIELDS,
    FACT_FILTERS,
    Fact,
    buckets_of,
    counts_of,
    facts_of,
)
from danvan.figures.models import COUNT_COLUMNS, Grain, PetitionFact, UnitPeriodFigures
from danvan.petitions.models import OPEN_STATUSES, Petition

SYNC_BATCH = 1000
Key = tuple[str, str, date]  # unit_path, grain, first day of the period


def _zeros() -> list[int]:
    return [0] * len(COUNT_COLUMNS)


def _lock_writers() -> None:
    # See the module docstring: one lock order for every writer of the counts.
    list(AuditChainHead.objects.select_for_update().filter(pk=1).values_list("pk"))


def _add(deltas: dict[Key, list[int]], fact: Fact, sign: int) -> None:
    counts = counts_of(fact)
    for grain, period in buckets_of(fact.received_on):
        row = deltas.setdefault((fact.unit_path, grain, period), _zeros())
        for i, n in enumerate(counts):
            row[i] += sign * n


def _apply(deltas: dict[Key, list[int]]) -> None:
    """Add each delta to its row (created when missing); drop rows left empty."""
    changes = sorted((key, delta) for key, delta in deltas.items() if any(delta))
    if not changes:
        return
    qn = connection.ops.quote_name
    table = qn(UnitPeriodFigures._meta.db_table)
    columns = ", ".join(qn(c) for c in COUNT_COLUMNS)
    placeholders = ", ".join(["%s"] * (3 + len(COUNT_COLUMNS)))
    updates = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in COUNT_COLUMNS)
    keys = ", ".join(qn(c) for c in ("unit_path", "grain", "period"))
    # Only quoted names of this model's columns are formatted in; values are parameters.
    sql = " ".join(
        [
            f"INSERT INTO {table} ({keys}, {columns}) VALUES ({placeholders})",  # noqa: S608
            f"ON CONFLICT ({keys}) DO UPDATE SET {updates}",
        ]
    )
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(path, grain, adapt(period), *delta) for (path, grain, period), delta in changes]
        )
    # "received" counts every petition of the row, so a row with none left is empty.
    emptied = [key for key, delta in changes if delta[0] < 0]
    if emptied:
        condition = Q()
        for path, grain, period in emptied:
            condition |= Q(unit_path=path, grain=grain, period=period)
        UnitPeriodFigures.objects.filter(condition, received=0).delete()


@transaction.atomic
def sync_petitions(*, petition_ids: Iterable[int]) -> int:
    """Count the petitions afresh and apply the differences to the figures. Petitions
    that no longer exist are taken out. Returns how many facts changed."""
    ids = sorted(set(petition_ids))
    if not ids:
        return 0
    _lock_writers()
    changed = 0
    for start in range(0, len(ids), SYNC_BATCH):
        batch = ids[start : start + SYNC_BATCH]
        stored = {
            pk: Fact(*values)
            for pk, *values in PetitionFact.objects.select_for_update()
            .filter(pk__in=batch)
            .order_by("pk")
            .values_list("pk", *FACT_FIELDS)
        }
        fresh = facts_of(Petition.objects.filter(pk__in=batch))
        changed += _store(stored, fresh)
    return changed


def _store(stored: dict[int, Fact], fresh: dict[int, Fact], *, apply: bool = True) -> int:
    """Write the facts that differ and (with ``apply``) add their differences to the
    counts."""
    deltas: dict[Key, list[int]] = {}
    new: list[PetitionFact] = []
    updated: list[PetitionFact] = []
    gone = [pk for pk in stored if pk not in fresh]
    for pk in gone:
        _add(deltas, stored[pk], -1)
    for pk, fact in fresh.items():
        old = stored.get(pk)
        if old == fact:
            continue
        if old is not None:
            _add(deltas, old, -1)
            updated.append(PetitionFact(petition_id=pk, **fact._asdict()))
        else:
            new.append(PetitionFact(petition_id=pk, **fact._asdict()))
        _add(deltas, fact, +1)
    if gone:
        PetitionFact.objects.filter(pk__in=gone).delete()
    if new:
        PetitionFact.objects.bulk_create(new, batch_size=SYNC_BATCH)
    if updated:
        PetitionFact.objects.bulk_update(updated, FACT_FIELDS, batch_size=SYNC_BATCH)
    if apply:
        _apply(deltas)
    return len(gone) + len(new) + len(updated)


def sync_petition(*, petition: Petition) -> None:
    """Bring the figures in step with one petition's change (inside its transaction)."""
    sync_petitions(petition_ids=[petition.pk])


def sync_overdue() -> int:
    """After the overdue flags were changed in bulk: sync every petition whose stored
    fact disagrees with its flag, in batches with a transaction each. Finding them by
    comparison also repairs what an interrupted earlier run left behind."""
    now_overdue = Q(petition__is_overdue=True, petition__status__in=OPEN_STATUSES)
    stale = set(
        PetitionFact.objects.filter(overdue_now=True)
        .exclude(now_overdue)
        .values_list("pk", flat=True)
    ) | set(
        PetitionFact.objects.filter(now_overdue, overdue_now=False).values_list("pk", flat=True)
    )
    ids = sorted(stale)
    for start in range(0, len(ids), SYNC_BATCH):
        sync_petitions(petition_ids=ids[start : start + SYNC_BATCH])
    return len(ids)


# ---------------------------------------------------------------------------------------
# Rebuild and check


@dataclass(frozen=True)
class Difference:
    """A stored count that differs from the recount: a petition's fact (``key`` is its
    id) or a row of counts (``key`` is (unit path, grain, first day)); ``None`` stands
    for a fact or row that is missing or should not exist."""

    key: int | Key
    stored: Any
    recounted: Any

    @property
    def is_fact(self) -> bool:
        return isinstance(self.key, int)

    def __str__(self) -> str:
        if self.is_fact:
            return _("petition %(pk)s: counted as %(stored)s, is %(fresh)s") % {
                "pk": self.key,
                "stored": self.stored,
                "fresh": self.recounted,
            }
        path, grain, period = self.key  # type: ignore[misc]
        row = f"{path} {grain} {period.isoformat()}"
        if self.stored is None:
            return _("%(row)s: missing") % {"row": row}
        if self.recounted is None:
            return _("%(row)s: should not exist") % {"row": row}
        wrong = ", ".join(
            f"{c} {h}≠{w}"
            for c, h, w in zip(COUNT_COLUMNS, self.stored, self.recounted, strict=True)
            if h != w
        )
        return _("%(row)s: %(wrong)s") % {"row": row, "wrong": wrong}


@dataclass
class RebuildReport:
    petitions: int = 0
    facts_written: int = 0
    rows_written: int = 0
    differences: list[Difference] = field(default_factory=list)
    difference_count: int = 0
    # In a check, what the facts found wrong change in the rows, so that the rows are
    # compared with the recount, not with the wrong facts.
    corrections: dict[Key, list[int]] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.difference_count == 0


def _note(report: RebuildReport, difference: Difference, limit: int) -> None:
    report.difference_count += 1
    if len(report.differences) < limit:
        report.differences.append(difference)


def _rebuild_facts(
    report: RebuildReport, *, check: bool, batch_size: int, limit: int, progress: Any
) -> None:
    # Ranges of ids over both tables, so facts of deleted petitions are found too.
    bounds = [
        b
        for model in (Petition, PetitionFact)
        for b in model.objects.aggregate(lo=Min("pk"), hi=Max("pk")).values()
        if b is not None
    ]
    if not bounds:
        return
    for lo in range(min(bounds), max(bounds) + 1, batch_size):
        hi = lo + batch_size - 1
        with transaction.atomic():
            if not check:
                _lock_writers()
            stored_rows = PetitionFact.objects.filter(pk__gte=lo, pk__lte=hi).order_by("pk")
            if not check:
                stored_rows = stored_rows.select_for_update()
            stored = {pk: Fact(*v) for pk, *v in stored_rows.values_list("pk", *FACT_FIELDS)}
            fresh = facts_of(Petition.objects.filter(pk__range=(lo, hi)))
            report.petitions += len(fresh)
            if check:
                for pk in sorted(set(stored) | set(fresh)):
                    if stored.get(pk) != fresh.get(pk):
                        if pk in stored:
                            _add(report.corrections, stored[pk], -1)
                        if pk in fresh:
                            _add(report.corrections, fresh[pk], +1)
                        _note(report, Difference(pk, stored.get(pk), fresh.get(pk)), limit)
            else:
                # The counts are recomputed from the facts afterwards (_rebuild_rows).
                report.facts_written += _store(stored, fresh, apply=False)
        progress(report)


def expected_rows(paths: list[str]) -> dict[Key, list[int]]:
    """The counts of these units' rows recomputed from the facts (a GROUP BY)."""
    result: dict[Key, list[int]] = {}
    grouped = (
        PetitionFact.objects.filter(unit_path__in=paths)
        .annotate(
            month=TruncMonth("received_on"),
            half=Case(When(received_on__day__gte=15, then=Value(15)), default=Value(1)),
        )
        .values("unit_path", "month", "half")
        .annotate(**{c: Count("pk", filter=FACT_FILTERS[c]) for c in COUNT_COLUMNS})
        .order_by()
    )
    for row in cast(Iterable[dict[str, Any]], grouped):
        month = row["month"]
        counts = [row[c] for c in COUNT_COLUMNS]
        for grain, period in (
            (Grain.MONTH, month),
            (Grain.HALF_MONTH, month.replace(day=row["half"])),
        ):
            total = result.setdefault((row["unit_path"], grain, period), _zeros())
            for i, n in enumerate(counts):
                total[i] += n
    return result


def _stored_rows(paths: list[str]) -> dict[Key, list[int]]:
    return {
        (path, grain, period): list(counts)
        for path, grain, period, *counts in UnitPeriodFigures.objects.filter(
            unit_path__in=paths
        ).values_list("unit_path", "grain", "period", *COUNT_COLUMNS)
    }


def _rebuild_rows(
    report: RebuildReport, *, check: bool, batch_size: int, limit: int, progress: Any
) -> None:
    paths = sorted(
        set(PetitionFact.objects.values_list("unit_path", flat=True).distinct().order_by())
        | set(UnitPeriodFigures.objects.values_list("unit_path", flat=True).distinct().order_by())
        | {path for path, _grain, _period in report.corrections}
    )
    corrections: dict[str, list[tuple[Key, list[int]]]] = {}
    for key, delta in report.corrections.items():
        corrections.setdefault(key[0], []).append((key, delta))
    # About a hundred units' rows at a time (a few thousand rows, whatever the size).
    chunk = max(1, batch_size // 100)
    for start in range(0, len(paths), chunk):
        some = paths[start : start + chunk]
        with transaction.atomic():
            if not check:
                _lock_writers()
            expected = expected_rows(some)
            for path in some:
                for key, delta in corrections.get(path, []):
                    row = expected.setdefault(key, _zeros())
                    for i, n in enumerate(delta):
                        row[i] += n
            stored = _stored_rows(some)
            fixes: dict[Key, list[int]] = {}
            stray: list[Key] = []
            for key in sorted(set(expected) | set(stored)):
                want = expected.get(key)
                want = want if want and any(want) else None  # only non-empty rows exist
                have = stored.get(key)
                if want == have:
                    continue
                if check:
                    _note(report, Difference(key, have, want), limit)
                elif want is None:
                    stray.append(key)
                else:
                    fixes[key] = [w - h for w, h in zip(want, have or _zeros(), strict=True)]
            _apply(fixes)
            if stray:
                condition = Q()
                for path, grain, period in stray:
                    condition |= Q(unit_path=path, grain=grain, period=period)
                UnitPeriodFigures.objects.filter(condition).delete()
            report.rows_written += len(fixes) + len(stray)
        progress(report)


def rebuild_figures(
    *,
    actor: Any,
    check: bool = False,
    batch_size: int = 10_000,
    limit: int = 20,
    rows_only: bool = False,
    progress: Callable[[RebuildReport], None] | None = None,
) -> RebuildReport:
    """Recount every petition (its fact) and every row of counts (from the facts);
    write the differences, or with ``check`` only report them (the first ``limit``).
    ``rows_only`` skips the recount of the petitions and trusts the facts.

    Idempotent: a second run finds nothing to write. Works in batches of ``batch_size``
    petitions, a transaction each, taking the writers' lock (see the module docstring)
    while it writes, so it may run beside normal use. ``check`` takes no lock: a change
    made during the check may show as a difference; check again to confirm."""
    require_perm(
        actor,
        "figures.rebuild_figures",
        message=_("Only a system administrator may rebuild the figures."),
    )
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    report = RebuildReport()
    step = progress or (lambda _report: None)
    if not rows_only:
        _rebuild_facts(report, check=check, batch_size=batch_size, limit=limit, progress=step)
    _rebuild_rows(report, check=check, batch_size=batch_size, limit=limit, progress=step)
    if not check and (report.facts_written or report.rows_written):
        record_write(
            actor=actor,
            action="figures.rebuild",
            after={
                "petitions": report.petitions,
                "facts_written": report.facts_written,
                "rows_written": report.rows_written,
            },
        )
    return report
