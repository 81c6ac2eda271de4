"""The grassroots-democracy monitor: for each commune and period, which duties are met,
still due, or late (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15; Luật Tiếp công dân).

Every figure comes from the module that keeps the records, through one grouped read per
module for all the communes under a unit, so a province of a hundred communes or the
whole nation costs a fixed number of queries. Judgements are made "as of today": a
recommendation still unanswered after its 15 days is late even when the period is past.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.boards.selectors import compliance_counts as board_counts
from danvan.compliance import legal
from danvan.consultations.models import Consultation, Phase
from danvan.decisions.models import CommunityDecision, DecisionStatus
from danvan.dialogues.selectors import compliance_counts as dialogue_counts
from danvan.disclosures import selectors as disclosure_selectors
from danvan.disclosures.models import Disclosure
from danvan.mediation.selectors import compliance_counts as mediation_counts
from danvan.reports.selectors import Period, reception_compliance
from danvan.satisfaction.models import SatisfactionRating
from danvan.satisfaction.selectors import to_index
from danvan.units.models import AdministrativeUnit, UnitLevel

MET = "met"
DUE = "due"
LATE = "late"
NONE = "none"  # nothing to judge in the period (no vote held, no recommendation sent)
STATE_LABELS: dict[str, Promise] = {
    MET: pgettext_lazy("compliance state", "Met"),
    DUE: pgettext_lazy("compliance state", "Due"),
    LATE: pgettext_lazy("compliance state", "Late"),
    NONE: pgettext_lazy("compliance state", "Nothing to judge"),
}
DUTY_KEYS = tuple(legal.DUTIES)
# A consultation counts once it has been opened to the people.
OPENED_PHASES = (Phase.OPEN, Phase.AGGREGATION, Phase.EXPLAINED, Phase.CLOSED)


# --- Periods ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonitorPeriod:
    """A calendar year or one of its quarters."""

    year: int
    quarter: int | None = None

    @property
    def start(self) -> date:
        return (
            date(self.year, 3 * (self.quarter - 1) + 1, 1)
            if self.quarter
            else date(self.year, 1, 1)
        )

    @property
    def end(self) -> date:
        if not self.quarter:
            return date(self.year, 12, 31)
        month = 3 * self.quarter
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    def judged_until(self, today: date) -> date:
        """The last day whose events count: the period's end, or today if earlier."""
        return min(self.end, today)

    def year_over(self, today: date) -> bool:
        """True once a duty owed "once a year" can no longer be met in this period's year."""
        return self.end == self.year_end and today > self.year_end

    @property
    def label(self) -> str:
        if self.quarter:
            return str(_("Quarter %(q)d/%(y)d") % {"q": self.quarter, "y": self.year})
        return str(_("Year %(y)d") % {"y": self.year})


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Duty:
    key: str
    state: str
    done: int | None = None  # what was done on time …
    required: int | None = None  # … out of what was owed, when a count says it
    facts: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(legal.DUTIES[self.key][0])

    @property
    def citation(self) -> str:
        return legal.DUTIES[self.key][1]

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class CommuneRow:
    unit: AdministrativeUnit
    duties: list[Duty]
    ratings: int = 0
    satisfaction: float | None = None
    mediation: dict[str, int] = field(default_factory=dict)

    def count(self, state: str) -> int:
        return sum(1 for d in self.duties if d.state == state)

    @property
    def met(self) -> int:
        return self.count(MET)

    @property
    def due(self) -> int:
        return self.count(DUE)

    @property
    def late(self) -> int:
        return self.count(LATE)

    @property
    def score(self) -> int | None:
        """The share of the duties whose time has come that were met, 0–100; duties
        still due are left out so a commune is not marked down before its deadline."""
        judged = self.met + self.late
        return None if judged == 0 else round(100 * self.met / judged)

    def duty(self, key: str) -> Duty:
        return next(d for d in self.duties if d.key == key)


def _area_path(path: str, depth: int) -> str:
    """The first ``depth`` segments of a unit path: VN/01/ of VN/01/00004/ for 2."""
    return "/".join(path.split("/")[:depth]) + "/"


def _commune_path(path: str) -> str:
    """The commune part of a unit path: VN/01/00004/ of VN/01/00004/T01/."""
    return "/".join(path.split("/")[:3]) + "/"


# --- One reader per module --------------------------------------------------------------


def _disclosure_facts(
    communes: dict[str, AdministrativeUnit],
    under: AdministrativeUnit,
    period: MonitorPeriod,
    today: date,
) -> dict[int, dict[str, int]]:
    facts: dict[int, dict[str, int]] = defaultdict(
        lambda: {"total": 0, "met": 0, "due": 0, "late": 0, "missing": 0}
    )
    clock = disclosure_selectors.Clock()
    rows = Disclosure.objects.filter(
        unit_path__startswith=under.path, decided_on__range=(period.start, period.end)
    )
    for disclosure in rows:
        commune = communes.get(_commune_path(disclosure.unit_path))
        if commune is None:
            continue
        state = disclosure_selectors.disclosure_state(disclosure, today, clock=clock).state
        bucket = facts[commune.pk]
        bucket["total"] += 1
        if state == disclosure_selectors.MET:
            bucket["met"] += 1
        elif state == disclosure_selectors.DUE:
            bucket["due"] += 1
        else:  # late, or posted for less than the minimum
            bucket["late"] += 1

    judged_until = period.judged_until(today)
    published = Disclosure.objects.filter(
        unit_path__startswith=under.path,
        published_on__isnull=False,
        published_on__lte=judged_until,
    )
    permanent_on_show: set[tuple[str, str]] = {
        (_commune_path(path), subject)
        for path, subject in published.filter(subject__in=legal.PERMANENT_SUBJECTS)
        .filter(Q(posting_until__isnull=True) | Q(posting_until__gte=judged_until))
        .values_list("unit_path", "subject")
    }
    annual_done: set[tuple[str, str]] = {
        (_commune_path(path), subject)
        for path, subject in published.filter(
            subject__in=legal.ANNUAL_SUBJECTS,
            decided_on__range=(period.year_start, period.year_end),
        ).values_list("unit_path", "subject")
    }
    year_over = period.year_over(today)
    for path, commune in communes.items():
        missing_now = sum(1 for s in legal.PERMANENT_SUBJECTS if (path, s) not in permanent_on_show)
        missing_year = sum(1 for s in legal.ANNUAL_SUBJECTS if (path, s) not in annual_done)
        bucket = facts[commune.pk]
        bucket["missing"] = missing_now + (missing_year if year_over else 0)
        bucket["awaited"] = 0 if year_over else missing_year
    return facts


def _disclosure_duty(f: dict[str, int]) -> Duty:
    if f["late"] or f["missing"]:
        state = LATE
    elif f["due"] or f["awaited"]:
        state = DUE
    else:
        state = MET
    return Duty("disclosure", state, f["met"], f["total"] + f["missing"], dict(f))


def _decision_facts(
    under: AdministrativeUnit, period: MonitorPeriod, today: date
) -> dict[int, dict[str, int]]:
    """Votes counted in the period, with their turnout and the two 5-day clocks after."""
    rows = (
        CommunityDecision.objects.filter(
            village__path__startswith=under.path,
            closed_at__date__range=(period.start, period.end),
        )
        .values("village__parent_id")
        .annotate(
            held=Count("pk"),
            passed=Count("pk", filter=Q(passed=True)),
            households=Sum("households_total"),
            voted=Sum("votes_agree") + Sum("votes_disagree") + Sum("votes_abstain"),
            late=Count(
                "pk",
                filter=Q(sent_late=True)
                | Q(answered_late=True)
                | Q(status=DecisionStatus.CLOSED, send_due_on__lt=today)
                | Q(status=DecisionStatus.SENT, answer_due_on__lt=today),
            ),
            awaiting=Count(
                "pk",
                filter=Q(status=DecisionStatus.CLOSED, send_due_on__gte=today)
                | Q(status=DecisionStatus.SENT, answer_due_on__gte=today),
            ),
        )
        .order_by()
    )
    # Every village has a commune: the parent is never empty here.
    return {
        int(row["village__parent_id"] or 0): {
            "held": row["held"],
            "passed": row["passed"],
            "households": row["households"] or 0,
            "voted": row["voted"] or 0,
            "late": row["late"],
            "awaiting": row["awaiting"],
        }
        for row in rows
    }


def _decision_duty(f: dict[str, int] | None) -> Duty:
    if not f:
        return Duty("decisions", NONE, 0, 0, {"held": 0})
    state = LATE if f["late"] else DUE if f["awaiting"] else MET
    on_time = f["held"] - f["late"] - f["awaiting"]
    facts = dict(f)
    facts["turnout"] = round(100 * f["voted"] / f["households"]) if f["households"] else 0
    return Duty("decisions", state, on_time, f["held"], facts)


def _board_duties(f: dict[str, int] | None) -> list[Duty]:
    f = f or {}
    board = Duty(
        "inspection_board",
        MET if f.get("inspection_board") else LATE,
        1 if f.get("inspection_board") else 0,
        1,
        {"supervision_boards": f.get("supervision_boards", 0), "visits": f.get("visits", 0)},
    )
    sent = f.get("recommendations", 0)
    if not sent:
        state = NONE
    elif f.get("overdue") or f.get("answered_late"):
        state = LATE
    elif f.get("pending"):
        state = DUE
    else:
        state = MET
    answers = Duty(
        "recommendations",
        state,
        f.get("answered_on_time", 0),
        sent,
        {k: f.get(k, 0) for k in ("answered_on_time", "answered_late", "overdue", "pending")},
    )
    return [board, answers]


def _dialogue_duties(
    year: dict[str, int] | None,
    period_facts: dict[str, int] | None,
    villages: int,
    period: MonitorPeriod,
    today: date,
) -> list[Duty]:
    year = year or {}
    period_facts = period_facts or {}
    year_over = period.year_over(today)
    held = year.get("chair_dialogues", 0)
    dialogue = Duty(
        "chair_dialogue",
        MET if held else LATE if year_over else DUE,
        min(held, 1),
        1,
        {"held": held},
    )
    met = year.get("villages_met", 0)
    if villages == 0:
        meetings = Duty("village_meetings", NONE, 0, 0)
    else:
        state = MET if met >= villages else LATE if year_over else DUE
        meetings = Duty("village_meetings", state, met, villages)
    made = period_facts.get("commitments", 0)
    if not made:
        kept = Duty("commitments", NONE, 0, 0)
    else:
        if period_facts.get("commitments_overdue") or period_facts.get("commitments_done_late"):
            state = LATE
        elif period_facts.get("commitments_open"):
            state = DUE
        else:
            state = MET
        kept = Duty(
            "commitments",
            state,
            period_facts.get("commitments_done", 0),
            made,
            {
                k: period_facts.get(k, 0)
                for k in ("commitments_done_late", "commitments_overdue", "commitments_open")
            },
        )
    return [dialogue, meetings, kept]


def _reception_facts(
    under: AdministrativeUnit, period: MonitorPeriod, today: date
) -> dict[int, dict[str, int]]:
    """The commune chair's weekly reception (Luật Tiếp công dân, Đ.15), per commune.

    A shortfall in a past month is late; in the current month it is only due, since the
    month's remaining weeks may still be held."""
    result = reception_compliance(under, period=Period(period.start, period.end), today=today)
    facts: dict[int, dict[str, int]] = defaultdict(
        lambda: {"held": 0, "required": 0, "short_past": 0, "short_now": 0}
    )
    current = (today.year, today.month)
    for agency, month in result.rows:
        if agency.unit.level != UnitLevel.COMMUNE:
            continue
        bucket = facts[agency.unit_id]
        bucket["held"] += min(month.held, month.required)
        bucket["required"] += month.required
        if month.held < month.required:
            bucket["short_now" if (month.year, month.month) == current else "short_past"] += 1
    return facts


def _reception_duty(f: dict[str, int] | None, period: MonitorPeriod, today: date) -> Duty:
    if today < period.start:
        return Duty("reception", NONE, 0, 0)
    if not f or not f["required"]:
        # No schedule recorded for the chair: the weekly duty cannot be shown as kept.
        return Duty("reception", LATE, 0, 0, {"no_schedule": 1})
    state = LATE if f["short_past"] else DUE if f["short_now"] else MET
    return Duty("reception", state, f["held"], f["required"], dict(f))


def _satisfaction(
    communes: dict[str, AdministrativeUnit], under: AdministrativeUnit, period: MonitorPeriod
) -> dict[int, tuple[int, float | None]]:
    sums: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])
    rows = (
        SatisfactionRating.objects.filter(
            unit_path__startswith=under.path, rated_on__range=(period.start, period.end)
        )
        .values("unit_path")
        .annotate(n=Count("pk"), mean=Avg("score"))
        .order_by()
    )
    for row in rows:
        commune = communes.get(_commune_path(row["unit_path"]))
        if commune is not None:
            sums[commune.pk][0] += row["n"]
            sums[commune.pk][1] += row["n"] * float(row["mean"])
    return {
        pk: (int(n), to_index(round(total / n, 2)) if n else None)
        for pk, (n, total) in sums.items()
    }


# --- The monitor ------------------------------------------------------------------------


def communes_under(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    if unit.level == UnitLevel.COMMUNE:
        return [unit]
    return list(
        AdministrativeUnit.objects.filter(
            path__startswith=unit.path, level=UnitLevel.COMMUNE, is_active=True
        ).order_by("path")
    )


def _village_counts(under: AdministrativeUnit) -> dict[int, int]:
    rows = (
        AdministrativeUnit.objects.filter(
            path__startswith=under.path, level=UnitLevel.VILLAGE, is_active=True
        )
        .values("parent_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["parent_id"]: row["n"] for row in rows}


def commune_rows(
    under: AdministrativeUnit, period: MonitorPeriod, *, today: date
) -> list[CommuneRow]:
    """Every commune in force at or below ``under`` with its duties judged on ``today``,
    ranked (see ``rank``)."""
    if under.level == UnitLevel.VILLAGE and under.parent is not None:
        under = under.parent
    communes = {c.path: c for c in communes_under(under)}
    if not communes:
        return []
    start, end = period.start, period.end
    disclosures = _disclosure_facts(communes, under, period, today)
    decisions = _decision_facts(under, period, today)
    boards = board_counts(under=under, start=start, end=end, today=today)
    dialogues_year = dialogue_counts(
        under=under, start=period.year_start, end=period.judged_until(today), today=today
    )
    dialogues = dialogue_counts(under=under, start=start, end=end, today=today)
    villages = _village_counts(under)
    reception = _reception_facts(under, period, today)
    satisfaction = _satisfaction(communes, under, period)
    mediation = mediation_counts(under=under, start=start, end=end, today=today)

    rows = []
    for commune in communes.values():
        pk = commune.pk
        duties = [
            _disclosure_duty(disclosures[pk]),
            _decision_duty(decisions.get(pk)),
            *_board_duties(boards.get(pk)),
            *_dialogue_duties(
                dialogues_year.get(pk), dialogues.get(pk), villages.get(pk, 0), period, today
            ),
            _reception_duty(reception.get(pk), period, today),
        ]
        ratings, index = satisfaction.get(pk, (0, None))
        rows.append(CommuneRow(commune, duties, ratings, index, mediation.get(pk, {})))
    return rank(rows)


def rank(rows: Iterable[CommuneRow]) -> list[CommuneRow]:
    """Highest score first, then fewer late duties, then by name; communes with nothing
    judged yet come last. The score, not the count of late duties, leads: a commune
    that keeps many registers must not rank below one that keeps none."""
    return sorted(
        rows,
        key=lambda r: (
            r.score is None,
            -(r.score or 0),
            r.late,
            r.unit.name_collation,
        ),
    )


@dataclass
class AreaRow:
    """A province (or the nation) summed over its communes."""

    unit: AdministrativeUnit
    communes: int = 0
    fully_met: int = 0  # communes with no late duty
    states: dict[str, dict[str, int]] = field(default_factory=dict)  # duty → state → communes
    scores: list[int] = field(default_factory=list)

    @property
    def score(self) -> int | None:
        return round(sum(self.scores) / len(self.scores)) if self.scores else None

    @property
    def late_counts(self) -> list[int]:
        """Communes late on each duty, in the order of ``DUTY_KEYS``."""
        return [self.states.get(key, {}).get(LATE, 0) for key in DUTY_KEYS]


def roll_up(rows: list[CommuneRow], areas: list[AdministrativeUnit]) -> list[AreaRow]:
    """Sum commune rows into the areas that contain them (provinces under the nation),
    worst score first so the provinces that need help come first."""
    by_path = {a.path: AreaRow(a) for a in areas}
    depth = areas[0].path.count("/") if areas else 0
    for row in rows:
        # Areas are the units one level down (provinces under the nation): the row's
        # path names its area directly.
        area = by_path.get(_area_path(row.unit.path, depth))
        if area is None:
            continue
        area.communes += 1
        area.fully_met += 0 if row.late else 1
        if row.score is not None:
            area.scores.append(row.score)
        for duty in row.duties:
            area.states.setdefault(duty.key, {}).setdefault(duty.state, 0)
            area.states[duty.key][duty.state] += 1
    return sorted(
        by_path.values(),
        key=lambda a: (a.score if a.score is not None else 101, a.unit.name_collation),
    )


def duty_totals(rows: list[CommuneRow]) -> list[tuple[str, str, dict[str, int]]]:
    """For each duty, how many communes are in each state."""
    totals: list[tuple[str, str, dict[str, int]]] = []
    for key in DUTY_KEYS:
        counts = dict.fromkeys((MET, DUE, LATE, NONE), 0)
        for row in rows:
            counts[row.duty(key).state] += 1
        totals.append((key, str(legal.DUTIES[key][0]), counts))
    return totals


# --- Counts for the periodic report ---------------------------------------------------

DEMOCRACY_COUNTS = (
    "consultations",
    "disclosures",
    "disclosures_on_time",
    "decisions",
    "dialogues",
    "board_recommendations",
    "board_answered_on_time",
)


def democracy_counts(
    under: AdministrativeUnit, *, start: date, end: date, today: date
) -> dict[str, dict[str, int]]:
    """Per commune path, the counts of the grassroots-democracy summary (TH-DCCS) for
    the period: drafts put to the people (opened in the period), what was decided and
    disclosed (and on time), votes counted, dialogues and year-end meetings held, board
    recommendations sent and answered on time. Consultations run by a province are not
    a commune's and are left out."""
    if under.level == UnitLevel.VILLAGE and under.parent is not None:
        under = under.parent
    communes = {c.path: c for c in communes_under(under)}
    counts = {path: dict.fromkeys(DEMOCRACY_COUNTS, 0) for path in communes}
    clock = disclosure_selectors.Clock()
    for disclosure in Disclosure.objects.filter(
        unit_path__startswith=under.path, decided_on__range=(start, end)
    ):
        row = counts.get(_commune_path(disclosure.unit_path))
        if row is None or disclosure.published_on is None or disclosure.published_on > today:
            continue
        row["disclosures"] += 1
        state = disclosure_selectors.disclosure_state(disclosure, today, clock=clock).state
        row["disclosures_on_time"] += state == disclosure_selectors.MET
    by_id = {c.pk: path for path, c in communes.items()}
    decided = (
        CommunityDecision.objects.filter(
            village__path__startswith=under.path, closed_at__date__range=(start, end)
        )
        .values("village__parent_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for decided_row in decided:
        if decided_row["village__parent_id"] in by_id:
            counts[by_id[decided_row["village__parent_id"]]]["decisions"] = decided_row["n"]
    opened = (
        Consultation.objects.filter(
            unit__path__startswith=under.path,
            opens_on__range=(start, end),
            phase__in=OPENED_PHASES,
        )
        .values_list("unit__path", flat=True)
        .order_by()
    )
    for path in opened:
        row = counts.get(_commune_path(path))
        if row is not None:
            row["consultations"] += 1
    for pk, f in dialogue_counts(under=under, start=start, end=end, today=today).items():
        if pk in by_id:
            counts[by_id[pk]]["dialogues"] = f["chair_dialogues"] + f["year_end_meetings"]
    for pk, f in board_counts(under=under, start=start, end=end, today=today).items():
        if pk in by_id:
            counts[by_id[pk]]["board_recommendations"] = f["recommendations"]
            counts[by_id[pk]]["board_answered_on_time"] = f["answered_on_time"]
    return counts
