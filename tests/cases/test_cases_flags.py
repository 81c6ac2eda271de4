"""The flags of a case family: mass, prolonged, level-skipping, and the nightly refresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from danvan.cases import selectors
from danvan.cases.models import CaseFamily, LinkKind
from danvan.cases.services import confirm_link, refresh_all, refresh_family
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionDraft
from danvan.reception.models import Handling, SessionKind
from danvan.reception.services import VisitInput, open_session, record_visit
from tests.cases.conftest import decide, receive, refreshed

pytestmark = pytest.mark.django_db


def family_of(petition: Petition) -> CaseFamily:
    return refreshed(petition).family


def test_mass_by_signers(tree, staff, settings) -> None:
    commune = tree.agency(tree.ba_dinh)
    assert not family_of(receive(commune, signer_count=4)).is_mass
    five = family_of(receive(commune, signer_count=5, content="Năm hộ cùng ký"))
    assert five.is_mass
    assert five.max_people == 5
    settings.DANVAN_CASE_MASS_PEOPLE = 6
    assert not refresh_family(five).is_mass  # type: ignore[union-attr]


def test_mass_by_people_at_the_reception(tree, staff) -> None:
    commune = tree.agency(tree.ba_dinh)
    session = open_session(
        actor=staff.officer,
        agency=commune,
        kind=SessionKind.REGULAR,
        held_on=date(2026, 11, 2),
    )
    result = record_visit(
        actor=staff.officer,
        session=session,
        visit=VisitInput(
            full_name="Nguyễn Văn Hùng",
            address="Tổ 3",
            people_count=6,
            representatives=["Nguyễn Văn Hùng"],
            content="Đoàn sáu người phản ánh việc đền bù.",
            handling=Handling.PETITION_RECEIVED,
        ),
        petitions=[PetitionDraft(kind="complaint", subject="Đền bù", content="Đền bù thấp")],
    )
    [petition] = result.petitions
    # Counted from the visit even if the paper itself carries one signature.
    Petition.objects.filter(pk=petition.pk).update(signer_count=1)
    family = refresh_family(family_of(petition))
    assert family is not None
    assert family.is_mass
    assert family.max_people == 6


def test_prolonged_by_days(tree, staff, settings) -> None:
    settings.DANVAN_CASE_PROLONGED_DAYS = 30
    petition = receive(tree.agency(tree.ba_dinh), on="2026-10-01")
    family = family_of(petition)
    assert not refresh_family(family, today=date(2026, 10, 31)).is_prolonged  # type: ignore[union-attr]
    assert refresh_family(family, today=date(2026, 11, 1)).is_prolonged  # type: ignore[union-attr]
    settings.DANVAN_CASE_PROLONGED_DAYS = 60
    assert not refresh_family(family, today=date(2026, 11, 1)).is_prolonged  # type: ignore[union-attr]
    # An ended case is not prolonged however old.
    settings.DANVAN_CASE_PROLONGED_DAYS = 30
    petitions.withdraw(
        actor=None, petition=petition, expected_version=1, effective_on=date(2026, 10, 5)
    )
    family = refresh_family(family, today=date(2026, 11, 20))
    assert family is not None
    assert not family.is_open
    assert not family.is_prolonged


def test_prolonged_by_repeats(tree, staff, settings) -> None:
    settings.DANVAN_CASE_PROLONGED_REPEATS = 1
    commune = tree.agency(tree.ba_dinh)
    first = decide(receive(commune, on="2026-11-02"), on="2026-11-03", handler=staff.handler)
    again = receive(commune, content="Lần hai", on="2026-11-04")
    confirm_link(actor=staff.officer, petition=again, other=first, kind=LinkKind.REPEAT)
    family = family_of(first)
    assert family.repeat_count == 1
    assert not family.is_prolonged
    third = receive(commune, content="Lần ba", on="2026-11-05", is_repeat=True)
    confirm_link(actor=staff.officer, petition=third, other=again, kind=LinkKind.RELATED)
    family = family_of(first)
    assert family.repeat_count == 2
    assert family.is_prolonged
    reasons = selectors.flag_reasons(
        selectors.family_state(family, today=date(2026, 11, 6)),  # type: ignore[arg-type]
        today=date(2026, 11, 6),
    )
    assert [r.code for r in reasons] == ["prolonged"]
    assert "Repeated 2 times, more than 1" in reasons[0].why


def test_level_skipping_when_sent_to_both_levels(tree, staff) -> None:
    at_commune = receive(tree.agency(tree.ba_dinh), on="2026-11-02")
    at_city = receive(tree.agency(tree.hanoi), on="2026-11-02", content="Gửi cả thành phố")
    assert not family_of(at_city).is_level_skipping
    confirm_link(
        actor=staff.province_leader, petition=at_city, other=at_commune, kind=LinkKind.COPY
    )
    family = family_of(at_commune)
    assert family.is_level_skipping
    [reason] = selectors.flag_reasons(
        selectors.family_state(family, today=date(2026, 11, 3)),  # type: ignore[arg-type]
        today=date(2026, 11, 3),
    )
    assert reason.code == "level_skipping"
    assert tree.hanoi.name in reason.why
    assert tree.ba_dinh.name in reason.why
    assert "02/11/2026" in reason.why


def test_level_skipping_when_the_province_forwards_down(tree, staff) -> None:
    at_city = receive(tree.agency(tree.hanoi), on="2026-11-02")
    petitions.forward(
        actor=staff.province_officer,
        petition=at_city,
        to_agency=tree.agency(tree.ba_dinh),
        expected_version=1,
        effective_on=date(2026, 11, 3),
    )
    family = family_of(at_city)
    assert family.petition_count == 2
    assert family.is_level_skipping


def test_not_level_skipping_when_the_commune_forwards_up(tree, staff) -> None:
    at_commune = receive(tree.agency(tree.ba_dinh), on="2026-11-02")
    petitions.forward(
        actor=staff.officer,
        petition=at_commune,
        to_agency=tree.agency(tree.hanoi, "thanh_tra"),
        expected_version=1,
        effective_on=date(2026, 11, 3),
    )
    family = family_of(at_commune)
    assert family.petition_count == 2
    assert not family.is_level_skipping


def test_not_level_skipping_after_the_commune_decided(tree, staff) -> None:
    first = decide(
        receive(tree.agency(tree.ba_dinh), on="2026-11-02"), on="2026-11-04", handler=staff.handler
    )
    # The citizen goes to the city after the commune's decision: the normal way up.
    to_city = receive(tree.agency(tree.hanoi), on="2026-11-04", content="Không đồng ý, gửi lên")
    confirm_link(actor=staff.province_leader, petition=to_city, other=first, kind=LinkKind.REPEAT)
    assert not family_of(first).is_level_skipping
    # But a paper sent to the city before that decision is level-skipping.
    early = receive(tree.agency(tree.hanoi), on="2026-11-03", content="Gửi thành phố sớm")
    confirm_link(actor=staff.province_leader, petition=early, other=first, kind=LinkKind.RELATED)
    assert family_of(first).is_level_skipping


def test_family_unit_is_the_lowest_common_unit(tree, staff) -> None:
    a = receive(tree.agency(tree.ba_dinh))
    b = receive(tree.agency(tree.ngoc_ha), content="Phường bên")
    c = receive(tree.agency(tree.bac_ly), content="Tỉnh khác")
    confirm_link(actor=None, petition=b, other=a, kind=LinkKind.RELATED)
    assert family_of(a).unit == tree.hanoi
    confirm_link(actor=None, petition=c, other=a, kind=LinkKind.RELATED)
    assert family_of(a).unit == tree.nation


def test_refresh_all_catches_changes_and_age(tree, staff, settings) -> None:
    settings.DANVAN_CASE_PROLONGED_DAYS = 10
    commune = tree.agency(tree.ba_dinh)
    today = date.today()
    old = receive(commune, on=(today - timedelta(days=20)).isoformat())
    fresh = receive(commune, on=(today - timedelta(days=2)).isoformat(), content="Mới")
    # Flags as if set long ago, then a step that ends a paper.
    CaseFamily.objects.update(is_prolonged=False, is_open=True)
    petitions.withdraw(actor=None, petition=fresh, expected_version=1)
    assert refresh_all(today) >= 1
    assert family_of(old).is_prolonged
    assert not family_of(fresh).is_open
    # A second run finds nothing to do.
    assert refresh_all(today) == 0
    # A longer setting lifts the flag again.
    settings.DANVAN_CASE_PROLONGED_DAYS = 30
    assert refresh_all(today) == 1
    assert not family_of(old).is_prolonged


def test_refresh_command(tree, staff) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    petition = receive(tree.agency(tree.ba_dinh), signer_count=8)
    # As a family created before the flags existed (the backfill of an upgrade).
    CaseFamily.objects.update(is_mass=False, max_people=1)
    out = StringIO()
    call_command("refresh_case_families", "--all", "--today", "2026-11-20", stdout=out)
    assert "Đã tính lại 1 vụ việc." in out.getvalue()
    assert family_of(petition).is_mass
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("refresh_case_families", "--today", "20/11/2026", stdout=StringIO())


def test_refresh_family_of_a_petition_after_a_step(tree, staff) -> None:
    from danvan.cases.services import refresh_family_of

    petition = receive(tree.agency(tree.ba_dinh))
    withdrawn = petitions.withdraw(actor=None, petition=petition, expected_version=1)
    refresh_family_of(withdrawn)
    assert not family_of(petition).is_open
    Petition.objects.filter(pk=petition.pk).update(family=None)
    refresh_family_of(refreshed(petition))  # nothing to refresh, nothing raised
