"""Demo data: give the demo petitions a topic, as an officer would after the suggestion."""

from __future__ import annotations

from danvan.petitions.models import Petition
from danvan.topics import classifier
from danvan.topics.models import Topic
from danvan.topics.services import ensure_default_topics, set_topic


def seed_demo() -> int:
    """Set the suggested topic on every petition that has none; returns how many.

    Idempotent: petitions that already have a topic (set here before, or by an officer)
    are left alone, so a second run sets nothing. Low-confidence texts get ``other``.
    """
    ensure_default_topics()
    petitions = list(
        Petition.objects.filter(topic__isnull=True).select_related("unit").order_by("pk")
    )
    if not petitions:
        return 0
    by_code = {t.code: t for t in Topic.objects.filter(is_active=True)}
    predictions = classifier.predict([classifier.petition_text(p) for p in petitions])
    count = 0
    for petition, prediction in zip(petitions, predictions, strict=True):
        topic = by_code.get(prediction.code or "")
        if topic is not None:
            set_topic(actor=None, petition=petition, topic=topic)
            count += 1
    return count
