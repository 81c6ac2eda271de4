"""Reads for case families (vụ việc): what a user may see, the counts of đơn and vụ
việc, a family's papers and the reasons behind its flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from danvan.accounts.selectors import scopes_of
from danvan.cases import flags
from danvan.cases.models import CaseFamily, LinkKind, PetitionLink
from danvan.petitions.models import Petition
from danvan.units.models import AdministrativeUnit

FLAG_FILTERS = {
    "mass": Q(is_mass=True),
    "prolonged": Q(is_prolonged=True),
    "level_skipping": Q(is_level_skipping=True),
}


def visible_petitions(user: Any) -> QuerySet[Petition]:
    """The petitions ``user`` may view (``petitions.view_petition``) as one query: the
    subtree of a role that reaches it, or the unit of the role's agency."""
    condition = Q(pk__in=[])
    for scope in scopes_of(user):
        if scope.subtree:
            condition |= Q(unit_path__startswith=scope.path)
        else:
            condition |= Q(unit_id=scope.unit_id)
    return Petition.objects.filter(condition)


def flag_settings() -> flags.Settings:
    return flags.Settings(
        prolonged_days=int(settings.DANVAN_CASE_PROLONGED_DAYS),
        prolonged_repeats=int(settings.DANVAN_CASE_PROLONGED_REPEATS),
        mass_people=int(settings.DANVAN_CASE_MASS_PEOPLE),
    )


def members_of(family: CaseFamily) -> list[flags.Member]:
    rows = Petition.objects.filter(family=family).values_list(
        "pk",
        "unit_id",
        "unit_path",
        "status",
        "received_on",
        "decided_on",
        "signer_count",
        "visit__people_count",
        "is_repeat",
        "transferred_from_id",
    )
    return [
        flags.Member(
            pk=pk,
            unit_id=unit_id,
            unit_path=path,
            status=status,
            received_on=received,
            decided_on=decided,
            people=max(signers or 1, visitors or 0),
            is_repeat=is_repeat,
            transferred_from_id=sender,
        )
        for (
            pk,
            unit_id,
            path,
            status,
            received,
            decided,
            signers,
            visitors,
            is_repeat,
            sender,
        ) in rows.order_by("received_on", "pk")
    ]


def repeat_link_sources(member_ids: list[int]) -> set[int]:
    """Papers linked as a repeat of an earlier one."""
    return set(
        PetitionLink.objects.filter(petition_id__in=member_ids, kind=LinkKind.REPEAT).values_list(
            "petition_id", flat=True
        )
    )


def family_state(family: CaseFamily, *, today: date) -> flags.FamilyState | None:
    members = members_of(family)
    if not members:
        return None
    return flags.evaluate(
        members,
        repeat_link_sources=repeat_link_sources([m.pk for m in members]),
        today=today,
        settings=flag_settings(),
    )


# ---------------------------------------------------------------------------------------
# Counting


def counts(petitions: QuerySet[Petition]) -> dict[str, int]:
    """Đơn and vụ việc among ``petitions``: every paper, and every family once (a paper
    without a family, which intake never leaves, would count as its own)."""
    papers = petitions.count()
    families = petitions.filter(family__isnull=False).values("family_id").distinct().count()
    orphans = petitions.filter(family__isnull=True).count()
    return {"papers": papers, "cases": families + orphans}


def statistics_counts(unit: AdministrativeUnit, start: date, end: date) -> dict[str, int]:
    """For the petitions received in the period by the agencies of ``unit`` and every
    unit below it: đơn, vụ việc, and the vụ việc that are mass, prolonged or
    level-skipping (each family once, with its flags as of the last refresh)."""
    received = Petition.objects.filter(
        unit_path__startswith=unit.path, received_on__range=(start, end)
    )
    result = counts(received)
    family_ids = received.filter(family__isnull=False).values("family_id")
    flagged = CaseFamily.objects.filter(pk__in=family_ids).aggregate(
        mass=Count("pk", filter=Q(is_mass=True)),
        prolonged=Count("pk", filter=Q(is_prolonged=True)),
        level_skipping=Count("pk", filter=Q(is_level_skipping=True)),
    )
    result.update({name: int(value or 0) for name, value in flagged.items()})
    return result


# ---------------------------------------------------------------------------------------
# Lists and pages


def families_visible_to(
    user: Any, *, flag: str = "", open_only: bool = False
) -> QuerySet[CaseFamily]:
    """Families with at least one paper the user may view, latest first."""
    found = CaseFamily.objects.filter(pk__in=visible_petitions(user).values("family_id"))
    if flag in FLAG_FILTERS:
        found = found.filter(FLAG_FILTERS[flag])
    if open_only:
        found = found.filter(is_open=True)
    return found.select_related("unit").order_by("-last_received_on", "-pk")


def family_counts(families: QuerySet[CaseFamily]) -> dict[str, int]:
    totals = families.aggregate(
        cases=Count("pk"),
        open=Count("pk", filter=Q(is_open=True)),
        mass=Count("pk", filter=Q(is_mass=True)),
        prolonged=Count("pk", filter=Q(is_prolonged=True)),
        level_skipping=Count("pk", filter=Q(is_level_skipping=True)),
    )
    return {name: int(value or 0) for name, value in totals.items()}


@dataclass(frozen=True)
class FlagReason:
    code: str
    label: str
    why: str


def _unit_names(ids: set[int]) -> dict[int, str]:
    return dict(AdministrativeUnit.objects.filter(pk__in=ids).values_list("pk", "name"))


def flag_reasons(state: flags.FamilyState, *, today: date) -> list[FlagReason]:
    """Each flag that is set, with the facts that set it (no person, no paper the
    reader may not see: only counts, dates and units)."""
    limits = flag_settings()
    out: list[FlagReason] = []
    if state.is_mass:
        out.append(
            FlagReason(
                "mass",
                _("Mass case"),
                _("%(people)s people signed a paper or came to the reception (from %(limit)s).")
                % {"people": state.max_people, "limit": limits.mass_people},
            )
        )
    if state.prolonged_by_days:
        out.append(
            FlagReason(
                "prolonged",
                _("Prolonged"),
                _("Open since %(date)s: %(days)s days, longer than %(limit)s days.")
                % {
                    "date": state.first_received_on.strftime("%d/%m/%Y"),
                    "days": (today - state.first_received_on).days,
                    "limit": limits.prolonged_days,
                },
            )
        )
    if state.prolonged_by_repeats:
        out.append(
            FlagReason(
                "prolonged",
                _("Prolonged"),
                _("Repeated %(count)s times, more than %(limit)s.")
                % {"count": state.repeat_count, "limit": limits.prolonged_repeats},
            )
        )
    if state.skip is not None:
        names = _unit_names({state.skip.upper.unit_id, state.skip.lower.unit_id})
        out.append(
            FlagReason(
                "level_skipping",
                _("Level-skipping"),
                _("Sent to %(upper)s on %(date)s, before %(lower)s, the level below, had decided.")
                % {
                    "upper": names.get(state.skip.upper.unit_id, ""),
                    "date": state.skip.upper.received_on.strftime("%d/%m/%Y"),
                    "lower": names.get(state.skip.lower.unit_id, ""),
                },
            )
        )
    return out


@dataclass(frozen=True)
class FamilyPage:
    family: CaseFamily
    papers: list[Petition]  # those the reader may view
    hidden: int  # papers the reader may not view: counted, not listed
    links: list[PetitionLink]  # between papers the reader may view
    reasons: list[FlagReason]


def family_page(user: Any, family: CaseFamily, *, today: date) -> FamilyPage:
    members = Petition.objects.filter(family=family)
    papers = list(
        visible_petitions(user)
        .filter(family=family)
        .select_related("agency", "unit")
        .order_by("received_on", "pk")
    )
    shown = {p.pk for p in papers}
    links = [
        link
        for link in PetitionLink.objects.filter(
            Q(petition_id__in=shown) | Q(other_id__in=shown)
        ).select_related("petition", "other", "confirmed_by")
        if link.petition_id in shown and link.other_id in shown
    ]
    state = family_state(family, today=today)
    return FamilyPage(
        family=family,
        papers=papers,
        hidden=members.count() - len(papers),
        links=sorted(links, key=lambda link: link.confirmed_at),
        reasons=flag_reasons(state, today=today) if state is not None else [],
    )


@dataclass(frozen=True)
class LinkView:
    link: PetitionLink
    other: Petition  # the petition at the other end, seen from the page's petition


def links_of(user: Any, petition: Petition) -> tuple[list[LinkView], int]:
    """The confirmed links of ``petition`` whose other end the user may view, and how
    many more there are."""
    links = PetitionLink.objects.filter(Q(petition=petition) | Q(other=petition)).select_related(
        "petition__agency", "other__agency"
    )
    visible = set(
        visible_petitions(user)
        .filter(Q(links_in__petition=petition) | Q(links_out__other=petition))
        .values_list("pk", flat=True)
    )
    shown: list[LinkView] = []
    hidden = 0
    for link in links.order_by("confirmed_at", "pk"):
        other = link.other if link.petition_id == petition.pk else link.petition
        if other.pk in visible:
            shown.append(LinkView(link, other))
        else:
            hidden += 1
    return shown, hidden
