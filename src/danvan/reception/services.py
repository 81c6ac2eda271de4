"""Writes for citizen reception: sessions, visits (with the petitions they bring in),
refusals, and leaders' schedules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.validators import normalize_phone
from danvan.audit.services import record_write
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_text
from danvan.petitions.models import Channel, Petition, PetitionKind
from danvan.petitions.services import PetitionDraft, receive_petitions
from danvan.reception.models import (
    Frequency,
    Handling,
    LeaderSchedule,
    ReceptionSession,
    RefusalGround,
    SessionKind,
    Visit,
)
from danvan.units.models import Agency

GROUP_SIZE = 5  # "đông người": five people or more


def _check(actor: Any, agency: Agency) -> None:
    require_perm(
        actor,
        "reception.run_reception",
        agency,
        message=_("You may not record citizen reception for this agency."),
    )


@transaction.atomic
def open_session(
    *,
    actor: Any,
    agency: Agency,
    kind: str,
    held_on: date | None = None,
    location: str = "",
    chaired_by: Any = None,
    delegated: bool = False,
    notes: str = "",
) -> ReceptionSession:
    _check(actor, agency)
    if kind not in SessionKind.values:
        raise ValidationError({"kind": _("Choose the kind of reception.")})
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session cannot be recorded before it is held.")})
    if kind == SessionKind.LEADER_PERIODIC and chaired_by is None:
        raise ValidationError({"chaired_by": _("Say which leader received citizens.")})
    session = ReceptionSession.objects.create(
        agency=agency,
        kind=kind,
        held_on=held_on,
        location=normalize_text(location),
        chaired_by=chaired_by,
        delegated=delegated,
        notes=normalize_text(notes),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_write(
        actor=actor,
        action="reception.session.open",
        target=session,
        after={"agency": agency.code, "kind": kind, "held_on": held_on, "delegated": delegated},
        unit_id=agency.unit_id,
    )
    return session


@dataclass
class VisitInput:
    full_name: str
    content: str
    handling: str
    address: str = ""
    phone: str = ""
    identity_document: str = ""
    people_count: int = 1
    representatives: list[str] = field(default_factory=list)
    documents_provided: str = ""
    is_repeat: bool = False
    refusal_ground: str = ""
    result_notes: str = ""
    visited_at: datetime | None = None


def max_representatives(people: int) -> int:
    """Luật Tiếp công dân Art. 29: 5–10 people choose 1–2 representatives, more than
    10 up to 5; fewer than 5 people need none."""
    if people < GROUP_SIZE:
        return 0
    return 2 if people <= 10 else 5


def _clean_visit(data: VisitInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = normalize_text(data.full_name)
    if not name:
        errors["full_name"] = [_("Enter the visitor's full name.")]
    content = normalize_text(data.content)
    if not content:
        errors["content"] = [_("Enter what the citizen raised.")]
    if data.handling not in Handling.values:
        errors["handling"] = [_("Choose how the matter is handled.")]
    if data.people_count < 1:
        errors["people_count"] = [_("At least one person.")]
    reps = [normalize_text(r) for r in data.representatives if normalize_text(r)]
    limit = max_representatives(data.people_count)
    if data.people_count >= GROUP_SIZE and not reps:
        errors["representatives"] = [_("A group of five or more must name its representatives.")]
    elif len(reps) > limit:
        errors["representatives"] = [
            _("A group of %(people)d people may have at most %(limit)d representatives.")
            % {"people": data.people_count, "limit": limit}
        ]
    if data.handling == Handling.REFUSED:
        if data.refusal_ground not in RefusalGround.values:
            errors["refusal_ground"] = [_("Refusing reception needs a legal ground (Art. 9).")]
    elif data.refusal_ground:
        errors["refusal_ground"] = [_("A ground for refusal is only given when refusing.")]
    phone = ""
    if data.phone:
        try:
            phone = normalize_phone(data.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return {
        "full_name": name,
        "content": content,
        "handling": data.handling,
        "address": normalize_text(data.address),
        "phone": phone,
        "identity_document": normalize_text(data.identity_document),
        "people_count": data.people_count,
        "representatives": reps,
        "documents_provided": normalize_text(data.documents_provided),
        "is_repeat": data.is_repeat,
        "refusal_ground": data.refusal_ground,
        "result_notes": normalize_text(data.result_notes),
    }


@dataclass
class VisitResult:
    visit: Visit
    petitions: list[Petition]


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    session: ReceptionSession,
    visit: VisitInput,
    petitions: list[PetitionDraft] | None = None,
) -> VisitResult:
    """Write one line of the register and, in the same step, the petitions it brings.

    A refused visit creates no petition; a visit whose handling is "petition received"
    must bring at least one.
    """
    agency = session.agency
    _check(actor, agency)
    cleaned = _clean_visit(visit)
    drafts = petitions or []
    if cleaned["handling"] == Handling.PETITION_RECEIVED and not drafts:
        raise ValidationError({"handling": _("Enter the petition received at this visit.")})
    if cleaned["handling"] != Handling.PETITION_RECEIVED and drafts:
        raise ValidationError({"handling": _("Petitions are created only when one is received.")})
    year = session.held_on.year
    # The register is numbered per agency and year; locking the agency row keeps two
    # officers at two desks from taking the same number.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    last = Visit.objects.filter(session__agency=agency, session__held_on__year=year).aggregate(
        n=Max("register_number")
    )["n"]
    at = visit.visited_at or timezone.now()
    for draft in drafts:
        draft.signer_count = max(draft.signer_count, cleaned["people_count"])
        draft.is_repeat = draft.is_repeat or cleaned["is_repeat"]
        if not draft.petitioner_name and not draft.is_anonymous:
            draft.petitioner_name = cleaned["full_name"]
            draft.petitioner_address = draft.petitioner_address or cleaned["address"]
            draft.petitioner_phone = draft.petitioner_phone or cleaned["phone"]
    if any(d.kind == PetitionKind.DENUNCIATION for d in drafts):
        # The denunciation keeps who came, encrypted; the register line does not.
        cleaned.update(full_name="", address="", phone="", identity_document="", representatives=[])
        cleaned["identity_protected"] = True
    row = Visit.objects.create(
        session=session,
        register_number=(last or 0) + 1,
        visited_at=at,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **cleaned,
    )
    record_write(
        actor=actor,
        action="reception.visit.record",
        target=row,
        after={
            "session": session.pk,
            "register_number": row.register_number,
            "people_count": row.people_count,
            "handling": row.handling,
            "refusal_ground": row.refusal_ground,
        },
        unit_id=agency.unit_id,
    )
    created: list[Petition] = []
    if drafts:
        created = receive_petitions(
            actor=actor,
            agency=agency,
            drafts=drafts,
            channel=Channel.RECEPTION,
            received_on=session.held_on,
            visit=row,
        )
    return VisitResult(visit=row, petitions=created)


@transaction.atomic
def set_leader_schedule(
    *,
    actor: Any,
    agency: Agency,
    leader: Any,
    frequency: str,
    valid_from: date,
    planned_days: str = "",
) -> LeaderSchedule:
    require_perm(
        actor,
        "units.manage_agencies",
        agency.unit,
        message=_("You may not set reception schedules for this agency."),
    )
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose the required frequency.")})
    LeaderSchedule.objects.filter(
        agency=agency, leader=leader, valid_until__isnull=True, valid_from__lt=valid_from
    ).update(valid_until=valid_from)
    schedule = LeaderSchedule.objects.create(
        agency=agency,
        leader=leader,
        frequency=frequency,
        valid_from=valid_from,
        planned_days=normalize_text(planned_days),
    )
    record_write(
        actor=actor,
        action="reception.schedule.set",
        target=schedule,
        after={"leader": leader.pk, "frequency": frequency, "valid_from": valid_from},
        unit_id=agency.unit_id,
    )
    return schedule
