"""In a real browser: the commune's monitor shows disclosure as late because the
democracy rules are not on display; an officer records them with a photo of the notice
board; the citizen portal lists them; the monitor now shows the duty met. Screenshots
are kept as artefacts (``test-artifacts/browser/`` or ``$DANVAN_TEST_ARTIFACTS``).

Chromium driven by Playwright; without it the test is skipped, unless
DANVAN_REQUIRE_BROWSER=1, where a missing browser is a failure."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.disclosures.models import Disclosure, Form, Subject
from danvan.disclosures.selectors import evidence_of
from danvan.disclosures.services import publish_disclosure, record_disclosure
from tests.browser import require_browser
from tests.conftest import verified_client

PHONE = {"width": 412, "height": 915}
TITLE = "Quy chế thực hiện dân chủ ở cơ sở của Phường Ba Đình năm 2026"


def _photo(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (235, 230, 210))
    ImageDraw.Draw(image).rectangle((20, 20, 300, 220), outline=(120, 20, 20), width=6)
    out = io.BytesIO()
    image.save(out, "JPEG")
    path = folder / "bang-tin-phuong.jpg"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_officer_records_a_disclosure_and_the_monitor_turns_from_late_to_met(
    live_server, tree, make_user, artifacts, monkeypatch, tmp_path, settings
):
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    officer = make_user(
        Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh), full_name="Trần Thị Bình"
    )
    # Everything else the commune must have on display is there; the rules are not.
    today = timezone.localdate()
    recent = max(date(today.year, 1, 1), today - timedelta(days=2))
    for subject in (Subject.PROCEDURES, Subject.PLANS, Subject.BUDGET):
        standing = record_disclosure(
            actor=officer,
            agency=tree.agency(tree.ba_dinh),
            subject=subject,
            title=f"Công khai {subject}",
            decided_on=recent,
        )
        publish_disclosure(
            actor=officer,
            disclosure=standing,
            published_on=recent,
            forms=[Form.NOTICE_BOARD],
        )
    photo = _photo(tmp_path)
    session = verified_client(officer).cookies[django_settings.SESSION_COOKIE_NAME].value
    monitor = f"{live_server.url}/staff/compliance/{tree.ba_dinh.pk}/"
    duty = "tr[data-duty='disclosure']"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, locale="vi-VN")
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
            page.goto(monitor)
            assert page.get_attribute(duty, "data-state") == "late"
            assert "Quá hạn" in page.inner_text(f"{duty} .badge")
            page.screenshot(path=str(artifacts / "monitor-1-late.png"), full_page=True)

            page.goto(f"{live_server.url}/staff/disclosures/new/")
            page.select_option("#id_subject", Subject.DEMOCRACY_RULES.value)
            page.fill("#id_title", TITLE)
            page.fill("#id_decided_on", today.isoformat())
            page.click("main form button[type=submit]")
            page.wait_for_url("**/staff/disclosures/*/")
            publish = page.locator("section[aria-labelledby='publish-heading'] form")
            publish.locator("#id_published_on").fill(today.isoformat())
            publish.locator(f"input[name=forms][value={Form.NOTICE_BOARD.value}]").check()
            publish.locator(f"input[name=forms][value={Form.PORTAL.value}]").check()
            publish.locator("input[name=evidence]").set_input_files(str(photo))
            page.screenshot(path=str(artifacts / "monitor-2-record.png"), full_page=True)
            publish.locator("button[type=submit]").click()
            page.wait_for_load_state()
            assert "bang-tin-phuong.jpg" in page.inner_text("main")

            # The portal, for anyone: no sign-in needed.
            public = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
            public.goto(f"{live_server.url}/cong-dan/cong-khai/{tree.ba_dinh.code}/")
            assert TITLE in public.inner_text("main")
            public.screenshot(path=str(artifacts / "monitor-3-portal.png"), full_page=True)
            public.context.close()

            page.goto(monitor)
            assert page.get_attribute(duty, "data-state") == "met"
            assert "Đạt" in page.inner_text(f"{duty} .badge")
            page.screenshot(path=str(artifacts / "monitor-4-met.png"), full_page=True)
        finally:
            context.close()
            browser.close()

    recorded = Disclosure.objects.get(title=TITLE)
    assert recorded.published_on == today
    assert recorded.permanent
    assert [a.original_name for a in evidence_of(recorded)] == ["bang-tin-phuong.jpg"]
    for name in ("monitor-1-late", "monitor-2-record", "monitor-3-portal", "monitor-4-met"):
        assert (artifacts / f"{name}.png").stat().st_size > 1000
