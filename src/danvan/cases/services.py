"""Writes for case families (vụ việc): families at intake, confirmed links between
petitions (which merge families) and their removal (which splits them again), and the
cached figures and flags of each family."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.models import AuditEntry
from danvan.audit.services import record_write
from danvan.cases import flags, selectors
from danvan.cases.models import CaseFamily, LinkKind, PetitionLink
from danvan.core.permissions import require_perm
from danvan.petitions.models import Petition
from danvan.units.models import AdministrativeUnit

# refresh_all works through the families in batches of this many, a transaction each.
REFRESH_BATCH = 500


def start_family(petition: Petition) -> CaseFamily:
    """Give a new petition its family: the sender's when it was forwarded (the same
    paper moving on), a new one otherwise. Called by petition intake, in its transaction."""
    source = petition.transferred_from
    if source is not None and source.family_id is not None:
        family = CaseFamily.objects.get(pk=source.family_id)
    else:
        family = CaseFamily.objects.create(
            unit=petition.unit,
            unit_path=petition.unit_path,
            first_received_on=petition.received_on,
            last_received_on=petition.received_on,
            max_people=petition.signer_count,
        )
    petition.family = family
    petition.save(update_fields=["family"])
    refresh_family(family)
    return family


# ---------------------------------------------------------------------------------------
# Figures and flags


def _unit_for(path: str, fallback_unit_id: int) -> AdministrativeUnit:
    """The unit at ``path``, or its nearest recorded ancestor."""
    parts = [p for p in path.split("/") if p]
    prefixes = ["/".join(parts[:i]) + "/" for i in range(len(parts), 0, -1)]
    found = {u.path: u for u in AdministrativeUnit.objects.filter(path__in=prefixes)}
    for prefix in prefixes:
        if prefix in found:
            return found[prefix]
    return AdministrativeUnit.objects.get(pk=fallback_unit_id)


def refresh_family(family: CaseFamily, *, today: date | None = None) -> CaseFamily | None:
    """Recompute the family's figures and flags from its papers; an empty family is
    deleted (None). Called in the caller's transaction."""
    members = selectors.members_of(family)
    if not members:
        family.delete()
        return None
    state = flags.evaluate(
        members,
        repeat_link_sources=selectors.repeat_link_sources([m.pk for m in members]),
        today=today or timezone.localdate(),
        settings=selectors.flag_settings(),
    )
    unit = _unit_for(state.unit_path, members[0].unit_id)
    family.unit = unit
    family.unit_path = unit.path
    family.first_received_on = state.first_received_on
    family.last_received_on = state.last_received_on
    family.petition_count = state.petition_count
    family.repeat_count = state.repeat_count
    family.max_people = state.max_people
    family.is_open = state.is_open
    family.is_mass = state.is_mass
    family.is_prolonged = state.is_prolonged
    family.is_level_skipping = state.is_level_skipping
    family.save()
    return family


def refresh_family_of(petition: Petition) -> None:
    """Refresh the family of ``petition`` after one of its steps (in the step's
    transaction, after the petition row is saved and locked)."""
    if petition.family_id is None:
        return
    family = CaseFamily.objects.select_for_update().filter(pk=petition.family_id).first()
    if family is not None:
        refresh_family(family)


def refresh_all(today: date | None = None, *, full: bool = False) -> int:
    """The nightly refresh: every family whose papers changed since it was last
    refreshed, and every family whose prolonged-by-age flag the calendar (or a changed
    setting) has turned; with ``full``, every family (after an upgrade). Returns the
    number refreshed."""
    today = today or timezone.localdate()
    limit = int(selectors.flag_settings().prolonged_days)
    cutoff = today - timedelta(days=limit)
    if full:
        ids = sorted(CaseFamily.objects.values_list("pk", flat=True))
    else:
        stale = CaseFamily.objects.filter(petitions__updated_at__gt=F("updated_at"))
        aged = CaseFamily.objects.filter(
            is_open=True, is_prolonged=False, first_received_on__lt=cutoff
        )
        # Flagged by age but no longer old enough (the setting grew), unless repeats
        # still make it prolonged.
        relaxed = CaseFamily.objects.filter(
            is_prolonged=True,
            first_received_on__gte=cutoff,
            repeat_count__lte=selectors.flag_settings().prolonged_repeats,
        )
        ids = sorted(
            {
                pk
                for queryset in (stale, aged, relaxed)
                for pk in queryset.values_list("pk", flat=True)
            }
        )
    for start in range(0, len(ids), REFRESH_BATCH):
        with transaction.atomic():
            for family in CaseFamily.objects.select_for_update().filter(
                pk__in=ids[start : start + REFRESH_BATCH]
            ):
                refresh_family(family, today=today)
    return len(ids)


# ---------------------------------------------------------------------------------------
# Links


def _lock(petition_ids: Iterable[int], family_ids: Iterable[int]) -> None:
    """Petitions before families, each in key order: the order every writer here takes
    them in, after which the audit chain head is locked by record_write."""
    list(
        Petition.objects.select_for_update(of=("self",))
        .filter(Q(pk__in=list(petition_ids)) | Q(family_id__in=list(family_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    list(
        CaseFamily.objects.select_for_update()
        .filter(pk__in=list(family_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _merge(keep: CaseFamily, gone: CaseFamily) -> None:
    Petition.objects.filter(family=gone).update(family=keep)
    gone.delete()


def _older(a: CaseFamily, b: CaseFamily) -> tuple[CaseFamily, CaseFamily]:
    return (a, b) if (a.first_received_on, a.pk) <= (b.first_received_on, b.pk) else (b, a)


def _same_paper(a: Petition, b: Petition) -> bool:
    """Parts of one paper, or one paper forwarded on: a family already, never a link."""
    return (
        a.intake_group == b.intake_group
        or a.transferred_from_id == b.pk
        or b.transferred_from_id == a.pk
    )


def _validate_link(petition: Petition, other: Petition, kind: str) -> None:
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Choose the kind of link.")})
    if petition.pk == other.pk:
        raise ValidationError(_("A petition cannot be linked to itself."))
    if PetitionLink.objects.filter(
        Q(petition=petition, other=other) | Q(petition=other, other=petition)
    ).exists():
        raise ValidationError(_("These petitions are already linked."))
    if _same_paper(petition, other):
        raise ValidationError(
            _("These are the same paper (split or forwarded): they are one case already.")
        )
    if kind == LinkKind.COPY and petition.agency_id == other.agency_id:
        raise ValidationError(
            {
                "kind": _(
                    "A copy is the same paper sent to another body; this one is at the same agency."
                )
            }
        )
    if kind == LinkKind.REPEAT and (
        other.decided_on is None or other.decided_on > petition.received_on
    ):
        raise ValidationError(
            {
                "kind": _(
                    "A repeat (tái diễn) comes after a decision: the other petition was not "
                    "decided before this one was received."
                )
            }
        )


def _notify_link(actor: Any, link: PetitionLink) -> None:
    """Tell the handler and leaders of the other body, when it is another body: for a
    copy, only the competent one handles it."""
    from danvan.accounts.selectors import holders_of
    from danvan.notifications.services import notify
    from danvan.petitions.workflow import HEAD_ROLES

    other = link.other
    if other.agency_id == link.petition.agency_id:
        return
    recipients = [
        u
        for u in [other.assigned_to, *holders_of(other.agency, HEAD_ROLES)]
        if u is not None and (actor is None or u.pk != actor.pk)
    ]
    notify(
        recipients=recipients,
        topic="cases.link",
        title=_("Petition %(code)s was linked to %(other)s (%(kind)s)")
        % {
            "code": link.petition.tracking_code,
            "other": other.tracking_code,
            "kind": link.get_kind_display(),
        },
        url=reverse("petitions:detail", args=[other.pk]),
    )


def _set_repeat(petition: Petition, value: bool) -> None:
    from danvan.figures import services as figures

    Petition.objects.filter(pk=petition.pk).update(is_repeat=value, updated_at=timezone.now())
    petition.is_repeat = value
    figures.sync_petition(petition=petition)  # the "repeated" figure


@transaction.atomic
def confirm_link(
    *,
    actor: Any,
    petition: Petition,
    other: Petition,
    kind: str,
    reasons: Iterable[str] = (),
    score: float | None = None,
) -> PetitionLink:
    """Record that ``petition`` is a copy of, a repeat of, or related to ``other``; their
    families become one (the older one is kept)."""
    require_perm(
        actor,
        "cases.link_petition",
        petition,
        message=_("Your role does not allow linking this petition."),
    )
    require_perm(
        actor, "petitions.view_petition", other, message=_("You may not see the other petition.")
    )
    _validate_link(petition, other, kind)
    _lock([petition.pk, other.pk], [f for f in (petition.family_id, other.family_id) if f])
    petition = Petition.objects.select_related("agency", "family").get(pk=petition.pk)
    other = Petition.objects.select_related("agency", "family", "assigned_to").get(pk=other.pk)
    # Checked again under the locks: a link made a moment ago by someone else.
    _validate_link(petition, other, kind)
    codes = [code for code in dict.fromkeys(reasons) if isinstance(code, str)]
    link = PetitionLink.objects.create(
        petition=petition,
        other=other,
        kind=kind,
        reasons=codes,
        score=score,
        confirmed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    was_repeat = petition.is_repeat
    if kind == LinkKind.REPEAT and not was_repeat:
        _set_repeat(petition, True)
    families = [f for f in (petition.family, other.family) if f is not None]
    if len(families) == 2 and families[0].pk != families[1].pk:
        keep, gone = _older(families[0], families[1])
        _merge(keep, gone)
        family: CaseFamily | None = keep
    elif families:
        family = families[0]
        Petition.objects.filter(pk__in=[petition.pk, other.pk], family__isnull=True).update(
            family=family
        )
    else:
        family = None
    if family is not None:
        refresh_family(family)
    record_write(
        actor=actor,
        action="cases.confirm_link",
        target=link,
        before={"is_repeat": was_repeat},
        after={
            "petition": petition.tracking_code,
            "other": other.tracking_code,
            "kind": kind,
            "reasons": codes,
            "score": score,
            "family": family.pk if family is not None else None,
        },
        unit_id=petition.unit_id,
    )
    _notify_link(actor, link)
    return link


def _components(members: list[Petition], edges: list[tuple[int, int]]) -> list[set[int]]:
    """Connected groups of papers, by links and forwards."""
    parent = {m.pk: m.pk for m in members}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for pk in parent:
        groups.setdefault(find(pk), set()).add(pk)
    return list(groups.values())


def split_family(family: CaseFamily) -> list[CaseFamily]:
    """Split ``family`` into its connected groups (confirmed links and forwards): the
    group with the first paper keeps the family, each other group gets a new one."""
    members = list(Petition.objects.filter(family=family).order_by("received_on", "pk"))
    if not members:
        family.delete()
        return []
    ids = [m.pk for m in members]
    edges = list(
        PetitionLink.objects.filter(petition_id__in=ids, other_id__in=ids).values_list(
            "petition_id", "other_id"
        )
    )
    edges += [(m.pk, m.transferred_from_id) for m in members if m.transferred_from_id]
    groups = sorted(_components(members, edges), key=lambda g: ids.index(min(g, key=ids.index)))
    result = [family]
    by_pk = {m.pk: m for m in members}
    for group in groups[1:]:
        first = min((by_pk[pk] for pk in group), key=lambda m: (m.received_on, m.pk))
        new = CaseFamily.objects.create(
            unit_id=first.unit_id,
            unit_path=first.unit_path,
            first_received_on=first.received_on,
            last_received_on=first.received_on,
        )
        Petition.objects.filter(pk__in=group).update(family=new)
        result.append(new)
    kept: list[CaseFamily] = []
    for item in result:
        refreshed = refresh_family(item)
        if refreshed is not None:
            kept.append(refreshed)
    return kept


def _repeat_set_by_link(link: PetitionLink) -> bool:
    """Whether confirming ``link`` is what marked its petition as a repeat (the audit
    entry of the confirmation keeps the mark from before)."""
    entry = (
        AuditEntry.objects.filter(
            action="cases.confirm_link",
            target_type=PetitionLink._meta.label_lower,
            target_id=str(link.pk),
        )
        .order_by("-seq")
        .values_list("before", flat=True)
        .first()
    )
    return isinstance(entry, dict) and entry.get("is_repeat") is False


@transaction.atomic
def remove_link(*, actor: Any, link: PetitionLink, reason: str = "") -> list[CaseFamily]:
    """Undo a wrong link: the family splits again where nothing else holds it together.
    Returns the families the two petitions are in afterwards."""
    require_perm(
        actor,
        "cases.remove_link",
        link,
        message=_("Your role does not allow removing this link."),
    )
    petition, other = link.petition, link.other
    family_ids = [f for f in {petition.family_id, other.family_id} if f]
    _lock([petition.pk, other.pk], family_ids)
    link = PetitionLink.objects.select_related("petition", "other").get(pk=link.pk)
    petition = link.petition
    unmark = (
        link.kind == LinkKind.REPEAT
        and petition.is_repeat
        and _repeat_set_by_link(link)
        and not PetitionLink.objects.filter(petition=petition, kind=LinkKind.REPEAT)
        .exclude(pk=link.pk)
        .exists()
    )
    before = {
        "petition": petition.tracking_code,
        "other": link.other.tracking_code,
        "kind": link.kind,
        "reasons": link.reasons,
    }
    link_pk, other_pk = link.pk, link.other_id
    link.delete()
    if unmark:
        _set_repeat(petition, False)
    families: list[CaseFamily] = []
    for family in CaseFamily.objects.filter(pk__in=family_ids).order_by("pk"):
        families += split_family(family)
    after_ids = set(
        Petition.objects.filter(pk__in=[petition.pk, other_pk]).values_list("family_id", flat=True)
    )
    record_write(
        actor=actor,
        action="cases.remove_link",
        target=petition,
        before={"link": link_pk, **before},
        after={"families": sorted(f for f in after_ids if f), "is_repeat_cleared": unmark},
        reason=reason,
        unit_id=petition.unit_id,
    )
    return [f for f in families if f.pk in after_ids]
