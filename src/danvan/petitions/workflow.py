"""The petition state machine, as data. Services look transitions up here; nothing
else decides which step may follow which.

    received → classified → accepted → assigned → verifying → [dialogue_held] → decided
             ↘ forwarded / guided / filed      ↘ refused                 → disclosed → closed
    any open step before the decision → withdrawn; accepted…dialogue_held ⇄ suspended
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from danvan.accounts.roles import Role
from danvan.petitions.models import PetitionKind, Status

ALL_KINDS = frozenset(PetitionKind.values)
LEGAL_CASES = frozenset({PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION})
DENUNCIATION = frozenset({PetitionKind.DENUNCIATION})
INTAKE_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER})
HANDLER_ROLES = frozenset({Role.CASE_HANDLER, Role.LEADER})
HEAD_ROLES = frozenset({Role.LEADER})

IN_HANDLING = frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.VERIFYING, Status.DIALOGUE_HELD})


SAME = "="  # the step keeps the status (an extension)
PREVIOUS = "<"  # back to the status before the suspension


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str  # a Status, SAME or PREVIOUS
    kinds: frozenset[str]
    roles: frozenset[str]


def _t(
    action: str, sources: set[str], target: str, kinds: frozenset[str], roles: frozenset[str]
) -> Transition:
    return Transition(action, frozenset(sources), target, kinds, roles)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("classify", {Status.RECEIVED}, Status.CLASSIFIED, ALL_KINDS, INTAKE_ROLES),
        _t(
            "forward",
            {Status.RECEIVED, Status.CLASSIFIED},
            Status.FORWARDED,
            ALL_KINDS,
            INTAKE_ROLES,
        ),
        _t("guide", {Status.RECEIVED, Status.CLASSIFIED}, Status.GUIDED, ALL_KINDS, INTAKE_ROLES),
        _t("file", {Status.RECEIVED, Status.CLASSIFIED}, Status.FILED, ALL_KINDS, INTAKE_ROLES),
        _t("accept", {Status.CLASSIFIED}, Status.ACCEPTED, ALL_KINDS, HEAD_ROLES),
        _t("refuse", {Status.CLASSIFIED}, Status.REFUSED, LEGAL_CASES, HEAD_ROLES),
        _t(
            "assign",
            {Status.ACCEPTED, Status.ASSIGNED, Status.VERIFYING},
            Status.ASSIGNED,
            ALL_KINDS,
            HEAD_ROLES,
        ),
        _t("start_verification", {Status.ASSIGNED}, Status.VERIFYING, ALL_KINDS, HANDLER_ROLES),
        _t(
            "record_dialogue",
            {Status.VERIFYING, Status.DIALOGUE_HELD},
            Status.DIALOGUE_HELD,
            frozenset({PetitionKind.COMPLAINT, PetitionKind.PETITION, PetitionKind.FEEDBACK}),
            HANDLER_ROLES,
        ),
        _t(
            "decide",
            {Status.VERIFYING, Status.DIALOGUE_HELD},
            Status.DECIDED,
            ALL_KINDS,
            HEAD_ROLES,
        ),
        _t("disclose", {Status.DECIDED}, Status.DISCLOSED, LEGAL_CASES, INTAKE_ROLES),
        _t("close", {Status.DECIDED, Status.DISCLOSED}, Status.CLOSED, ALL_KINDS, HANDLER_ROLES),
        _t(
            "withdraw",
            {Status.RECEIVED, Status.CLASSIFIED, *IN_HANDLING, Status.SUSPENDED},
            Status.WITHDRAWN,
            ALL_KINDS,
            INTAKE_ROLES,
        ),
        _t("suspend", set(IN_HANDLING), Status.SUSPENDED, LEGAL_CASES, HEAD_ROLES),
        _t("resume", {Status.SUSPENDED}, PREVIOUS, LEGAL_CASES, HEAD_ROLES),
        _t("extend", set(IN_HANDLING), SAME, LEGAL_CASES, HEAD_ROLES),
        _t(
            "mark_impersonated",
            {Status.RECEIVED, Status.CLASSIFIED},
            SAME,
            DENUNCIATION,
            INTAKE_ROLES,
        ),
        _t(
            "make_lead",
            {Status.RECEIVED, Status.CLASSIFIED},
            Status.LEAD,
            DENUNCIATION,
            INTAKE_ROLES,
        ),
    ]
}

# What may be done with an anonymous or impersonated denunciation: it is not handled as
# a denunciation (Luật Tố cáo 2018, Art. 25), but kept or used as an inspection lead.
UNPROCESSED_ACTIONS = frozenset({"file", "make_lead"})


def is_unprocessed_denunciation(petition: Any) -> bool:
    return petition.kind == PetitionKind.DENUNCIATION and (
        petition.is_anonymous or petition.is_impersonated
    )


def applies_to(action: str, petition: Any) -> bool:
    """Whether ``action`` fits this petition beyond its kind and status."""
    if is_unprocessed_denunciation(petition):
        return action in UNPROCESSED_ACTIONS
    return action != "make_lead"


ACTION_LABELS = {
    "receive": _("Petition received"),
    "classify": _("Within our competence"),
    "forward": _("Forward to the competent agency"),
    "guide": _("Guide the citizen elsewhere"),
    "file": _("File without handling"),
    "accept": _("Accept (thụ lý)"),
    "refuse": _("Do not accept"),
    "assign": _("Assign for verification"),
    "start_verification": _("Start verification"),
    "record_dialogue": _("Record the dialogue"),
    "decide": _("Record the decision"),
    "disclose": _("Make the decision public"),
    "close": _("Close the case"),
    "withdraw": _("Petition withdrawn"),
    "suspend": _("Suspend"),
    "resume": _("Resume"),
    "extend": _("Extend the period"),
    "mark_impersonated": _("Sent in another person's name (mạo danh)"),
    "make_lead": _("Turn into an inspection lead"),
}
