"""Reads of disclosures: the state of each against the law, lists and counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.calendar.selectors import get_calendar
from danvan.deadlines.compute import RuleSpec, compute_deadline
from danvan.deadlines.models import DeadlineRule
from danvan.deadlines.selectors import explain_deadline, rule_spec
from danvan.disclosures import legal
from danvan.disclosures.models import Disclosure, Form
from danvan.documents.models import Attachment
from danvan.documents.selectors import attachments_of
from danvan.units.models import AdministrativeUnit

DUE = "due"
LATE = "late"
MET = "met"
POSTING_SHORT = "posting_short"
STATES = (DUE, LATE, MET, POSTING_SHORT)
STATE_LABELS = {
    DUE: _("Due (đến hạn)"),
    LATE: _("Late (quá hạn)"),
    MET: _("Met (đúng quy định)"),
    POSTING_SHORT: _("Posting too short (niêm yết chưa đủ thời gian)"),
}


@dataclass(frozen=True)
class DisclosureState:
    state: str
    publish_due: date  # the last day to disclose (5 working days after the decision)
    posting_due: date | None  # the first day the posting may end, when a minimum applies
    citation: str

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


class Clock:
    """The two disclosure periods, reading each rule version once.

    A list or a count judges many disclosures; without this each one would read the
    rule table twice. The version used is the one in force on the day the period starts.
    """

    def __init__(self) -> None:
        self._versions: dict[str, list[RuleSpec]] = {}

    def _due(self, rule_id: str, start: date) -> date:
        if rule_id not in self._versions:
            self._versions[rule_id] = [
                rule_spec(rule)
                for rule in DeadlineRule.objects.filter(rule_id=rule_id).order_by("-effective_from")
            ]
        version = next((v for v in self._versions[rule_id] if v.effective_from <= start), None)
        if version is None:
            # Raises the explained "unknown rule" / "not yet in force" error.
            return explain_deadline(rule_id, start).due
        return compute_deadline(version, start, calendar=get_calendar()).due

    def publish_due(self, decided_on: date) -> date:
        """The last day to disclose: 5 working days after the decision (Đ.12)."""
        return self._due(legal.PUBLISH_RULE, decided_on)

    def posting_due(self, published_on: date) -> date:
        """The earliest end of the posting: 30 calendar days after it started (Đ.13)."""
        return self._due(legal.POSTING_RULE, published_on)


def publish_due(decided_on: date) -> date:
    return Clock().publish_due(decided_on)


def posting_due(published_on: date) -> date:
    return Clock().posting_due(published_on)


def posting_is_short(disclosure: Disclosure, *, clock: Clock | None = None) -> bool:
    """True when a published disclosure fell short of the posting or loudspeaker minimum.

    A posting still running (no end date) is not short; an ended one is judged by its
    end date. Permanent subjects are short as soon as their posting ends.
    """
    if disclosure.published_on is None:
        return False
    subject = disclosure.subject
    if subject in legal.PERMANENT_SUBJECTS and disclosure.posting_until is not None:
        return True
    if (
        subject in legal.POSTING_MIN_SUBJECTS
        and not disclosure.permanent
        and disclosure.posting_until is not None
        and disclosure.posting_until < (clock or Clock()).posting_due(disclosure.published_on)
    ):
        return True
    return (
        subject in legal.LOUDSPEAKER_SUBJECTS
        and (disclosure.loudspeaker_days or 0) < legal.LOUDSPEAKER_MIN_DAYS
    )


def disclosure_state(
    disclosure: Disclosure, today: date, *, clock: Clock | None = None
) -> DisclosureState:
    clock = clock or Clock()
    due = clock.publish_due(disclosure.decided_on)
    citation = f"{legal.LAW}, Điều 12"
    if disclosure.published_on is None:
        return DisclosureState(DUE if today <= due else LATE, due, None, citation)
    needs_minimum = disclosure.subject in legal.POSTING_MIN_SUBJECTS and not disclosure.permanent
    minimum_end = clock.posting_due(disclosure.published_on) if needs_minimum else None
    if disclosure.published_on > due:
        return DisclosureState(LATE, due, minimum_end, citation)
    if posting_is_short(disclosure, clock=clock):
        return DisclosureState(POSTING_SHORT, due, minimum_end, legal.POSTING_MIN_CITATION)
    return DisclosureState(MET, due, minimum_end, citation)


def disclosures_under(unit: AdministrativeUnit) -> QuerySet[Disclosure]:
    """The disclosures of ``unit`` and every unit below it."""
    return Disclosure.objects.filter(unit_path__startswith=unit.path).select_related(
        "agency", "unit", "document"
    )


def compliance(
    unit: AdministrativeUnit, start: date, end: date, *, today: date | None = None
) -> dict[str, int]:
    """Counts per state of the disclosures decided between ``start`` and ``end``
    (inclusive) in ``unit`` and below, judged on ``today`` (default: ``end``)."""
    judged_on = today or end
    counts = dict.fromkeys(STATES, 0)
    clock = Clock()
    for disclosure in disclosures_under(unit).filter(decided_on__range=(start, end)):
        counts[disclosure_state(disclosure, judged_on, clock=clock).state] += 1
    counts["total"] = sum(counts.values())
    return counts


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first_month = 3 * (quarter - 1) + 1
    start = date(year, first_month, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def quarterly_list(unit: AdministrativeUnit, *, year: int, quarter: int) -> QuerySet[Disclosure]:
    """What was disclosed in the quarter (by the day disclosure started), oldest first."""
    start, end = quarter_bounds(year, quarter)
    return (
        disclosures_under(unit)
        .filter(published_on__range=(start, end))
        .order_by("published_on", "subject", "pk")
    )


def public_disclosures(unit: AdministrativeUnit) -> QuerySet[Disclosure]:
    """What the portal shows for a commune: public and already disclosed."""
    return (
        disclosures_under(unit)
        .filter(is_public=True, published_on__isnull=False)
        .order_by("-published_on", "-pk")
    )


def evidence_of(disclosure: Disclosure) -> list[Attachment]:
    """The files attached to the disclosure other than its document."""
    return [a for a in attachments_of(disclosure) if a.pk != disclosure.document_id]


def form_labels(disclosure: Disclosure) -> list[str]:
    labels = dict(Form.choices)
    return [str(labels.get(code, code)) for code in disclosure.forms]
