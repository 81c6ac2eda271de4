"""``danvan backup``: one archive of the database and the stored files, with a manifest."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from danvan.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp lưu trữ có bản kê và mã kiểm tra "
        "(back up the database and files into one archive with a manifest)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output",
            help="Thư mục (có sẵn, hoặc kết thúc bằng /) hoặc tên tệp; mặc định var/backups/.",
        )
        parser.add_argument("--gzip", action="store_true", help="Nén tệp lưu trữ (.tar.gz).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = create_backup(output=options["output"], compress=options["gzip"])
        except BackupError as exc:
            raise CommandError(exc.message) from None
        manifest = result.manifest
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(_("Backup written: %(path)s") % {"path": result.path})
        self.stdout.write(
            _("Size %(size)s, SHA-256 %(sha256)s")
            % {"size": filesizeformat(result.size), "sha256": result.sha256}
        )
        self.stdout.write(
            _("%(tables)s tables, %(rows)s rows, %(files)s files; audit log up to entry #%(seq)s.")
            % {
                "tables": len(manifest["tables"]),
                "rows": rows,
                "files": len(manifest["files"]),
                "seq": manifest["audit"].get("last_seq") or 0,
            }
        )
        self.stdout.write(
            _(
                "The archive holds personal data: store it encrypted, where only authorised "
                "people can read it."
            )
        )
