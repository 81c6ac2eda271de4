"""Ratings of closed cases and the satisfaction index (Luật THDCCS 2022, Art. 35)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.petitions import services as petitions
from danvan.petitions.services import PetitionDraft
from danvan.satisfaction.models import SatisfactionRating
from danvan.satisfaction.selectors import satisfaction_index, to_index
from danvan.satisfaction.services import rate_case

TODAY = timezone.localdate()
MONTH = {"start": TODAY.replace(day=1), "end": TODAY}


def received(tree, unit=None, kind="feedback"):
    unit = unit or tree.bac_ly
    [p] = petitions.receive_petitions(
        actor=None,
        agency=tree.agency(unit),
        channel="portal",
        received_on=TODAY - timedelta(days=10),
        drafts=[
            PetitionDraft(
                kind=kind, subject="Đèn hỏng", content="Đèn ngõ 3 hỏng", petitioner_name="Lê Hà"
            )
        ],
    )
    return p


def ended(tree, make_user, unit=None):
    leader = make_user(Role.LEADER, tree.agency(unit or tree.bac_ly))
    p = received(tree, unit)
    return petitions.file(
        actor=leader,
        petition=p,
        expected_version=p.version,
        reason="Đã chuyển cho thôn xử lý",
        effective_on=TODAY - timedelta(days=5),
    )


def test_an_ended_case_is_rated_once_with_its_aspects_and_an_audit_entry(tree, make_user):
    p = ended(tree, make_user)
    rating = rate_case(
        petition=p,
        score="4",
        aspects={"timeliness": 5, "attitude": "3", "outcome": None},
        comment="  Cán bộ  nhiệt tình ",
    )
    assert (rating.score, rating.timeliness, rating.attitude, rating.clarity) == (4, 5, 3, None)
    assert rating.comment == "Cán bộ nhiệt tình"
    assert rating.unit_path == tree.bac_ly.path
    assert rating.rated_on == TODAY
    assert AuditEntry.objects.filter(action="satisfaction.rate").count() == 1
    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        rate_case(petition=p, score=5)
    assert SatisfactionRating.objects.count() == 1


def test_an_open_case_cannot_be_rated(tree):
    with pytest.raises(ValidationError):
        rate_case(petition=received(tree), score=5)
    assert not SatisfactionRating.objects.exists()


@pytest.mark.parametrize(
    ("score", "aspects", "field"),
    [
        (0, {}, "score"),
        (6, {}, "score"),
        ("năm", {}, "score"),
        (None, {}, "score"),
        (3, {"timeliness": 9}, "timeliness"),
    ],
)
def test_scores_outside_one_to_five_are_refused(tree, make_user, score, aspects, field):
    p = ended(tree, make_user)
    with pytest.raises(ValidationError) as caught:
        rate_case(petition=p, score=score, aspects=aspects)
    assert field in caught.value.message_dict
    assert not SatisfactionRating.objects.exists()


def test_unknown_aspects_and_long_comments_are_refused(tree, make_user):
    p = ended(tree, make_user)
    with pytest.raises(ValidationError):
        rate_case(petition=p, score=3, aspects={"price": 3})
    with pytest.raises(ValidationError):
        rate_case(petition=p, score=3, comment="x" * 501)
    assert not SatisfactionRating.objects.exists()


def test_the_rating_window_closes(tree, make_user, monkeypatch):
    p = ended(tree, make_user)
    later = TODAY - timedelta(days=5) + timedelta(days=181)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    with translation.override("en"), pytest.raises(ValidationError, match="passed"):
        rate_case(petition=p, score=5)


def test_the_index_rolls_up_the_tree_and_respects_the_period(tree, make_user):
    for unit, score, timeliness in (
        (tree.bac_ly, 5, 5),
        (tree.bac_ly, 3, None),
        (tree.ba_dinh, 1, 2),
    ):
        rate_case(
            petition=ended(tree, make_user, unit), score=score, aspects={"timeliness": timeliness}
        )
    period = MONTH
    commune = satisfaction_index(tree.bac_ly, **period)
    assert (commune.ratings, commune.average, commune.index) == (2, 4.0, 75.0)
    assert commune.aspects["timeliness"] == 5.0
    assert commune.aspects["attitude"] is None
    assert commune.distribution == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    nation = satisfaction_index(tree.nation, **period)
    assert (nation.ratings, nation.average) == (3, 3.0)
    assert satisfaction_index(tree.hanoi, **period).index == 0.0
    empty = satisfaction_index(tree.nation, start=TODAY + timedelta(1), end=TODAY + timedelta(30))
    assert (empty.ratings, empty.average, empty.index) == (0, None, None)


def test_index_scale():
    assert (to_index(1), to_index(3), to_index(5), to_index(None)) == (0.0, 50.0, 100.0, None)


def test_the_statistics_page_shows_the_index(tree, make_user, client_for):
    rate_case(petition=ended(tree, make_user), score=4)
    monitor = make_user(Role.MONITOR, tree.agency(tree.ninhbinh))
    response = client_for(monitor).get(
        "/staff/petitions/statistics/",
        {"unit": tree.ninhbinh.pk, "from": MONTH["start"].isoformat(), "to": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["satisfaction"].index == 75.0
