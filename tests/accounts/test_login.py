"""Signing in: phone or e-mail, throttling (django-axes), staff second factor (TOTP),
and safe redirects."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import create_user
from danvan.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
LOGIN = "/accounts/login/"
TWO_FACTOR = "/accounts/2fa/"
STAFF = "/staff/"


def assert_vietnamese_phrase(html: str, phrase: str) -> None:
    """One translated phrase on the page. Fails until the vi catalogue is compiled."""
    assert phrase in html, f"expected the Vietnamese phrase {phrase!r} on the page"


def national(phone: str) -> str:
    """+84912001000 → 0912001000."""
    assert phone.startswith("+84")
    return "0" + phone[3:]


def login(client: Client, username: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    accepted = {
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, drift).token():06d}"
        for drift in range(-3, 4)
    }
    return next(code for code in ("123456", "654321", "111111", "222222") if code not in accepted)


@pytest.fixture
def staff(tree, make_user: MakeUser) -> User:
    return make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ba_dinh))


@pytest.fixture
def citizen(make_user: MakeUser) -> User:
    return make_user(Role.CITIZEN)


class TestLoginPage:
    def test_get_is_vietnamese_by_default(self, client: Client) -> None:
        response = client.get(LOGIN)
        assert response.status_code == 200
        assert response["Content-Language"] == "vi"
        html = response.content.decode()
        assert '<html lang="vi">' in html
        assert 'name="username"' in html
        assert 'name="password"' in html
        assert_vietnamese_phrase(html, "Đăng nhập")

    def test_form_posts_with_a_csrf_token(self, client: Client) -> None:
        html = client.get(LOGIN).content.decode()
        assert 'name="csrfmiddlewaretoken"' in html


class TestPasswordLogin:
    def test_phone_in_national_format(self, client: Client, citizen: User) -> None:
        response = login(client, national(citizen.phone))
        assert response.status_code == 302
        assert signed_in_as(client) == citizen.pk

    @pytest.mark.parametrize(
        "spell",
        [
            lambda n: f"{n[:4]} {n[4:7]} {n[7:]}",
            lambda n: f"{n[:4]}.{n[4:7]}.{n[7:]}",
            lambda n: "+84" + n[1:],
            lambda n: "84" + n[1:],
        ],
        ids=["spaces", "dots", "plus84", "84"],
    )
    def test_phone_in_any_common_format(
        self, client: Client, citizen: User, spell: Callable[[str], str]
    ) -> None:
        response = login(client, spell(national(citizen.phone)))
        assert response.status_code == 302
        assert signed_in_as(client) == citizen.pk

    def test_email_any_case(self, client: Client) -> None:
        user = create_user(
            actor=None,
            phone="0912999001",
            email="can.bo@example.gov.vn",
            full_name="Đỗ Thị Thư",
            password=PASSWORD,
            check_password_strength=False,
        )
        response = login(client, "Can.Bo@EXAMPLE.gov.vn")
        assert response.status_code == 302
        assert signed_in_as(client) == user.pk

    def test_wrong_password_shows_the_error(self, client: Client, citizen: User) -> None:
        response = login(client, citizen.phone, "sai-mat-khau")
        assert response.status_code == 200
        form = response.context["form"]
        assert [e.code for e in form.non_field_errors().as_data()] == ["invalid_login"]
        assert str(form.non_field_errors()[0]) in response.content.decode()
        assert signed_in_as(client) is None

    def test_unknown_user_shows_the_same_error(self, client: Client, tree) -> None:
        response = login(client, "0987654321")
        assert response.status_code == 200
        form = response.context["form"]
        assert [e.code for e in form.non_field_errors().as_data()] == ["invalid_login"]
        assert signed_in_as(client) is None

    @pytest.mark.parametrize("username", ["", "not-a-phone", "12345"])
    def test_malformed_username_is_refused(
        self, client: Client, citizen: User, username: str
    ) -> None:
        response = login(client, username)
        assert response.status_code == 200
        assert signed_in_as(client) is None

    def test_inactive_user_cannot_sign_in(self, client: Client, citizen: User) -> None:
        User.objects.filter(pk=citizen.pk).update(is_active=False)
        response = login(client, citizen.phone)
        assert response.status_code == 200
        assert signed_in_as(client) is None

    def test_user_without_password_cannot_sign_in_with_an_empty_one(
        self, client: Client, tree
    ) -> None:
        create_user(actor=None, phone="0912999002", full_name="Không Mật Khẩu")
        response = login(client, "0912999002", "")
        assert response.status_code == 200
        assert signed_in_as(client) is None


class TestThrottling:
    def fail(self, client: Client, username: str, times: int) -> None:
        for _ in range(times):
            response = login(client, username, "sai-mat-khau")
            assert signed_in_as(client) is None
            assert response.status_code in (200, 429)

    def assert_locked_out(self, response: Any, client: Client) -> None:
        assert response.status_code == 429
        assert "accounts/locked_out.html" in [t.name for t in response.templates]
        assert signed_in_as(client) is None
        assert client.get(STAFF).status_code == 302

    def test_right_password_refused_after_five_failures(
        self, client: Client, citizen: User
    ) -> None:
        self.fail(client, citizen.phone, 5)

        response = login(client, citizen.phone)

        self.assert_locked_out(response, client)

    def test_four_failures_do_not_lock(self, client: Client, citizen: User) -> None:
        self.fail(client, citizen.phone, 4)
        response = login(client, citizen.phone)
        assert response.status_code == 302
        assert signed_in_as(client) == citizen.pk

    def test_lockout_is_per_account(
        self, client: Client, citizen: User, make_user: MakeUser
    ) -> None:
        other = make_user(Role.CITIZEN)
        self.fail(client, citizen.phone, 5)
        response = login(client, other.phone)
        assert response.status_code == 302
        assert signed_in_as(client) == other.pk

    def test_changing_the_phone_format_does_not_reset_the_count(
        self, client: Client, citizen: User
    ) -> None:
        """The same account typed five different ways is still five failures."""
        n = national(citizen.phone)
        variants = [n, f"{n[:4]} {n[4:7]} {n[7:]}", "+84" + n[1:], "84" + n[1:], f"{n[:4]}.{n[4:]}"]
        for variant in variants:
            login(client, variant, "sai-mat-khau")

        response = login(client, f"{n[:4]}-{n[4:7]}-{n[7:]}")

        self.assert_locked_out(response, client)


class TestStaffTwoFactor:
    def sign_in(self, client: Client, user: User) -> None:
        response = login(client, national(user.phone))
        assert response.status_code == 302
        assert signed_in_as(client) == user.pk

    def test_staff_is_sent_to_2fa(self, client: Client, staff: User) -> None:
        self.sign_in(client, staff)

        response = client.get(STAFF)

        assert response.status_code == 302
        assert response["Location"] == f"{TWO_FACTOR}?next={quote(STAFF, safe='')}"

    @pytest.mark.parametrize("path", ["/", "/staff/units/1/", "/admin/"])
    def test_staff_cannot_go_anywhere_else_first(
        self, client: Client, staff: User, path: str
    ) -> None:
        self.sign_in(client, staff)
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(TWO_FACTOR)

    def test_setup_page_shows_key_and_qr_image(self, client: Client, staff: User) -> None:
        self.sign_in(client, staff)

        response = client.get(f"{TWO_FACTOR}?next=/staff/")

        assert response.status_code == 200
        device = TOTPDevice.objects.get(user=staff, confirmed=False)
        html = response.content.decode()
        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        assert secret in html
        match = re.search(r'<img[^>]+src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
        assert match is not None
        assert base64.b64decode(match.group(1)).lstrip().startswith((b"<?xml", b"<svg"))

    def test_setup_page_reuses_the_pending_device(self, client: Client, staff: User) -> None:
        self.sign_in(client, staff)
        client.get(TWO_FACTOR)
        client.get(TWO_FACTOR)
        assert TOTPDevice.objects.filter(user=staff).count() == 1

    def test_valid_code_confirms_the_device_and_opens_staff_pages(
        self, client: Client, staff: User
    ) -> None:
        self.sign_in(client, staff)
        client.get(TWO_FACTOR)
        device = TOTPDevice.objects.get(user=staff, confirmed=False)

        response = client.post(TWO_FACTOR, {"token": code_for(device), "next": STAFF})

        assert response.status_code == 302
        assert response["Location"] == STAFF
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(STAFF).status_code == 200
        assert AuditEntry.objects.filter(action="accounts.2fa.enable", actor_id=staff.pk).exists()

    def test_wrong_code_is_refused(self, client: Client, staff: User) -> None:
        self.sign_in(client, staff)
        client.get(TWO_FACTOR)
        device = TOTPDevice.objects.get(user=staff, confirmed=False)

        response = client.post(TWO_FACTOR, {"token": wrong_code_for(device), "next": STAFF})

        assert response.status_code == 200
        assert response.context["form"].errors["token"]
        device.refresh_from_db()
        assert not device.confirmed
        assert client.get(STAFF).status_code == 302

    @pytest.mark.parametrize("token", ["abcdef", "12", "", "1234567890"])
    def test_malformed_code_is_refused(self, client: Client, staff: User, token: str) -> None:
        self.sign_in(client, staff)
        client.get(TWO_FACTOR)
        response = client.post(TWO_FACTOR, {"token": token})
        assert response.status_code == 200
        assert response.context["form"].errors["token"]
        assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()

    def test_confirmed_device_is_asked_for_on_the_next_sign_in(
        self, client: Client, staff: User
    ) -> None:
        device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
        self.sign_in(client, staff)

        page = client.get(f"{TWO_FACTOR}?next=/staff/")
        assert page.status_code == 200
        assert "accounts/two_factor_verify.html" in [t.name for t in page.templates]
        assert TOTPDevice.objects.filter(user=staff).count() == 1  # no second device offered

        response = client.post(TWO_FACTOR, {"token": code_for(device), "next": STAFF})

        assert response.status_code == 302
        assert response["Location"] == STAFF
        assert client.get(STAFF).status_code == 200

    def test_confirmed_device_wrong_code_is_refused(self, client: Client, staff: User) -> None:
        device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
        self.sign_in(client, staff)

        response = client.post(TWO_FACTOR, {"token": wrong_code_for(device), "next": STAFF})

        assert response.status_code == 200
        assert response.context["form"].errors["token"]
        assert client.get(STAFF).status_code == 302

    def test_anonymous_cannot_open_2fa(self, client: Client) -> None:
        response = client.get(TWO_FACTOR)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    def test_citizen_is_not_asked_for_2fa(self, client: Client, citizen: User) -> None:
        self.sign_in(client, citizen)
        response = client.get(STAFF)
        # Not sent to the second step: a citizen lands on their own cases.
        assert response.status_code == 302
        assert response["Location"] == "/cong-dan/cua-toi/"
        assert client.get(response["Location"]).status_code == 200
        assert client.get("/").status_code == 200

    def test_staff_may_sign_out_before_2fa(self, client: Client, staff: User) -> None:
        self.sign_in(client, staff)
        response = client.post("/accounts/logout/")
        assert response.status_code == 302
        assert signed_in_as(client) is None


EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "http://evil.example/staff/",
    "javascript:alert(1)",
]


class TestRedirects:
    def test_login_follows_a_local_next(self, client: Client, citizen: User) -> None:
        response = login(client, citizen.phone, next="/?tab=1")
        assert response.status_code == 302
        assert response["Location"] == "/?tab=1"

    @pytest.mark.parametrize("target", EVIL)
    def test_login_next_cannot_leave_the_site(
        self, client: Client, citizen: User, target: str
    ) -> None:
        response = client.post(
            f"{LOGIN}?next={quote(target, safe='')}",
            {"username": citizen.phone, "password": PASSWORD, "next": target},
        )
        assert response.status_code == 302
        assert response["Location"] == STAFF
        assert signed_in_as(client) == citizen.pk

    @pytest.mark.parametrize("target", EVIL)
    def test_login_form_does_not_carry_an_off_site_next(self, client: Client, target: str) -> None:
        html = client.get(f"{LOGIN}?next={quote(target, safe='')}").content.decode()
        carried = re.findall(r'<input type="hidden" name="next" value="([^"]*)">', html)
        assert carried == [""]

    @pytest.mark.parametrize("target", EVIL)
    def test_2fa_next_cannot_leave_the_site(self, client: Client, staff: User, target: str) -> None:
        login(client, staff.phone)
        client.get(TWO_FACTOR)
        device = TOTPDevice.objects.get(user=staff, confirmed=False)

        response = client.post(
            f"{TWO_FACTOR}?next={quote(target, safe='')}",
            {"token": code_for(device), "next": target},
        )

        assert response.status_code == 302
        assert response["Location"] == STAFF
