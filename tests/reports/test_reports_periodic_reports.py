"""Periodic reports: the tables (rows, totals against the figures), drafting, editing,
issuing, freezing, permissions and audit, and the issued files (XLSX read back with
openpyxl, PDF text and fonts with pypdf and a page image, DOCX with python-docx)."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.core.errors import ConflictError
from danvan.documents.selectors import attachments_of, last_issued_number
from danvan.figures.selectors import child_figures, unit_figures
from danvan.petitions import services as petitions
from danvan.petitions.services import PetitionDraft
from danvan.reception import services as reception
from danvan.reception.models import SessionKind
from danvan.reception.selectors import reception_figures
from danvan.reception.services import VisitInput
from danvan.reports import services
from danvan.reports.forms_catalog import get_form
from danvan.reports.models import IssuedReport
from danvan.reports.periodic_periods import reporting_period
from danvan.reports.periodic_selectors import build_table, reception_counts
from danvan.satisfaction.models import SatisfactionRating
from danvan.satisfaction.selectors import satisfaction_index

# Quarter III of 2026: data from 15/06/2026 to 14/09/2026.
Q3 = reporting_period(kind="quarterly", year=2026, number=3)
AFTER_Q3 = date(2026, 11, 2)
RECEPTION = get_form("01/TCD", "2021")
HANDLING = get_form("01/XLD", "2021")
RESULTS = get_form("TH-KQXL", "1")
DEMOCRACY = get_form("TH-DCCS", "1")
FINAL_NARRATIVE = "Kết quả tiếp công dân và giải quyết khiếu nại, tố cáo trong quý đạt yêu cầu."


def receive(agency: Any, kind: str, on: str, **extra: Any) -> Any:
    [petition] = petitions.receive_petitions(
        actor=None,
        agency=agency,
        drafts=[
            PetitionDraft(
                kind=kind,
                subject="Đơn thử nghiệm",
                content="Nội dung đơn thử nghiệm",
                petitioner_name="Nguyễn Văn An",
                **extra,
            )
        ],
        channel="post",
        received_on=date.fromisoformat(on),
    )
    return petition


def resolve(petition: Any, *, start: str = "2026-07-02") -> Any:
    """Classify, accept, verify and decide a denunciation or feedback (no dialogue)."""
    on = date.fromisoformat(start)
    p = petitions.classify(
        actor=None, petition=petition, expected_version=petition.version, effective_on=on
    )
    p = petitions.accept(actor=None, petition=p, expected_version=p.version, effective_on=on)
    return p


def decide(petition: Any, handler: Any, on: str) -> Any:
    day = date.fromisoformat(on)
    p = petitions.assign(
        actor=None, petition=petition, handler=handler, expected_version=petition.version,
        effective_on=day,
    )  # fmt: skip
    p = petitions.start_verification(
        actor=None, petition=p, expected_version=p.version, effective_on=day
    )
    return petitions.decide(
        actor=None, petition=p, expected_version=p.version, outcome="right",
        summary="Tố cáo đúng", effective_on=day,
    )  # fmt: skip


def visit(session: Any, people: int = 1, **extra: Any) -> None:
    reps = ["Trần Văn Bảo"] if people >= 5 else []
    reception.record_visit(
        actor=None,
        session=session,
        visit=VisitInput(
            full_name="Lê Thị Cúc",
            content="Hỏi về việc cấp giấy chứng nhận quyền sử dụng đất",
            handling="explained",
            people_count=people,
            representatives=reps,
            **extra,
        ),
    )


@pytest.fixture
def world(tree, make_user) -> SimpleNamespace:
    """Hà Nội with two wards and its own inspectorate, some petitions and reception in
    quarter III of 2026 (and some outside it), and people with each role."""
    hanoi_ubnd = tree.agency(tree.hanoi)
    inspectorate = tree.agency(tree.hanoi, "thanh_tra")
    ba_dinh = tree.agency(tree.ba_dinh)
    ngoc_ha = tree.agency(tree.ngoc_ha)
    people = SimpleNamespace(
        leader=make_user(Role.LEADER, inspectorate, full_name="Đỗ Thị Lan"),
        handler=make_user(Role.CASE_HANDLER, inspectorate, full_name="Ngô Văn Khoa"),
        officer=make_user(Role.RECEPTION_OFFICER, ba_dinh, full_name="Trần Thị Bình"),
        ward_leader=make_user(Role.LEADER, ba_dinh, full_name="Phạm Thị Dung"),
        monitor=make_user(Role.MONITOR, inspectorate, full_name="Vũ Thị Giang"),
        outsider=make_user(Role.LEADER, tree.agency(tree.ninhbinh), full_name="Hoàng Văn Út"),
    )
    # Petitions of the quarter: Ba Đình 3 (+1 forwarded to Ngọc Hà), Ngọc Hà 1,
    # the provincial inspectorate 1; outside the quarter 2; Ninh Bình 1.
    receive(ba_dinh, "complaint", "2026-06-15")
    denunciation = receive(ba_dinh, "denunciation", "2026-07-01")
    receive(ba_dinh, "feedback", "2026-09-14", is_repeat=True)
    to_forward = receive(ba_dinh, "petition", "2026-07-01")
    petitions.forward(
        actor=None, petition=to_forward, to_agency=ngoc_ha, expected_version=to_forward.version,
        effective_on=date(2026, 7, 3),
    )  # fmt: skip
    receive(ngoc_ha, "petition", "2026-08-20")
    own = receive(inspectorate, "denunciation", "2026-07-10")
    receive(ba_dinh, "complaint", "2026-06-14")  # quarter II
    receive(ngoc_ha, "complaint", "2026-09-15")  # quarter IV
    receive(tree.agency(tree.bac_ly), "complaint", "2026-07-01")  # another province
    accepted = resolve(denunciation)
    decide(accepted, people.ward_leader, "2026-07-20")
    resolve(own, start="2026-07-11")
    # Reception: Ba Đình regular (1 person, a group of 6), the chair in person (2 people),
    # delegated (1); the provincial inspectorate's head ad hoc (a group of 5); one
    # session outside the quarter.
    regular = reception.open_session(
        actor=None, agency=ba_dinh, kind=SessionKind.REGULAR, held_on=date(2026, 7, 6)
    )
    visit(regular)
    visit(regular, people=6)
    chair = reception.open_session(
        actor=None, agency=ba_dinh, kind=SessionKind.LEADER_PERIODIC,
        held_on=date(2026, 7, 7), chaired_by=people.ward_leader,
    )  # fmt: skip
    visit(chair, people=2, is_repeat=True)
    delegated = reception.open_session(
        actor=None, agency=ba_dinh, kind=SessionKind.LEADER_PERIODIC,
        held_on=date(2026, 8, 4), chaired_by=people.ward_leader, delegated=True,
    )  # fmt: skip
    visit(delegated)
    ad_hoc = reception.open_session(
        actor=None, agency=inspectorate, kind=SessionKind.AD_HOC, held_on=date(2026, 9, 1),
        chaired_by=people.leader,
    )  # fmt: skip
    visit(ad_hoc, people=5)
    earlier = reception.open_session(
        actor=None, agency=ba_dinh, kind=SessionKind.REGULAR, held_on=date(2026, 6, 1)
    )
    visit(earlier, people=3)
    return SimpleNamespace(
        tree=tree,
        people=people,
        inspectorate=inspectorate,
        hanoi_ubnd=hanoi_ubnd,
        ba_dinh=ba_dinh,
        ngoc_ha=ngoc_ha,
    )


def total_row(data: dict[str, Any]) -> dict[str, Any]:
    [row] = [r for r in data["rows"] if r["role"] == "total"]
    return row["values"]


def rows_by_label(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["label"]: row["values"] for row in data["rows"]}


def figure_columns(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(column key, figure name) for the columns that are one figure."""
    return [
        (c["key"], c["source"]["names"][0])
        for c in data["form"]["columns"]
        if c["source"]["kind"] == "figures" and len(c["source"]["names"]) == 1
    ]


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def issued_report(world: SimpleNamespace, form: Any = RESULTS) -> IssuedReport:
    report = services.draft_report(
        actor=world.people.handler, agency=world.inspectorate, form=form, period=Q3
    )
    report = services.update_narrative(
        actor=world.people.handler, report=report, text=FINAL_NARRATIVE,
        expected_version=report.version,
    )  # fmt: skip
    return services.issue_report(
        actor=world.people.leader, report=report, expected_version=report.version, today=AFTER_Q3
    )


# --- the table ---------------------------------------------------------------------


class TestTable:
    def test_rows_are_the_children_then_the_own_agencies_then_the_total(self, world) -> None:
        data = build_table(form=RESULTS, unit=world.tree.hanoi, period=Q3)
        assert [(r["role"], r["label"]) for r in data["rows"]] == [
            ("child", "Phường Ba Đình"),
            ("child", "Phường Ngọc Hà"),
            ("own", "Các cơ quan cấp tỉnh"),
            ("total", "Tổng cộng"),
        ]
        assert data["period"]["start"] == "2026-06-15"
        assert data["period"]["end"] == "2026-09-14"

    def test_counts_follow_the_period_and_the_tree(self, world) -> None:
        rows = rows_by_label(build_table(form=RESULTS, unit=world.tree.hanoi, period=Q3))
        # 15/06 and 14/09 are inside, 14/06 and 15/09 outside; Ninh Bình not at all.
        assert rows["Phường Ba Đình"]["received"] == 4
        assert rows["Phường Ba Đình"]["forwarded"] == 1
        assert rows["Phường Ba Đình"]["repeated"] == 1
        assert rows["Phường Ngọc Hà"]["received"] == 2  # its own and the forwarded one
        assert rows["Các cơ quan cấp tỉnh"]["received"] == 1
        assert rows["Tổng cộng"]["received"] == 7
        assert rows["Tổng cộng"]["denunciation"] == 2
        assert rows["Tổng cộng"]["accepted"] == 2
        assert rows["Tổng cộng"]["resolved"] == 1

    def test_total_is_the_sum_of_the_rows_and_the_unit_figure(self, world) -> None:
        unit = world.tree.hanoi
        data = build_table(form=RESULTS, unit=unit, period=Q3)
        figures = unit_figures(unit, start=Q3.start, end=Q3.end)
        by_child = {
            (child.pk if child else None): f
            for child, f in child_figures(unit, start=Q3.start, end=Q3.end)
        }
        parts = [r for r in data["rows"] if r["role"] != "total"]
        for key, name in figure_columns(data):
            assert total_row(data)[key] == sum(r["values"][key] for r in parts), key
            assert total_row(data)[key] == figures[name], key
            for row in parts:
                expected = by_child[row["unit_id"] if row["role"] == "child" else None]
                assert row["values"][key] == expected[name], (row["label"], key)

    def test_percentage_is_computed_from_the_totals_not_summed(self, world) -> None:
        data = build_table(form=RESULTS, unit=world.tree.hanoi, period=Q3)
        totals = total_row(data)
        assert totals["resolved"] == 1
        assert totals["on_time_rate"] == round(
            100 * totals["resolved_on_time"] / totals["resolved"], 1
        )
        # A row without resolved cases has no rate (not 0 %).
        assert rows_by_label(data)["Phường Ngọc Hà"]["on_time_rate"] is None

    def test_reception_form(self, world) -> None:
        unit = world.tree.hanoi
        data = build_table(form=RECEPTION, unit=unit, period=Q3)
        totals = total_row(data)
        assert (totals["visits"], totals["people"]) == (5, 15)
        assert (totals["regular_visits"], totals["regular_people"]) == (2, 7)
        assert (totals["regular_groups"], totals["regular_group_people"]) == (1, 6)
        assert (totals["head_sessions"], totals["head_visits"], totals["head_people"]) == (2, 2, 7)
        assert (totals["head_groups"], totals["head_group_people"]) == (1, 5)
        assert (totals["delegated_sessions"], totals["delegated_visits"]) == (1, 1)
        # Cases (vụ việc) are not counted from the register: empty, never 0.
        assert totals["cases"] is None
        assert totals["regular_cases_first"] is None
        own = rows_by_label(data)["Các cơ quan cấp tỉnh"]
        assert (own["visits"], own["head_sessions"]) == (1, 1)
        # The same visits and people as the reception module counts.
        figures = reception_figures(unit, start=Q3.start, end=Q3.end)
        assert (totals["visits"], totals["people"]) == (figures["visits"], figures["people"])
        counts = reception_counts(unit, start=Q3.start, end=Q3.end)
        for name in ("sessions", "leader_sessions", "visits", "people", "group_visits"):
            assert counts[name] == figures[name], name

    def test_handling_form_leaves_unsupported_columns_empty(self, world) -> None:
        data = build_table(form=HANDLING, unit=world.tree.hanoi, period=Q3)
        totals = total_row(data)
        assert totals["complaint"] + totals["denunciation"] + totals["petition_feedback"] == 7
        assert totals["forwarded"] == 1
        unsupported = [c["key"] for c in data["form"]["columns"] if not c["supported"]]
        assert unsupported
        assert all(totals[key] is None for key in unsupported)
        assert all(row["values"][key] is None for row in data["rows"] for key in unsupported)

    def test_democracy_form_counts_ratings(self, world) -> None:
        # A rating given in the quarter at Ba Đình (set directly: the rating service
        # dates ratings today).
        petition = receive(world.ba_dinh, "feedback", "2026-07-01")
        SatisfactionRating.objects.create(
            petition=petition, unit=petition.unit, unit_path=petition.unit_path, score=4,
            rated_on=date(2026, 8, 1),
        )  # fmt: skip
        data = build_table(form=DEMOCRACY, unit=world.tree.hanoi, period=Q3)
        assert total_row(data)["ratings"] == 1
        assert rows_by_label(data)["Phường Ba Đình"]["ratings"] == 1
        index = satisfaction_index(world.tree.hanoi, start=Q3.start, end=Q3.end)
        assert total_row(data)["ratings"] == index.ratings
        assert data["facts"]["satisfaction_index"] == index.index == 75.0
        assert total_row(data)["disclosures"] == 0  # counted: none in this world
        assert total_row(data)["consultations"] == 0
        report = services.draft_report(
            actor=world.people.leader, agency=world.inspectorate, form=DEMOCRACY, period=Q3
        )
        assert "1 lượt đánh giá sự hài lòng; chỉ số hài lòng đạt 75,0/100" in report.narrative

    def test_nation_rows_are_the_provinces(self, world) -> None:
        data = build_table(form=RESULTS, unit=world.tree.nation, period=Q3)
        labels = [r["label"] for r in data["rows"]]
        assert labels == [
            "Thành phố Hà Nội",
            "Tỉnh Ninh Bình",
            "Các cơ quan trung ương",
            "Tổng cộng",
        ]
        assert total_row(data)["received"] == 8

    def test_a_village_without_agency_gets_no_row(self, world) -> None:
        from danvan.units.services import add_village

        add_village(actor=None, commune=world.tree.ba_dinh, name="Tổ dân phố số 1")
        data = build_table(form=RESULTS, unit=world.tree.ba_dinh, period=Q3)
        assert [r["label"] for r in data["rows"]] == ["Các cơ quan cấp xã", "Tổng cộng"]
        assert total_row(data)["received"] == 4


# --- drafting, editing, issuing -------------------------------------------------------


class TestDraft:
    def test_draft_computes_the_table_and_a_narrative(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        assert report.status == IssuedReport.Status.DRAFT
        assert report.unit == world.tree.hanoi
        assert (report.period_start, report.period_end) == (Q3.start, Q3.end)
        assert total_row(report.data)["received"] == 7
        assert "tiếp nhận 7 đơn" in report.narrative
        assert "quý III năm 2026" in report.narrative
        entry = AuditEntry.objects.filter(action="reports.periodic.draft").get()
        assert entry.target_id == str(report.pk)
        assert entry.actor_id == world.people.handler.pk

    def test_reception_narrative_carries_the_totals(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RECEPTION, period=Q3
        )
        assert "đã tiếp 5 lượt với 15 người" in report.narrative
        assert "Thủ trưởng trực tiếp tiếp công dân 2 kỳ" in report.narrative
        assert "ủy quyền tiếp 1 kỳ" in report.narrative
        assert "[" not in report.narrative  # a quarter's report has no outline to fill

    def test_a_form_outside_the_catalogue_is_refused(self, world) -> None:
        from dataclasses import replace

        with pytest.raises(ValidationError) as error:
            services.draft_report(
                actor=world.people.leader, agency=world.inspectorate,
                form=replace(RESULTS, version="9"), period=Q3,
            )  # fmt: skip
        assert "form" in error.value.message_dict

    def test_half_year_draft_has_the_outline_with_prompts(self, world) -> None:
        half = reporting_period(kind="six_monthly", year=2026)
        report = services.draft_report(
            actor=world.people.leader, agency=world.inspectorate, form=RECEPTION, period=half
        )
        assert report.narrative.startswith("I. KẾT QUẢ THỰC HIỆN")
        assert "IV. KIẾN NGHỊ, ĐỀ XUẤT" in report.narrative
        assert "[" in report.narrative

    def test_democracy_narrative_gives_the_registers_numbers(self, world) -> None:
        report = services.draft_report(
            actor=world.people.leader, agency=world.inspectorate, form=DEMOCRACY, period=Q3
        )
        assert "Đã công khai 0 nội dung" in report.narrative
        assert "lấy ý kiến Nhân dân đối với 0 dự thảo" in report.narrative
        assert "chưa được quản lý" not in report.narrative

    @pytest.mark.parametrize("who", ["monitor", "outsider", "officer"])
    def test_who_may_not_draft(self, world, who: str) -> None:
        # The ward's reception officer may draft for the ward, not for the province.
        with pytest.raises(PermissionDenied):
            services.draft_report(
                actor=getattr(world.people, who), agency=world.inspectorate, form=RESULTS,
                period=Q3,
            )  # fmt: skip
        assert not IssuedReport.objects.exists()

    def test_reception_officer_drafts_for_the_ward(self, world) -> None:
        report = services.draft_report(
            actor=world.people.officer, agency=world.ba_dinh, form=RECEPTION, period=Q3
        )
        assert report.unit == world.tree.ba_dinh
        assert total_row(report.data)["visits"] == 4

    def test_one_draft_per_agency_form_and_period(self, world) -> None:
        services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        with pytest.raises(ValidationError) as error:
            services.draft_report(
                actor=world.people.leader, agency=world.inspectorate, form=RESULTS, period=Q3
            )
        assert error.value.code == "draft_exists"
        # Another form or period is another report.
        services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=HANDLING, period=Q3
        )
        assert IssuedReport.objects.count() == 2

    def test_the_database_keeps_one_draft_even_in_a_race(self, world, monkeypatch) -> None:
        services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        # As if a second officer had checked for a draft just before the first one saved.
        monkeypatch.setattr(services, "open_draft", lambda **kwargs: None)
        with pytest.raises(ValidationError) as error:
            services.draft_report(
                actor=world.people.leader, agency=world.inspectorate, form=RESULTS, period=Q3
            )
        assert error.value.code == "draft_exists"
        assert IssuedReport.objects.count() == 1

    def test_an_issued_report_without_number_cannot_be_stored(self, world) -> None:
        from django.db import IntegrityError, transaction

        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        report.status = IssuedReport.Status.ISSUED
        with pytest.raises(IntegrityError), transaction.atomic():
            report.save()

    def test_future_period_and_form_not_in_force_are_refused(self, world) -> None:
        future = reporting_period(kind="quarterly", year=2030, number=1)
        with pytest.raises(ValidationError) as error:
            services.draft_report(
                actor=world.people.leader, agency=world.inspectorate, form=RESULTS, period=future
            )
        assert "number" in error.value.message_dict
        old = reporting_period(kind="yearly", year=2022)
        with pytest.raises(ValidationError) as error:
            services.draft_report(
                actor=world.people.leader, agency=world.inspectorate, form=DEMOCRACY, period=old
            )
        assert "form" in error.value.message_dict


class TestNarrative:
    def test_saved_in_nfc_with_a_new_version(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        text = unicodedata.normalize("NFD", "Tình hình khiếu nại\n\n  ổn định  ")
        saved = services.update_narrative(
            actor=world.people.handler, report=report, text=text, expected_version=report.version
        )
        assert saved.narrative == "Tình hình khiếu nại\nổn định"
        assert saved.version == report.version + 1
        entry = AuditEntry.objects.filter(action="reports.periodic.narrative").get()
        assert entry.after["chars"] == len(saved.narrative)

    def test_stale_version_is_refused_and_changes_nothing(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        services.update_narrative(
            actor=world.people.leader, report=report, text="Bản của lãnh đạo",
            expected_version=report.version,
        )  # fmt: skip
        with pytest.raises(ConflictError):
            services.update_narrative(
                actor=world.people.handler, report=report, text="Bản cũ",
                expected_version=report.version,
            )  # fmt: skip
        report.refresh_from_db()
        assert report.narrative == "Bản của lãnh đạo"

    def test_monitor_may_not_edit_and_too_long_is_refused(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        with pytest.raises(PermissionDenied):
            services.update_narrative(
                actor=world.people.monitor, report=report, text="x",
                expected_version=report.version,
            )  # fmt: skip
        with pytest.raises(ValidationError) as error:
            services.update_narrative(
                actor=world.people.handler, report=report, text="a" * 30_001,
                expected_version=report.version,
            )  # fmt: skip
        assert "narrative" in error.value.message_dict

    def test_refresh_recomputes_and_keeps_the_narrative(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        report = services.update_narrative(
            actor=world.people.handler, report=report, text="Giữ nguyên",
            expected_version=report.version,
        )  # fmt: skip
        receive(world.ngoc_ha, "complaint", "2026-08-01")
        assert total_row(report.data)["received"] == 7
        report = services.refresh_draft(
            actor=world.people.handler, report=report, expected_version=report.version
        )
        assert total_row(report.data)["received"] == 8
        assert report.narrative == "Giữ nguyên"
        entry = AuditEntry.objects.filter(action="reports.periodic.refresh").get()
        assert entry.after["changed"] is True


@pytest.mark.usefixtures("media")
class TestIssue:
    def test_issue_numbers_freezes_and_stores_three_files(self, world) -> None:
        report = issued_report(world)
        assert report.status == IssuedReport.Status.ISSUED
        assert report.number_text == "01/BC-TTR"
        assert report.issued_on == AFTER_Q3
        assert report.issued_by == world.people.leader
        kinds = {a.content_type for a in attachments_of(report)}
        assert kinds == {
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
        assert report.pdf_file.original_name.endswith(".pdf")
        entry = AuditEntry.objects.filter(action="reports.periodic.issue").get()
        assert entry.after["number"] == "01/BC-TTR"
        # The next report of the agency takes the next number.
        second = issued_report(world, form=HANDLING)
        assert second.number_text == "02/BC-TTR"

    def test_a_later_data_change_does_not_alter_an_issued_report(self, world) -> None:
        report = issued_report(world)
        frozen = report.data
        digests = {kind: getattr(report, f"{kind}_file").sha256 for kind in ("xlsx", "pdf", "docx")}
        # New petitions in the quarter, one of them decided.
        receive(world.ba_dinh, "complaint", "2026-08-01")
        late = receive(world.ngoc_ha, "denunciation", "2026-08-02")
        decide(resolve(late, start="2026-08-03"), world.people.leader, "2026-08-05")
        report.refresh_from_db()
        assert report.data == frozen
        assert total_row(report.data)["received"] == 7
        for kind, digest in digests.items():
            stored = getattr(report, f"{kind}_file")
            with stored.file.open("rb") as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == digest
        # The figures did change: the frozen table is not merely equal by chance.
        assert total_row(build_table(form=RESULTS, unit=world.tree.hanoi, period=Q3)) != (
            total_row(frozen)
        )
        assert (
            total_row(build_table(form=RESULTS, unit=world.tree.hanoi, period=Q3))["received"] == 9
        )

    def test_an_issued_report_cannot_be_changed_or_issued_again(self, world) -> None:
        report = issued_report(world)
        leader = world.people.leader
        with pytest.raises(ValidationError):
            services.issue_report(actor=leader, report=report, today=AFTER_Q3)
        with pytest.raises(ValidationError):
            services.update_narrative(
                actor=leader, report=report, text="Sửa", expected_version=report.version
            )
        with pytest.raises(ValidationError):
            services.refresh_draft(actor=leader, report=report)
        report.refresh_from_db()
        assert report.narrative == FINAL_NARRATIVE
        assert last_issued_number(agency=world.inspectorate, year=2026, symbol="BC-TTR") == 1

    def test_issue_recomputes_the_figures_at_issue_time(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        receive(world.ba_dinh, "complaint", "2026-08-01")
        report = services.issue_report(actor=world.people.leader, report=report, today=AFTER_Q3)
        assert total_row(report.data)["received"] == 8
        entry = AuditEntry.objects.filter(action="reports.periodic.issue").get()
        assert entry.after["figures_changed_since_draft"] is True

    @pytest.mark.parametrize("who", ["handler", "monitor", "officer", "outsider"])
    def test_only_a_leader_of_the_unit_issues(self, world, who: str) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        with pytest.raises(PermissionDenied):
            services.issue_report(actor=getattr(world.people, who), report=report, today=AFTER_Q3)
        report.refresh_from_db()
        assert report.is_draft
        assert not attachments_of(report).exists()

    def test_not_before_the_period_ends(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        with pytest.raises(ValidationError):
            services.issue_report(actor=world.people.leader, report=report, today=Q3.end)
        report.refresh_from_db()
        assert report.is_draft

    def test_prompts_must_be_replaced_first(self, world) -> None:
        # A half-year report's outline has prompts ("[…]") for the officer to replace.
        half = reporting_period(kind="six_monthly", year=2026)
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=DEMOCRACY, period=half
        )
        with pytest.raises(ValidationError) as error:
            services.issue_report(actor=world.people.leader, report=report, today=AFTER_Q3)
        assert "narrative" in error.value.message_dict
        assert last_issued_number(agency=world.inspectorate, year=2026, symbol="BC-TTR") == 0

    def test_stale_version_is_refused(self, world) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )
        with pytest.raises(ConflictError):
            services.issue_report(
                actor=world.people.leader, report=report, expected_version=report.version + 1,
                today=AFTER_Q3,
            )  # fmt: skip

    def test_a_failure_while_rendering_undoes_everything(self, world, monkeypatch) -> None:
        report = services.draft_report(
            actor=world.people.handler, agency=world.inspectorate, form=RESULTS, period=Q3
        )

        def broken(document: Any) -> bytes:
            raise RuntimeError("renderer failed")

        monkeypatch.setattr(services, "render_report_pdf", broken)
        with pytest.raises(RuntimeError):
            services.issue_report(actor=world.people.leader, report=report, today=AFTER_Q3)
        report.refresh_from_db()
        assert report.is_draft
        assert not attachments_of(report).exists()
        assert last_issued_number(agency=world.inspectorate, year=2026, symbol="BC-TTR") == 0
        assert not AuditEntry.objects.filter(action="reports.periodic.issue").exists()


# --- the issued files ---------------------------------------------------------------


def read(attachment: Any) -> bytes:
    with attachment.file.open("rb") as handle:
        return bytes(handle.read())


@pytest.mark.usefixtures("media")
class TestFiles:
    def test_xlsx_opens_with_the_expected_totals(self, world) -> None:
        report = issued_report(world)
        book = load_workbook(io.BytesIO(read(report.xlsx_file)))
        sheet = book["TH-KQXL"]
        layout = report.data["form"]
        columns = layout["columns"]
        labels = [sheet.cell(row=r, column=2).value for r in range(1, sheet.max_row + 1)]
        numbers_at = labels.index("B") + 1
        total_at = labels.index("Tổng cộng") + 1
        # The numbered row, then one row per unit and agency level.
        assert [sheet.cell(row=numbers_at, column=c).value for c in (1, 2, 3)] == ["A", "B", "1"]
        data_rows = range(numbers_at + 1, total_at)
        assert [sheet.cell(row=r, column=2).value for r in data_rows] == [
            "Phường Ba Đình",
            "Phường Ngọc Hà",
            "Các cơ quan cấp tỉnh",
        ]
        figures = unit_figures(world.tree.hanoi, start=Q3.start, end=Q3.end)
        checked = 0
        for offset, column in enumerate(columns, start=3):
            total = sheet.cell(row=total_at, column=offset).value
            source = column["source"]
            if source["kind"] == "figures":
                assert total == sum(sheet.cell(row=r, column=offset).value for r in data_rows)
                assert total == sum(figures[name] for name in source["names"]), column["key"]
                checked += 1
        assert checked >= 12
        assert sheet.cell(row=total_at, column=3).value == 7  # received
        # The header groups are merged cells; the title and period are printed.
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert any(r.startswith("C") for r in merged)
        texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
        assert layout["title"] in texts
        assert "Số liệu tính từ ngày 15/06/2026 đến ngày 14/09/2026" in texts
        info = book["Thông tin"]
        info_texts = [str(c.value) for row in info.iter_rows() for c in row if c.value]
        assert "01/BC-TTR" in info_texts
        assert FINAL_NARRATIVE in info_texts

    def test_xlsx_of_the_reception_form_leaves_unsupported_cells_empty(self, world) -> None:
        report = issued_report(world, form=RECEPTION)
        sheet = load_workbook(io.BytesIO(read(report.xlsx_file)))["01-TCD"]
        labels = [sheet.cell(row=r, column=2).value for r in range(1, sheet.max_row + 1)]
        total_at = labels.index("Tổng cộng") + 1
        columns = report.data["form"]["columns"]
        cases = next(i for i, c in enumerate(columns, start=3) if c["key"] == "cases")
        visits = next(i for i, c in enumerate(columns, start=3) if c["key"] == "visits")
        assert sheet.cell(row=total_at, column=cases).value is None
        assert sheet.cell(row=total_at, column=visits).value == 5
        notes = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
        assert any("vụ việc" in text and text.startswith("- Cột 3") for text in notes)

    def test_pdf_keeps_vietnamese_text_and_uses_only_the_bundled_font(self, world) -> None:
        report = issued_report(world, form=RECEPTION)
        reader = PdfReader(io.BytesIO(read(report.pdf_file)))
        text = unicodedata.normalize(
            "NFC", "\n".join(page.extract_text() or "" for page in reader.pages)
        )
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BÁO CÁO",
            "01/BC-TTR",
            "Kết quả công tác tiếp công dân quý III năm 2026",
            "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN",
            "Tiếp thường xuyên",
            "Tổng cộng",
            "khiếu nại",
            "Thủ trưởng trực tiếp tiếp",
            "Phường Ba Đình",
        ):
            assert expected in text, expected
        fonts = set()
        for page in reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        assert fonts
        assert all("LiberationSerif" in name for name in fonts), fonts
        # The appendix is on landscape pages after the portrait report.
        first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
        assert first.width < first.height
        assert last.width > last.height

    def test_pdf_page_images(self, world) -> None:
        """Page 1 (the report) and the appendix rendered to PNG and kept for a person to
        look at; they must be real pages with text, not blank ones."""
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            if os.environ.get("DANVAN_REQUIRE_PDFTOPPM") == "1":
                pytest.fail("pdftoppm is required (DANVAN_REQUIRE_PDFTOPPM=1) but not found.")
            pytest.skip("pdftoppm (poppler-utils) is not installed: no page image made")
        from PIL import Image

        report = issued_report(world, form=RECEPTION)
        folder = Path("test-artifacts") / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        pdf = folder / "periodic-report-01-TCD.pdf"
        pdf.write_bytes(read(report.pdf_file))
        pages = len(PdfReader(str(pdf)).pages)
        for page, name in ((1, "page-1"), (pages, "appendix")):
            stem = folder / f"periodic-report-01-TCD-{name}"
            subprocess.run(  # noqa: S603 - a fixed program and our own file
                [pdftoppm, "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                 str(pdf), str(stem)],
                check=True,
            )  # fmt: skip
            image = Image.open(f"{stem}.png").convert("L")
            dark = sum(image.histogram()[:128])
            assert dark > 0.003 * image.width * image.height, name

    def test_docx_has_the_report_and_the_landscape_appendix(self, world) -> None:
        report = issued_report(world)
        word = Document(io.BytesIO(read(report.docx_file)))
        text = "\n".join(p.text for p in word.paragraphs)
        assert "BÁO CÁO" in text
        assert FINAL_NARRATIVE in text
        assert "TỔNG HỢP KẾT QUẢ TIẾP NHẬN" in text
        assert word.sections[0].orientation == WD_ORIENT.PORTRAIT
        assert word.sections[-1].orientation == WD_ORIENT.LANDSCAPE
        table = word.tables[-1]
        last = [cell.text for cell in table.rows[-1].cells]
        assert last[1] == "Tổng cộng"
        assert last[2] == "7"
        assert "Số: 01/BC-TTR" in [c.text for t in word.tables[:1] for r in t.rows for c in r.cells]
