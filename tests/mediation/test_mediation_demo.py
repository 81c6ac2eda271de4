from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from danvan.accounts.roles import Role
from danvan.mediation import selectors
from danvan.mediation.demo import seed_demo
from danvan.mediation.models import (
    CaseStatus,
    MediationCase,
    MediationMember,
    MediationSession,
    MediationTeam,
    Outcome,
)
from danvan.units.services import add_village

TODAY = date(2026, 6, 15)


def _count() -> int:
    return (
        MediationTeam.objects.count()
        + MediationMember.objects.count()
        + MediationCase.objects.count()
        + MediationSession.objects.count()
    )


def test_seed_demo_makes_teams_and_a_year_of_cases_once(
    tree: Any, make_user: Callable[..., Any]
) -> None:
    for name in ("Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Trung"):
        add_village(actor=None, commune=tree.bac_ly, name=name)
    agency = tree.agency(tree.bac_ly)
    staff = {
        "officer": make_user(Role.RECEPTION_OFFICER, agency),
        "handler": make_user(Role.CASE_HANDLER, agency),
        "leader": make_user(Role.LEADER, agency),
    }
    created = seed_demo(commune=tree.bac_ly, staff=staff, today=TODAY)
    assert created == _count()
    assert seed_demo(commune=tree.bac_ly, staff=staff, today=TODAY) == 0
    assert _count() == created
    teams = selectors.teams_of(commune=tree.bac_ly, today=TODAY)
    assert len(teams) == 5
    assert [t.below_minimum for t in teams].count(True) == 1
    cases = MediationCase.objects.filter(commune=tree.bac_ly)
    assert 12 <= cases.count() <= 20
    assert cases.filter(status=CaseStatus.OPEN).count() == 2
    assert len({c.kind for c in cases}) >= 4
    stats = selectors.statistics(unit=tree.bac_ly, start=date(2025, 6, 15), end=TODAY)
    successful = {code: n for code, _label, n in stats.by_outcome}[Outcome.SUCCESSFUL]
    assert successful > cases.count() / 2
    assert stats.received == cases.count()


def test_pages_render_the_demo_data(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[[Any], Any]
) -> None:
    from django.urls import reverse
    from django.utils import timezone

    for name in ("Thôn Đông", "Thôn Tây", "Thôn Nam"):
        add_village(actor=None, commune=tree.bac_ly, name=name)
    agency = tree.agency(tree.bac_ly)
    officer = make_user(Role.RECEPTION_OFFICER, agency)
    staff = {"officer": officer, "handler": officer, "leader": make_user(Role.LEADER, agency)}
    seed_demo(commune=tree.bac_ly, staff=staff, today=timezone.localdate())
    client = client_for(officer)
    urls = [
        reverse("mediation:teams"),
        reverse("mediation:cases"),
        reverse("mediation:statistics", args=[tree.bac_ly.pk]),
    ]
    urls += [reverse("mediation:team", args=[t.pk]) for t in MediationTeam.objects.all()]
    urls += [reverse("mediation:case", args=[c.pk]) for c in MediationCase.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
