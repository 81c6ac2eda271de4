"""A citizen on a phone, in a real browser: find the commune, send a petition with a
photo, get the code, follow the case. Screenshots of each step are kept as artefacts
(``test-artifacts/browser/`` or ``$DANVAN_TEST_ARTIFACTS``).

The browser is the system's Chromium driven by Playwright. Where it is missing the test
is skipped, unless DANVAN_REQUIRE_BROWSER=1 (as in continuous integration), where a
missing browser is a failure."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from danvan.documents.selectors import attachments_of
from danvan.petitions.models import Petition
from danvan.portal.challenge import WORDS_VI
from tests.browser import require_browser

PHONE = {"width": 390, "height": 844}


def _answer(question: str) -> str:
    """Solve the check question the way a person reads it: '<Word> cộng <word>'."""
    match = re.search(r"(\w+)\s+cộng\s+(\w+)", question.lower())
    assert match, question
    return str(WORDS_VI.index(match.group(1)) + WORDS_VI.index(match.group(2)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_citizen_on_a_phone_sends_a_petition_and_follows_it(
    live_server, tree, artifacts, tmp_path, settings, monkeypatch
):
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    settings.MEDIA_ROOT = tmp_path / "media"
    # Playwright's sync API runs an event loop in this thread; the ORM calls below are
    # plain blocking calls made between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    photo = tmp_path / "den-hong.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(photo)
    second = tmp_path / "bien-ban.pdf"
    second.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
        )
        page = context.new_page()
        try:
            page.goto(f"{live_server.url}/cong-dan/")
            page.fill("#id_q", "bac ly")
            page.keyboard.press("Enter")
            page.wait_for_selector("text=Xã Bắc Lý")
            page.screenshot(path=str(artifacts / "1-tim-xa.png"), full_page=True)
            page.click("text=Xã Bắc Lý")

            page.wait_for_selector("#id_subject")
            page.check("input[name=kind][value=feedback]")
            page.fill("#id_subject", "Đèn đường thôn 3 bị hỏng")
            page.fill("#id_content", "Đèn đường trước nhà văn hóa thôn 3 hỏng đã hai tuần.")
            page.fill("#id_location_address", "Trước nhà văn hóa thôn 3")
            page.fill("#id_full_name", "Trương Văn Hùng")
            page.fill("#id_phone", "0912 345 678")
            page.set_input_files("#id_attachments", [str(photo), str(second)])
            page.fill("#id_answer", _answer(page.inner_text("#id_answer_help")))
            # Nothing on the page is wider than the phone's screen.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], width
            page.screenshot(path=str(artifacts / "2-dien-don.png"), full_page=True)
            page.click("button[type=submit]:has-text('Gửi')")

            page.wait_for_selector(".tracking-code")
            code = page.inner_text(".tracking-code").strip()
            page.screenshot(path=str(artifacts / "3-ma-tra-cuu.png"), full_page=True)
            petition = Petition.objects.get()
            assert code == petition.tracking_code
            assert petition.channel == "portal"
            assert sorted(a.original_name for a in attachments_of(petition)) == [
                "bien-ban.pdf",
                "den-hong.png",
            ]

            page.click("a.button:has-text('Theo dõi')")
            page.wait_for_url(f"**/cong-dan/tra-cuu/{code}/")
            assert code in page.inner_text("h1")
            body = page.inner_text("main")
            assert "Đã tiếp nhận" in body
            assert "Trương Văn Hùng" not in body
            page.screenshot(path=str(artifacts / "4-theo-doi.png"), full_page=True)
        finally:
            context.close()
            browser.close()
    for name in ("1-tim-xa", "2-dien-don", "3-ma-tra-cuu", "4-theo-doi"):
        shot = artifacts / f"{name}.png"
        assert shot.stat().st_size > 1000, shot
