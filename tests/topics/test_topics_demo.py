"""Demo data: topics on the demo petitions, set once."""

from __future__ import annotations

from typing import Any

from danvan.audit.models import AuditEntry
from danvan.petitions.models import Petition
from danvan.topics.demo import seed_demo
from danvan.topics.models import Topic
from tests.topics.conftest import receive


def test_seed_demo_sets_topics_once(tree: Any, topics: dict[str, Topic]) -> None:
    agency = tree.agency(tree.ba_dinh)
    land = receive(agency)
    road = receive(
        agency,
        subject="Đường hỏng",
        content="Đường liên thôn nhiều ổ gà, cống thoát nước vỡ, mưa là ngập.",
    )
    chosen = receive(agency, subject="Đơn", content="Trợ cấp xã hội của mẹ tôi bị cắt.")
    chosen.topic = topics["other"]
    chosen.save(update_fields=["topic"])
    assert seed_demo() == 2
    assert Petition.objects.get(pk=land.pk).topic == topics["land"]
    assert Petition.objects.get(pk=road.pk).topic == topics["infrastructure"]
    # An officer's choice is kept.
    assert Petition.objects.get(pk=chosen.pk).topic == topics["other"]
    assert AuditEntry.objects.filter(action="topics.set_topic").count() == 2
    assert seed_demo() == 0
    assert AuditEntry.objects.filter(action="topics.set_topic").count() == 2


def test_seed_demo_without_petitions(db: None) -> None:
    assert seed_demo() == 0
    assert Topic.objects.filter(is_active=True).count() >= 7
