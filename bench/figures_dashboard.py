"""Benchmark: the dashboards' figures at national scale, from the stored counts and by a
plain GROUP BY over the petition table, in the same run.

Fills a fresh database with ``--count`` petitions (default 5,000,000) over all 3,321
communes and the provincial and national agencies, with the petition events and
clocks the figures read and the receiving agency's copy of every forwarded petition;
writes their facts directly and builds the count rows with the rebuild's own code
(``rebuild_figures(rows_only=True)``); then measures, for the nation and the busiest
province, what a dashboard asks for:

    unit_figures(unit, start, end) + monthly_figures(unit, year) + child_figures(unit, …)

and the same figures computed by GROUP BY queries over ``petitions_petition`` (with
EXISTS on the events and clocks for the three figures that need them). Prints p50/p95
of both, their ratio, and checks that both give the same numbers.

Usage (see bench/README.md):

    DEBUG=1 .venv/bin/python bench/figures_dashboard.py \\
        --database-url postgres://postgres@127.0.0.1:5432/danvan_bench_figures
    DEBUG=1 .venv/bin/python bench/figures_dashboard.py --count 200000   # SQLite

A PostgreSQL database is dropped and created again, so its name must contain "bench".
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import secrets
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from petitions_queue import (  # noqa: E402
    CHANNELS,
    KINDS,
    PERIOD_START,
    STATUSES,
    Database,
    Timing,
    analyze,
    database_size,
    log,
    machine,
    mb,
    prepare_database,
    setup_django,
)

OPEN = ("received", "classified", "accepted", "assigned", "verifying", "dialogue_held")
LEGAL = ("complaint", "denunciation")
PAST_CLASSIFY = ("classified", "accepted", "assigned", "verifying", "dialogue_held")
DECIDED = ("closed", "disclosed")
LOADED_TABLES = (
    "petitions_petition",
    "petitions_petitionevent",
    "petitions_clock",
    "figures_petitionfact",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5_000_000, help="petitions in all")
    parser.add_argument("--database-url", default="", help="postgres://…/<name with bench>")
    parser.add_argument("--queries", type=int, default=100, help="dashboards timed per unit")
    parser.add_argument("--warmup", type=int, default=5, help="dashboards not timed")
    parser.add_argument(
        "--baseline-runs", type=int, default=5, help="GROUP BY dashboards timed per unit"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="fill processes (PostgreSQL)")
    parser.add_argument("--chunk", type=int, default=50_000, help="rows per COPY / transaction")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    parser.add_argument(
        "--check", action="store_true", help="also time `rebuild-figures --check` (a full recount)"
    )
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also time the reports dashboard page (GET, signed in) when the app has it",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--explain", action="store_true", help="print query plans")
    parser.add_argument(
        "--if-reachable",
        action="store_true",
        help="exit quietly (status 0) when the PostgreSQL server cannot be reached",
    )
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------
# Reference data


@dataclass
class Place:
    unit_id: int
    path: str
    agency_id: int
    weight: float


@dataclass
class Province:
    unit_id: int
    code: str
    path: str
    communes: list[Place]
    agencies: list[Place]  # UBND, inspectorate, reception office of the province
    weight: float = 0.0


def load_units(rng: random.Random) -> tuple[list[Province], Place]:
    from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel
    from danvan.units.services import ensure_standard_agencies, sync_official_units

    started = time.perf_counter()
    sync_official_units(actor=None)
    ensure_standard_agencies(actor=None)
    provinces = {
        u.pk: Province(u.pk, u.code, u.path, [], [])
        for u in AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, is_active=True)
    }
    agencies: dict[tuple[int, str], int] = {
        (unit_id, kind): pk
        for pk, unit_id, kind in Agency.objects.values_list("pk", "unit", "kind")
    }
    for unit in AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, is_active=True).order_by(
        "pk"
    ):
        province = provinces[unit.parent_id]  # type: ignore[index]
        weight = rng.lognormvariate(0, 0.9)
        agency = agencies[(unit.pk, AgencyKind.PEOPLES_COMMITTEE)]
        province.communes.append(Place(unit.pk, unit.path, agency, weight))
        province.weight += weight
    for province in provinces.values():
        for kind in (
            AgencyKind.PEOPLES_COMMITTEE,
            AgencyKind.INSPECTORATE,
            AgencyKind.RECEPTION_OFFICE,
        ):
            pk = agencies[(province.unit_id, kind)]
            province.agencies.append(Place(province.unit_id, province.path, pk, 1.0))
    nation = AdministrativeUnit.objects.get(level=UnitLevel.NATION)
    national = Place(nation.pk, nation.path, agencies[(nation.pk, AgencyKind.INSPECTORATE)], 1.0)
    communes = sum(len(p.communes) for p in provinces.values())
    log(
        f"units: {len(provinces)} provinces, {communes:,} communes and their agencies "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return sorted(provinces.values(), key=lambda p: p.code), national


# ---------------------------------------------------------------------------------------
# Generating rows


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> Callable[[], str]:
    values = [v for v, _w in pairs]
    weights = [w for _v, w in pairs]
    return lambda: rng.choices(values, weights)[0]


@dataclass
class Batch:
    petitions: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    clocks: list[tuple[Any, ...]]
    facts: list[tuple[Any, ...]]


class Generator:
    """Petitions as the services would have left them, with what the figures read:
    the classify and accept events, the resolution clock, the flags; a forwarded
    petition ends at the sender and its copy arrives at another agency of the same
    province with ``channel=transfer``. Each row's fact is what
    ``danvan.figures.counting.facts_of`` would find for it."""

    def __init__(
        self,
        *,
        rng: random.Random,
        provinces: list[Province],
        national: Place | None,
        first_id: int,
        count: int,
        period_end: date,
    ) -> None:
        from danvan.petitions.models import Petition

        self.rng = rng
        self.provinces = provinces
        self.national = national
        self.next_id = first_id
        self.last_id = first_id + count - 1
        self.period_end = period_end
        self.span = (period_end - PERIOD_START).days
        self.kind = _weighted(rng, KINDS)  # type: ignore[arg-type]
        originals = [(c, w) for c, w in CHANNELS if c != "transfer"]
        self.channel = _weighted(rng, originals)  # type: ignore[arg-type]
        self.status = _weighted(rng, STATUSES)  # type: ignore[arg-type]
        self.places = [c for p in provinces for c in p.communes]
        self.place_weights = [c.weight for c in self.places]
        self.province_of = {c.path: p for p in provinces for c in p.communes}
        self.columns = [f.column for f in Petition._meta.concrete_fields]
        self.at = {name: i for i, name in enumerate(self.columns)}
        now = datetime(2026, 1, 1, tzinfo=UTC)
        defaults: dict[str, Any] = {
            "suspended_from": "",
            "subject": "Đơn đề nghị giải quyết",
            "content": "Nội dung đơn (văn bản rút gọn cho phép đo số liệu).",
            "content_folded": "noi dung don (van ban rut gon cho phep do so lieu).",
            "location_address": "",
            "petitioner_name": "Nguyễn Văn An",
            "petitioner_address": "",
            "petitioner_phone": "",
            "petitioner_email": "",
            "petitioner_citizen_id": "",
            "petitioner_citizen_id_digest": "",
            "is_anonymous": False,
            "signer_count": 1,
            "received_at": now,
            "instance": 1,
            "is_complex": False,
            "is_remote_area": False,
            "several_locations": False,
            "outcome": "",
            "decision_summary": "",
            "is_near_due": False,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        self.base = [defaults.get(column) for column in self.columns]
        self.occurred = now
        self.rows = 0

    def _place(self) -> tuple[Place, Province | None]:
        roll = self.rng.random()
        if self.national is not None and roll < 0.002:
            return self.national, None
        if roll < 0.06:
            province = self.rng.choice(self.provinces)
            return self.rng.choice(province.agencies), province
        place = self.rng.choices(self.places, self.place_weights)[0]
        return place, self.province_of[place.path]

    def _receiver(self, sender: Place, province: Province) -> Place:
        """Where a forwarded paper goes: another commune of the province or one of the
        provincial agencies (from a commune), or a commune or another provincial agency
        (from the province)."""
        rng = self.rng
        to_commune = rng.random() < (0.6 if sender.path != province.path else 0.7)
        pool = province.communes if to_commune else province.agencies[1:]
        choices = [p for p in pool if p.agency_id != sender.agency_id]
        return rng.choice(choices or province.agencies[1:])

    def _paper(
        self,
        batch: Batch,
        *,
        pk: int,
        place: Place,
        received: date,
        kind: str,
        channel: str,
        status: str,
        transferred_from: int | None = None,
        forwarded_to: int | None = None,
    ) -> None:
        rng = self.rng
        if kind not in LEGAL:
            status = {"refused": "filed", "disclosed": "closed"}.get(status, status)
        elif kind == "denunciation" and status == "dialogue_held":
            status = "verifying"
        classified = status in (*PAST_CLASSIFY, *DECIDED, "refused") or (
            status in ("forwarded", "guided", "filed", "withdrawn") and rng.random() < 0.3
        )
        accepted = status in (*PAST_CLASSIFY[1:], *DECIDED) or (
            status == "withdrawn" and classified and rng.random() < 0.5
        )
        left = min(self.period_end, received + timedelta(days=rng.randint(0, 6)))
        decided_on = None
        if status in DECIDED:
            decided_on = min(self.period_end, left + timedelta(days=rng.randint(10, 75)))
        is_open = status in OPEN
        overdue = is_open and rng.random() < (
            0.6 if received < self.period_end - timedelta(60) else 0.1
        )
        repeat = rng.random() < 0.08
        met = False
        if classified:
            batch.events.append(
                (pk, "classify", "received", "classified", None, self.occurred, left, "", "{}")
            )
        if accepted:
            batch.events.append(
                (pk, "accept", "classified", "accepted", None, self.occurred, left, "", "{}")
            )
            if kind in LEGAL:
                if decided_on is not None:
                    met = rng.random() < 0.7
                    state, stopped = ("met" if met else "late"), decided_on
                elif is_open:
                    state, stopped = "running", None
                else:
                    state, stopped = "stopped", left
                batch.clocks.append(
                    (
                        pk,
                        "resolution",
                        f"{kind}.resolve" if kind == "denunciation" else "complaint.first",
                        date(2014, 7, 1),
                        "Luật (bench)",
                        "calendar",
                        left,
                        left + timedelta(days=30),
                        "",
                        0,
                        None,
                        "[]",
                        state,
                        stopped,
                        "[]",
                    )
                )
        row = self.base.copy()
        at = self.at
        row[at["id"]] = pk
        row[at["tracking_code"]] = f"BF{pk:010d}"
        row[at["agency_id"]] = place.agency_id
        row[at["unit_id"]] = place.unit_id
        row[at["unit_path"]] = place.path
        row[at["kind"]] = kind
        row[at["channel"]] = channel
        row[at["status"]] = status
        row[at["received_on"]] = received
        row[at["intake_group"]] = uuid.UUID(int=pk)
        row[at["transferred_from_id"]] = transferred_from
        row[at["forwarded_to_id"]] = forwarded_to
        row[at["is_repeat"]] = repeat
        row[at["decided_on"]] = decided_on
        row[at["closed_on"]] = decided_on if status == "closed" else None
        row[at["is_overdue"]] = overdue
        row[at["next_due_on"]] = received + timedelta(days=14) if is_open else None
        batch.petitions.append(tuple(row))
        batch.facts.append(
            (
                pk,
                place.path,
                received,
                kind,
                channel,
                classified,
                status == "forwarded",
                accepted,
                decided_on is not None,
                decided_on is not None and met,
                overdue,
                repeat,
            )
        )
        self.rows += 1

    def _days(self) -> Iterator[date]:
        """Receipt days in order, the same number of petitions each day: rows are
        written in the order a live system writes them, day after day."""
        first, count = self.next_id, self.last_id - self.next_id + 1
        for day in range(self.span + 1):
            until = first + round(count * (day + 1) / (self.span + 1))
            while self.next_id < until:
                yield PERIOD_START + timedelta(days=day)

    def batches(self, size: int) -> Iterator[Batch]:
        rng = self.rng
        days = self._days()
        while self.next_id <= self.last_id:
            batch = Batch([], [], [], [])
            while len(batch.petitions) < size and self.next_id <= self.last_id:
                received = next(days)
                place, province = self._place()
                pk = self.next_id
                self.next_id += 1
                kind, channel, status = self.kind(), self.channel(), self.status()
                copy_to = None
                if status == "forwarded":
                    if province is None or self.next_id > self.last_id:
                        status = "guided"  # no room left for the copy: handled otherwise
                    else:
                        copy_to = self._receiver(place, province)
                self._paper(
                    batch,
                    pk=pk,
                    place=place,
                    received=received,
                    kind=kind,
                    channel=channel,
                    status=status,
                    forwarded_to=copy_to.agency_id if copy_to else None,
                )
                if copy_to is not None:
                    copy_id = self.next_id
                    self.next_id += 1
                    status = "forwarded"
                    while status == "forwarded":
                        status = self.status()
                    self._paper(
                        batch,
                        pk=copy_id,
                        place=copy_to,
                        received=min(self.period_end, received + timedelta(rng.randint(0, 7))),
                        kind=kind,
                        channel="transfer",
                        status=status,
                        transferred_from=pk,
                    )
            yield batch


# ---------------------------------------------------------------------------------------
# Loading: COPY on PostgreSQL, executemany on SQLite


EVENT_COLUMNS = (
    "petition_id",
    "action",
    "from_status",
    "to_status",
    "actor_id",
    "occurred_at",
    "effective_on",
    "reason",
    "data",
)
CLOCK_COLUMNS = (
    "petition_id",
    "kind",
    "rule_id",
    "rule_version",
    "citation",
    "unit",
    "started_on",
    "due_on",
    "variant",
    "extensions",
    "paused_since",
    "pauses",
    "state",
    "stopped_on",
    "history",
)
FACT_COLUMNS = (
    "petition_id",
    "unit_path",
    "received_on",
    "kind",
    "channel",
    "within_competence",
    "forwarded",
    "accepted",
    "resolved",
    "resolved_on_time",
    "overdue_now",
    "repeated",
)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, bool):
        return int(value)
    return value


def write(engine: str, table: str, columns: tuple[str, ...] | list[str], rows: list[Any]) -> None:
    from django.db import connection, transaction

    if not rows:
        return
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if engine == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        with transaction.atomic():
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                [tuple(_sqlite_value(v) for v in row) for row in rows],
            )


@dataclass
class Share:
    provinces: list[Province]
    national: Place | None
    first_id: int
    count: int
    seed: int


def fill_share(share: Share, *, engine: str, chunk: int, period_end: date, queue: Any) -> None:
    from django.db import connection, connections

    try:
        if engine == "postgresql":
            with connection.cursor() as cursor:
                # A bench fill: skip the per-row foreign-key triggers (the generated rows
                # are consistent by construction) and do not wait for each commit's flush.
                cursor.execute("SET session_replication_role = replica")
                cursor.execute("SET synchronous_commit TO off")
        generator = Generator(
            rng=random.Random(share.seed),
            provinces=share.provinces,
            national=share.national,
            first_id=share.first_id,
            count=share.count,
            period_end=period_end,
        )
        for batch in generator.batches(chunk):
            write(engine, "petitions_petition", generator.columns, batch.petitions)
            write(engine, "petitions_petitionevent", EVENT_COLUMNS, batch.events)
            write(engine, "petitions_clock", CLOCK_COLUMNS, batch.clocks)
            write(engine, "figures_petitionfact", FACT_COLUMNS, batch.facts)
            queue.put(("batch", len(batch.petitions), len(batch.events), len(batch.clocks)))
        queue.put(("done",))
    except BaseException:
        import traceback

        queue.put(("error", traceback.format_exc()))
    finally:
        connections.close_all()


def split_shares(
    provinces: list[Province], national: Place, count: int, workers: int, seed: int
) -> list[Share]:
    """Whole provinces per worker (a forward stays in its province), about equal weight."""
    buckets: list[list[Province]] = [[] for _ in range(workers)]
    for province in sorted(provinces, key=lambda p: -p.weight):
        min(buckets, key=lambda b: sum(p.weight for p in b)).append(province)
    total = sum(p.weight for p in provinces)
    shares, first = [], 1
    for k, bucket in enumerate(buckets):
        size = (
            count - (first - 1)
            if k == workers - 1
            else round(count * sum(p.weight for p in bucket) / total)
        )
        shares.append(Share(bucket, national if k == 0 else None, first, size, seed * 100 + k))
        first += size
    return shares


def secondary_indexes(tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX …) of the indexes that back no constraint."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = (quote_ident(i.indexname))::regclass)",
            [list(tables)],
        )
        return list(cursor.fetchall())


def fill(
    args: argparse.Namespace, db: Database, provinces: list[Province], national: Place
) -> dict:
    from django.db import connection, connections

    period_end = (args.today or date.today()) - timedelta(days=5)
    workers = args.workers if db.engine == "postgresql" else 1
    shares = split_shares(provinces, national, args.count, workers, args.seed)
    timings: dict[str, float] = {}
    dropped: list[tuple[str, str]] = []
    if db.engine == "postgresql":
        # Loading without the secondary indexes and building them once afterwards is
        # several times faster than maintaining them row by row.
        dropped = secondary_indexes(LOADED_TABLES)
        with connection.cursor() as cursor:
            for name, _definition in dropped:
                cursor.execute(f'DROP INDEX "{name}"')
    log(
        f"fill: {args.count:,} petitions received {PERIOD_START}..{period_end} in "
        f"{len(shares)} process(es); {len(dropped)} secondary indexes dropped for the load"
    )
    connections.close_all()
    context = multiprocessing.get_context("fork")
    inbox = context.Queue()
    processes = [
        context.Process(
            target=fill_share,
            kwargs={
                "share": share,
                "engine": db.engine,
                "chunk": args.chunk,
                "period_end": period_end,
                "queue": inbox,
            },
            daemon=True,
        )
        for share in shares
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    done = 0
    totals = {"petitions": 0, "events": 0, "clocks": 0}
    step, next_report = max(args.count // 10, 1), max(args.count // 10, 1)
    try:
        while done < len(processes):
            message = inbox.get(timeout=600)
            if message[0] == "error":
                raise RuntimeError(message[1])
            if message[0] == "done":
                done += 1
                continue
            totals["petitions"] += message[1]
            totals["events"] += message[2]
            totals["clocks"] += message[3]
            if totals["petitions"] >= next_report:
                next_report += step
                elapsed = time.perf_counter() - started
                log(
                    f"  {totals['petitions']:>10,} petitions in {elapsed:6.1f} s "
                    f"({totals['petitions'] / elapsed:,.0f}/s)"
                )
    finally:
        for process in processes:
            if process.is_alive() and done < len(processes):
                process.terminate()
            process.join()
    timings["load_s"] = time.perf_counter() - started
    started = time.perf_counter()
    if db.engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _name, definition in dropped:
                cursor.execute(definition)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('petitions_petition', 'id'), "
                "(SELECT max(id) FROM petitions_petition))"
            )
    timings["index_s"] = time.perf_counter() - started
    log(
        f"loaded {totals['petitions']:,} petitions, {totals['events']:,} events, "
        f"{totals['clocks']:,} clocks and as many facts in {timings['load_s']:.1f} s; "
        f"indexes rebuilt in {timings['index_s']:.1f} s"
    )
    return {**totals, **timings}


# ---------------------------------------------------------------------------------------
# The dashboard, and the same figures by GROUP BY over the petition table


@dataclass
class Dashboard:
    total: Any
    months: list[Any]
    children: list[tuple[str | None, Any]]

    def key(self) -> tuple[Any, ...]:
        return (self.total, self.months, self.children)


def ours(unit: Any, start: date, end: date, year: int) -> Dashboard:
    from danvan.figures.selectors import child_figures, monthly_figures, unit_figures

    total = unit_figures(unit, start=start, end=end)
    months = monthly_figures(unit, year=year)
    children = child_figures(unit, start=start, end=end)
    return Dashboard(
        total, [f for _m, f in months], [(u.path if u else None, f) for u, f in children]
    )


def _baseline_counts() -> dict[str, Any]:
    from django.db.models import Count, Q

    from danvan.figures.models import COUNT_COLUMNS
    from danvan.petitions.models import OPEN_STATUSES

    filters: dict[str, Q] = {
        "received": Q(),
        "cases": ~Q(status="forwarded"),
        "within_competence": Q(b_classified=True),
        "forwarded": Q(status="forwarded"),
        "accepted": Q(b_accepted=True),
        "resolved": Q(decided_on__isnull=False),
        "resolved_on_time": Q(decided_on__isnull=False, b_met=True),
        "overdue_now": Q(is_overdue=True, status__in=OPEN_STATUSES),
        "repeated": Q(is_repeat=True),
    }
    for column in COUNT_COLUMNS:
        if column.startswith("channel_"):
            filters[column] = Q(channel=column.removeprefix("channel_"))
        elif column not in filters:
            filters[column] = Q(kind=column)
    return {c: Count("pk", filter=filters[c]) for c in COUNT_COLUMNS}


def _annotated(queryset: Any) -> Any:
    from django.db.models import Exists, OuterRef

    from danvan.petitions.models import Clock, PetitionEvent

    return queryset.annotate(
        b_classified=Exists(
            PetitionEvent.objects.filter(petition=OuterRef("pk"), action="classify")
        ),
        b_accepted=Exists(PetitionEvent.objects.filter(petition=OuterRef("pk"), action="accept")),
        b_met=Exists(Clock.objects.filter(petition=OuterRef("pk"), kind="resolution", state="met")),
    )


def baseline_queries(unit: Any, start: date, end: date, year: int) -> tuple[Any, Any]:
    from django.db.models.functions import TruncMonth

    from danvan.petitions.models import Petition

    counts = _baseline_counts()
    by_unit = (
        _annotated(
            Petition.objects.filter(
                unit_path__startswith=unit.path, received_on__range=(start, end)
            )
        )
        .values("unit_path")
        .annotate(**counts)
        .order_by()
    )
    by_month = (
        _annotated(
            Petition.objects.filter(
                unit_path__startswith=unit.path,
                received_on__range=(date(year, 1, 1), date(year, 12, 31)),
            )
        )
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(**counts)
        .order_by()
    )
    return by_unit, by_month


def baseline(unit: Any, start: date, end: date, year: int, children: list[Any]) -> Dashboard:
    """The same dashboard from two GROUP BY queries over the petition table."""
    from danvan.figures.models import COUNT_COLUMNS
    from danvan.figures.selectors import _figures

    by_unit, by_month = baseline_queries(unit, start, end, year)
    zeros = [0] * len(COUNT_COLUMNS)
    child_paths = [c.path for c in children]
    per_child: dict[str | None, list[int]] = {p: zeros.copy() for p in [*child_paths, None]}
    total = zeros.copy()
    for row in by_unit:
        path = row["unit_path"]
        head = path[len(unit.path) :].split("/", 1)[0]
        owner = f"{unit.path}{head}/" if path != unit.path else None
        target = per_child.get(owner, per_child[None])
        for i, column in enumerate(COUNT_COLUMNS):
            target[i] += row[column]
            total[i] += row[column]
    months = {m: zeros.copy() for m in range(1, 13)}
    for row in by_month:
        months[row["month"].month] = [row[c] for c in COUNT_COLUMNS]
    return Dashboard(
        _figures(total),
        [_figures(months[m]) for m in range(1, 13)],
        [(p, _figures(per_child[p])) for p in [*child_paths, None]],
    )


def time_calls(fn: Callable[[], Any], runs: int, warmup: int) -> tuple[Timing, Any]:
    times, result = [], None
    for i in range(warmup + runs):
        t0 = time.perf_counter()
        result = fn()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
    return Timing(times), result


def page_timing(unit: Any, runs: int, warmup: int) -> Timing | None:
    """The reports dashboard page, when the reports app provides it (signed in as a
    system administrator, second factor passed)."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danvan.accounts.models import User
    from danvan.accounts.services import create_system_admin

    try:
        url = reverse("reports:dashboard", kwargs={"pk": unit.pk})
    except NoReverseMatch:
        return None
    admin = User.objects.filter(full_name="Quản trị đo").first() or create_system_admin(
        actor=None, phone="0919999999", full_name="Quản trị đo", password=secrets.token_urlsafe(24)
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    device = TOTPDevice.objects.create(user=admin, name="bench", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    timing, _ = time_calls(get, runs, warmup)
    return timing


def time_sync(seed: int, runs: int = 200) -> Timing:
    """What a petition change adds: flag random petitions as repeated and sync each, in
    a transaction of its own (the data stays consistent)."""
    from django.db import transaction

    from danvan.figures.services import sync_petitions
    from danvan.petitions.models import Petition

    top = Petition.objects.order_by("-pk").values_list("pk", flat=True)[0]
    times = []
    for pk in random.Random(seed).sample(range(1, top + 1), runs):
        with transaction.atomic():
            Petition.objects.filter(pk=pk).update(is_repeat=True)
            t0 = time.perf_counter()
            sync_petitions(petition_ids=[pk])
            times.append((time.perf_counter() - t0) * 1000)
    return Timing(times)


def explain(label: str, queryset: Any, db: Database) -> None:
    options = {"analyze": True, "buffers": True} if db.engine == "postgresql" else {}
    log(f"\n--- EXPLAIN {label}\n{queryset.explain(**options)}")


# ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = prepare_database(args.database_url, if_reachable=args.if_reachable)
    try:
        return run(args, db)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            log(f"kept the bench database: {db.url}")
        else:
            db.cleanup()
            log("dropped the bench database")


def run(args: argparse.Namespace, db: Database) -> int:
    from django.core.management import call_command
    from django.db.models import Count

    setup_django(db)

    from danvan.figures.models import PetitionFact, UnitPeriodFigures
    from danvan.figures.services import rebuild_figures
    from danvan.units.models import AdministrativeUnit

    rng = random.Random(args.seed)
    today = args.today or date.today()
    log(f"engine={db.engine} url={db.url} count={args.count:,} today={today} seed={args.seed}")
    log(machine())
    begun = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    provinces, national = load_units(rng)
    filled = fill(args, db, provinces, national)

    started = time.perf_counter()
    report = rebuild_figures(actor=None, rows_only=True)
    rows_s = time.perf_counter() - started
    log(
        f"count rows built from the facts (rebuild_figures rows_only): "
        f"{report.rows_written:,} rows in {rows_s:.1f} s"
    )
    analyze_s = analyze(db)
    generation_s = time.perf_counter() - begun
    size = database_size(db)
    log(
        f"analyze {analyze_s:.1f} s; generation in all (migrate, units, load, indexes, "
        f"rows, analyze) {generation_s:.1f} s; database {mb(size)}"
    )
    if db.engine == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, pg_table_size(oid), pg_indexes_size(oid) FROM pg_class "
                "WHERE relname = ANY(%s) ORDER BY relname",
                [[*LOADED_TABLES, "figures_unitperiodfigures"]],
            )
            for name, table, indexes in cursor.fetchall():
                log(f"  {name}: table {mb(table)} + indexes {mb(indexes)}")
    log(f"facts {PetitionFact.objects.count():,}; count rows {UnitPeriodFigures.objects.count():,}")

    nation = AdministrativeUnit.objects.get(level=0)
    by_province = dict(
        PetitionFact.objects.values_list("unit_path")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("unit_path", "n")
    )
    weights: dict[str, int] = {}
    for path, n in by_province.items():
        head = "/".join(path.split("/")[:2]) + "/"
        weights[head] = weights.get(head, 0) + n
    busiest = max((p for p in weights if p != nation.path), key=lambda p: weights[p])
    province = AdministrativeUnit.objects.get(path=busiest)
    year = today.year if today.month < 12 or today.day < 15 else today.year + 1
    statutory = (date(year - 1, 12, 15), date(year, 12, 14))
    # Other periods a dashboard may show: this year so far (the current half-month is
    # read whole, less its days still to come), and arbitrary days at both ends.
    so_far = (date(today.year, 1, 1), today)
    odd = (date(year, 1, 10), date(year, 10, 20))
    log(
        f"dashboards: the nation and {province.name} ({weights[busiest]:,} petitions in all); "
        f"period {statutory[0]}..{statutory[1]} (the statutory year) and {year} by month"
    )

    results: dict[str, Any] = {}
    failures = 0
    for label, unit in (("national", nation), ("provincial", province)):
        children = list(unit.children.order_by("name_collation", "pk"))
        timing, mine = time_calls(
            lambda unit=unit: ours(unit, *statutory, year), args.queries, args.warmup
        )
        log(timing.line(f"{label} dashboard, stored counts"))
        variants = []
        for first, last, what in ((*so_far, "so far"), (*odd, "single days at both ends")):
            extra, _ = time_calls(
                lambda unit=unit, first=first, last=last: ours(unit, first, last, year),
                max(args.queries // 2, 2),
                args.warmup,
            )
            log(extra.line(f"{label} dashboard, stored counts, {first}..{last} ({what})"))
            variants.append(extra)
        base_timing, theirs = time_calls(
            lambda unit=unit, children=children: baseline(unit, *statutory, year, children),
            args.baseline_runs,
            1,
        )
        log(base_timing.line(f"{label} dashboard, GROUP BY over the petition table"))
        same = mine.key() == theirs.key()
        failures += not same
        log(f"  same figures as the GROUP BY: {'yes' if same else 'NO'}")
        results[label] = (timing, *variants, base_timing)
        if args.explain:
            from danvan.figures.counting import split_period
            from danvan.figures.selectors import _rows

            rows = _rows(unit.path, split_period(*statutory))
            explain(f"{label}: stored counts (unit_figures)", rows.values("grain"), db)
            by_unit, _by_month = baseline_queries(unit, *statutory, year)
            explain(f"{label}: GROUP BY over petitions", by_unit, db)
        if args.pages:
            page = page_timing(unit, max(args.queries // 4, 5), 2)
            log(page.line(f"{label} dashboard page (GET)") if page else "  no dashboard page")

    sync = time_sync(args.seed)
    log(sync.line("sync of one changed petition (its fact and two count rows)"))
    check_s = None
    if args.check:
        started = time.perf_counter()
        checked = rebuild_figures(actor=None, check=True)
        check_s = time.perf_counter() - started
        log(
            f"rebuild-figures --check over {checked.petitions:,} petitions: "
            f"{'OK' if checked.ok else checked.differences[:5]} in {check_s:.1f} s"
        )
        failures += not checked.ok

    log("\nsummary")
    national, provincial = results["national"], results["provincial"]
    log(
        f"engine={db.engine} petitions={filled['petitions']} events={filled['events']} "
        f"clocks={filled['clocks']} generation_s={generation_s:.1f} load_s={filled['load_s']:.1f} "
        f"index_s={filled['index_s']:.1f} rows_s={rows_s:.1f} db_size_mb={size / 1024 / 1024:.0f}"
    )
    for label, (timing, so_far_timing, odd_timing, base_timing) in (
        ("national", national),
        ("provincial", provincial),
    ):
        log(
            f"{label}: ours p50={timing.pct(50):.1f} ms p95={timing.pct(95):.1f} ms "
            f"(year so far p95={so_far_timing.pct(95):.1f} ms, "
            f"single-day edges p95={odd_timing.pct(95):.1f} ms); "
            f"GROUP BY p50={base_timing.pct(50):.0f} ms p95={base_timing.pct(95):.0f} ms; "
            f"ratio p50 {base_timing.pct(50) / timing.pct(50):.0f}x "
            f"p95 {base_timing.pct(95) / timing.pct(95):.0f}x"
        )
    log(machine())
    met = all(r[0].pct(95) < 200 for r in results.values())
    log(
        "target (PostgreSQL, 5,000,000 petitions): national and provincial dashboard p95 "
        f"< 200 ms: {'met' if met else 'NOT met'}"
        + ("" if db.engine == "postgresql" else " (SQLite: for information)")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
