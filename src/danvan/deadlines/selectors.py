"""Reads of the deadline rules, and deadlines computed on the working calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from danvan.calendar.selectors import get_calendar
from danvan.deadlines.compute import (
    Explained,
    ExplainedRule,
    RuleSpec,
    UnknownRule,
    add_days,
    compute_deadline,
)
from danvan.deadlines.models import DeadlineRule

# Rule ids come from users on the command line and in URLs; do not echo a page of text.
_MAX_ECHO = 80


def _shown(rule_id: str) -> str:
    return rule_id if len(rule_id) <= _MAX_ECHO else rule_id[:_MAX_ECHO] + "…"


def rule_in_force(rule_id: str, on_date: date) -> DeadlineRule:
    """The version of ``rule_id`` in force on ``on_date``: the latest one whose
    ``effective_from`` is on or before it. Raises :class:`UnknownRule` if none."""
    version = (
        DeadlineRule.objects.filter(rule_id=rule_id, effective_from__lte=on_date)
        .order_by("-effective_from")
        .first()
    )
    if version is not None:
        return version
    first = (
        DeadlineRule.objects.filter(rule_id=rule_id)
        .order_by("effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if first is None:
        raise UnknownRule(
            _('Unknown deadline rule "%(rule)s"; list the rules with "danvan deadline rules".')
            % {"rule": _shown(rule_id)}
        )
    raise UnknownRule(
        _(
            'The rule "%(rule)s" was not yet in force on %(date)s; its first version starts on '
            "%(first)s."
        )
        % {
            "rule": rule_id,
            "date": on_date.strftime("%d/%m/%Y"),
            "first": first.strftime("%d/%m/%Y"),
        },
        code="rule_not_in_force",
    )


def rule_spec(rule: DeadlineRule) -> RuleSpec:
    """A database-free copy of ``rule`` for :func:`compute_deadline`."""
    return RuleSpec(
        rule_id=rule.rule_id,
        effective_from=rule.effective_from,
        effective_until=rule.effective_until,
        title=rule.title,
        days=rule.days,
        unit=rule.unit,
        direction=rule.direction,
        starts_on=rule.starts_on,
        variants=dict(rule.variants or {}),
        max_extensions=rule.max_extensions,
        extension_days=rule.extension_days,
        roll_forward=rule.roll_forward,
        citation=rule.citation,
        source_note=rule.source_note,
    )


def rule_versions() -> list[RuleSpec]:
    """Every version of every rule, by rule id then date."""
    return [rule_spec(rule) for rule in DeadlineRule.objects.order_by("rule_id", "effective_from")]


def explain_deadline(rule_id: str, start: date, **flags: Any) -> ExplainedRule:
    """The deadline of the version of ``rule_id`` in force on ``start``, on the working
    calendar with its overrides.

    ``flags`` are those of :func:`danvan.deadlines.compute.compute_deadline`:
    ``complex``, ``very_complex``, ``remote``, ``several_locations`` and ``extensions``.
    """
    rule = rule_spec(rule_in_force(rule_id, start))
    return compute_deadline(rule, start, calendar=get_calendar(), **flags)


def explain_add(start: date, days: int, unit: str) -> Explained:
    """``days`` working or calendar days after ``start`` on the working calendar."""
    return add_days(start, days, unit, calendar=get_calendar())
