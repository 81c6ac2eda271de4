"""Writes for topics: set a petition's topic, edit the topic list."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_text
from danvan.petitions.models import Petition
from danvan.topics.defaults import DEFAULT_TOPICS
from danvan.topics.models import Topic


@transaction.atomic
def set_topic(*, actor: Any, petition: Petition, topic: Topic | None) -> Petition:
    """Set (or clear, with None) the topic of ``petition``.

    Only staff who receive or handle petitions at its unit may do it, and only with a
    topic in use. The petition's ``version`` is not bumped: the topic is a label for
    statistics and early warning, and a topic set by a colleague must not make a
    handler's open step form stale.
    """
    require_perm(
        actor,
        "topics.set_topic",
        petition,
        message=_("You may not set the topic of this petition."),
    )
    if topic is not None:
        topic = Topic.objects.filter(pk=topic.pk).first()
        if topic is None or not topic.is_active:
            raise ValidationError({"topic": _("This topic is not in use.")})
    locked = Petition.objects.select_for_update(of=("self",)).get(pk=petition.pk)
    before = locked.topic.code if locked.topic is not None else None
    after = topic.code if topic is not None else None
    if before == after:
        petition.topic = topic
        return petition
    locked.topic = topic
    locked.save(update_fields=["topic", "updated_at"])
    record_write(
        actor=actor,
        action="topics.set_topic",
        target=locked,
        before={"topic": before},
        after={"topic": after},
        unit_id=locked.unit_id,
    )
    petition.topic = topic
    petition.updated_at = locked.updated_at
    return petition


@transaction.atomic
def save_topic(*, actor: Any, topic: Topic) -> Topic:
    """Create or change a topic of the list (system administrators only)."""
    require_perm(actor, "topics.manage_topics", None, message=_("Only administrators may do this."))
    before = (
        Topic.objects.filter(pk=topic.pk).values("code", "name", "keywords", "is_active").first()
        if topic.pk
        else None
    )
    topic.name = normalize_text(topic.name)
    topic.keywords = normalize_text(topic.keywords)
    topic.full_clean()
    topic.save()
    record_write(
        actor=actor,
        action="topics.save_topic",
        target=topic,
        before=before,
        after={
            "code": topic.code,
            "name": topic.name,
            "keywords": topic.keywords,
            "is_active": topic.is_active,
        },
    )
    return topic


def ensure_default_topics() -> int:
    """Create the default topics that are missing (by code); returns how many. The data
    migration does this on install; tests and demo data call it after a flush."""
    created = 0
    for data in DEFAULT_TOPICS:
        _topic, new = Topic.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "keywords": data["keywords"],
                "order": data["order"],
            },
        )
        created += new
    return created
