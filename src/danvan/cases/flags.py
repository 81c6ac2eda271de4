"""The figures and flags of a case family, computed from its papers (pure: no queries).

- **mass** (đông người): the most signers of a paper, or people at the reception visit
  it came from, is at least ``DANVAN_CASE_MASS_PEOPLE`` (5 by default, as in Luật Tiếp
  công dân 2013, Art. 29).
- **prolonged** (kéo dài): a paper is still open and the first one was received more
  than ``DANVAN_CASE_PROLONGED_DAYS`` days ago (180), or the matter was repeated more
  than ``DANVAN_CASE_PROLONGED_REPEATS`` times (2).
- **level-skipping** (vượt cấp): a paper the citizen sent directly (not a forwarded
  copy) to a unit strictly above the unit of a paper handled there (not forwarded
  away), received when no paper handled at that lower unit had yet been decided (a
  decision dated the same day counts as before). A paper received by the province and
  forwarded down to the commune is level-skipping; a paper the commune forwarded up to
  the province is not, nor a complaint to the province after the commune decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from danvan.petitions.models import OPEN_STATUSES, Status


@dataclass(frozen=True)
class Member:
    """What the flags need of one paper of the family."""

    pk: int
    unit_id: int
    unit_path: str
    status: str
    received_on: date
    decided_on: date | None
    people: int  # signers, or people at the reception visit, whichever is more
    is_repeat: bool
    transferred_from_id: int | None


@dataclass(frozen=True)
class Skip:
    """Why a family is level-skipping: ``upper`` was sent above ``lower``'s unit before
    any paper handled there had been decided."""

    upper: Member
    lower: Member


@dataclass(frozen=True)
class Settings:
    prolonged_days: int
    prolonged_repeats: int
    mass_people: int


@dataclass(frozen=True)
class FamilyState:
    petition_count: int
    repeat_count: int
    max_people: int
    is_open: bool
    first_received_on: date
    last_received_on: date
    unit_path: str  # the lowest path common to the papers' units
    is_mass: bool
    prolonged_by_days: bool
    prolonged_by_repeats: bool
    skip: Skip | None

    @property
    def is_prolonged(self) -> bool:
        return self.prolonged_by_days or self.prolonged_by_repeats

    @property
    def is_level_skipping(self) -> bool:
        return self.skip is not None


def common_path(paths: Iterable[str]) -> str:
    """The longest path of whole segments shared by every path ("VN/01/")."""
    split = [p.strip("/").split("/") for p in paths]
    if not split:
        return ""
    shared: list[str] = []
    for parts in zip(*split, strict=False):
        if any(part != parts[0] for part in parts):
            break
        shared.append(parts[0])
    return "/".join(shared) + "/" if shared else ""


def _root(member: Member, by_pk: dict[int, Member]) -> int:
    """The first paper of a chain of forwards: the same paper moving on."""
    seen = {member.pk}
    while member.transferred_from_id in by_pk and member.transferred_from_id not in seen:
        member = by_pk[member.transferred_from_id]
        seen.add(member.pk)
    return member.pk


def repeat_count(members: list[Member], repeat_link_sources: set[int]) -> int:
    """Papers that repeat the matter: marked as repeated at intake or linked as a
    repeat; a forwarded paper and its copy at the receiver count once."""
    by_pk = {m.pk: m for m in members}
    return len({_root(m, by_pk) for m in members if m.is_repeat or m.pk in repeat_link_sources})


def find_skip(members: list[Member]) -> Skip | None:
    """The earliest paper sent past a lower unit that had not decided (see module)."""
    by_pk = {m.pk: m for m in members}
    sent = sorted(
        (m for m in members if m.transferred_from_id not in by_pk),
        key=lambda m: (m.received_on, m.pk),
    )
    handled = [m for m in members if m.status != Status.FORWARDED]
    for upper in sent:
        for lower in sorted(handled, key=lambda m: (m.received_on, m.pk)):
            if lower.unit_path == upper.unit_path or not lower.unit_path.startswith(
                upper.unit_path
            ):
                continue
            decided_before = any(
                m.unit_id == lower.unit_id
                and m.decided_on is not None
                and m.decided_on <= upper.received_on
                for m in handled
            )
            if not decided_before:
                return Skip(upper=upper, lower=lower)
    return None


def evaluate(
    members: list[Member],
    *,
    repeat_link_sources: set[int],
    today: date,
    settings: Settings,
) -> FamilyState:
    """The family's figures and flags on ``today``. ``members`` is not empty."""
    first = min(m.received_on for m in members)
    last = max(m.received_on for m in members)
    is_open = any(m.status in OPEN_STATUSES for m in members)
    repeats = repeat_count(members, repeat_link_sources)
    people = max(m.people for m in members)
    return FamilyState(
        petition_count=len(members),
        repeat_count=repeats,
        max_people=people,
        is_open=is_open,
        first_received_on=first,
        last_received_on=last,
        unit_path=common_path(m.unit_path for m in members),
        is_mass=people >= settings.mass_people,
        prolonged_by_days=is_open and (today - first).days > settings.prolonged_days,
        prolonged_by_repeats=repeats > settings.prolonged_repeats,
        skip=find_skip(members),
    )
