"""Document numbers: one running series per agency, year and symbol, never repeated."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.documents.models import DocumentNumberSequence
from danvan.documents.selectors import last_issued_number
from danvan.documents.services import IssuedNumber, format_document_number, next_document_number
from danvan.units.models import Agency, AgencyKind
from tests.conftest import Tree


def test_numbers_start_at_01_with_a_leading_zero(tree: Tree) -> None:
    agency = tree.agency(tree.bac_ly)
    first = next_document_number(actor=None, agency=agency, year=2026, symbol="QĐ-UBND")
    assert first == IssuedNumber(number=1, text="01/QĐ-UBND")


def test_format_pads_only_below_ten() -> None:
    assert format_document_number(5, "TB-UBND") == "05/TB-UBND"
    assert format_document_number(15, "TB-UBND") == "15/TB-UBND"
    assert format_document_number(1234, "TB-UBND") == "1234/TB-UBND"


def test_many_calls_give_consecutive_unique_numbers(tree: Tree) -> None:
    agency = tree.agency(tree.bac_ly)
    issued = [
        next_document_number(actor=None, agency=agency, year=2026, symbol="TB-UBND")
        for _ in range(30)
    ]
    assert [n.number for n in issued] == list(range(1, 31))
    assert issued[14].text == "15/TB-UBND"
    assert len({n.text for n in issued}) == 30
    assert last_issued_number(agency=agency, year=2026, symbol="TB-UBND") == 30


def test_series_are_separate_per_agency_year_and_symbol(tree: Tree) -> None:
    bac_ly = tree.agency(tree.bac_ly)
    ba_dinh = tree.agency(tree.ba_dinh)
    for _ in range(3):
        next_document_number(actor=None, agency=bac_ly, year=2026, symbol="QĐ-UBND")
    assert next_document_number(actor=None, agency=ba_dinh, year=2026, symbol="QĐ-UBND").number == 1
    assert next_document_number(actor=None, agency=bac_ly, year=2027, symbol="QĐ-UBND").number == 1
    assert next_document_number(actor=None, agency=bac_ly, year=2026, symbol="TB-UBND").number == 1
    assert next_document_number(actor=None, agency=bac_ly, year=2026, symbol="QĐ-UBND").number == 4
    assert DocumentNumberSequence.objects.count() == 4


def test_symbol_is_normalised(tree: Tree) -> None:
    agency = tree.agency(tree.bac_ly)
    # Lower case, stray spaces and a decomposed Đ all mean the same series.
    decomposed = "qđ-ubnd".replace("đ", "đ")
    a = next_document_number(actor=None, agency=agency, year=2026, symbol=" qđ-ubnd ")
    b = next_document_number(actor=None, agency=agency, year=2026, symbol=decomposed)
    assert (a.text, b.text) == ("01/QĐ-UBND", "02/QĐ-UBND")


@pytest.mark.parametrize("symbol", ["", "QĐ/UBND", "QĐ UBND", "-UBND", "QĐ--UBND", "X" * 41])
def test_bad_symbols_are_refused(tree: Tree, symbol: str) -> None:
    with pytest.raises(ValidationError) as caught:
        next_document_number(actor=None, agency=tree.agency(tree.bac_ly), year=2026, symbol=symbol)
    assert "symbol" in caught.value.message_dict


@pytest.mark.parametrize("year", [1999, 2101])
def test_year_out_of_range_is_refused(tree: Tree, year: int) -> None:
    with pytest.raises(ValidationError) as caught:
        next_document_number(actor=None, agency=tree.agency(tree.bac_ly), year=year, symbol="TB")
    assert "year" in caught.value.message_dict


def test_inactive_agency_cannot_issue(tree: Tree) -> None:
    agency = tree.agency(tree.bac_ly)
    Agency.objects.filter(pk=agency.pk).update(is_active=False)
    agency.refresh_from_db()
    with pytest.raises(ValidationError):
        next_document_number(actor=None, agency=agency, year=2026, symbol="TB-UBND")


def test_number_is_not_used_up_when_the_callers_transaction_fails(tree: Tree) -> None:
    agency = tree.agency(tree.bac_ly)
    next_document_number(actor=None, agency=agency, year=2026, symbol="TB-UBND")

    def issue_then_fail() -> None:
        with transaction.atomic():
            next_document_number(actor=None, agency=agency, year=2026, symbol="TB-UBND")
            raise RuntimeError("the letter could not be saved")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    again = next_document_number(actor=None, agency=agency, year=2026, symbol="TB-UBND")
    assert again.number == 2


def test_issue_is_audited(tree: Tree) -> None:
    agency = tree.agency(tree.bac_ly)
    next_document_number(actor=None, agency=agency, year=2026, symbol="TB-UBND")
    entry = AuditEntry.objects.get(action="documents.number.issue")
    assert entry.after == {"agency": agency.code, "year": 2026, "symbol": "TB-UBND", "number": 1}
    assert entry.unit_id == tree.bac_ly.pk
    assert entry.target_type == "documents.documentnumbersequence"


def test_staff_of_the_unit_may_issue_but_not_elsewhere(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    clerk = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.bac_ly))
    issued = next_document_number(
        actor=clerk, agency=tree.agency(tree.bac_ly), year=2026, symbol="TB-UBND"
    )
    assert issued.number == 1
    with pytest.raises(PermissionDenied):
        next_document_number(
            actor=clerk, agency=tree.agency(tree.ba_dinh), year=2026, symbol="TB-UBND"
        )


def test_provincial_leader_may_issue_for_a_commune_below(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    leader = make_user(Role.LEADER, tree.agency(tree.ninhbinh))
    issued = next_document_number(
        actor=leader, agency=tree.agency(tree.bac_ly), year=2026, symbol="TB-UBND"
    )
    assert issued.number == 1


def test_monitor_may_not_issue(tree: Tree, make_user: Callable[..., User]) -> None:
    monitor = make_user(Role.MONITOR, tree.agency(tree.ninhbinh, AgencyKind.INSPECTORATE))
    with pytest.raises(PermissionDenied):
        next_document_number(
            actor=monitor, agency=tree.agency(tree.bac_ly), year=2026, symbol="TB-UBND"
        )


# The in-memory SQLite test database answers a concurrent writer with "table is locked"
# instead of waiting (file databases wait, thanks to busy_timeout); there a worker
# retries its whole transaction, which is what a web request would see as a retry.
_ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def _issue_with_retry(issue: Callable[[], int]) -> int:
    for _attempt in range(200):
        try:
            return issue()
        except OperationalError:
            if not _ON_SQLITE:
                raise
            threading.Event().wait(0.005)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_transactions_never_share_a_number(tree: Tree) -> None:
    """Several transactions at once: the row lock serialises them.

    Each worker holds its transaction open a moment after taking a number, so without
    the lock the others would read the same last number meanwhile.
    """
    agency = tree.agency(tree.bac_ly)
    workers, per_worker = 4, 5
    barrier = threading.Barrier(workers)
    issued: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(per_worker):

                def issue() -> int:
                    with transaction.atomic():
                        taken = next_document_number(
                            actor=None, agency=agency, year=2026, symbol="TB-UBND"
                        ).number
                        threading.Event().wait(0.01)
                    return taken

                number = _issue_with_retry(issue)
                with lock:
                    issued.append(number)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(issued) == list(range(1, workers * per_worker + 1))
