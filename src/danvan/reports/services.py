"""Writes for periodic reports: draft, edit the narrative, recompute, issue.

Each function checks permission, validates, writes and records an audit entry in one
transaction. A draft's table is recomputed only when asked (or at issue), so officers
write the narrative against figures that do not move under them; issuing recomputes,
freezes the table, numbers the report and stores its files, after which the report
never changes.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.errors import ConflictError
from danvan.core.permissions import require_perm
from danvan.documents.letterhead import parent_body_of, place_of
from danvan.documents.services import next_document_number, store_attachment
from danvan.documents.standard_letters import Signer
from danvan.reports.forms_catalog import FormDefinition, form_by_key, get_form
from danvan.reports.models import IssuedReport
from danvan.reports.periodic_documents import (
    ReportDocument,
    render_report_docx,
    render_report_pdf,
    render_report_xlsx,
)
from danvan.reports.periodic_narrative import (
    MAX_NARRATIVE_CHARS,
    clean_narrative,
    default_narrative,
    placeholders_left,
)
from danvan.reports.periodic_periods import ReportingPeriod, reporting_period
from danvan.reports.periodic_selectors import build_table, open_draft
from danvan.units.models import Agency, AgencyKind, UnitLevel

REPORT_SYMBOL = "BC"  # báo cáo (Nghị định 30/2020, Phụ lục III)
# Symbol of the issuing body in document numbers (Nghị định 30/2020, Phụ lục VI).
_BODY_SYMBOL: dict[str, str] = {
    AgencyKind.PEOPLES_COMMITTEE: "UBND",
    AgencyKind.INSPECTORATE: "TTr",
    AgencyKind.RECEPTION_OFFICE: "BTCD",
}
_SIGNER_TITLE: dict[str, tuple[str, str]] = {
    AgencyKind.PEOPLES_COMMITTEE: ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    AgencyKind.INSPECTORATE: ("", "CHÁNH THANH TRA"),
    AgencyKind.RECEPTION_OFFICE: ("", "TRƯỞNG BAN"),
}


def report_form(report: IssuedReport) -> FormDefinition | None:
    return get_form(report.form_code, report.form_version)


def report_period(report: IssuedReport) -> ReportingPeriod:
    return reporting_period(
        kind=report.period_kind, year=report.period_year, number=report.period_number
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def draft_report(
    *,
    actor: Any,
    agency: Agency,
    form: FormDefinition,
    period: ReportingPeriod,
    today: date | None = None,
) -> IssuedReport:
    """Start a report of ``agency`` on ``form`` for ``period``: compute its table now and
    write a first narrative from it.

    Raises ``ValidationError`` when the period has not started, the form was not in force
    in the period, or a draft of the same report exists (officers share one draft).
    """
    require_perm(
        actor,
        "reports.draft_periodic_report",
        agency,
        message=_("You may not draft reports for this agency."),
    )
    today = today or timezone.localdate()
    if form_by_key(form.key) is not form:
        raise ValidationError({"form": _("Choose a form from the list.")})
    if not agency.is_active:
        raise ValidationError(_("This agency is no longer active; it cannot issue documents."))
    if period.start > today:
        raise ValidationError({"number": _("This reporting period has not started yet.")})
    if form.valid_from > period.end:
        raise ValidationError({"form": _("This form was not yet in force in that period.")})
    duplicate = ValidationError(
        _("A draft of this report already exists; open it from the list."),
        code="draft_exists",
    )
    if open_draft(agency=agency, form=form, period=period) is not None:
        raise duplicate
    unit = agency.unit
    data = build_table(form=form, unit=unit, period=period)
    try:
        with transaction.atomic():
            report = IssuedReport.objects.create(
                agency=agency,
                unit=unit,
                form_code=form.code,
                form_version=form.version,
                period_kind=period.kind,
                period_year=period.year,
                period_number=period.number,
                period_start=period.start,
                period_end=period.end,
                data=data,
                computed_at=timezone.now(),
                narrative=default_narrative(data=data, unit_name=unit.name),
                created_by=_user(actor),
            )
    except IntegrityError as exc:
        # Two officers started the same report at the same moment.
        raise duplicate from exc
    record_write(
        actor=actor,
        action="reports.periodic.draft",
        target=report,
        after={
            "agency": agency.code,
            "form": form.key,
            "period": period.to_json(),
        },
        unit_id=unit.pk,
    )
    return report


def _locked(report: IssuedReport, expected_version: int | None) -> IssuedReport:
    locked = (
        IssuedReport.objects.select_for_update(of=("self",))
        .select_related("agency", "unit", "unit__parent")
        .get(pk=report.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _("Someone else changed this report a moment ago. Reload it and try again.")
        )
    return locked


def _require_draft(report: IssuedReport) -> None:
    if not report.is_draft:
        raise ValidationError(_("This report has been issued; it can no longer be changed."))


@transaction.atomic
def update_narrative(
    *, actor: Any, report: IssuedReport, text: str, expected_version: int
) -> IssuedReport:
    """Replace the narrative of a draft. ``expected_version`` is the version the officer
    edited: if someone saved in between, ``ConflictError`` and nothing changes."""
    require_perm(
        actor,
        "reports.change_periodic_report",
        report,
        message=_("You may not edit this report."),
    )
    locked = _locked(report, expected_version)
    _require_draft(locked)
    cleaned = clean_narrative(text)
    if len(cleaned) > MAX_NARRATIVE_CHARS:
        raise ValidationError(
            {
                "narrative": _("The narrative is too long (at most %(n)d characters).")
                % {"n": MAX_NARRATIVE_CHARS}
            }
        )
    before = locked.narrative
    locked.narrative = cleaned
    locked.version += 1
    locked.save(update_fields=["narrative", "version", "updated_at"])
    # The audit keeps a fingerprint and the length: enough to tell edits apart.
    record_write(
        actor=actor,
        action="reports.periodic.narrative",
        target=locked,
        before={"sha256": _digest(before), "chars": len(before)},
        after={"sha256": _digest(cleaned), "chars": len(cleaned), "version": locked.version},
        unit_id=locked.unit_id,
    )
    return locked


@transaction.atomic
def refresh_draft(
    *, actor: Any, report: IssuedReport, expected_version: int | None = None
) -> IssuedReport:
    """Recompute a draft's table from the current figures (the narrative is kept)."""
    require_perm(
        actor,
        "reports.change_periodic_report",
        report,
        message=_("You may not edit this report."),
    )
    locked = _locked(report, expected_version)
    _require_draft(locked)
    form = _form_of(locked)
    before = locked.data
    locked.data = build_table(form=form, unit=locked.unit, period=report_period(locked))
    locked.computed_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["data", "computed_at", "version", "updated_at"])
    record_write(
        actor=actor,
        action="reports.periodic.refresh",
        target=locked,
        after={"changed": _rows_of(before) != _rows_of(locked.data), "version": locked.version},
        unit_id=locked.unit_id,
    )
    return locked


def _form_of(report: IssuedReport) -> FormDefinition:
    form = report_form(report)
    if form is None:
        raise ValidationError(
            _("The form of this report is no longer available; start a new report.")
        )
    return form


def _rows_of(data: dict[str, Any]) -> Any:
    return [(row["label"], row["values"]) for row in data.get("rows", [])]


@transaction.atomic
def issue_report(
    *,
    actor: Any,
    report: IssuedReport,
    expected_version: int | None = None,
    today: date | None = None,
) -> IssuedReport:
    """Issue a draft: recompute and freeze its table, take the agency's next number
    (BC-…), render and store the XLSX, PDF and DOCX, and mark it issued.

    Refused when the report is already issued, its period has not ended, or its
    narrative still holds a "[…]" prompt. A failure at any step (a file refused, a
    rendering error) undoes everything, the number included.
    """
    require_perm(
        actor,
        "reports.issue_periodic_report",
        report,
        message=_("Only a leader may issue this report."),
    )
    locked = _locked(report, expected_version)
    _require_draft(locked)
    today = today or timezone.localdate()
    if locked.period_end >= today:
        raise ValidationError(
            _("The reporting period ends on %(date)s; issue the report after that day.")
            % {"date": locked.period_end.strftime("%d/%m/%Y")}
        )
    if placeholders_left(locked.narrative):
        raise ValidationError(
            {
                "narrative": _(
                    "Replace the prompts in square brackets in the narrative before issuing."
                )
            }
        )
    if not locked.narrative.strip():
        raise ValidationError({"narrative": _("Write the narrative before issuing.")})
    form = _form_of(locked)
    agency = locked.agency
    data = build_table(form=form, unit=locked.unit, period=report_period(locked))
    changed = _rows_of(data) != _rows_of(locked.data)
    symbol = f"{REPORT_SYMBOL}-{_BODY_SYMBOL.get(agency.kind, 'CQ')}"
    issued = next_document_number(actor=actor, agency=agency, year=today.year, symbol=symbol)
    symbol = issued.text.partition("/")[2]  # as numbered: in capitals
    document = ReportDocument(
        data=data,
        narrative=locked.narrative,
        agency_name=agency.name,
        parent_name=parent_body_of(agency),
        place=place_of(agency),
        date=today,
        number_text=issued.text,
        signer=_signer(agency, actor),
        recipients=_recipients(agency),
    )
    stem = _file_stem(issued.number, symbol, form, locked)
    files = {
        kind: store_attachment(actor=actor, owner=locked, upload=render(document), name=name)
        for kind, render, name in (
            ("xlsx", render_report_xlsx, f"{stem}.xlsx"),
            ("pdf", render_report_pdf, f"{stem}.pdf"),
            ("docx", render_report_docx, f"{stem}.docx"),
        )
    }
    now = timezone.now()
    locked.data = data
    locked.computed_at = now
    locked.status = IssuedReport.Status.ISSUED
    locked.number = issued.number
    locked.symbol = symbol
    locked.number_text = issued.text
    locked.issued_on = today
    locked.issued_at = now
    locked.issued_by = _user(actor)
    locked.xlsx_file, locked.pdf_file, locked.docx_file = files["xlsx"], files["pdf"], files["docx"]
    locked.version += 1
    locked.save()
    record_write(
        actor=actor,
        action="reports.periodic.issue",
        target=locked,
        before={"status": IssuedReport.Status.DRAFT},
        after={
            "status": locked.status,
            "number": issued.text,
            "issued_on": today,
            "figures_changed_since_draft": changed,
            "files": {kind: attachment.sha256 for kind, attachment in files.items()},
        },
        unit_id=locked.unit_id,
    )
    return locked


def _file_stem(number: int, symbol: str, form: FormDefinition, report: IssuedReport) -> str:
    code = form.code.replace("/", "-")
    period = f"{report.period_kind}-{report.period_year}-{report.period_number}"
    return f"BC-{number:02d}-{symbol}-{code}-{period}"


def _signer(agency: Agency, actor: Any) -> Signer:
    """The leader who issues signs: the report goes out in the head's name."""
    authority, title = _SIGNER_TITLE.get(agency.kind, ("", "THỦ TRƯỞNG CƠ QUAN"))
    user = _user(actor)
    return Signer(title=title, name=user.full_name if user is not None else "", authority=authority)


def _recipients(agency: Agency) -> list[str]:
    """The bodies a report goes to: the people's committee and inspectorate one level
    up (the Government Inspectorate for a province), and the archive."""
    unit = agency.unit
    parent = unit.parent
    recipients: list[str] = []
    if unit.level == UnitLevel.PROVINCE:
        recipients.append("Thanh tra Chính phủ")
        if agency.kind != AgencyKind.PEOPLES_COMMITTEE:
            recipients.append(f"UBND {unit.name}")
    elif parent is not None and parent.level != UnitLevel.NATION:
        recipients += [f"UBND {parent.name}", f"Thanh tra {parent.name}"]
    return [*recipients, "Lưu: VT"]
