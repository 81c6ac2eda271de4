"""What citizens are told, when, and through which channels."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.db import transaction

from danvan.notifications import sms
from danvan.notifications.models import CitizenEvent, CitizenNotice, Delivery, DeliveryStatus
from danvan.notifications.selectors import citizen_notices, recipient_of
from danvan.petitions import services as petitions
from danvan.petitions.models import ClockKind, Petition, PetitionKind, Status
from tests.notifications.conftest import (
    EMAIL,
    PHONE_E164,
    D,
    accepted,
    classified,
    receive_one,
    receive_with_contact,
)

URL = "http://127.0.0.1:8000/cong-dan/tra-cuu/{}/"


def notice(petition: Petition, event: str) -> CitizenNotice:
    return CitizenNotice.objects.get(petition=petition, event=event)


def assert_links_to(text: str, code: str) -> None:
    assert code in text
    assert URL.format(code) in text


def test_received_is_recorded_with_one_delivery_per_reachable_channel(
    tree, staff, django_capture_on_commit_callbacks
):
    agency = tree.agency(tree.ba_dinh)
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(staff, agency)
    n = notice(p, CitizenEvent.RECEIVED)
    assert_links_to(n.text, p.tracking_code)
    assert agency.name in n.text
    assert "02/03/2026" in n.text
    assert p.tracking_code in n.subject
    hints = dict(n.deliveries.values_list("channel", "address_hint"))
    assert hints == {"email": "n***@example.vn", "sms": "09xx xxx 123"}
    # Sent after commit, by the task, to the addresses on the petition.
    assert set(n.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert [(m.to, m.text) for m in sms.outbox] == [(PHONE_E164, n.text)]
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [([EMAIL], n.subject, n.text)]


def test_the_address_itself_is_stored_nowhere_but_on_the_petition(tree, staff):
    p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    stored = [
        str(value)
        for row in Delivery.objects.filter(notice__petition=p).values()
        for value in row.values()
    ]
    assert not any("345 123" in v or "345123" in v or EMAIL in v for v in stored)


def test_accepted_gives_the_end_of_the_legal_time_limit(tree, staff):
    p = accepted(staff, receive_with_contact(staff, tree.agency(tree.ba_dinh)))
    due = p.clocks.get(kind=ClockKind.RESOLUTION).due_on
    n = notice(p, CitizenEvent.ACCEPTED)
    assert_links_to(n.text, p.tracking_code)
    assert "04/03/2026" in n.text
    assert due.strftime("%d/%m/%Y") in n.text
    assert n.deliveries.count() == 2


def test_accepted_feedback_has_no_legal_time_limit_to_announce(tree, staff):
    p = accepted(
        staff, receive_with_contact(staff, tree.agency(tree.ba_dinh), kind=PetitionKind.FEEDBACK)
    )
    n = notice(p, CitizenEvent.ACCEPTED)
    assert_links_to(n.text, p.tracking_code)
    assert "04/03/2026" in n.text


def test_refused_does_not_repeat_the_reason(tree, staff):
    p = classified(staff, receive_with_contact(staff, tree.agency(tree.ba_dinh)))
    p = petitions.refuse(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        reason="Quá thời hiệu khiếu nại theo Điều 9 (ông Nguyễn Văn A)",
        effective_on=D("2026-03-05"),
    )
    n = notice(p, CitizenEvent.REFUSED)
    assert_links_to(n.text, p.tracking_code)
    assert "thời hiệu" not in n.text
    assert "Nguyễn" not in n.text


def test_forwarded_names_the_agency_and_the_new_code_and_the_copy_sends_no_received(tree, staff):
    inspectorate = tree.agency(tree.hanoi, "thanh_tra")
    p = receive_with_contact(staff, tree.agency(tree.ba_dinh), kind=PetitionKind.DENUNCIATION)
    sent = petitions.forward(
        actor=staff.officer,
        petition=p,
        to_agency=inspectorate,
        expected_version=p.version,
        reason="Thuộc thẩm quyền Thanh tra thành phố",
        effective_on=D("2026-03-05"),
    )
    copy = Petition.objects.get(transferred_from=sent)
    n = notice(sent, CitizenEvent.FORWARDED)
    assert inspectorate.name in n.text
    assert sent.tracking_code in n.text
    # The case is followed under the receiving agency's code from now on.
    assert_links_to(n.text, copy.tracking_code)
    assert n.deliveries.count() == 2
    assert not CitizenNotice.objects.filter(petition=copy).exists()
    assert list(CitizenNotice.objects.filter(petition=sent).values_list("event", flat=True)) == [
        CitizenEvent.RECEIVED,
        CitizenEvent.FORWARDED,
    ]


def test_the_forwarded_copy_tells_its_own_later_steps(tree, staff):
    p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    petitions.forward(
        actor=staff.officer,
        petition=p,
        to_agency=tree.agency(tree.hanoi, "thanh_tra"),
        expected_version=p.version,
        effective_on=D("2026-03-03"),
    )
    copy = Petition.objects.get(transferred_from=p)
    copy = petitions.classify(
        actor=staff.inspector_head,
        petition=copy,
        expected_version=copy.version,
        effective_on=D("2026-03-04"),
    )
    copy = petitions.accept(
        actor=staff.inspector_head,
        petition=copy,
        expected_version=copy.version,
        effective_on=D("2026-03-05"),
    )
    n = notice(copy, CitizenEvent.ACCEPTED)
    assert_links_to(n.text, copy.tracking_code)
    assert n.deliveries.count() == 2  # the contact details travel with the petition


def test_guided_tells_the_citizen_to_read_the_written_guidance(tree, staff):
    p = receive_with_contact(staff, tree.agency(tree.ba_dinh), kind=PetitionKind.FEEDBACK)
    p = petitions.guide(
        actor=staff.officer,
        petition=p,
        expected_version=p.version,
        reason="Thuộc công ty điện lực",
        effective_on=D("2026-03-03"),
    )
    n = notice(p, CitizenEvent.GUIDED)
    assert_links_to(n.text, p.tracking_code)
    assert "điện lực" not in n.text


def test_filed_and_intermediate_steps_send_nothing(tree, staff):
    p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    p = petitions.file(
        actor=staff.officer,
        petition=p,
        expected_version=p.version,
        reason="Đơn trùng",
        effective_on=D("2026-03-03"),
    )
    assert list(citizen_notices(p).values_list("event", flat=True)) == [CitizenEvent.RECEIVED]


def test_decided_gives_the_date_of_the_decision_but_not_its_content(tree, staff):
    p = accepted(
        staff, receive_with_contact(staff, tree.agency(tree.ba_dinh), kind=PetitionKind.FEEDBACK)
    )
    p = petitions.assign(
        actor=staff.leader,
        petition=p,
        handler=staff.handler,
        expected_version=p.version,
        effective_on=D("2026-03-05"),
    )
    p = petitions.start_verification(
        actor=staff.handler, petition=p, expected_version=p.version, effective_on=D("2026-03-06")
    )
    p = petitions.decide(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        outcome="answered",
        summary="Sửa đèn đường ngõ 5 trong tuần",
        effective_on=D("2026-03-20"),
    )
    n = notice(p, CitizenEvent.DECIDED)
    assert_links_to(n.text, p.tracking_code)
    assert "20/03/2026" in n.text
    assert "đèn đường" not in n.text
    assert list(citizen_notices(p).values_list("event", flat=True)) == [
        CitizenEvent.RECEIVED,
        CitizenEvent.ACCEPTED,
        CitizenEvent.DECIDED,
    ]


def test_extended_gives_the_new_due_date(tree, staff):
    p = accepted(
        staff,
        receive_with_contact(staff, tree.agency(tree.ba_dinh), kind=PetitionKind.DENUNCIATION),
    )
    p = petitions.extend(
        actor=staff.leader,
        petition=p,
        expected_version=p.version,
        reason="Phức tạp",
        effective_on=D("2026-03-30"),
    )
    assert p.clocks.get(kind=ClockKind.RESOLUTION).due_on == D("2026-05-04")
    n = notice(p, CitizenEvent.EXTENDED)
    assert_links_to(n.text, p.tracking_code)
    assert "04/05/2026" in n.text
    assert n.deliveries.count() == 2


def test_denunciation_messages_repeat_no_content_and_name_no_one(
    tree, staff, django_capture_on_commit_callbacks
):
    inspectorate = tree.agency(tree.hanoi, "thanh_tra")
    with django_capture_on_commit_callbacks(execute=True):
        p = receive_with_contact(
            staff,
            tree.agency(tree.ba_dinh),
            kind=PetitionKind.DENUNCIATION,
            subject="Tố cáo ông Hoàng Văn Xuân nhận tiền",
            content="Ông Hoàng Văn Xuân, cán bộ địa chính, nhận tiền làm sổ đỏ cho bà Lý Thị Yến.",
            petitioner_name="Trần Văn Minh",
        )
        petitions.forward(
            actor=staff.officer,
            petition=p,
            to_agency=inspectorate,
            expected_version=p.version,
            reason="Tố cáo cán bộ thuộc thẩm quyền Thanh tra",
            effective_on=D("2026-03-05"),
        )
    words = [f"{n.subject} {n.text}" for n in CitizenNotice.objects.filter(petition=p)]
    words += [m.text for m in sms.outbox] + [f"{m.subject} {m.body}" for m in mail.outbox]
    assert len(words) == 2 + 2 + 2
    for text in words:
        lowered = text.lower()
        for forbidden in ("hoàng", "xuân", "trần", "minh", "yến", "sổ đỏ", "địa chính"):
            assert forbidden not in lowered, (forbidden, text)
        assert "tố cáo" not in lowered
        assert "denunciation" not in lowered


def test_anonymous_feedback_without_contact_gets_a_notice_but_no_delivery(tree, staff):
    p = receive_one(
        staff,
        tree.agency(tree.ba_dinh),
        kind=PetitionKind.FEEDBACK,
        petitioner_name="",
        is_anonymous=True,
    )
    n = notice(p, CitizenEvent.RECEIVED)
    assert_links_to(n.text, p.tracking_code)
    assert not n.deliveries.exists()


def test_anonymous_petitioner_is_reached_only_through_what_they_gave(tree, staff, make_user):
    citizen = make_user()
    citizen.email = "cong.dan@example.vn"
    citizen.save()
    p = receive_one(
        staff,
        tree.agency(tree.ba_dinh),
        kind=PetitionKind.FEEDBACK,
        petitioner_name="",
        is_anonymous=True,
        petitioner_email="an.danh@example.vn",
    )
    p.petitioner_user = citizen
    p.save()
    assert recipient_of(p).phone == ""
    assert recipient_of(p).email == "an.danh@example.vn"


def test_a_signed_in_citizen_is_reached_through_the_account(tree, staff, make_user):
    citizen = make_user()
    citizen.email = "cong.dan@example.vn"
    citizen.save()
    p = receive_one(staff, tree.agency(tree.ba_dinh))
    assert not CitizenNotice.objects.get(petition=p).deliveries.exists()
    p.petitioner_user = citizen
    p.save()
    p = accepted(staff, p)
    hints = dict(notice(p, CitizenEvent.ACCEPTED).deliveries.values_list("channel", "address_hint"))
    assert hints == {"email": "c***@example.vn", "sms": f"09xx xxx {citizen.phone[-3:]}"}


def test_a_rolled_back_step_sends_nothing(tree, staff, django_capture_on_commit_callbacks):
    agency = tree.agency(tree.ba_dinh)

    def receive_then_fail() -> None:
        with transaction.atomic():
            receive_with_contact(staff, agency)
            raise RuntimeError("the surrounding work failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        receive_then_fail()
    assert callbacks == []
    assert not Petition.objects.exists()
    assert not CitizenNotice.objects.exists()
    assert not Delivery.objects.exists()
    assert sms.outbox == []
    assert mail.outbox == []


def test_a_broken_notice_never_costs_the_step(tree, staff, monkeypatch, caplog):
    from danvan.notifications import services

    p = classified(staff, receive_with_contact(staff, tree.agency(tree.ba_dinh)))

    def broken(*args, **kwargs):
        raise KeyError("a bug in the message text")

    monkeypatch.setattr(services, "render", broken)
    with caplog.at_level(logging.ERROR, logger="danvan.notifications"):
        p = petitions.accept(
            actor=staff.leader, petition=p, expected_version=p.version, effective_on=D("2026-03-04")
        )
    p.refresh_from_db()
    assert p.status == Status.ACCEPTED
    assert p.events.filter(action="accept").exists()
    assert not CitizenNotice.objects.filter(petition=p, event=CitizenEvent.ACCEPTED).exists()
    assert "not recorded" in caplog.text


def test_messages_are_written_in_vietnamese_even_from_an_english_request(tree, staff):
    from django.utils import translation

    with translation.override("en"):
        p = receive_with_contact(staff, tree.agency(tree.ba_dinh))
    n = notice(p, CitizenEvent.RECEIVED)
    with translation.override("vi"):
        expected = str(CitizenEvent.RECEIVED.label)
    assert expected in n.subject
