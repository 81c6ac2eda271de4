"""Reads of consultations: lists, the draft, counts, the groups per article and the
values of the explanation report.

The majority of an article and departing from it
    The majority opinion of an article (or of the draft as a whole) is its group of
    comments held by the most people; on a tie, the group with more comments, then the
    one listed first. The authority "departs from the majority" on an article when it
    does not fully accept that group: the decision on the majority group is
    ``not_accepted`` or ``partly_accepted``. Smaller groups are never "the majority",
    whatever is decided on them. The law asks the report to state these cases and their
    reasons (Luật 10/2022/QH15, Art. 28).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from danvan.accounts.selectors import units_readable_by
from danvan.consultations.models import (
    Channel,
    Comment,
    CommentGroup,
    Consultation,
    Decision,
    DraftSection,
    Phase,
    Position,
    SectionKind,
)
from danvan.deadlines.selectors import explain_deadline
from danvan.units.models import AdministrativeUnit

if TYPE_CHECKING:
    from danvan.consultations.report import ExplanationReport

MIN_RULE = "consultation.min"
# Parts people comment on: articles, or paragraphs of a draft without articles.
COMMENTABLE = (SectionKind.ARTICLE, SectionKind.PARAGRAPH)
POSITIONS = tuple(Position.values)
WHOLE_DRAFT_VI = "Toàn bộ dự thảo"
CHANNELS_VI = {
    Channel.PORTAL: "Cổng thông tin điện tử",
    Channel.MEETING: "Hội nghị, họp thôn",
    Channel.BALLOT: "Phiếu lấy ý kiến",
    Channel.SUGGESTION_BOX: "Hòm thư góp ý",
    Channel.HOTLINE: "Đường dây nóng",
}


def minimum_end(opens_on: date) -> date:
    """The earliest last day of comments for a consultation opening on ``opens_on``."""
    return explain_deadline(MIN_RULE, opens_on).due


def visible_comments(consultation: Consultation) -> QuerySet[Comment]:
    return Comment.objects.filter(consultation=consultation, hidden=False)


def is_accepting(consultation: Consultation, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        consultation.phase == Phase.OPEN
        and consultation.opens_on <= today <= consultation.closes_on
    )


def sections_of(consultation: Consultation) -> QuerySet[DraftSection]:
    return consultation.sections.order_by("order")


def commentable_sections(consultation: Consultation) -> QuerySet[DraftSection]:
    sections = sections_of(consultation).filter(kind__in=COMMENTABLE)
    if not sections.exists():
        # A draft of chapters only: comment on the chapters.
        return sections_of(consultation).filter(depth=0)
    return sections


def consultations_for(user: Any) -> QuerySet[Consultation]:
    """Every consultation whose authority the user may read."""
    return Consultation.objects.filter(agency__unit__in=units_readable_by(user)).select_related(
        "agency", "unit"
    )


def public_open(
    *, today: date | None = None, within: AdministrativeUnit | None = None
) -> QuerySet[Consultation]:
    today = today or timezone.localdate()
    found = Consultation.objects.filter(phase=Phase.OPEN, opens_on__lte=today, closes_on__gte=today)
    if within is not None:
        found = found.filter(unit__path__startswith=within.path)
    return found.select_related("unit", "agency").order_by("closes_on", "pk")


def public_closed(*, within: AdministrativeUnit | None = None) -> QuerySet[Consultation]:
    """Consultations whose explanation is published, newest first."""
    found = Consultation.objects.filter(
        phase__in=(Phase.EXPLAINED, Phase.CLOSED), published_on__isnull=False
    )
    if within is not None:
        found = found.filter(unit__path__startswith=within.path)
    return found.select_related("unit", "agency").order_by("-published_on", "-pk")


def is_public(consultation: Consultation, today: date | None = None) -> bool:
    """Shown on the portal: open now, or ended (its comments stay readable as a draft
    record, its report downloadable once published)."""
    today = today or timezone.localdate()
    if consultation.phase == Phase.PREPARATION:
        return False
    return not (consultation.phase == Phase.OPEN and today < consultation.opens_on)


# ---------------------------------------------------------------------------------------
# Groups per article


@dataclass
class GroupRow:
    group: CommentGroup
    representative: str
    departs_from_majority: bool
    is_majority: bool
    bars: list[tuple[str, str, int, int]]  # (code, label, people, percent of the group)


@dataclass
class SectionGroups:
    section: DraftSection | None  # None: the draft as a whole
    comments: int
    people: int
    positions: dict[str, int]
    groups: list[GroupRow] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.section.label if self.section else WHOLE_DRAFT_VI

    @property
    def title(self) -> str:
        if self.section is None:
            return ""
        return self.section.heading or self.section.text[:120]


def majority_group(groups: list[CommentGroup]) -> CommentGroup | None:
    """The group held by the most people (ties: more comments, then listed first)."""
    best: CommentGroup | None = None
    for group in groups:
        if best is None or (group.people, group.comments) > (best.people, best.comments):
            best = group
    return best


def departs_from_majority(group: CommentGroup, majority: CommentGroup | None) -> bool:
    """See the module's docstring."""
    return (
        majority is not None
        and group.pk == majority.pk
        and group.decision in (Decision.NOT_ACCEPTED, Decision.PARTLY_ACCEPTED)
    )


def _bars(positions: dict[str, int]) -> list[tuple[str, str, int, int]]:
    total = sum(positions.values()) or 1
    labels = dict(Position.choices)
    return [
        (
            code,
            str(labels[code]),
            positions.get(code, 0),
            round(100 * positions.get(code, 0) / total),
        )
        for code in POSITIONS
    ]


def groups_by_section(consultation: Consultation) -> list[SectionGroups]:
    """Per article (the whole draft first), the groups from the last aggregation with
    the counts of the visible comments."""
    sections = {s.pk: s for s in sections_of(consultation)}
    counts: dict[int | None, dict[str, int]] = {}
    for row in (
        visible_comments(consultation)
        .values("section_id", "position")
        .annotate(n=Count("id"), people=Sum("people"))
    ):
        entry = counts.setdefault(row["section_id"], {"comments": 0, "people": 0})
        entry["comments"] += row["n"]
        entry["people"] += row["people"] or 0
        entry[row["position"]] = entry.get(row["position"], 0) + (row["people"] or 0)
    groups_of: dict[int | None, list[CommentGroup]] = {}
    for group in consultation.groups.select_related("representative").order_by("order", "pk"):
        groups_of.setdefault(group.section_id, []).append(group)
    keys: list[int | None] = []
    if None in counts or None in groups_of:
        keys.append(None)
    keys += [pk for pk in sections if pk in counts or pk in groups_of]
    result: list[SectionGroups] = []
    for key in keys:
        entry = counts.get(key, {"comments": 0, "people": 0})
        groups = groups_of.get(key, [])
        majority = majority_group(groups)
        result.append(
            SectionGroups(
                section=sections.get(key) if key is not None else None,
                comments=entry["comments"],
                people=entry["people"],
                positions={p: entry.get(p, 0) for p in POSITIONS},
                groups=[
                    GroupRow(
                        group=g,
                        representative=g.representative.text if g.representative else "",
                        departs_from_majority=departs_from_majority(g, majority),
                        is_majority=majority is not None and g.pk == majority.pk,
                        bars=_bars(g.positions),
                    )
                    for g in groups
                ],
            )
        )
    return result


def undecided_groups(consultation: Consultation) -> int:
    return consultation.groups.filter(decision="").count()


# ---------------------------------------------------------------------------------------
# Statistics


@dataclass
class Statistics:
    comments: int
    people: int
    hidden: int
    by_channel: list[tuple[str, int, int]]  # (label, comments, people)
    by_position: list[tuple[str, int, int]]
    by_village: list[tuple[str, int, int]]
    by_section: list[tuple[str, str, int, int]]  # (label, title, comments, people)


def _rows(queryset: QuerySet[Comment], key: str) -> dict[Any, tuple[int, int]]:
    return {
        row[key]: (row["n"], row["people"] or 0)
        for row in queryset.values(key).annotate(n=Count("id"), people=Sum("people"))
    }


def statistics(consultation: Consultation) -> Statistics:
    visible = visible_comments(consultation)
    totals = visible.aggregate(n=Count("id"), people=Sum("people"))
    channels = _rows(visible, "channel")
    positions = _rows(visible, "position")
    villages = _rows(visible, "village")
    sections = _rows(visible, "section")
    village_names = dict(
        AdministrativeUnit.objects.filter(pk__in=[k for k in villages if k]).values_list(
            "pk", "name"
        )
    )
    by_village = sorted(
        ((village_names[k], *v) for k, v in villages.items() if k),
        key=lambda row: (-row[2], row[0]),
    )
    if None in villages:
        from django.utils.translation import gettext as _

        by_village.append((_("Not given (portal)"), *villages[None]))
    by_section: list[tuple[str, str, int, int]] = []
    if None in sections:
        by_section.append((WHOLE_DRAFT_VI, "", *sections[None]))
    for section in sections_of(consultation).filter(pk__in=[k for k in sections if k]):
        by_section.append(
            (section.label, section.heading or section.text[:80], *sections[section.pk])
        )
    return Statistics(
        comments=totals["n"] or 0,
        people=totals["people"] or 0,
        hidden=Comment.objects.filter(consultation=consultation, hidden=True).count(),
        by_channel=[
            (str(label), *channels[code]) for code, label in Channel.choices if code in channels
        ],
        by_position=[
            (str(label), *positions[code]) for code, label in Position.choices if code in positions
        ],
        by_village=by_village,
        by_section=by_section,
    )


@dataclass
class ComparisonRow:
    consultation: Consultation
    comments: int
    people: int
    groups: int
    accepted: int  # groups accepted or partly accepted


def comparison(unit: AdministrativeUnit) -> list[ComparisonRow]:
    """The consultations of ``unit``'s authority side by side (not in preparation)."""
    found = (
        Consultation.objects.filter(unit=unit)
        .exclude(phase=Phase.PREPARATION)
        .annotate(
            n_comments=Count("comments", filter=Q(comments__hidden=False), distinct=True),
            n_people=Sum("comments__people", filter=Q(comments__hidden=False)),
        )
        .order_by("-opens_on", "-pk")
    )
    groups: dict[int, dict[str, int]] = {
        row["consultation_id"]: {"n": row["n"], "accepted": row["accepted"]}
        for row in CommentGroup.objects.filter(consultation__unit=unit)
        .values("consultation_id")
        .annotate(
            n=Count("id"),
            accepted=Count(
                "id", filter=Q(decision__in=(Decision.ACCEPTED, Decision.PARTLY_ACCEPTED))
            ),
        )
    }
    return [
        ComparisonRow(
            consultation=c,
            comments=c.n_comments,
            people=c.n_people or 0,
            groups=groups.get(c.pk, {}).get("n", 0),
            accepted=groups.get(c.pk, {}).get("accepted", 0),
        )
        for c in found[:50]
    ]


# ---------------------------------------------------------------------------------------
# The explanation report


def _audience(consultation: Consultation) -> str:
    villages = [v.name for v in consultation.villages.order_by("name_collation")]
    parts = []
    if villages:
        parts.append("Nhân dân " + ", ".join(villages))
    else:
        parts.append(f"Nhân dân trên địa bàn {consultation.unit.name}")
    if consultation.audience_groups:
        parts.append(consultation.audience_groups)
    return "; ".join(parts)


def build_report(consultation: Consultation, *, issued_on: date | None = None) -> ExplanationReport:
    """The values of the explanation report, from the visible comments and the groups."""
    from danvan.consultations import report
    from danvan.documents.letterhead import parent_body_of, place_of

    agency = consultation.agency
    visible = visible_comments(consultation)
    totals = visible.aggregate(n=Count("id"), people=Sum("people"))
    by_channel = Counter(dict(visible.values_list("channel").annotate(n=Count("id"))))
    sections = [
        report.SectionRow(
            label=entry.label,
            title=entry.title,
            comments=entry.comments,
            people=entry.people,
            positions=entry.positions,
            groups=[
                report.OpinionGroupRow(
                    representative=row.representative,
                    comments=row.group.comments,
                    people=row.group.people,
                    positions={p: row.group.positions.get(p, 0) for p in POSITIONS},
                    decision=row.group.decision,
                    explanation=row.group.explanation,
                    departs_from_majority=row.departs_from_majority,
                )
                for row in entry.groups
            ],
        )
        for entry in groups_by_section(consultation)
    ]
    title = consultation.signer_title or "CHỦ TỊCH"
    return report.ExplanationReport(
        agency_name=agency.name,
        parent_body=parent_body_of(agency),
        number=consultation.report_number,
        place=place_of(agency),
        issued_on=issued_on or consultation.published_on or timezone.localdate(),
        consultation_title=consultation.title,
        draft_title=consultation.draft_title or consultation.title,
        opened_on=consultation.opens_on,
        closed_on=consultation.closes_on,
        channels=[CHANNELS_VI[Channel(c)] for c in consultation.channels if c in Channel.values],
        audience=_audience(consultation),
        participants=totals["people"] or 0,
        comments=totals["n"] or 0,
        by_channel={CHANNELS_VI[Channel(code)]: n for code, n in by_channel.items()},
        sections=sections,
        signer_title=f"TM. ỦY BAN NHÂN DÂN\n{title}",
        signer_name=consultation.signer_name,
        recipients=[
            f"Thường trực Đảng ủy, HĐND {consultation.unit.name}",
            f"Ủy ban MTTQ Việt Nam {consultation.unit.name}",
            "Các thôn, tổ dân phố",
        ],
    )
