"""Every write of people's boards: setting up a board and its members, quarterly plans,
supervision visits with photos, recommendations and their answers (Luật 10/2022/QH15;
Nghị định 59/2023/NĐ-CP)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.roles import Role
from danvan.accounts.selectors import active_assignments, holders_of
from danvan.accounts.validators import normalize_phone, validate_citizen_id
from danvan.audit.services import record_write
from danvan.boards.models import (
    Board,
    BoardKind,
    BoardMember,
    BoardPlan,
    Position,
    Recommendation,
    RecommendationStatus,
    SupervisionVisit,
)
from danvan.boards.rules import ANSWER_ROLES
from danvan.core.crypto import lookup_digest, lookup_digests
from danvan.core.dates import reject_future
from danvan.core.permissions import require_perm
from danvan.core.text import fold, normalize_text
from danvan.deadlines.selectors import explain_deadline
from danvan.documents.filetypes import detect
from danvan.documents.models import Attachment
from danvan.documents.services import store_attachment
from danvan.notifications.services import notify
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel

# The addressed body must answer within 15 days of receiving the recommendation
# (Luật 10/2022/QH15): the rule ``inspection_board.reply`` of the rule table, so that a
# correction is a data change; counted from the day it was sent.
ANSWER_RULE = "inspection_board.reply"
ANSWER_DAYS = 15  # the rule's period today, for messages and tests
# An inspection board's term follows the village head's term, at most 5 years.
MAX_TERM_YEARS = 5
# A board works with at least this many serving members.
MIN_MEMBERS = 5
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})
# A date may be typed a day ahead (late evening, time zones); more is a mistake.
_FUTURE_TOLERANCE = timedelta(days=1)
# Roles that do not make a person a commune official.
_NON_OFFICIAL_ROLES = frozenset({Role.BOARD_MEMBER, Role.CITIZEN})


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _not_future(value: date, field: str, today: date | None) -> None:
    reject_future(value, field, today or timezone.localdate(), tolerance=_FUTURE_TOLERANCE)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _board_snapshot(board: Board) -> dict[str, Any]:
    return {
        "kind": board.kind,
        "commune": board.commune_id,
        "village": board.village_id,
        "name": board.name,
        "project_name": board.project_name,
        "term_starts_on": _d(board.term_starts_on),
        "term_ends_on": _d(board.term_ends_on),
        "dissolved_on": _d(board.dissolved_on),
    }


def _overlapping_inspection_board(
    commune: AdministrativeUnit, starts: date, ends: date
) -> Board | None:
    return (
        Board.objects.filter(
            commune=commune,
            kind=BoardKind.PEOPLES_INSPECTION,
            dissolved_on__isnull=True,
            term_starts_on__lte=ends,
            term_ends_on__gte=starts,
        )
        .order_by("term_starts_on")
        .first()
    )


@transaction.atomic
def create_board(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    kind: str,
    name: str,
    term_starts_on: date,
    term_ends_on: date | None = None,
    project_name: str = "",
    village: AdministrativeUnit | None = None,
) -> Board:
    """Record the board the residents elected (inspection) or set up for a project
    (supervision)."""
    require_perm(
        actor,
        "boards.manage_boards",
        commune,
        message=_("You may not set up boards for this commune."),
    )
    if commune.level != UnitLevel.COMMUNE or not commune.is_active:
        raise ValidationError({"commune": _("Choose a commune in force.")})
    # Board checks below read then write: serialise them on the commune's row.
    AdministrativeUnit.objects.select_for_update().filter(pk=commune.pk).first()
    errors: dict[str, str] = {}
    if kind not in BoardKind.values:
        errors["kind"] = _("Choose the kind of board.")
    name = normalize_text(name or "")
    if not name:
        errors["name"] = _("Give the board's name.")
    elif len(name) > 200:
        errors["name"] = _("The name is too long (at most 200 characters).")
    if village is not None and (
        village.level != UnitLevel.VILLAGE or village.parent_id != commune.pk
    ):
        errors["village"] = _("The village must belong to the commune.")
    project_name = normalize_text(project_name or "")
    if kind == BoardKind.INVESTMENT_SUPERVISION:
        if not project_name:
            errors["project_name"] = _("A supervision board is set up for a project: name it.")
        elif len(project_name) > 300:
            errors["project_name"] = _("The name is too long (at most 300 characters).")
        elif Board.objects.filter(
            commune=commune,
            kind=BoardKind.INVESTMENT_SUPERVISION,
            dissolved_on__isnull=True,
            project_name_folded=fold(project_name),
        ).exists():
            errors["project_name"] = _("This project already has a supervision board.")
        if term_ends_on is not None and term_ends_on <= term_starts_on:
            errors["term_ends_on"] = _("The term must end after it starts.")
    elif kind == BoardKind.PEOPLES_INSPECTION:
        project_name = ""
        if term_ends_on is None:
            errors["term_ends_on"] = _(
                "Give the end of the term (the term of the village head, at most 5 years)."
            )
        elif term_ends_on <= term_starts_on:
            errors["term_ends_on"] = _("The term must end after it starts.")
        elif term_ends_on > _years_later(term_starts_on, MAX_TERM_YEARS):
            errors["term_ends_on"] = _("The term lasts at most 5 years.")
        else:
            other = _overlapping_inspection_board(commune, term_starts_on, term_ends_on)
            if other is not None:
                errors["term_starts_on"] = _(
                    "The commune already has a People's Inspection Board for %(start)s – %(end)s."
                ) % {
                    "start": other.term_starts_on.strftime("%d/%m/%Y"),
                    "end": other.term_ends_on.strftime("%d/%m/%Y") if other.term_ends_on else "",
                }
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            board = Board.objects.create(
                kind=kind,
                commune=commune,
                village=village,
                name=name,
                project_name=project_name,
                project_name_folded=fold(project_name),
                term_starts_on=term_starts_on,
                term_ends_on=term_ends_on,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError(
            {"project_name": _("This project already has a supervision board.")}
        ) from None
    record_write(
        actor=actor,
        action="boards.board.create",
        target=board,
        after=_board_snapshot(board),
        unit_id=commune.pk,
    )
    return board


@transaction.atomic
def dissolve_board(*, actor: Any, board: Board, dissolved_on: date, reason: str = "") -> Board:
    """End a board's work (term over, project handed over, or dismissed)."""
    require_perm(
        actor,
        "boards.manage_boards",
        board,
        message=_("You may not dissolve this board."),
    )
    board = Board.objects.select_for_update().get(pk=board.pk)
    if board.dissolved_on is not None:
        raise ValidationError(_("This board has already been dissolved."))
    if dissolved_on < board.term_starts_on:
        raise ValidationError(
            {"dissolved_on": _("A board cannot be dissolved before its term starts.")}
        )
    before = _board_snapshot(board)
    board.dissolved_on = dissolved_on
    board.save(update_fields=["dissolved_on"])
    record_write(
        actor=actor,
        action="boards.board.dissolve",
        target=board,
        before=before,
        after=_board_snapshot(board),
        reason=normalize_text(reason or ""),
        unit_id=board.commune_id,
    )
    return board


def _require_active(board: Board, on: date | None = None) -> None:
    if board.dissolved_on is not None and (on is None or on >= board.dissolved_on):
        raise ValidationError(_("This board has been dissolved."))


def _is_commune_official(user: Any, commune: AdministrativeUnit) -> bool:
    """True if the account holds a staff role (other than board member) at the commune."""
    return (
        active_assignments(user)
        .filter(agency__unit__path__startswith=commune.path)
        .exclude(role__in=_NON_OFFICIAL_ROLES)
        .exists()
    )


def _serving(board: Board) -> Any:
    return BoardMember.objects.filter(board=board, left_on__isnull=True)


@transaction.atomic
def add_member(
    *,
    actor: Any,
    board: Board,
    full_name: str,
    joined_on: date,
    position: str = Position.MEMBER,
    citizen_id: str = "",
    phone: str = "",
    user: Any = None,
    holds_commune_office: bool = False,
    involved_in_project: bool = False,
) -> BoardMember:
    """Record a member the residents elected, refusing people the law excludes."""
    require_perm(
        actor,
        "boards.manage_boards",
        board,
        message=_("You may not change the members of this board."),
    )
    board = Board.objects.select_for_update().get(pk=board.pk)
    _require_active(board)
    errors: dict[str, Any] = {}
    full_name = normalize_text(full_name or "")
    if not full_name:
        errors["full_name"] = _("Give the member's full name.")
    elif len(full_name) > 150:
        errors["full_name"] = _("The name is too long (at most 150 characters).")
    if position not in Position.values:
        errors["position"] = _("Choose head, deputy head or member.")
    citizen_id = normalize_text(citizen_id or "")
    if citizen_id:
        try:
            citizen_id = validate_citizen_id(citizen_id, today=joined_on)
        except ValidationError as exc:
            errors["citizen_id"] = exc.messages
    phone = normalize_text(phone or "")
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if joined_on < board.term_starts_on:
        errors["joined_on"] = _("A member cannot join before the board's term starts.")
    elif board.term_ends_on is not None and joined_on > board.term_ends_on:
        errors["joined_on"] = _("The board's term has ended.")
    if board.kind == BoardKind.PEOPLES_INSPECTION:
        # The law keeps commune officials off the board that inspects them.
        message = _("A commune official cannot sit on the People's Inspection Board.")
        if holds_commune_office:
            errors["holds_commune_office"] = message
        elif user is not None and _is_commune_official(user, board.commune):
            errors["user"] = message
    elif involved_in_project:
        errors["involved_in_project"] = _(
            "A person from the investor, contractor or consultant of the project cannot "
            "supervise it (conflict of interest)."
        )
    if errors:
        raise ValidationError(errors)
    serving = _serving(board)
    same_person = Q(pk__in=[])
    if citizen_id:
        same_person |= Q(citizen_id_digest__in=lookup_digests(citizen_id))
    if user is not None:
        same_person |= Q(user=user)
    if not citizen_id and user is None:
        same_person |= Q(full_name_folded=fold(full_name))
    if serving.filter(same_person).exists():
        raise ValidationError({"full_name": _("This person already serves on this board.")})
    if position == Position.HEAD and serving.filter(position=Position.HEAD).exists():
        raise ValidationError({"position": _("This board already has a head.")})
    member = BoardMember.objects.create(
        board=board,
        full_name=full_name,
        full_name_folded=fold(full_name),
        citizen_id=citizen_id,
        citizen_id_digest=lookup_digest(citizen_id) if citizen_id else "",
        phone=phone,
        position=position,
        user=user,
        holds_commune_office=holds_commune_office,
        involved_in_project=involved_in_project,
        joined_on=joined_on,
    )
    # The audit keeps who joined, never the ID number itself.
    record_write(
        actor=actor,
        action="boards.member.add",
        target=member,
        after={
            "board": board.pk,
            "full_name": full_name,
            "position": position,
            "user": getattr(user, "pk", None),
            "has_citizen_id": bool(citizen_id),
            "joined_on": _d(joined_on),
        },
        unit_id=board.commune_id,
    )
    return member


@transaction.atomic
def remove_member(
    *, actor: Any, member: BoardMember, left_on: date | None = None, reason: str = ""
) -> BoardMember:
    """Record that a member left; the board may then fall below five members."""
    require_perm(
        actor,
        "boards.manage_boards",
        member,
        message=_("You may not change the members of this board."),
    )
    member = BoardMember.objects.select_for_update().select_related("board").get(pk=member.pk)
    left_on = left_on or timezone.localdate()
    if member.left_on is not None:
        raise ValidationError(_("This member has already left the board."))
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    record_write(
        actor=actor,
        action="boards.member.remove",
        target=member,
        before={"left_on": None},
        after={"board": member.board_id, "left_on": _d(left_on)},
        reason=normalize_text(reason or ""),
        unit_id=member.board.commune_id,
    )
    return member


@transaction.atomic
def record_plan(
    *,
    actor: Any,
    board: Board,
    year: int,
    quarter: int,
    content: str,
    approved_on: date | None = None,
) -> BoardPlan:
    """The board's programme of work for a quarter."""
    require_perm(
        actor,
        "boards.record_activity",
        board,
        message=_("You may not record the work of this board."),
    )
    _require_active(board)
    errors: dict[str, str] = {}
    if not 1 <= quarter <= 4:
        errors["quarter"] = _("The quarter is 1, 2, 3 or 4.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("The year must be between 2000 and 2100.")
    content = normalize_text(content or "")
    if not content:
        errors["content"] = _("Describe the plan.")
    if approved_on is not None and approved_on < board.term_starts_on:
        errors["approved_on"] = _("The plan cannot be approved before the board's term starts.")
    if errors:
        raise ValidationError(errors)
    if BoardPlan.objects.filter(board=board, year=year, quarter=quarter).exists():
        raise ValidationError({"quarter": _("This board already has a plan for this quarter.")})
    try:
        with transaction.atomic():
            plan = BoardPlan.objects.create(
                board=board, year=year, quarter=quarter, content=content, approved_on=approved_on
            )
    except IntegrityError:
        raise ValidationError(
            {"quarter": _("This board already has a plan for this quarter.")}
        ) from None
    record_write(
        actor=actor,
        action="boards.plan.create",
        target=plan,
        after={"board": board.pk, "year": year, "quarter": quarter, "approved_on": _d(approved_on)},
        unit_id=board.commune_id,
    )
    return plan


def _read(upload: UploadedFile | bytes) -> tuple[bytes, str]:
    if isinstance(upload, bytes):
        return upload, ""
    upload.seek(0)
    return b"".join(upload.chunks()), upload.name or ""


def _store_photo(
    *, actor: Any, visit: SupervisionVisit, upload: UploadedFile | bytes, name: str = ""
) -> Attachment:
    data, upload_name = _read(upload)
    name = name or upload_name
    # Photos of the site and scanned minutes only: refuse other kinds of file.
    detected = detect(data, name)
    if detected.content_type not in PHOTO_TYPES:
        raise ValidationError(
            {"photo": _("Attach a photo (JPEG, PNG, WebP) or a PDF.")}, code="photo_type"
        )
    return store_attachment(actor=actor, owner=visit, upload=data, name=name)


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    board: Board,
    visited_on: date,
    subject: str,
    findings: str = "",
    participants: Iterable[BoardMember] = (),
    photos: Iterable[UploadedFile | bytes] = (),
    photo_names: Iterable[str] = (),
    today: date | None = None,
) -> SupervisionVisit:
    """One inspection or supervision on the spot, with the members who took part."""
    require_perm(
        actor,
        "boards.record_activity",
        board,
        message=_("You may not record the work of this board."),
    )
    errors: dict[str, str] = {}
    subject = normalize_text(subject or "")
    if not subject:
        errors["subject"] = _("Give the place or subject of the visit.")
    elif len(subject) > 300:
        errors["subject"] = _("The text is too long (at most 300 characters).")
    if visited_on < board.term_starts_on:
        errors["visited_on"] = _("The visit cannot precede the board's term.")
    elif board.dissolved_on is not None and visited_on >= board.dissolved_on:
        errors["visited_on"] = _("The board had been dissolved by then.")
    if errors:
        raise ValidationError(errors)
    _not_future(visited_on, "visited_on", today)
    people = list(participants)
    for member in people:
        if (
            member.board_id != board.pk
            or member.joined_on > visited_on
            or (member.left_on is not None and member.left_on <= visited_on)
        ):
            raise ValidationError(
                {
                    "participants": _("%(name)s was not a member of the board on that day.")
                    % {"name": member.full_name}
                }
            )
    visit = SupervisionVisit.objects.create(
        board=board,
        visited_on=visited_on,
        subject=subject,
        findings=normalize_text(findings or ""),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    visit.participants.set(people)
    names = list(photo_names)
    stored = [
        _store_photo(
            actor=actor, visit=visit, upload=upload, name=names[i] if i < len(names) else ""
        ).pk
        for i, upload in enumerate(photos)
    ]
    record_write(
        actor=actor,
        action="boards.visit.create",
        target=visit,
        after={
            "board": board.pk,
            "visited_on": _d(visited_on),
            "subject": subject,
            "participants": [m.pk for m in people],
            "photos": stored,
        },
        unit_id=board.commune_id,
    )
    return visit


@transaction.atomic
def add_visit_photo(
    *, actor: Any, visit: SupervisionVisit, upload: UploadedFile | bytes, name: str = ""
) -> Attachment:
    """Attach a photo of the site (or scanned minutes) to a visit."""
    require_perm(
        actor,
        "boards.record_activity",
        visit,
        message=_("You may not record the work of this board."),
    )
    attachment = _store_photo(actor=actor, visit=visit, upload=upload, name=name)
    record_write(
        actor=actor,
        action="boards.visit.add_photo",
        target=visit,
        after={"attachment_id": attachment.pk, "name": attachment.original_name},
        unit_id=visit.board.commune_id,
    )
    return attachment


def default_addressee(board: Board) -> Agency | None:
    """The commune's People's Committee, to which most recommendations go."""
    return Agency.objects.filter(
        unit_id=board.commune_id, kind=AgencyKind.PEOPLES_COMMITTEE, is_active=True
    ).first()


def _lock_recommendation(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update()
        .select_related("board", "addressed_to", "addressed_to__unit")
        .get(pk=recommendation.pk)
    )


@transaction.atomic
def send_recommendation(
    *,
    actor: Any,
    board: Board,
    content: str,
    sent_on: date,
    addressed_to: Agency | None = None,
    visit: SupervisionVisit | None = None,
    today: date | None = None,
) -> Recommendation:
    """The board's written recommendation; the answer is due by the rule
    ``inspection_board.reply`` (15 days, moved to the next working day)."""
    require_perm(
        actor,
        "boards.record_activity",
        board,
        message=_("You may not record the work of this board."),
    )
    addressed_to = addressed_to or default_addressee(board)
    errors: dict[str, str] = {}
    content = normalize_text(content or "")
    if not content:
        errors["content"] = _("Write the recommendation.")
    if addressed_to is None:
        raise ValidationError(
            {"addressed_to": _("Choose the body the recommendation is addressed to.")}
        )
    if not addressed_to.is_active or not board.commune.path.startswith(addressed_to.unit.path):
        # The competent bodies sit at the commune or above it.
        errors["addressed_to"] = _("Choose an agency of the commune or of a level above it.")
    if visit is not None and visit.board_id != board.pk:
        errors["visit"] = _("The visit must be one of this board's.")
    if sent_on < board.term_starts_on:
        errors["sent_on"] = _("The recommendation cannot precede the board's term.")
    elif board.dissolved_on is not None and sent_on >= board.dissolved_on:
        errors["sent_on"] = _("The board had been dissolved by then.")
    elif visit is not None and visit.board_id == board.pk and sent_on < visit.visited_on:
        errors["sent_on"] = _("The recommendation cannot precede the visit it follows.")
    if errors:
        raise ValidationError(errors)
    _not_future(sent_on, "sent_on", today)
    recommendation = Recommendation.objects.create(
        board=board,
        visit=visit,
        addressed_to=addressed_to,
        content=content,
        sent_on=sent_on,
        answer_due_on=explain_deadline(ANSWER_RULE, sent_on).due,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_write(
        actor=actor,
        action="boards.recommendation.send",
        target=recommendation,
        after={
            "board": board.pk,
            "addressed_to": addressed_to.code,
            "visit": getattr(visit, "pk", None),
            "sent_on": _d(sent_on),
            "answer_due_on": _d(recommendation.answer_due_on),
        },
        unit_id=board.commune_id,
    )
    # The body addressed learns of it at once: its 15 days have started.
    notify(
        recipients=holders_of(addressed_to, ANSWER_ROLES),
        topic="boards.recommendation",
        title=_("A recommendation from %(board)s") % {"board": board.name},
        body=_("Answer by %(due)s.") % {"due": recommendation.answer_due_on.strftime("%d/%m/%Y")},
        url=reverse("boards:recommendation", args=[recommendation.pk]),
    )
    return recommendation


@transaction.atomic
def answer_recommendation(
    *,
    actor: Any,
    recommendation: Recommendation,
    answer: str,
    answered_on: date,
    today: date | None = None,
) -> Recommendation:
    """The addressed body's written answer; a late answer is recorded as late."""
    recommendation = _lock_recommendation(recommendation)
    require_perm(
        actor,
        "boards.answer_recommendation",
        recommendation,
        message=_("Only the leader or a case handler of the body addressed may answer."),
    )
    if recommendation.status != RecommendationStatus.OPEN:
        raise ValidationError(_("This recommendation has already been answered."))
    errors: dict[str, str] = {}
    answer = normalize_text(answer or "")
    if not answer:
        errors["answer"] = _("Write the answer.")
    if answered_on < recommendation.sent_on:
        errors["answered_on"] = _("The answer cannot precede the recommendation.")
    if errors:
        raise ValidationError(errors)
    _not_future(answered_on, "answered_on", today)
    recommendation.status = RecommendationStatus.ANSWERED
    recommendation.answer = answer
    recommendation.answered_on = answered_on
    recommendation.answered_late = answered_on > recommendation.answer_due_on
    recommendation.save(update_fields=["status", "answer", "answered_on", "answered_late"])
    record_write(
        actor=actor,
        action="boards.recommendation.answer",
        target=recommendation,
        before={"status": RecommendationStatus.OPEN},
        after={
            "status": recommendation.status,
            "answered_on": _d(answered_on),
            "answer_due_on": _d(recommendation.answer_due_on),
            "late": recommendation.answered_late,
        },
        unit_id=recommendation.board.commune_id,
    )
    # The board's members with an account see the answer and can follow it up.
    notify(
        recipients=[
            m.user
            for m in recommendation.board.members.filter(left_on__isnull=True).select_related(
                "user"
            )
            if m.user is not None
        ],
        topic="boards.answer",
        title=_("The recommendation of %(board)s was answered")
        % {"board": recommendation.board.name},
        url=reverse("boards:recommendation", args=[recommendation.pk]),
    )
    return recommendation


@transaction.atomic
def record_follow_up(
    *,
    actor: Any,
    recommendation: Recommendation,
    note: str,
    on: date,
    today: date | None = None,
) -> Recommendation:
    """The board's note on how the recommendation was carried out."""
    recommendation = _lock_recommendation(recommendation)
    require_perm(
        actor,
        "boards.record_activity",
        recommendation,
        message=_("You may not record the work of this board."),
    )
    if recommendation.status == RecommendationStatus.CLOSED:
        raise ValidationError(_("This recommendation is closed."))
    note = normalize_text(note or "")
    if not note:
        raise ValidationError({"note": _("Write what the board found.")})
    if on < recommendation.sent_on:
        raise ValidationError({"on": _("The follow-up cannot precede the recommendation.")})
    _not_future(on, "on", today)
    line = f"{on.strftime('%d/%m/%Y')}: {note}"
    recommendation.follow_up = (
        f"{recommendation.follow_up}\n{line}" if recommendation.follow_up else line
    )
    recommendation.save(update_fields=["follow_up"])
    record_write(
        actor=actor,
        action="boards.recommendation.follow_up",
        target=recommendation,
        after={"on": _d(on), "note": note},
        unit_id=recommendation.board.commune_id,
    )
    return recommendation


@transaction.atomic
def close_recommendation(
    *, actor: Any, recommendation: Recommendation, closed_on: date | None = None
) -> Recommendation:
    """The board considers the answered recommendation settled."""
    recommendation = _lock_recommendation(recommendation)
    require_perm(
        actor,
        "boards.record_activity",
        recommendation,
        message=_("You may not record the work of this board."),
    )
    if recommendation.status != RecommendationStatus.ANSWERED:
        raise ValidationError(_("Only an answered recommendation can be closed."))
    closed_on = closed_on or timezone.localdate()
    answered_on = recommendation.answered_on
    if answered_on is not None and closed_on < answered_on:
        raise ValidationError({"closed_on": _("It cannot be closed before it was answered.")})
    recommendation.status = RecommendationStatus.CLOSED
    recommendation.closed_on = closed_on
    recommendation.save(update_fields=["status", "closed_on"])
    record_write(
        actor=actor,
        action="boards.recommendation.close",
        target=recommendation,
        before={"status": RecommendationStatus.ANSWERED},
        after={"status": recommendation.status, "closed_on": _d(closed_on)},
        unit_id=recommendation.board.commune_id,
    )
    return recommendation
