"""The demo data that `make run` loads."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import Role
from danvan.audit.selectors import verify_chain
from danvan.units.models import AdministrativeUnit, UnitLevel


@pytest.mark.django_db
def test_seed_demo_needs_the_unit_list_first():
    with pytest.raises(CommandError, match="load-units"):
        call_command("seed_demo", stdout=StringIO())


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_fills_a_province_and_is_idempotent():
    call_command("load_units", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    counts = (User.objects.count(), AdministrativeUnit.objects.count(), _democracy_records())
    call_command("seed_demo", stdout=StringIO())
    assert (
        User.objects.count(),
        AdministrativeUnit.objects.count(),
        _democracy_records(),
    ) == counts

    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    villages = AdministrativeUnit.objects.filter(level=UnitLevel.VILLAGE)
    assert villages.count() == 20
    assert {v.parent.parent.code for v in villages} == {"37"}
    assert {v.kind for v in villages} == {"thon", "to_dan_pho"}
    # Staff can sign in with the printed TOTP key; everything was audited.
    staff = User.objects.exclude(role_assignments__role=Role.CITIZEN)
    assert all(u.totpdevice_set.filter(confirmed=True).exists() for u in staff)
    assert verify_chain().ok

    # Casework at every stage: a forwarded denunciation, a closed case, an overdue one.
    from danvan.petitions.models import Petition, Status

    statuses = set(Petition.objects.values_list("status", flat=True))
    assert {Status.VERIFYING, Status.FORWARDED, Status.CLOSED, Status.CLASSIFIED} <= statuses
    assert Petition.objects.filter(channel="transfer").count() == 1
    assert Petition.objects.filter(is_overdue=True).exists()

    out = StringIO()
    call_command("seed_demo", "--print-logins", stdout=out)
    text = out.getvalue()
    assert "danvan-demo-2026" in text
    assert "0912 000 004" in text
    assert "khóa TOTP" in text


def _democracy_records() -> tuple[int, ...]:
    from danvan.boards.models import Board, Recommendation
    from danvan.decisions.models import CommunityDecision, Household
    from danvan.dialogues.models import Commitment, Meeting
    from danvan.disclosures.models import Disclosure
    from danvan.mediation.models import MediationCase

    models = (Disclosure, Household, CommunityDecision, Board, Recommendation)
    return tuple(m.objects.count() for m in (*models, Meeting, Commitment, MediationCase))


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_commune_has_a_year_of_grassroots_democracy():
    from django.utils import timezone

    from danvan.compliance.selectors import NONE, MonitorPeriod, commune_rows

    call_command("load_units", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert all(n > 0 for n in _democracy_records())
    province = AdministrativeUnit.objects.get(scheme="vn2025", code="37")
    today = timezone.localdate()
    rows = commune_rows(province, MonitorPeriod(today.year), today=today)
    demo = RoleAssignment.objects.filter(role=Role.LEADER, agency__unit__level=UnitLevel.COMMUNE)
    commune = demo.get().agency.unit
    # The demo commune leads the province with records behind its duties. Its votes,
    # recommendations and commitments spread over the twelve months before today, so
    # early in a year some of them still fall in the year before.
    assert rows[0].unit == commune
    judged = {d.key for d in rows[0].duties if d.state != NONE}
    assert judged >= {"disclosure", "inspection_board", "chair_dialogue", "reception"}
    if today.month >= 4:
        assert judged >= {"decisions", "recommendations", "commitments"}
    # The second demo commune keeps some registers, the rest none: the ranking differs.
    assert rows[1].score is not None
    assert rows[-1].score == 0
