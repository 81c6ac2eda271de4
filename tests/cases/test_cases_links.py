"""Confirming and removing links: who may, what is refused, the audit log, and the
families merged and split again."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.cases.models import CaseFamily, LinkKind, PetitionLink
from danvan.cases.services import confirm_link, remove_link, split_family
from danvan.figures.models import PetitionFact
from danvan.notifications.models import Notification
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from tests.cases.conftest import decide, receive, refreshed

pytestmark = pytest.mark.django_db


def test_every_petition_starts_with_a_family_of_its_own(tree, staff) -> None:
    a = refreshed(receive(tree.agency(tree.ba_dinh)))
    b = refreshed(receive(tree.agency(tree.ba_dinh), content="Nội dung khác hẳn"))
    assert a.family is not None
    assert b.family is not None
    assert a.family != b.family
    assert a.family.petition_count == 1
    assert a.family.unit == tree.ba_dinh


def test_link_merges_families_keeping_the_older(tree, staff) -> None:
    older = receive(tree.agency(tree.ba_dinh), on="2026-11-02")
    newer = receive(tree.agency(tree.hanoi), on="2026-11-03", content="Bản gửi Ủy ban thành phố")
    old_family, new_family = older.family_id, newer.family_id
    link = confirm_link(
        actor=staff.province_leader,
        petition=newer,
        other=older,
        kind=LinkKind.COPY,
        reasons=["content", "content", "person_phone"],
        score=0.9,
    )
    assert link.reasons == ["content", "person_phone"]
    assert link.confirmed_by == staff.province_leader
    older, newer = refreshed(older), refreshed(newer)
    assert older.family_id == newer.family_id == old_family
    assert not CaseFamily.objects.filter(pk=new_family).exists()
    family = older.family
    assert family.petition_count == 2
    # The lowest unit common to the commune and the city is the city.
    assert (family.unit, family.unit_path) == (tree.hanoi, tree.hanoi.path)
    assert family.first_received_on.isoformat() == "2026-11-02"
    assert family.last_received_on.isoformat() == "2026-11-03"
    entry = AuditEntry.objects.get(action="cases.confirm_link")
    assert entry.actor_id == staff.province_leader.pk
    assert entry.target_id == str(link.pk)
    assert entry.after["kind"] == "copy"
    assert entry.after["family"] == old_family


def test_copy_tells_the_other_body(tree, staff) -> None:
    at_commune = receive(tree.agency(tree.ba_dinh))
    at_city = receive(tree.agency(tree.hanoi), content="Bản gửi Ủy ban thành phố")
    confirm_link(
        actor=staff.province_leader, petition=at_city, other=at_commune, kind=LinkKind.COPY
    )
    # The commune's chair heads the other body; the actor is not told about their own act.
    told = set(Notification.objects.filter(topic="cases.link").values_list("recipient", flat=True))
    assert staff.leader.pk in told
    assert staff.province_leader.pk not in told


def test_monitor_and_other_commune_are_refused(tree, staff) -> None:
    a = receive(tree.agency(tree.ba_dinh))
    b = receive(tree.agency(tree.ba_dinh), content="Nội dung khác hẳn")
    with pytest.raises(PermissionDenied):
        confirm_link(actor=staff.monitor, petition=a, other=b, kind=LinkKind.RELATED)
    with pytest.raises(PermissionDenied):
        confirm_link(actor=staff.ngoc_ha_officer, petition=a, other=b, kind=LinkKind.RELATED)
    # A write role on the petition, but the other one is out of sight.
    hidden = receive(tree.agency(tree.ngoc_ha), content="Đơn ở phường bên")
    with pytest.raises(PermissionDenied):
        confirm_link(actor=staff.officer, petition=a, other=hidden, kind=LinkKind.RELATED)
    assert not PetitionLink.objects.exists()
    assert not AuditEntry.objects.filter(action="cases.confirm_link").exists()


def test_refused_links(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    a = receive(commune, on="2026-11-02")
    b = receive(commune, content="Nội dung khác hẳn", on="2026-11-03")
    with pytest.raises(ValidationError, match="itself"):
        confirm_link(actor=staff.officer, petition=a, other=a, kind=LinkKind.RELATED)
    with pytest.raises(ValidationError, match="kind of link"):
        confirm_link(actor=staff.officer, petition=b, other=a, kind="duplicate")
    # A copy goes to another body.
    with pytest.raises(ValidationError, match="same agency"):
        confirm_link(actor=staff.officer, petition=b, other=a, kind=LinkKind.COPY)
    # A repeat (tái diễn) follows a decision.
    with pytest.raises(ValidationError, match="decision"):
        confirm_link(actor=staff.officer, petition=b, other=a, kind=LinkKind.REPEAT)
    confirm_link(actor=staff.officer, petition=b, other=a, kind=LinkKind.RELATED)
    with pytest.raises(ValidationError, match="already linked"):
        confirm_link(actor=staff.officer, petition=a, other=b, kind=LinkKind.RELATED)
    assert PetitionLink.objects.count() == 1


def test_the_same_paper_is_not_linked(tree, staff) -> None:
    parts = petitions.receive_petitions(
        actor=None,
        agency=tree.agency(tree.ba_dinh),
        channel="post",
        drafts=[
            petitions.PetitionDraft(
                kind="complaint", subject="1", content="x", petitioner_name="A"
            ),
            petitions.PetitionDraft(kind="petition", subject="2", content="y", petitioner_name="A"),
        ],
    )
    with pytest.raises(ValidationError, match="same paper"):
        confirm_link(actor=staff.officer, petition=parts[1], other=parts[0], kind=LinkKind.RELATED)


def test_repeat_after_a_decision_marks_the_petition(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    first = decide(receive(commune, on="2026-11-02"), on="2026-11-05", handler=staff.handler)
    # Received before the decision: not a repeat.
    early = receive(commune, content="Gửi lại trước khi có quyết định", on="2026-11-04")
    with pytest.raises(ValidationError, match="decision"):
        confirm_link(actor=staff.officer, petition=early, other=first, kind=LinkKind.REPEAT)
    again = receive(commune, content="Tôi tiếp tục khiếu nại", on="2026-11-06")
    link = confirm_link(actor=staff.officer, petition=again, other=first, kind=LinkKind.REPEAT)
    again = refreshed(again)
    assert again.is_repeat
    assert PetitionFact.objects.get(pk=again.pk).repeated
    assert again.family.repeat_count == 1
    # Removing the link takes the mark it set away again.
    remove_link(actor=staff.officer, link=link, reason="Nhầm người")
    again = refreshed(again)
    assert not again.is_repeat
    assert not PetitionFact.objects.get(pk=again.pk).repeated
    entry = AuditEntry.objects.get(action="cases.remove_link")
    assert entry.reason == "Nhầm người"
    assert entry.after["is_repeat_cleared"] is True


def test_removing_a_repeat_link_keeps_a_mark_made_at_intake(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    first = decide(receive(commune, on="2026-11-02"), on="2026-11-05", handler=staff.handler)
    again = receive(commune, content="Tái diễn", on="2026-11-06", is_repeat=True)
    link = confirm_link(actor=staff.officer, petition=again, other=first, kind=LinkKind.REPEAT)
    remove_link(actor=staff.officer, link=link)
    assert refreshed(again).is_repeat


def test_remove_splits_the_family_where_nothing_else_holds_it(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    a = receive(commune, on="2026-11-02", content="Nội dung A")
    b = receive(commune, on="2026-11-03", content="Nội dung B")
    c = receive(commune, on="2026-11-04", content="Nội dung C")
    ab = confirm_link(actor=staff.officer, petition=b, other=a, kind=LinkKind.RELATED)
    bc = confirm_link(actor=staff.officer, petition=c, other=b, kind=LinkKind.RELATED)
    ac = confirm_link(actor=staff.officer, petition=c, other=a, kind=LinkKind.RELATED)
    family = refreshed(a).family
    assert family.petition_count == 3
    # a–c still joins them through b: nothing splits.
    remove_link(actor=staff.officer, link=ac)
    assert {refreshed(p).family_id for p in (a, b, c)} == {family.pk}
    # Without b–c, c stands alone in a new family; a and b keep the old one.
    families = remove_link(actor=staff.officer, link=bc)
    a, b, c = refreshed(a), refreshed(b), refreshed(c)
    assert a.family_id == b.family_id == family.pk
    assert c.family_id != family.pk
    assert {f.pk for f in families} == {family.pk, c.family_id}
    assert a.family.petition_count == 2
    assert c.family.petition_count == 1
    remove_link(actor=staff.officer, link=ab)
    assert len({refreshed(p).family_id for p in (a, b, c)}) == 3


def test_split_keeps_a_forwarded_paper_with_its_copy(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    city = tree.agency(tree.hanoi)
    sent = receive(commune, on="2026-11-02")
    petitions.forward(
        actor=None,
        petition=sent,
        to_agency=city,
        expected_version=1,
        effective_on=sent.received_on,
    )
    copy = Petition.objects.get(transferred_from=sent)
    assert copy.family_id == sent.family_id
    other = receive(commune, on="2026-11-03", content="Nội dung khác")
    link = confirm_link(actor=staff.officer, petition=other, other=sent, kind=LinkKind.RELATED)
    assert refreshed(copy).family.petition_count == 3
    remove_link(actor=staff.officer, link=link)
    assert refreshed(copy).family_id == refreshed(sent).family_id != refreshed(other).family_id
    # Splitting a family that holds together changes nothing.
    family = refreshed(sent).family
    assert [f.pk for f in split_family(family)] == [family.pk]


def test_who_may_remove_a_link(tree, staff) -> None:
    a = receive(tree.agency(tree.ba_dinh))
    b = receive(tree.agency(tree.hanoi), content="Bản gửi thành phố")
    link = confirm_link(actor=staff.province_leader, petition=b, other=a, kind=LinkKind.COPY)
    for user in (staff.monitor, staff.ngoc_ha_officer, staff.bac_ly_officer):
        with pytest.raises(PermissionDenied):
            remove_link(actor=user, link=link)
    # The commune's officer cannot see the city's paper, so cannot undo the link either.
    with pytest.raises(PermissionDenied):
        remove_link(actor=staff.officer, link=link)
    assert PetitionLink.objects.filter(pk=link.pk).exists()
    # The city's chair reaches both ends.
    remove_link(actor=staff.province_leader, link=link)
    assert not PetitionLink.objects.exists()
    assert refreshed(a).family_id != refreshed(b).family_id
