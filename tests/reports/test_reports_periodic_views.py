"""Pages of the periodic reports: list, new draft, the draft page with its narrative
editor (plain and htmx), recompute, issue and the permission-checked downloads."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.accounts.roles import Role
from danvan.petitions import services as petitions
from danvan.petitions.services import PetitionDraft
from danvan.reports import services
from danvan.reports.forms_catalog import get_form
from danvan.reports.models import IssuedReport
from danvan.reports.periodic_periods import reporting_period

Q3 = reporting_period(kind="quarterly", year=2026, number=3)
RESULTS = get_form("TH-KQXL", "1")


@pytest.fixture
def site(tree, make_user, client_for, settings, tmp_path: Path) -> SimpleNamespace:
    settings.MEDIA_ROOT = tmp_path / "media"
    inspectorate = tree.agency(tree.hanoi, "thanh_tra")
    ward = tree.agency(tree.ba_dinh)
    petitions.receive_petitions(
        actor=None,
        agency=ward,
        drafts=[
            PetitionDraft(kind="complaint", subject="Đơn", content="Nội dung", is_anonymous=True)
        ],
        channel="post",
        received_on=date(2026, 7, 1),
    )
    users = SimpleNamespace(
        leader=make_user(Role.LEADER, inspectorate, full_name="Đỗ Thị Lan"),
        handler=make_user(Role.CASE_HANDLER, inspectorate),
        monitor=make_user(Role.MONITOR, inspectorate),
        ward_officer=make_user(Role.RECEPTION_OFFICER, ward),
        outsider=make_user(Role.LEADER, tree.agency(tree.ninhbinh)),
        citizen=make_user(None),
    )
    return SimpleNamespace(tree=tree, inspectorate=inspectorate, ward=ward, users=users)


def draft(site: SimpleNamespace) -> IssuedReport:
    return services.draft_report(
        actor=site.users.handler, agency=site.inspectorate, form=RESULTS, period=Q3
    )


def url(name: str, report: IssuedReport, *args: Any) -> str:
    return reverse(f"reports:periodic-{name}", args=[report.pk, *args])


def new_form(site: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "agency": site.inspectorate.pk,
        "form": RESULTS.key,
        "period_kind": "quarterly",
        "year": 2026,
        "number": 3,
    }
    data.update(changes)
    return data


class TestList:
    def test_lists_the_units_reports(self, site, client_for) -> None:
        report = draft(site)
        response = client_for(site.users.monitor).get(reverse("reports:periodic-list"))
        assert response.status_code == 200
        assert list(response.context["reports"]) == [report]
        assert response.context["unit"] == site.tree.hanoi
        assert response.context["can_draft"] is False  # monitors only read

    def test_other_units_are_refused(self, site, client_for) -> None:
        client = client_for(site.users.outsider)
        response = client.get(reverse("reports:periodic-list"), {"unit": site.tree.hanoi.pk})
        assert response.status_code == 403

    def test_citizen_and_anonymous(self, site, client, client_for) -> None:
        assert client_for(site.users.citizen).get(reverse("reports:periodic-list")).status_code == (
            403
        )
        response = client.get(reverse("reports:periodic-list"))
        assert response.status_code == 302
        assert "login" in response["Location"]


class TestNew:
    def test_creates_a_draft(self, site, client_for) -> None:
        client = client_for(site.users.handler)
        assert client.get(reverse("reports:periodic-new")).status_code == 200
        response = client.post(reverse("reports:periodic-new"), new_form(site))
        report = IssuedReport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("detail", report)
        assert (report.period_start, report.period_end) == (Q3.start, Q3.end)
        assert report.created_by == site.users.handler

    def test_an_existing_draft_is_opened_instead(self, site, client_for) -> None:
        report = draft(site)
        response = client_for(site.users.leader).post(
            reverse("reports:periodic-new"), new_form(site)
        )
        assert response["Location"] == url("detail", report)
        assert IssuedReport.objects.count() == 1

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"number": 5}, "number"),
            ({"year": 2030, "number": 1}, "number"),
            ({"form": "nope@1"}, "form"),
            ({"period_kind": "weekly"}, "period_kind"),
        ],
    )
    def test_bad_input(self, site, client_for, changes: dict[str, Any], field: str) -> None:
        response = client_for(site.users.handler).post(
            reverse("reports:periodic-new"), new_form(site, **changes)
        )
        assert response.status_code == 400
        assert field in response.context["form"].errors
        assert not IssuedReport.objects.exists()

    def test_an_agency_of_another_user_is_not_offered(self, site, client_for) -> None:
        response = client_for(site.users.ward_officer).post(
            reverse("reports:periodic-new"), new_form(site)
        )
        assert response.status_code == 400
        assert "agency" in response.context["form"].errors

    def test_monitor_may_not_draft(self, site, client_for) -> None:
        assert client_for(site.users.monitor).get(reverse("reports:periodic-new")).status_code == (
            403
        )


class TestDraftPage:
    def test_shows_the_table_and_the_editor(self, site, client_for) -> None:
        report = draft(site)
        response = client_for(site.users.handler).get(url("detail", report))
        assert response.status_code == 200
        table = response.context["table"]
        assert [row.label for row in table["rows"]][-1] == "Tổng cộng"
        assert table["rows"][-1].cells[0] == "1"
        assert response.context["can_edit"] is True
        assert response.context["can_issue"] is False  # a case handler
        assert client_for(site.users.leader).get(url("detail", report)).context["can_issue"]

    def test_monitor_reads_without_editor_outsider_refused(self, site, client_for) -> None:
        report = draft(site)
        response = client_for(site.users.monitor).get(url("detail", report))
        assert response.status_code == 200
        assert response.context["can_edit"] is False
        assert client_for(site.users.outsider).get(url("detail", report)).status_code == 403

    def test_save_the_narrative(self, site, client_for) -> None:
        report = draft(site)
        client = client_for(site.users.handler)
        response = client.post(
            url("narrative", report), {"narrative": "Nội dung mới", "version": report.version}
        )
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.narrative == "Nội dung mới"

    def test_stale_narrative_is_refused(self, site, client_for) -> None:
        report = draft(site)
        client = client_for(site.users.handler)
        client.post(url("narrative", report), {"narrative": "Một", "version": report.version})
        response = client.post(
            url("narrative", report), {"narrative": "Hai", "version": report.version}
        )
        assert response.status_code == 409
        assert response.context["narrative_form"].non_field_errors()
        report.refresh_from_db()
        assert report.narrative == "Một"

    def test_htmx_answers_with_the_editor(self, site, client_for) -> None:
        report = draft(site)
        response = client_for(site.users.leader).post(
            url("narrative", report),
            {"narrative": "Bằng htmx", "version": report.version},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert response.context["saved"] is True
        body = response.content.decode()
        assert 'id="narrative"' in body
        assert f'value="{report.version + 1}" id="issue-version" hx-swap-oob="true"' in body
        assert "<html" not in body

    def test_monitor_cannot_save(self, site, client_for) -> None:
        report = draft(site)
        response = client_for(site.users.monitor).post(
            url("narrative", report), {"narrative": "x", "version": report.version}
        )
        assert response.status_code == 403

    def test_refresh(self, site, client_for) -> None:
        report = draft(site)
        feedback = PetitionDraft(
            kind="feedback", subject="Đơn", content="Nội dung", is_anonymous=True
        )
        petitions.receive_petitions(
            actor=None,
            agency=site.ward,
            drafts=[feedback],
            channel="post",
            received_on=date(2026, 8, 1),
        )
        response = client_for(site.users.handler).post(
            url("refresh", report), {"version": report.version}
        )
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.data["rows"][-1]["values"]["received"] == 2


class TestIssueAndDownload:
    def issue(self, site, client_for) -> IssuedReport:
        report = draft(site)
        report = services.update_narrative(
            actor=site.users.handler, report=report, text="Báo cáo quý III.",
            expected_version=report.version,
        )  # fmt: skip
        response = client_for(site.users.leader).post(
            url("issue", report), {"version": report.version}
        )
        assert response.status_code == 302
        report.refresh_from_db()
        return report

    def test_leader_issues_and_everyone_in_scope_downloads(self, site, client_for) -> None:
        report = self.issue(site, client_for)
        assert report.status == IssuedReport.Status.ISSUED
        for user in (site.users.leader, site.users.monitor):
            response = client_for(user).get(url("download", report, "xlsx"))
            assert response.status_code == 200
            assert response["Content-Type"].startswith(
                "application/vnd.openxmlformats-officedocument.spreadsheetml"
            )
            body = b"".join(response.streaming_content)
            sheet = load_workbook(io.BytesIO(body)).active
            values = [c.value for row in sheet.iter_rows() for c in row]
            assert "Tổng cộng" in values
        pdf = client_for(site.users.monitor).get(url("download", report, "pdf"))
        assert b"".join(pdf.streaming_content).startswith(b"%PDF")
        assert "attachment" in pdf["Content-Disposition"]
        docx = client_for(site.users.monitor).get(url("download", report, "docx"))
        assert docx.status_code == 200

    def test_download_refused_outside_scope_and_for_unknown_kinds(self, site, client_for) -> None:
        report = self.issue(site, client_for)
        assert client_for(site.users.outsider).get(url("download", report, "pdf")).status_code == (
            403
        )
        assert client_for(site.users.leader).get(url("download", report, "exe")).status_code == (
            404
        )

    def test_no_download_of_a_draft(self, site, client_for) -> None:
        report = draft(site)
        assert client_for(site.users.leader).get(url("download", report, "pdf")).status_code == 404

    def test_case_handler_cannot_issue(self, site, client_for) -> None:
        report = draft(site)
        response = client_for(site.users.handler).post(
            url("issue", report), {"version": report.version}
        )
        assert response.status_code == 403
        report.refresh_from_db()
        assert report.is_draft

    def test_issue_with_prompts_left_shows_the_error(self, site, client_for) -> None:
        report = services.draft_report(
            actor=site.users.handler, agency=site.inspectorate, form=get_form("TH-DCCS", "1"),
            period=reporting_period(kind="six_monthly", year=2026),
        )  # fmt: skip
        assert "[" in report.narrative  # the half-year outline's prompts
        client = client_for(site.users.leader)
        response = client.post(url("issue", report), {"version": report.version}, follow=True)
        assert response.status_code == 200
        report.refresh_from_db()
        assert report.is_draft
        assert [m.level_tag for m in response.context["messages"]] == ["error"]

    def test_issued_page_offers_no_editor(self, site, client_for) -> None:
        report = self.issue(site, client_for)
        response = client_for(site.users.leader).get(url("detail", report))
        assert response.context["can_edit"] is False
        assert response.context["can_issue"] is False
        assert [kind for kind, _ in response.context["files"]] == ["xlsx", "pdf", "docx"]
