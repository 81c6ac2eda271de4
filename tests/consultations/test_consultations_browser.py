"""In a real browser: a citizen on a phone comments on an article of a draft; an officer
enters a village meeting's 40 comments in one form; after the period the officer groups
the comments and sees the groups; the published explanation report is a PDF whose
Vietnamese text reads back correctly and whose first page renders as an image.
Screenshots are kept as artefacts (``test-artifacts/browser/``).

Chromium driven by Playwright; without it the test is skipped, unless
DANVAN_REQUIRE_BROWSER=1, where a missing browser is a failure. The page image needs
pdftoppm, required where DANVAN_REQUIRE_PDFTOPPM=1."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from pypdf import PdfReader

from danvan.accounts.roles import Role
from danvan.consultations import services
from danvan.consultations.models import Comment, CommentGroup, Consultation, DraftSection
from danvan.portal.challenge import WORDS_VI
from danvan.units.services import add_village
from tests.browser import require_browser
from tests.conftest import verified_client
from tests.consultations.conftest import STRUCTURED, make_consultation

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CITIZEN_TEXT = "Đề nghị quy định rõ thời hạn niêm yết công khai tại nhà văn hóa thôn."

# A village meeting's comments: three opinions, each said several ways, as minutes read.
MEETING = [
    ("agree", "Nhất trí với nội dung của điều này, đề nghị sớm ban hành.", 3),
    ("agree", "Tôi đồng ý với dự thảo, đề nghị ban hành sớm.", 1),
    ("agree", "nhat tri voi noi dung, de nghi som ban hanh", 2),
    ("propose", "Đề nghị niêm yết công khai tại nhà văn hóa thôn ít nhất 30 ngày.", 1),
    ("propose", "Kính gửi UBND, đề nghị niêm yết tại nhà văn hóa thôn tối thiểu 30 ngày.", 2),
    ("propose", "de nghi niem yet cong khai o nha van hoa thon it nhat 30 ngay", 1),
    ("disagree", "Không đồng ý thu thêm khoản đóng góp của các hộ gia đình.", 4),
    ("disagree", "Tôi không đồng ý việc thu thêm đóng góp của hộ gia đình.", 1),
]


def _answer(question: str) -> str:
    match = re.search(r"(\w+)\s+cộng\s+(\w+)", question.lower())
    assert match, question
    return str(WORDS_VI.index(match.group(1)) + WORDS_VI.index(match.group(2)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_citizen_comment_meeting_entry_grouping_and_the_report(
    live_server, tree, make_user, artifacts, monkeypatch, tmp_path, settings
):
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    officer = make_user(Role.LEADER, tree.agency(tree.ba_dinh), full_name="Phạm Thị Dung")
    village = add_village(actor=None, commune=tree.ba_dinh, name="Tổ dân phố 7")
    # Opened 25 days ago, the period ends today: citizens may still comment.
    consultation = make_consultation(tree, opens_on=today - timedelta(days=25), closes_on=today)
    services.import_draft(actor=None, consultation=consultation, text=STRUCTURED)
    services.open_consultation(
        actor=None, consultation=consultation, today=today - timedelta(days=25)
    )
    articles = list(DraftSection.objects.filter(consultation=consultation, kind="article"))
    article = articles[0]
    session = verified_client(officer).cookies[django_settings.SESSION_COOKIE_NAME].value

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            # 1. A citizen, not signed in, on a phone.
            citizen = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
            citizen.goto(f"{live_server.url}/cong-dan/y-kien/{consultation.pk}/")
            section = citizen.locator(f"#section-{article.pk}")
            section.locator("summary").click()
            prefix = f"s{article.pk}"
            section.locator(f"input[name='{prefix}-position'][value='propose']").check()
            section.locator(f"#id_{prefix}-text").fill(CITIZEN_TEXT)
            question = section.locator(f"#id_{prefix}-answer_help").inner_text()
            section.locator(f"#id_{prefix}-answer").fill(_answer(question))
            section.locator("button[type=submit]").click()
            citizen.wait_for_load_state()
            width = citizen.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], width
            citizen.screenshot(path=str(artifacts / "consultation-1-citizen.png"), full_page=True)
            citizen.context.close()
            saved = Comment.objects.get(consultation=consultation, channel="portal")
            assert (saved.section_id, saved.position, saved.text) == (
                article.pk,
                "propose",
                CITIZEN_TEXT,
            )

            # 2. The officer enters the meeting's 40 comments in one form.
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
            page = staff.new_page()
            page.goto(f"{live_server.url}/staff/consultations/{consultation.pk}/bulk/")
            assert page.locator("textarea[name$='-text']").count() >= 40
            page.select_option("#id_village", str(village.pk))
            page.fill("#id_held_on", (today - timedelta(days=3)).isoformat())
            page.fill("#id_attendees", "80")
            for row in range(40):
                position, text, people = MEETING[row % len(MEETING)]
                target = articles[row % 2]
                page.select_option(f"#id_rows-{row}-section", str(target.pk))
                page.select_option(f"#id_rows-{row}-position", position)
                page.fill(f"#id_rows-{row}-text", text)
                page.fill(f"#id_rows-{row}-people", str(people))
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
            meeting = Comment.objects.filter(consultation=consultation, channel="meeting")
            assert meeting.count() == 40, page.inner_text("main")[:1500]
            assert {c.village_id for c in meeting} == {village.pk}
            page.screenshot(path=str(artifacts / "consultation-2-meeting.png"), full_page=True)

            # 3. After the period the officer closes comments and groups them.
            services.close_comments(
                actor=officer, consultation=consultation, today=today + timedelta(days=1)
            )
            page.goto(f"{live_server.url}/staff/consultations/{consultation.pk}/aggregation/")
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
            groups = CommentGroup.objects.filter(consultation=consultation)
            # Three opinions per article, said in many ways, and the citizen's proposal
            # joins the meeting's proposals on the first article.
            assert groups.count() == 6, [(g.section_id, g.people) for g in groups]
            assert page.locator("main tr[id^='group-']").count() == 6
            assert "Đa số" in page.inner_text("main")
            page.screenshot(path=str(artifacts / "consultation-3-aggregation.png"), full_page=True)
            staff.close()
        finally:
            browser.close()

    # 4. Decisions and publication (through the services), then the portal's PDF.
    for group in CommentGroup.objects.filter(consultation=consultation):
        refused = group.positions.get("disagree", 0) > 0
        services.decide_group(
            actor=officer,
            group=group,
            decision="not_accepted" if refused else "accepted",
            explanation="Khoản đóng góp do hộ gia đình tự nguyện, không thu bắt buộc."
            if refused
            else "",
        )
    services.publish_explanation(
        actor=officer, consultation=consultation, signer_name="Phạm Thị Dung"
    )
    consultation = Consultation.objects.get(pk=consultation.pk)
    assert consultation.published_on == today
    from django.test import Client

    response = Client().get(f"/cong-dan/y-kien/{consultation.pk}/bao-cao.pdf")
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    pages = PdfReader(io.BytesIO(pdf)).pages
    # Table cells wrap their lines: compare with the whitespace folded.
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for phrase in ("BÁO CÁO", "Tiếp thu", "giải trình", "Điều 1", "nhà văn hóa thôn"):
        assert phrase in text, phrase

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("DANVAN_REQUIRE_PDFTOPPM") == "1":
            pytest.fail("pdftoppm is required (DANVAN_REQUIRE_PDFTOPPM=1) but was not found.")
        return
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    target = artifacts / "consultation-4-report"
    subprocess.run(  # noqa: S603 - a fixed program and our own file
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(target)],
        check=True,
    )
    [image] = list(artifacts.glob("consultation-4-report*.png"))
    from PIL import Image

    with Image.open(image) as picture:
        extrema = picture.convert("L").getextrema()
    assert extrema[0] < 100 < extrema[1], extrema  # dark text on a light page
