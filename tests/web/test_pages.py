"""Public and staff pages of the UI shell: language, static assets, error pages, health."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import grant_role, revoke_role

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]

STATIC_ASSETS = ["/static/vendor/htmx/htmx.min.js", "/static/danvan/css/site.css"]
EXTERNAL_REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def assert_vietnamese_phrase(html: str, phrase: str) -> None:
    """One translated phrase on the page. Fails until the vi catalogue is compiled."""
    assert phrase in html, f"expected the Vietnamese phrase {phrase!r} on the page"


def html_of(response: Any) -> str:
    return response.content.decode()


def label(text: object, language: str = "vi") -> str:
    with translation.override(language):
        return str(text)


class TestHome:
    def test_vietnamese_by_default(self, client: Client, tree) -> None:
        response = client.get("/")
        assert response.status_code == 200
        assert response["Content-Language"] == "vi"
        html = html_of(response)
        assert '<html lang="vi">' in html
        assert "Tiếng Việt" in html  # the language menu
        assert_vietnamese_phrase(html, "Trang chủ")

    def test_english_after_choosing_it(self, client: Client, tree) -> None:
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert response.status_code == 302
        assert response["Location"] == "/"

        response = client.get("/")

        assert response["Content-Language"] == "en"
        html = html_of(response)
        assert '<html lang="en">' in html
        assert "Sign in" in html
        assert "Home" in html

    def test_back_to_vietnamese(self, client: Client, tree) -> None:
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
        assert '<html lang="vi">' in html_of(client.get("/"))

    def test_unknown_language_is_ignored(self, client: Client, tree) -> None:
        client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
        response = client.get("/")
        assert response["Content-Language"] == "vi"

    def test_setlang_does_not_redirect_off_site(self, client: Client, tree) -> None:
        response = client.post(
            "/i18n/setlang/", {"language": "en", "next": "https://evil.example/"}
        )
        assert "evil.example" not in response.get("Location", "")

    def test_counts_the_provinces_in_force(self, client: Client, tree) -> None:
        assert client.get("/").context["province_count"] == 2
        tree.ninhbinh.is_active = False
        tree.ninhbinh.save()
        assert client.get("/").context["province_count"] == 1

    def test_links_to_sign_in(self, client: Client, tree) -> None:
        assert 'href="/accounts/login/"' in html_of(client.get("/"))


class TestNoCdn:
    @pytest.mark.parametrize("path", STATIC_ASSETS)
    def test_base_template_assets_are_served(self, client: Client, path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 100

    def test_base_template_references_the_assets(self, client: Client, tree) -> None:
        html = html_of(client.get("/"))
        for path in STATIC_ASSETS:
            assert path in html

    def test_missing_asset_is_404(self, client: Client) -> None:
        assert client.get("/static/vendor/nothing.js").status_code == 404

    @pytest.mark.parametrize(
        "path", ["/", "/accounts/login/", "/khong-co-trang-nay/", "/staff/", "/accounts/2fa/"]
    )
    def test_public_pages_reference_nothing_external(self, client: Client, tree, path: str) -> None:
        response = client.get(path, follow=True)
        html = html_of(response)
        assert "<html" in html
        assert EXTERNAL_REFERENCE.findall(html) == []

    def test_staff_pages_reference_nothing_external(
        self, tree, make_user: MakeUser, client_for: ClientFor
    ) -> None:
        leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
        client = client_for(leader)
        base = f"/staff/units/{tree.ba_dinh.pk}/"
        for path in ["/staff/", base, f"{base}villages/add/", f"{base}villages/import/"]:
            response = client.get(path)
            assert response.status_code == 200, path
            assert EXTERNAL_REFERENCE.findall(html_of(response)) == [], path

    def test_the_pattern_catches_a_cdn(self) -> None:
        assert EXTERNAL_REFERENCE.findall('<script src="https://cdn.example/x.js">')
        assert EXTERNAL_REFERENCE.findall("<link href='//cdn.example/x.css'>")
        assert not EXTERNAL_REFERENCE.findall('<script src="/static/x.js">')


class TestErrorPages:
    def test_404_is_the_project_page_in_vietnamese(self, client: Client, tree) -> None:
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        assert "errors/404.html" in [t.name for t in response.templates]
        assert response["Content-Language"] == "vi"
        html = html_of(response)
        assert '<html lang="vi">' in html
        assert 'href="/"' in html  # a way back home
        assert "Traceback" not in html
        assert_vietnamese_phrase(html, "Không tìm thấy trang")

    def test_404_for_a_unit_that_does_not_exist(
        self, tree, make_user: MakeUser, client_for: ClientFor
    ) -> None:
        leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
        response = client_for(leader).get("/staff/units/999999/")
        assert response.status_code == 404
        assert "errors/404.html" in [t.name for t in response.templates]


class TestHealthz:
    def test_ok(self, client: Client) -> None:
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"status": "ok"}

    def test_only_get(self, client: Client) -> None:
        assert client.post("/healthz").status_code == 405

    def test_signed_in_staff_without_second_factor_still_gets_it(
        self, client: Client, tree, make_user: MakeUser
    ) -> None:
        client.force_login(make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh)))
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


class TestStaffHome:
    def test_anonymous_is_sent_to_login(self, client: Client) -> None:
        response = client.get("/staff/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/staff/"

    def test_lists_the_users_roles(self, tree, make_user: MakeUser, client_for: ClientFor) -> None:
        user = make_user(Role.LEADER, tree.agency(tree.ba_dinh), full_name="Hoàng Văn Trưởng")
        grant_role(actor=None, user=user, role=Role.MONITOR, agency=tree.agency(tree.bac_ly))

        response = client_for(user).get("/staff/")

        assert response.status_code == 200
        html = html_of(response)
        assert "Hoàng Văn Trưởng" in html
        assert label(Role.LEADER.label) in html
        assert label(Role.MONITOR.label) in html
        assert tree.agency(tree.ba_dinh).name in html
        assert tree.agency(tree.bac_ly).name in html
        assert f'href="/staff/units/{tree.ba_dinh.pk}/"' in html
        assert f'href="/staff/units/{tree.bac_ly.pk}/"' in html
        assert f'href="/staff/units/{tree.ngoc_ha.pk}/"' not in html

    def test_revoked_roles_are_not_listed(
        self, tree, make_user: MakeUser, client_for: ClientFor
    ) -> None:
        user = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
        extra = grant_role(
            actor=None, user=user, role=Role.MONITOR, agency=tree.agency(tree.bac_ly)
        )
        revoke_role(actor=None, assignment=extra)

        html = html_of(client_for(user).get("/staff/"))

        assert label(Role.LEADER.label) in html
        assert label(Role.MONITOR.label) not in html
        assert tree.agency(tree.bac_ly).name not in html

    def test_user_without_roles_is_a_citizen_and_sees_their_cases(
        self, make_user: MakeUser, client_for: ClientFor
    ) -> None:
        client = client_for(make_user())
        response = client.get("/staff/")
        assert response.status_code == 302
        assert response["Location"] == "/cong-dan/cua-toi/"
        page = client.get("/cong-dan/cua-toi/")
        assert page.status_code == 200
        assert list(page.context["page"].object_list) == []


class TestUnitDetail:
    def test_unit_in_scope(self, tree, make_user: MakeUser, client_for: ClientFor) -> None:
        leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
        response = client_for(leader).get(f"/staff/units/{tree.ba_dinh.pk}/")
        assert response.status_code == 200
        html = html_of(response)
        assert tree.ba_dinh.name in html
        assert tree.hanoi.name in html  # breadcrumb
        assert f"/staff/units/{tree.ba_dinh.pk}/villages/add/" in html

    def test_monitor_reads_but_sees_no_manage_buttons(
        self, tree, make_user: MakeUser, client_for: ClientFor
    ) -> None:
        monitor = make_user(Role.MONITOR, tree.agency(tree.hanoi))
        response = client_for(monitor).get(f"/staff/units/{tree.ba_dinh.pk}/")
        assert response.status_code == 200
        assert "/villages/add/" not in html_of(response)

    @pytest.mark.parametrize("outside", ["ngoc_ha", "bac_ly", "hanoi", "nation"])
    def test_unit_outside_scope_is_403_in_vietnamese(
        self, tree, make_user: MakeUser, client_for: ClientFor, outside: str
    ) -> None:
        leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
        unit = getattr(tree, outside)

        response = client_for(leader).get(f"/staff/units/{unit.pk}/")

        assert response.status_code == 403
        assert "errors/403.html" in [t.name for t in response.templates]
        assert response["Content-Language"] == "vi"
        html = html_of(response)
        assert '<html lang="vi">' in html
        assert unit.name not in html  # nothing about the unit leaks
        assert_vietnamese_phrase(html, "Không có quyền truy cập")

    def test_commune_officer_cannot_read_the_sibling_commune(
        self, tree, make_user: MakeUser, client_for: ClientFor
    ) -> None:
        officer = make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh))
        client = client_for(officer)
        assert client.get(f"/staff/units/{tree.ba_dinh.pk}/").status_code == 200
        assert client.get(f"/staff/units/{tree.ngoc_ha.pk}/").status_code == 403

    def test_citizen_gets_403(self, tree, make_user: MakeUser, client_for: ClientFor) -> None:
        citizen = make_user(Role.CITIZEN)
        response = client_for(citizen).get(f"/staff/units/{tree.ba_dinh.pk}/")
        assert response.status_code == 403

    def test_anonymous_is_sent_to_login(self, client: Client, tree) -> None:
        response = client.get(f"/staff/units/{tree.ba_dinh.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


class TestLanguageChoice:
    def test_english_browser_still_gets_vietnamese(self, client: Client, tree) -> None:
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response["Content-Language"] == "vi"
        assert 'lang="vi"' in response.content.decode()

    def test_cookie_with_an_unknown_language_falls_back_to_vietnamese(
        self, client: Client, tree
    ) -> None:
        client.cookies["django_language"] = "fr"
        assert client.get("/")["Content-Language"] == "vi"
