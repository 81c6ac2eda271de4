"""``danvan api-token issue LOGIN --name NAME`` / ``danvan api-token revoke PREFIX``."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.selectors import user_by_login
from danvan.api.models import ApiToken
from danvan.api.tokens import issue_token, revoke_token


class Command(BaseCommand):
    help = "Cấp hoặc thu hồi khóa API (Issue or revoke an API key)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Cấp khóa mới cho một tài khoản")
        issue.add_argument("login", help="Số điện thoại hoặc e-mail của tài khoản")
        issue.add_argument("--name", required=True, help="Tên khóa, ví dụ tên phần mềm dùng nó")
        issue.add_argument("--days", type=int, default=None, help="Số ngày hiệu lực")
        revoke = sub.add_parser("revoke", help="Thu hồi khóa theo phần đầu của khóa")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "issue":
                user = user_by_login(options["login"])
                if user is None:
                    raise CommandError(f"Không có tài khoản {options['login']!r}.")
                token, raw = issue_token(
                    actor=None, user=user, name=options["name"], valid_days=options["days"]
                )
                self.stdout.write(raw)
                self.stderr.write(
                    f"Đã cấp khóa {token.prefix}… cho {user}. Khóa chỉ hiện một lần này."
                )
            else:
                found = ApiToken.objects.filter(prefix=options["prefix"][:10]).first()
                if found is None:
                    raise CommandError(f"Không có khóa bắt đầu bằng {options['prefix']!r}.")
                revoke_token(actor=None, token=found)
                self.stdout.write(f"Đã thu hồi khóa {found.prefix}….")
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
