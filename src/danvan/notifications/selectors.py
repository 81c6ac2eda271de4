"""Reads for notifications."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from danvan.notifications.channels import Recipient
from danvan.notifications.models import CitizenNotice, Delivery, DeliveryStatus
from danvan.petitions.models import Petition
from danvan.petitions.protection import contact_for_delivery, is_protected


def recipient_of(petition: Petition) -> Recipient:
    """How the petitioner can be reached: what they gave on the petition, then their
    account. An anonymous petitioner is reached only through what they gave."""
    if is_protected(petition):
        # A denouncer is reached through the protected identity (an audited system read).
        phone, email = contact_for_delivery(petition)
    else:
        phone, email = petition.petitioner_phone, petition.petitioner_email
    user = petition.petitioner_user
    if user is not None and user.is_active and not petition.is_anonymous:
        phone = phone or user.phone or ""
        email = email or user.email or ""
    return Recipient(phone=phone, email=email)


def citizen_notices(petition: Petition) -> QuerySet[CitizenNotice]:
    """What the citizen was told about this petition, oldest first (for the tracking page)."""
    return CitizenNotice.objects.filter(petition=petition).order_by("created_at", "pk")


def due_deliveries(*, now: datetime) -> QuerySet[Delivery]:
    """Deliveries waiting for a (first or next) attempt whose time has come."""
    return Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
