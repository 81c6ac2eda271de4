"""The machinery of the permission matrix: what each access class expects for a user
and an object, what a response counts as, and the URLs of every policy entry.

Outcomes. A response is *allowed* when it is 2xx, or a redirect that is not to a
sign-in step (the sign-in page, the second-factor page, the administration site's
sign-in), or a 400 to a POST (the form was read and its empty fields refused: the user
was let in). It is *refused* when it is 401, 403, 404 or 405, or a redirect to a
sign-in step. Anything else (a 500) is an error and always a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponseBase
from django.urls import URLResolver, get_resolver, reverse

from danvan.accounts.roles import Role
from tests.security import policy as p
from tests.security.world import World

# Where each user's role is granted and whether it reaches the units below.
SCOPES: dict[str, tuple[str, str, bool]] = {
    "officer": (Role.RECEPTION_OFFICER, "ba_dinh", False),
    "officer_no_2fa": (Role.RECEPTION_OFFICER, "ba_dinh", False),
    "handler": (Role.CASE_HANDLER, "ba_dinh", False),
    "leader": (Role.LEADER, "ba_dinh", True),
    "board_member": (Role.BOARD_MEMBER, "ba_dinh", False),
    "monitor": (Role.MONITOR, "ba_dinh", True),
    "province_leader": (Role.LEADER, "hanoi", True),
    "province_monitor": (Role.MONITOR, "hanoi", True),
    "admin": (Role.SYSTEM_ADMIN, "nation", True),
}
# The unit tree of the world, by key: each unit and the units above it.
ABOVE: dict[str, tuple[str, ...]] = {
    "nation": (),
    "hanoi": ("nation",),
    "ninh_binh": ("nation",),
    "ba_dinh": ("hanoi", "nation"),
    "ngoc_ha": ("hanoi", "nation"),
    "bac_ly": ("ninh_binh", "nation"),
}
CITIZENS = ("citizen", "citizen_none")
NOT_VERIFIED = "officer_no_2fa"


def covers(label: str, unit: str) -> bool:
    """Does the user's scope reach ``unit`` (a key of ABOVE)?"""
    if label not in SCOPES:
        return False
    _role, where, subtree = SCOPES[label]
    return unit == where or (subtree and where in ABOVE[unit])


def role_of(label: str) -> str | None:
    return SCOPES[label][0] if label in SCOPES else None


def allowed(entry: p.Entry, method: str, label: str, target: dict[str, Any]) -> bool:
    """What the policy says of ``label`` doing ``method`` on the entry's URL for the
    object ``target`` (its URL parameters and its ``_unit`` / ``_owner``)."""
    cls = entry.read if method == "GET" else entry.write
    assert cls is not None
    if label == NOT_VERIFIED and not target.get("_two_factor_exempt"):
        # An official who has not passed the second factor is sent to it from every
        # page; the API answers 403 to such a session, even where it needs no sign-in.
        return False
    unit = target.get("_unit", "")
    role = role_of(label)
    signed_in = label != "anonymous"
    staff = role is not None and label != NOT_VERIFIED
    roles = entry.read_roles if method == "GET" else entry.roles
    if cls == p.PUBLIC:
        return True
    if cls == p.SIGNED_IN:
        return signed_in
    if cls == p.CITIZEN_OWN:
        return signed_in and target.get("_owner") == label
    if cls in (p.NOT_OFFERED, p.NOT_FOUND):
        return False
    if cls == p.ADMIN_ONLY:
        return label == "admin"
    if cls == p.OWNER:
        return target.get("_owner") == label
    if cls in (p.API_OFFICIAL, p.API_OFFICIAL_IN_SCOPE):
        # Asked with the user's API key (the key stands for the second factor).
        if role is None:
            return False
        return cls == p.API_OFFICIAL or covers(label, unit)
    if not staff:
        return False
    in_roles = (role == Role.SYSTEM_ADMIN and entry.admin) or not roles or role in roles
    if cls == p.STAFF:
        return in_roles
    if cls == p.STAFF_IN_SCOPE:
        return in_roles and covers(label, unit)
    if cls == p.WRITE_IN_SCOPE:
        if role == Role.MONITOR:
            return False
        named = (role == Role.SYSTEM_ADMIN and entry.admin) or role in entry.roles
        return named and (not unit or covers(label, unit))
    raise AssertionError(f"unknown access class {cls}")


SIGN_IN_STEPS = ("/accounts/login/", "/accounts/2fa/", "/admin/login/")


def outcome(response: HttpResponseBase, method: str) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return "allowed"
    if code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        return "refused" if location.startswith(SIGN_IN_STEPS) else "allowed"
    if code == 400 and method == "POST":
        return "allowed"
    if code in (401, 403, 404, 405):
        return "refused"
    return f"error {code}"


# --- the URL patterns ------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "namespace:<route>" when unnamed
    namespace: str
    name: str | None
    route: str


def all_routes() -> list[Route]:
    """Every URL pattern of the project, walked from the root resolver."""
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, ns: tuple[str, ...]) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                walk(
                    item,
                    prefix + str(item.pattern),
                    ns + ((item.namespace,) if item.namespace else ()),
                )
                continue
            namespace = ":".join(ns)
            route = prefix + str(item.pattern)
            key = f"{namespace}:{item.name}" if item.name else f"{namespace}:{route}"
            found.append(Route(key, namespace, item.name, route))

    walk(get_resolver(), "", ())
    return found


def url_of(key: str, kwargs: dict[str, Any]) -> str:
    kwargs = {k: v for k, v in kwargs.items() if not k.startswith("_")}
    query = kwargs.pop("?", "")
    literal = kwargs.pop("=", None)
    url = literal if literal is not None else reverse(key.lstrip(":"), kwargs=kwargs or None)
    return f"{url}?{query}" if query else url


@dataclass(frozen=True)
class Target:
    key: str
    place: str
    url: str
    data: dict[str, Any]  # the object: its URL parameters, _unit, _owner, _model, _pk


def targets_of(world: World, key: str, entry: p.Entry) -> list[Target]:
    """The URLs to request for one entry: one per object of its kind (or one)."""
    if entry.obj is None:
        data: dict[str, Any] = {**entry.args, **_flags(key)}
        data.update(LITERALS.get(key, {}))
        return [Target(key, "-", url_of(key, data), data)]
    found = world.objects.get(entry.obj, {})
    out = []
    for place, obj in found.items():
        obj = {**obj, **_flags(key)}
        if entry.places and place not in entry.places:
            continue
        data = {**obj, **entry.args}
        if entry.arg:
            data[entry.arg] = data.pop("pk")
        out.append(Target(key, place, url_of(key, data), data))
    return out


# Where the second-factor step does not send an official who has not passed it.
TWO_FACTOR_EXEMPT = {
    "accounts:two-factor",
    "accounts:logout",
    "web:healthz",
    ":set_language",
    "api:schema",  # the API's description, the same for everyone
    "api:docs",
}


def _flags(key: str) -> dict[str, Any]:
    return {
        "_two_factor_exempt": key in TWO_FACTOR_EXEMPT,
    }


# Unnamed patterns: catch-alls answering 404 in their own format.
LITERALS: dict[str, dict[str, Any]] = {
    "api:api/v1/^[\\s\\S]+/$": {"=": "/api/v1/khong-co/"},
    "open311:open311/v2/^(?P<rest>.*)$": {"=": "/open311/v2/khong-co"},
}
