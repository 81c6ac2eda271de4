"""Reads for Open311: the services (categories) and the public view of feedback.

Only feedback (phản ánh) is ever listed: complaints, denunciations and petitions concern
people and stay out of it. No listed item carries the petitioner's name, phone, e-mail or
address. The description, the place and the photo link are shown only for requests that
came in through Open311 (whose senders are told they are public), also after they were
forwarded to another agency; for feedback received on the portal, on paper or at a
reception only the service, the status and the dates are shown.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.open311.models import ServiceRequest
from danvan.petitions.models import OPEN_STATUSES, Category, Petition, PetitionKind, Status
from danvan.petitions.tracking import normalize_tracking_code
from danvan.units.models import AdministrativeUnit, UnitLevel, UnitScheme

# The standard's limits: the most recent 90 days unless asked otherwise, 1,000 at most.
MAX_RESULTS = 1000
DEFAULT_WINDOW = timedelta(days=90)
DESCRIPTION_LIMIT = 500
# A decision is public once it was made public or the case closed (as on the portal).
PUBLISHED = frozenset({Status.DISCLOSED, Status.CLOSED})
# Forwarding chains are short; the bound only protects against bad data.
MAX_FORWARDS = 10


def services() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("order", "name")


def service(code: str, *, in_use: bool = True) -> Category | None:
    found = Category.objects.filter(code=code)
    if in_use:
        found = found.filter(is_active=True)
    return found.first()


def jurisdiction(code: str) -> AdministrativeUnit | None:
    """A province or commune in force, by its official code."""
    return AdministrativeUnit.objects.filter(
        scheme=UnitScheme.OFFICIAL_2025,
        code=code,
        level__in=(UnitLevel.PROVINCE, UnitLevel.COMMUNE),
        is_active=True,
    ).first()


def request_for_token(raw: str) -> ServiceRequest | None:
    try:
        token = uuid.UUID(raw)
    except ValueError:
        return None
    return ServiceRequest.objects.filter(token=token).select_related("petition").first()


@dataclass(frozen=True)
class PublicRequest:
    """One service request as anyone may see it."""

    service_request_id: str
    status: str  # "open" or "closed"
    status_notes: str
    service_name: str | None
    service_code: str | None
    description: str | None
    agency_responsible: str
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None
    address: str | None
    lat: Decimal | None
    long: Decimal | None
    media_url: str | None


def _feedback() -> QuerySet[Petition]:
    return (
        Petition.objects.filter(kind=PetitionKind.FEEDBACK)
        .select_related("category", "agency", "forwarded_to")
        .prefetch_related(
            Prefetch(
                "transfers",
                queryset=Petition.objects.order_by("pk").only("pk", "tracking_code"),
                to_attr="transfer_list",
            )
        )
    )


def _in(queryset: QuerySet[Petition], unit: AdministrativeUnit | None) -> QuerySet[Petition]:
    return queryset if unit is None else queryset.filter(unit_path__startswith=unit.path)


def request_by_id(raw: str, *, unit: AdministrativeUnit | None = None) -> PublicRequest | None:
    code = normalize_tracking_code(raw)
    if code is None:
        return None
    petition = _in(_feedback(), unit).filter(tracking_code=code).first()
    return None if petition is None else _public([petition])[0]


def requests_by_ids(
    raw_ids: list[str], *, unit: AdministrativeUnit | None = None
) -> list[PublicRequest]:
    """The requests among ``raw_ids`` that exist and may be shown; unknown ones are left
    out, as the standard's lists do."""
    codes = {c for c in (normalize_tracking_code(r) for r in raw_ids) if c is not None}
    found = _in(_feedback(), unit).filter(tracking_code__in=codes)
    return _public(list(found.order_by("-received_at", "-pk")[:MAX_RESULTS]))


def search_requests(
    *,
    unit: AdministrativeUnit | None,
    service: Category | None,
    status: str | None,
    start: datetime,
    end: datetime,
) -> list[PublicRequest]:
    """Requests received between ``start`` and ``end``, the most recent first."""
    found = _in(_feedback(), unit).filter(received_at__gte=start, received_at__lte=end)
    if service is not None:
        found = found.filter(category=service)
    if status == "open":
        found = found.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        found = found.exclude(status__in=OPEN_STATUSES)
    return _public(list(found.order_by("-received_at", "-pk")[:MAX_RESULTS]))


def _origins(petitions: list[Petition]) -> dict[int, ServiceRequest]:
    """The Open311 request each petition stems from, following forwards back to the
    agency that first received it (a forwarded petition is a new row elsewhere)."""
    roots = {p.pk: p.pk for p in petitions}
    parents: dict[int, int | None] = {p.pk: p.transferred_from_id for p in petitions}
    for _hop in range(MAX_FORWARDS):
        climbing: dict[int, int] = {}
        for pk, root in roots.items():
            up = parents.get(root)
            if up is not None:
                climbing[pk] = up
        if not climbing:
            break
        roots.update(climbing)
        unknown = {up for up in climbing.values() if up not in parents}
        parents.update(
            Petition.objects.filter(pk__in=unknown).values_list("pk", "transferred_from_id")
        )
    records = {
        r.petition_id: r for r in ServiceRequest.objects.filter(petition_id__in=set(roots.values()))
    }
    return {pk: records[root] for pk, root in roots.items() if root in records}


def _status_notes(petition: Petition) -> str:
    label = str(Status(petition.status).label)
    if petition.status == Status.FORWARDED and petition.forwarded_to is not None:
        transfers = getattr(petition, "transfer_list", [])
        if transfers:
            return _("Forwarded to %(agency)s; follow it there as %(code)s.") % {
                "agency": petition.forwarded_to.name,
                "code": transfers[0].tracking_code,
            }
        return f"{label}: {petition.forwarded_to.name}"
    if petition.status in PUBLISHED and petition.decision_summary:
        return f"{label}: {petition.decision_summary}"
    return label


def _end_of_day(day: date) -> datetime:
    # A period ends with its last day, so the request is due by the end of that day.
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_current_timezone())


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[: DESCRIPTION_LIMIT - 1].rstrip() + "…"


def _public(petitions: list[Petition]) -> list[PublicRequest]:
    origins = _origins(petitions)
    items = []
    for p in petitions:
        record = origins.get(p.pk)
        is_open = p.status in OPEN_STATUSES
        items.append(
            PublicRequest(
                service_request_id=p.tracking_code,
                status="open" if is_open else "closed",
                status_notes=_status_notes(p),
                service_name=p.category.name if p.category else None,
                service_code=p.category.code if p.category else None,
                description=_shorten(p.content) if record else None,
                agency_responsible=p.agency.name,
                requested_datetime=p.received_at,
                updated_datetime=p.updated_at,
                expected_datetime=_end_of_day(p.next_due_on) if is_open and p.next_due_on else None,
                address=(p.location_address or None) if record else None,
                lat=p.latitude if record else None,
                long=p.longitude if record else None,
                media_url=(record.media_url or None) if record else None,
            )
        )
    return items
