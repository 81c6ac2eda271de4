"""Grouping, decisions, the majority rule, the report values, publishing, statistics."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from danvan.audit.models import AuditEntry
from danvan.consultations import services
from danvan.consultations.models import Comment, CommentGroup, Consultation, Phase
from danvan.consultations.selectors import (
    build_report,
    comparison,
    departs_from_majority,
    groups_by_section,
    majority_group,
    statistics,
)
from danvan.documents.selectors import attachments_of
from tests.consultations.conftest import Staff, Villages, past_consultation

pytestmark = pytest.mark.django_db

Clients = Callable[[Any], Client]

FEE = "Không đồng ý thu phí niêm yết tại nhà văn hóa thôn."
LONGER = "Đề nghị kéo dài thời gian niêm yết lên 45 ngày để bà con kịp đọc."


@pytest.fixture
def aggregated(tree: Any, staff: Staff, villages: Villages) -> Consultation:
    """Closed, with comments on Điều 3 (two opinions) and on the whole draft."""
    consultation = past_consultation(tree)
    article = consultation.sections.get(label="Điều 3")
    day = consultation.opens_on
    for n in range(3):
        services.submit_comment(
            consultation=consultation,
            section=article,
            position="disagree",
            text=FEE if n else FEE.upper(),
            key=uuid.uuid4(),
            today=day,
        )
    services.submit_comment(
        consultation=consultation, section=None, position="agree", text="Nhất trí dự thảo.",
        key=uuid.uuid4(), today=day,
    )  # fmt: skip
    services.record_offline_batch(
        actor=None,
        consultation=consultation,
        channel="meeting",
        held_on=day,
        village=villages.dong,
        attendees=40,
        rows=[services.OfflineRow(article, "propose", LONGER, 12)],
    )
    services.close_comments(actor=staff.officer, consultation=consultation)
    services.aggregate(actor=staff.officer, consultation=consultation)
    return consultation


def _group(consultation: Consultation, text: str) -> CommentGroup:
    return CommentGroup.objects.get(
        consultation=consultation, representative__text_folded__icontains=text
    )


def test_aggregate_groups_visible_comments(aggregated: Consultation) -> None:
    groups = list(aggregated.groups.all())
    assert len(groups) == 3
    fee = _group(aggregated, "thu phi")
    assert fee.comments == 3
    assert fee.people == 3
    assert fee.positions["disagree"] == 3
    longer = _group(aggregated, "keo dai")
    assert longer.people == 12
    assert Comment.objects.filter(consultation=aggregated, group__isnull=True).count() == 0
    assert AuditEntry.objects.filter(action="consultations.consultation.aggregate").exists()


def test_aggregate_only_after_closing(tree: Any, staff: Staff) -> None:
    consultation = past_consultation(tree)
    with pytest.raises(ValidationError, match="after the comment period"):
        services.aggregate(actor=staff.officer, consultation=consultation)


def test_decisions_survive_a_new_grouping(aggregated: Consultation, staff: Staff) -> None:
    fee = _group(aggregated, "thu phi")
    services.decide_group(
        actor=staff.leader, group=fee, decision="accepted", explanation="Bỏ việc thu phí."
    )
    assert fee.representative_id is not None
    hidden = Comment.objects.filter(consultation=aggregated, text=FEE).exclude(
        pk=fee.representative_id
    )[0]
    services.hide_comment(actor=staff.officer, comment=hidden, reason="Trùng lặp")
    services.aggregate(actor=staff.officer, consultation=aggregated)
    again = _group(aggregated, "thu phi")
    assert again.pk != fee.pk
    assert again.decision == "accepted"
    assert again.explanation == "Bỏ việc thu phí."
    assert again.comments == 2  # the hidden comment is left out
    assert _group(aggregated, "keo dai").decision == ""


def test_decide_group_validation(aggregated: Consultation, staff: Staff) -> None:
    group = _group(aggregated, "keo dai")
    with pytest.raises(ValidationError) as caught:
        services.decide_group(actor=staff.officer, group=group, decision="not_accepted")
    assert "explanation" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.decide_group(actor=staff.officer, group=group, decision="maybe")
    assert "decision" in caught.value.message_dict
    services.decide_group(actor=staff.officer, group=group, decision="accepted")
    assert AuditEntry.objects.filter(action="consultations.group.decide").exists()


@pytest.mark.parametrize("who", ["other_officer", "monitor"])
def test_decide_refused_outside_the_authority(
    aggregated: Consultation, staff: Staff, who: str
) -> None:
    group = aggregated.groups.first()
    assert group is not None
    with pytest.raises(PermissionDenied):
        services.decide_group(actor=getattr(staff, who), group=group, decision="accepted")
    with pytest.raises(PermissionDenied):
        services.aggregate(actor=getattr(staff, who), consultation=aggregated)


def test_departs_from_majority_rule(aggregated: Consultation, staff: Staff) -> None:
    article = aggregated.sections.get(label="Điều 3")
    groups = list(aggregated.groups.filter(section=article))
    majority = majority_group(groups)
    longer = _group(aggregated, "keo dai")
    fee = _group(aggregated, "thu phi")
    assert majority == longer  # 12 people at the meeting beat 3 on the portal
    services.decide_group(
        actor=staff.leader, group=fee, decision="not_accepted", explanation="Không thuộc dự thảo."
    )
    fee.refresh_from_db()
    assert not departs_from_majority(fee, majority)  # a minority group is never the majority
    services.decide_group(
        actor=staff.leader,
        group=longer,
        decision="partly_accepted",
        explanation="Nâng lên 35 ngày.",
    )
    longer.refresh_from_db()
    assert departs_from_majority(longer, majority)
    entry = next(e for e in groups_by_section(aggregated) if e.section == article)
    assert [r.departs_from_majority for r in entry.groups] == [True, False]
    services.decide_group(actor=staff.leader, group=longer, decision="accepted")
    longer.refresh_from_db()
    assert not departs_from_majority(longer, majority)


def test_build_report_values(aggregated: Consultation, staff: Staff) -> None:
    for group in aggregated.groups.all():
        services.decide_group(
            actor=staff.leader, group=group, decision="not_accepted", explanation="Lý do."
        )
    report = build_report(aggregated)
    assert report.agency_name == aggregated.agency.name
    assert report.parent_body == "UBND Thành phố Hà Nội"
    assert report.place == "Ba Đình"
    assert report.comments == 5
    assert report.participants == 3 + 1 + 12
    assert report.by_channel == {"Cổng thông tin điện tử": 4, "Hội nghị, họp thôn": 1}
    assert report.channels == ["Cổng thông tin điện tử", "Hội nghị, họp thôn"]
    assert [s.label for s in report.sections] == ["Toàn bộ dự thảo", "Điều 3"]
    article = report.sections[1]
    assert article.people == 15
    assert article.positions["propose"] == 12
    assert [g.departs_from_majority for g in article.groups] == [True, False]
    assert article.groups[0].representative == LONGER


def test_publish_stores_files_and_shows_on_the_portal(
    aggregated: Consultation, staff: Staff, client_for: Clients
) -> None:
    with pytest.raises(ValidationError, match="Decide on every group"):
        services.publish_explanation(
            actor=staff.leader, consultation=aggregated, signer_name="Trần Văn Chủ"
        )
    for group in aggregated.groups.all():
        services.decide_group(actor=staff.leader, group=group, decision="accepted")
    with pytest.raises(PermissionDenied):
        services.publish_explanation(actor=staff.monitor, consultation=aggregated, signer_name="X")
    with pytest.raises(ValidationError) as caught:
        services.publish_explanation(actor=staff.leader, consultation=aggregated, signer_name=" ")
    assert "signer_name" in caught.value.message_dict
    services.publish_explanation(
        actor=staff.leader, consultation=aggregated, signer_name="Trần Văn Chủ", number="7/BC-UBND"
    )
    aggregated.refresh_from_db()
    assert aggregated.phase == Phase.EXPLAINED
    assert aggregated.published_on is not None
    files = list(attachments_of(aggregated))
    assert {f.content_type for f in files} == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    assert AuditEntry.objects.filter(action="consultations.consultation.publish").exists()
    public = Client()
    listing = public.get("/cong-dan/y-kien/")
    assert aggregated.title in listing.text
    page = public.get(f"/cong-dan/y-kien/{aggregated.pk}/")
    assert f"/cong-dan/y-kien/{aggregated.pk}/bao-cao.pdf" in page.text
    pdf = public.get(f"/cong-dan/y-kien/{aggregated.pk}/bao-cao.pdf")
    assert pdf.status_code == 200
    assert pdf.getvalue().startswith(b"%PDF")
    services.close_consultation(actor=staff.officer, consultation=aggregated)
    aggregated.refresh_from_db()
    assert aggregated.phase == Phase.CLOSED


def test_publish_refused_when_groups_are_stale(aggregated: Consultation, staff: Staff) -> None:
    for group in aggregated.groups.all():
        services.decide_group(actor=staff.leader, group=group, decision="accepted")
    comment = Comment.objects.filter(consultation=aggregated).first()
    assert comment is not None
    services.hide_comment(actor=staff.officer, comment=comment, reason="Sai chủ đề")
    with pytest.raises(ValidationError, match="group them again"):
        services.publish_explanation(
            actor=staff.leader, consultation=aggregated, signer_name="Trần Văn Chủ"
        )


def test_statistics(aggregated: Consultation, villages: Villages) -> None:
    stats = statistics(aggregated)
    assert stats.comments == 5
    assert stats.people == 16
    assert ("Thôn Đông", 1, 12) in stats.by_village
    assert {label: n for label, n, _p in stats.by_position} == {
        "Agree": 1,
        "Disagree": 3,
        "Proposal": 1,
    }
    assert [row[0] for row in stats.by_section] == ["Toàn bộ dự thảo", "Điều 3"]
    rows = comparison(aggregated.unit)
    assert rows[0].consultation == aggregated
    assert rows[0].comments == 5
    assert rows[0].groups == 3


def test_staff_pages_of_a_consultation(
    aggregated: Consultation, staff: Staff, client_for: Clients
) -> None:
    base = f"/staff/consultations/{aggregated.pk}/"
    client = client_for(staff.officer)
    for suffix in ("", "comments/", "aggregation/", "statistics/", "report/", "bulk/"):
        response = client.get(base + suffix)
        assert response.status_code == 200, suffix
    assert "Thôn Đông" in client.get(base + "statistics/").text
    monitor = client_for(staff.monitor)
    for suffix in ("", "comments/", "aggregation/", "statistics/", "report/"):
        assert monitor.get(base + suffix).status_code == 200, suffix
    assert "Group the comments again" not in monitor.get(base + "aggregation/").text
    assert monitor.post(base + "aggregation/").status_code == 403
    other = client_for(staff.other_officer)
    assert other.get(base).status_code == 403
    assert other.get(base + "aggregation/").status_code == 403
    group = aggregated.groups.first()
    assert group is not None
    assert monitor.post(f"{base}groups/{group.pk}/", {"decision": "accepted"}).status_code == 403
    bad = client.post(f"{base}groups/{group.pk}/", {"decision": "not_accepted", "explanation": ""})
    assert bad.status_code == 400
    assert "error-summary" in bad.text
    good = client.post(f"{base}groups/{group.pk}/", {"decision": "accepted", "explanation": ""})
    assert good.status_code == 302
    preview = client.get(base + "report.docx")
    assert preview.status_code == 200
    assert preview.content.startswith(b"PK")
