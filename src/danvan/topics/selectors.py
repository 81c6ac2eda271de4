"""Reads for topics: the active list and what the petition page shows about a topic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from danvan.petitions.models import Petition
from danvan.topics import classifier
from danvan.topics.agency import AgencySuggestion, suggest_agency
from danvan.topics.models import Topic


def active_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).order_by("order", "name")


@dataclass(frozen=True)
class TopicPanel:
    """The topic box of a petition's page. Nothing in it comes from the petitioner."""

    topic: Topic | None  # the topic set on the petition
    may_edit: bool  # the user may set the topic (a write role on the unit)
    suggestions: list[tuple[Topic, float]]  # empty unless ``may_edit``
    confident: bool  # the best suggestion passed the low-confidence rule
    agency: AgencySuggestion | None  # None unless ``may_edit``
    choices: list[Topic]  # active topics for the form
    selected: Topic | None  # preselected in the form

    @property
    def suggested(self) -> Topic | None:
        return self.suggestions[0][0] if self.suggestions else None

    @property
    def probability(self) -> float:
        return self.suggestions[0][1] if self.suggestions else 0.0


def topic_panel(user: Any, petition: Petition) -> TopicPanel | None:
    """The panel for ``user``; None if the user may not see the petition."""
    if not user.has_perm("petitions.view_petition", petition):
        return None
    topic = petition.topic
    if not user.has_perm("topics.set_topic", petition):
        return TopicPanel(topic, False, [], False, None, [], None)
    text = classifier.petition_text(petition)
    suggestion = classifier.suggest(text)
    suggestions, confident = suggestion.topics, suggestion.confident
    best = suggestions[0][0] if suggestions else None
    # The agency follows the topic the officer chose, or else the suggested one.
    agency = suggest_agency(topic=topic or best, kind=petition.kind, unit=petition.unit, text=text)
    choices = list(active_topics())
    # A topic already chosen by an officer is kept in the form; otherwise the suggestion.
    selected = topic if topic is not None and topic.is_active else best
    return TopicPanel(topic, True, suggestions, confident, agency, choices, selected)
