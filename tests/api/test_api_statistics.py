"""GET /api/v1/statistics/: the figures of a unit and everything below it."""

from __future__ import annotations

import pytest

STATISTICS = "/api/v1/statistics/"


def test_figures_of_a_province_include_its_communes(api, cases, staff):
    response = api(staff.monitor).get(
        STATISTICS, {"unit": "01", "start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"], body["unit_name"], body["start"], body["end"]) == (
        "01",
        "Thành phố Hà Nội",
        "2026-01-01",
        "2026-12-31",
    )
    figures = body["petitions"]
    assert figures["received"] == 4  # three in Ba Đình, one in Ngọc Hà
    assert (figures["cases"], figures["repeated"]) == (4, 0)
    assert (figures["complaint"], figures["denunciation"], figures["feedback"]) == (2, 1, 1)
    assert figures["by_channel"] == {"post": 3, "portal": 1}
    assert body["reception"]["sessions"] == 2
    assert body["reception"]["people"] == 7
    assert body["reception"]["group_visits"] == 1


def test_the_period_limits_the_figures(api, cases, staff):
    body = (
        api(staff.handler)
        .get(STATISTICS, {"unit": "00004", "start": "2026-04-01", "end": "2026-04-30"})
        .json()
    )
    assert body["petitions"]["received"] == 1
    assert body["reception"]["sessions"] == 0


def test_the_period_defaults_to_the_year_so_far(api, cases, staff):
    body = api(staff.handler).get(STATISTICS, {"unit": "00004"}).json()
    assert body["start"].endswith("-01-01")
    assert body["petitions"]["received"] == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "unit"),
        ({"unit": "99999"}, "unit"),
        ({"unit": "00004", "start": "2026-13-01"}, "start"),
        ({"unit": "00004", "start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ({"unit": "00004", "start": "2024-01-01", "end": "2025-12-31"}, "end"),
    ],
)
def test_bad_queries_are_a_400(api, staff, query, field):
    response = api(staff.handler).get(STATISTICS, query)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_a_unit_outside_the_scope_is_refused(api, cases, staff):
    response = api(staff.monitor).get(STATISTICS, {"unit": "37"})
    assert response.status_code == 403


def test_the_satisfaction_index_is_part_of_the_figures(api, cases, staff):
    from danvan.satisfaction.models import SatisfactionRating

    # A rating as the portal records it, dated inside the period.
    SatisfactionRating.objects.create(
        petition=cases.complaint,
        unit=cases.complaint.unit,
        unit_path=cases.complaint.unit_path,
        score=4,
        timeliness=5,
        rated_on="2026-05-02",
    )
    body = (
        api(staff.monitor)
        .get(STATISTICS, {"unit": "01", "start": "2026-01-01", "end": "2026-12-31"})
        .json()
    )
    assert body["satisfaction"]["ratings"] == 1
    assert (body["satisfaction"]["average"], body["satisfaction"]["index"]) == (4.0, 75.0)
    assert body["satisfaction"]["aspects"]["timeliness"] == 5.0
    assert body["satisfaction"]["aspects"]["attitude"] is None
    empty = (
        api(staff.monitor)
        .get(STATISTICS, {"unit": "01", "start": "2026-01-01", "end": "2026-04-30"})
        .json()
    )
    assert empty["satisfaction"] == {
        "ratings": 0,
        "average": None,
        "index": None,
        "aspects": {"timeliness": None, "attitude": None, "clarity": None, "outcome": None},
    }
