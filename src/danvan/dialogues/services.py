"""Every write of meetings with the people: scheduling, holding or cancelling a meeting,
the questions raised and answered, the commitments made and kept (Luật 10/2022/QH15).

Each function takes its dates explicitly so that records can be entered after the fact.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.dates import dmy as _d
from danvan.core.dates import reject_future
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_lines, normalize_text
from danvan.dialogues.models import (
    Commitment,
    CommitmentStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Question,
)
from danvan.units.models import AdministrativeUnit, Agency, UnitLevel

# A year-end village meeting is announced at least 5 days ahead (calendar days).
NOTICE_DAYS = 5
PERM = "dialogues.manage_meetings"


def _clean(value: str | None) -> str:
    return normalize_text(value or "")


def meeting_day(meeting: Meeting) -> date:
    """The local calendar day the meeting was scheduled for."""
    return timezone.localdate(meeting.scheduled_at)


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("commune").get(pk=meeting.pk)


def _check_village(
    village: AdministrativeUnit | None, commune: AdministrativeUnit, field: str = "village"
) -> None:
    if village is None:
        return
    if village.level != UnitLevel.VILLAGE or village.parent_id != commune.pk:
        raise ValidationError({field: _("Choose a village of this commune.")})
    if not village.is_active:
        raise ValidationError({field: _("This village is no longer in force.")})


def _meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    return {
        "kind": meeting.kind,
        "status": meeting.status,
        "title": meeting.title,
        "scheduled_at": meeting.scheduled_at,
        "noticed_on": meeting.noticed_on,
        "held_on": meeting.held_on,
        "attendance": meeting.attendance,
        "households_represented": meeting.households_represented,
    }


@transaction.atomic
def schedule_meeting(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    kind: str,
    title: str,
    scheduled_at: datetime,
    place: str,
    noticed_on: date,
    agenda: str = "",
    village: AdministrativeUnit | None = None,
) -> Meeting:
    """Plan a dialogue or year-end village meeting and record when the people were told."""
    require_perm(actor, PERM, commune, message=_("You may not schedule meetings for this commune."))
    if commune.level != UnitLevel.COMMUNE or not commune.is_active:
        raise ValidationError({"commune": _("Choose a commune in force.")})
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    elif kind == MeetingKind.YEAR_END_VILLAGE and village is None:
        errors["village"] = _("A year-end village meeting is held in one village.")
    title = _clean(title)
    if not title:
        errors["title"] = _("Give a title.")
    place = _clean(place)
    if not place:
        errors["place"] = _("Give the place of the meeting.")
    scheduled_at = _aware(scheduled_at)
    day = timezone.localdate(scheduled_at)
    if noticed_on > day:
        errors["noticed_on"] = _("The notice cannot be given after the meeting.")
    elif kind == MeetingKind.YEAR_END_VILLAGE and (day - noticed_on).days < NOTICE_DAYS:
        errors["noticed_on"] = _(
            "A year-end village meeting must be announced at least %(days)d days ahead: "
            "notice given on %(noticed)s, meeting on %(day)s."
        ) % {"days": NOTICE_DAYS, "noticed": _d(noticed_on), "day": _d(day)}
    if errors:
        raise ValidationError(errors)
    _check_village(village, commune)
    meeting = Meeting.objects.create(
        kind=kind,
        commune=commune,
        village=village,
        title=title[:300],
        scheduled_at=scheduled_at,
        place=place[:300],
        noticed_on=noticed_on,
        agenda=normalize_lines(agenda),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_write(
        actor=actor,
        action="dialogues.meeting.schedule",
        target=meeting,
        after=_meeting_snapshot(meeting) | {"village": village.code if village else None},
        unit_id=commune.pk,
    )
    return meeting


def _require_status(meeting: Meeting, *allowed: str) -> None:
    if meeting.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the meeting is %(status)s.")
            % {"status": meeting.get_status_display().lower()}
        )


@transaction.atomic
def record_held(
    *,
    actor: Any,
    meeting: Meeting,
    held_on: date,
    attendance: int,
    households_represented: int | None = None,
    chaired_by: str = "",
    minutes: str = "",
    today: date | None = None,
) -> Meeting:
    """Record that a planned meeting took place, who came and what was said."""
    require_perm(actor, PERM, meeting, message=_("You may not record meetings of this commune."))
    today = today or timezone.localdate()
    meeting = _lock_meeting(meeting)
    _require_status(meeting, MeetingStatus.PLANNED)
    before = _meeting_snapshot(meeting)
    errors: dict[str, str] = {}
    if held_on < meeting_day(meeting):
        errors["held_on"] = _("The meeting cannot be held before its scheduled day (%(day)s).") % {
            "day": _d(meeting_day(meeting))
        }
    elif held_on > today:
        errors["held_on"] = _("The date %(date)s is in the future.") % {"date": _d(held_on)}
    if attendance is None or attendance < 0:
        errors["attendance"] = _("Give the number of people present (zero or more).")
    if households_represented is not None:
        if households_represented < 0:
            errors["households_represented"] = _("The number must not be negative.")
        elif attendance is not None and households_represented > attendance:
            # Each household is represented by someone present.
            errors["households_represented"] = _("More households represented than people present.")
    if errors:
        raise ValidationError(errors)
    meeting.status = MeetingStatus.HELD
    meeting.held_on = held_on
    meeting.attendance = attendance
    meeting.households_represented = households_represented
    meeting.chaired_by = _clean(chaired_by)[:200]
    meeting.minutes = normalize_lines(minutes)
    meeting.save()
    record_write(
        actor=actor,
        action="dialogues.meeting.hold",
        target=meeting,
        before=before,
        after=_meeting_snapshot(meeting) | {"chaired_by": meeting.chaired_by},
        unit_id=meeting.commune_id,
    )
    return meeting


@transaction.atomic
def cancel_meeting(
    *, actor: Any, meeting: Meeting, reason: str, cancelled_on: date | None = None
) -> Meeting:
    """Call off a planned meeting; the reason is kept."""
    require_perm(actor, PERM, meeting, message=_("You may not cancel meetings of this commune."))
    meeting = _lock_meeting(meeting)
    _require_status(meeting, MeetingStatus.PLANNED)
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    before = _meeting_snapshot(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_on = cancelled_on or timezone.localdate()
    meeting.cancel_reason = reason
    meeting.save(update_fields=["status", "cancelled_on", "cancel_reason"])
    record_write(
        actor=actor,
        action="dialogues.meeting.cancel",
        target=meeting,
        before=before,
        after={"status": meeting.status, "cancelled_on": meeting.cancelled_on},
        reason=reason,
        unit_id=meeting.commune_id,
    )
    return meeting


@transaction.atomic
def add_question(
    *,
    actor: Any,
    meeting: Meeting,
    content: str,
    asked_by: str = "",
    village: AdministrativeUnit | None = None,
) -> Question:
    """Record a question or proposal, raised at the meeting or sent in before it."""
    require_perm(actor, PERM, meeting, message=_("You may not record meetings of this commune."))
    meeting = _lock_meeting(meeting)
    _require_status(meeting, MeetingStatus.PLANNED, MeetingStatus.HELD)
    content = _clean(content)
    if not content:
        raise ValidationError({"content": _("Write the question or proposal.")})
    village = village or meeting.village
    _check_village(village, meeting.commune)
    question = Question.objects.create(
        meeting=meeting, asked_by=_clean(asked_by)[:200], village=village, content=content
    )
    record_write(
        actor=actor,
        action="dialogues.question.add",
        target=question,
        after={"meeting": meeting.pk, "village": village.code if village else None},
        unit_id=meeting.commune_id,
    )
    return question


@transaction.atomic
def answer_question(
    *,
    actor: Any,
    question: Question,
    answer: str,
    answered_by: str,
    answered_on: date,
    today: date | None = None,
) -> Question:
    """Record the answer given at the meeting or afterwards in writing."""
    require_perm(actor, PERM, question, message=_("You may not record meetings of this commune."))
    today = today or timezone.localdate()
    question = Question.objects.select_for_update().select_related("meeting").get(pk=question.pk)
    meeting = question.meeting
    _require_status(meeting, MeetingStatus.PLANNED, MeetingStatus.HELD)
    errors: dict[str, str] = {}
    answer = normalize_lines(answer)
    if not answer:
        errors["answer"] = _("Write the answer.")
    answered_by = _clean(answered_by)
    if not answered_by:
        errors["answered_by"] = _("Say who answered.")
    if answered_on < meeting_day(meeting):
        errors["answered_on"] = _("The answer cannot precede the meeting (%(day)s).") % {
            "day": _d(meeting_day(meeting))
        }
    elif answered_on > today:
        errors["answered_on"] = _("The date %(date)s is in the future.") % {"date": _d(answered_on)}
    if errors:
        raise ValidationError(errors)
    before = {"answer": question.answer, "answered_on": question.answered_on}
    question.answer = answer
    question.answered_by = answered_by[:200]
    question.answered_on = answered_on
    question.save(update_fields=["answer", "answered_by", "answered_on"])
    record_write(
        actor=actor,
        action="dialogues.question.answer",
        target=question,
        before=before,
        after={"answered_by": question.answered_by, "answered_on": answered_on},
        unit_id=meeting.commune_id,
    )
    return question


def _agency_serves(agency: Agency, commune: AdministrativeUnit) -> bool:
    """The agency is the commune's own, of one of its villages, or of a level above."""
    unit_path = agency.unit.path
    return commune.path.startswith(unit_path) or unit_path.startswith(commune.path)


@transaction.atomic
def add_commitment(
    *,
    actor: Any,
    meeting: Meeting,
    content: str,
    owner: str,
    due_on: date,
    question: Question | None = None,
    agency: Agency | None = None,
) -> Commitment:
    """Record a promise made at a held meeting, who answers for it and by when."""
    require_perm(actor, PERM, meeting, message=_("You may not record meetings of this commune."))
    meeting = _lock_meeting(meeting)
    _require_status(meeting, MeetingStatus.HELD)
    errors: dict[str, str] = {}
    content = _clean(content)
    if not content:
        errors["content"] = _("Write what was promised.")
    owner = _clean(owner)
    if not owner and agency is not None:
        owner = agency.name
    if not owner:
        errors["owner"] = _("Say which official or agency is responsible.")
    start = meeting.held_on or meeting_day(meeting)
    if due_on < start:
        errors["due_on"] = _("The due date cannot precede the meeting (%(day)s).") % {
            "day": _d(start)
        }
    if question is not None and question.meeting_id != meeting.pk:
        errors["question"] = _("Choose a question raised at this meeting.")
    if agency is not None and not _agency_serves(agency, meeting.commune):
        errors["agency"] = _("Choose an agency of this commune or of a level above it.")
    if errors:
        raise ValidationError(errors)
    commitment = Commitment.objects.create(
        meeting=meeting,
        question=question,
        content=content,
        owner=owner[:200],
        agency=agency,
        due_on=due_on,
    )
    record_write(
        actor=actor,
        action="dialogues.commitment.add",
        target=commitment,
        after={
            "meeting": meeting.pk,
            "owner": commitment.owner,
            "agency": agency.pk if agency else None,
            "due_on": due_on,
        },
        unit_id=meeting.commune_id,
    )
    return commitment


def _lock_commitment(commitment: Commitment) -> Commitment:
    locked = Commitment.objects.select_for_update().select_related("meeting").get(pk=commitment.pk)
    if locked.status != CommitmentStatus.OPEN:
        raise ValidationError(
            _("This commitment is already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def complete_commitment(
    *,
    actor: Any,
    commitment: Commitment,
    done_on: date,
    result_note: str = "",
    today: date | None = None,
) -> Commitment:
    """Record that a commitment was kept; keeping it after the due date is recorded late."""
    require_perm(actor, PERM, commitment, message=_("You may not record meetings of this commune."))
    today = today or timezone.localdate()
    commitment = _lock_commitment(commitment)
    start = commitment.meeting.held_on or meeting_day(commitment.meeting)
    if done_on < start:
        raise ValidationError(
            {"done_on": _("It cannot be done before the meeting (%(day)s).") % {"day": _d(start)}}
        )
    reject_future(done_on, "done_on", today)
    commitment.status = CommitmentStatus.DONE
    commitment.done_on = done_on
    commitment.result_note = normalize_lines(result_note)
    commitment.save(update_fields=["status", "done_on", "result_note"])
    record_write(
        actor=actor,
        action="dialogues.commitment.complete",
        target=commitment,
        before={"status": CommitmentStatus.OPEN},
        after={"status": commitment.status, "done_on": done_on, "late": commitment.done_late},
        unit_id=commitment.meeting.commune_id,
    )
    return commitment


@transaction.atomic
def drop_commitment(
    *, actor: Any, commitment: Commitment, reason: str, dropped_on: date | None = None
) -> Commitment:
    """Give up a commitment, saying why (it is reported, not hidden)."""
    require_perm(actor, PERM, commitment, message=_("You may not record meetings of this commune."))
    commitment = _lock_commitment(commitment)
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for dropping the commitment.")})
    commitment.status = CommitmentStatus.DROPPED
    commitment.dropped_on = dropped_on or timezone.localdate()
    commitment.drop_reason = reason
    commitment.save(update_fields=["status", "dropped_on", "drop_reason"])
    record_write(
        actor=actor,
        action="dialogues.commitment.drop",
        target=commitment,
        before={"status": CommitmentStatus.OPEN},
        after={"status": commitment.status, "dropped_on": commitment.dropped_on},
        reason=reason,
        unit_id=commitment.meeting.commune_id,
    )
    return commitment


def at(day: date, hour: int = 8) -> datetime:
    """A local date and hour as an aware datetime (for forms and demo data)."""
    return timezone.make_aware(datetime.combine(day, time(hour)))
