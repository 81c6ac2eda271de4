"""A denouncer's identity appears in no response, file, message, log line or database
column for anyone but the two people the law allows, and only on the page made for it.

One world is built for the module (see ``conftest_protection``). Every URL pattern the
project has is requested as every kind of user, with its parameters filled from that
world; a pattern that cannot be filled must be in :data:`NOT_FILLED`, so a new page
cannot escape the scan unnoticed. API endpoints are also taken from the OpenAPI
schema and called with each official's key; every export is taken in every format;
letters and reports are read back from their PDF, DOCX and XLSX files.
"""

from __future__ import annotations

import inspect
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, TestCase, override_settings
from django.urls import URLResolver, get_resolver, include, path, reverse
from django.urls.resolvers import RegexPattern
from django.utils import translation

from danvan.audit.models import AuditEntry
from danvan.exports.models import ExportFormat, ExportJob
from danvan.exports.registry import REGISTRY
from danvan.notifications.models import CitizenNotice, Delivery, Notification
from danvan.petitions.models import Petition, ProtectedIdentity
from danvan.petitions.services import PetitionDraft
from tests.petitions.conftest_protection import (
    IDENTITIES,
    IDENTITY_A,
    IDENTITY_B,
    Identity,
    Needle,
    World,
    build_world,
    citizen_client,
    leaks_in,
    needles_of,
    petition_content_type_id,
    record_text,
    response_text,
    run,
    staff_client,
    text_of_bytes,
)

# --- the world, once for the module -----------------------------------------------------


@pytest.fixture(scope="module")
def world(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    """Built inside a transaction that is rolled back after the module: each test runs in
    a savepoint of it, as pytest-django's ``db`` fixture does."""
    media = tmp_path_factory.mktemp("protection-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        translation.override("en"),
        transaction.atomic(),
    ):
        from danvan.notifications import sms

        sms.outbox.clear()
        mail.outbox = []
        built = build_world()
        built.extra["mail"] = list(mail.outbox)
        built.extra["sms"] = list(sms.outbox)
        built.extra["media"] = Path(media)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def scan_world(world: World, db: None, settings: Any) -> World:
    settings.MEDIA_ROOT = world.extra["media"]
    return world


def client_for(world: World, label: str) -> Client:
    """A fresh client per test: a page that signs out cannot spoil the next test."""
    if label == "anonymous":
        return citizen_client(None)
    user = world.users[label]
    if label in ("citizen", "denouncer"):
        return citizen_client(user)
    return staff_client(user)


# --- which URL patterns exist and how each is filled ------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "namespace:<route>" when unnamed
    namespace: str
    name: str | None
    route: str
    params: tuple[str, ...]
    regex: bool
    callback: Any


def all_routes() -> list[Route]:
    found: list[Route] = []

    def walk(
        resolver: URLResolver, prefix: str, ns: tuple[str, ...], params: tuple[str, ...], rx: bool
    ) -> None:
        for entry in resolver.url_patterns:
            pattern = entry.pattern
            is_regex = isinstance(pattern, RegexPattern)
            names = tuple(pattern.regex.groupindex) if is_regex else tuple(pattern.converters)
            if isinstance(entry, URLResolver):
                walk(
                    entry,
                    prefix + str(pattern),
                    ns + ((entry.namespace,) if entry.namespace else ()),
                    params + names,
                    rx or is_regex,
                )
                continue
            namespace = ":".join(ns)
            route = prefix + str(pattern)
            key = f"{namespace}:{entry.name}" if entry.name else f"{namespace}:{route}"
            found.append(
                Route(
                    key,
                    namespace,
                    entry.name,
                    route,
                    params + names,
                    rx or is_regex,
                    entry.callback,
                )
            )

    walk(get_resolver(), "", (), (), False)
    return found


# Patterns whose parameters this world cannot fill, and why that is safe. Each belongs to
# a domain that holds no petition and no citizen account: their views never read the
# petition tables (checked below: their modules do not even mention petitions). Their
# pages without parameters (the lists) are scanned like any other. A new pattern that
# is neither filled nor listed here makes the scan fail.
NOT_FILLED: dict[str, str] = {
    "public_disclosures:document": "a disclosed document (disclosures)",
    "decision-votes:vote": "a household ballot (decisions)",
    "public_consultations:detail": "a draft under consultation (consultations)",
    "public_consultations:report": "a consultation report file (consultations)",
    "disclosures:detail": "a disclosure record (disclosures)",
    "decisions:detail": "a household decision (decisions)",
    "decisions:village": "a village's households (decisions)",
    "decisions:village-import": "a village's household import (decisions)",
    "decisions:household": "a household (decisions)",
    "decisions:household-deactivate": "a household (decisions)",
    "decisions:initiative": "a citizens' initiative (decisions)",
    "boards:detail": "a people's board (boards)",
    "boards:member-remove": "a board member (boards)",
    "boards:visit": "a board's supervision visit (boards)",
    "boards:visit-photo": "a photo of a board's visit (boards)",
    "boards:recommendation": "a board's recommendation (boards)",
    "dialogues:detail": "a dialogue meeting (dialogues)",
    "mediation:team": "a mediation team (mediation)",
    "mediation:case": "a mediation case (mediation)",
    "consultations:detail": "a consultation (consultations)",
    "consultations:edit": "a consultation (consultations)",
    "consultations:action": "a consultation (consultations)",
    "consultations:comments": "a consultation's comments (consultations)",
    "consultations:hide": "a consultation comment (consultations)",
    "consultations:unhide": "a consultation comment (consultations)",
    "consultations:bulk": "a consultation (consultations)",
    "consultations:aggregation": "a consultation (consultations)",
    "consultations:decide": "a consultation comment group (consultations)",
    "consultations:statistics": "a consultation (consultations)",
    "consultations:report": "a consultation report (consultations)",
    "consultations:report-file": "a consultation report file (consultations)",
}


@dataclass
class Plan:
    """The URLs to request for one user, and the patterns nobody could fill."""

    urls: list[str]
    searchable: set[str]  # URLs that also get ?q=<name> and ?q=<phone> if they search
    unfilled: list[str]
    turned_away: list[str]  # must send this user to the admin's sign-in page


# The administration site turns away anyone but a system administrator before any of its
# views runs (AdminSite.admin_view checks has_permission first), so only the
# administrator gets all its pages; everyone else gets these, to show they are turned away.
ADMIN_SAMPLE = {
    "index",
    "app_list",
    "petitions_petition_changelist",
    "petitions_petition_change",
    "audit_auditentry_changelist",
    "audit_auditentry_change",
    "notifications_citizennotice_changelist",
    "accounts_user_changelist",
}


def _petitions(world: World) -> list[Petition]:
    """The denunciations and two others: an anonymous one and a named complaint."""
    return [*world.protected, world.anonymous, world.ordinary[0]]


def _fills(world: World) -> dict[str, list[dict[str, Any]]]:
    from danvan.cases.models import PetitionLink
    from danvan.documents.selectors import attachments_of
    from danvan.petitions.models import Category

    units, agencies = world.units, world.agencies
    unit_ids = [units[u].pk for u in ("ba_dinh", "hanoi", "ngoc_ha")]
    everything = _petitions(world)
    codes = [{"tracking_code": p.tracking_code} for p in everything]
    files = [
        {"pk": p.pk, "attachment_id": a.pk} for p in world.protected for a in attachments_of(p)
    ]
    families = sorted({p.family_id for p in everything if p.family_id})
    links = list(PetitionLink.objects.values_list("pk", flat=True))
    # The first export job (someone else's, made with the world) and the newest (the
    # scanned user's own, made just before): their pages and downloads.
    jobs = sorted({ExportJob.objects.earliest("pk").pk, ExportJob.objects.latest("pk").pk})
    category = Category.objects.filter(is_active=True).order_by("pk").first()
    a = world.denunciation
    both = ("json", "xml")
    where = urlencode({"jurisdiction_id": units["ba_dinh"].code})
    return {
        "web:unit-detail": [{"pk": u} for u in unit_ids],
        "web:village-add": [{"pk": units["ba_dinh"].pk}],
        "web:village-import": [{"pk": units["ba_dinh"].pk}],
        "public_disclosures:commune": [{"code": units["ba_dinh"].code}],
        "portal:submit": [{"code": units["ba_dinh"].code}],
        "portal:sent": codes,
        "portal:case": codes,
        "portal:rate": codes,
        "portal:province": [{"code": units["hanoi"].code}],
        "portal:open-data-file": [
            {"code": units["hanoi"].code, "year": "2026", "fmt": f} for f in ("csv", "json")
        ],
        "petitions:detail": [{"pk": p.pk} for p in everything],
        "petitions:identity": [{"pk": p.pk} for p in world.protected],
        "petitions:issue-letter": [{"pk": a.pk, "kind": "receipt"}],
        "petitions:attachment": files,
        "petitions:upload": [{"pk": a.pk}],
        "petitions:step": [{"pk": a.pk, "action": "decide"}],
        "cases:detail": [{"pk": f} for f in families],
        "cases:confirm-link": [{"pk": a.pk}],
        "cases:remove-link": [{"pk": pk} for pk in links],
        "reception:session": [{"pk": world.session_id}],
        "disclosures:quarter": [{"unit_id": units["ba_dinh"].pk, "year": 2026, "quarter": 4}],
        "disclosures:quarter-csv": [{"unit_id": units["ba_dinh"].pk, "year": 2026, "quarter": 4}],
        "dialogues:tracker": [{"commune_id": units["ba_dinh"].pk}],
        "mediation:statistics": [{"unit_id": units["ba_dinh"].pk}],
        "compliance:monitor": [{"pk": u} for u in unit_ids],
        "hotspots:province": [{"pk": units["hanoi"].pk}],
        "hotspots:threshold": [{"pk": units["hanoi"].pk}],
        "hotspots:unit": [{"pk": units["hanoi"].pk, "unit_id": units["ba_dinh"].pk}],
        "topics:set": [{"pk": a.pk}],
        "reports:dashboard": [{"pk": u} for u in unit_ids],
        "reports:channel-list": [{"pk": u} for u in unit_ids],
        "reports:reception": [{"pk": u} for u in unit_ids],
        "reports:periodic-detail": [{"pk": world.report_id}],
        "reports:periodic-narrative": [{"pk": world.report_id}],
        "reports:periodic-refresh": [{"pk": world.report_id}],
        "reports:periodic-issue": [{"pk": world.report_id}],
        "reports:periodic-download": [
            {"pk": world.report_id, "kind": k} for k in ("xlsx", "pdf", "docx")
        ],
        "exports:job": [{"pk": j} for j in jobs],
        "exports:download": [{"pk": j} for j in jobs],
        "exports:retry": [{"pk": j} for j in jobs],
        "api:unit": [{"pk": u} for u in unit_ids],
        "api:agency": [{"code": agencies[k].code} for k in ("ba_dinh", "inspectorate")],
        "api:petition": [{"pk": p.pk} for p in everything],
        "api:reception-session": [{"pk": world.session_id}],
        "open311:discovery": [{"fmt": f} for f in both],
        "open311:services": [{"fmt": f, "?": where} for f in both],
        "open311:requests": [{"fmt": f, "?": where} for f in both],
        "open311:service": [
            {"code": category.code if category else "x", "fmt": f, "?": where} for f in both
        ],
        "open311:request": [
            {"request_id": p.tracking_code, "fmt": f, "?": where}
            for p in (a, world.portal, world.received_copy, world.ordinary[0])
            for f in both
        ],
        "open311:token": [{"token_id": "khong-co", "fmt": f} for f in both],
    }


# Unnamed patterns outside the admin: catch-alls answering 404 in their own format.
LITERAL_URLS: dict[str, str] = {
    "api:api/v1/^[\\s\\S]+/$": "/api/v1/khong-co/",
    "open311:open311/v2/^(?P<rest>.*)$": "/open311/v2/khong-co",
}

_PARAM = re.compile(r"<(?:[^>:]+:)?(?P<name>[^>]+)>")


def _build(route: Route, kwargs: dict[str, Any]) -> str:
    """The URL of ``route`` with ``kwargs``; a "?" entry is the query string."""
    kwargs = dict(kwargs)
    query = kwargs.pop("?", "")
    if route.name:
        name = f"{route.namespace}:{route.name}" if route.namespace else route.name
        url = reverse(name, kwargs=kwargs)
    else:
        url = "/" + _PARAM.sub(lambda m: str(kwargs[m.group("name")]), route.route)
    return f"{url}?{query}" if query else url


def _admin_ids(model: Any, world: World) -> list[Any]:
    """The objects whose admin pages are requested: those about the denunciations
    where there are such (one audit entry per kind of step), else the first row."""
    protected = [p.pk for p in world.protected]
    ids: list[Any]
    if model is Petition:
        ids = [*protected, world.anonymous.pk, world.ordinary[0].pk]
    elif model is CitizenNotice:
        ids = list(
            CitizenNotice.objects.filter(petition__in=protected).values_list("pk", flat=True)
        )
    elif model is Delivery:
        ids = list(
            Delivery.objects.filter(notice__petition__in=protected).values_list("pk", flat=True)
        )
    elif model is AuditEntry:
        by_action: dict[str, int] = {}
        for pk, action in AuditEntry.objects.filter(
            target_id__in=[str(pk) for pk in protected]
        ).values_list("pk", "action"):
            by_action.setdefault(action, pk)
        ids = sorted(by_action.values())
    elif model._meta.label == "accounts.User":
        ids = [world.users[k].pk for k in ("handler", "admin", "denouncer")]
    else:
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        ids = [first] if first is not None else []
    return ids


_ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>[^/]+)/(?P<model>[^/]+)/")


def _admin_fill(route: Route, world: World, full: bool) -> list[str] | None:
    params = set(route.params)
    if not params:
        return [_build(route, {})]
    if route.name == "view_on_site":
        kwargs = {"content_type_id": petition_content_type_id(), "object_id": world.denunciation.pk}
        return [_build(route, kwargs)]
    if route.name == "app_list":
        labels = sorted({m._meta.app_label for m in admin.site._registry})
        return [_build(route, {"app_label": label}) for label in (labels if full else labels[:1])]
    if params == {"url"}:
        return ["/admin/khong-co/"]
    match = _ADMIN_MODEL_ROUTE.match(route.route)
    if match is None or not params <= {"object_id", "pk"}:
        return None
    ids = _admin_ids(apps.get_model(match["app"], match["model"]), world)
    # Every object's change page for the administrator; the history, delete and
    # redirect pages (which show no field) and other users (turned away) take the first.
    if not (full and route.route.endswith("/change/")):
        ids = ids[:1]
    return [_build(route, dict.fromkeys(params, pk)) for pk in ids]


def plan_for(world: World, *, full_admin: bool) -> Plan:
    fills = _fills(world)
    urls: list[str] = []
    searchable: set[str] = set()
    unfilled: list[str] = []
    turned_away: list[str] = []
    for route in all_routes():
        if route.namespace == "admin":
            built = _admin_fill(route, world, full_admin)
            if built is None:
                unfilled.append(route.key)
                continue
            if not full_admin:
                if route.name in ADMIN_SAMPLE:
                    turned_away.extend(built[:1])
                continue
            urls.extend(built)
            if route.name and route.name.endswith("_changelist"):
                searchable.update(built)
            continue
        if not route.params:
            url = LITERAL_URLS.get(route.key) or _build(route, {})
            urls.append(url)
            searchable.add(url)
            continue
        if route.key in LITERAL_URLS:
            urls.append(LITERAL_URLS[route.key])
        elif fills.get(route.key):
            urls.extend(_build(route, kwargs) for kwargs in fills[route.key])
        else:
            unfilled.append(route.key)
    return Plan(list(dict.fromkeys(urls)), searchable, unfilled, turned_away)


# --- scanning -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


# B's name and phone are also on B's own citizen account: the administration site lists
# the account and its sign-ins, and the audit log lists its creation. Those pages say
# nothing about the denunciation; they are checked for B's e-mail and address, and the
# audit rows themselves strictly in test_audit_rows_hold_no_identity. The audit entries
# about the denunciations are opened one by one and checked for everything.
ACCOUNT_PAGES = ("/admin/accounts/user/", "/admin/axes/")
AUDIT_LIST = "/admin/audit/auditentry/"


def _about_accounts(url: str) -> bool:
    return url.startswith(ACCOUNT_PAGES) or url.split("?")[0] == AUDIT_LIST


def needles_for(url: str, typed: str = "", own: str = "") -> list[Needle]:
    """Every spelling of A and B, less what the user typed into the request (a search
    box gives back the words typed) and B's account details on account pages, or on
    any page B sees signed in (``own`` is "denouncer")."""
    out: list[Needle] = []
    for identity in IDENTITIES:
        parts = {"name", "address", "phone", "email", "citizen_id"}
        if typed and typed in (identity.name, identity.phone_typed):
            parts -= {"name"} if typed == identity.name else {"phone"}
        if identity is IDENTITY_B and (_about_accounts(url) or own == "denouncer"):
            parts -= {"name", "phone"}
        out.extend(needles_of(identity, parts))
    return out


@dataclass
class Scan:
    label: str
    leaks: list[Leak]
    requests: int = 0
    searched: int = 0
    statuses: dict[int, int] | None = None

    def check(self, where: str, text: str, needles: list[Needle]) -> None:
        self.leaks.extend(Leak(where, what) for what in leaks_in(text, needles))

    def get(self, client: Client, url: str, typed: str = "", **headers: Any) -> HttpResponse:
        response = client.get(url, **headers)
        self.requests += 1
        assert self.statuses is not None
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        shown = f"GET {url} as {self.label} → {response.status_code}"
        self.check(shown, response_text(response), needles_for(url, typed))
        return response  # type: ignore[return-value]


SEARCHES = [IDENTITY_A.name, IDENTITY_A.phone_typed, IDENTITY_B.name, IDENTITY_B.phone_typed]


def offers_search(response: HttpResponse) -> bool:
    """A page with a search box named q (HTML) answers ?q= searches."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return False
    return bool(re.search(rb'name="q"', response.content))


def scan_pages(scan: Scan, client: Client, plan: Plan) -> None:
    for url in plan.turned_away:
        response = scan.get(client, url)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith("/admin/login/"), url
    for url in plan.urls:
        response = scan.get(client, url)
        if url in plan.searchable and offers_search(response):
            scan.searched += 1
            for typed in SEARCHES:
                sep = "&" if "?" in url else "?"
                scan.get(client, f"{url}{sep}{urlencode({'q': typed})}", typed=typed)


def _schema_urls(world: World, template: str) -> list[str]:
    names = re.findall(r"{(\w+)}", template)
    if not names:
        return [template]
    if "reception-sessions" in template:
        values: list[Any] = [world.session_id]
    elif "units" in template:
        values = [world.units["ba_dinh"].pk, world.units["hanoi"].pk]
    elif "petitions" in template:
        values = [p.pk for p in _petitions(world)]
    else:
        values = [world.agencies["ba_dinh"].code, world.agencies["inspectorate"].code]
    return [template.replace("{" + names[0] + "}", str(v)) for v in values]


def api_schema(world: World) -> dict[str, Any]:
    """The OpenAPI schema (the same for everyone), read once."""
    if "schema" not in world.extra:
        response = Client().get("/api/v1/schema")
        assert response.status_code == 200
        world.extra["schema"] = response.json()
    schema: dict[str, Any] = world.extra["schema"]
    return schema


def scan_api_with_key(scan: Scan, world: World, label: str) -> int:
    """Every GET operation of the OpenAPI schema, with this official's API key, and its
    search and filters where the schema offers them."""
    client = Client()
    schema = api_schema(world)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {world.keys[label]}"}
    operations = 0
    for template, methods in schema["paths"].items():
        if "get" not in methods:
            continue
        operations += 1
        query = {p["name"] for p in methods["get"].get("parameters", []) if p["in"] == "query"}
        for url in _schema_urls(world, template):
            scan.get(client, url, **bearer)
            if "{" in template:
                continue
            if "q" in query:
                for typed in SEARCHES:
                    scan.get(client, f"{url}?{urlencode({'q': typed})}", typed=typed, **bearer)
            if "kind" in query:
                scan.get(client, f"{url}?kind=denunciation", **bearer)
            if "unit" in query:
                scan.get(client, f"{url}?unit={world.units['ba_dinh'].code}", **bearer)
    return operations


def scan_open311(scan: Scan, world: World) -> None:
    """The request lists as a program with a key would ask for them."""
    client = Client()
    ba_dinh = world.units["ba_dinh"].code
    for fmt in ("json", "xml"):
        for query in (
            {"jurisdiction_id": ba_dinh, "api_key": world.open311_key},
            {"jurisdiction_id": ba_dinh, "status": "open"},
        ):
            scan.get(client, f"/open311/v2/requests.{fmt}?{urlencode(query)}")


def _export_variants(filters: tuple[str, ...], world: World) -> list[dict[str, str]]:
    variants: list[dict[str, str]] = [{}]
    if "figure" in filters:
        variants = [{"figure": f} for f in ("received", "denunciation", "forwarded")]
    if "unit" in filters:
        variants += [
            {**v, "unit": str(world.units[u].pk)} for v in variants for u in ("ba_dinh", "hanoi")
        ]
    if "overdue" in filters:
        variants.append({"overdue": "1"})
    return variants


def scan_exports(scan: Scan, world: World, client: Client) -> int:
    done = 0
    for code, entry in REGISTRY.items():
        for fmt in ExportFormat.values:
            for filters in _export_variants(entry.filters, world):
                with TestCase.captureOnCommitCallbacks(execute=True):
                    response = client.post(
                        "/staff/exports/", {"list": code, "format": fmt, **filters}
                    )
                scan.requests += 1
                if response.status_code == 302 and "/staff/exports/" in response["Location"]:
                    response = client.get(response["Location"] + "download/")
                where = f"export {code} {fmt} {filters} as {scan.label} → {response.status_code}"
                scan.check(where, response_text(response), needles_for("/staff/exports/"))
                done += response.status_code == 200
    return done


# Who is scanned on every page: everyone who may not read the identity, one user per
# role and place (a visitor who is not signed in, another citizen, the reception officer,
# a case handler not assigned, a board member, the leader of the province above, the
# provincial monitor, a handler of the inspectorate that received the forwarded copy,
# the leader of another commune, the system administrator).
SCANNED = [
    "anonymous",
    "citizen",
    "officer",
    "handler_other",
    "board_member",
    "province_leader",
    "monitor",
    "inspector",
    "other_commune",
    "admin",
]
# Those who may read it (the assigned handler and the head of the handling agency; the
# receiving inspectorate's head for its copy) read it on its own page only: their work
# pages, the API and exports are scanned too.
ALLOWED_LABELS = ["handler", "leader", "inspector_head"]
HAS_KEY = [label for label in SCANNED if label not in ("anonymous", "citizen")]
WORK_PAGES = (
    "/staff/petitions/",
    "/staff/cases/",
    "/staff/notifications/",
    "/staff/exports/",
    "/api/",
)


def _report(scan: Scan) -> str:
    shown = "\n".join(str(leak) for leak in scan.leaks[:60])
    more = len(scan.leaks) - 60
    return f"{len(scan.leaks)} leak(s) as {scan.label}:\n{shown}" + (
        f"\n… and {more} more" if more > 0 else ""
    )


# --- the scanner itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    "shown",
    [
        *IDENTITY_A.phone_spellings,
        "0912.345.678",
        "(+84) 912-345-678",
        "HOÀNG THỊ BÍCHNGỌC ZYX",
        "Hoang Thi Bichngoc Zyx",
        r"Ho\u00e0ng Th\u1ecb B\u00edchng\u1ecdc Zyx",  # JSON with ASCII escapes
        "Hoàng&nbsp;Thị Bíchngọc&#32;Zyx",
        "B.NGOC? no: bichngoc",
        "001 303 004 567",
        "BICHNGOC.ZYX@EXAMPLE.VN",
        "ngõ Quynhlan",
    ],
)
def test_the_scanner_finds_every_spelling(shown: str) -> None:
    assert leaks_in(f"<p>{shown}</p>", needles_of(IDENTITY_A))


def test_the_scanner_reads_a_name_split_across_runs_of_a_docx() -> None:
    import io

    from docx import Document

    document = Document()
    paragraph = document.add_paragraph("Người tố cáo: Hoàng Thị ")
    paragraph.add_run("Bích").bold = True
    paragraph.add_run("ngọc Zyx")
    out = io.BytesIO()
    document.save(out)
    assert leaks_in(text_of_bytes(out.getvalue()), needles_of(IDENTITY_A, {"name"}))


@pytest.mark.parametrize(
    "shown",
    ["09xx xxx 678", "b***@example.vn", "người tố cáo", "Hoàng Thị B.", "0012 0300 4567 8"],
)
def test_the_scanner_does_not_see_masked_or_generic_words(shown: str) -> None:
    assert not leaks_in(shown, needles_of(IDENTITY_A))


# --- the scan -----------------------------------------------------------------------------


def test_every_url_pattern_is_filled_or_explicitly_not(scan_world: World) -> None:
    """A new page must be filled in _fills (or the admin rule) or listed in NOT_FILLED,
    and the list holds no pattern that no longer exists."""
    plan = plan_for(scan_world, full_admin=True)
    keys = {route.key for route in all_routes()}
    assert sorted(set(plan.unfilled) - set(NOT_FILLED)) == []
    assert sorted(set(NOT_FILLED) - keys) == []
    assert sorted(set(NOT_FILLED) - set(plan.unfilled)) == []
    for route in all_routes():
        if route.key in NOT_FILLED:
            source = inspect.getsource(inspect.getmodule(route.callback))  # type: ignore[arg-type]
            assert "petition" not in source.lower(), route.key
            assert "ProtectedIdentity" not in source, route.key


@pytest.mark.parametrize("label", SCANNED)
def test_no_response_shows_the_denouncer(
    scan_world: World, label: str, caplog: pytest.LogCaptureFixture
) -> None:
    world = scan_world
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    scan = Scan(label, [], statuses={})
    client = client_for(world, label)
    exported = scan_exports(scan, world, client) if label != "anonymous" else 0
    plan = plan_for(world, full_admin=label == "admin")
    scan_pages(scan, client, plan)
    operations = 0
    if label in HAS_KEY:
        operations = scan_api_with_key(scan, world, label)
    scan_open311(scan, world)
    for record in caplog.records:
        where = f"log {record.name} during the scan as {label}"
        scan.check(where, record_text(record), needles_for(""))
    print(
        f"\n{label}: {scan.requests} requests, {len(plan.urls)} URLs, {scan.searched} search "
        f"pages, {operations} API operations with a key, {exported} export files, "
        f"statuses {scan.statuses}, "
        f"{time.monotonic() - started:.1f}s"
    )
    assert scan.statuses is not None
    assert scan.statuses.get(200, 0) > 10, scan.statuses  # the pages were really seen
    assert not scan.leaks, _report(scan)


@pytest.mark.parametrize("label", ALLOWED_LABELS)
def test_those_allowed_see_no_identity_outside_its_own_page(
    scan_world: World, label: str, caplog: pytest.LogCaptureFixture
) -> None:
    world = scan_world
    caplog.set_level(logging.DEBUG)
    scan = Scan(label, [], statuses={})
    client = client_for(world, label)
    scan_exports(scan, world, client)
    plan = plan_for(world, full_admin=False)
    plan.urls = [url for url in plan.urls if url.startswith(WORK_PAGES)]
    scan_pages(scan, client, plan)
    scan_api_with_key(scan, world, label)
    for record in caplog.records:
        scan.check(f"log {record.name} as {label}", record_text(record), needles_for(""))
    assert scan.statuses is not None
    assert scan.statuses.get(200, 0) > 10, scan.statuses
    assert not scan.leaks, _report(scan)


def test_the_admin_sees_the_pages_about_the_denunciations(scan_world: World) -> None:
    """The scan is only worth something if the pages render: the administrator gets the
    admin pages of the denunciation, the handler the case page and the letters."""
    world = scan_world
    a = world.denunciation
    admin_client = client_for(world, "admin")
    assert admin_client.get(f"/admin/petitions/petition/{a.pk}/change/").status_code == 200
    handler = client_for(world, "handler")
    page = handler.get(f"/staff/petitions/{a.pk}/")
    assert page.status_code == 200
    assert a.tracking_code in page.content.decode()
    from danvan.documents.selectors import attachments_of

    files = list(attachments_of(a))
    assert {f.original_name.rsplit(".", 1)[1] for f in files} == {"pdf", "docx"}
    for item in files:
        response = handler.get(f"/staff/petitions/{a.pk}/files/{item.pk}/")
        assert response.status_code == 200
        assert a.tracking_code in response_text(response)


def test_open311_never_shows_a_denunciation(scan_world: World) -> None:
    world = scan_world
    where = f"jurisdiction_id={world.units['ba_dinh'].code}"
    client = Client()
    for fmt in ("json", "xml"):
        for p in world.protected:
            response = client.get(f"/open311/v2/requests/{p.tracking_code}.{fmt}?{where}")
            assert response.status_code == 404, (p.tracking_code, fmt)
        listing = client.get(f"/open311/v2/requests.{fmt}?{where}")
        assert listing.status_code == 200
        body = listing.content.decode()
        assert not [p.tracking_code for p in world.protected if p.tracking_code in body]


def test_letters_and_report_files_hold_no_identity(scan_world: World) -> None:
    from danvan.documents.models import Attachment

    files = list(Attachment.objects.all())
    kinds = {f.original_name.rsplit(".", 1)[-1] for f in files}
    assert {"pdf", "docx", "xlsx"} <= kinds
    letter_count = 0
    for item in files:
        with item.file.open("rb") as handle:
            text = text_of_bytes(handle.read(), item.content_type)
        assert not leaks_in(text, needles_for("")), item.original_name
        if "-receipt-" in item.original_name:
            letter_count += 1
            assert "nguoitocao" in re.sub(r"\s+", "", _folded(text)), item.original_name
    # A receipt for each of the five denunciation rows, as PDF and DOCX.
    assert letter_count == 10


def _folded(text: str) -> str:
    from danvan.core.text import fold

    return fold(text)


def test_error_pages_show_no_identity(scan_world: World, caplog: pytest.LogCaptureFixture) -> None:
    world = scan_world
    caplog.set_level(logging.DEBUG)
    needles = needles_for("")
    officer = client_for(world, "officer")
    typed = {
        "petitioner_name": IDENTITY_A.name,
        "petitioner_phone": IDENTITY_A.phone_typed,
        "petitioner_citizen_id": IDENTITY_A.citizen_id,
    }
    missing = officer.get("/staff/petitions/999999/")
    assert missing.status_code == 404
    assert not leaks_in(response_text(missing), needles)
    refused = client_for(world, "other_commune").get(f"/staff/petitions/{world.denunciation.pk}/")
    assert refused.status_code == 403
    assert not leaks_in(response_text(refused), needles)
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        officer.raise_request_exception = False
        crashed = officer.post("/__crash__/", typed)
    assert crashed.status_code == 500
    assert not leaks_in(response_text(crashed), needles)
    # The server error is logged, but without what the user sent.
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors
    for record in errors:
        assert not leaks_in(record_text(record), needles), record.getMessage()


def crash(request: HttpRequest) -> HttpResponse:
    petition = Petition.objects.filter(kind="denunciation").first()
    raise RuntimeError(f"failed while handling petition {petition.pk if petition else '-'}")


urlpatterns = [path("__crash__/", crash), path("", include("danvan.urls"))]
handler403 = "danvan.web.errors.permission_denied"
handler404 = "danvan.web.errors.not_found"
handler500 = "danvan.web.errors.server_error"


def test_notifications_and_messages_hold_no_identity(scan_world: World) -> None:
    world = scan_world
    needles = needles_for("")
    staff_rows = list(Notification.objects.all())
    assert staff_rows, "the flow notifies staff"
    for row in staff_rows:
        assert not leaks_in(f"{row.title}\n{row.body}\n{row.url}", needles), row.pk
    notices = list(CitizenNotice.objects.filter(petition__in=[p.pk for p in world.protected]))
    assert notices, "the denouncers are told about their cases"
    for notice in notices:
        assert not leaks_in(f"{notice.subject}\n{notice.text}", needles), notice.pk
    deliveries = list(Delivery.objects.filter(notice__in=notices))
    assert deliveries, "a denouncer with a phone and an e-mail is reached"
    # Reaching them read the protected contact as the system, and that read is audited.
    contact_reads = AuditEntry.objects.filter(
        kind=AuditEntry.Kind.READ,
        action="petitions.read_denouncer_contact",
        target_id=str(world.denunciation.pk),
    )
    assert contact_reads.exists()
    assert {e.actor_id for e in contact_reads} == {None}
    for delivery in deliveries:
        assert not leaks_in(f"{delivery.address_hint}\n{delivery.last_error}", needles)
    # Messages to anyone but the denouncer themselves hold none of it.
    own = {IDENTITY_A.email, IDENTITY_B.email}
    for message in world.extra["mail"]:
        if set(message.to) <= own:
            continue
        text = f"{message.subject}\n{message.body}\n{message.to}"
        assert not leaks_in(text, needles), message.subject
    for sms in world.extra["sms"]:
        if sms.to.endswith((IDENTITY_A.phone_digits, IDENTITY_B.phone_digits)):
            continue
        assert not leaks_in(f"{sms.to}\n{sms.text}", needles)


def test_logs_of_the_whole_flow_hold_no_identity(scan_world: World) -> None:
    records = scan_world.log.records
    assert records, "the flow was logged at DEBUG"
    for record in records:
        assert not leaks_in(record_text(record), needles_for("")), record.getMessage()


def test_audit_rows_hold_no_identity(scan_world: World) -> None:
    """Strictly for A; for B, only the rows about B's own account may hold B's name and
    phone (the account was created with them)."""
    world = scan_world
    account = world.users["denouncer"]
    for entry in AuditEntry.objects.all():
        text = (
            f"{entry.action}\n{entry.actor_label}\n{entry.target_label}\n"
            f"{entry.before}\n{entry.after}\n{entry.reason}"
        )
        about_account = entry.target_id == str(account.pk) and "user" in entry.target_type.lower()
        needles = needles_of(IDENTITY_A) + needles_of(
            IDENTITY_B, {"email", "address"} if about_account else None
        )
        assert not leaks_in(text, needles), (entry.seq, entry.action)


def test_database_holds_the_identity_only_encrypted(scan_world: World) -> None:
    world = scan_world
    protected_pks = [p.pk for p in world.protected]
    with connection.cursor() as cursor:
        marks = ",".join(["%s"] * len(protected_pks))
        cursor.execute(f"SELECT * FROM petitions_petition WHERE id IN ({marks})", protected_pks)  # noqa: S608
        rows = cursor.fetchall()
        assert len(rows) == len(protected_pks)
        for row in rows:
            assert not leaks_in(" | ".join(map(str, row)), needles_for("")), row[0]
        cursor.execute(
            "SELECT petition_id, name, address, phone, email, citizen_id, person_key "
            "FROM petitions_protectedidentity"
        )
        stored = {row[0]: row[1:] for row in cursor.fetchall()}
    assert set(stored) == set(protected_pks)
    clear = {IDENTITY_A.name, IDENTITY_A.address, IDENTITY_A.email, IDENTITY_A.citizen_id}
    for pk, values in stored.items():
        identity = IDENTITY_B if pk == world.portal.pk else IDENTITY_A
        name, address, phone, email, citizen_id, person_key = values
        for value in (name, address, phone, email, person_key):
            assert value.startswith("enc1:"), pk
        assert (citizen_id or "").startswith("enc1:") == bool(identity.citizen_id)
        assert not leaks_in(" | ".join(values), needles_for(""))
        assert not any(c in " ".join(values) for c in clear)
        decrypted = ProtectedIdentity.objects.get(petition_id=pk)
        assert decrypted.name == identity.name
        assert decrypted.email == identity.email
        assert decrypted.phone == "+84" + identity.phone_digits


# Tables that may hold B's name and phone, and why: B's account is B's own, and the
# sign-in records name the account by its phone. The audit log is checked row by row in
# test_audit_rows_hold_no_identity (only the rows about B's account may hold them).
CLEAR_TABLES = {"accounts_user", "axes_accesslog", "axes_accessattempt", "axes_accessfailurelog"}
CHECKED_ELSEWHERE = {"petitions_protectedidentity", "audit_auditentry"}


def test_no_other_table_holds_an_identity_in_clear(scan_world: World) -> None:
    """Every row of every table, read raw: the identities live only, encrypted, in
    petitions_protectedidentity (and B's name and phone on B's own account)."""
    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in CHECKED_ELSEWHERE:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " | ".join(map(str, row))
                needles = needles_of(IDENTITY_A) + needles_of(
                    IDENTITY_B, {"email", "address"} if table in CLEAR_TABLES else None
                )
                found.extend(f"{table}: {what}" for what in leaks_in(text, needles))
    assert not found, sorted(set(found))


# --- the identity page: who may read it, and the audit of each reading -----------------

ALLOWED = [
    ("handler", "denunciation"),
    ("leader", "denunciation"),
    ("inspector_head", "received_copy"),
]
REFUSED_STAFF = [
    "officer",
    "handler_other",
    "board_member",
    "province_leader",
    "monitor",
    "inspector",
    "other_commune",
    "admin",
]


def _reads(petition: Petition) -> Any:
    return AuditEntry.objects.filter(
        kind=AuditEntry.Kind.READ,
        action="petitions.read_denouncer_identity",
        target_id=str(petition.pk),
    )


@pytest.mark.parametrize(("label", "which"), ALLOWED)
def test_the_two_allowed_see_the_identity_and_each_reading_is_audited(
    scan_world: World, label: str, which: str
) -> None:
    world = scan_world
    petition: Petition = getattr(world, which)
    user = world.users[label]
    client = client_for(world, label)
    for attempt in (1, 2):
        before = set(_reads(petition).values_list("pk", flat=True))
        response = client.post(
            f"/staff/petitions/{petition.pk}/identity/", {"reason": f"Xác minh lần {attempt}"}
        )
        assert response.status_code == 200
        body = response_text(response)
        assert IDENTITY_A.name in body
        assert IDENTITY_A.citizen_id in body
        assert leaks_in(body, needles_of(IDENTITY_A, {"phone"}))
        assert "no-store" in response["Cache-Control"]
        new = list(_reads(petition).exclude(pk__in=before))
        assert len(new) == 1
        entry = new[0]
        assert entry.actor_id == user.pk
        assert entry.after == {"fields": ["name", "address", "phone", "email", "citizen_id"]}
        assert entry.reason == f"Xác minh lần {attempt}"
        assert not leaks_in(f"{entry.after} {entry.target_label}", needles_for(""))
    assert client.get(f"/staff/petitions/{petition.pk}/identity/").status_code == 405


@pytest.mark.parametrize("label", [*REFUSED_STAFF, "citizen", "anonymous", "denouncer"])
def test_everyone_else_is_refused_and_nothing_is_recorded_as_read(
    scan_world: World, label: str
) -> None:
    world = scan_world
    client = client_for(world, label)
    for petition in world.protected:
        allowed_here = (label, petition) in [(k, getattr(world, w)) for k, w in ALLOWED]
        if allowed_here:
            continue
        before = _reads(petition).count()
        response = client.post(f"/staff/petitions/{petition.pk}/identity/", {"reason": "x"})
        if label in ("anonymous", "citizen", "denouncer"):
            # Not staff: sent to sign in or to the portal before any reading.
            assert response.status_code in (302, 403), response.status_code
            if response.status_code == 302:
                assert response["Location"].startswith(("/accounts/login/", "/cong-dan/"))
        else:
            assert response.status_code == 403, (petition.pk, response.status_code)
        assert not leaks_in(response_text(response), needles_for("", own=label))
        assert _reads(petition).count() == before


def test_a_former_handler_is_refused_after_reassignment(scan_world: World) -> None:
    from danvan.petitions import services as petitions

    world = scan_world
    a = world.denunciation
    run(
        petitions.assign,
        actor=world.users["leader"],
        petition=a,
        handler=world.users["handler_other"],
        expected_version=a.version,
    )
    url = f"/staff/petitions/{a.pk}/identity/"
    before = _reads(a).count()
    assert client_for(world, "handler").post(url).status_code == 403
    assert _reads(a).count() == before
    response = client_for(world, "handler_other").post(url)
    assert response.status_code == 200
    assert IDENTITY_A.name in response.content.decode()
    assert _reads(a).count() == before + 1
    assert _reads(a).latest("seq").actor_id == world.users["handler_other"].pk


BUTTON = "Show the denouncer's identity"


@pytest.mark.parametrize(
    "label",
    ["handler", "leader", "officer", "handler_other", "province_leader", "monitor", "admin"],
)
def test_only_the_two_see_the_button(scan_world: World, label: str) -> None:
    world = scan_world
    page = client_for(world, label).get(f"/staff/petitions/{world.denunciation.pk}/")
    assert page.status_code == 200
    shown = BUTTON in page.content.decode()
    assert shown == (label in ("handler", "leader"))
    assert ("/identity/" in page.content.decode()) == shown


def test_a_named_complaint_by_the_same_person_does_not_point_to_the_denunciation(
    scan_world: World,
) -> None:
    """Matching by the same phone or ID must not tell someone who may not read the
    denouncer's identity that the complainant also denounced (which names them)."""
    from danvan.petitions import services as petitions
    from danvan.petitions.services import PetitionDraft

    world = scan_world
    complaint = run(
        petitions.receive_petition,
        actor=world.users["officer"],
        agency=world.agencies["ba_dinh"],
        draft=PetitionDraft(
            kind="complaint",
            subject="Khiếu nại việc chậm cấp giấy chứng nhận",
            content="Khiếu nại việc phường chậm cấp giấy chứng nhận quyền sử dụng đất.",
            petitioner_name=IDENTITY_A.name,
            petitioner_address=IDENTITY_A.address,
            petitioner_phone=IDENTITY_A.phone_typed,
            petitioner_citizen_id=IDENTITY_A.citizen_id,
        ),
        channel="post",
    )
    codes = [p.tracking_code for p in world.protected if p.agency_id == complaint.agency_id]
    url = f"/staff/petitions/{complaint.pk}/"
    # The head of the agency may read who denounced: the match is offered to them.
    control = client_for(world, "leader").get(url).content.decode()
    assert world.denunciation.tracking_code in control
    seen = 0
    for label in ("officer", "handler_other", "province_leader", "monitor", "admin"):
        page = client_for(world, label).get(url)
        if page.status_code != 200:
            continue
        seen += 1
        body = page.content.decode()
        shown = [c for c in codes if c in body]
        assert not shown, f"{label} sees the complaint linked to denunciation(s) {shown}"
    assert seen >= 3


IDENTITY_C = Identity(
    label="C (reception visitor)",
    name="Trịnh Văn Tiếpxq",
    address="Xóm Quỳnhtiep, phường Ba Đình",
    phone_typed="0966 404 303",
    phone_digits="966404303",
    email="",
    citizen_id="001095012399",
    marks=("tiepxq", "quynhtiep"),
)


def test_a_denunciation_made_at_a_reception_keeps_the_visitor_confidential(
    scan_world: World,
) -> None:
    """A denouncer who comes to a reception session is written in the register: the
    register, the case and the API must not name them to those who may not know."""
    from danvan.reception.models import ReceptionSession
    from danvan.reception.services import VisitInput, record_visit

    world = scan_world
    session = ReceptionSession.objects.get(pk=world.session_id)
    result = run(
        record_visit,
        actor=world.users["officer"],
        session=session,
        visit=VisitInput(
            full_name=IDENTITY_C.name,
            address=IDENTITY_C.address,
            phone=IDENTITY_C.phone_typed,
            identity_document=IDENTITY_C.citizen_id,
            content="Tố cáo cán bộ thu tiền khi làm thủ tục đất đai",
            handling="petition_received",
        ),
        petitions=[
            PetitionDraft(
                kind="denunciation",
                subject="Tố cáo tại buổi tiếp công dân",
                content="Tố cáo cán bộ phường thu tiền khi làm thủ tục đất đai.",
            )
        ],
    )
    [petition] = result.petitions
    assert ProtectedIdentity.objects.get(petition=petition).name == IDENTITY_C.name
    needles = needles_of(IDENTITY_C)
    leaks: list[str] = []
    pages = [
        "/staff/reception/",
        f"/staff/reception/sessions/{session.pk}/",
        "/staff/petitions/",
        f"/staff/petitions/{petition.pk}/",
        f"/cong-dan/tra-cuu/{petition.tracking_code}/",
    ]
    for label in ("handler_other", "province_leader", "monitor", "admin"):
        client = client_for(world, label)
        urls = pages + (
            [
                "/admin/reception/visit/",
                f"/admin/reception/visit/{result.visit.pk}/change/",
                f"/admin/petitions/petition/{petition.pk}/change/",
            ]
            if label == "admin"
            else []
        )
        for url in urls:
            response = client.get(url)
            leaks += [
                f"GET {url} as {label}: {w}" for w in leaks_in(response_text(response), needles)
            ]
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {world.keys[label]}"}
        for url in (
            f"/api/v1/reception-sessions/{session.pk}/",
            f"/api/v1/petitions/{petition.pk}/",
        ):
            response = Client().get(url, **bearer)
            leaks += [
                f"API {url} as {label}: {w}" for w in leaks_in(response_text(response), needles)
            ]
        with TestCase.captureOnCommitCallbacks(execute=True):
            export = client.post("/staff/exports/", {"list": "reception.sessions", "format": "csv"})
        leaks += [f"export as {label}: {w}" for w in leaks_in(response_text(export), needles)]
    assert not leaks, "\n".join(leaks)
