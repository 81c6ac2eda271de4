"""The permission matrix: every URL pattern and API operation × every kind of user ×
an object of the user's own commune, of a sibling commune and of the parent province,
read (GET) and write (POST), against the declared policy in ``policy.py``.

A pattern or an API operation without an entry fails the test, and so does an entry
whose pattern is gone. A refused POST must change nothing: neither the object's row nor
the audit log. Every mismatch is collected and reported in one message.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client, override_settings
from django.utils import translation

from danvan.api.tokens import issue_token
from danvan.audit.models import AuditEntry
from tests.conftest import verified_client
from tests.security import policy as p
from tests.security.matrix import (
    Target,
    all_routes,
    allowed,
    outcome,
    targets_of,
    url_of,
)
from tests.security.world import LABELS, World, build_world

MATRIX_LABELS = (*LABELS, "officer_no_2fa")


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once inside a transaction rolled back after the module."""
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        translation.override("en"),
        transaction.atomic(),
    ):
        built = build_world()
        built.extra["media"] = media
        built.users["officer_no_2fa"] = built.users["officer"]
        built.extra["keys"] = {
            label: issue_token(actor=None, user=built.users[label], name=f"khoa {label}")[1]
            for label in MATRIX_LABELS
            if label not in ("anonymous", "citizen", "citizen_none", "officer_no_2fa")
        }
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def matrix_world(world: World, db: None, settings: Any) -> World:
    settings.MEDIA_ROOT = world.extra["media"]
    return world


class Clients:
    """One signed-in client per user, made again after a request that signs out."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.cache: dict[str, Client] = {}

    def get(self, label: str) -> Client:
        if label not in self.cache:
            self.cache[label] = self._make(label)
        return self.cache[label]

    def _make(self, label: str) -> Client:
        if label == "anonymous":
            return Client()
        user = self.world.users[label]
        if label in ("citizen", "citizen_none", "officer_no_2fa"):
            client = Client()
            client.force_login(user)
            return client
        return verified_client(user)

    def forget(self, label: str) -> None:
        self.cache.pop(label, None)


# Requests that sign the client out or in: the next request gets a fresh client.
SIGNS_OUT = {"accounts:logout", "accounts:login", "portal:signup", ":set_language"}


def _row(target: Target) -> Any:
    label, pk = target.data.get("_model"), target.data.get("_pk")
    if not label:
        return None
    obj = apps.get_model(label)._default_manager.filter(pk=pk).first()
    return model_to_dict(obj) if obj is not None else None


def _body(world: World, target: Target, entry: p.Entry) -> dict[str, Any]:
    """The entry's minimal POST body with its placeholders filled."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.topics.models import Topic
    from tests.security.world import _pdf

    body: dict[str, Any] = {}
    for name, value in entry.body.items():
        if value == "{version}":
            row = _row(target) or {}
            body[name] = str(row.get("version", ""))
        elif value == "{pdf}":
            body[name] = SimpleUploadedFile("bien-ban.pdf", _pdf(), "application/pdf")
        elif value == "{topic}":
            body[name] = str(Topic.objects.order_by("pk").values_list("pk", flat=True)[0])
        else:
            body[name] = value
    return body


def _send(
    world: World, clients: Clients, label: str, method: str, target: Target, entry: p.Entry
) -> tuple[str, str]:
    """One request; returns (what it counts as, a short description of the answer)."""
    headers: dict[str, str] = {}
    client = clients.get(label)
    if entry.read in (p.API_OFFICIAL, p.API_OFFICIAL_IN_SCOPE):
        key = world.extra["keys"].get(label)
        if key:
            client = Client()
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    if method == "GET":
        response = client.get(target.url, **headers)
    else:
        # A write runs in a savepoint rolled back at once: the world stays as built.
        before_audit = AuditEntry.objects.count()
        before_row = _row(target)
        with transaction.atomic():
            response = client.post(target.url, _body(world, target, entry), **headers)
            changed = AuditEntry.objects.count() != before_audit or _row(target) != before_row
            transaction.set_rollback(True)
        got = outcome(response, method)
        if target.key in SIGNS_OUT:
            clients.forget(label)
        shown = f"{response.status_code}{', changed data' if changed else ''}"
        if got == "refused" and changed:
            return "refused but changed data", shown
        if got == "allowed" and not changed and not allowed(entry, method, label, target.data):
            # Turned away with a message on the page (a redirect back, or the form shown
            # again with the error) and nothing written: a refusal in effect.
            return "refused", shown + " (nothing written)"
        return got, shown
    if target.key in SIGNS_OUT:
        clients.forget(label)
    got = outcome(response, method)
    where = response.get("Location", "")
    return got, f"{response.status_code}{' → ' + where if where else ''}"


def _expected(entry: p.Entry, method: str, label: str, target: Target) -> str:
    if target.data.get("_public") is False:
        return "refused"  # not published: nobody gets it, not even its own staff
    return "allowed" if allowed(entry, method, label, target.data) else "refused"


def _mismatch_report(mismatches: list[str], total: int) -> str:
    shown = "\n".join(mismatches[:600])
    more = f"\n… and {len(mismatches) - 600} more" if len(mismatches) > 600 else ""
    return f"{len(mismatches)} of {total} requests differ from the policy:\n{shown}{more}"


# --- completeness ----------------------------------------------------------------------


def test_every_url_pattern_has_a_policy_entry_and_every_entry_a_pattern() -> None:
    keys = {route.key for route in all_routes()}
    missing = sorted(k for k in keys if p.entry_for(k) is None)
    assert missing == [], f"URL patterns with no entry in tests/security/policy.py: {missing}"
    stale = sorted(set(p.POLICY) - keys)
    assert stale == [], f"policy entries for patterns that no longer exist: {stale}"


def _schema_operations() -> set[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    methods = {"get", "post", "put", "patch", "delete"}
    return {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in methods
    }


def test_every_api_operation_has_a_policy_entry_and_every_entry_an_operation() -> None:
    operations = _schema_operations()
    assert len(operations) >= 10  # the schema was really read
    missing = sorted(operations - set(p.API_OPERATIONS))
    assert missing == [], f"API operations with no entry in tests/security/policy.py: {missing}"
    stale = sorted(set(p.API_OPERATIONS) - operations)
    assert stale == [], f"policy entries for API operations that no longer exist: {stale}"
    for operation, key in p.API_OPERATIONS.items():
        entry = p.POLICY.get(key)
        assert entry is not None, operation
        assert entry.read in (p.PUBLIC, p.API_OFFICIAL, p.API_OFFICIAL_IN_SCOPE), operation


def test_every_entry_is_requested_on_an_object(matrix_world: World) -> None:
    """An entry with parameters must find its objects in the world: an own-commune
    object at least, and a sibling one where the kind exists in communes."""
    empty = []
    for key, entry in p.POLICY.items():
        found = {t.place for t in targets_of(matrix_world, key, entry)}
        if not found:
            empty.append(key)
        elif (
            entry.obj
            and "own" in matrix_world.objects.get(entry.obj, {})
            and "sibling" not in found
            and not entry.places
        ):
            empty.append(f"{key} (no sibling object)")
    assert empty == []


def test_every_access_class_is_used_and_the_document_matches_the_policy() -> None:
    from tests.security import render_doc

    used = {e.read for e in p.POLICY.values()} | {e.write for e in p.POLICY.values()}
    used |= {p.ADMIN_NAMESPACE.read}
    assert set(p.CLASSES) <= used, set(p.CLASSES) - used
    assert render_doc.current() == render_doc.render(), (
        "docs/security.md is out of date: run python -m tests.security.render_doc --write"
    )


# --- the matrix -----------------------------------------------------------------------


def _pages(world: World) -> list[tuple[Target, p.Entry]]:
    out = []
    for route in all_routes():
        if route.namespace == "admin" and route.key not in p.POLICY:
            continue
        entry = p.POLICY[route.key]
        out.extend((target, entry) for target in targets_of(world, route.key, entry))
    return out


def test_permission_matrix(matrix_world: World) -> None:
    world = matrix_world
    clients = Clients(world)
    mismatches: list[str] = []
    total = 0
    tally: dict[str, int] = {}
    soft: list[str] = []  # writes turned away with a message rather than a 403
    started = time.monotonic()
    for target, entry in _pages(world):
        methods = (["GET"] if entry.read is not None else []) + (
            ["POST"] if entry.write is not None else []
        )
        for label in MATRIX_LABELS:
            for method in methods:
                total += 1
                expected = _expected(entry, method, label, target)
                got, shown = _send(world, clients, label, method, target, entry)
                kind = f"{method} {got}{' in effect' if 'nothing written' in shown else ''}"
                tally[kind] = tally.get(kind, 0) + 1
                if "nothing written" in shown:
                    soft.append(f"{label} {target.key} [{target.place}]")
                if got != expected:
                    mismatches.append(
                        f"{label:16} {method:4} {target.key} [{target.place}] {target.url}: "
                        f"expected {expected}, got {got} ({shown})"
                    )
    world.extra["matrix_requests"] = total
    print("\nwrites turned away with a message:\n" + "\n".join(soft))
    print(
        f"\nmatrix: {total} requests in {time.monotonic() - started:.1f}s: {sorted(tally.items())}"
    )
    assert not mismatches, _mismatch_report(mismatches, total)


# --- the administration site --------------------------------------------------------------

_ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>[^/]+)/(?P<model>[^/]+)/")


def _admin_urls() -> list[tuple[str, str]]:
    """(pattern key, URL) of every pattern of the administration site."""
    from django.urls import reverse

    out = []
    for route in all_routes():
        if route.namespace != "admin" or route.key in p.POLICY:
            continue
        params = set(re.findall(r"<(?:[^>:]+:)?([^>]+)>", route.route))
        if not params:
            out.append((route.key, reverse(f"admin:{route.name}")))
        elif route.name == "app_list":
            label = sorted({m._meta.app_label for m in admin.site._registry})[0]
            out.append((route.key, reverse("admin:app_list", kwargs={"app_label": label})))
        elif route.name == "view_on_site":
            out.append((route.key, "/admin/r/1/1/"))
        elif params == {"url"}:
            out.append((route.key, "/admin/khong-co/"))
        else:
            match = _ADMIN_MODEL_ROUTE.match(route.route)
            assert match is not None, route.key
            model = apps.get_model(match["app"], match["model"])
            pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            value = str(pk or 1)
            if route.name:
                url = url_of(route.key, dict.fromkeys(params, value))
            else:
                url = "/" + re.sub(r"<(?:[^>:]+:)?([^>]+)>", value, route.route)
            out.append((route.key, url))
    return out


def test_administration_site_is_for_the_system_administrator_only(matrix_world: World) -> None:
    """Everyone else is sent to the administration site's sign-in before any view runs,
    for reading and for writing, and a refused write changes nothing. The administrator
    is let in (a page may still answer 403 where the site allows no change, as for the
    audit log, or 404 for an unknown address)."""
    world = matrix_world
    clients = Clients(world)
    for label in MATRIX_LABELS:
        clients.get(label)  # signs in first: the two-factor devices exist to be listed
    mismatches: list[str] = []
    total = 0
    for key, url in _admin_urls():
        for label in MATRIX_LABELS:
            client = clients.get(label)
            for method in ("GET", "POST") if label != "admin" else ("GET",):
                total += 1
                before = AuditEntry.objects.count()
                response = client.get(url) if method == "GET" else client.post(url, {})
                code, location = response.status_code, response.get("Location", "")
                if label == "admin":
                    ok = code < 500 and not location.startswith("/admin/login/")
                else:
                    ok = code == 302 and location.startswith(("/admin/login/", "/accounts/2fa/"))
                    ok = ok and AuditEntry.objects.count() == before
                if not ok:
                    mismatches.append(f"{label:16} {method} {key} {url}: {code} {location}")
    print(f"\nadministration site: {total} requests")
    assert not mismatches, _mismatch_report(mismatches, total)
