"""Setting a petition's topic and editing the topic list: permissions, validation, audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.topics.models import Topic
from danvan.topics.services import ensure_default_topics, save_topic, set_topic
from tests.topics.conftest import Staff, receive


def audits(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


@pytest.mark.parametrize("who", ["officer", "handler", "leader"])
def test_intake_and_handling_roles_set_the_topic(
    tree: Any, staff: Staff, topics: dict[str, Topic], who: str
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    version = petition.version
    set_topic(actor=getattr(staff, who), petition=petition, topic=topics["land"])
    petition.refresh_from_db()
    assert petition.topic == topics["land"]
    # A label, not a step: handlers' open forms stay valid.
    assert petition.version == version
    [entry] = audits("topics.set_topic")
    assert entry.actor_id == getattr(staff, who).pk
    assert entry.target_id == str(petition.pk)
    assert entry.before == {"topic": None}
    assert entry.after == {"topic": "land"}
    assert entry.unit_id == tree.ba_dinh.pk


def test_change_and_clear_are_audited_with_codes(
    tree: Any, staff: Staff, topics: dict[str, Topic]
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    set_topic(actor=staff.handler, petition=petition, topic=topics["land"])
    set_topic(actor=staff.handler, petition=petition, topic=topics["environment"])
    set_topic(actor=staff.handler, petition=petition, topic=None)
    petition.refresh_from_db()
    assert petition.topic is None
    assert [(e.before, e.after) for e in audits("topics.set_topic")] == [
        ({"topic": None}, {"topic": "land"}),
        ({"topic": "land"}, {"topic": "environment"}),
        ({"topic": "environment"}, {"topic": None}),
    ]


def test_same_topic_again_writes_nothing(tree: Any, staff: Staff, topics: dict[str, Topic]) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    set_topic(actor=staff.handler, petition=petition, topic=topics["land"])
    set_topic(actor=staff.handler, petition=petition, topic=topics["land"])
    assert len(audits("topics.set_topic")) == 1


@pytest.mark.parametrize("who", ["monitor", "neighbour"])
def test_monitor_and_other_commune_are_refused(
    tree: Any, staff: Staff, topics: dict[str, Topic], who: str
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    with pytest.raises(PermissionDenied):
        set_topic(actor=getattr(staff, who), petition=petition, topic=topics["land"])
    petition.refresh_from_db()
    assert petition.topic is None
    assert audits("topics.set_topic") == []


def test_citizen_without_staff_role_is_refused(
    tree: Any, make_user: Any, topics: dict[str, Topic]
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    with pytest.raises(PermissionDenied):
        set_topic(actor=make_user("citizen"), petition=petition, topic=topics["land"])


def test_inactive_topic_is_refused(tree: Any, staff: Staff, topics: dict[str, Topic]) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    set_topic(actor=staff.handler, petition=petition, topic=topics["land"])
    retired = topics["environment"]
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError) as error:
        set_topic(actor=staff.handler, petition=petition, topic=retired)
    assert error.value.message_dict == {"topic": ["This topic is not in use."]}
    petition.refresh_from_db()
    assert petition.topic == topics["land"]
    assert len(audits("topics.set_topic")) == 1


def test_deleted_topic_is_refused(tree: Any, staff: Staff) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    ghost = Topic(pk=987654, code="ghost", name="Không có")
    with pytest.raises(ValidationError):
        set_topic(actor=staff.handler, petition=petition, topic=ghost)


def test_system_sets_topics_without_a_user(tree: Any, topics: dict[str, Topic]) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    set_topic(actor=None, petition=petition, topic=topics["other"])
    [entry] = audits("topics.set_topic")
    assert entry.actor_id is None
    assert entry.actor_label == "system"


def test_only_administrators_edit_the_list(
    staff: Staff, make_user: Any, topics: dict[str, Topic]
) -> None:
    new = Topic(code="education", name="  Giáo   dục ", keywords="học phí,  giáo viên")
    with pytest.raises(PermissionDenied):
        save_topic(actor=staff.leader, topic=new)
    assert not Topic.objects.filter(code="education").exists()
    save_topic(actor=make_user("system_admin"), topic=new)
    saved = Topic.objects.get(code="education")
    assert (saved.name, saved.keywords) == ("Giáo dục", "học phí, giáo viên")
    [entry] = audits("topics.save_topic")
    assert entry.before is None
    assert entry.after["code"] == "education"


def test_invalid_topic_is_refused(make_user: Any, topics: dict[str, Topic]) -> None:
    with pytest.raises(ValidationError):
        save_topic(actor=make_user("system_admin"), topic=Topic(code="có dấu", name="X"))
    with pytest.raises(ValidationError):
        save_topic(actor=None, topic=Topic(code="land", name="Trùng mã"))


def test_default_topics_are_ensured_once(db: None) -> None:
    Topic.objects.all().delete()
    assert ensure_default_topics() == 7
    assert ensure_default_topics() == 0
    assert set(Topic.objects.values_list("code", flat=True)) == {
        "land",
        "environment",
        "social_policy",
        "officials_conduct",
        "public_services",
        "infrastructure",
        "other",
    }


def test_migration_seeds_the_same_topics() -> None:
    import importlib

    from danvan.topics.defaults import DEFAULT_TOPICS

    migration = importlib.import_module("danvan.topics.migrations.0002_seed_topics")
    assert migration.TOPICS == DEFAULT_TOPICS
