"""Writes for Open311: a POSTed request becomes an ordinary petition, received the way
the portal receives one (feedback, channel "portal", the commune's People's Committee),
plus a row saying that it came through Open311."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.api.models import ApiToken
from danvan.audit.services import record_write
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_text
from danvan.open311.models import ServiceRequest
from danvan.open311.params import Submission
from danvan.petitions.models import PetitionKind
from danvan.petitions.services import PetitionDraft
from danvan.portal.services import TooManySubmissionsError, submit_online

# Fixed, so that a client's Idempotency-Key always gives the same submission key.
_KEY_NAMESPACE = uuid.UUID("280207ec-a7eb-49e3-a673-c2b02968d04c")
SUBJECT_LENGTH = 120


def submission_key(*, api_token: ApiToken, idempotency_key: str) -> uuid.UUID:
    """The portal's idempotency key for a request. A client's Idempotency-Key is scoped
    to its API key, so clients can neither collide nor guess each other's tokens;
    without one every request is new."""
    if not idempotency_key:
        return uuid.uuid4()
    return uuid.uuid5(_KEY_NAMESPACE, f"{api_token.digest}:{idempotency_key}")


def _subject(description: str) -> str:
    """Open311 has no subject: the start of the description, cut at a word."""
    if len(description) <= SUBJECT_LENGTH:
        return description
    cut = description[: SUBJECT_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"


def _draft(submission: Submission) -> PetitionDraft:
    # Vietnamese order: family name (last_name) first.
    name = normalize_text(f"{submission.last_name} {submission.first_name}")
    content = submission.description
    if submission.media_url:
        # Staff read the petition, not the Open311 row: the link goes into the content.
        content += " " + _("Photo or video: %(url)s") % {"url": submission.media_url}
    return PetitionDraft(
        kind=PetitionKind.FEEDBACK,
        subject=_subject(submission.description),
        content=content,
        petitioner_name=name,
        petitioner_phone=submission.phone,
        petitioner_email=submission.email,
        is_anonymous=not name,
        category=submission.service,
        latitude=submission.lat or None,
        longitude=submission.long or None,
        location_address=submission.address,
    )


@transaction.atomic
def submit_request(
    *,
    actor: Any,
    api_token: ApiToken,
    submission: Submission,
    key: uuid.UUID,
    address: str | None,
) -> ServiceRequest:
    """Record a request sent by the program holding ``api_token`` (``actor`` is its
    account). The same ``key`` always gives back the request made the first time.

    Raises ValidationError (the petition service's checks), TooManySubmissionsError
    (more than DANVAN_OPEN311_REQUESTS_PER_KEY_HOUR from this key in the last hour) or
    PermissionDenied. ``address`` is the connection's, kept for the audit context only."""
    require_perm(
        actor, "open311.submit_request", None, message=_("This key may not send requests.")
    )
    existing = ServiceRequest.objects.select_related("petition").filter(token=key).first()
    if existing is not None:
        return existing
    # A key usually relays many citizens from one server: it is limited per key, not per
    # connection as the portal's own form is.
    since = timezone.now() - timedelta(hours=1)
    if (
        ServiceRequest.objects.filter(api_token=api_token, created_at__gte=since).count()
        >= settings.DANVAN_OPEN311_REQUESTS_PER_KEY_HOUR
    ):
        raise TooManySubmissionsError
    # The account behind the key is a program, not the petitioner: no user is linked.
    petition = submit_online(
        unit=submission.unit, draft=_draft(submission), key=key, user=None, address=None
    )
    record, created = ServiceRequest.objects.get_or_create(
        petition=petition,
        defaults={"token": key, "api_token": api_token, "media_url": submission.media_url},
    )
    if created:
        record_write(
            actor=actor,
            action="open311.submit_request",
            target=record,
            after={
                "tracking_code": petition.tracking_code,
                "service": submission.service.code,
                "key": api_token.prefix,
            },
            unit_id=petition.unit_id,
        )
    return record
