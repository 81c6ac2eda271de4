"""The household register: striking off, linking a representative, importing a CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.decisions import selectors, services, thresholds
from danvan.decisions.models import Household, Subject
from danvan.units.services import add_village
from tests.decisions.conftest import DURING, Village, make_decision, national


def test_deactivated_household_no_longer_counts(village: Callable[[int], Village]) -> None:
    v = village(4)
    gone = services.deactivate_household(actor=v.officer, household=v.households[0])
    assert gone.is_active is False
    entry = AuditEntry.objects.get(action="decisions.household.deactivate")
    assert entry.target_id == str(gone.pk)
    assert entry.after == {"is_active": False}
    decision = make_decision(v, subject=Subject.OTHER)
    assert decision.households_total == 3
    with pytest.raises(ValidationError):
        services.enter_paper_vote(
            actor=v.officer, decision=decision, household=gone, choice="agree", now=DURING
        )
    with pytest.raises(ValidationError):
        services.deactivate_household(actor=v.officer, household=gone)


def test_deactivate_needs_the_commune_staff(
    village: Callable[[int], Village], outsider: Any, monitor: Any
) -> None:
    v = village(1)
    for actor in (outsider, monitor):
        with pytest.raises(PermissionDenied):
            services.deactivate_household(actor=actor, household=v.households[0])
    assert Household.objects.get(pk=v.households[0].pk).is_active is True
    assert not AuditEntry.objects.filter(action="decisions.household.deactivate").exists()


def test_link_a_representative_by_phone(
    village: Callable[[int], Village], make_user: Callable[..., Any]
) -> None:
    v = village(2)
    citizen = make_user(None, full_name="Phạm Văn Đại")
    household = services.set_representative(
        actor=v.officer, household=v.households[0], phone=f"  {national(citizen)} "
    )
    assert household.representative == citizen
    entry = AuditEntry.objects.get(action="decisions.household.representative")
    assert entry.before == {"representative": None}
    assert entry.after == {"representative": citizen.pk}
    # One person, one household: a second link would give them two votes.
    with pytest.raises(ValidationError) as error:
        services.set_representative(
            actor=v.officer, household=v.households[1], phone=national(citizen)
        )
    assert "phone" in error.value.message_dict
    # An empty number removes the link.
    household = services.set_representative(actor=v.officer, household=household, phone="")
    assert household.representative is None


@pytest.mark.parametrize("phone", ["0987 654 321", "12345", "abc"])
def test_unknown_or_malformed_phone_is_refused(
    village: Callable[[int], Village], phone: str
) -> None:
    v = village(1)
    with pytest.raises(ValidationError) as error:
        services.set_representative(actor=v.officer, household=v.households[0], phone=phone)
    assert "phone" in error.value.message_dict
    assert Household.objects.get(pk=v.households[0].pk).representative is None


def test_representative_needs_the_commune_staff_and_an_active_household(
    village: Callable[[int], Village],
    make_user: Callable[..., Any],
    outsider: Any,
    monitor: Any,
) -> None:
    v = village(2)
    citizen = make_user(None)
    for actor in (outsider, monitor, citizen):
        with pytest.raises(PermissionDenied):
            services.set_representative(
                actor=actor, household=v.households[0], phone=national(citizen)
            )
    services.deactivate_household(actor=v.officer, household=v.households[1])
    with pytest.raises(ValidationError):
        services.set_representative(
            actor=v.officer, household=v.households[1], phone=national(citizen)
        )
    assert not Household.objects.filter(representative__isnull=False).exists()


def test_import_a_good_file(
    village: Callable[[int], Village], make_user: Callable[..., Any]
) -> None:
    v = village(1)
    citizen = make_user(None)
    data = (
        "\ufeffmã hộ,chủ hộ,điện thoại\n"
        "D001,Nguyễn  Văn Ba,\n"
        "\n"
        f"D002,Trần Thị Tư,{national(citizen)}\n"
        "D003,Lê Văn Năm\n"
    ).encode()
    created = services.import_households_csv(actor=v.officer, village=v.unit, data=data)
    assert [h.code for h in created] == ["D001", "D002", "D003"]
    assert created[0].head_name == "Nguyễn Văn Ba"
    assert created[0].head_name_folded == "nguyen van ba"
    assert created[1].representative == citizen
    assert Household.objects.filter(village=v.unit).count() == 4
    entry = AuditEntry.objects.get(action="decisions.household.import")
    assert entry.after["created"] == ["D001", "D002", "D003"]


def test_import_with_semicolons_and_no_header(village: Callable[[int], Village]) -> None:
    v = village(0)
    created = services.import_households_csv(
        actor=v.officer, village=v.unit, data="E1;Đỗ Văn Sáu\nE2;Bùi Thị Bảy\n"
    )
    assert [h.code for h in created] == ["E1", "E2"]


def test_import_reports_every_bad_line_and_saves_nothing(
    village: Callable[[int], Village], make_user: Callable[..., Any]
) -> None:
    v = village(1)  # already has H001
    citizen = make_user(None)
    data = "\n".join(
        [
            "code,head name,phone",  # line 1
            "A1,Nguyễn Văn Một,",  # line 2: good
            ",Không Có Mã,",  # line 3: empty code
            "A1,Trùng Mã,",  # line 4: duplicate in the file
            "H001,Đã Có,",  # line 5: already in the village
            "A5,Số Lạ,0987 654 321",  # line 6: no such account
            "A6,,",  # line 7: no head name
            f"A7,Hộ Tốt,{national(citizen)}",  # line 8: good
        ]
    )
    with pytest.raises(ValidationError) as error:
        services.import_households_csv(actor=v.officer, village=v.unit, data=data)
    messages = error.value.messages
    for line in (3, 4, 5, 6, 7):
        assert any(f"Line {line}:" in m for m in messages), (line, messages)
    assert not any("Line 2:" in m or "Line 8:" in m for m in messages)
    assert "line 2" in next(m for m in messages if "Line 4:" in m)
    assert Household.objects.filter(village=v.unit).count() == 1
    assert not AuditEntry.objects.filter(action="decisions.household.import").exists()


def test_import_of_an_empty_file_or_a_foreign_village_is_refused(
    village: Callable[[int], Village], outsider: Any, monitor: Any, tree: Any
) -> None:
    v = village(0)
    with pytest.raises(ValidationError):
        services.import_households_csv(actor=v.officer, village=v.unit, data="code,head\n")
    for actor in (outsider, monitor):
        with pytest.raises(PermissionDenied):
            services.import_households_csv(actor=actor, village=v.unit, data="Z1,Tên\n")
    # A commune is not a village.
    with pytest.raises(ValidationError):
        services.import_households_csv(actor=v.officer, village=tree.ba_dinh, data="Z1,Tên\n")
    other = add_village(actor=None, commune=tree.ba_dinh, name="Thôn Nam")
    assert services.import_households_csv(actor=v.officer, village=other, data="Z1,Tên\n")
    assert not Household.objects.filter(village=v.unit).exists()


@pytest.mark.parametrize("threshold", [thresholds.TWO_THIRDS, thresholds.MAJORITY])
def test_votes_needed_is_the_exact_bar(threshold: str) -> None:
    for total in range(1, 80):
        needed = selectors.votes_needed(threshold, total)
        assert thresholds.meets(threshold, agree=needed, total=total)
        assert not thresholds.meets(threshold, agree=needed - 1, total=total)
    assert selectors.votes_needed(thresholds.TWO_THIRDS, 30) == 20
    assert selectors.votes_needed(thresholds.MAJORITY, 30) == 16
