"""Each registered list exports the rows its page shows, for the same user and filters,
in CSV and in XLSX."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import Client

from danvan.exports.registry import PETITION_COLUMNS, REGISTRY
from danvan.petitions.models import Petition
from danvan.reception.models import ReceptionSession, SessionKind
from danvan.reception.services import open_session
from tests.exports.conftest import file_bytes, read_table, receive_one

FORMATS = ["csv", "xlsx"]
CODE = 0  # the first column of every petition list


def as_date(value: object) -> date:
    """A date cell as CSV (dd/mm/yyyy) or XLSX (a real date) gives it back."""
    if isinstance(value, datetime):
        return value.date()
    assert isinstance(value, str), value
    day, month, year = value.split("/")
    return date(int(year), int(month), int(day))


def test_the_registry_holds_the_lists_of_the_pages():
    assert {"petitions.queue", "petitions.figure", "reception.sessions", "portal.my_cases"} <= set(
        REGISTRY
    )


@pytest.fixture
def ba_dinh_cases(tree, staff):
    ba_dinh = tree.agency(tree.ba_dinh)
    cases = [
        receive_one(staff, ba_dinh, on=f"2026-03-0{day}", subject=f"Đơn {day}")
        for day in (2, 3, 4, 5)
    ]
    # Another commune's petition: on no page of Ba Đình's staff, in no export of theirs.
    receive_one(None, tree.agency(tree.ngoc_ha), on="2026-03-06", subject="Ngọc Hà")
    return cases


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_work_queue_exports_what_the_queue_shows(
    ba_dinh_cases, staff, client_for, export_rows, fmt
):
    client = client_for(staff.officer)
    page = [p.tracking_code for p in client.get("/staff/petitions/").context["items"]]
    rows = export_rows(client, "petitions.queue", fmt)
    assert [row[CODE] for row in rows] == page
    assert len(page) == 4

    # With the page's filter: overdue only.
    Petition.objects.update(is_overdue=False)
    Petition.objects.filter(pk=ba_dinh_cases[1].pk).update(is_overdue=True)
    overdue_page = client.get("/staff/petitions/?overdue=1").context["items"]
    rows = export_rows(client, "petitions.queue", fmt, overdue="1")
    assert [row[CODE] for row in rows] == [p.tracking_code for p in overdue_page]
    assert [row[CODE] for row in rows] == [ba_dinh_cases[1].tracking_code]


def test_the_work_queue_export_takes_more_than_the_page_shows(
    ba_dinh_cases, staff, client_for, export_rows, monkeypatch
):
    from danvan.petitions import selectors

    # The page caps the queue; the export is the whole queue.
    real = selectors.work_queue
    monkeypatch.setattr(
        selectors, "work_queue", lambda user, *, limit=50: real(user, limit=min(limit, 2))
    )
    client = client_for(staff.officer)
    assert len(client.get("/staff/petitions/").context["items"]) == 2
    rows = export_rows(client, "petitions.queue")
    assert sorted(row[CODE] for row in rows) == sorted(p.tracking_code for p in ba_dinh_cases)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_figure_list_exports_what_the_figure_page_shows(
    tree, staff, ba_dinh_cases, client_for, export_rows, fmt
):
    receive_one(staff, tree.agency(tree.ba_dinh), on="2026-03-07", kind="feedback")
    filters = {
        "unit": str(tree.hanoi.pk),
        "from": "2026-03-01",
        "to": "2026-03-31",
        "figure": "complaint",
    }
    client = client_for(staff.monitor)
    page = client.get("/staff/petitions/statistics/list/", filters).context["items"]
    rows = export_rows(client, "petitions.figure", fmt, **filters)
    # Ngọc Hà's complaint is in Hà Nội too; the feedback is another figure.
    assert len(rows) == 5
    assert [row[CODE] for row in rows] == [p.tracking_code for p in page]
    assert [as_date(row[1]) for row in rows] == [p.received_on for p in page]


def test_the_figure_list_export_reads_the_filters_as_the_page_does(
    tree, staff, ba_dinh_cases, client_for, export_rows
):
    client = client_for(staff.leader)
    # Dates in reverse are swapped; no unit means the user's own.
    filters = {"from": "2026-03-04", "to": "2026-03-03"}
    page = client.get("/staff/petitions/statistics/list/", filters).context
    assert page["unit"] == tree.ba_dinh
    rows = export_rows(client, "petitions.figure", **filters)
    assert [row[CODE] for row in rows] == [p.tracking_code for p in page["items"]]
    assert len(rows) == 2
    # An unreadable date gives the page's default period (this year so far).
    page = client.get("/staff/petitions/statistics/list/", {"from": "hôm qua"}).context
    rows = export_rows(client, "petitions.figure", **{"from": "hôm qua"})
    assert [row[CODE] for row in rows] == [p.tracking_code for p in page["items"]]
    assert len(rows) == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_sessions_list_exports_the_sessions_of_ones_agencies(
    tree, staff, client_for, export_rows, fmt
):
    ba_dinh = tree.agency(tree.ba_dinh)
    for day in (2, 9, 16):
        open_session(
            actor=staff.officer,
            agency=ba_dinh,
            kind=SessionKind.REGULAR,
            held_on=date(2026, 3, day),
            location="Trụ sở UBND",
        )
    open_session(
        actor=None,
        agency=tree.agency(tree.ngoc_ha),
        kind=SessionKind.REGULAR,
        held_on=date(2026, 3, 3),
    )
    client = client_for(staff.officer)
    page = client.get("/staff/reception/").context["sessions"]
    rows = export_rows(client, "reception.sessions", fmt)
    assert [(as_date(row[0]), row[3]) for row in rows] == [(s.held_on, s.agency.name) for s in page]
    assert len(rows) == 3
    assert {row[4] for row in rows} == {"Trụ sở UBND"}
    assert ReceptionSession.objects.count() == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_citizen_exports_their_own_cases(tree, make_user, export_rows, fmt):
    citizen = make_user(full_name="Đinh Thị Mai")
    mine = [
        receive_one(None, tree.agency(tree.bac_ly), on=f"2026-04-0{d}", petitioner_user=citizen)
        for d in (1, 2)
    ]
    receive_one(None, tree.agency(tree.bac_ly), on="2026-04-03")  # someone else's
    client = Client()
    client.force_login(citizen)
    page = client.get("/cong-dan/cua-toi/").context["page"].object_list
    rows = export_rows(client, "portal.my_cases", fmt)
    assert [row[0] for row in rows] == [p.tracking_code for p in page]
    assert sorted(row[0] for row in rows) == sorted(p.tracking_code for p in mine)


def test_the_list_pages_carry_the_export_form_with_their_filters(
    tree, staff, ba_dinh_cases, client_for, make_user
):
    client = client_for(staff.officer)
    html = client.get("/staff/petitions/?overdue=1").content.decode()
    assert 'name="list" value="petitions.queue"' in html
    assert 'name="overdue" value="1"' in html
    html = client.get(
        "/staff/petitions/statistics/list/", {"unit": tree.ba_dinh.pk, "figure": "complaint"}
    ).content.decode()
    assert 'name="list" value="petitions.figure"' in html
    assert f'name="unit" value="{tree.ba_dinh.pk}"' in html
    assert 'name="figure" value="complaint"' in html
    assert 'value="reception.sessions"' in client.get("/staff/reception/").content.decode()
    citizen = Client()
    citizen.force_login(make_user())
    assert 'value="portal.my_cases"' in citizen.get("/cong-dan/cua-toi/").content.decode()


def test_petition_exports_have_the_same_columns_in_both_formats(
    tree, staff, ba_dinh_cases, client_for, export
):
    client = client_for(staff.monitor)
    filters = {"unit": str(tree.hanoi.pk)}
    csv_table = read_table(file_bytes(export(client, "petitions.figure", "csv", **filters)), "csv")
    xlsx_table = read_table(
        file_bytes(export(client, "petitions.figure", "xlsx", **filters)), "xlsx"
    )
    assert csv_table[0] == xlsx_table[0]
    assert len(csv_table[0]) == len(PETITION_COLUMNS)  # a monitor: no personal columns
    assert [r[CODE] for r in csv_table] == [r[CODE] for r in xlsx_table]
    assert len(csv_table) == 1 + 5
