"""Security headers, cookies and CSRF.

* Every HTML page carries a Content-Security-Policy without 'unsafe-inline' or
  'unsafe-eval'; each response has its own nonce and the page's inline scripts and styles
  carry exactly that one.
* A production configuration (DEBUG off, real secrets) passes ``danvan check --deploy``
  with no warning and turns on HSTS and secure, HTTP-only, SameSite cookies.
* Every URL pattern refuses a POST without a CSRF token from a signed-in session, except
  the few listed in :data:`CSRF_EXEMPT` with the reason.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import User
from danvan.accounts.roles import Role

ROOT = Path(__file__).resolve().parents[2]

# --- Content Security Policy ---------------------------------------------------------------

_NONCE_IN_HEADER = re.compile(r"'nonce-([A-Za-z0-9_\-]+)'")
_TAG = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
_EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def policy_of(response: Any) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.path}"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def check_page_against_policy(response: Any) -> str | None:
    """Assert the page runs under a strict policy; return the nonce if it has one."""
    policy = policy_of(response)
    header = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header, header
    assert "'unsafe-eval'" not in header, header
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'self'" in policy["script-src"]
    nonces = set(_NONCE_IN_HEADER.findall(header))
    assert len(nonces) <= 1, header
    nonce = nonces.pop() if nonces else None
    html = response.content.decode()
    for tag, attributes in _TAG.findall(html):
        if tag.lower() == "script" and re.search(r"\ssrc=", attributes):
            continue
        # An inline script or style block: it runs only with this response's nonce.
        assert nonce is not None, f"inline <{tag}> without a nonce in the policy"
        assert f'nonce="{nonce}"' in attributes, f"<{tag}{attributes}> lacks the nonce"
    # Style attributes and event handler attributes would be refused by the browser.
    assert ' style="' not in html, "a style attribute is refused by the policy"
    assert not _EVENT_ATTRIBUTE.search(html), "an inline event handler is refused"
    return nonce


@pytest.fixture
def signed_in(tree: Any, make_user: Any, client_for: Any) -> Client:
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    client: Client = client_for(leader)
    return client


def test_html_pages_carry_a_strict_policy(tree: Any, signed_in: Client, client: Client) -> None:
    for url in (
        "/",
        reverse("portal:start"),
        reverse("portal:submit", kwargs={"code": tree.ba_dinh.code}),
        reverse("portal:track"),
        reverse("accounts:login"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html")
        check_page_against_policy(response)
    for url in (
        reverse("web:staff-home"),
        reverse("petitions:queue"),
        reverse("reports:dashboard", kwargs={"pk": tree.ba_dinh.pk}),
    ):
        response = signed_in.get(url)
        assert response.status_code == 200, url
        check_page_against_policy(response)
    # Error pages too.
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    check_page_against_policy(response)


def test_pages_with_data_have_no_code_the_policy_would_block(
    tree: Any, make_user: Any, client_for: Any
) -> None:
    """The pages the browser test opens, with a petition, a consultation with comments
    (position bars, draft tree) and the dashboards' SVG map and charts."""
    from danvan.consultations import services as consultations
    from tests.consultations.conftest import past_consultation
    from tests.petitions.conftest import receive_one

    leader = make_user(Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True)
    staff = client_for(leader)
    petition = receive_one(None, tree.agency(tree.ba_dinh), subject="Khiếu nại đất đai")
    consultation = past_consultation(tree)
    for position in ("agree", "disagree", "propose"):
        consultations.submit_comment(
            consultation=consultation,
            section=None,
            position=position,
            text=f"Ý kiến {position}",
            key=uuid.uuid4(),
            today=consultation.opens_on,
        )
    consultations.close_comments(actor=None, consultation=consultation)
    consultations.aggregate(actor=None, consultation=consultation)
    public = Client()
    for url in (
        reverse("portal:case", kwargs={"tracking_code": petition.tracking_code}),
        reverse("public_consultations:detail", kwargs={"pk": consultation.pk}),
        reverse("public_consultations:list"),
    ):
        response = public.get(url)
        assert response.status_code == 200, url
        check_page_against_policy(response)
    for url in (
        reverse("petitions:detail", kwargs={"pk": petition.pk}),
        reverse("petitions:statistics"),
        reverse("reports:dashboard", kwargs={"pk": tree.hanoi.pk}),
        reverse("reports:dashboard", kwargs={"pk": tree.ba_dinh.pk}),
        reverse("consultations:detail", kwargs={"pk": consultation.pk}),
        reverse("consultations:comments", kwargs={"pk": consultation.pk}),
        reverse("consultations:aggregation", kwargs={"pk": consultation.pk}),
        reverse("consultations:statistics", kwargs={"pk": consultation.pk}),
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        check_page_against_policy(response)
        if "aggregation" in url:
            # The position bars, once style attributes, are SVG shapes now.
            assert 'class="position-bar"' in response.content.decode()
        if url.endswith(f"/unit/{tree.hanoi.pk}/"):
            assert "<svg" in response.content.decode()


def test_each_response_has_its_own_nonce_and_its_inline_code_carries_it(
    db: None, client: Client
) -> None:
    """The API documentation page has an inline script and style: both carry the nonce of
    their own response, and two responses never share one."""
    seen = set()
    for _ in range(3):
        response = client.get(reverse("api:docs"))
        assert response.status_code == 200
        nonce = check_page_against_policy(response)
        assert nonce is not None
        assert len(nonce) >= 16
        html = response.content.decode()
        assert html.count(f'nonce="{nonce}"') == 2  # the <style> and the <script>
        seen.add(nonce)
    assert len(seen) == 3


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(db: None, client: Client) -> None:
    html = client.get("/").content.decode()
    match = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)
    assert match, "htmx configuration missing"
    config = json.loads(match.group(1))
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False


def test_other_headers(db: None, client: Client) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_permissions_policy_allows_only_the_location_button(db: None, client: Client) -> None:
    for path in ("/", "/api/v1/categories/", "/khong-co-trang-nay/"):
        features = dict(
            item.strip().split("=", 1) for item in client.get(path)["Permissions-Policy"].split(",")
        )
        assert features.pop("geolocation") == "(self)", path
        assert {"camera", "microphone", "payment"} <= set(features), path
        assert set(features.values()) == {"()"}, path


# --- production settings -------------------------------------------------------------------


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANVAN_", "DJANGO_"))}
    env.pop("DEBUG", None)
    env.pop("DATABASE_URL", None)
    env.update(
        DEBUG="0",
        DANVAN_HOME=str(tmp_path),
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="danvan.example.gov.vn",
        DANVAN_FIELD_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        DANVAN_PUBLIC_URL="https://danvan.example.gov.vn",
    )
    env.update(extra)
    return env


_PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
names = ["DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
         "CSRF_COOKIE_SAMESITE", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "SECURE_CONTENT_TYPE_NOSNIFF",
         "X_FRAME_OPTIONS", "SECURE_PROXY_SSL_HEADER"]
out = {n: getattr(settings, n) for n in names}
out["csp"] = {k: list(v) for k, v in settings.SECURE_CSP.items()}
out["middleware"] = settings.MIDDLEWARE
print(json.dumps(out))
"""


def settings_in(env: dict[str, str]) -> dict[str, Any]:
    env = {**env, "DJANGO_SETTINGS_MODULE": "danvan.settings"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", _PRINT_SETTINGS],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_production_mode_turns_on_https_and_cookie_protection(tmp_path: Path) -> None:
    values = settings_in(production_env(tmp_path))
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        assert values[name] is True, name
    for name in ("SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY"):
        assert values[name] is True, name
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in values["middleware"]
    csp = values["csp"]
    assert "'unsafe-inline'" not in json.dumps(csp)
    assert "'unsafe-eval'" not in json.dumps(csp)
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]


def test_hsts_preload_and_subdomains_can_be_turned_off(tmp_path: Path) -> None:
    values = settings_in(
        production_env(tmp_path, SECURE_HSTS_PRELOAD="0", SECURE_HSTS_INCLUDE_SUBDOMAINS="0")
    )
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SESSION_COOKIE_SECURE"] is True


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_fails_on_a_weak_configuration(tmp_path: Path) -> None:
    """The same check is not vacuous: without HSTS and with a short key it warns."""
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path, SECRET_KEY="court", SECURE_HSTS_SECONDS="0"),
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert done.returncode != 0
    assert "security.W004" in done.stderr + done.stdout  # no HSTS
    assert "security.W009" in done.stderr + done.stdout  # weak SECRET_KEY


# --- CSRF on every URL pattern -------------------------------------------------------------

# The views that accept a POST without a CSRF token, and why that is safe. Each is matched
# by its module and name; a new exempt view makes the test fail until it is listed here.
CSRF_EXEMPT: dict[str, str] = {
    # Open311 GeoReport v2: programs sign POST requests with an api_key parameter, never
    # with a session cookie (the views do not read request.user), so a forged request
    # from a browser carries no authority.
    "danvan.open311.views.discovery": "Open311: read-only, keyed by api_key",
    "danvan.open311.views.service_list": "Open311: read-only, keyed by api_key",
    "danvan.open311.views.service_definition": "Open311: read-only, keyed by api_key",
    "danvan.open311.views.request_list": "Open311: POST authenticated by api_key only",
    "danvan.open311.views.request_detail": "Open311: read-only, keyed by api_key",
    "danvan.open311.views.token_detail": "Open311: read-only, keyed by api_key",
    "danvan.open311.views.not_found": "Open311: 404 in the standard's format",
}
# REST framework marks every API view exempt from Django's middleware and checks CSRF
# itself whenever the browser session authenticates (VerifiedSessionAuthentication), so
# these answer a token-less session POST with 403 too, which the walk below verifies.
DRF_PREFIX = "danvan.api.views."
# The schema and its documentation page authenticate nobody (public, GET only): a POST
# carries no authority there and is answered 405.
NO_AUTHENTICATION = {
    "danvan.api.views.SchemaView": "the public OpenAPI schema, GET only",
    "danvan.api.views.DocsView": "the public API documentation page, GET only",
}

_CONVERTER_SAMPLE = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": None}
_PATH_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _walk(
    resolver: URLResolver, prefix: str, ns: tuple[str, ...]
) -> Iterator[tuple[str, str | None, str, Any, bool]]:
    for entry in resolver.url_patterns:
        is_regex = isinstance(entry.pattern, RegexPattern)
        if isinstance(entry, URLResolver):
            yield from _walk(
                entry,
                prefix + str(entry.pattern),
                ns + ((entry.namespace,) if entry.namespace else ()),
            )
            continue
        assert isinstance(entry, URLPattern)
        yield ":".join(ns), entry.name, prefix + str(entry.pattern), entry.callback, is_regex


def _qualname(callback: Any) -> str:
    view_class = getattr(callback, "view_class", None)
    target = view_class or callback
    return f"{target.__module__}.{target.__qualname__}"


def _sample_url(namespace: str, name: str | None, route: str, regex: bool) -> str:
    """A URL that resolves to this pattern; its parameters need not exist, since the CSRF
    check runs before the view."""
    if not regex and "^" not in route and "$" not in route:
        return "/" + _PATH_PARAM.sub(lambda m: _CONVERTER_SAMPLE[m["conv"] or "str"] or "", route)
    assert name is not None, route
    full = f"{namespace}:{name}" if namespace else name
    groups = list(re.compile(route.replace("^", "").replace("$", "")).groupindex)
    # Try a few plain values for each parameter until the pattern accepts them.
    for values in itertools.product(_REGEX_SAMPLES, repeat=len(groups)):
        try:
            return reverse(full, kwargs=dict(zip(groups, values, strict=True)))
        except NoReverseMatch:
            continue
    raise AssertionError(f"no sample URL for {full} ({route})")


_REGEX_SAMPLES = ("1", "json", "pdf", "petitions", "x", "01", "2026")


_UNNAMED_SAMPLES = {
    "api/v1/^[\\s\\S]+/$": "/api/v1/khong-co/",
    "open311/v2/^(?P<rest>.*)$": "/open311/v2/khong-co",
}


def every_route() -> list[tuple[str, str, Any]]:
    """(url, qualified view name, callback) for every pattern the project has."""
    found = []
    for namespace, name, route, callback, regex in _walk(get_resolver(), "", ()):
        if name is None and route in _UNNAMED_SAMPLES:
            url = _UNNAMED_SAMPLES[route]
        elif name is None and route.startswith("admin/") and regex:
            # The admin's catch-all (final_catch_all_view).
            url = "/admin/khong-co/"
        else:
            url = _sample_url(namespace, name, route, regex)
        found.append((url, _qualname(callback), callback))
    return found


def _csrf_client(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_every_pattern_refuses_a_post_without_a_csrf_token(make_user: Any) -> None:
    admin_user = make_user(Role.SYSTEM_ADMIN)
    client = _csrf_client(admin_user)
    assert admin.site.has_permission(client.get("/admin/").wsgi_request)
    routes = every_route()
    assert len(routes) > 150  # the walk saw the whole project
    exempt_seen: set[str] = set()
    failures = []
    for url, qualname, callback in routes:
        match = resolve(url.split("?")[0])
        assert _qualname(match.func) == qualname, (url, qualname, _qualname(match.func))
        exempt = getattr(callback, "csrf_exempt", False)
        if exempt and not qualname.startswith(DRF_PREFIX):
            exempt_seen.add(qualname)
            assert qualname in CSRF_EXEMPT, f"{qualname} is CSRF-exempt but not listed"
            continue
        if qualname.startswith(DRF_PREFIX):
            response = client.post(url, {"title": "x"}, content_type="application/json")
        else:
            response = client.post(url, {"title": "x"})
        if qualname in NO_AUTHENTICATION:
            assert response.status_code == 405, (url, response.status_code)
        elif response.status_code != 403:
            failures.append((url, qualname, response.status_code))
        else:
            # Refused by the CSRF check itself, not by a permission check of the view.
            assert b"CSRF" in response.content, (url, response.content[:300])
    assert not failures, failures
    assert exempt_seen == set(CSRF_EXEMPT), set(CSRF_EXEMPT) - exempt_seen


def test_the_same_post_with_a_token_passes_the_csrf_check(make_user: Any, tree: Any) -> None:
    """Not vacuous: with the token from the page the POST reaches the view."""
    citizen = make_user()
    client = _csrf_client(citizen)
    page = client.get(reverse("portal:track"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    response = client.post(
        reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token.group(1)}
    )
    assert response.status_code == 302
    refused = client.post(reverse("set_language"), {"language": "en"})
    assert refused.status_code == 403


def test_htmx_sends_the_token_in_a_header_so_the_cookie_can_stay_http_only(
    make_user: Any,
) -> None:
    citizen = make_user()
    client = _csrf_client(citizen)
    html = client.get("/").content.decode()
    header = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert header, "the page must hand htmx the token"
    response = client.post(
        reverse("set_language"), {"language": "vi"}, headers={"X-CSRFToken": header.group(1)}
    )
    assert response.status_code == 302
