"""Candidate matches for a petition at intake: the same person, the same content, the
same subject and place.

Only petitions the user may view are searched (the scopes of their roles, as one
query on ``unit_path``), never the petition itself, the other parts of the same paper
(``intake_group``) or papers already in its case family.

Denouncers are protected (Luật Tố cáo 2018, Art. 47–48): a reason based on the
person that involves a denunciation — as the petition looked at or as the candidate —
is used only when the user may read the identity of every denunciation involved
(:func:`danvan.petitions.protection.may_read_identity`). Otherwise the candidate may
still be offered for its content or its place, scored on those alone, so nothing tells
that the same person sent it. Candidates never carry a name, address, phone or ID.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cases import content_index
from danvan.cases.selectors import visible_petitions
from danvan.core.crypto import lookup_digests
from danvan.core.text import fold
from danvan.dedup.index import ShingleIndex
from danvan.dedup.matcher import DEFAULT_THRESHOLD
from danvan.petitions.models import Petition
from danvan.petitions.protection import is_protected, may_read_identity, person_key, read_identity

PERSON_ID = "person_id"
PERSON_PHONE = "person_phone"
PERSON_NAME = "person_name"
CONTENT = "content"
PLACE = "place"
PERSON_REASONS = frozenset({PERSON_ID, PERSON_PHONE, PERSON_NAME})
REASON_CODES = (PERSON_ID, PERSON_PHONE, PERSON_NAME, CONTENT, PLACE)

# How strongly each reason alone says "the same matter"; the content reason uses its
# text score instead. Several reasons combine as 1 − Π(1 − strength).
STRENGTH = {PERSON_ID: 0.95, PERSON_PHONE: 0.85, PERSON_NAME: 0.75, PLACE: 0.5}

# Without the shared index (tests), content is compared with the most recent visible
# petitions of the last few years only, indexed afresh for each search.
CONTENT_POOL_SIZE = 1_000
CONTENT_POOL_YEARS = 3
# How many more matches than asked the shared index returns before the visibility filter.
SHARED_WIDTH = 20
# Places are compared in Python (addresses are folded), on this many recent rows.
PLACE_POOL_SIZE = 500
PLACE_RADIUS_METRES = 200.0
# Indexed person lookups return at most this many rows each.
PERSON_POOL_SIZE = 200

_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Reason:
    code: str
    score: float | None = None  # the text score, for the content reason

    @property
    def label(self) -> str:
        if self.code == CONTENT and self.score is not None:
            return _("Similar content (%(percent)s%%)") % {"percent": round(self.score * 100)}
        return reason_labels().get(self.code, self.code)

    @property
    def strength(self) -> float:
        if self.code == CONTENT:
            return self.score or 0.0
        return STRENGTH[self.code]


def reason_labels() -> dict[str, str]:
    """The reasons in words, in the language of the request."""
    return {
        PERSON_ID: _("Same citizen ID number"),
        PERSON_PHONE: _("Same phone number"),
        PERSON_NAME: _("Same name and address"),
        CONTENT: _("Similar content"),
        PLACE: _("Same subject and place"),
    }


@dataclass(frozen=True)
class Candidate:
    petition: Petition
    reasons: tuple[Reason, ...]
    score: float

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    @property
    def content_score(self) -> float | None:
        return next((r.score for r in self.reasons if r.code == CONTENT), None)


def combined_score(reasons: Iterable[Reason]) -> float:
    missing = 1.0
    for reason in reasons:
        missing *= 1.0 - min(max(reason.strength, 0.0), 1.0)
    return round(1.0 - missing, 4)


# ---------------------------------------------------------------------------------------
# The person


@dataclass
class _Person:
    """What identifies the sender, as clear values and as keyed digests under every key
    (so rows not yet re-keyed during a key rotation are still found)."""

    citizen_id_digests: set[str] = field(default_factory=set)
    phone: str = ""
    phone_digests: set[str] = field(default_factory=set)
    key: str = ""
    key_digests: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.citizen_id_digests or self.phone or self.key)


def _key_usable(key: str) -> bool:
    # A name alone is not a person: many people share "Nguyễn Văn A"; the address must
    # be there too.
    name, _sep, place = key.partition("|")
    return bool(name.strip() and place.strip())


def _person_of(user: Any, petition: Petition) -> _Person | None:
    """The sender of ``petition`` for matching, or None when the person may not be used:
    an anonymous paper, or a denunciation whose identity this user may not read."""
    if is_protected(petition):
        if not may_read_identity(user, petition):
            return None
        # The one way to a denouncer's identity; the read is audited.
        identity = read_identity(actor=user, petition=petition, reason="cases.matching")
        if identity is None:
            return None
        citizen_id, phone = identity.citizen_id, identity.phone
        key = person_key(identity.name, identity.address)
        stored_id_digest = ""
    else:
        citizen_id, phone, key = (
            petition.petitioner_citizen_id,
            petition.petitioner_phone,
            petition.petitioner_key,
        )
        stored_id_digest = petition.petitioner_citizen_id_digest
    person = _Person()
    if citizen_id:
        person.citizen_id_digests = set(lookup_digests(citizen_id))
    if stored_id_digest:
        person.citizen_id_digests.add(stored_id_digest)
    if phone:
        person.phone = phone
        person.phone_digests = set(lookup_digests(phone))
    if key and _key_usable(key):
        person.key = key
        person.key_digests = set(lookup_digests(key))
    return person or None


def _person_matches(person: _Person, pool: QuerySet[Petition]) -> dict[int, set[str]]:
    """Ids in ``pool`` sent by the same person, with the reasons; ordinary petitions by
    their columns, denunciations by the digests of their protected identity."""
    lookups: list[tuple[str, Q]] = []
    if person.citizen_id_digests:
        digests = sorted(person.citizen_id_digests)
        lookups.append((PERSON_ID, Q(petitioner_citizen_id_digest__in=digests)))
        lookups.append((PERSON_ID, Q(protected_identity__citizen_id_digest__in=digests)))
    if person.phone:
        lookups.append((PERSON_PHONE, Q(petitioner_phone=person.phone)))
        lookups.append(
            (PERSON_PHONE, Q(protected_identity__phone_digest__in=sorted(person.phone_digests)))
        )
    if person.key:
        lookups.append((PERSON_NAME, Q(petitioner_key=person.key)))
        lookups.append(
            (PERSON_NAME, Q(protected_identity__person_digest__in=sorted(person.key_digests)))
        )
    found: dict[int, set[str]] = {}
    for code, condition in lookups:
        rows = pool.filter(condition).order_by("-received_on", "-pk")
        for pk in rows.values_list("pk", flat=True)[:PERSON_POOL_SIZE]:
            found.setdefault(pk, set()).add(code)
    return found


# ---------------------------------------------------------------------------------------
# The content


def _content_matches(text: str, allowed: QuerySet[Petition], limit: int) -> list[tuple[int, float]]:
    """Ids of petitions in ``allowed`` whose content matches ``text``, with the score,
    best first. The one place that knows which text index is used.

    In service, the process-wide index over every petition (``content_index``) is asked
    for a wide list, which the database then narrows to what the user may see. With
    ``DANVAN_DEDUP_SHARED_INDEX`` off (tests, where rows come and go between cases), a
    fresh index is built over the most recent visible petitions instead.
    """
    if settings.DANVAN_DEDUP_SHARED_INDEX:
        found = content_index.search(text, limit=limit * SHARED_WIDTH)
        visible = set(
            allowed.filter(pk__in=[pk for pk, _score in found]).values_list("pk", flat=True)
        )
        return [(pk, score) for pk, score in found if pk in visible][:limit]
    since = timezone.localdate() - timedelta(days=365 * CONTENT_POOL_YEARS)
    rows = (
        allowed.filter(received_on__gte=since)
        .order_by("-received_on", "-pk")
        .values_list("pk", "content")[:CONTENT_POOL_SIZE]
    )
    index = ShingleIndex()
    index.add_many(rows)
    return index.candidates(text, limit=limit, threshold=DEFAULT_THRESHOLD)


# ---------------------------------------------------------------------------------------
# The subject and place


def _folded_words(value: str) -> str:
    return " ".join(w for w in _NOT_WORD.split(fold(value or "")) if w)


def _distance_metres(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> float:
    """Equirectangular distance: exact enough at a few hundred metres."""
    lat1, lon1 = float(a[0]), float(a[1])
    lat2, lon2 = float(b[0]), float(b[1])
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000.0 * math.hypot(x, y)


def same_subject(a: Petition, b: Petition) -> bool:
    """The same category (lĩnh vực) or topic, or the same subject line once folded."""
    if a.category_id is not None and a.category_id == b.category_id:
        return True
    if a.topic_id is not None and a.topic_id == b.topic_id:
        return True
    subject = _folded_words(a.subject)
    return bool(subject) and subject == _folded_words(b.subject)


def same_place(a: Petition, b: Petition) -> bool:
    """The same place written the same way once folded, or map points within 200 m."""
    address = _folded_words(a.location_address)
    if address and address == _folded_words(b.location_address):
        return True
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return False
    point_a = (a.latitude, a.longitude)
    point_b = (b.latitude, b.longitude)
    return _distance_metres(point_a, point_b) <= PLACE_RADIUS_METRES  # type: ignore[arg-type]


def _has_place(petition: Petition) -> bool:
    return bool(_folded_words(petition.location_address)) or (
        petition.latitude is not None and petition.longitude is not None
    )


def _place_matches(petition: Petition, pool: QuerySet[Petition]) -> set[int]:
    if not _has_place(petition):
        return set()
    subject = Q(subject__iexact=petition.subject)
    if petition.category_id is not None:
        subject |= Q(category_id=petition.category_id)
    if petition.topic_id is not None:
        subject |= Q(topic_id=petition.topic_id)
    with_place = pool.filter(~Q(location_address="") | Q(latitude__isnull=False)).order_by(
        "-received_on", "-pk"
    )
    fields = (
        "pk",
        "subject",
        "category_id",
        "topic_id",
        "location_address",
        "latitude",
        "longitude",
    )
    # The same category or topic, however old; and the most recent papers with a place,
    # whose subject or address may be spelt another way (folded in Python).
    rows = [
        *with_place.filter(subject).only(*fields)[:PLACE_POOL_SIZE],
        *with_place.only(*fields)[:PLACE_POOL_SIZE],
    ]
    return {
        other.pk for other in rows if same_subject(petition, other) and same_place(petition, other)
    }


# ---------------------------------------------------------------------------------------
# Together


def candidate_pool(user: Any, petition: Petition) -> QuerySet[Petition]:
    """What may be offered for ``petition``: visible to the user, not itself, not a
    part of the same paper, not already in its family."""
    pool = (
        visible_petitions(user).exclude(pk=petition.pk).exclude(intake_group=petition.intake_group)
    )
    if petition.family_id is not None:
        pool = pool.exclude(family_id=petition.family_id)
    return pool


def _find(user: Any, petition: Petition, pool: QuerySet[Petition], limit: int) -> list[Candidate]:
    person = _person_of(user, petition)
    by_person = _person_matches(person, pool) if person is not None else {}
    by_content = dict(_content_matches(petition.content, pool, limit * 3))
    by_place = _place_matches(petition, pool)
    ids = set(by_person) | set(by_content) | by_place
    if not ids:
        return []
    found: list[Candidate] = []
    others = Petition.objects.filter(pk__in=ids).select_related("agency", "unit", "family")
    for other in others:
        reasons: list[Reason] = []
        codes = by_person.get(other.pk, set())
        # The source's side was checked in _person_of; here the candidate's.
        if codes and (not is_protected(other) or may_read_identity(user, other)):
            reasons += [
                Reason(code) for code in (PERSON_ID, PERSON_PHONE, PERSON_NAME) if code in codes
            ]
        if other.pk in by_content:
            reasons.append(Reason(CONTENT, round(by_content[other.pk], 4)))
        if other.pk in by_place:
            reasons.append(Reason(PLACE))
        if reasons:
            found.append(Candidate(other, tuple(reasons), combined_score(reasons)))
    found.sort(key=lambda c: (-c.score, -c.petition.received_on.toordinal(), -c.petition.pk))
    return found[:limit]


def candidates_for(user: Any, petition: Petition, *, limit: int = 10) -> list[Candidate]:
    """Petitions that may be the same matter as ``petition``, strongest first."""
    if limit <= 0:
        return []
    return _find(user, petition, candidate_pool(user, petition), limit)


def match_between(user: Any, petition: Petition, other: Petition) -> Candidate | None:
    """The reasons ``other`` would be offered for ``petition`` (None if it would not
    be): what a confirmed link records, computed again rather than taken from a form."""
    return next(
        iter(_find(user, petition, candidate_pool(user, petition).filter(pk=other.pk), 1)), None
    )
