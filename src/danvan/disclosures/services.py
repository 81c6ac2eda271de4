"""Writes of disclosures: record, publish, attach evidence. Each is checked and audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.dates import reject_future
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_text
from danvan.disclosures import legal
from danvan.disclosures.models import Disclosure, Form, Subject
from danvan.documents.filetypes import detect
from danvan.documents.models import Attachment
from danvan.documents.services import store_attachment
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind

# A decision may be dated ahead by a day (signed late in the evening, time zones); more
# than that is a typing mistake.
_FUTURE_TOLERANCE = timedelta(days=1)
EVIDENCE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})


def _snapshot(disclosure: Disclosure) -> dict[str, Any]:
    return {
        "subject": disclosure.subject,
        "title": disclosure.title,
        "decided_on": disclosure.decided_on,
        "published_on": disclosure.published_on,
        "posting_until": disclosure.posting_until,
        "permanent": disclosure.permanent,
        "forms": list(disclosure.forms),
        "loudspeaker_days": disclosure.loudspeaker_days,
        "is_public": disclosure.is_public,
        "document_id": disclosure.document_id,
    }


def _not_future(value: date, field: str, today: date) -> None:
    reject_future(value, field, today, tolerance=_FUTURE_TOLERANCE)


def _read(upload: UploadedFile | bytes) -> tuple[bytes, str]:
    if isinstance(upload, bytes):
        return upload, ""
    upload.seek(0)
    return b"".join(upload.chunks()), upload.name or ""


@transaction.atomic
def record_disclosure(
    *,
    actor: Any,
    agency: Agency,
    subject: str,
    title: str,
    decided_on: date,
    unit: AdministrativeUnit | None = None,
    is_public: bool = True,
    document: UploadedFile | None = None,
    today: date | None = None,
) -> Disclosure:
    """Register a decision or document that must be disclosed (not yet disclosed)."""
    unit = unit or agency.unit
    require_perm(
        actor,
        "disclosures.record_disclosure",
        unit,
        message=_("You may not record disclosures for this unit."),
    )
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if agency.kind != AgencyKind.PEOPLES_COMMITTEE:
        # Đ.11–13 put the duty to disclose on the commune's People's Committee.
        errors["agency"] = _("Disclosures are recorded by the People's Committee.")
    if not unit.path.startswith(agency.unit.path):
        errors["unit"] = _("The unit must be the agency's unit or a unit below it.")
    if subject not in Subject.values:
        errors["subject"] = _("Choose one of the subjects of Article 11.")
    title = normalize_text(title or "").strip()
    if not title:
        errors["title"] = _("Enter the title of the document.")
    if errors:
        raise ValidationError(errors)
    _not_future(decided_on, "decided_on", today)
    disclosure = Disclosure.objects.create(
        agency=agency,
        unit=unit,
        unit_path=unit.path,
        subject=subject,
        title=title[:300],
        decided_on=decided_on,
        # Democracy rules and administrative procedures stay posted (Đ.13).
        permanent=subject in legal.PERMANENT_SUBJECTS,
        is_public=is_public,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if document is not None:
        disclosure.document = store_attachment(actor=actor, owner=disclosure, upload=document)
        disclosure.save(update_fields=["document", "updated_at"])
    record_write(
        actor=actor,
        action="disclosures.disclosure.record",
        target=disclosure,
        after=_snapshot(disclosure),
        unit_id=unit.pk,
    )
    return disclosure


@transaction.atomic
def publish_disclosure(
    *,
    actor: Any,
    disclosure: Disclosure,
    published_on: date,
    forms: Iterable[str],
    posting_until: date | None = None,
    loudspeaker_days: int | None = None,
    evidence: Iterable[UploadedFile] = (),
    today: date | None = None,
) -> Disclosure:
    """Record that the information was made known: when, how, and until when.

    Facts that fall short of the law (posting ended early, too few loudspeaker days,
    late) are recorded as they are and shown by ``disclosure_state``; only impossible
    or contradictory input is refused.
    """
    require_perm(
        actor,
        "disclosures.record_disclosure",
        disclosure,
        message=_("You may not record disclosures for this unit."),
    )
    today = today or timezone.localdate()
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    before = _snapshot(locked)
    chosen = list(dict.fromkeys(forms))
    errors: dict[str, str] = {}
    if not chosen:
        errors["forms"] = _("Choose at least one form of disclosure.")
    elif any(code not in Form.values for code in chosen):
        errors["forms"] = _("Unknown form of disclosure.")
    if published_on < locked.decided_on:
        errors["published_on"] = _("The disclosure cannot start before the decision date.")
    elif published_on > today + _FUTURE_TOLERANCE:
        errors["published_on"] = _("The date %(date)s is in the future.") % {
            "date": published_on.strftime("%d/%m/%Y")
        }
    if posting_until is not None:
        if locked.subject in legal.PERMANENT_SUBJECTS:
            errors["posting_until"] = _(
                "This subject stays posted permanently (Article 13); leave the end date empty."
            )
        elif posting_until <= published_on:
            errors["posting_until"] = _("The posting must end after it started.")
    if loudspeaker_days is not None:
        if loudspeaker_days < 0:
            errors["loudspeaker_days"] = _("The number of days must not be negative.")
        elif loudspeaker_days > 0 and Form.LOUDSPEAKER not in chosen:
            errors["loudspeaker_days"] = _(
                "Loudspeaker days are given but the loudspeaker is not among the forms."
            )
    if errors:
        raise ValidationError(errors)
    locked.published_on = published_on
    locked.forms = chosen
    locked.posting_until = posting_until
    locked.loudspeaker_days = loudspeaker_days
    locked.save(
        update_fields=["published_on", "forms", "posting_until", "loudspeaker_days", "updated_at"]
    )
    for upload in evidence:
        _store_evidence(actor=actor, disclosure=locked, upload=upload)
    record_write(
        actor=actor,
        action="disclosures.disclosure.publish",
        target=locked,
        before=before,
        after=_snapshot(locked),
        unit_id=locked.unit_id,
    )
    return locked


def _store_evidence(
    *, actor: Any, disclosure: Disclosure, upload: UploadedFile | bytes, name: str = ""
) -> Attachment:
    data, upload_name = _read(upload)
    name = name or upload_name
    # Evidence is a photo of the notice board or a scanned log: refuse other kinds.
    detected = detect(data, name)
    if detected.content_type not in EVIDENCE_TYPES:
        raise ValidationError(
            {"evidence": _("Evidence must be a photo (JPEG, PNG, WebP) or a PDF.")},
            code="evidence_type",
        )
    return store_attachment(actor=actor, owner=disclosure, upload=data, name=name)


@transaction.atomic
def add_evidence(
    *, actor: Any, disclosure: Disclosure, upload: UploadedFile | bytes, name: str = ""
) -> Attachment:
    """Attach a photo of the notice board, a loudspeaker log or similar proof."""
    require_perm(
        actor,
        "disclosures.record_disclosure",
        disclosure,
        message=_("You may not record disclosures for this unit."),
    )
    attachment = _store_evidence(actor=actor, disclosure=disclosure, upload=upload, name=name)
    record_write(
        actor=actor,
        action="disclosures.disclosure.add_evidence",
        target=disclosure,
        after={"attachment_id": attachment.pk, "name": attachment.original_name},
        unit_id=disclosure.unit_id,
    )
    return attachment
