"""Reads of people's boards: who serves, whether a board is constituted, the state of
recommendations and the per-commune counts the compliance monitor uses."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.boards.models import Board, BoardKind, BoardMember, Recommendation, SupervisionVisit
from danvan.boards.services import MIN_MEMBERS
from danvan.documents.models import Attachment
from danvan.documents.selectors import attachments_of
from danvan.units.models import AdministrativeUnit

PENDING = "pending"
OVERDUE = "overdue"
ANSWERED_ON_TIME = "answered_on_time"
ANSWERED_LATE = "answered_late"
STATE_LABELS = {
    PENDING: _("Awaiting an answer (chờ trả lời)"),
    OVERDUE: _("Answer overdue (quá hạn trả lời)"),
    ANSWERED_ON_TIME: _("Answered on time (trả lời đúng hạn)"),
    ANSWERED_LATE: _("Answered late (trả lời quá hạn)"),
}


def _serving_on(day: date, prefix: str = "") -> Q:
    """Members serving on ``day``: joined by then and not yet left (``left_on`` is the
    first day no longer served)."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def _active_on(day: date) -> Q:
    return Q(term_starts_on__lte=day) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))


def serving_members(board: Board, *, on: date | None = None) -> QuerySet[BoardMember]:
    day = on or timezone.localdate()
    return BoardMember.objects.filter(_serving_on(day), board=board).order_by(
        "position", "full_name"
    )


def is_constituted(board: Board, *, on: date | None = None) -> bool:
    """A board works only with at least five serving members."""
    return serving_members(board, on=on).count() >= MIN_MEMBERS


def boards_in(units: QuerySet[AdministrativeUnit]) -> QuerySet[Board]:
    """Boards of the communes among ``units``, with the counts the list shows."""
    today = timezone.localdate()
    return (
        Board.objects.filter(commune__in=units)
        .select_related("commune", "village")
        .annotate(serving=Count("members", filter=_serving_on(today, "members__")))
        .order_by("commune__name_collation", "dissolved_on", "kind", "-term_starts_on", "pk")
    )


def recommendation_state(recommendation: Recommendation, today: date) -> str:
    answered_on = recommendation.answered_on
    if answered_on is not None and answered_on <= today:
        return ANSWERED_ON_TIME if answered_on <= recommendation.answer_due_on else ANSWERED_LATE
    return OVERDUE if recommendation.answer_due_on < today else PENDING


def state_label(state: str) -> str:
    return str(STATE_LABELS[state])


def photos_of(visit: SupervisionVisit) -> QuerySet[Attachment]:
    return attachments_of(visit)


def compliance_counts(
    *, under: AdministrativeUnit, start: date, end: date, today: date
) -> dict[int, dict[str, int]]:
    """Per commune id, for communes at or below `under` (under may be the nation, a province or a commune) that have any board data. Keys (all present, ints):
    'inspection_board': 1 if the commune has an active People's Inspection Board whose term covers min(end, today) and which has at least 5 serving members on that day, else 0;
    'supervision_boards': active investment supervision boards;
    'visits': supervision visits with visited_on in [start, end];
    'recommendations': recommendations with sent_on in [start, end];
    'answered_on_time' / 'answered_late': of those, answered (answered_on <= today) by / after answer_due_on;
    'overdue': of those, unanswered as of today and answer_due_on < today;
    'pending': of those, unanswered and answer_due_on >= today."""  # noqa: E501
    # Five grouped queries whatever the number of communes.
    day = min(end, today)
    boards = Board.objects.filter(commune__path__startswith=under.path).order_by()
    keys = (
        "inspection_board",
        "supervision_boards",
        "visits",
        "recommendations",
        "answered_on_time",
        "answered_late",
        "overdue",
        "pending",
    )
    counts: dict[int, dict[str, int]] = {
        commune_id: dict.fromkeys(keys, 0)
        for commune_id in boards.values_list("commune_id", flat=True).distinct()
    }
    if not counts:
        return counts
    inspection = (
        boards.filter(_active_on(day), kind=BoardKind.PEOPLES_INSPECTION, term_ends_on__gte=day)
        .annotate(serving=Count("members", filter=_serving_on(day, "members__")))
        .filter(serving__gte=MIN_MEMBERS)
        .values_list("commune_id", flat=True)
        .distinct()
    )
    for commune_id in inspection:
        counts[commune_id]["inspection_board"] = 1
    # "Active" is judged on the same day as the inspection board, so a past period
    # shows the boards that were working then.
    supervision = (
        boards.filter(_active_on(day), kind=BoardKind.INVESTMENT_SUPERVISION)
        .filter(Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=day))
        .values("commune_id")
        .annotate(n=Count("id"))
    )
    for board_row in supervision:
        counts[board_row["commune_id"]]["supervision_boards"] = board_row["n"]
    visits = (
        SupervisionVisit.objects.filter(
            board__commune__path__startswith=under.path, visited_on__range=(start, end)
        )
        .order_by()
        .values("board__commune_id")
        .annotate(n=Count("id"))
    )
    for visit_row in visits:
        counts[visit_row["board__commune_id"]]["visits"] = visit_row["n"]
    answered = Q(answered_on__isnull=False, answered_on__lte=today)
    unanswered = Q(answered_on__isnull=True) | Q(answered_on__gt=today)
    recommendations = (
        Recommendation.objects.filter(
            board__commune__path__startswith=under.path, sent_on__range=(start, end)
        )
        .order_by()
        .values("board__commune_id")
        .annotate(
            recommendations=Count("id"),
            answered_on_time=Count("id", filter=answered & Q(answered_on__lte=F("answer_due_on"))),
            answered_late=Count("id", filter=answered & Q(answered_on__gt=F("answer_due_on"))),
            overdue=Count("id", filter=unanswered & Q(answer_due_on__lt=today)),
            pending=Count("id", filter=unanswered & Q(answer_due_on__gte=today)),
        )
    )
    for rec_row in recommendations:
        target = counts[rec_row["board__commune_id"]]
        target["recommendations"] = rec_row["recommendations"]
        target["answered_on_time"] = rec_row["answered_on_time"]
        target["answered_late"] = rec_row["answered_late"]
        target["overdue"] = rec_row["overdue"]
        target["pending"] = rec_row["pending"]
    return counts
