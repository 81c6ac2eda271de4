"""How many households must agree (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15).

Pure functions on integers: fractions are compared by cross-multiplying so that no
float rounding can move a vote across the bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from danvan.decisions.models import Subject

TWO_THIRDS = "two_thirds"
MAJORITY = "majority"

# Art. 21: contributions to infrastructure and community funds need at least 2/3 of
# all households of the village; the other matters more than half.
SUBJECT_THRESHOLDS: dict[str, str] = {
    Subject.INFRASTRUCTURE: TWO_THIRDS,
    Subject.COMMUNITY_FUND: TWO_THIRDS,
    Subject.VILLAGE_RULES: MAJORITY,
    Subject.VILLAGE_HEAD: MAJORITY,
    Subject.BOARD_MEMBERS: MAJORITY,
    Subject.OTHER: MAJORITY,
}

CITATIONS = {
    TWO_THIRDS: "Luật 10/2022/QH15, Điều 21",
    MAJORITY: "Luật 10/2022/QH15, Điều 21",
}


@dataclass(frozen=True)
class Outcome:
    threshold: str
    agree: int
    total: int
    passed: bool
    citation: str


def threshold_for(subject: str) -> str:
    return SUBJECT_THRESHOLDS[subject]


def meets(threshold: str, *, agree: int, total: int) -> bool:
    """True if ``agree`` households out of ``total`` reach ``threshold``."""
    if total <= 0:
        return False
    if threshold == TWO_THIRDS:
        return 3 * agree >= 2 * total
    if threshold == MAJORITY:
        return 2 * agree > total
    raise ValueError(f"unknown threshold {threshold!r}")


def outcome(subject: str, *, agree: int, total: int) -> Outcome:
    threshold = threshold_for(subject)
    return Outcome(
        threshold=threshold,
        agree=agree,
        total=total,
        passed=meets(threshold, agree=agree, total=total),
        citation=CITATIONS[threshold],
    )


def initiative_supported(*, supporters: int, total: int) -> bool:
    """Art. 16: a citizen initiative needs the support of at least 10% of households."""
    return total > 0 and 10 * supporters >= total
