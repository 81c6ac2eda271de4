"""A provincial leader, in a real browser: open the dashboard, pick the year, open a
commune from the ranked grid under the province map, then a figure, and land on the
list of the cases behind it. Screenshots are kept as artefacts
(``test-artifacts/browser/`` or ``$DANVAN_TEST_ARTIFACTS``).

The browser is the system's Chromium driven by Playwright; without it the test is
skipped, unless DANVAN_REQUIRE_BROWSER=1, where a missing browser is a failure."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings as django_settings

from danvan.accounts.roles import Role
from danvan.petitions.tasks import watch_deadlines
from tests.browser import require_browser
from tests.conftest import verified_client
from tests.petitions.conftest import receive_one

DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_provincial_leader_goes_from_the_dashboard_to_the_cases_behind_a_figure(
    live_server, tree, make_user, artifacts, monkeypatch
):
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls below are
    # plain blocking calls made between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    leader = make_user(
        Role.LEADER, tree.agency(tree.hanoi), covers_subtree=True, full_name="Trần Sỹ Thanh"
    )
    ba_dinh, ngoc_ha = tree.agency(tree.ba_dinh), tree.agency(tree.ngoc_ha)
    late = [
        receive_one(None, ba_dinh, on="2026-02-02", subject="Khiếu nại bồi thường đất"),
        receive_one(None, ba_dinh, on="2026-03-02", subject="Khiếu nại cấp sổ đỏ"),
    ]
    elsewhere = receive_one(None, ngoc_ha, on="2026-03-02", subject="Khiếu nại xây dựng")
    on_time = receive_one(None, ba_dinh, on="2026-05-25", subject="Khiếu nại mới")
    watch_deadlines(today=date(2026, 6, 1))  # the first three are past their deadline

    # Signed in past the second factor, as the test client does, in the browser's jar.
    session = verified_client(leader).cookies[django_settings.SESSION_COOKIE_NAME].value

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        try:
            page.goto(f"{live_server.url}/staff/")
            page.click("nav a[href='/staff/reports/']")
            page.wait_for_url(f"**/staff/reports/unit/{tree.hanoi.pk}/")
            # The leader picks the year, typed as dates are shown: dd/mm/yyyy.
            page.fill("#id_from", "01/01/2026")
            page.fill("#id_to", "31/12/2026")
            page.click(".period-form button[type=submit]")
            page.wait_for_url("**from=01%2F01%2F2026**")
            # The province on the map, and its communes ranked in the grid under it.
            assert page.locator("figure.map path[data-code='01']").count() == 1
            tiles = page.locator(".unit-grid .tile-name")
            assert tiles.all_inner_texts() == ["Phường Ngọc Hà", "Phường Ba Đình"]
            assert page.inner_text(".kpi-overdue_now .kpi-value").strip() == "3"
            page.screenshot(path=str(artifacts / "dashboard-1-province.png"), full_page=True)

            page.click(".unit-grid a:has-text('Phường Ba Đình')")
            page.wait_for_url(f"**/staff/reports/unit/{tree.ba_dinh.pk}/?from=2026-01-01**")
            assert "Phường Ba Đình" in page.inner_text("h1")
            overdue = page.locator(".kpi-overdue_now a")
            assert overdue.locator(".kpi-value").inner_text().strip() == "2"
            page.screenshot(path=str(artifacts / "dashboard-2-commune.png"), full_page=True)

            overdue.click()
            page.wait_for_url("**/staff/petitions/statistics/list/**figure=overdue_now**")
            listed = page.locator("main table tbody tr td:first-child a").all_inner_texts()
            assert sorted(listed) == sorted(p.tracking_code for p in late)
            body = page.inner_text("main")
            assert elsewhere.tracking_code not in body
            assert on_time.tracking_code not in body
            page.screenshot(path=str(artifacts / "dashboard-3-case-list.png"), full_page=True)
        finally:
            context.close()
            browser.close()
    for name in ("dashboard-1-province", "dashboard-2-commune", "dashboard-3-case-list"):
        shot = artifacts / f"{name}.png"
        assert shot.stat().st_size > 1000, shot
