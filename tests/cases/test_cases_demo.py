"""The demo case families, added to the demo casework."""

from __future__ import annotations

import pytest

from danvan.cases import demo
from danvan.cases.models import CaseFamily, LinkKind, PetitionLink
from danvan.petitions.models import Petition
from danvan.web.demo_cases import seed_cases

pytestmark = pytest.mark.django_db


def test_seed_demo_needs_the_demo_casework(tree, staff) -> None:
    assert demo.seed_demo() == 0
    assert not PetitionLink.objects.exists()


def test_seed_demo_makes_families_with_flags_once(tree, staff) -> None:
    seed_cases(
        commune_agency=tree.agency(tree.ba_dinh),
        inspectorate=tree.agency(tree.hanoi, "thanh_tra"),
        staff={"officer": staff.officer, "leader": staff.leader, "handler": staff.handler},
    )
    assert demo.seed_demo() == 5
    copies = Petition.objects.filter(subject=demo.COPY_SUBJECT).select_related("family")
    assert copies.count() == 3
    [family] = {p.family for p in copies}
    assert family.petition_count == 3
    assert family.is_level_skipping
    assert family.unit == tree.hanoi
    repeat = Petition.objects.select_related("family").get(subject=demo.REPEAT_SUBJECT)
    assert repeat.is_repeat
    assert repeat.family.repeat_count == 1
    mass = Petition.objects.select_related("family").get(subject=demo.MASS_SUBJECT)
    assert mass.family.is_mass
    assert mass.family.petition_count == 2
    assert sorted(PetitionLink.objects.values_list("kind", flat=True)) == sorted(
        [LinkKind.COPY, LinkKind.COPY, LinkKind.REPEAT, LinkKind.RELATED]
    )
    families = CaseFamily.objects.count()
    assert demo.seed_demo() == 0
    assert CaseFamily.objects.count() == families
    assert PetitionLink.objects.count() == 4
