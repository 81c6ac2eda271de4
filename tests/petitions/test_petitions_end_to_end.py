"""From the reception desk to a disclosed decision, with the clocks checked at each step."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.audit.selectors import verify_chain
from danvan.petitions import services as petitions
from danvan.petitions.models import (
    ClockKind,
    ClockState,
    Petition,
    PetitionEvent,
    PetitionKind,
    Status,
)
from danvan.petitions.selectors import petition_by_tracking_code, work_queue
from danvan.petitions.services import PetitionDraft
from danvan.reception.models import Handling, SessionKind
from danvan.reception.services import VisitInput, open_session, record_visit
from tests.petitions.conftest import receive_one

D = date.fromisoformat


def clock(petition: Petition, kind: str):
    return petition.clocks.get(kind=kind)


def actions_logged(petition: Petition) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="petitions.petition", target_id=str(petition.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_group_complaint_from_reception_to_disclosed_decision(tree, staff):
    session = open_session(
        actor=staff.officer,
        agency=tree.agency(tree.ba_dinh),
        kind=SessionKind.REGULAR,
        held_on=D("2026-03-02"),
    )
    result = record_visit(
        actor=staff.officer,
        session=session,
        visit=VisitInput(
            full_name="Nguyễn Văn Hùng",
            address="Tổ dân phố số 3, phường Ba Đình",
            content=(
                "Khiếu nại quyết định thu hồi đất làm đường, "
                "mức bồi thường thấp hơn giá thị trường."
            ),
            handling=Handling.PETITION_RECEIVED,
            people_count=6,
            representatives=["Nguyễn Văn Hùng", "Lê Thị Mai"],
        ),
        petitions=[
            PetitionDraft(
                kind=PetitionKind.COMPLAINT,
                subject="Khiếu nại mức bồi thường khi thu hồi đất",
                content="Chúng tôi không đồng ý với mức bồi thường theo quyết định thu hồi đất.",
            )
        ],
    )
    visit = result.visit
    assert visit.is_group
    assert visit.register_number == 1
    [complaint] = result.petitions
    assert complaint.visit == visit
    assert complaint.signer_count == 6
    assert complaint.petitioner_name == "Nguyễn Văn Hùng"  # taken from the register
    assert petition_by_tracking_code(complaint.tracking_code.lower().replace("-", "")) == complaint

    # Receipt: 10 days to decide on acceptance, 10 working days to tell the citizen.
    assert clock(complaint, ClockKind.ACCEPTANCE).due_on == D("2026-03-12")
    assert clock(complaint, ClockKind.REPLY).due_on == D("2026-03-16")
    assert complaint.next_due_on == D("2026-03-12")

    p = petitions.classify(
        actor=staff.officer, petition=complaint, expected_version=1, effective_on=D("2026-03-03")
    )
    p = petitions.accept(
        actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-03-09")
    )
    assert clock(p, ClockKind.ACCEPTANCE).state == ClockState.MET
    assert clock(p, ClockKind.REPLY).state == ClockState.MET
    resolution = clock(p, ClockKind.RESOLUTION)
    assert (resolution.rule_id, resolution.due_on) == ("complaint.first", D("2026-04-08"))
    assert "Điều 28" in resolution.citation
    assert p.next_due_on == D("2026-04-08")

    p = petitions.assign(
        actor=staff.leader,
        petition=p,
        handler=staff.handler,
        expected_version=p.version,
        effective_on=D("2026-03-10"),
    )
    assert p in work_queue(staff.handler)
    p = petitions.start_verification(
        actor=staff.handler, petition=p, expected_version=p.version, effective_on=D("2026-03-11")
    )
    with pytest.raises(ValidationError, match=r"dialogue|đối thoại"):
        petitions.decide(
            actor=staff.leader,
            petition=p,
            expected_version=p.version,
            outcome="partly_right",
            summary="x",
            effective_on=D("2026-03-20"),
        )
    p = petitions.record_dialogue(
        actor=staff.handler,
        petition=p,
        expected_version=p.version,
        minutes="Hai bên trao đổi về giá đất; người khiếu nại giữ nguyên ý kiến.",
        participants=["Phạm Thị Dung", "Nguyễn Văn Hùng", "Lê Thị Mai"],
        effective_on=D("2026-03-20"),
    )
    p = petitions.decide(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        outcome="partly_right",
        summary="Điều chỉnh đơn giá bồi thường cho phần diện tích đất ở.",
        effective_on=D("2026-04-01"),
    )
    assert clock(p, ClockKind.RESOLUTION).state == ClockState.MET
    assert p.next_due_on is None
    with pytest.raises(ValidationError):
        petitions.close(
            actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-04-02")
        )
    p = petitions.disclose(
        actor=staff.officer,
        petition=p,
        expected_version=p.version,
        how="Niêm yết tại trụ sở UBND phường",
        effective_on=D("2026-04-03"),
    )
    p = petitions.close(
        actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-04-06")
    )
    assert p.status == Status.CLOSED
    assert p not in work_queue(staff.handler)

    steps = [
        "receive",
        "classify",
        "accept",
        "assign",
        "start_verification",
        "record_dialogue",
        "decide",
        "disclose",
        "close",
    ]
    assert list(p.events.values_list("action", flat=True)) == steps
    assert actions_logged(p) == [f"petitions.{s}" for s in steps]
    assert AuditEntry.objects.filter(
        action="reception.visit.record", target_id=str(visit.pk)
    ).exists()
    assert AuditEntry.objects.filter(action="reception.session.open").exists()
    assert verify_chain().ok


def test_denunciation_forwarded_to_the_provincial_inspectorate(tree, staff):
    [den] = petitions.receive_petitions(
        actor=staff.officer,
        agency=tree.agency(tree.ba_dinh),
        drafts=[
            PetitionDraft(
                kind=PetitionKind.DENUNCIATION,
                subject="Tố cáo cán bộ địa chính nhận tiền",
                content=(
                    "Tố cáo ông X, cán bộ địa chính, nhận tiền để làm hồ sơ cấp giấy chứng nhận."
                ),
                petitioner_name="Trần Văn Minh",
            )
        ],
        channel="post",
        received_on=D("2026-03-02"),
    )
    forward_clock = clock(den, ClockKind.FORWARD)
    assert (forward_clock.rule_id, forward_clock.due_on) == (
        "denunciation.forward",
        D("2026-03-09"),
    )
    assert den in work_queue(staff.officer)

    sent = petitions.forward(
        actor=staff.officer,
        petition=den,
        to_agency=tree.agency(tree.hanoi, "thanh_tra"),
        expected_version=den.version,
        reason="Nội dung thuộc thẩm quyền Thanh tra thành phố",
        effective_on=D("2026-03-05"),
    )
    assert sent.status == Status.FORWARDED
    assert clock(sent, ClockKind.FORWARD).state == ClockState.MET
    assert clock(sent, ClockKind.ACCEPTANCE).state == ClockState.STOPPED
    received = Petition.objects.get(transferred_from=sent)
    assert (received.agency, received.channel, received.status) == (
        tree.agency(tree.hanoi, "thanh_tra"),
        "transfer",
        Status.RECEIVED,
    )
    assert received.received_on == D("2026-03-05")
    assert clock(received, ClockKind.ACCEPTANCE).due_on == D("2026-03-16")  # 7 working days

    assert received in work_queue(staff.inspector)
    assert received not in work_queue(staff.officer)
    assert sent not in work_queue(staff.officer)
    assert sent not in work_queue(staff.inspector)
    # The commune cannot act on the inspectorate's petition.
    with pytest.raises(PermissionDenied):
        petitions.classify(
            actor=staff.officer, petition=received, expected_version=received.version
        )


def test_forwarding_late_is_recorded_as_late(tree, staff):
    den = receive_one(
        staff, tree.agency(tree.ba_dinh), kind=PetitionKind.DENUNCIATION, subject="Tố cáo"
    )
    sent = petitions.forward(
        actor=staff.officer,
        petition=den,
        to_agency=tree.agency(tree.hanoi, "thanh_tra"),
        expected_version=den.version,
        effective_on=D("2026-03-12"),
    )
    assert clock(sent, ClockKind.FORWARD).state == ClockState.LATE


def test_every_step_is_an_event_with_actor_and_reason(tree, staff):
    p = receive_one(
        staff,
        tree.agency(tree.ba_dinh),
        kind=PetitionKind.FEEDBACK,
        channel="hotline",
        subject="Đèn đường hỏng",
        content="Đèn đường ngõ 5 hỏng",
    )
    p = petitions.guide(
        actor=staff.officer,
        petition=p,
        expected_version=p.version,
        reason="Thuộc công ty điện lực",
        effective_on=D("2026-03-03"),
    )
    event = PetitionEvent.objects.get(petition=p, action="guide")
    assert (event.actor, event.reason, event.from_status, event.to_status) == (
        staff.officer,
        "Thuộc công ty điện lực",
        Status.RECEIVED,
        Status.GUIDED,
    )
