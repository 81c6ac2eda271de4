"""A signed-in person's copy of everything the platform holds about them (the data
subject's right of access, Luật Bảo vệ dữ liệu cá nhân 2025).

The copy holds their own data only: their account, the petitions they sent (with the
identity they gave, also on a denunciation: it is theirs), what they were told, their
ratings, the households they represent and those households' votes, their comments on
drafts, their board memberships, their notifications, and who read their data when.
It never holds another person's data: no internal notes or steps of the case, no
handler, no other petitioner, no other household. Readers in the access log are named
by role and agency, not by name: an official acts for the agency, which answers for the
reading and can look up the person in its own audit log when the citizen asks.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from danvan.accounts.models import User
from danvan.audit.models import AuditEntry
from danvan.audit.services import neutral_label, record_read
from danvan.petitions.models import Petition, PetitionKind, ProtectedIdentity, Status

FORMAT_VERSION = 1
# The decision is shown once published, as on the tracking page.
PUBLISHED = {Status.DISCLOSED, Status.CLOSED}
# What each logged reading was, in words for the person (unknown actions keep their code).
READ_LABELS = {
    "petitions.view_petitioner": gettext_lazy("An official opened your petition"),
    "petitions.read_denouncer_identity": gettext_lazy(
        "An official allowed to do so read your identity as a denouncer"
    ),
    "petitions.read_denouncer_contact": gettext_lazy(
        "The system read your contact details to send you a notice"
    ),
    "api.read_petitioner": gettext_lazy("Your details were read through the API"),
    "decisions.view_household": gettext_lazy("An official opened your household's record"),
    "decisions.view_household_register": gettext_lazy(
        "An official opened your village's household register"
    ),
    "boards.view_members": gettext_lazy("An official opened your board's list of members"),
    "portal.export_own_data": gettext_lazy("You downloaded your data"),
}
SECTIONS = [
    "account",
    "petitions",
    "households",
    "consultation_comments",
    "board_memberships",
    "notifications",
    "access_log",
]


def _petitioner(petition: Petition) -> dict[str, str]:
    if petition.kind == PetitionKind.DENUNCIATION:
        identity = ProtectedIdentity.objects.filter(petition=petition).first()
        if identity is None:
            return {}
        return {
            "name": identity.name,
            "address": identity.address,
            "phone": identity.phone,
            "email": identity.email,
            "citizen_id": identity.citizen_id,
        }
    return {
        "name": petition.petitioner_name,
        "address": petition.petitioner_address,
        "phone": petition.petitioner_phone,
        "email": petition.petitioner_email,
        "citizen_id": petition.petitioner_citizen_id,
    }


def _petition(petition: Petition) -> dict[str, Any]:
    from danvan.documents.models import Attachment
    from danvan.petitions.models import Channel

    published = petition.status in PUBLISHED
    rating = getattr(petition, "satisfaction", None)
    # What the person sent through the portal themselves; letters and files added by the
    # agency may name officials or other people, and are not part of the copy.
    sent_files = (
        Attachment.objects.filter(
            owner_type=petition._meta.label_lower,
            owner_id=str(petition.pk),
            uploaded_by__isnull=True,
        )
        if petition.channel == Channel.PORTAL
        else Attachment.objects.none()
    )
    return {
        "tracking_code": petition.tracking_code,
        "kind": petition.get_kind_display(),
        "channel": petition.get_channel_display(),
        "sent_to": petition.agency.name,
        "received_on": petition.received_on,
        "status": petition.get_status_display(),
        "subject": petition.subject,
        "content": petition.content,
        "category": petition.category.name if petition.category else "",
        "place": petition.location_address,
        "latitude": petition.latitude,
        "longitude": petition.longitude,
        "signers": petition.signer_count,
        "anonymous": petition.is_anonymous,
        "petitioner": _petitioner(petition),
        "decided_on": petition.decided_on if published else None,
        "outcome": petition.get_outcome_display() if published and petition.outcome else "",
        "decision": petition.decision_summary if published else "",
        "closed_on": petition.closed_on,
        "files_sent": [
            {
                "name": a.original_name,
                "type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "uploaded_at": a.created_at,
            }
            for a in sent_files
        ],
        "notices": [
            {
                "at": notice.created_at,
                "event": notice.get_event_display(),
                "subject": notice.subject,
                "text": notice.text,
                "deliveries": [
                    {
                        "channel": d.channel,
                        "to": d.address_hint,
                        "status": d.get_status_display(),
                        "sent_at": d.sent_at,
                    }
                    for d in notice.deliveries.all()
                ],
            }
            for notice in petition.citizen_notices.prefetch_related("deliveries")
        ],
        "rating": None
        if rating is None
        else {
            "rated_on": rating.rated_on,
            "score": rating.score,
            "timeliness": rating.timeliness,
            "attitude": rating.attitude,
            "clarity": rating.clarity,
            "outcome": rating.outcome,
            "comment": rating.comment,
        },
    }


def _households(user: Any) -> list[dict[str, Any]]:
    from danvan.decisions.models import Household

    return [
        {
            "village": h.village.name,
            "code": h.code,
            "head_or_representative": h.head_name,
            "active": h.is_active,
            "votes": [
                {
                    "matter": v.decision.title,
                    "choice": v.get_choice_display(),
                    "channel": v.get_channel_display(),
                    "cast_at": v.cast_at,
                }
                for v in h.votes.select_related("decision").order_by("cast_at", "pk")
            ],
        }
        for h in Household.objects.filter(representative=user).select_related("village")
    ]


def _comments(user: Any) -> list[dict[str, Any]]:
    from danvan.consultations.models import Comment

    return [
        {
            "consultation": c.consultation.title,
            "article": c.section.label if c.section else "",
            "position": c.get_position_display(),
            "text": c.text,
            "name_given": c.author_name,
            "sent_at": c.created_at,
            "hidden": c.hidden,
        }
        for c in Comment.objects.filter(author_user=user)
        .select_related("consultation", "section")
        .order_by("created_at", "pk")
    ]


def _board_memberships(user: Any) -> list[dict[str, Any]]:
    from danvan.boards.models import BoardMember

    return [
        {
            "board": m.board.name,
            "position": m.get_position_display(),
            "full_name": m.full_name,
            "phone": m.phone,
            "citizen_id": m.citizen_id,
            "joined_on": m.joined_on,
            "left_on": m.left_on,
        }
        for m in BoardMember.objects.filter(user=user).select_related("board")
    ]


def _notifications(user: Any) -> list[dict[str, Any]]:
    from danvan.notifications.models import Notification

    return [
        {"at": n.created_at, "title": n.title, "message": n.body, "read_at": n.read_at}
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


def _targets(user: Any, petitions: list[Petition]) -> Q:
    """The audit entries that are about this person's records."""
    from danvan.boards.models import BoardMember
    from danvan.decisions.models import Household

    households = list(Household.objects.filter(representative=user).values_list("pk", "village"))
    boards = set(BoardMember.objects.filter(user=user).values_list("board_id", flat=True))
    wanted = Q(target_type="accounts.user", target_id=str(user.pk))
    wanted |= Q(target_type="petitions.petition", target_id__in=[str(p.pk) for p in petitions])
    wanted |= Q(target_type="decisions.household", target_id__in=[str(h) for h, _v in households])
    wanted |= Q(
        target_type="units.administrativeunit",
        action="decisions.view_household_register",
        target_id__in=[str(v) for _h, v in households],
    )
    wanted |= Q(target_type="boards.board", target_id__in=[str(b) for b in boards])
    return wanted


def _readers(entries: list[AuditEntry], user: Any) -> dict[int, dict[str, str]]:
    """For each official in ``entries``: their role and agency over the unit they read
    (not their name)."""
    from danvan.accounts.models import RoleAssignment
    from danvan.units.models import AdministrativeUnit

    actor_ids = {e.actor_id for e in entries if e.actor_id and e.actor_id != user.pk}
    unit_paths = dict(
        AdministrativeUnit.objects.filter(
            pk__in={e.unit_id for e in entries if e.unit_id}
        ).values_list("pk", "path")
    )
    roles: dict[int, list[RoleAssignment]] = {}
    for assignment in RoleAssignment.objects.filter(
        user_id__in=actor_ids, agency__isnull=False
    ).select_related("agency", "agency__unit"):
        roles.setdefault(assignment.user_id, []).append(assignment)
    found: dict[int, dict[str, str]] = {}
    for entry in entries:
        if not entry.actor_id or entry.actor_id in found or entry.actor_id == user.pk:
            continue
        held = roles.get(entry.actor_id, [])
        path = unit_paths.get(entry.unit_id or 0, "")
        match = next(
            (a for a in held if a.agency and path.startswith(a.agency.unit.path)),
            held[0] if held else None,
        )
        found[entry.actor_id] = (
            {"role": match.get_role_display(), "agency": match.agency.name if match.agency else ""}
            if match
            else {"role": _("Official"), "agency": ""}
        )
    return found


def _access_log(user: Any, petitions: list[Petition]) -> list[dict[str, Any]]:
    entries = list(
        AuditEntry.objects.filter(_targets(user, petitions), kind=AuditEntry.Kind.READ).order_by(
            "seq"
        )
    )
    readers = _readers(entries, user)
    codes = {str(p.pk): p.tracking_code for p in petitions}
    rows = []
    for entry in entries:
        if entry.actor_id is None:
            by = {"role": _("The system"), "agency": ""}
        elif entry.actor_id == user.pk:
            by = {"role": _("You"), "agency": ""}
        else:
            by = readers[entry.actor_id]
        fields = entry.after.get("fields", []) if isinstance(entry.after, dict) else []
        rows.append(
            {
                "at": entry.occurred_at,
                "by": by,
                "record": codes.get(entry.target_id, entry.target_label)
                if entry.target_type == "petitions.petition"
                else neutral_record(entry),
                "what": entry.action,
                "description": str(READ_LABELS.get(entry.action, entry.action)),
                "fields": fields,
            }
        )
    return rows


def neutral_record(entry: AuditEntry) -> str:
    return f"{entry.target_type.rsplit('.', 1)[-1]} #{entry.target_id}"


def own_data(user: Any) -> dict[str, Any]:
    """Everything held about ``user``, as plain JSON-ready data."""
    petitions = list(
        Petition.objects.filter(petitioner_user=user)
        .select_related("agency", "category", "satisfaction")
        .order_by("received_at", "pk")
    )
    return {
        "format": "danvan-own-data",
        "version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "account": {
            "full_name": user.full_name,
            "phone": user.phone or "",
            "email": user.email or "",
            "citizen_id": user.citizen_id,
            "joined": user.date_joined,
            "language": user.preferred_language,
        },
        "petitions": [_petition(p) for p in petitions],
        "households": _households(user),
        "consultation_comments": _comments(user),
        "board_memberships": _board_memberships(user),
        "notifications": _notifications(user),
        "access_log": _access_log(user, petitions),
    }


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            return timezone.localtime(o).isoformat() if timezone.is_aware(o) else o.isoformat()
        if isinstance(o, date):
            return o.isoformat()
        return super().default(o)


@login_required
@require_http_methods(["GET", "POST"])
def own_data_view(request: HttpRequest) -> HttpResponse:
    """GET explains what the copy holds; POST (with the CSRF token) downloads it."""
    if request.method == "GET":
        return render(request, "portal/own_data.html")
    user = request.user
    if not isinstance(user, User):  # login_required lets only accounts through
        raise PermissionDenied
    with transaction.atomic():
        data = own_data(user)
        # The person reads their own data: logged like any read of personal data, and it
        # shows in their next copy's access log.
        record_read(
            actor=user,
            action="portal.export_own_data",
            target=user,
            fields=SECTIONS,
            target_label=neutral_label(user),
        )
    body = json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-cua-toi-{stamp}.json"'
    response["Cache-Control"] = "no-store, private"
    return response
