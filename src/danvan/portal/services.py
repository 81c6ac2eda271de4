"""Submissions from citizens on the public portal."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
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
# A signed-in citizen is one person wherever they connect from: a daily cap as well.
MAX_PER_ACCOUNT_HOUR = 10
MAX_PER_ACCOUNT_DAY = 30


class TooManySubmissionsError(Exception):
    """The same address or account sent more petitions than the limits allow."""


def _over_account_limit(user: Any) -> bool:
    now = timezone.now()
    mine = Petition.objects.filter(petitioner_user=user, channel=Channel.PORTAL)
    return (
        mine.filter(received_at__gte=now - timedelta(hours=1)).count() >= MAX_PER_ACCOUNT_HOUR
        or mine.filter(received_at__gte=now - timedelta(days=1)).count() >= MAX_PER_ACCOUNT_DAY
    )


MAX_SIGNUPS_PER_HOUR = 5


def signup_allowed(address: str | None) -> bool:
    """At most MAX_SIGNUPS_PER_HOUR account attempts per address and hour (counted in the
    cache: a lost count after a restart only lets a few more through)."""
    key = f"portal:signup:{sender_hash(address or 'unknown')}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= MAX_SIGNUPS_PER_HOUR


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
    attachments: list[Any] | None = None,
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
    if getattr(user, "is_authenticated", False) and _over_account_limit(user):
        raise TooManySubmissionsError
    try:
        with transaction.atomic():
            submission = OnlineSubmission.objects.create(key=key, sender_hash=digest)
            # The portal is a channel of the system itself: no staff actor is involved.
            if getattr(user, "is_authenticated", False):
                draft = dataclasses.replace(draft, petitioner_user=user)
            [petition] = receive_petitions(
                actor=None, agency=agency, drafts=[draft], channel=Channel.PORTAL
            )
            submission.petitions.add(petition)
            if attachments:
                from danvan.documents.services import store_attachment

                stored: list[Any] = []
                try:
                    for upload in attachments:
                        try:
                            stored.append(
                                store_attachment(actor=None, owner=petition, upload=upload)
                            )
                        except ValidationError as exc:
                            # Name the file at fault; the whole submission is undone.
                            raise ValidationError(
                                {"attachments": [f"{upload.name}: {m}" for m in exc.messages]}
                            ) from exc
                except BaseException:
                    # The rows roll back with the transaction; the files on disk do not.
                    for attachment in stored:
                        attachment.file.delete(save=False)
                    raise
    except IntegrityError:
        # Another request with the same key won the race: return its petition.
        return OnlineSubmission.objects.get(key=key).petitions.order_by("pk")[0]
    return petition
