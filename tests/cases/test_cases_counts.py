"""Đơn and vụ việc: a copy sent to three bodies is three papers and one case."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from danvan.cases.models import LinkKind
from danvan.cases.selectors import counts, statistics_counts
from danvan.cases.services import confirm_link
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.selectors import statistics
from tests.cases.conftest import receive

pytestmark = pytest.mark.django_db

START, END = date(2026, 11, 1), date(2026, 11, 30)
GRIEVANCE = "Hộ ông Trần Văn Khải xây tường lấn sang thửa đất số 215 của gia đình tôi."


def three_bodies(tree, staff) -> list[Petition]:
    """One grievance sent to the ward, the city and the city's inspectorate, linked as
    copies by the city's staff."""
    papers = [
        receive(tree.agency(tree.ba_dinh), content=GRIEVANCE, on="2026-11-02"),
        receive(tree.agency(tree.hanoi), content=GRIEVANCE, on="2026-11-03"),
        receive(tree.agency(tree.hanoi, "thanh_tra"), content=GRIEVANCE, on="2026-11-03"),
    ]
    for copy in papers[1:]:
        confirm_link(
            actor=staff.province_leader, petition=copy, other=papers[0], kind=LinkKind.COPY
        )
    return papers


def test_a_copy_sent_to_three_bodies_is_one_case(tree, staff) -> None:
    three_bodies(tree, staff)
    # Another, unrelated paper in the ward: one more of each.
    receive(tree.agency(tree.ba_dinh), content="Ngõ 12 bị ngập", on="2026-11-10")
    at_city = statistics_counts(tree.hanoi, START, END)
    assert (at_city["papers"], at_city["cases"]) == (4, 2)
    # Sent to the ward and the city before the ward decided.
    assert at_city["level_skipping"] == 1
    assert (at_city["mass"], at_city["prolonged"]) == (0, 0)
    assert statistics(tree.hanoi, start=START, end=END)["received"] == at_city["papers"]
    at_nation = statistics_counts(tree.nation, START, END)
    assert (at_nation["papers"], at_nation["cases"]) == (4, 2)
    # The ward counts its own paper, and the case once.
    at_ward = statistics_counts(tree.ba_dinh, START, END)
    assert (at_ward["papers"], at_ward["cases"]) == (2, 2)
    # Nothing outside the period or the unit.
    assert statistics_counts(tree.hanoi, date(2026, 10, 1), date(2026, 10, 31))["papers"] == 0
    assert statistics_counts(tree.ninhbinh, START, END) == {
        "papers": 0,
        "cases": 0,
        "mass": 0,
        "prolonged": 0,
        "level_skipping": 0,
    }


def test_acceptance_three_papers_one_case(tree, staff) -> None:
    three_bodies(tree, staff)
    result = statistics_counts(tree.hanoi, START, END)
    assert (result["papers"], result["cases"]) == (3, 1)


def test_a_forwarded_paper_is_one_case(tree, staff) -> None:
    sent = receive(tree.agency(tree.ba_dinh), on="2026-11-02")
    petitions.forward(
        actor=None,
        petition=sent,
        to_agency=tree.agency(tree.hanoi, "thanh_tra"),
        expected_version=1,
        effective_on=date(2026, 11, 3),
    )
    assert counts(Petition.objects.all()) == {"papers": 2, "cases": 1}
    # A paper that lost its family (never left so by intake) counts as its own case.
    Petition.objects.filter(pk=sent.pk).update(family=None)
    assert counts(Petition.objects.all()) == {"papers": 2, "cases": 2}
    assert counts(Petition.objects.none()) == {"papers": 0, "cases": 0}


def test_counts_snippet(tree, staff) -> None:
    three_bodies(tree, staff)
    request = RequestFactory().get("/")
    html = Template("{% load case_families %}{% case_counts unit start end %}").render(
        Context({"unit": tree.hanoi, "start": START, "end": END, "request": request})
    )
    assert 'data-count="papers">3<' in html
    assert 'data-count="cases">1<' in html
    assert 'data-count="level_skipping">1<' in html
    assert "Papers (đơn)" in html
    assert "Cases (vụ việc)" in html
