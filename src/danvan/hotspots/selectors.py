"""Hotspot early warning (cảnh báo sớm điểm nóng): which communes of a province, and
which topics inside them, draw more and harder cases than before.

For a province, a day ``today`` and a window of W days, every commune (and the
province's own agencies, as the province itself) gets these figures:

- volume: case families (vụ việc) with a paper (đơn) received in the window, and the
  papers themselves;
- previous: the same for the W days before, and the rise (volume − previous);
- mass: families flagged "đông người" with a paper in the window;
- repeats: papers in the window marked as repeated (tái diễn);
- overdue: open papers past a legal deadline now, wherever they were received;
- prolonged: open families flagged "kéo dài" with a paper at the unit, at any time.

The window is ``(today − W, today]``: today and the W − 1 days before it. A paper
received exactly W days ago is in the previous window, not this one.

A paper is counted where it was received. A paper forwarded from one unit of the
province to another is the same paper moving on: its receiver's copy is not counted
again (except as overdue, which is where it waits now); one forwarded into the
province from outside is counted where it arrives.

Everything comes from five grouped queries for the whole province (plus the units, the
topics and the open alerts), so a province of a hundred communes costs no more
queries than one of three. No figure, row or list here holds a petitioner's name or
any personal data: hotspots are about units and topics.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import Role
from danvan.hotspots.models import HotspotAlert, HotspotThreshold
from danvan.petitions.models import OPEN_STATUSES, Petition, PetitionKind, Status
from danvan.topics.models import Topic
from danvan.units.models import AdministrativeUnit, UnitLevel

DEFAULT_WINDOW_DAYS = 30
MIN_WINDOW_DAYS = 7
MAX_WINDOW_DAYS = 180
WINDOW_CHOICES = (7, 14, 30, 60, 90, 180)
TREND_WEEKS = 12
TOP_TOPICS = 3
# The drill-down lists at most this many papers (the figures always count them all).
PAPER_LIMIT = 500
# The topic code meaning "papers without a topic" in the drill-down's ?topic= filter.
NO_TOPIC = "none"

# Points per unit of each figure; see docs/hotspots.md for why these weights.
WEIGHTS: dict[str, float] = {
    "rise": 1.0,  # each case family more than in the previous window (only a rise counts)
    "volume": 0.25,  # size alone is not a hotspot, a large ward simply receives more
    "mass": 5.0,  # mass cases (đông người) are the first sign of a hotspot
    "repeats": 2.0,  # repeated papers: a grievance that the answer did not settle
    "overdue": 1.0,  # open papers past their legal deadline
    "prolonged": 3.0,  # open prolonged cases (kéo dài)
}


# --- The window ---------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """``(today − days, today]`` and the ``days`` before it."""

    today: date
    days: int

    @property
    def start(self) -> date:
        """The last day *before* the window (excluded)."""
        return self.today - timedelta(days=self.days)

    @property
    def first_day(self) -> date:
        return self.start + timedelta(days=1)

    @property
    def previous_start(self) -> date:
        """The last day before the previous window (excluded)."""
        return self.today - timedelta(days=2 * self.days)

    @property
    def previous_first_day(self) -> date:
        return self.previous_start + timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start < day <= self.today


def threshold_of(province: AdministrativeUnit) -> HotspotThreshold | None:
    return HotspotThreshold.objects.filter(province=province).first()


def window_for(
    province: AdministrativeUnit,
    *,
    today: date,
    days: int | None = None,
    threshold: HotspotThreshold | None = None,
) -> Window:
    """The window asked for, else the province's own, else the default."""
    if days is None:
        days = threshold.window_days if threshold is not None else DEFAULT_WINDOW_DAYS
    return Window(today, days)


# --- Figures ------------------------------------------------------------------------


@dataclass
class Figures:
    """The figures of one unit, one topic in a unit, or the whole province.

    Families are kept as sets of ids while counting, so a family with papers at two
    villages of one commune, or under two topics, counts once where it should."""

    families: set[int] = field(default_factory=set)
    previous_families: set[int] = field(default_factory=set)
    mass_families: set[int] = field(default_factory=set)
    prolonged_families: set[int] = field(default_factory=set)
    papers: int = 0
    previous_papers: int = 0
    repeats: int = 0
    overdue: int = 0

    @property
    def volume(self) -> int:
        return len(self.families)

    @property
    def previous(self) -> int:
        return len(self.previous_families)

    @property
    def rise(self) -> int:
        return self.volume - self.previous

    @property
    def ratio(self) -> float | None:
        """Volume over the previous window's, or None when that was nothing."""
        return round(self.volume / self.previous, 2) if self.previous else None

    @property
    def mass(self) -> int:
        return len(self.mass_families)

    @property
    def prolonged(self) -> int:
        return len(self.prolonged_families)

    def points(self) -> dict[str, float]:
        """Each figure's share of the score."""
        values = {
            "rise": max(self.rise, 0),
            "volume": self.volume,
            "mass": self.mass,
            "repeats": self.repeats,
            "overdue": self.overdue,
            "prolonged": self.prolonged,
        }
        return {key: values[key] * weight for key, weight in WEIGHTS.items()}

    @property
    def score(self) -> float:
        return round(sum(self.points().values()), 1)

    @property
    def is_empty(self) -> bool:
        return not (self.papers or self.previous_papers or self.overdue or self.prolonged_families)

    def snapshot(self) -> dict[str, Any]:
        """Plain figures, for an alert's details and the audit log."""
        return {
            "score": self.score,
            "volume": self.volume,
            "papers": self.papers,
            "previous": self.previous,
            "rise": self.rise,
            "mass": self.mass,
            "repeats": self.repeats,
            "overdue": self.overdue,
            "prolonged": self.prolonged,
        }


@dataclass(frozen=True)
class WeekPoint:
    """Seven days ending on ``end``: papers received and case families they belong to."""

    start: date
    end: date
    papers: int
    families: int


@dataclass
class TopicRow:
    topic: Topic | None
    figures: Figures

    @property
    def code(self) -> str:
        return self.topic.code if self.topic is not None else NO_TOPIC

    @property
    def name(self) -> str:
        return self.topic.name if self.topic is not None else _("No topic")


@dataclass
class UnitRow:
    unit: AdministrativeUnit
    figures: Figures
    topics: list[TopicRow]
    trend: list[WeekPoint]
    alert: HotspotAlert | None = None

    @property
    def is_province(self) -> bool:
        return self.unit.level == UnitLevel.PROVINCE

    @property
    def top_topics(self) -> list[TopicRow]:
        return [t for t in self.topics if t.figures.score > 0][:TOP_TOPICS]

    def topic(self, code: str) -> TopicRow | None:
        return next((t for t in self.topics if t.code == code), None)


@dataclass
class ProvinceHotspots:
    province: AdministrativeUnit
    window: Window
    threshold: HotspotThreshold | None
    rows: list[UnitRow]  # ranked; units with nothing to count are left out
    quiet: int  # units in force with nothing to count
    total: Figures
    trend: list[WeekPoint]
    alerts: dict[int, HotspotAlert]  # open alerts by unit id

    def row_for(self, unit: AdministrativeUnit) -> UnitRow | None:
        return next((r for r in self.rows if r.unit.pk == unit.pk), None)

    @property
    def above(self) -> list[UnitRow]:
        """Units at or above the threshold today."""
        if self.threshold is None:
            return []
        return [r for r in self.rows if r.figures.score >= self.threshold.threshold]


def rank_units(rows: Iterable[UnitRow]) -> list[UnitRow]:
    """Highest score first, then the larger volume, then by name."""
    return sorted(rows, key=lambda r: (-r.figures.score, -r.figures.volume, r.unit.name_collation))


def rank_topics(rows: Iterable[TopicRow]) -> list[TopicRow]:
    """As units; papers without a topic go after the topics with the same figures."""
    return sorted(
        rows,
        key=lambda t: (
            -t.figures.score,
            -t.figures.volume,
            t.topic is None,
            t.topic.order if t.topic is not None else 0,
            t.name,
        ),
    )


# --- Reading ------------------------------------------------------------------------


def _not_forwarded_within(province: AdministrativeUnit) -> Q:
    """Leave out the receiver's copy of a paper forwarded inside the province: it was
    counted where it was first received."""
    return Q(transferred_from__isnull=True) | ~Q(
        transferred_from__unit_path__startswith=province.path
    )


def _units_of(province: AdministrativeUnit) -> dict[str, AdministrativeUnit]:
    """The province and its communes (in force or not: a commune merged away still
    shows while its papers are in the window), by path."""
    units = {province.path: province}
    for commune in AdministrativeUnit.objects.filter(
        path__startswith=province.path, level=UnitLevel.COMMUNE
    ):
        units[commune.path] = commune
    return units


class _Owners:
    """The unit a paper counts for: the commune its unit lies in (a village's paper
    counts for its commune), or the province for the province's own agencies."""

    def __init__(self, province: AdministrativeUnit, units: dict[str, AdministrativeUnit]):
        self.province = province
        self.units = units
        self.depth = province.path.count("/")
        self.cache: dict[str, AdministrativeUnit | None] = {}

    def __call__(self, path: str) -> AdministrativeUnit | None:
        if path not in self.cache:
            self.cache[path] = self._find(path)
        return self.cache[path]

    def _find(self, path: str) -> AdministrativeUnit | None:
        if path == self.province.path:
            return self.province
        parts = path.split("/")[:-1]
        for depth in range(len(parts), self.depth, -1):
            unit = self.units.get("/".join(parts[:depth]) + "/")
            if unit is not None:
                return unit
        # A unit between the province and its communes (a district of the old tree):
        # it is neither a commune nor the province's own, so it is not ranked.
        return None


@dataclass
class _Tally:
    figures: dict[int, Figures] = field(default_factory=lambda: defaultdict(Figures))
    topics: dict[tuple[int, int | None], Figures] = field(
        default_factory=lambda: defaultdict(Figures)
    )
    total: Figures = field(default_factory=Figures)
    week_papers: dict[tuple[int | None, int], int] = field(default_factory=lambda: defaultdict(int))
    week_families: dict[tuple[int | None, int], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )

    def buckets(self, unit: AdministrativeUnit, topic_id: int | None) -> list[Figures]:
        return [self.figures[unit.pk], self.topics[(unit.pk, topic_id)], self.total]


def _tally(province: AdministrativeUnit, scope: Q, window: Window, owners: _Owners) -> _Tally:
    tally = _Tally()
    counted = Petition.objects.filter(scope).filter(_not_forwarded_within(province))
    start = window.start

    # 1. Papers of this window and the previous one, per unit, topic and family.
    rows = (
        counted.filter(received_on__gt=window.previous_start, received_on__lte=window.today)
        .values("unit_path", "topic_id", "family_id", "family__is_mass")
        .annotate(
            now=Count("pk", filter=Q(received_on__gt=start)),
            before=Count("pk", filter=Q(received_on__lte=start)),
            repeats=Count("pk", filter=Q(received_on__gt=start, is_repeat=True)),
        )
        .order_by()
    )
    for row in rows:
        unit = owners(row["unit_path"])
        if unit is None:
            continue
        family = row["family_id"]
        for figures in tally.buckets(unit, row["topic_id"]):
            figures.papers += row["now"]
            figures.previous_papers += row["before"]
            figures.repeats += row["repeats"]
            if family is None:
                continue
            if row["now"]:
                figures.families.add(family)
                if row["family__is_mass"]:
                    figures.mass_families.add(family)
            if row["before"]:
                figures.previous_families.add(family)

    # 2. Open papers past a deadline now, where they wait (forwarded copies included).
    overdue = (
        Petition.objects.filter(scope, is_overdue=True, status__in=OPEN_STATUSES)
        .values("unit_path", "topic_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for late in overdue:
        unit = owners(late["unit_path"])
        if unit is not None:
            for figures in tally.buckets(unit, late["topic_id"]):
                figures.overdue += late["n"]

    # 3. Open prolonged families, at every unit where one of their papers arrived.
    prolonged = (
        counted.filter(family__is_open=True, family__is_prolonged=True)
        .values_list("unit_path", "topic_id", "family_id")
        .distinct()
        .order_by()
    )
    for path, topic_id, family in prolonged:
        unit = owners(path)
        if unit is not None and family is not None:
            for figures in tally.buckets(unit, topic_id):
                figures.prolonged_families.add(family)

    # 4. The weekly trend: seven-day steps ending today, the latest last.
    trend_start = window.today - timedelta(days=7 * TREND_WEEKS)
    weekly = (
        counted.filter(received_on__gt=trend_start, received_on__lte=window.today)
        .values("unit_path", "family_id", "received_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for day in weekly:
        unit = owners(day["unit_path"])
        if unit is None:
            continue
        week = (window.today - day["received_on"]).days // 7
        for key in ((unit.pk, week), (None, week)):
            tally.week_papers[key] += day["n"]
            if day["family_id"] is not None:
                tally.week_families[key].add(day["family_id"])
    return tally


def _trend(tally: _Tally, unit_id: int | None, today: date) -> list[WeekPoint]:
    points = []
    for week in range(TREND_WEEKS - 1, -1, -1):
        end = today - timedelta(days=7 * week)
        points.append(
            WeekPoint(
                start=end - timedelta(days=6),
                end=end,
                papers=tally.week_papers.get((unit_id, week), 0),
                families=len(tally.week_families.get((unit_id, week), ())),
            )
        )
    return points


def _topics(ids: set[int | None]) -> dict[int, Topic]:
    wanted = [pk for pk in ids if pk is not None]
    return Topic.objects.in_bulk(wanted) if wanted else {}


def _unit_row(
    unit: AdministrativeUnit, tally: _Tally, topics: dict[int, Topic], today: date
) -> UnitRow:
    topic_rows = [
        TopicRow(topics.get(topic_id) if topic_id is not None else None, figures)
        for (unit_id, topic_id), figures in tally.topics.items()
        if unit_id == unit.pk and not figures.is_empty
    ]
    return UnitRow(
        unit=unit,
        figures=tally.figures[unit.pk],
        topics=rank_topics(topic_rows),
        trend=_trend(tally, unit.pk, today),
    )


def open_alerts(province: AdministrativeUnit) -> dict[int, HotspotAlert]:
    return {
        a.unit_id: a
        for a in HotspotAlert.objects.filter(province=province, cleared_on__isnull=True)
    }


def province_hotspots(
    province: AdministrativeUnit,
    *,
    today: date,
    days: int | None = None,
    threshold: HotspotThreshold | None = None,
    with_threshold: bool = True,
) -> ProvinceHotspots:
    """Every unit of the province with its figures, ranked, and the province's trend.

    ``threshold`` is read from the database unless given (or ``with_threshold`` is
    False, for a caller that already knows there is none)."""
    if threshold is None and with_threshold:
        threshold = threshold_of(province)
    window = window_for(province, today=today, days=days, threshold=threshold)
    units = _units_of(province)
    owners = _Owners(province, units)
    tally = _tally(province, Q(unit_path__startswith=province.path), window, owners)
    topics = _topics({topic_id for _unit, topic_id in tally.topics})
    alerts = open_alerts(province)
    rows = []
    quiet = 0
    for unit in units.values():
        figures = tally.figures.get(unit.pk)
        # A unit with an open alert stays listed, so the alert can be seen.
        if (figures is None or figures.is_empty) and unit.pk not in alerts:
            quiet += 1 if unit.is_active else 0
            continue
        row = _unit_row(unit, tally, topics, today)
        row.alert = alerts.get(unit.pk)
        rows.append(row)
    return ProvinceHotspots(
        province=province,
        window=window,
        threshold=threshold,
        rows=rank_units(rows),
        quiet=quiet,
        total=tally.total,
        trend=_trend(tally, None, today),
        alerts=alerts,
    )


def hotspot_units(province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The units a drill-down may open: the province itself and its communes."""
    return AdministrativeUnit.objects.filter(
        Q(pk=province.pk) | Q(path__startswith=province.path, level=UnitLevel.COMMUNE)
    )


def _unit_scope(province: AdministrativeUnit, unit: AdministrativeUnit) -> Q:
    if unit.pk == province.pk:
        return Q(unit_path=province.path)
    return Q(unit_path__startswith=unit.path)


def unit_hotspot(
    province: AdministrativeUnit, unit: AdministrativeUnit, *, window: Window
) -> UnitRow:
    """One unit's figures, topics and trend (the same numbers as its row in
    :func:`province_hotspots`)."""
    owners = _Owners(province, {province.path: province, unit.path: unit})
    tally = _tally(province, _unit_scope(province, unit), window, owners)
    topics = _topics({topic_id for _unit, topic_id in tally.topics})
    row = _unit_row(unit, tally, topics, window.today)
    row.alert = HotspotAlert.objects.filter(
        province=province, unit=unit, cleared_on__isnull=True
    ).first()
    return row


@dataclass(frozen=True)
class PaperLine:
    """One paper behind a unit's figures: what it is and where it stands, and nothing
    about who sent it."""

    pk: int
    tracking_code: str
    kind: str
    status: str
    received_on: date
    topic_name: str
    is_repeat: bool
    is_overdue: bool
    family_id: int | None
    family_mass: bool
    family_prolonged: bool
    family_level_skipping: bool
    in_window: bool

    @property
    def kind_label(self) -> str:
        return str(PetitionKind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def unit_papers(
    province: AdministrativeUnit,
    unit: AdministrativeUnit,
    *,
    window: Window,
    topic: Topic | None = None,
    without_topic: bool = False,
) -> tuple[list[PaperLine], int]:
    """The papers counted in the unit's figures, latest first: those received in the
    window, and older ones counted as overdue now or as part of an open prolonged case.
    Returns at most ``PAPER_LIMIT`` of them and how many there are."""
    counted = _not_forwarded_within(province)
    in_window = Q(received_on__gt=window.start, received_on__lte=window.today)
    papers = Petition.objects.filter(_unit_scope(province, unit)).filter(
        (in_window & counted)
        | Q(is_overdue=True, status__in=OPEN_STATUSES)
        | (Q(family__is_open=True, family__is_prolonged=True) & counted)
    )
    if without_topic:
        papers = papers.filter(topic__isnull=True)
    elif topic is not None:
        papers = papers.filter(topic=topic)
    total = papers.count()
    lines = [
        PaperLine(
            pk=row["pk"],
            tracking_code=row["tracking_code"],
            kind=row["kind"],
            status=row["status"],
            received_on=row["received_on"],
            topic_name=row["topic__name"] or "",
            is_repeat=row["is_repeat"],
            is_overdue=row["is_overdue"] and row["status"] in OPEN_STATUSES,
            family_id=row["family_id"],
            family_mass=bool(row["family__is_mass"]),
            family_prolonged=bool(row["family__is_prolonged"]),
            family_level_skipping=bool(row["family__is_level_skipping"]),
            in_window=window.contains(row["received_on"]),
        )
        # Only these columns are read: a petitioner's name never leaves the database.
        for row in papers.order_by("-received_on", "-pk").values(
            "pk",
            "tracking_code",
            "kind",
            "status",
            "received_on",
            "topic__name",
            "is_repeat",
            "is_overdue",
            "family_id",
            "family__is_mass",
            "family__is_prolonged",
            "family__is_level_skipping",
        )[:PAPER_LIMIT]
    ]
    return lines, total


# --- People -------------------------------------------------------------------------


def watchable_provinces(user: Any) -> list[AdministrativeUnit]:
    """The provinces in force whose hotspots ``user`` may watch."""
    provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, is_active=True)
    return [p for p in provinces if user.has_perm("hotspots.view_province", p)]


def alert_recipients(province: AdministrativeUnit) -> QuerySet[User]:
    """Monitors and leaders at the province's own agencies whose role reaches the
    whole province (those who can open the page the alert links to)."""
    from django.utils import timezone

    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(
            agency__unit=province,
            role__in=[Role.MONITOR, Role.LEADER],
            covers_subtree=True,
            revoked_at__isnull=True,
            valid_from__lte=today,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values("user_id")
    )
    return User.objects.filter(pk__in=assignments, is_active=True).order_by("pk")


def open_alert_counts() -> dict[int, int]:
    """Open alerts per province id."""
    rows = (
        HotspotAlert.objects.filter(cleared_on__isnull=True)
        .values("province_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["province_id"]: row["n"] for row in rows}
