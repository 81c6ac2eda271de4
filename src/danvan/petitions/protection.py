"""The denouncer's identity: kept apart, encrypted, read by two people, every read audited.

Luật Tố cáo 2018 (Art. 47–48) obliges the agency to keep secret who denounced. A
denunciation's petition row therefore carries no name, address, phone, e-mail or
citizen ID: they live in :class:`ProtectedIdentity`, encrypted with DANVAN_FIELD_KEY.
Only the handler assigned to the case and the head (leader) of the handling agency
itself may read it (a leader of the province above may not), and each read is an
audit entry. Lists, search, exports, the API, notifications, letters and logs never
read it; delivery of the citizen's own notices reads the contact as the system, and
that read is audited too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from danvan.accounts.roles import Role
from danvan.accounts.selectors import active_assignments
from danvan.audit.services import record_read, record_write
from danvan.core.crypto import lookup_digest
from danvan.core.text import fold
from danvan.petitions.models import Petition, PetitionKind, ProtectedIdentity

# The petition fields that hold who sent it; for a denunciation they stay empty.
IDENTITY_FIELDS = (
    "petitioner_name",
    "petitioner_address",
    "petitioner_phone",
    "petitioner_email",
    "petitioner_citizen_id",
    "petitioner_citizen_id_digest",
    "petitioner_key",
)

_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Words that name the same place or person in different ways ("thôn 3", "số 3").
_FILLER = frozenset(["ong", "ba", "anh", "chi", "so", "thon", "xom", "ap", "to", "xa", "phuong"])


def person_key(name: str, address: str) -> str:
    """Name and address reduced so that spellings of the same person meet:
    ``Ông Nguyễn Văn A, thôn 3`` and ``nguyen van a - Thon 3`` give the same key.
    Empty without a name."""
    words = [w for w in _NOT_WORD.split(fold(name)) if w and w not in _FILLER]
    if not words:
        return ""
    place = [w for w in _NOT_WORD.split(fold(address)) if w and w not in _FILLER]
    return (" ".join(words) + "|" + " ".join(place))[:255]


def is_protected(petition: Petition) -> bool:
    return petition.kind == PetitionKind.DENUNCIATION


def may_read_identity(user: Any, petition: Petition) -> bool:
    """The assigned handler, or a leader whose role is on the handling agency itself."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if petition.assigned_to_id is not None and petition.assigned_to_id == user.pk:
        return True
    return any(
        a.role == Role.LEADER and a.agency_id == petition.agency_id
        for a in active_assignments(user)
    )


@dataclass(frozen=True)
class IdentityView:
    name: str
    address: str
    phone: str
    email: str
    citizen_id: str


def split_identity(cleaned: dict[str, Any]) -> dict[str, str]:
    """Take the identity out of a denunciation's cleaned intake data (in place) and
    return it; the petition is then created without it."""
    identity = {
        "name": cleaned.get("petitioner_name", ""),
        "address": cleaned.get("petitioner_address", ""),
        "phone": cleaned.get("petitioner_phone", ""),
        "email": cleaned.get("petitioner_email", ""),
        "citizen_id": cleaned.get("petitioner_citizen_id", ""),
    }
    for name in IDENTITY_FIELDS:
        cleaned[name] = ""
    return identity


def store_identity(petition: Petition, identity: dict[str, str]) -> ProtectedIdentity | None:
    """Keep the identity of ``petition``'s denouncer; nothing when it is anonymous."""
    if not any(identity.values()):
        return None
    key = person_key(identity["name"], identity["address"])
    return ProtectedIdentity.objects.create(
        petition=petition,
        name=identity["name"],
        address=identity["address"],
        phone=identity["phone"],
        email=identity["email"],
        citizen_id=identity["citizen_id"],
        person_key=key,
        phone_digest=lookup_digest(identity["phone"]) if identity["phone"] else "",
        citizen_id_digest=lookup_digest(identity["citizen_id"]) if identity["citizen_id"] else "",
        person_digest=lookup_digest(key) if key else "",
    )


def _identity_of(petition: Petition) -> ProtectedIdentity | None:
    return ProtectedIdentity.objects.filter(petition=petition).first()


def read_identity(*, actor: Any, petition: Petition, reason: str = "") -> IdentityView | None:
    """The denouncer's identity for one of the two people allowed; the read is
    recorded. None when the denunciation is anonymous."""
    if not may_read_identity(actor, petition):
        raise PermissionDenied(
            _(
                "Only the assigned handler and the head of the handling agency may see "
                "who denounced."
            )
        )
    identity = _identity_of(petition)
    record_read(
        actor=actor,
        action="petitions.read_denouncer_identity",
        target=petition,
        fields=["name", "address", "phone", "email", "citizen_id"],
        reason=reason,
        unit_id=petition.unit_id,
    )
    if identity is None:
        return None
    return IdentityView(
        identity.name, identity.address, identity.phone, identity.email, identity.citizen_id
    )


def contact_for_delivery(petition: Petition) -> tuple[str, str]:
    """Phone and e-mail to send the denouncer their own notices; read as the system and
    audited (no person sees it)."""
    identity = _identity_of(petition)
    if identity is None:
        return "", ""
    record_read(
        actor=None,
        action="petitions.read_denouncer_contact",
        target=petition,
        fields=["phone", "email"],
        reason="notification",
        unit_id=petition.unit_id,
    )
    return identity.phone, identity.email


def copy_identity(*, source: Petition, target: Petition) -> None:
    """A forwarded denunciation takes its protected identity along to the new agency."""
    identity = _identity_of(source)
    if identity is None:
        return
    ProtectedIdentity.objects.create(
        petition=target,
        name=identity.name,
        address=identity.address,
        phone=identity.phone,
        email=identity.email,
        citizen_id=identity.citizen_id,
        person_key=identity.person_key,
        phone_digest=identity.phone_digest,
        citizen_id_digest=identity.citizen_id_digest,
        person_digest=identity.person_digest,
    )
    record_write(
        actor=None,
        action="petitions.copy_denouncer_identity",
        target=target,
        after={"from": source.tracking_code},
        unit_id=target.unit_id,
    )
