"""Every write of grassroots mediation: teams and their members, cases, sessions and
how each case ended (Luật Hòa giải ở cơ sở 2013). Dates are explicit so that records can
be entered after the fact; none may lie in the future."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.dates import dmy as _d
from danvan.core.dates import reject_future
from danvan.core.permissions import require_perm
from danvan.core.text import fold, normalize_lines, normalize_text
from danvan.mediation.models import (
    CaseKind,
    CaseStatus,
    MediationCase,
    MediationMember,
    MediationSession,
    MediationTeam,
    Outcome,
)
from danvan.units.models import AdministrativeUnit, UnitLevel

PERM = "mediation.manage_mediation"


def _check_date(value: date, field: str, *, not_before: date, label: str, today: date) -> None:
    if value < not_before:
        raise ValidationError(
            {
                field: _("The date cannot precede %(what)s (%(day)s).")
                % {"what": label, "day": _d(not_before)}
            }
        )
    reject_future(value, field, today)


def _lock_team(team: MediationTeam) -> MediationTeam:
    locked = MediationTeam.objects.select_for_update().get(pk=team.pk)
    if locked.dissolved_on is not None:
        raise ValidationError(_("This mediation team has been dissolved."))
    return locked


@transaction.atomic
def form_team(
    *,
    actor: Any,
    village: AdministrativeUnit,
    name: str,
    formed_on: date,
    today: date | None = None,
) -> MediationTeam:
    """Record the mediation team of a village (one in activity per village)."""
    require_perm(
        actor, PERM, village, message=_("You may not record mediation teams of this commune.")
    )
    today = today or timezone.localdate()
    if village.level != UnitLevel.VILLAGE or not village.is_active or village.parent is None:
        raise ValidationError({"village": _("Choose a village in force.")})
    name = normalize_text(name or "")
    if not name:
        raise ValidationError({"name": _("Give the team's name.")})
    if formed_on > today:
        raise ValidationError(
            {"formed_on": _("The date %(date)s is in the future.") % {"date": _d(formed_on)}}
        )
    if MediationTeam.objects.filter(village=village, dissolved_on__isnull=True).exists():
        raise ValidationError({"village": _("This village already has a mediation team.")})
    try:
        with transaction.atomic():
            team = MediationTeam.objects.create(
                commune=village.parent, village=village, name=name[:200], formed_on=formed_on
            )
    except IntegrityError:  # a concurrent request formed one first
        raise ValidationError(
            {"village": _("This village already has a mediation team.")}
        ) from None
    record_write(
        actor=actor,
        action="mediation.team.form",
        target=team,
        after={"village": village.code, "name": team.name, "formed_on": formed_on},
        unit_id=village.parent_id,
    )
    return team


@transaction.atomic
def add_member(
    *,
    actor: Any,
    team: MediationTeam,
    full_name: str,
    joined_on: date,
    is_leader: bool = False,
    today: date | None = None,
) -> MediationMember:
    """Add a mediator (hòa giải viên) to a team; a team has one leader at a time."""
    require_perm(
        actor, PERM, team, message=_("You may not record mediation teams of this commune.")
    )
    today = today or timezone.localdate()
    team = _lock_team(team)
    full_name = normalize_text(full_name or "")
    if not full_name:
        raise ValidationError({"full_name": _("Give the mediator's full name.")})
    _check_date(
        joined_on,
        "joined_on",
        not_before=team.formed_on,
        label=_("the team's formation"),
        today=today,
    )
    serving = list(team.members.filter(left_on__isnull=True))
    if any(fold(m.full_name) == fold(full_name) for m in serving):
        raise ValidationError({"full_name": _("This person already serves on the team.")})
    if is_leader and any(m.is_leader for m in serving):
        raise ValidationError(
            {"is_leader": _("The team already has a leader; record the leader's leaving first.")}
        )
    member = MediationMember.objects.create(
        team=team, full_name=full_name[:200], is_leader=is_leader, joined_on=joined_on
    )
    record_write(
        actor=actor,
        action="mediation.member.add",
        target=member,
        after={"team": team.pk, "is_leader": is_leader, "joined_on": joined_on},
        unit_id=team.commune_id,
    )
    return member


@transaction.atomic
def remove_member(
    *,
    actor: Any,
    member: MediationMember,
    left_on: date,
    reason: str = "",
    today: date | None = None,
) -> MediationMember:
    """Record that a mediator left the team. A team may fall below three members: it is
    then flagged, not blocked."""
    require_perm(
        actor, PERM, member, message=_("You may not record mediation teams of this commune.")
    )
    today = today or timezone.localdate()
    member = MediationMember.objects.select_for_update().select_related("team").get(pk=member.pk)
    if member.left_on is not None:
        raise ValidationError(_("This mediator has already left the team."))
    _check_date(
        left_on,
        "left_on",
        not_before=member.joined_on,
        label=_("the day they joined"),
        today=today,
    )
    member.left_on = left_on
    member.leave_reason = normalize_text(reason or "")[:300]
    member.save(update_fields=["left_on", "leave_reason"])
    record_write(
        actor=actor,
        action="mediation.member.remove",
        target=member,
        before={"left_on": None},
        after={"left_on": left_on},
        reason=member.leave_reason,
        unit_id=member.team.commune_id,
    )
    return member


def _clean_parties(kind: str, parties: Iterable[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for raw in parties:
        name = normalize_text(raw or "")
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name[:200])
    # A dispute is between people; only "other" matters may be raised by one party alone.
    needed = 1 if kind == CaseKind.OTHER else 2
    if len(names) < needed:
        raise ValidationError(
            {
                "parties": _("Give the names of at least two parties to the dispute.")
                if needed == 2
                else _("Give the name of at least one party.")
            }
        )
    return names


@transaction.atomic
def open_case(
    *,
    actor: Any,
    team: MediationTeam,
    received_on: date,
    kind: str,
    summary: str,
    parties: Iterable[str],
    mediators: Iterable[MediationMember] = (),
    today: date | None = None,
) -> MediationCase:
    """Record a dispute the team received for mediation."""
    require_perm(
        actor, PERM, team, message=_("You may not record mediation cases of this commune.")
    )
    today = today or timezone.localdate()
    team = _lock_team(team)
    errors: dict[str, str] = {}
    if kind not in CaseKind.values:
        errors["kind"] = _("Choose the kind of dispute.")
    summary = normalize_lines(summary)
    if not summary:
        errors["summary"] = _("Summarise the dispute.")
    if errors:
        raise ValidationError(errors)
    names = _clean_parties(kind, parties)
    _check_date(
        received_on,
        "received_on",
        not_before=team.formed_on,
        label=_("the team's formation"),
        today=today,
    )
    chosen = list(mediators)
    if any(m.team_id != team.pk or m.left_on is not None for m in chosen):
        raise ValidationError({"mediators": _("Choose mediators serving on this team.")})
    case = MediationCase.objects.create(
        team=team,
        commune_id=team.commune_id,
        village_id=team.village_id,
        received_on=received_on,
        kind=kind,
        summary=summary,
        parties=names,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    case.mediators.set(chosen)
    # The parties' names stay out of the audit trail's summary: the case holds them.
    record_write(
        actor=actor,
        action="mediation.case.open",
        target=case,
        after={
            "team": team.pk,
            "kind": kind,
            "received_on": received_on,
            "parties": len(names),
            "mediators": [m.pk for m in chosen],
        },
        unit_id=team.commune_id,
    )
    return case


def _lock_open_case(case: MediationCase) -> MediationCase:
    locked = MediationCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.OPEN:
        raise ValidationError(_("This case is already closed."))
    return locked


@transaction.atomic
def add_session(
    *,
    actor: Any,
    case: MediationCase,
    held_on: date,
    notes: str = "",
    today: date | None = None,
) -> MediationSession:
    """Record a mediation session of an open case."""
    require_perm(
        actor, PERM, case, message=_("You may not record mediation cases of this commune.")
    )
    today = today or timezone.localdate()
    case = _lock_open_case(case)
    _check_date(
        held_on,
        "held_on",
        not_before=case.received_on,
        label=_("the day the case was received"),
        today=today,
    )
    session = MediationSession.objects.create(
        case=case, held_on=held_on, notes=normalize_lines(notes)
    )
    record_write(
        actor=actor,
        action="mediation.session.add",
        target=session,
        after={"case": case.pk, "held_on": held_on},
        unit_id=case.commune_id,
    )
    return session


@transaction.atomic
def close_case(
    *,
    actor: Any,
    case: MediationCase,
    outcome: str,
    closed_on: date,
    agreement: str = "",
    today: date | None = None,
) -> MediationCase:
    """Close a case with its outcome. Only a withdrawn case may close without a session;
    a successful one records the agreement reached."""
    require_perm(
        actor, PERM, case, message=_("You may not record mediation cases of this commune.")
    )
    today = today or timezone.localdate()
    case = _lock_open_case(case)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    agreement = normalize_lines(agreement)
    if outcome == Outcome.SUCCESSFUL and not agreement:
        raise ValidationError({"agreement": _("Write the agreement the parties reached.")})
    last_session = case.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    if last_session is None and outcome != Outcome.WITHDRAWN:
        raise ValidationError(
            {"outcome": _("Record at least one mediation session before closing the case.")}
        )
    if last_session is not None:
        _check_date(
            closed_on,
            "closed_on",
            not_before=last_session,
            label=_("the last session"),
            today=today,
        )
    _check_date(
        closed_on,
        "closed_on",
        not_before=case.received_on,
        label=_("the day the case was received"),
        today=today,
    )
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_on = closed_on
    case.agreement = agreement if outcome == Outcome.SUCCESSFUL else ""
    case.save(update_fields=["status", "outcome", "closed_on", "agreement"])
    record_write(
        actor=actor,
        action="mediation.case.close",
        target=case,
        before={"status": CaseStatus.OPEN},
        after={"status": case.status, "outcome": outcome, "closed_on": closed_on},
        unit_id=case.commune_id,
    )
    return case
