"""The monitor's pages: who may open which level, the period form, the CSV ranking."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danvan.accounts.roles import Role
from danvan.units.models import AgencyKind
from danvan.units.services import add_village

pytestmark = pytest.mark.django_db


def _url(unit: Any, query: str = "") -> str:
    return reverse("compliance:monitor", args=[unit.pk]) + (f"?{query}" if query else "")


def test_a_commune_officer_sees_the_commune_page(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Client]
) -> None:
    client = client_for(make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh)))
    response = client.get(_url(tree.ba_dinh))
    assert response.status_code == 200
    assert response.templates[0].name == "compliance/commune.html"
    row = response.context["row"]
    assert row.unit == tree.ba_dinh
    assert [d.key for d in row.duties] == list(response.context["duty_keys"])
    body = response.content.decode()
    assert 'data-duty="reception"' in body
    assert "Luật Tiếp công dân" in body  # every judgement cites its source


def test_an_officer_may_not_open_a_sibling_or_the_province(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Client]
) -> None:
    client = client_for(make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh)))
    assert client.get(_url(tree.ngoc_ha)).status_code == 403
    assert client.get(_url(tree.hanoi)).status_code == 403
    assert client.get(_url(tree.nation)).status_code == 403


def test_anonymous_is_sent_to_sign_in(tree: Any) -> None:
    response = Client().get(_url(tree.ba_dinh))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_a_province_sees_its_communes_ranked(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Client]
) -> None:
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True)
    response = client_for(leader).get(_url(tree.hanoi, "year=2026&quarter=2"))
    assert response.status_code == 200
    assert {r.unit.code for r in response.context["rows"]} == {"00004", "00008"}
    assert response.context["period"].quarter == 2
    assert response.context["communes"] == 2
    # The province may open a commune, not another province.
    assert client_for(leader).get(_url(tree.ngoc_ha)).status_code == 200
    assert client_for(leader).get(_url(tree.ninhbinh)).status_code == 403


def test_the_nation_rolls_up_by_province(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Client]
) -> None:
    monitor = make_user(Role.MONITOR, tree.agency(tree.nation, AgencyKind.INSPECTORATE))
    response = client_for(monitor).get(_url(tree.nation))
    assert response.status_code == 200
    areas = {a.unit.code: a.communes for a in response.context["areas"]}
    assert areas == {"01": 2, "37": 1}
    assert len(response.context["rows"]) == 3


def test_index_redirects_to_the_users_unit(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Client]
) -> None:
    client = client_for(make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True))
    response = client.get(reverse("compliance:index"))
    assert response.status_code == 302
    assert response["Location"] == _url(tree.hanoi)
    citizen = client_for(make_user(Role.CITIZEN))
    assert citizen.get(reverse("compliance:index")).status_code == 403


def test_a_village_opens_its_commune(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Client]
) -> None:
    village = add_village(actor=None, commune=tree.ba_dinh, name="Tổ dân phố 3")
    client = client_for(make_user(Role.LEADER, tree.agency(tree.ba_dinh)))
    response = client.get(_url(village))
    assert response.status_code == 302
    assert response["Location"] == _url(tree.ba_dinh)


@pytest.mark.parametrize("query", ["year=1999", "year=abc", "quarter=5", "year=2026&quarter=-1"])
def test_a_bad_period_is_refused_with_a_message(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Client], query: str
) -> None:
    client = client_for(make_user(Role.LEADER, tree.agency(tree.ba_dinh)))
    response = client.get(_url(tree.ba_dinh, query), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert response.context["form"].errors
    assert "period" not in response.context


def test_csv_ranking(
    tree: Any, make_user: Callable[..., Any], client_for: Callable[..., Client]
) -> None:
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True)
    response = client_for(leader).get(_url(tree.hanoi, "year=2026&quarter=0&format=csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "giam-sat-dan-chu-01-2026-nam.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 3  # the header and the two communes of Hà Nội
    assert {rows[1][1], rows[2][1]} == {"00004", "00008"}
    assert [r[0] for r in rows[1:]] == ["1", "2"]
