"""Every write of consultations: the draft, the phases, comments from the portal and
from meetings, moderation, grouping, decisions and the explanation report.

Each public function checks permission, validates, writes and records an audit entry
in one transaction (the portal's ``submit_comment`` has no staff actor: it checks the
phase and the sender's limits instead).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.selectors import holders_of
from danvan.audit.services import record_write
from danvan.consultations import drafts, selectors
from danvan.consultations.models import (
    TRANSITIONS,
    Channel,
    Comment,
    CommentGroup,
    Consultation,
    Decision,
    DraftSection,
    OfflineBatch,
    Phase,
    Position,
    Subject,
)
from danvan.consultations.rules import LEADER_ROLES
from danvan.core.dates import dmy as _d
from danvan.core.permissions import require_perm
from danvan.core.text import fold, normalize_text
from danvan.notifications.services import notify
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel

# Opening may be recorded a day late (the notice went up the evening before); more than
# that would shorten the period the people really had.
OPEN_TOLERANCE = timedelta(days=1)
MAX_COMMENT_LENGTH = 5000
MAX_NAME_LENGTH = 200
MAX_BATCH_ROWS = 500
# Portal limits: a person may comment on several articles, so more than petitions.
MAX_COMMENTS_PER_HOUR = 30  # per connection
MAX_COMMENTS_PER_ACCOUNT_HOUR = 30
MAX_COMMENTS_PER_ACCOUNT_DAY = 100
OFFLINE_CHANNELS = frozenset(Channel.values) - {Channel.PORTAL}
PERM = "consultations.manage_consultation"


class TooManyCommentsError(Exception):
    """The same connection or account sent more comments than the limits allow."""


def _snapshot(c: Consultation) -> dict[str, Any]:
    return {
        "subject": c.subject,
        "title": c.title,
        "draft_title": c.draft_title,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "channels": list(c.channels),
        "phase": c.phase,
        "audience_groups": c.audience_groups,
        "villages": sorted(v.pk for v in c.villages.all()) if c.pk else [],
    }


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update()
        .select_related("agency__unit", "unit")
        .get(pk=consultation.pk)
    )


def _move(consultation: Consultation, to: str) -> str:
    """Change the phase along the transition table; returns the phase left."""
    before = consultation.phase
    if to not in TRANSITIONS[before]:
        raise ValidationError(
            _("A consultation in phase “%(phase)s” cannot move to “%(to)s”.")
            % {"phase": Phase(before).label, "to": Phase(to).label}
        )
    consultation.phase = to
    return before


def minimum_end(opens_on: date) -> date:
    """The first day comments may close (the seeded rule ``consultation.min``)."""
    return selectors.minimum_end(opens_on)


# ---------------------------------------------------------------------------------------
# The consultation


def _clean_fields(
    *,
    agency: Agency,
    unit: AdministrativeUnit,
    subject: str,
    title: str,
    draft_title: str,
    summary: str,
    channels: Iterable[str],
    villages: Iterable[AdministrativeUnit],
    audience_groups: str,
    opens_on: date,
    closes_on: date,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if agency.kind != AgencyKind.PEOPLES_COMMITTEE or not agency.is_active:
        errors["agency"] = _("The people are consulted by the People's Committee.")
    if not unit.path.startswith(agency.unit.path) or not unit.is_active:
        errors["unit"] = _("The unit must be the authority's unit or a unit below it.")
    if subject not in Subject.values:
        errors["subject"] = _("Choose one of the subjects of Article 25.")
    title = normalize_text(title or "")
    if not title:
        errors["title"] = _("Enter the title of the consultation.")
    elif len(title) > 300:
        errors["title"] = _("The title is too long (at most 300 characters).")
    draft_title = normalize_text(draft_title or "")[:300]
    channel_list = list(dict.fromkeys(channels))
    if not channel_list:
        errors["channels"] = _("Choose at least one way of collecting comments.")
    elif any(c not in Channel.values for c in channel_list):
        errors["channels"] = _("Choose channels from the list.")
    village_list = list(villages)
    if any(v.level != UnitLevel.VILLAGE or not v.path.startswith(unit.path) for v in village_list):
        errors["villages"] = _("Choose villages of the unit consulted.")
    if closes_on < opens_on:
        errors["closes_on"] = _("Comments cannot close before they open.")
    if errors:
        raise ValidationError(errors)
    return {
        "agency": agency,
        "unit": unit,
        "subject": subject,
        "title": title,
        "draft_title": draft_title,
        # Paragraphs matter in a summary: normalise each line, keep the line breaks.
        "summary": "\n".join(normalize_text(line) for line in (summary or "").splitlines()).strip(),
        "channels": channel_list,
        "audience_groups": normalize_text(audience_groups or "")[:500],
        "opens_on": opens_on,
        "closes_on": closes_on,
        "villages": village_list,
    }


@transaction.atomic
def create_consultation(
    *,
    actor: Any,
    agency: Agency,
    subject: str,
    title: str,
    opens_on: date,
    closes_on: date,
    channels: Iterable[str],
    draft_title: str = "",
    summary: str = "",
    unit: AdministrativeUnit | None = None,
    villages: Iterable[AdministrativeUnit] = (),
    audience_groups: str = "",
) -> Consultation:
    require_perm(
        actor, PERM, agency, message=_("You may not run consultations for this authority.")
    )
    values = _clean_fields(
        agency=agency,
        unit=unit or agency.unit,
        subject=subject,
        title=title,
        draft_title=draft_title,
        summary=summary,
        channels=channels,
        villages=villages,
        audience_groups=audience_groups,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    village_list = values.pop("villages")
    consultation = Consultation.objects.create(
        **values, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    consultation.villages.set(village_list)
    record_write(
        actor=actor,
        action="consultations.consultation.create",
        target=consultation,
        after=_snapshot(consultation),
        unit_id=consultation.unit_id,
    )
    return consultation


@transaction.atomic
def update_consultation(
    *,
    actor: Any,
    consultation: Consultation,
    subject: str,
    title: str,
    opens_on: date,
    closes_on: date,
    channels: Iterable[str],
    draft_title: str = "",
    summary: str = "",
    unit: AdministrativeUnit | None = None,
    villages: Iterable[AdministrativeUnit] = (),
    audience_groups: str = "",
) -> Consultation:
    require_perm(actor, PERM, consultation, message=_("You may not change this consultation."))
    consultation = _locked(consultation)
    if consultation.phase != Phase.PREPARATION:
        raise ValidationError(_("Only a consultation in preparation can be changed."))
    before = _snapshot(consultation)
    values = _clean_fields(
        agency=consultation.agency,
        unit=unit or consultation.unit,
        subject=subject,
        title=title,
        draft_title=draft_title,
        summary=summary,
        channels=channels,
        villages=villages,
        audience_groups=audience_groups,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    village_list = values.pop("villages")
    for name, value in values.items():
        setattr(consultation, name, value)
    consultation.save()
    consultation.villages.set(village_list)
    record_write(
        actor=actor,
        action="consultations.consultation.update",
        target=consultation,
        before=before,
        after=_snapshot(consultation),
        unit_id=consultation.unit_id,
    )
    return consultation


def _read_upload(upload: UploadedFile | bytes, name: str) -> tuple[bytes, str]:
    if isinstance(upload, bytes):
        return upload, name
    if upload.size is not None and upload.size > drafts_max_size():
        raise ValidationError(_("The file is too large (at most 20 MB)."))
    upload.seek(0)
    return b"".join(upload.chunks()), name or upload.name or ""


def drafts_max_size() -> int:
    from danvan.documents.services import MAX_ATTACHMENT_SIZE

    return MAX_ATTACHMENT_SIZE


@transaction.atomic
def import_draft(
    *,
    actor: Any,
    consultation: Consultation,
    text: str | None = None,
    upload: UploadedFile | bytes | None = None,
    name: str = "",
) -> list[DraftSection]:
    """Replace the draft's parts with those read from ``text`` or from a file (.txt,
    .docx, .pdf; ``name`` is needed with raw bytes). Only in preparation."""
    require_perm(
        actor, PERM, consultation, message=_("You may not change the draft of this consultation.")
    )
    consultation = _locked(consultation)
    if consultation.phase != Phase.PREPARATION:
        raise ValidationError(_("The draft can only be replaced while in preparation."))
    source = "text"
    if upload is not None:
        data, name = _read_upload(upload, name)
        try:
            text = drafts.extract_text(data, name)
        except ValidationError as exc:
            raise ValidationError({"upload": exc.messages}) from None
        source = name
    if not text or not text.strip():
        field = "upload" if upload is not None else "text"
        raise ValidationError({field: _("The draft is empty.")})
    parsed = drafts.parse_draft(text)
    before = consultation.sections.count()
    consultation.sections.all().delete()
    created: list[DraftSection] = []
    for order, part in enumerate(parsed, start=1):
        created.append(
            DraftSection.objects.create(
                consultation=consultation,
                parent=created[part.parent] if part.parent is not None else None,
                kind=part.kind,
                label=part.label,
                heading=part.heading,
                text=part.text,
                depth=part.depth,
                order=order,
            )
        )
    record_write(
        actor=actor,
        action="consultations.draft.import",
        target=consultation,
        before={"sections": before},
        after={"sections": len(created), "source": source[:200]},
        unit_id=consultation.unit_id,
    )
    return created


@transaction.atomic
def open_consultation(
    *, actor: Any, consultation: Consultation, today: date | None = None
) -> Consultation:
    require_perm(actor, PERM, consultation, message=_("You may not open this consultation."))
    consultation = _locked(consultation)
    today = today or timezone.localdate()
    if not consultation.sections.exists():
        raise ValidationError(_("Import the draft before opening the consultation."))
    if consultation.opens_on < today - OPEN_TOLERANCE:
        raise ValidationError(
            {
                "opens_on": _(
                    "Comments cannot open on %(date)s, in the past: change the dates first."
                )
                % {"date": _d(consultation.opens_on)}
            }
        )
    earliest = minimum_end(consultation.opens_on)
    if consultation.closes_on < earliest:
        raise ValidationError(
            {
                "closes_on": _(
                    "The people must have at least the legal minimum time to comment "
                    "(Luật 10/2022/QH15, Art. 28): comments opening on %(opens)s may close "
                    "on %(earliest)s at the earliest."
                )
                % {"opens": _d(consultation.opens_on), "earliest": _d(earliest)}
            }
        )
    before = _move(consultation, Phase.OPEN)
    consultation.opened_at = timezone.now()
    consultation.save(update_fields=["phase", "opened_at", "updated_at"])
    record_write(
        actor=actor,
        action="consultations.consultation.open",
        target=consultation,
        before={"phase": before},
        after={"phase": consultation.phase, "closes_on": consultation.closes_on},
        unit_id=consultation.unit_id,
    )
    return consultation


@transaction.atomic
def close_comments(
    *, actor: Any, consultation: Consultation, today: date | None = None
) -> Consultation:
    """End the comment period (after its last day) and start the aggregation; the
    authority's leaders are told that comments await grouping and explanation."""
    require_perm(actor, PERM, consultation, message=_("You may not close this consultation."))
    consultation = _locked(consultation)
    today = today or timezone.localdate()
    if consultation.phase == Phase.OPEN and today <= consultation.closes_on:
        # Closing early would cut the period announced to the people.
        raise ValidationError(
            _("Comments are open until %(date)s; the period cannot be cut short.")
            % {"date": _d(consultation.closes_on)}
        )
    before = _move(consultation, Phase.AGGREGATION)
    consultation.comments_closed_at = timezone.now()
    consultation.save(update_fields=["phase", "comments_closed_at", "updated_at"])
    visible = selectors.visible_comments(consultation).count()
    record_write(
        actor=actor,
        action="consultations.consultation.close_comments",
        target=consultation,
        before={"phase": before},
        after={"phase": consultation.phase, "comments": visible},
        unit_id=consultation.unit_id,
    )
    notify(
        recipients=holders_of(consultation.agency, LEADER_ROLES),
        topic="consultations.aggregation",
        title=_("Comments await aggregation: %(title)s") % {"title": consultation.title},
        body=_(
            "The comment period ended on %(date)s with %(n)d comments. Group them, decide on "
            "each group and publish the explanation."
        )
        % {"date": _d(consultation.closes_on), "n": visible},
        url=reverse("consultations:aggregation", args=[consultation.pk]),
    )
    return consultation


@transaction.atomic
def close_consultation(*, actor: Any, consultation: Consultation) -> Consultation:
    """The last step, once the explanation is published."""
    require_perm(actor, PERM, consultation, message=_("You may not close this consultation."))
    consultation = _locked(consultation)
    before = _move(consultation, Phase.CLOSED)
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["phase", "closed_at", "updated_at"])
    record_write(
        actor=actor,
        action="consultations.consultation.close",
        target=consultation,
        before={"phase": before},
        after={"phase": consultation.phase},
        unit_id=consultation.unit_id,
    )
    return consultation


# ---------------------------------------------------------------------------------------
# Comments


def _check_accepting(consultation: Consultation, today: date) -> None:
    """Comments are taken in phase OPEN from the first to the last day, whatever the
    page showed when the form was opened."""
    if consultation.phase == Phase.PREPARATION or (
        consultation.phase == Phase.OPEN and today < consultation.opens_on
    ):
        raise ValidationError(_("Comments open on %(date)s.") % {"date": _d(consultation.opens_on)})
    if consultation.phase != Phase.OPEN or today > consultation.closes_on:
        raise ValidationError(
            _("Comments closed on %(date)s.") % {"date": _d(consultation.closes_on)}
        )


def _clean_comment(
    consultation: Consultation, section: DraftSection | None, position: str, text: str
) -> tuple[str, dict[str, str]]:
    errors: dict[str, str] = {}
    if section is not None and section.consultation_id != consultation.pk:
        errors["section"] = _("Choose a part of this draft.")
    if position not in Position.values:
        errors["position"] = _("Choose agree, disagree, proposal or other.")
    text = normalize_text(text or "")
    if not text:
        errors["text"] = _("Write your comment.")
    elif len(text) > MAX_COMMENT_LENGTH:
        errors["text"] = _("The comment is too long (at most %(n)d characters).") % {
            "n": MAX_COMMENT_LENGTH
        }
    return text, errors


def _mark_stale(consultation: Consultation) -> None:
    if consultation.aggregated_at is not None and not consultation.groups_stale:
        Consultation.objects.filter(pk=consultation.pk).update(groups_stale=True)
        consultation.groups_stale = True


def _over_limits(consultation: Consultation, digest: str, user: Any) -> bool:
    now = timezone.now()
    if digest and (
        Comment.objects.filter(sender_hash=digest, created_at__gte=now - timedelta(hours=1)).count()
        >= MAX_COMMENTS_PER_HOUR
    ):
        return True
    if getattr(user, "is_authenticated", False):
        mine = Comment.objects.filter(author_user=user, channel=Channel.PORTAL)
        if (
            mine.filter(created_at__gte=now - timedelta(hours=1)).count()
            >= MAX_COMMENTS_PER_ACCOUNT_HOUR
            or mine.filter(created_at__gte=now - timedelta(days=1)).count()
            >= MAX_COMMENTS_PER_ACCOUNT_DAY
        ):
            return True
    return False


def submit_comment(
    *,
    consultation: Consultation,
    section: DraftSection | None,
    position: str,
    text: str,
    key: uuid.UUID,
    author_name: str = "",
    village: AdministrativeUnit | None = None,
    user: Any = None,
    address: str | None = None,
    today: date | None = None,
) -> Comment:
    """A comment sent through the portal (anonymous or from a citizen account). The same
    ``key`` always gives back the comment created the first time."""
    from danvan.portal.services import sender_hash

    existing = Comment.objects.filter(key=key).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    consultation = Consultation.objects.select_related("unit").get(pk=consultation.pk)
    _check_accepting(consultation, today)
    if Channel.PORTAL not in consultation.channels:
        raise ValidationError(_("This consultation does not take comments on the portal."))
    text, errors = _clean_comment(consultation, section, position, text)
    author_name = normalize_text(author_name or "")
    if len(author_name) > MAX_NAME_LENGTH:
        errors["author_name"] = _("The name is too long.")
    if village is not None and (
        village.level != UnitLevel.VILLAGE or not village.path.startswith(consultation.unit.path)
    ):
        errors["village"] = _("Choose a village of the unit consulted.")
    if errors:
        raise ValidationError(errors)
    digest = sender_hash(address)
    if _over_limits(consultation, digest, user):
        raise TooManyCommentsError
    signed_in = getattr(user, "is_authenticated", False)
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                consultation=consultation,
                section=section,
                channel=Channel.PORTAL,
                position=position,
                text=text,
                text_folded=fold(text),
                people=1,
                author_name=author_name,
                author_user=user if signed_in else None,
                village=village,
                key=key,
                sender_hash=digest,
            )
            _mark_stale(consultation)
            # The portal is a channel of the system itself: no staff actor.
            record_write(
                actor=None,
                action="consultations.comment.submit",
                target=comment,
                after={"section": section.pk if section else None, "position": position},
                unit_id=consultation.unit_id,
            )
    except IntegrityError:
        # Another request with the same key won the race.
        return Comment.objects.get(key=key)
    return comment


@dataclass(frozen=True)
class OfflineRow:
    """One comment of a meeting (or ballot, box, hotline) as entered by an officer."""

    section: DraftSection | None
    position: str
    text: str
    people: int = 1


@transaction.atomic
def record_offline_batch(
    *,
    actor: Any,
    consultation: Consultation,
    channel: str,
    held_on: date,
    rows: Sequence[OfflineRow],
    village: AdministrativeUnit | None = None,
    place: str = "",
    attendees: int | None = None,
    note: str = "",
    today: date | None = None,
) -> OfflineBatch:
    """Enter the comments of one meeting in one go: every row is checked first; if any
    is wrong nothing is saved and each problem is reported with its row number."""
    require_perm(
        actor,
        PERM,
        consultation,
        message=_("You may not enter comments for this consultation."),
    )
    consultation = _locked(consultation)
    today = today or timezone.localdate()
    if consultation.phase not in (Phase.OPEN, Phase.AGGREGATION):
        raise ValidationError(
            _("Comments from meetings are entered while the consultation is open or aggregated.")
        )
    errors: dict[str, Any] = {}
    if channel not in OFFLINE_CHANNELS:
        errors["channel"] = _("Choose a meeting, ballots, a suggestion box or the hotline.")
    if held_on < consultation.opens_on or held_on > min(consultation.closes_on, today):
        errors["held_on"] = _(
            "The date must fall within the comment period (%(opens)s – %(closes)s) and not "
            "in the future."
        ) % {"opens": _d(consultation.opens_on), "closes": _d(consultation.closes_on)}
    if village is not None and (
        village.level != UnitLevel.VILLAGE or not village.path.startswith(consultation.unit.path)
    ):
        errors["village"] = _("Choose a village of the unit consulted.")
    if attendees is not None and attendees < 0:
        errors["attendees"] = _("The number of attendees cannot be negative.")
    row_errors: list[str] = []
    cleaned: list[tuple[OfflineRow, str]] = []
    for number, row in enumerate(rows, start=1):
        text, problems = _clean_comment(consultation, row.section, row.position, row.text)
        if row.people < 1:
            problems["people"] = _("at least one person")
        for message in problems.values():
            row_errors.append(_("Row %(n)d: %(error)s") % {"n": number, "error": message})
        cleaned.append((row, text))
    if not rows:
        row_errors.append(_("Enter at least one comment."))
    elif len(rows) > MAX_BATCH_ROWS:
        row_errors.append(_("Too many rows (at most %(n)d).") % {"n": MAX_BATCH_ROWS})
    if attendees is not None and rows and sum(r.people for r in rows) > max(attendees, 0) > 0:
        errors["attendees"] = _("More people gave comments than attended.")
    if row_errors:
        errors["rows"] = row_errors
    if errors:
        raise ValidationError(errors)
    batch = OfflineBatch.objects.create(
        consultation=consultation,
        channel=channel,
        held_on=held_on,
        village=village,
        place=normalize_text(place or "")[:300],
        attendees=attendees,
        note=(note or "").strip(),
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    Comment.objects.bulk_create(
        [
            Comment(
                consultation=consultation,
                section=row.section,
                channel=channel,
                position=row.position,
                text=text,
                text_folded=fold(text),
                people=row.people,
                village=village,
                batch=batch,
            )
            for row, text in cleaned
        ]
    )
    _mark_stale(consultation)
    record_write(
        actor=actor,
        action="consultations.batch.create",
        target=batch,
        after={
            "channel": channel,
            "held_on": held_on,
            "village": village.pk if village else None,
            "comments": len(cleaned),
            "people": sum(row.people for row, _text in cleaned),
        },
        unit_id=consultation.unit_id,
    )
    return batch


def _moderation_phase(consultation: Consultation) -> None:
    if consultation.phase not in (Phase.OPEN, Phase.AGGREGATION):
        # After the report, hiding would make it disagree with the counts shown.
        raise ValidationError(
            _("Comments can be hidden or shown again only before the explanation is published.")
        )


@transaction.atomic
def hide_comment(*, actor: Any, comment: Comment, reason: str) -> Comment:
    """Hide a comment (abuse, personal data, off topic): the text stays as written."""
    require_perm(actor, PERM, comment, message=_("You may not moderate these comments."))
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    _moderation_phase(comment.consultation)
    reason = normalize_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding the comment.")})
    if comment.hidden:
        raise ValidationError(_("This comment is already hidden."))
    comment.hidden = True
    comment.hidden_reason = reason[:500]
    comment.hidden_by = actor if getattr(actor, "is_authenticated", False) else None
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    _mark_stale(comment.consultation)
    record_write(
        actor=actor,
        action="consultations.comment.hide",
        target=comment,
        before={"hidden": False},
        after={"hidden": True},
        reason=comment.hidden_reason,
        unit_id=comment.consultation.unit_id,
    )
    return comment


@transaction.atomic
def unhide_comment(*, actor: Any, comment: Comment) -> Comment:
    require_perm(actor, PERM, comment, message=_("You may not moderate these comments."))
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    _moderation_phase(comment.consultation)
    if not comment.hidden:
        raise ValidationError(_("This comment is not hidden."))
    before = {"hidden": True, "reason": comment.hidden_reason}
    comment.hidden = False
    comment.hidden_reason = ""
    comment.hidden_by = None
    comment.hidden_at = None
    comment.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    _mark_stale(comment.consultation)
    record_write(
        actor=actor,
        action="consultations.comment.unhide",
        target=comment,
        before=before,
        after={"hidden": False},
        unit_id=comment.consultation.unit_id,
    )
    return comment


# ---------------------------------------------------------------------------------------
# Aggregation and decisions


@transaction.atomic
def aggregate(
    *, actor: Any, consultation: Consultation, similarity: float | None = None
) -> list[CommentGroup]:
    """Group the visible comments again. Decisions already made are kept: each old
    decision goes to the new group holding the old group's representative comment (when
    several land in one group, the one of the largest old group wins)."""
    from danvan.consultations.grouping import DEFAULT_SIMILARITY, CommentInput, group_comments

    require_perm(actor, PERM, consultation, message=_("You may not aggregate these comments."))
    consultation = _locked(consultation)
    if consultation.phase != Phase.AGGREGATION:
        raise ValidationError(_("Comments are grouped after the comment period is closed."))
    comments = list(
        selectors.visible_comments(consultation).values_list(
            "pk", "section_id", "position", "text", "people"
        )
    )
    groups = group_comments(
        [
            CommentInput(pk, section, position, text, people)
            for pk, section, position, text, people in comments
        ],
        similarity=DEFAULT_SIMILARITY if similarity is None else similarity,
    )
    old = list(
        consultation.groups.exclude(decision="")
        .exclude(representative=None)
        .order_by("-people", "pk")
        .values("representative_id", "decision", "explanation", "decided_by_id", "decided_at")
    )
    kept: dict[int, dict[str, Any]] = {}
    for row in old:
        kept.setdefault(row["representative_id"], dict(row))
    # Old groups come largest first: a lower rank is a larger old group.
    rank = {rep: i for i, rep in enumerate(kept)}
    Comment.objects.filter(consultation=consultation).update(group=None)
    consultation.groups.all().delete()
    order = {s: i for i, s in enumerate(consultation.sections.values_list("pk", flat=True))}
    groups.sort(
        key=lambda g: (-1 if g.section_id is None else order.get(g.section_id, 0), -g.people)
    )
    created: list[CommentGroup] = []
    carried = 0
    for index, group in enumerate(groups):
        candidates = [cid for cid in group.comment_ids if cid in kept]
        previous = kept[min(candidates, key=rank.__getitem__)] if candidates else None
        saved = CommentGroup.objects.create(
            consultation=consultation,
            section_id=group.section_id,
            representative_id=group.representative_id,
            comments=len(group.comment_ids),
            people=group.people,
            positions=dict(group.positions),
            keywords=list(group.keywords),
            decision=previous["decision"] if previous else "",
            explanation=previous["explanation"] if previous else "",
            decided_by_id=previous["decided_by_id"] if previous else None,
            decided_at=previous["decided_at"] if previous else None,
            order=index,
        )
        if previous is not None:
            carried += 1
            # One old decision goes to one new group only.
            kept.pop(previous["representative_id"], None)
        Comment.objects.filter(pk__in=group.comment_ids).update(group=saved)
        created.append(saved)
    consultation.aggregated_at = timezone.now()
    consultation.groups_stale = False
    consultation.save(update_fields=["aggregated_at", "groups_stale", "updated_at"])
    record_write(
        actor=actor,
        action="consultations.consultation.aggregate",
        target=consultation,
        after={"comments": len(comments), "groups": len(created), "decisions_kept": carried},
        unit_id=consultation.unit_id,
    )
    return created


@transaction.atomic
def decide_group(
    *, actor: Any, group: CommentGroup, decision: str, explanation: str = ""
) -> CommentGroup:
    """Accept, partly accept or not accept a group of comments; the two last need the
    reasons, which the explanation report gives to the people."""
    require_perm(actor, PERM, group, message=_("You may not decide on these comments."))
    group = CommentGroup.objects.select_for_update().select_related("consultation").get(pk=group.pk)
    if group.consultation.phase != Phase.AGGREGATION:
        raise ValidationError(_("Decisions are made while the comments are being aggregated."))
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = _("Choose accepted, partly accepted or not accepted.")
    explanation = "\n".join(
        normalize_text(line) for line in (explanation or "").splitlines()
    ).strip()
    if decision in (Decision.PARTLY_ACCEPTED, Decision.NOT_ACCEPTED) and not explanation:
        errors["explanation"] = _("Explain why the comments are not fully accepted.")
    if len(explanation) > MAX_COMMENT_LENGTH:
        errors["explanation"] = _("The explanation is too long.")
    if errors:
        raise ValidationError(errors)
    before = {"decision": group.decision, "explanation": group.explanation}
    group.decision = decision
    group.explanation = explanation
    group.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    group.decided_at = timezone.now()
    group.save(update_fields=["decision", "explanation", "decided_by", "decided_at"])
    record_write(
        actor=actor,
        action="consultations.group.decide",
        target=group,
        before=before,
        after={"decision": decision, "explanation": explanation},
        unit_id=group.consultation.unit_id,
    )
    return group


@transaction.atomic
def publish_explanation(
    *,
    actor: Any,
    consultation: Consultation,
    signer_name: str,
    signer_title: str = "",
    number: str = "",
    today: date | None = None,
) -> Consultation:
    """Render the explanation report (PDF and DOCX), store both, publish on the portal."""
    from danvan.consultations import report
    from danvan.documents.services import store_attachment

    require_perm(actor, PERM, consultation, message=_("You may not publish this explanation."))
    consultation = _locked(consultation)
    today = today or timezone.localdate()
    if consultation.phase != Phase.AGGREGATION:
        raise ValidationError(_("The explanation is published after the aggregation."))
    errors: dict[str, str] = {}
    if consultation.aggregated_at is None:
        errors["__all__"] = _("Group the comments first.")
    elif consultation.groups_stale:
        errors["__all__"] = _(
            "Comments changed since they were grouped: group them again before publishing."
        )
    elif consultation.groups.filter(decision="").exists():
        errors["__all__"] = _("Decide on every group of comments before publishing.")
    signer_name = normalize_text(signer_name or "")
    if not signer_name:
        errors["signer_name"] = _("Enter the name of the signer.")
    if errors:
        raise ValidationError(errors)
    consultation.signer_name = signer_name[:200]
    consultation.signer_title = normalize_text(signer_title or "")[:100] or "CHỦ TỊCH"
    consultation.report_number = normalize_text(number or "")[:60]
    built = selectors.build_report(consultation, issued_on=today)
    stem = f"bao-cao-giai-trinh-{consultation.pk}"
    pdf = store_attachment(
        actor=actor,
        owner=consultation,
        upload=report.render_explanation_pdf(built),
        name=f"{stem}.pdf",
    )
    docx = store_attachment(
        actor=actor,
        owner=consultation,
        upload=report.render_explanation_docx(built),
        name=f"{stem}.docx",
    )
    before = _move(consultation, Phase.EXPLAINED)
    consultation.explanation_pdf = pdf
    consultation.explanation_docx = docx
    consultation.published_on = today
    consultation.save()
    record_write(
        actor=actor,
        action="consultations.consultation.publish",
        target=consultation,
        before={"phase": before},
        after={
            "phase": consultation.phase,
            "published_on": today,
            "pdf": pdf.pk,
            "docx": docx.pk,
            "signer_name": consultation.signer_name,
        },
        unit_id=consultation.unit_id,
    )
    return consultation
