"""Reads for the periodic reports: the table of a form for a unit and a period, the
reception counts the forms need, and the reports of a unit.

A table has one row per child unit (communes of a province, provinces of the nation), in
the order of ``danvan.figures.selectors.child_figures``, then one row for what the
unit's own agencies did, then the total row ("Tổng cộng"), which is the sum of the rows.
Petition columns come from ``danvan.figures.selectors``; the reception and rating counts
are read here with the same split (a child counts its whole subtree, the own row only
the unit's own agencies).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from danvan.figures.selectors import child_figures
from danvan.reception.models import ReceptionSession, SessionKind, Visit
from danvan.reports.forms_catalog import FORMS, FormDefinition, Reception
from danvan.reports.models import IssuedReport
from danvan.reports.periodic_periods import ReportingPeriod
from danvan.satisfaction.models import SatisfactionRating
from danvan.satisfaction.selectors import satisfaction_index
from danvan.units.models import AdministrativeUnit, Agency, UnitLevel

DATA_SCHEMA = 1
GROUP_SIZE = 5  # "đoàn đông người": five people or more (Luật Tiếp công dân 2013)
TOTAL_LABEL = "Tổng cộng"

# The head's reception (form 01/TCD): the leader's periodic sessions and ad-hoc ones.
_HEAD_KINDS = (SessionKind.LEADER_PERIODIC, SessionKind.AD_HOC)
_RECEPTION_SPLITS: dict[str, dict[str, Any]] = {
    # split: filter on the session
    "regular": {"kind": SessionKind.REGULAR},
    "head": {"kind__in": _HEAD_KINDS, "delegated": False},
    "delegated": {"kind__in": _HEAD_KINDS, "delegated": True},
}
RECEPTION_COUNTS: tuple[str, ...] = (
    "sessions",
    "leader_sessions",
    "visits",
    "people",
    "group_visits",
    *(
        f"{split}_{name}"
        for split in _RECEPTION_SPLITS
        for name in ("sessions", "visits", "people", "groups", "group_people")
    ),
)


def check_reception_sources() -> None:
    """Every reception column names a count of ``RECEPTION_COUNTS`` (run by the tests)."""
    for form in FORMS:
        for column in form.columns:
            if isinstance(column.source, Reception) and column.source.name not in RECEPTION_COUNTS:
                raise ValueError(f"{form.key}: unknown reception count {column.source.name}")


def _reception_counts(sessions: QuerySet[ReceptionSession]) -> dict[str, int]:
    """The counts of ``RECEPTION_COUNTS`` over ``sessions`` in two queries; ``visits``,
    ``people``, ``sessions``, ``leader_sessions`` and ``group_visits`` are counted as
    ``reception.selectors.reception_figures`` counts them."""
    group = Q(people_count__gte=GROUP_SIZE)
    session_counts: dict[str, Any] = {
        "sessions": Count("pk"),
        "leader_sessions": Count("pk", filter=Q(kind=SessionKind.LEADER_PERIODIC)),
    }
    visit_counts: dict[str, Any] = {
        "visits": Count("pk"),
        "people": Sum("people_count"),
        "group_visits": Count("pk", filter=group),
    }
    for split, condition in _RECEPTION_SPLITS.items():
        on_session = Q(**condition)
        on_visit = Q(**{f"session__{name}": value for name, value in condition.items()})
        session_counts[f"{split}_sessions"] = Count("pk", filter=on_session)
        visit_counts[f"{split}_visits"] = Count("pk", filter=on_visit)
        visit_counts[f"{split}_people"] = Sum("people_count", filter=on_visit)
        visit_counts[f"{split}_groups"] = Count("pk", filter=on_visit & group)
        visit_counts[f"{split}_group_people"] = Sum("people_count", filter=on_visit & group)
    counts = {
        **sessions.aggregate(**session_counts),
        **Visit.objects.filter(session__in=sessions).aggregate(**visit_counts),
    }
    return {name: counts[name] or 0 for name in RECEPTION_COUNTS}


def reception_counts(
    unit: AdministrativeUnit, *, start: date, end: date, own_only: bool = False
) -> dict[str, int]:
    """Reception counts of the unit and below (or, with ``own_only``, of the unit's own
    agencies) for sessions held from ``start`` to ``end``."""
    sessions = ReceptionSession.objects.filter(held_on__range=(start, end))
    if own_only:
        sessions = sessions.filter(agency__unit=unit)
    else:
        sessions = sessions.filter(agency__unit__path__startswith=unit.path)
    return _reception_counts(sessions)


def rating_count(
    unit: AdministrativeUnit, *, start: date, end: date, own_only: bool = False
) -> int:
    """Satisfaction ratings given from ``start`` to ``end`` (as counted by
    ``satisfaction.selectors.satisfaction_index``)."""
    ratings = SatisfactionRating.objects.filter(rated_on__range=(start, end))
    if own_only:
        return ratings.filter(unit=unit).count()
    return ratings.filter(unit_path__startswith=unit.path).count()


def own_row_label(unit: AdministrativeUnit) -> str:
    """The row of the unit's own agencies: "Các cơ quan cấp tỉnh", "Các cơ quan trung
    ương"."""
    level = UnitLevel(unit.level)
    if level == UnitLevel.NATION:
        return "Các cơ quan trung ương"
    name = {
        UnitLevel.PROVINCE: "tỉnh",
        UnitLevel.DISTRICT: "huyện",
        UnitLevel.COMMUNE: "xã",
    }.get(level)
    return f"Các cơ quan cấp {name}" if name else f"Các cơ quan của {unit.name}"


def _children(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    # The same children, in the same order, as figures.selectors.child_figures.
    return list(unit.children.filter(is_active=True).order_by("name_collation"))


def _paths_with_agencies(unit: AdministrativeUnit) -> list[str]:
    return list(
        Agency.objects.filter(unit__path__startswith=unit.path)
        .values_list("unit__path", flat=True)
        .distinct()
    )


def _value(column: dict[str, Any], sources: dict[str, Any]) -> Any:
    source = column["source"]
    kind = source["kind"]
    if kind == "figures":
        return sum(sources["figures"][name] for name in source["names"])
    if kind == "reception":
        return sources["reception"][source["name"]]
    if kind == "ratings":
        return sources["ratings"]
    if kind == "democracy":
        counts = sources["democracy"]
        return None if counts is None else counts[source["name"]]
    return None  # unsupported, or a percentage computed once the counts are known


def _percentages(columns: list[dict[str, Any]], values: dict[str, Any]) -> None:
    for column in columns:
        source = column["source"]
        if source["kind"] == "percent":
            numerator, denominator = values[source["numerator"]], values[source["denominator"]]
            values[column["key"]] = round(100 * numerator / denominator, 1) if denominator else None


def build_table(
    *, form: FormDefinition, unit: AdministrativeUnit, period: ReportingPeriod
) -> dict[str, Any]:
    """The form's table for ``unit`` and ``period`` as plain JSON: what a report keeps.

    ``rows`` holds the child rows, the own-agencies row and the total row, each with
    ``values`` keyed by column key (``None`` for a column without data).
    """
    layout = form.layout()
    columns = layout["columns"]
    needs = form.needs()
    start, end = period.start, period.end
    children = _children(unit)

    figures_by_unit: dict[int | None, dict[str, int]] = {}
    if "figures" in needs:
        for child, figures in child_figures(unit, start=start, end=end):
            figures_by_unit[child.pk if child is not None else None] = dict(figures.counts)

    # The monitor's module reads the reports' reception counting: import it late.
    from danvan.compliance.selectors import DEMOCRACY_COUNTS as DEMOCRACY_KEYS
    from danvan.compliance.selectors import democracy_counts

    democracy: dict[str, dict[str, int]] = {}
    if "democracy" in needs:
        democracy = democracy_counts(unit, start=start, end=end, today=timezone.localdate())

    def democracy_of(child: AdministrativeUnit | None) -> dict[str, int] | None:
        """The communes' counts summed for a row; the registers belong to communes, so
        a village row has none and only a commune's own row holds its own."""
        if child is not None and child.level == UnitLevel.VILLAGE:
            return None
        if child is None and unit.level != UnitLevel.COMMUNE:
            return dict.fromkeys(DEMOCRACY_KEYS, 0)
        prefix = (child or unit).path
        rows = [counts for path, counts in democracy.items() if path.startswith(prefix)]
        return {key: sum(r[key] for r in rows) for key in DEMOCRACY_KEYS}

    def sources_for(child: AdministrativeUnit | None) -> dict[str, Any]:
        target, own = (child, False) if child is not None else (unit, True)
        sources: dict[str, Any] = {}
        if "figures" in needs:
            sources["figures"] = figures_by_unit[child.pk if child is not None else None]
        if "reception" in needs:
            sources["reception"] = reception_counts(target, start=start, end=end, own_only=own)
        if "ratings" in needs:
            sources["ratings"] = rating_count(target, start=start, end=end, own_only=own)
        if "democracy" in needs:
            sources["democracy"] = democracy_of(child)
        return sources

    def row_values(child: AdministrativeUnit | None) -> dict[str, Any]:
        sources = sources_for(child)
        values = {column["key"]: _value(column, sources) for column in columns}
        _percentages(columns, values)
        return values

    agency_paths = _paths_with_agencies(unit)
    rows: list[dict[str, Any]] = []
    for child in children:
        values = row_values(child)
        has_agency = any(path.startswith(child.path) for path in agency_paths)
        if not has_agency and not any(values.values()):
            # A unit without any agency (a village) cannot hold figures: leave it out.
            continue
        rows.append(
            {
                "role": "child",
                "label": child.name,
                "unit_id": child.pk,
                "unit_code": child.code,
                "values": values,
            }
        )
    rows.append(
        {
            "role": "own",
            "label": own_row_label(unit),
            "unit_id": unit.pk,
            "unit_code": unit.code,
            "values": row_values(None),
        }
    )
    rows.append(
        {
            "role": "total",
            "label": TOTAL_LABEL,
            "unit_id": unit.pk,
            "unit_code": unit.code,
            "values": total_values(columns, rows),
        }
    )
    return {
        "schema": DATA_SCHEMA,
        "form": layout,
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name},
        "period": period.to_json(),
        "rows": rows,
        "facts": _facts(form, unit, period),
        "computed_at": timezone.now().isoformat(),
    }


def total_values(columns: list[dict[str, Any]], rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Sums of the count columns over ``rows``; percentages from the sums; unsupported
    columns stay empty."""
    rows = [row for row in rows if row["role"] != "total"]
    totals: dict[str, Any] = {}
    for column in columns:
        kind = column["source"]["kind"]
        if kind in {"figures", "reception", "ratings", "democracy"}:
            totals[column["key"]] = sum(row["values"][column["key"]] or 0 for row in rows)
        else:
            totals[column["key"]] = None
    _percentages(columns, totals)
    return totals


def _facts(
    form: FormDefinition, unit: AdministrativeUnit, period: ReportingPeriod
) -> dict[str, Any]:
    """Figures for the narrative that do not fit a column (kept with the report)."""
    facts: dict[str, Any] = {}
    if form.subject in {"democracy", "results"}:
        index = satisfaction_index(unit, start=period.start, end=period.end)
        facts["satisfaction_ratings"] = index.ratings
        facts["satisfaction_index"] = index.index
    return facts


def unsupported_notes(layout: dict[str, Any]) -> list[str]:
    """ "Cột 3, 6, 7: <reason>" for each reason, in column order, then the columns'
    own notes and the form's notes: printed under the table."""
    by_reason: dict[str, list[int]] = {}
    by_note: dict[str, list[int]] = {}
    for column in layout["columns"]:
        if column["source"]["kind"] == "unsupported":
            by_reason.setdefault(column["source"]["reason"], []).append(column["number"])
        elif column["note"]:
            by_note.setdefault(column["note"], []).append(column["number"])
    lines = [
        f"Cột {', '.join(map(str, numbers))}: {text}"
        for text, numbers in (*by_note.items(), *by_reason.items())
    ]
    if by_reason:
        lines.insert(
            len(by_note),
            "Các cột để trống là số liệu hệ thống chưa có (không phải số 0), cụ thể:",
        )
    return [*lines, *layout["notes"]]


# --- reports -------------------------------------------------------------------------


def reports_of_unit(unit: AdministrativeUnit) -> QuerySet[IssuedReport]:
    """Every report (drafts and issued) of the agencies of ``unit``, newest period first."""
    return (
        IssuedReport.objects.filter(unit=unit)
        .select_related("agency", "issued_by", "created_by")
        .order_by("-period_end", "form_code", "-pk")
    )


def open_draft(
    *, agency: Agency, form: FormDefinition, period: ReportingPeriod
) -> IssuedReport | None:
    return IssuedReport.objects.filter(
        agency=agency,
        form_code=form.code,
        form_version=form.version,
        period_kind=period.kind,
        period_year=period.year,
        period_number=period.number,
        status=IssuedReport.Status.DRAFT,
    ).first()
