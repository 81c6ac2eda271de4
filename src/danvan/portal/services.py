"""Submissions from citizens on the public portal."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.petitions.models import Channel, Petition
from danvan.petitions.services import PetitionDraft, receive_petitions
from danvan.portal.models import OnlineSubmission
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel


def receiving_agency(unit: AdministrativeUnit) -> Agency:
    """Online petitions to a commune go to its People's Committee."""
    if unit.level != UnitLevel.COMMUNE or not unit.is_active:
        raise ValidationError(_("Choose a commune, ward or special zone in force."))
    agency = Agency.objects.filter(
        unit=unit, kind=AgencyKind.PEOPLES_COMMITTEE, is_active=True
    ).first()
    if agency is None:
        raise ValidationError(_("This commune cannot receive petitions online yet."))
    return agency


MAX_PER_HOUR = 10


class TooManySubmissionsError(Exception):
    """The same address sent more than MAX_PER_HOUR petitions in the last hour."""


def sender_hash(address: str | None) -> str:
    if not address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def submit_online(
    *,
    unit: AdministrativeUnit,
    draft: PetitionDraft,
    key: uuid.UUID,
    user: Any = None,
    attachment: Any = None,
    address: str | None = None,
) -> Petition:
    """Record a petition sent through the portal. The same ``key`` always gives back the
    petition created the first time, whatever happens in between."""
    existing = OnlineSubmission.objects.filter(key=key).first()
    if existing is not None:
        return existing.petitions.order_by("pk")[0]
    agency = receiving_agency(unit)
    digest = sender_hash(address)
    if digest:
        since = timezone.now() - timedelta(hours=1)
        if (
            OnlineSubmission.objects.filter(sender_hash=digest, created_at__gte=since).count()
            >= MAX_PER_HOUR
        ):
            raise TooManySubmissionsError
    try:
        with transaction.atomic():
            submission = OnlineSubmission.objects.create(key=key, sender_hash=digest)
            # The portal is a channel of the system itself: no staff actor is involved.
            [petition] = receive_petitions(
                actor=None, agency=agency, drafts=[draft], channel=Channel.PORTAL
            )
            if getattr(user, "is_authenticated", False):
                petition.petitioner_user = user
                petition.save(update_fields=["petitioner_user"])
            submission.petitions.add(petition)
            if attachment is not None:
                from danvan.documents.services import store_attachment

                store_attachment(actor=None, owner=petition, upload=attachment)
    except IntegrityError:
        # Another request with the same key won the race: return its petition.
        return OnlineSubmission.objects.get(key=key).petitions.order_by("pk")[0]
    return petition
