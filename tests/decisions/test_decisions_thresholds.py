from __future__ import annotations

import pytest

from danvan.decisions import thresholds
from danvan.decisions.models import Subject


@pytest.mark.parametrize(
    ("subject", "agree", "passed"),
    [
        (Subject.INFRASTRUCTURE, 19, False),  # one household short of 2/3 of 30
        (Subject.INFRASTRUCTURE, 20, True),
        (Subject.COMMUNITY_FUND, 19, False),
        (Subject.COMMUNITY_FUND, 20, True),
        (Subject.VILLAGE_RULES, 15, False),  # half is not more than half
        (Subject.VILLAGE_RULES, 16, True),
        (Subject.VILLAGE_HEAD, 15, False),
        (Subject.BOARD_MEMBERS, 16, True),
        (Subject.OTHER, 15, False),
        (Subject.OTHER, 16, True),
    ],
)
def test_thresholds_of_thirty_households(subject: str, agree: int, passed: bool) -> None:
    assert thresholds.outcome(subject, agree=agree, total=30).passed is passed


def test_two_thirds_is_exact_without_floats() -> None:
    # 2/3 of 3 is exactly 2; of 31 it is 20.67, so 20 fails and 21 passes.
    assert thresholds.meets(thresholds.TWO_THIRDS, agree=2, total=3)
    assert not thresholds.meets(thresholds.TWO_THIRDS, agree=20, total=31)
    assert thresholds.meets(thresholds.TWO_THIRDS, agree=21, total=31)
    assert not thresholds.meets(thresholds.MAJORITY, agree=0, total=0)


def test_every_subject_has_a_cited_threshold() -> None:
    for subject in Subject.values:
        result = thresholds.outcome(subject, agree=1, total=1)
        assert "Điều 21" in result.citation


def test_initiative_needs_ten_percent() -> None:
    assert not thresholds.initiative_supported(supporters=2, total=30)
    assert thresholds.initiative_supported(supporters=3, total=30)
