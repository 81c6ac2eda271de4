"""``danvan otp-code PHONE``: print the current TOTP code of a demo account (DEBUG only)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.selectors import user_by_login


class Command(BaseCommand):
    help = "In mã xác thực 2 lớp hiện tại của một tài khoản mẫu (chỉ khi DEBUG=1)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("login", help="Số điện thoại hoặc e-mail")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Lệnh này chỉ dùng cho bản chạy thử (DEBUG=1).")
        user = user_by_login(options["login"])
        if user is None:
            raise CommandError(f"Không có tài khoản {options['login']!r}.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError("Tài khoản này chưa có thiết bị xác thực 2 lớp.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
