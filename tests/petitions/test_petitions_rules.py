"""The state machine refuses what the law or the workflow does not allow, and clocks
pause, extend and move with the calendar."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.calendar.services import set_override
from danvan.core.errors import ConflictError
from danvan.notifications.models import Notification
from danvan.petitions import services as petitions
from danvan.petitions.models import (
    ClockKind,
    ClockState,
    Petition,
    PetitionEvent,
    PetitionKind,
    Status,
)
from danvan.petitions.services import PetitionDraft
from danvan.petitions.tasks import watch_deadlines
from danvan.petitions.tracking import new_tracking_code, normalize_tracking_code
from tests.petitions.conftest import receive_one

D = date.fromisoformat


def receive(tree, staff, kind=PetitionKind.COMPLAINT, on="2026-03-02", **extra):
    return receive_one(staff, tree.agency(tree.ba_dinh), kind=kind, on=on, **extra)


def accepted(tree, staff, kind=PetitionKind.COMPLAINT, on="2026-03-02", accept_on="2026-03-04"):
    p = receive(tree, staff, kind, on)
    p = petitions.classify(
        actor=staff.officer, petition=p, expected_version=p.version, effective_on=D(on)
    )
    return petitions.accept(
        actor=staff.leader, petition=p, expected_version=p.version, effective_on=D(accept_on)
    )


def test_deciding_a_case_never_accepted_is_refused_and_changes_nothing(tree, staff):
    p = receive(tree, staff)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        petitions.decide(
            actor=staff.leader,
            petition=p,
            expected_version=p.version,
            outcome="right",
            summary="Đúng",
        )
    assert "Received" in str(excinfo.value) or "Đã tiếp nhận" in str(excinfo.value)
    p.refresh_from_db()
    assert (p.status, p.version, p.outcome) == (Status.RECEIVED, 1, "")
    assert not PetitionEvent.objects.filter(petition=p, action="decide").exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_stale_version_is_refused(tree, staff):
    p = receive(tree, staff)
    petitions.classify(actor=staff.officer, petition=p, expected_version=1)
    with pytest.raises(ConflictError):
        petitions.guide(
            actor=staff.officer, petition=p, expected_version=1, reason="Không thuộc thẩm quyền"
        )
    p.refresh_from_db()
    assert (p.status, p.version) == (Status.CLASSIFIED, 2)


def test_roles_are_checked_per_step(tree, staff, make_user):
    from danvan.accounts.roles import Role

    p = receive(tree, staff)
    p = petitions.classify(actor=staff.officer, petition=p, expected_version=p.version)
    with pytest.raises(PermissionDenied):  # a reception officer does not accept cases
        petitions.accept(actor=staff.officer, petition=p, expected_version=p.version)
    with pytest.raises(PermissionDenied):  # a monitor only reads
        petitions.accept(actor=staff.monitor, petition=p, expected_version=p.version)
    other = make_user(Role.LEADER, tree.agency(tree.ngoc_ha))
    with pytest.raises(PermissionDenied):  # the sibling commune's chair
        petitions.accept(actor=other, petition=p, expected_version=p.version)
    with pytest.raises(PermissionDenied):
        petitions.receive_petitions(
            actor=staff.monitor,
            agency=tree.agency(tree.ba_dinh),
            channel="post",
            drafts=[PetitionDraft(kind="complaint", subject="x", content="y", petitioner_name="z")],
        )


def test_bad_intake_is_refused_with_every_problem(tree, staff):
    with pytest.raises(ValidationError) as excinfo:
        petitions.receive_petitions(
            actor=staff.officer,
            agency=tree.agency(tree.ba_dinh),
            channel="post",
            drafts=[
                PetitionDraft(
                    kind="rumour",
                    subject=" ",
                    content="",
                    petitioner_phone="123",
                    petitioner_citizen_id="12",
                )
            ],
        )
    assert set(excinfo.value.message_dict) == {
        "kind",
        "subject",
        "content",
        "petitioner_name",
        "petitioner_phone",
        "petitioner_citizen_id",
    }
    assert not Petition.objects.exists()
    with pytest.raises(ValidationError):
        petitions.receive_petitions(
            actor=staff.officer,
            agency=tree.agency(tree.ba_dinh),
            channel="post",
            received_on=D("2099-01-01"),
            drafts=[PetitionDraft(kind="complaint", subject="x", content="y", petitioner_name="z")],
        )


def test_mixed_content_is_split_into_linked_parts(tree, staff):
    parts = petitions.receive_petitions(
        actor=staff.officer,
        agency=tree.agency(tree.ba_dinh),
        channel="post",
        received_on=D("2026-03-02"),
        drafts=[
            PetitionDraft(
                kind=PetitionKind.COMPLAINT,
                subject="Khiếu nại",
                content="Phần khiếu nại",
                petitioner_name="C",
            ),
            PetitionDraft(
                kind=PetitionKind.DENUNCIATION,
                subject="Tố cáo",
                content="Phần tố cáo",
                petitioner_name="C",
            ),
        ],
    )
    assert len({p.intake_group for p in parts}) == 1
    assert len({p.tracking_code for p in parts}) == 2


def test_remote_complex_first_instance_complaint_has_60_days(tree, staff):
    from danvan.units.services import set_remote_area

    set_remote_area(actor=None, unit=tree.ba_dinh, is_remote=True)
    tree.ba_dinh.refresh_from_db()
    p = receive(tree, staff)
    assert p.is_remote_area
    p = petitions.classify(
        actor=staff.officer, petition=p, expected_version=p.version, effective_on=D("2026-03-02")
    )
    p = petitions.accept(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        effective_on=D("2026-03-04"),
        is_complex=True,
    )
    resolution = p.clocks.get(kind=ClockKind.RESOLUTION)
    assert resolution.variant == "remote_complex"
    assert resolution.due_on == D("2026-05-04")  # 3 May is a Sunday: the period ends on Monday


def test_denunciation_two_extensions_then_a_third_refused(tree, staff):
    p = receive(tree, staff, PetitionKind.DENUNCIATION)
    p = petitions.classify(
        actor=staff.officer, petition=p, expected_version=p.version, effective_on=D("2026-03-02")
    )
    p = petitions.accept(
        actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-03-04")
    )
    assert p.clocks.get(kind=ClockKind.RESOLUTION).due_on == D("2026-04-03")
    p = petitions.extend(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        reason="Phức tạp",
        effective_on=D("2026-03-30"),
    )
    assert p.clocks.get(kind=ClockKind.RESOLUTION).due_on == D("2026-05-04")  # 3 May is Sunday
    p = petitions.extend(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        reason="Đặc biệt phức tạp",
        effective_on=D("2026-04-30"),
    )
    clock = p.clocks.get(kind=ClockKind.RESOLUTION)
    assert (clock.due_on, clock.extensions) == (D("2026-06-02"), 2)
    assert [h["why"] for h in clock.history] == ["start", "extension", "extension"]
    with pytest.raises(ValidationError):
        petitions.extend(
            actor=staff.leader,
            petition=p,
            expected_version=p.version,
            reason="Thêm nữa",
            effective_on=D("2026-05-30"),
        )
    p.refresh_from_db()
    assert p.clocks.get(kind=ClockKind.RESOLUTION).extensions == 2


def test_suspension_stops_the_clock_and_resumption_moves_the_due_date(tree, staff):
    p = accepted(tree, staff)  # complaint accepted 4 March: due 3 April (30 days)
    assert p.clocks.get(kind=ClockKind.RESOLUTION).due_on == D("2026-04-03")
    p = petitions.suspend(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        reason="Chờ kết quả giám định",
        effective_on=D("2026-03-10"),
    )
    clock = p.clocks.get(kind=ClockKind.RESOLUTION)
    assert (p.status, clock.state, p.next_due_on) == (Status.SUSPENDED, ClockState.PAUSED, None)
    p = petitions.resume(
        actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-03-20")
    )
    clock = p.clocks.get(kind=ClockKind.RESOLUTION)
    assert p.status == Status.ACCEPTED
    assert clock.state == ClockState.RUNNING
    assert clock.due_on == D("2026-04-13")  # 3 April + 10 days paused
    assert clock.pauses == [["2026-03-10", "2026-03-20"]]


def test_withdrawal_stops_every_clock(tree, staff):
    p = accepted(tree, staff)
    p = petitions.withdraw(
        actor=staff.officer,
        petition=p,
        expected_version=p.version,
        reason="Người khiếu nại rút đơn",
        effective_on=D("2026-03-06"),
    )
    assert p.status == Status.WITHDRAWN
    assert set(p.clocks.values_list("state", flat=True)) <= {ClockState.STOPPED, ClockState.MET}
    with pytest.raises(ValidationError):
        petitions.resume(actor=staff.leader, petition=p, expected_version=p.version)


def test_dates_cannot_go_backwards_or_into_the_future(tree, staff):
    p = receive(tree, staff, on="2026-03-02")
    with pytest.raises(ValidationError):
        petitions.classify(
            actor=staff.officer,
            petition=p,
            expected_version=p.version,
            effective_on=D("2026-03-01"),
        )
    with pytest.raises(ValidationError):
        petitions.classify(
            actor=staff.officer,
            petition=p,
            expected_version=p.version,
            effective_on=D("2099-03-01"),
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_day_off_moves_running_deadlines(tree, staff, make_user):
    from danvan.accounts.roles import Role

    p = receive(tree, staff, PetitionKind.DENUNCIATION, on="2026-03-02")  # 7 working days: 11 March
    assert p.clocks.get(kind=ClockKind.ACCEPTANCE).due_on == D("2026-03-11")
    admin = make_user(Role.SYSTEM_ADMIN)
    set_override(actor=admin, date=D("2026-03-05"), kind="day_off", reason="Nghỉ bù bầu cử")
    clock = p.clocks.get(kind=ClockKind.ACCEPTANCE)
    assert clock.due_on == D("2026-03-12")
    assert clock.history[-1]["why"] == "calendar"
    forward = p.clocks.get(kind=ClockKind.FORWARD)
    assert forward.due_on == D("2026-03-10")  # 5 working days, also moved by the day off
    p.refresh_from_db()
    assert p.next_due_on == D("2026-03-10")


def test_the_daily_watch_marks_overdue_and_tells_the_people_responsible(tree, staff, make_user):
    from danvan.accounts.roles import Role

    elsewhere = make_user(Role.MONITOR, tree.agency(tree.ninhbinh, "thanh_tra"))
    province_chair = make_user(Role.LEADER, tree.agency(tree.hanoi))
    p = accepted(tree, staff)  # resolution due 3 April 2026
    p = petitions.assign(
        actor=staff.leader,
        petition=p,
        handler=staff.handler,
        expected_version=p.version,
        effective_on=D("2026-03-05"),
    )
    result = watch_deadlines(today=D("2026-03-30"))
    p.refresh_from_db()
    assert (p.is_overdue, p.is_near_due) == (False, True)  # 4 working days left
    assert result.newly_overdue == 0
    result = watch_deadlines(today=D("2026-04-06"))
    p.refresh_from_db()
    assert (p.is_overdue, p.is_near_due) == (True, False)
    assert result.newly_overdue == 1
    told = set(
        Notification.objects.filter(topic="petitions.overdue").values_list("recipient", flat=True)
    )
    assert {staff.handler.pk, staff.leader.pk, staff.monitor.pk, province_chair.pk} <= told
    assert staff.officer.pk not in told
    assert elsewhere.pk not in told  # another province's inspectorate
    # Running it again the same day tells nobody twice.
    assert watch_deadlines(today=D("2026-04-06")).newly_overdue == 0
    assert Notification.objects.filter(topic="petitions.overdue").count() == len(told)


def test_tracking_codes_are_checked_before_lookup():
    code = new_tracking_code()
    assert normalize_tracking_code(code) == code
    assert normalize_tracking_code(code.lower().replace("-", " ")) == code
    body = code.replace("-", "")
    swapped = body[1] + body[0] + body[2:]
    if swapped != body:
        assert normalize_tracking_code(swapped) is None
    wrong = ("3" if body[4] != "3" else "4").join([body[:4], body[5:]])
    assert normalize_tracking_code(wrong) is None
    assert normalize_tracking_code("") is None
    assert len({new_tracking_code() for _ in range(2000)}) == 2000


def test_second_instance_complaint_links_to_a_decided_first(tree, staff):
    first = accepted(tree, staff)
    draft = PetitionDraft(
        kind=PetitionKind.COMPLAINT,
        subject="Khiếu nại lần hai",
        content="Không đồng ý",
        petitioner_name="Nguyễn Văn A",
    )
    province = tree.agency(tree.hanoi)
    with pytest.raises(ValidationError):  # not decided yet
        petitions.receive_petitions(
            actor=None, agency=province, drafts=[draft], channel="post", first_instance=first
        )
    first = petitions.assign(
        actor=staff.leader,
        petition=first,
        handler=staff.handler,
        expected_version=first.version,
        effective_on=D("2026-03-05"),
    )
    first = petitions.start_verification(
        actor=staff.handler,
        petition=first,
        expected_version=first.version,
        effective_on=D("2026-03-06"),
    )
    first = petitions.record_dialogue(
        actor=staff.handler,
        petition=first,
        expected_version=first.version,
        minutes="Đối thoại",
        participants=["A"],
        effective_on=D("2026-03-10"),
    )
    first = petitions.decide(
        actor=staff.leader,
        petition=first,
        expected_version=first.version,
        outcome="wrong",
        summary="Giữ nguyên quyết định",
        effective_on=D("2026-03-20"),
    )
    with pytest.raises(ValidationError):  # the same level cannot hear it again
        petitions.receive_petitions(
            actor=None,
            agency=tree.agency(tree.ba_dinh),
            drafts=[draft],
            channel="post",
            first_instance=first,
        )
    [second] = petitions.receive_petitions(
        actor=None,
        agency=province,
        drafts=[draft],
        channel="post",
        received_on=D("2026-04-01"),
        first_instance=first,
    )
    second = petitions.classify(
        actor=None, petition=second, expected_version=1, effective_on=D("2026-04-01")
    )
    second = petitions.accept(
        actor=None, petition=second, expected_version=second.version, effective_on=D("2026-04-02")
    )
    assert (second.instance, second.first_instance) == (2, first)
    resolution = second.clocks.get(kind=ClockKind.RESOLUTION)
    assert (resolution.rule_id, resolution.due_on) == (
        "complaint.second",
        D("2026-05-18"),
    )  # 45 days, 17 May is Sunday


def test_watch_deadlines_command(tree, staff):
    from io import StringIO

    from django.core.management import CommandError, call_command

    accepted(tree, staff)  # resolution due 3 April 2026
    call_command("watch_deadlines", "--today", "2026-03-30", stdout=StringIO())
    out = StringIO()
    call_command("watch_deadlines", "--today", "2026-04-06", stdout=out)
    assert "Mới quá hạn: 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("watch_deadlines", "--today", "06/04/2026", stdout=StringIO())
