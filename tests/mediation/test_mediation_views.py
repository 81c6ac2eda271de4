from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.mediation import services
from danvan.mediation.models import CaseStatus, MediationCase, MediationMember, Outcome
from tests.mediation.conftest import PARTIES, Setup


def _recent_case(s: Setup) -> MediationCase:
    today = timezone.localdate()
    return services.open_case(
        actor=s.officer,
        team=s.team,
        received_on=today - timedelta(days=5),
        kind="land_boundary",
        summary="Tranh chấp ranh giới đất vườn",
        parties=PARTIES,
    )


def test_pages_for_the_communes_officer(
    med: Setup, english_client_for: Callable[[Any], Any]
) -> None:
    case = _recent_case(med)
    client = english_client_for(med.officer)
    teams = client.get(reverse("mediation:teams"), {"commune": med.unit.pk})
    assert teams.status_code == 200
    assert "Tổ hòa giải Thôn Đông" in teams.content.decode()
    team = client.get(reverse("mediation:team", args=[med.team.pk]))
    assert team.status_code == 200
    assert "Nguyễn Văn Thành" in team.content.decode()
    cases = client.get(reverse("mediation:cases"), {"commune": med.unit.pk})
    assert cases.status_code == 200
    assert PARTIES[0] not in cases.content.decode()  # names only on the case page
    page = client.get(reverse("mediation:case", args=[case.pk]))
    assert page.status_code == 200
    assert PARTIES[0] in page.content.decode()


def test_below_minimum_flag_is_shown(med: Setup, english_client_for: Callable[[Any], Any]) -> None:
    client = english_client_for(med.officer)
    assert "Below the legal minimum" not in client.get(reverse("mediation:teams")).content.decode()
    services.remove_member(actor=med.officer, member=med.members[2], left_on=timezone.localdate())
    assert "Below the legal minimum" in client.get(reverse("mediation:teams")).content.decode()
    page = client.get(reverse("mediation:team", args=[med.team.pk])).content.decode()
    assert "Below the legal minimum" in page


def test_forms_post_and_show_errors(med: Setup, english_client_for: Callable[[Any], Any]) -> None:
    client = english_client_for(med.officer)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("mediation:teams") + f"?commune={med.unit.pk}",
        {"village": med.east.pk, "name": "Tổ mới", "formed_on": today},
    )
    assert response.status_code == 200
    assert "already has a mediation team" in response.content.decode()
    response = client.post(
        reverse("mediation:teams") + f"?commune={med.unit.pk}",
        {"village": med.west.pk, "name": "Tổ hòa giải Thôn Tây", "formed_on": today},
    )
    assert response.status_code == 302
    team_url = reverse("mediation:team", args=[med.team.pk])
    response = client.post(
        team_url,
        {"action": "member", "member-full_name": "Đỗ Văn Quý", "member-joined_on": today},
    )
    assert response.status_code == 302
    assert MediationMember.objects.filter(full_name="Đỗ Văn Quý").exists()
    response = client.post(
        team_url,
        {
            "action": "case",
            "case-received_on": today,
            "case-kind": "family",
            "case-summary": "Mâu thuẫn gia đình",
            "case-parties": "Chỉ một người",
        },
    )
    assert response.status_code == 200
    assert "at least two parties" in response.content.decode()
    response = client.post(
        team_url,
        {
            "action": "case",
            "case-received_on": today,
            "case-kind": "family",
            "case-summary": "Mâu thuẫn gia đình",
            "case-parties": "Lê Văn A\nLê Thị B\n",
            "case-mediators": [med.members[0].pk],
        },
    )
    assert response.status_code == 302
    case = MediationCase.objects.get(summary="Mâu thuẫn gia đình")
    assert case.parties == ["Lê Văn A", "Lê Thị B"]
    case_url = reverse("mediation:case", args=[case.pk])
    response = client.post(
        case_url,
        {
            "action": "close",
            "close-outcome": Outcome.SUCCESSFUL,
            "close-closed_on": today,
            "close-agreement": "Hòa thuận",
        },
    )
    assert response.status_code == 200
    assert "at least one mediation session" in response.content.decode()
    response = client.post(case_url, {"action": "session", "session-held_on": today})
    assert response.status_code == 302
    response = client.post(
        case_url,
        {
            "action": "close",
            "close-outcome": Outcome.SUCCESSFUL,
            "close-closed_on": today,
            "close-agreement": "Hòa thuận",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_statistics_page_never_shows_parties(
    med: Setup, english_client_for: Callable[[Any], Any], tree: Any
) -> None:
    case = _recent_case(med)
    services.add_session(actor=med.officer, case=case, held_on=case.received_on)
    services.close_case(
        actor=med.officer,
        case=case,
        outcome=Outcome.SUCCESSFUL,
        closed_on=case.received_on,
        agreement="Cắm lại mốc",
    )
    client = english_client_for(med.officer)
    url = reverse("mediation:statistics", args=[med.unit.pk])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Thôn Đông" in body
    assert "100.0%" in body
    assert all(name not in body for name in PARTIES)
    year_ago = (timezone.localdate() - timedelta(days=365)).isoformat()
    empty = client.get(url, {"start": year_ago, "end": date(2000, 1, 1).isoformat()})
    assert "error-summary" in empty.content.decode()
    monitor = english_client_for(med.monitor)
    province = monitor.get(reverse("mediation:statistics", args=[tree.hanoi.pk]))
    assert province.status_code == 200
    assert all(name not in province.content.decode() for name in PARTIES)
    # An officer of a commune does not read the province's statistics.
    assert client.get(reverse("mediation:statistics", args=[tree.hanoi.pk])).status_code == 403


def test_outsiders_monitors_and_anonymous(
    med: Setup, english_client_for: Callable[[Any], Any]
) -> None:
    case = _recent_case(med)
    team_url = reverse("mediation:team", args=[med.team.pk])
    case_url = reverse("mediation:case", args=[case.pk])
    stats_url = reverse("mediation:statistics", args=[med.unit.pk])
    session = {"action": "session", "session-held_on": timezone.localdate().isoformat()}
    member = {"action": "member", "member-full_name": "X", "member-joined_on": "2025-01-01"}
    outsider = english_client_for(med.outsider)
    for url in (team_url, case_url, stats_url):
        assert outsider.get(url).status_code == 403
    assert outsider.post(case_url, session).status_code == 403
    assert outsider.post(team_url, member).status_code == 403
    assert PARTIES[0] not in outsider.get(reverse("mediation:cases")).content.decode()
    monitor = english_client_for(med.monitor)
    page = monitor.get(case_url)
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()
    assert monitor.post(case_url, session).status_code == 403
    assert monitor.post(team_url, member).status_code == 403
    anonymous = Client()
    assert anonymous.get(case_url).status_code == 302
    assert anonymous.post(case_url, session).status_code == 302
    assert not case.sessions.exists()
    assert med.team.members.count() == 3
