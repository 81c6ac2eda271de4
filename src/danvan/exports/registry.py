"""The lists that can be exported, each built from the same selector as its page.

An entry says which filters its page takes, how to check and normalise them (the result
is stored with the job, so a background run sees exactly what the user asked for), which
permission the user needs, the rows, and the columns. Adding a list (disclosures, say) is
one more :func:`register` call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.accounts.selectors import agencies_where, top_units_of
from danvan.accounts.validators import display_phone
from danvan.core.forms import parse_id
from danvan.core.permissions import require_perm
from danvan.petitions.models import Petition, PetitionKind
from danvan.petitions.selectors import FIGURES, figure_petitions, work_queue
from danvan.petitions.workflow import INTAKE_ROLES
from danvan.portal.selectors import cases_of_citizen
from danvan.reception.models import ReceptionSession
from danvan.units.models import AdministrativeUnit

Cell = str | int | date | None
Params = dict[str, Any]
Label = str | Promise

# Form fields of the export request itself; a list's filter may not take these names.
RESERVED_FIELDS = frozenset({"list", "format", "csrfmiddlewaretoken"})


@dataclass(frozen=True)
class Column:
    header: Label
    value: Callable[[Any], Cell]
    # The model field(s) behind a personal column, named in the audit entry.
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportableList:
    code: str
    title: Label
    # The permission to export, checked on ``permission_object(params)``.
    perm: str
    # Check and normalise the page's filters; raise ValidationError or PermissionDenied.
    clean: Callable[[Any, Mapping[str, str]], Params]
    rows: Callable[[Any, Params], QuerySet[Any]]
    columns: tuple[Column, ...]
    filters: tuple[str, ...] = ()
    permission_object: Callable[[Params], Any] = lambda _params: None
    # Columns of personal data, present only for users with a write role somewhere, and
    # filled row by row only where ``may_see_personal(user, row)``.
    personal_columns: tuple[Column, ...] = ()
    may_see_personal: Callable[[Any, Any], bool] | None = None
    # What the note column says on a row whose personal data is left blank.
    withheld_note: Callable[[Any], Label] = lambda _row: _("withheld")


REGISTRY: dict[str, ExportableList] = {}


def register(entry: ExportableList) -> ExportableList:
    if entry.code in REGISTRY:
        raise ValueError(f"export list {entry.code!r} is registered twice")
    if RESERVED_FIELDS & set(entry.filters):
        raise ValueError(f"export list {entry.code!r} uses a reserved filter name")
    if entry.personal_columns and entry.may_see_personal is None:
        raise ValueError(f"export list {entry.code!r} has personal columns but no rule")
    REGISTRY[entry.code] = entry
    return entry


def get_list(code: str) -> ExportableList | None:
    return REGISTRY.get(code)


def checked_params(user: Any, entry: ExportableList, raw: Mapping[str, Any]) -> Params:
    """The list's filters taken from ``raw`` (anything else is ignored), normalised, once
    the user is known to hold the list's permission; raises ValidationError or
    PermissionDenied. Normalised filters give themselves back, so a background run
    checks again what the request checked."""
    picked = {name: str(raw[name]) for name in entry.filters if raw.get(name) is not None}
    params = entry.clean(user, picked)
    require_perm(
        user,
        entry.perm,
        entry.permission_object(params),
        message=gettext("You may not export this list."),
    )
    return params


def _no_filters(_user: Any, _raw: Mapping[str, str]) -> Params:
    return {}


def _field_header(model: Any, name: str) -> Label:
    return capfirst(model._meta.get_field(name).verbose_name)


def _yes(flag: bool) -> Cell:
    return gettext("yes") if flag else ""


# --- petitions: shared columns ---------------------------------------------------------

PETITION_COLUMNS = (
    Column(_("Code"), lambda p: p.tracking_code),
    Column(_("Received on"), lambda p: p.received_on),
    Column(_("Kind"), lambda p: p.get_kind_display()),
    Column(_field_header(Petition, "channel"), lambda p: p.get_channel_display()),
    Column(_("Status"), lambda p: p.get_status_display()),
    Column(_("Subject"), lambda p: p.subject),
    Column(_("Agency"), lambda p: p.agency.name),
    Column(_("Due"), lambda p: p.next_due_on),
    Column(capfirst(_("overdue")), lambda p: _yes(p.is_overdue)),
    Column(_field_header(Petition, "decided_on"), lambda p: p.decided_on),
)
PETITIONER_COLUMNS = (
    Column(
        _field_header(Petition, "petitioner_name"),
        lambda p: p.petitioner_name,
        ("petitioner_name",),
    ),
    Column(
        _field_header(Petition, "petitioner_phone"),
        # As people write it (0912 345 678), and no leading "+" for a spreadsheet to take
        # for a formula.
        lambda p: display_phone(p.petitioner_phone) if p.petitioner_phone else "",
        ("petitioner_phone",),
    ),
    Column(
        _field_header(Petition, "petitioner_address"),
        lambda p: p.petitioner_address,
        ("petitioner_address",),
    ),
    # The full text often names the petitioner, so it follows the same rule.
    Column(_("Content"), lambda p: p.content, ("content",)),
)


def may_see_petitioner(user: Any, petition: Petition) -> bool:
    # The API's rule itself, not user.has_perm: Django lets superusers (system
    # administrators) through every permission, and a denouncer stays hidden from them too.
    return bool(rules.has_perm("api.view_petitioner", user, petition))


def withheld_reason(petition: Petition) -> Label:
    if petition.kind == PetitionKind.DENUNCIATION:
        return _("withheld: denunciation, the denouncer is protected")
    return _("withheld")


# --- petitions: the work queue ---------------------------------------------------------


# The page shows the most urgent part of the queue; the export takes all of it.
def _queue_rows(user: Any, params: Params) -> QuerySet[Petition]:
    # Same filter and order as the page, without the page's cap.
    queue = work_queue(user, limit=None).select_related("agency", "unit")
    if params.get("overdue"):
        queue = queue.filter(is_overdue=True)
    return queue


def _clean_queue(_user: Any, raw: Mapping[str, str]) -> Params:
    # The page treats any non-empty value as "overdue only".
    return {"overdue": "1"} if raw.get("overdue") else {}


register(
    ExportableList(
        code="petitions.queue",
        title=_("Work queue"),
        perm="exports.export_work_queue",
        filters=("overdue",),
        clean=_clean_queue,
        rows=_queue_rows,
        columns=PETITION_COLUMNS,
        personal_columns=PETITIONER_COLUMNS,
        may_see_personal=may_see_petitioner,
        withheld_note=withheld_reason,
    )
)


# --- petitions: the list behind one statistics figure ---------------------------------


def _period(raw: Mapping[str, str]) -> tuple[date, date]:
    """As the statistics pages read from/to: this year so far by default, either date
    unreadable gives the default, dates given in reverse are swapped."""
    today = timezone.localdate()
    default = (date(today.year, 1, 1), today)
    try:
        start = date.fromisoformat(raw["from"]) if raw.get("from") else default[0]
        end = date.fromisoformat(raw["to"]) if raw.get("to") else today
    except ValueError:
        return default
    return (start, end) if start <= end else (end, start)


def _clean_figure(user: Any, raw: Mapping[str, str]) -> Params:
    value = str(raw.get("unit") or "")
    if (unit_id := parse_id(value)) is not None:
        unit = AdministrativeUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            raise ValidationError({"unit": gettext("There is no such unit.")}, code="unknown_unit")
    else:
        units = top_units_of(user)
        if not units:
            raise PermissionDenied(gettext("You may not export this list."))
        unit = units[0]
    figure = str(raw.get("figure", "received"))
    if figure not in FIGURES:
        raise ValidationError(
            {"figure": gettext("There is no such figure.")}, code="unknown_figure"
        )
    start, end = _period(raw)
    return {"unit": unit.pk, "from": start.isoformat(), "to": end.isoformat(), "figure": figure}


def _figure_unit(params: Params) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(pk=params["unit"]).first()


def _figure_rows(_user: Any, params: Params) -> QuerySet[Petition]:
    unit = AdministrativeUnit.objects.get(pk=params["unit"])
    return (
        figure_petitions(
            unit,
            start=date.fromisoformat(params["from"]),
            end=date.fromisoformat(params["to"]),
            figure=params["figure"],
        )
        .select_related("agency", "unit")
        # The page's order; the id breaks ties so that batches never overlap.
        .order_by("-received_on", "-pk")
    )


register(
    ExportableList(
        code="petitions.figure",
        title=_("Petitions behind a figure"),
        perm="units.view_unit",
        permission_object=_figure_unit,
        filters=("unit", "from", "to", "figure"),
        clean=_clean_figure,
        rows=_figure_rows,
        columns=PETITION_COLUMNS,
        personal_columns=PETITIONER_COLUMNS,
        may_see_personal=may_see_petitioner,
        withheld_note=withheld_reason,
    )
)


# --- reception: sessions ---------------------------------------------------------------


def _session_rows(user: Any, _params: Params) -> QuerySet[ReceptionSession]:
    # The page's list: sessions of the agencies where the user receives citizens.
    agencies = agencies_where(user, INTAKE_ROLES)
    return (
        ReceptionSession.objects.filter(agency__in=agencies)
        .select_related("agency", "chaired_by")
        .annotate(visit_count=Count("visits"), people=Sum("visits__people_count"))
        .order_by("-held_on", "-pk")
    )


register(
    ExportableList(
        code="reception.sessions",
        title=_("Reception sessions"),
        perm="exports.export_reception_sessions",
        clean=_no_filters,
        rows=_session_rows,
        columns=(
            Column(_("Date"), lambda s: s.held_on),
            Column(_("Kind"), lambda s: s.get_kind_display()),
            Column(capfirst(_("delegated")), lambda s: _yes(s.delegated)),
            Column(_("Agency"), lambda s: s.agency.name),
            Column(_("Place"), lambda s: s.location),
            Column(
                _field_header(ReceptionSession, "chaired_by"),
                lambda s: s.chaired_by.full_name if s.chaired_by else "",
            ),
            Column(capfirst(_("visits")), lambda s: s.visit_count),
            Column(_("People"), lambda s: s.people or 0),
        ),
    )
)


# --- portal: the citizen's own cases ---------------------------------------------------


def _own_cases(user: Any, _params: Params) -> QuerySet[Petition]:
    return cases_of_citizen(user)


register(
    ExportableList(
        code="portal.my_cases",
        title=_("My cases"),
        perm="exports.export_own_cases",
        clean=_no_filters,
        rows=_own_cases,
        columns=(
            Column(_("Tracking code"), lambda p: p.tracking_code),
            Column(_("Subject"), lambda p: p.subject),
            Column(_("Sent to"), lambda p: p.agency.name),
            Column(_("Received on"), lambda p: p.received_on),
            Column(_("Where it stands"), lambda p: p.get_status_display()),
        ),
    )
)
