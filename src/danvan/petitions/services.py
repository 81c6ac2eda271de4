"""Writes for petitions: intake and every step of the state machine.

Each step goes through :func:`_step`, which locks the row, refuses a stale version
(optimistic locking), checks the transition and the actor's role, updates the clocks,
records a ``PetitionEvent`` and an audit entry, all in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.rules import holds_role_on
from danvan.accounts.validators import normalize_phone
from danvan.audit.services import record_write
from danvan.core.crypto import lookup_digest
from danvan.core.errors import ConflictError
from danvan.core.permissions import require_perm
from danvan.core.text import fold, normalize_text
from danvan.figures import services as figures
from danvan.notifications.models import CitizenEvent
from danvan.notifications.services import notify_citizen
from danvan.petitions import clocks
from danvan.petitions.models import (
    Category,
    Channel,
    Clock,
    ClockKind,
    ClockState,
    Outcome,
    Petition,
    PetitionEvent,
    PetitionKind,
    Status,
)
from danvan.petitions.protection import (
    copy_identity,
    person_key,
    split_identity,
    store_identity,
)
from danvan.petitions.tracking import new_tracking_code
from danvan.petitions.workflow import (
    PREVIOUS,
    SAME,
    TRANSITIONS,
    Transition,
    applies_to,
    is_unprocessed_denunciation,
)
from danvan.units.models import Agency


def near_due_days() -> int:
    return int(settings.DANVAN_NEAR_DUE_WORKING_DAYS)


@dataclass
class PetitionDraft:
    """What intake knows about one petition (or one part of a mixed one)."""

    kind: str
    subject: str
    content: str
    petitioner_name: str = ""
    petitioner_address: str = ""
    petitioner_phone: str = ""
    petitioner_email: str = ""
    petitioner_citizen_id: str = ""
    is_anonymous: bool = False
    signer_count: int = 1
    several_locations: bool = False
    is_repeat: bool = False
    category: Category | None = None
    latitude: Decimal | float | str | None = None
    longitude: Decimal | float | str | None = None
    location_address: str = ""
    # The citizen's account when they sent it signed in (portal): their cases list.
    petitioner_user: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


# A box around the mainland and the islands (Hoàng Sa to the east, Trường Sa to the south).
LATITUDE_RANGE = (Decimal("6.0"), Decimal("24.0"))
LONGITUDE_RANGE = (Decimal("102.0"), Decimal("118.0"))


def _clean_point(draft: PetitionDraft, errors: dict[str, list[str]]) -> tuple[Any, Any]:
    """A map point is both coordinates or neither, and lies in Viet Nam."""
    if draft.latitude in (None, "") and draft.longitude in (None, ""):
        return None, None
    try:
        lat = Decimal(str(draft.latitude)).quantize(Decimal("0.000001"))
        lon = Decimal(str(draft.longitude)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        errors["latitude"] = [_("The map point is not valid: give both latitude and longitude.")]
        return None, None
    if not (LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]) or not (
        LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
    ):
        errors["latitude"] = [_("The map point is outside Viet Nam.")]
        return None, None
    return lat, lon


def _clean_draft(draft: PetitionDraft) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if draft.kind not in PetitionKind.values:
        errors["kind"] = [_("Choose the kind of petition.")]
    subject = normalize_text(draft.subject)
    content = normalize_text(draft.content)
    if not subject:
        errors["subject"] = [_("Enter a short subject.")]
    elif len(subject) > 300:
        errors["subject"] = [_("The subject is too long (at most 300 characters).")]
    if not content:
        errors["content"] = [_("Enter the content of the petition.")]
    name = normalize_text(draft.petitioner_name)
    if not draft.is_anonymous and not name:
        errors["petitioner_name"] = [_("Enter the petitioner's name, or mark it anonymous.")]
    phone = ""
    if draft.petitioner_phone:
        try:
            phone = normalize_phone(draft.petitioner_phone)
        except ValidationError as exc:
            errors["petitioner_phone"] = exc.messages
    citizen_id = ""
    if draft.petitioner_citizen_id:
        from danvan.accounts.validators import validate_citizen_id

        try:
            citizen_id = validate_citizen_id(draft.petitioner_citizen_id)
        except ValidationError as exc:
            errors["petitioner_citizen_id"] = exc.messages
    if draft.signer_count < 1:
        errors["signer_count"] = [_("There is at least one signer.")]
    latitude, longitude = _clean_point(draft, errors)
    if draft.category is not None and not draft.category.is_active:
        errors["category"] = [_("This category is no longer in use.")]
    location_address = normalize_text(draft.location_address)
    if len(location_address) > 300:
        errors["location_address"] = [_("The place is too long (at most 300 characters).")]
    if errors:
        raise ValidationError(errors)
    return {
        "kind": draft.kind,
        "subject": subject,
        "content": content,
        "content_folded": fold(content),
        "petitioner_name": "" if draft.is_anonymous else name,
        "petitioner_address": normalize_text(draft.petitioner_address),
        "petitioner_phone": phone,
        "petitioner_email": draft.petitioner_email.strip().lower(),
        "petitioner_citizen_id": citizen_id,
        "petitioner_citizen_id_digest": lookup_digest(citizen_id) if citizen_id else "",
        "petitioner_key": ""
        if draft.is_anonymous
        else person_key(name, normalize_text(draft.petitioner_address)),
        "is_anonymous": draft.is_anonymous,
        "signer_count": draft.signer_count,
        "several_locations": draft.several_locations,
        "is_repeat": draft.is_repeat,
        "category": draft.category,
        "latitude": latitude,
        "longitude": longitude,
        "location_address": location_address,
        "petitioner_user": draft.petitioner_user
        if getattr(draft.petitioner_user, "is_authenticated", False)
        else None,
    }


@transaction.atomic
def save_category(*, actor: Any, category: Category) -> Category:
    """Create or change a category (system administrators only)."""
    require_perm(
        actor, "petitions.manage_categories", None, message=_("Only administrators may do this.")
    )
    before = (
        Category.objects.filter(pk=category.pk).values("name", "is_active").first()
        if category.pk
        else None
    )
    category.name = normalize_text(category.name)
    category.full_clean()
    category.save()
    record_write(
        actor=actor,
        action="petitions.save_category",
        target=category,
        before=before,
        after={"code": category.code, "name": category.name, "is_active": category.is_active},
    )
    return category


def _require(value: str, field: str, message: str) -> None:
    """Refuse an empty (or blank) required text with a message on that field."""
    if not normalize_text(value or ""):
        raise ValidationError({field: message})


def _unique_tracking_code() -> str:
    while True:
        code = new_tracking_code()
        if not Petition.objects.filter(tracking_code=code).exists():
            return code


def _today() -> date:
    return timezone.localdate()


def _finish(petition: Petition, fields: list[str]) -> None:
    clocks.refresh_due_flags(petition, today=_today(), near_days=near_due_days())
    petition.save(update_fields=[*fields, "next_due_on", "is_overdue", "is_near_due", "updated_at"])
    figures.sync_petition(petition=petition)  # the dashboards' counts, in this transaction
    from danvan.cases.services import refresh_family_of

    refresh_family_of(petition)  # its case's open, prolonged and level-skipping flags


def _create(
    *,
    actor: Any,
    agency: Agency,
    cleaned: dict[str, Any],
    channel: str,
    received_on: date,
    visit: Any,
    intake_group: uuid.UUID,
    transferred_from: Petition | None = None,
    first_instance: Petition | None = None,
) -> Petition:
    from danvan.cases.services import start_family

    identity = None
    if cleaned["kind"] == PetitionKind.DENUNCIATION:
        # The denouncer's identity never touches the petition row (see protection).
        cleaned = dict(cleaned)
        identity = split_identity(cleaned)
    petition = Petition.objects.create(
        tracking_code=_unique_tracking_code(),
        agency=agency,
        unit=agency.unit,
        unit_path=agency.unit.path,
        channel=channel,
        received_on=received_on,
        received_by=actor if getattr(actor, "is_authenticated", False) else None,
        visit=visit,
        intake_group=intake_group,
        transferred_from=transferred_from,
        first_instance=first_instance,
        instance=2 if first_instance is not None else 1,
        is_remote_area=agency.unit.is_remote_area,
        **cleaned,
    )
    if identity is not None:
        store_identity(petition, identity)
    start_family(petition)
    kind = petition.kind
    if kind == PetitionKind.COMPLAINT:
        clocks.start_clock(
            petition=petition,
            kind=ClockKind.ACCEPTANCE,
            rule_id="complaint.accept",
            started_on=received_on,
        )
    elif kind == PetitionKind.DENUNCIATION and not petition.is_anonymous:
        # An anonymous denunciation is recorded but not handled as one (Luật Tố cáo 2018,
        # Art. 25): no statutory period runs on it.
        clocks.start_clock(
            petition=petition,
            kind=ClockKind.ACCEPTANCE,
            rule_id="denunciation.accept",
            started_on=received_on,
        )
        clocks.start_clock(
            petition=petition,
            kind=ClockKind.FORWARD,
            rule_id="denunciation.forward",
            started_on=received_on,
        )
    if visit is not None:
        clocks.start_clock(
            petition=petition,
            kind=ClockKind.REPLY,
            rule_id="reception.notify",
            started_on=received_on,
        )
    PetitionEvent.objects.create(
        petition=petition,
        action="receive",
        to_status=Status.RECEIVED,
        actor=petition.received_by,
        effective_on=received_on,
        data={
            "channel": channel,
            "transferred_from": transferred_from.pk if transferred_from else None,
        },
    )
    _finish(petition, [])
    record_write(
        actor=actor,
        action="petitions.receive",
        target=petition,
        after={
            "tracking_code": petition.tracking_code,
            "agency": agency.code,
            "kind": kind,
            "channel": channel,
            "received_on": received_on,
        },
        unit_id=agency.unit_id,
    )
    if transferred_from is None:
        notify_citizen(petition=petition, event=CitizenEvent.RECEIVED)
    else:
        # One message from the sender, with the new code: no second "received" here.
        notify_citizen(petition=transferred_from, event=CitizenEvent.FORWARDED)
    return petition


@transaction.atomic
def receive_petitions(
    *,
    actor: Any,
    agency: Agency,
    drafts: list[PetitionDraft],
    channel: str,
    received_on: date | None = None,
    visit: Any = None,
    first_instance: Petition | None = None,
) -> list[Petition]:
    """Record one incoming paper; mixed content comes as several drafts (one per kind)."""
    require_perm(
        actor,
        "petitions.receive_petition",
        agency,
        message=_("You may not record petitions for this agency."),
    )
    if channel not in Channel.values or channel == Channel.TRANSFER:
        raise ValidationError({"channel": _("Choose how the petition arrived.")})
    if not drafts:
        raise ValidationError(_("Enter at least one petition."))
    received_on = received_on or _today()
    if received_on > _today():
        raise ValidationError({"received_on": _("The date received cannot be in the future.")})
    cleaned = [_clean_draft(d) for d in drafts]
    if first_instance is not None:
        _check_second_instance(first_instance, agency, cleaned)
    group = uuid.uuid4()
    return [
        _create(
            actor=actor,
            agency=agency,
            cleaned=c,
            channel=channel,
            received_on=received_on,
            visit=visit,
            intake_group=group,
            first_instance=first_instance,
        )
        for c in cleaned
    ]


def _check_second_instance(first: Petition, agency: Agency, cleaned: list[dict[str, Any]]) -> None:
    """A second complaint (khiếu nại lần hai) follows a first-instance decision on a
    complaint and goes to a higher level (Luật Khiếu nại 2011, Art. 7, 33)."""
    if any(c["kind"] != PetitionKind.COMPLAINT for c in cleaned):
        raise ValidationError({"kind": _("Only a complaint can be a second-instance complaint.")})
    if first.kind != PetitionKind.COMPLAINT or first.instance != 1 or first.decided_on is None:
        raise ValidationError(
            _("A second-instance complaint needs a first-instance complaint that was decided.")
        )
    if agency.unit_id == first.unit_id:
        raise ValidationError(
            {"agency": _("A second-instance complaint goes to the level above the first.")}
        )


def receive_petition(
    *, actor: Any, agency: Agency, draft: PetitionDraft, **kwargs: Any
) -> Petition:
    return receive_petitions(actor=actor, agency=agency, drafts=[draft], **kwargs)[0]


# ---------------------------------------------------------------------------------------
# The state machine


def _clocks_of(petition: Petition, *kinds: str) -> list[Clock]:
    return [
        c
        for c in petition.clocks.all()
        if c.kind in kinds and c.state in (ClockState.RUNNING, ClockState.PAUSED)
    ]


# Steps the petitioner is told about (sent after commit by danvan.notifications). A
# forward is told when the receiving agency's copy exists (in _create): it has the new code.
CITIZEN_EVENTS = {
    "accept": CitizenEvent.ACCEPTED,
    "refuse": CitizenEvent.REFUSED,
    "guide": CitizenEvent.GUIDED,
    "decide": CitizenEvent.DECIDED,
    "extend": CitizenEvent.EXTENDED,
}


def _check_step(actor: Any, petition: Petition, transition: Transition) -> None:
    if actor is not None and not holds_role_on(actor, petition.unit, transition.roles):
        raise PermissionDenied(_("Your role does not allow this step on this petition."))
    if petition.kind not in transition.kinds:
        raise ValidationError(
            _("This step does not apply to a %(kind)s.") % {"kind": petition.get_kind_display()}
        )
    if petition.status not in transition.sources:
        raise ValidationError(
            _("This step is not possible while the petition is '%(status)s'.")
            % {"status": petition.get_status_display()}
        )
    if not applies_to(transition.action, petition):
        if is_unprocessed_denunciation(petition):
            raise ValidationError(
                _(
                    "An anonymous or impersonated denunciation is not handled as a "
                    "denunciation (Luật Tố cáo 2018, Art. 25): file it or turn it into an "
                    "inspection lead."
                )
            )
        raise ValidationError(
            _("Only an anonymous or impersonated denunciation can become an inspection lead.")
        )


def _step(
    *,
    actor: Any,
    petition: Petition,
    action: str,
    expected_version: int,
    effective_on: date | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    apply: Callable[[Petition, date], list[str]] | None = None,
) -> Petition:
    """Run one transition; ``apply`` makes the step's own changes and returns the
    names of the fields it changed."""
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = (
            # Lock the petition row only: locking the joined unit and agency rows too
            # makes two forwards crossing between the same agencies deadlock.
            Petition.objects.select_for_update(of=("self",))
            .select_related("unit", "agency")
            .get(pk=petition.pk)
        )
        if locked.version != expected_version:
            raise ConflictError(
                _("Someone else changed this petition a moment ago. Reload it and try again.")
            )
        _check_step(actor, locked, transition)
        on = effective_on or _today()
        last = (
            locked.events.order_by("-effective_on").values_list("effective_on", flat=True).first()
        )
        if on > _today():
            raise ValidationError({"effective_on": _("The date cannot be in the future.")})
        if last is not None and on < last:
            raise ValidationError(
                {
                    "effective_on": _("The date cannot be before the previous step (%(date)s).")
                    % {"date": last.strftime("%d/%m/%Y")}
                }
            )
        before = locked.status
        changed = apply(locked, on) if apply else []
        if transition.target == PREVIOUS:
            locked.status, locked.suspended_from = locked.suspended_from or Status.ACCEPTED, ""
            changed += ["suspended_from"]
        elif transition.target != SAME:
            locked.status = transition.target
        locked.version += 1
        PetitionEvent.objects.create(
            petition=locked,
            action=action,
            from_status=before,
            to_status=locked.status,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            effective_on=on,
            reason=normalize_text(reason),
            data=data or {},
        )
        _finish(locked, ["status", "version", *changed])
        record_write(
            actor=actor,
            action=f"petitions.{action}",
            target=locked,
            before={"status": before},
            after={"status": locked.status, "on": on, **(data or {})},
            reason=reason,
            unit_id=locked.unit_id,
        )
        if action in CITIZEN_EVENTS:
            notify_citizen(petition=locked, event=CITIZEN_EVENTS[action], extra={"date": on})
    return locked


def classify(
    *, actor: Any, petition: Petition, expected_version: int, effective_on: date | None = None
) -> Petition:
    """Within this agency's competence: continue to acceptance."""

    def apply(p: Petition, on: date) -> list[str]:
        for clock in _clocks_of(p, ClockKind.FORWARD):
            clocks.cancel_clock(clock, on=on)
        return []

    return _step(
        actor=actor,
        petition=petition,
        action="classify",
        expected_version=expected_version,
        effective_on=effective_on,
        apply=apply,
    )


def _stop_intake_clocks(p: Petition, on: date) -> None:
    for clock in _clocks_of(p, ClockKind.ACCEPTANCE, ClockKind.REPLY, ClockKind.FORWARD):
        clocks.stop_clock(clock, on=on)


@transaction.atomic
def forward(
    *,
    actor: Any,
    petition: Petition,
    to_agency: Agency,
    expected_version: int,
    reason: str = "",
    effective_on: date | None = None,
) -> Petition:
    """Not competent: send to ``to_agency``, where it arrives as a new petition."""
    if to_agency.pk == petition.agency_id:
        raise ValidationError({"to_agency": _("Choose another agency than this one.")})
    if not to_agency.is_active:
        raise ValidationError({"to_agency": _("That agency is no longer active.")})

    def apply(p: Petition, on: date) -> list[str]:
        for clock in _clocks_of(p, ClockKind.FORWARD, ClockKind.REPLY):
            clocks.stop_clock(clock, on=on)
        for clock in _clocks_of(p, ClockKind.ACCEPTANCE):
            clocks.cancel_clock(clock, on=on)
        p.forwarded_to = to_agency
        return ["forwarded_to"]

    sent = _step(
        actor=actor,
        petition=petition,
        action="forward",
        expected_version=expected_version,
        effective_on=effective_on,
        reason=reason,
        data={"to_agency": to_agency.code},
        apply=apply,
    )
    cleaned = {
        name: getattr(sent, name)
        for name in (
            "kind",
            "subject",
            "content",
            "content_folded",
            "petitioner_name",
            "petitioner_address",
            "petitioner_phone",
            "petitioner_email",
            "petitioner_citizen_id",
            "petitioner_citizen_id_digest",
            "petitioner_key",
            "is_anonymous",
            "is_impersonated",
            "signer_count",
            "several_locations",
            "is_repeat",
            "category",
            "latitude",
            "longitude",
            "location_address",
            "petitioner_user",
        )
    }
    received = _create(
        actor=actor,
        agency=to_agency,
        cleaned=cleaned,
        channel=Channel.TRANSFER,
        received_on=sent.events.last().effective_on,  # type: ignore[union-attr]
        visit=None,
        intake_group=sent.intake_group,
        transferred_from=sent,
        first_instance=sent.first_instance,
    )
    if sent.kind == PetitionKind.DENUNCIATION:
        copy_identity(source=sent, target=received)
    return sent


def guide(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    reason: str,
    effective_on: date | None = None,
) -> Petition:
    """Not competent: the citizen is told in writing where to send it (hướng dẫn)."""
    return _closing_intake(actor, petition, "guide", expected_version, reason, effective_on)


def file(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    reason: str,
    effective_on: date | None = None,
) -> Petition:
    """Kept on file without handling (lưu đơn), e.g. anonymous or unreadable."""
    return _closing_intake(actor, petition, "file", expected_version, reason, effective_on)


def _closing_intake(
    actor: Any, petition: Petition, action: str, version: int, reason: str, on: date | None
) -> Petition:
    _require(reason, "reason", _("Give the reason."))

    def apply(p: Petition, day: date) -> list[str]:
        for clock in _clocks_of(p, ClockKind.REPLY, ClockKind.FORWARD):
            clocks.stop_clock(clock, on=day)
        for clock in _clocks_of(p, ClockKind.ACCEPTANCE):
            clocks.stop_clock(clock, on=day)
        return []

    return _step(
        actor=actor,
        petition=petition,
        action=action,
        expected_version=version,
        effective_on=on,
        reason=reason,
        apply=apply,
    )


def _resolution_rule(p: Petition) -> str | None:
    if p.kind == PetitionKind.COMPLAINT:
        return "complaint.second" if p.instance == 2 else "complaint.first"
    if p.kind == PetitionKind.DENUNCIATION:
        return "denunciation.resolve"
    return None


def accept(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    is_complex: bool = False,
    effective_on: date | None = None,
) -> Petition:
    """Thụ lý: the resolution period starts on the day of acceptance."""

    def apply(p: Petition, on: date) -> list[str]:
        _stop_intake_clocks(p, on)
        p.is_complex = is_complex
        rule = _resolution_rule(p)
        if rule:
            clocks.start_clock(petition=p, kind=ClockKind.RESOLUTION, rule_id=rule, started_on=on)
        return ["is_complex"]

    return _step(
        actor=actor,
        petition=petition,
        action="accept",
        expected_version=expected_version,
        effective_on=effective_on,
        data={"complex": is_complex},
        apply=apply,
    )


def refuse(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    reason: str,
    effective_on: date | None = None,
) -> Petition:
    """Not accepted, with the legal ground (Luật Khiếu nại Art. 11; Luật Tố cáo Art. 23)."""
    _require(reason, "reason", _("Give the legal ground for not accepting."))

    def apply(p: Petition, on: date) -> list[str]:
        _stop_intake_clocks(p, on)
        return []

    return _step(
        actor=actor,
        petition=petition,
        action="refuse",
        expected_version=expected_version,
        effective_on=effective_on,
        reason=reason,
        apply=apply,
    )


def assign(
    *,
    actor: Any,
    petition: Petition,
    handler: Any,
    expected_version: int,
    effective_on: date | None = None,
) -> Petition:
    """Give the verification to a case handler of the agency's unit."""
    from danvan.accounts.roles import Role

    if not holds_role_on(handler, petition.unit, frozenset({Role.CASE_HANDLER, Role.LEADER})):
        raise ValidationError({"handler": _("This person is not a case handler of this unit.")})

    def apply(p: Petition, on: date) -> list[str]:
        p.assigned_to = handler
        return ["assigned_to"]

    return _step(
        actor=actor,
        petition=petition,
        action="assign",
        expected_version=expected_version,
        effective_on=effective_on,
        data={"handler": handler.pk},
        apply=apply,
    )


def start_verification(
    *, actor: Any, petition: Petition, expected_version: int, effective_on: date | None = None
) -> Petition:
    return _step(
        actor=actor,
        petition=petition,
        action="start_verification",
        expected_version=expected_version,
        effective_on=effective_on,
    )


def record_dialogue(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    minutes: str,
    participants: list[str],
    effective_on: date | None = None,
) -> Petition:
    """Đối thoại: mandatory before a complaint decision; the minutes are kept."""
    minutes = normalize_text(minutes)
    if not minutes:
        raise ValidationError({"minutes": _("Enter the minutes of the dialogue.")})
    people = [normalize_text(p) for p in participants if normalize_text(p)]
    if not people:
        raise ValidationError({"participants": _("List who took part in the dialogue.")})
    return _step(
        actor=actor,
        petition=petition,
        action="record_dialogue",
        expected_version=expected_version,
        effective_on=effective_on,
        data={"minutes": minutes, "participants": people},
    )


def decide(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    outcome: str,
    summary: str,
    effective_on: date | None = None,
) -> Petition:
    """The decision (quyết định giải quyết khiếu nại, kết luận nội dung tố cáo, trả lời)."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    _require(summary, "summary", _("Enter the decision."))

    def apply(p: Petition, on: date) -> list[str]:
        if p.kind == PetitionKind.COMPLAINT and p.status != Status.DIALOGUE_HELD:
            raise ValidationError(
                _("A complaint cannot be decided before the dialogue is recorded.")
            )
        for clock in _clocks_of(p, ClockKind.RESOLUTION, ClockKind.REPLY):
            clocks.stop_clock(clock, on=on)
        p.outcome, p.decision_summary, p.decided_on = outcome, normalize_text(summary), on
        return ["outcome", "decision_summary", "decided_on"]

    return _step(
        actor=actor,
        petition=petition,
        action="decide",
        expected_version=expected_version,
        effective_on=effective_on,
        data={"outcome": outcome},
        apply=apply,
    )


def disclose(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    how: str,
    effective_on: date | None = None,
) -> Petition:
    """The decision or conclusion is made public (posted, published on the portal…)."""
    _require(how, "how", _("Say how the decision was made public."))

    def apply(p: Petition, on: date) -> list[str]:
        p.disclosed_on = on
        return ["disclosed_on"]

    return _step(
        actor=actor,
        petition=petition,
        action="disclose",
        expected_version=expected_version,
        effective_on=effective_on,
        data={"how": normalize_text(how)},
        apply=apply,
    )


def close(
    *, actor: Any, petition: Petition, expected_version: int, effective_on: date | None = None
) -> Petition:

    def apply(p: Petition, on: date) -> list[str]:
        if (
            p.kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION)
            and p.status != Status.DISCLOSED
        ):
            raise ValidationError(_("The decision must be made public before the case is closed."))
        p.closed_on = on
        return ["closed_on"]

    return _step(
        actor=actor,
        petition=petition,
        action="close",
        expected_version=expected_version,
        effective_on=effective_on,
        apply=apply,
    )


def withdraw(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    reason: str = "",
    effective_on: date | None = None,
) -> Petition:
    """The petitioner withdrew the petition (rút đơn); every clock stops."""

    def apply(p: Petition, on: date) -> list[str]:
        for clock in _clocks_of(p, *ClockKind.values):
            clocks.cancel_clock(clock, on=on)
        p.closed_on = on
        return ["closed_on"]

    return _step(
        actor=actor,
        petition=petition,
        action="withdraw",
        expected_version=expected_version,
        effective_on=effective_on,
        reason=reason,
        apply=apply,
    )


def suspend(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    reason: str,
    effective_on: date | None = None,
) -> Petition:
    """Tạm đình chỉ: the clocks stand still until the case resumes."""
    _require(reason, "reason", _("Give the reason for the suspension."))

    def apply(p: Petition, on: date) -> list[str]:
        p.suspended_from = p.status
        for clock in _clocks_of(p, *ClockKind.values):
            clocks.pause_clock(clock, on=on)
        return ["suspended_from"]

    return _step(
        actor=actor,
        petition=petition,
        action="suspend",
        expected_version=expected_version,
        effective_on=effective_on,
        reason=reason,
        apply=apply,
    )


def resume(
    *, actor: Any, petition: Petition, expected_version: int, effective_on: date | None = None
) -> Petition:
    def apply(p: Petition, on: date) -> list[str]:
        for clock in _clocks_of(p, *ClockKind.values):
            clocks.resume_clock(clock, p, on=on)
        return []

    return _step(
        actor=actor,
        petition=petition,
        action="resume",
        expected_version=expected_version,
        effective_on=effective_on,
        apply=apply,
    )


def extend(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    reason: str,
    effective_on: date | None = None,
) -> Petition:
    """One more extension of the resolution period, within the rule's maximum."""
    from danvan.deadlines.compute import DeadlineError

    _require(reason, "reason", _("Give the reason for the extension."))

    def apply(p: Petition, on: date) -> list[str]:
        running = _clocks_of(p, ClockKind.RESOLUTION)
        if not running:
            raise ValidationError(_("There is no resolution period to extend."))
        if p.kind == PetitionKind.COMPLAINT:
            # A complaint is not extended; a complex one has the longer period by law.
            if p.is_complex:
                raise ValidationError(_("This complaint already has the longest legal period."))
            p.is_complex = True
            clocks.recompute_clock(running[0], p, on=on, why="complex")
            return ["is_complex"]
        try:
            clocks.extend_clock(running[0], p, on=on)
        except DeadlineError as exc:
            raise ValidationError(str(exc)) from None
        return []

    return _step(
        actor=actor,
        petition=petition,
        action="extend",
        expected_version=expected_version,
        effective_on=effective_on,
        reason=reason,
        apply=apply,
    )


def mark_impersonated(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    reason: str,
    effective_on: date | None = None,
) -> Petition:
    """The denunciation was sent in another person's name: it is no longer handled as a
    denunciation and its clocks stop (Luật Tố cáo 2018, Art. 25)."""
    _require(reason, "reason", _("Say how the impersonation was found out."))

    def apply(p: Petition, on: date) -> list[str]:
        for clock in _clocks_of(p, *ClockKind.values):
            clocks.cancel_clock(clock, on=on)
        p.is_impersonated = True
        return ["is_impersonated"]

    return _step(
        actor=actor,
        petition=petition,
        action="mark_impersonated",
        expected_version=expected_version,
        effective_on=effective_on,
        reason=reason,
        apply=apply,
    )


def make_lead(
    *,
    actor: Any,
    petition: Petition,
    expected_version: int,
    reason: str,
    effective_on: date | None = None,
) -> Petition:
    """An anonymous or impersonated denunciation whose content is specific becomes
    information for an inspection or check (thông tin phục vụ thanh tra, kiểm tra)."""
    _require(reason, "reason", _("Say which inspection or check will use it, and why."))

    def apply(p: Petition, on: date) -> list[str]:
        for clock in _clocks_of(p, *ClockKind.values):
            clocks.stop_clock(clock, on=on)
        p.closed_on = on
        return ["closed_on"]

    return _step(
        actor=actor,
        petition=petition,
        action="make_lead",
        expected_version=expected_version,
        effective_on=effective_on,
        reason=reason,
        apply=apply,
    )


@transaction.atomic
def recompute_clocks_for_dates(*, dates: list[date]) -> int:
    """A day off or a make-up day changed: recompute every running or paused clock whose
    period covers one of ``dates``. Returns the number of due dates that moved."""
    if not dates:
        return 0
    first, last = min(dates), max(dates)
    affected = (
        Clock.objects.filter(state__in=[ClockState.RUNNING, ClockState.PAUSED])
        .filter(started_on__lte=last)
        # A due date up to a few weeks before the change can still move past it.
        .filter(due_on__gte=first - timedelta(days=60))
        .select_related("petition")
    )
    moved = 0
    today = _today()
    for clock in affected:
        if clocks.recompute_clock(clock, clock.petition, on=today, why="calendar"):
            moved += 1
            petition = clock.petition
            _finish(petition, [])
            record_write(
                actor=None,
                action="petitions.clock.recompute",
                target=petition,
                after={"clock": clock.kind, "due_on": clock.due_on, "reason": "calendar"},
                unit_id=petition.unit_id,
            )
    return moved
