"""The standard letters of a petition, issued with a number and kept as attachments.

Which letters a petition has depends on the steps it went through: every petition has
an acknowledgement of receipt; a forwarded one a transfer letter; an accepted one an
acceptance notice; a refused one a refusal notice; a decided complaint its decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.roles import Role
from danvan.accounts.rules import holds_role_on
from danvan.audit.services import record_write
from danvan.documents import standard_letters as std
from danvan.documents.letterhead import parent_body_of, place_of
from danvan.documents.letters import Letter, render_letter_docx, render_letter_pdf
from danvan.documents.models import Attachment
from danvan.documents.services import next_document_number, store_attachment
from danvan.petitions.models import ClockKind, Petition, PetitionKind
from danvan.petitions.workflow import INTAKE_ROLES
from danvan.units.models import Agency, AgencyKind

# Symbol of the issuing body in document numbers (Nghị định 30/2020, Phụ lục VI).
_BODY_SYMBOL: dict[str, str] = {
    AgencyKind.PEOPLES_COMMITTEE: "UBND",
    AgencyKind.INSPECTORATE: "TTr",
    AgencyKind.RECEPTION_OFFICE: "BTCD",
}
_SIGNER_TITLE: dict[str, tuple[str, str]] = {
    AgencyKind.PEOPLES_COMMITTEE: ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    AgencyKind.INSPECTORATE: ("", "CHÁNH THANH TRA"),
    AgencyKind.RECEPTION_OFFICE: ("", "TRƯỞNG BAN"),
}
LETTER_KINDS = ("receipt", "transfer", "acceptance", "refusal", "decision")


@dataclass(frozen=True)
class IssuedLetter:
    number_text: str
    pdf: Attachment
    docx: Attachment


def available_letters(petition: Petition) -> list[str]:
    done = set(petition.events.values_list("action", flat=True))
    kinds = ["receipt"]
    if "forward" in done:
        kinds.append("transfer")
    if "accept" in done:
        kinds.append("acceptance")
    if "refuse" in done:
        kinds.append("refusal")
    if "decide" in done and petition.kind == PetitionKind.COMPLAINT:
        kinds.append("decision")
    return kinds


def _signer(agency: Agency) -> std.Signer:
    from danvan.accounts.models import RoleAssignment

    authority, title = _SIGNER_TITLE.get(agency.kind, ("", "THỦ TRƯỞNG CƠ QUAN"))
    head = (
        RoleAssignment.objects.filter(agency=agency, role=Role.LEADER, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return std.Signer(title=title, name=head.user.full_name if head else "", authority=authority)


def _event_reason(petition: Petition, action: str) -> str:
    event = petition.events.filter(action=action).order_by("-pk").first()
    return event.reason if event else ""


def build_letter(
    petition: Petition, kind: str, *, number_text: str, on: date
) -> tuple[str, Letter]:
    """The letter ``kind`` for ``petition``: (document symbol prefix, letter)."""
    agency = petition.agency
    common: dict[str, Any] = {
        "agency_name": agency.name,
        "parent_name": parent_body_of(agency),
        "place": place_of(agency),
        "date": on,
        "number_text": number_text,
        # A denouncer is never named in a letter: it may reach the denounced person.
        "petitioner_name": "người tố cáo"
        if petition.kind == PetitionKind.DENUNCIATION
        else petition.petitioner_name or "người gửi đơn",
        "petition_summary": petition.subject,
        "tracking_code": petition.tracking_code,
        "signer": _signer(agency),
        "petitioner_address": petition.petitioner_address,
    }
    if kind == "receipt":
        return "TB", std.acknowledgement_of_receipt(**common, received_on=petition.received_on)
    if kind == "transfer":
        target = petition.forwarded_to.name if petition.forwarded_to else ""
        return "PC", std.transfer_letter(
            **common,
            received_on=petition.received_on,
            receiving_agency=target,
            legal_ground=_event_reason(petition, "forward") or "không thuộc thẩm quyền giải quyết",
        )
    if kind == "acceptance":
        resolution = petition.clocks.filter(kind=ClockKind.RESOLUTION).order_by("-pk").first()
        if resolution is None:
            raise ValidationError(_("This petition has no resolution period."))
        return "TB", std.acceptance_notice(
            **common, received_on=petition.received_on, resolution_deadline=resolution.due_on
        )
    if kind == "refusal":
        ground = (
            "Điều 11 Luật Khiếu nại năm 2011"
            if petition.kind == PetitionKind.COMPLAINT
            else "Điều 23 Luật Tố cáo năm 2018"
        )
        return "TB", std.refusal_notice(
            **common,
            received_on=petition.received_on,
            legal_ground=ground,
            reason=_event_reason(petition, "refuse"),
        )
    if kind == "decision":
        remote = petition.is_remote_area
        parent = agency.unit.parent
        return "QĐ", std.resolution_decision(
            **common,
            decider_title=f"CHỦ TỊCH {agency.name.upper()}",
            legal_bases=["Căn cứ Luật Khiếu nại năm 2011"],
            findings=[],
            decision_text=petition.decision_summary,
            appeal_body=f"Chủ tịch Ủy ban nhân dân {parent.name}" if parent else "cơ quan cấp trên",
            executors=["Người khiếu nại", "các cơ quan, đơn vị có liên quan"],
            appeal_days=45 if remote else 30,
            round_label="lần hai" if petition.instance == 2 else "lần đầu",
        )
    raise ValidationError(_("Unknown letter."))


@transaction.atomic
def issue_letter(*, actor: Any, petition: Petition, kind: str) -> IssuedLetter:
    """Take the next number of the agency, render the letter as PDF and DOCX and keep
    both with the petition."""
    if actor is not None and not holds_role_on(actor, petition.unit, INTAKE_ROLES):
        raise PermissionDenied(_("You may not issue letters for this petition."))
    if kind not in available_letters(petition):
        raise ValidationError(_("This letter does not apply to the petition at this stage."))
    on = timezone.localdate()
    prefix, _draft = build_letter(petition, kind, number_text="", on=on)
    symbol = f"{prefix}-{_BODY_SYMBOL.get(petition.agency.kind, 'CQ')}"
    issued = next_document_number(actor=actor, agency=petition.agency, year=on.year, symbol=symbol)
    _prefix, letter = build_letter(petition, kind, number_text=issued.text, on=on)
    stem = f"{petition.tracking_code}-{kind}-{issued.number:02d}"
    pdf = store_attachment(
        actor=actor, owner=petition, upload=render_letter_pdf(letter), name=f"{stem}.pdf"
    )
    docx = store_attachment(
        actor=actor, owner=petition, upload=render_letter_docx(letter), name=f"{stem}.docx"
    )
    record_write(
        actor=actor,
        action="petitions.letter.issue",
        target=petition,
        after={"kind": kind, "number": issued.text, "pdf": pdf.pk, "docx": docx.pk},
        unit_id=petition.unit_id,
    )
    return IssuedLetter(issued.text, pdf, docx)
