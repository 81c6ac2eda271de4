"""The Content Security Policy in a real browser: the main pages, public and staff, load
without a single violation (no inline script or style, no evaluated code, nothing from
elsewhere), and htmx still works under the policy.

Violations are caught twice: the ``securitypolicyviolation`` events of each page (a
listener Playwright installs before any page script, outside the page's policy) and the
console messages Chromium prints for them. The browser is the system's Chromium driven by
Playwright; without it the test is skipped, unless DANVAN_REQUIRE_BROWSER=1."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from danvan.accounts.roles import Role
from danvan.consultations import services as consultations
from tests.browser import require_browser
from tests.conftest import verified_client
from tests.consultations.conftest import STRUCTURED, make_consultation
from tests.petitions.conftest import receive_one

DESKTOP = {"width": 1280, "height": 900}

# Recorded in the page before any of its own scripts runs.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample || ""}`
  );
});
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_main_pages_load_without_a_policy_violation(
    live_server: Any, tree: Any, make_user: Any, artifacts: Any, monkeypatch: Any
) -> None:
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    leader = make_user(
        Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True, full_name="Trần Sỹ Thanh"
    )
    agency = tree.agency(tree.ba_dinh)
    petition = receive_one(None, agency, subject="Khiếu nại <script>alert(1)</script>")
    consultation = make_consultation(tree)
    consultations.import_draft(actor=None, consultation=consultation, text=STRUCTURED)
    consultations.open_consultation(actor=None, consultation=consultation)
    consultations.submit_comment(
        consultation=consultation,
        section=None,
        position="agree",
        text="Tôi đồng ý với dự thảo.",
        key=uuid.uuid4(),
    )
    session = verified_client(leader).cookies[django_settings.SESSION_COOKIE_NAME].value

    public_pages = [
        "/",
        reverse("portal:start"),
        reverse("portal:submit", kwargs={"code": tree.ba_dinh.code}),
        reverse("portal:track"),
        reverse("portal:case", kwargs={"tracking_code": petition.tracking_code}),
        reverse("public_consultations:detail", kwargs={"pk": consultation.pk}),
        reverse("accounts:login"),
        reverse("api:docs"),
    ]
    staff_pages = [
        reverse("web:staff-home"),
        reverse("petitions:queue"),
        reverse("petitions:detail", kwargs={"pk": petition.pk}),
        reverse("petitions:statistics"),
        reverse("reports:dashboard", kwargs={"pk": tree.hanoi.pk}),
        reverse("reports:dashboard", kwargs={"pk": tree.ba_dinh.pk}),
        reverse("consultations:detail", kwargs={"pk": consultation.pk}),
        reverse("consultations:comments", kwargs={"pk": consultation.pk}),
        reverse("consultations:aggregation", kwargs={"pk": consultation.pk}),
    ]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            public = browser.new_context(viewport=DESKTOP, locale="vi-VN")
            staff = browser.new_context(viewport=DESKTOP, locale="vi-VN")
            staff.add_cookies(
                [
                    {
                        "name": django_settings.SESSION_COOKIE_NAME,
                        "value": session,
                        "url": live_server.url,
                    }
                ]
            )
            found: dict[str, list[str]] = {}
            for context, pages in ((public, public_pages), (staff, staff_pages)):
                context.add_init_script(LISTEN)
                page = context.new_page()
                console: list[str] = []
                page.on(
                    "console",
                    lambda message, sink=console: (
                        sink.append(message.text)
                        if "Content Security Policy" in message.text or "Refused to" in message.text
                        else None
                    ),
                )
                for path in pages:
                    response = page.goto(f"{live_server.url}{path}")
                    assert response is not None
                    assert response.status < 400, (path, response.status)
                    header = response.headers.get("content-security-policy", "")
                    assert "script-src 'self'" in header, path
                    page.wait_for_load_state("networkidle")
                    events = page.evaluate("window.__cspViolations")
                    if events or console:
                        found[path] = [*events, *console]
                    console.clear()
                    if path == reverse("api:docs"):
                        # Swagger UI rendered the schema (its script ran under the nonce).
                        page.wait_for_selector(".opblock", timeout=15000)
                        page.screenshot(path=str(artifacts / "csp-swagger.png"))
                    if path == reverse("reports:dashboard", kwargs={"pk": tree.hanoi.pk}):
                        assert page.locator("figure.map svg path").count() > 0
                        page.screenshot(path=str(artifacts / "csp-dashboard.png"), full_page=True)
            assert not found, found

            # htmx under the policy: the commune search updates the results as one types.
            page = public.new_page()
            page.goto(f"{live_server.url}{reverse('portal:start')}")
            page.fill("#id_q", "bac ly")
            page.wait_for_selector("#results a:has-text('Xã Bắc Lý')", timeout=10000)
            # hx-push-url puts the query in the address bar (history API, no page load).
            page.wait_for_function("new URLSearchParams(location.search).get('q') === 'bac ly'")
            events = page.evaluate("window.__cspViolations")
            assert events == []
            page.screenshot(path=str(artifacts / "csp-portal-search.png"))
        finally:
            browser.close()
