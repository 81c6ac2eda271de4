"""Who sees whom in an export: petitioner details only for a write role on the petition's
unit, never a denouncer, never a citizen ID number; each export with personal data is
written to the audit log."""

from __future__ import annotations

import html
import io
import zipfile

import pytest
from django.test import Client
from django.utils import translation

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.exports.models import ExportJob
from danvan.exports.registry import PETITION_COLUMNS, withheld_reason
from tests.exports.conftest import CITIZEN_ID, file_bytes, read_table, receive_one

FORMATS = ["csv", "xlsx"]
N = len(PETITION_COLUMNS)
NAME, PHONE, ADDRESS, CONTENT, NOTE = N, N + 1, N + 2, N + 3, N + 4
PERSON = {
    "petitioner_name": "Hoàng Văn Bảo",
    "petitioner_phone": "0912345678",
    "petitioner_address": "Số 5 phố Đội Cấn",
    "petitioner_citizen_id": CITIZEN_ID,
    "content": "Tôi là Hoàng Văn Bảo, khiếu nại về việc cấp phép xây dựng.",
}
YEAR = {"from": "2026-01-01", "to": "2026-06-30"}


def all_text(data: bytes, fmt: str) -> str:
    """Everything in the file: the parts of the XLSX package unzipped, and the XML's
    character references (openpyxl writes "à" as "&#224;") read back."""
    if fmt == "csv":
        return data.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = "".join(package.read(name).decode("utf-8") for name in package.namelist())
    return html.unescape(xml)


@pytest.fixture
def cases(tree, staff):
    ba_dinh = tree.agency(tree.ba_dinh)
    complaint = receive_one(staff, ba_dinh, on="2026-03-02", **PERSON)
    denunciation = receive_one(
        staff, ba_dinh, kind="denunciation", on="2026-03-03", subject="Tố cáo cán bộ", **PERSON
    )
    return complaint, denunciation


def rows_by_code(table: list[list[object]]) -> dict[object, list[object]]:
    return {row[0]: row for row in table[1:]}


def read_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(kind="read", action="exports.read_personal_data"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_handler_sees_the_complainant_but_never_the_denouncer(
    cases, staff, client_for, export, fmt
):
    complaint, denunciation = cases
    response = export(client_for(staff.handler), "petitions.queue", fmt)
    data = file_bytes(response)
    table = read_table(data, fmt)
    assert len(table[0]) == N + 5  # name, phone, address, content and the note
    rows = rows_by_code(table)

    shown = rows[complaint.tracking_code]
    assert shown[NAME] == PERSON["petitioner_name"]
    assert shown[PHONE] == "0912 345 678"
    assert shown[ADDRESS] == PERSON["petitioner_address"]
    assert shown[CONTENT] == PERSON["content"]
    assert shown[NOTE] == ""

    hidden = rows[denunciation.tracking_code]
    assert hidden[5] == "Tố cáo cán bộ"  # the subject stays
    assert hidden[NAME] == hidden[PHONE] == hidden[ADDRESS] == hidden[CONTENT] == ""
    with translation.override("vi"):
        assert hidden[NOTE] == str(withheld_reason(denunciation))
    assert hidden[NOTE]

    text = all_text(data, fmt)
    assert CITIZEN_ID not in text
    assert text.count(PERSON["petitioner_name"]) == 2  # the name column and the content

    [entry] = read_entries()
    job = ExportJob.objects.get()
    assert entry.actor_id == staff.handler.pk
    assert (entry.target_type, entry.target_id) == ("exports.exportjob", str(job.pk))
    assert "petitions.queue" in entry.reason
    assert "2 rows" in entry.reason
    assert "personal data in 1" in entry.reason
    assert set(entry.after["fields"]) == {
        "petitioner_name",
        "petitioner_phone",
        "petitioner_address",
        "content",
    }


def test_the_system_administrator_does_not_see_the_denouncer_either(
    cases, make_user, client_for, export_rows, tree
):
    admin = make_user(Role.SYSTEM_ADMIN)
    rows = {
        row[0]: row
        for row in export_rows(
            client_for(admin), "petitions.figure", unit=str(tree.ba_dinh.pk), **YEAR
        )
    }
    complaint, denunciation = cases
    assert rows[complaint.tracking_code][NAME] == PERSON["petitioner_name"]
    assert rows[denunciation.tracking_code][NAME] == ""
    assert rows[denunciation.tracking_code][NOTE]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_monitor_gets_no_personal_data_and_no_read_entry(
    cases, staff, tree, client_for, export, fmt
):
    response = export(client_for(staff.monitor), "petitions.figure", fmt, unit=str(tree.hanoi.pk))
    data = file_bytes(response)
    table = read_table(data, fmt)
    assert len(table[0]) == N
    assert len(table) == 1 + 2
    text = all_text(data, fmt)
    assert "Tố cáo cán bộ" in text  # the file is read: what is absent is really absent
    for value in ("Hoàng Văn Bảo", "345 678", "345678", "Đội Cấn", CITIZEN_ID, "cấp phép"):
        assert value not in text
    assert read_entries() == []


def test_a_provincial_leader_sees_the_complainants_of_the_communes_below(
    cases, tree, make_user, client_for, export_rows
):
    leader = make_user(Role.LEADER, tree.agency(tree.hanoi))
    rows = export_rows(client_for(leader), "petitions.figure", unit=str(tree.hanoi.pk), **YEAR)
    assert sorted(row[NAME] for row in rows) == ["", PERSON["petitioner_name"]]
    assert len(read_entries()) == 1


def test_a_write_role_elsewhere_does_not_reveal_this_units_petitioners(
    cases, staff, tree, client_for, export_rows
):
    # The inspector works on the province's own cases, not on Ba Đình's: the columns
    # are there (the role writes) but Ba Đình's rows are withheld.
    rows = export_rows(
        client_for(staff.inspector), "petitions.figure", unit=str(tree.hanoi.pk), **YEAR
    )
    assert len(rows) == 2
    assert all(row[NAME] == row[CONTENT] == "" for row in rows)
    assert all(row[NOTE] for row in rows)
    assert read_entries() == []


def test_a_sibling_commune_may_not_export_the_neighbours_list(
    cases, tree, make_user, client_for, export
):
    neighbour = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha))
    client = client_for(neighbour)
    response = export(client, "petitions.figure", unit=str(tree.ba_dinh.pk))
    assert response.status_code == 403
    # Their own queue holds nothing of Ba Đình.
    response = export(client, "petitions.queue")
    assert read_table(file_bytes(response), "csv")[1:] == []
    assert ExportJob.objects.filter(list_code="petitions.figure").count() == 0


def test_a_citizen_may_export_only_their_own_cases(cases, make_user, export):
    client = Client()
    client.force_login(make_user())
    for code in ("petitions.queue", "reception.sessions", "petitions.figure"):
        assert export(client, code).status_code == 403, code
    assert export(client, "portal.my_cases").status_code == 200
    assert list(ExportJob.objects.values_list("list_code", flat=True)) == ["portal.my_cases"]


def test_a_monitor_may_not_export_the_sessions_of_a_reception_they_do_not_run(
    staff, client_for, export
):
    # As on the page: the sessions list belongs to those who receive citizens.
    assert client_for(staff.monitor).get("/staff/reception/").status_code == 403
    assert export(client_for(staff.monitor), "reception.sessions").status_code == 403


def test_signing_in_is_needed(tree, client):
    response = client.post("/staff/exports/", {"list": "petitions.queue", "format": "csv"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert ExportJob.objects.count() == 0
