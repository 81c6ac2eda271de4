"""``danvan restore ARCHIVE``: check an archive, restore it, compare and verify."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from danvan.core.backup import BackupError, restore_backup, verify_archive


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và tệp đính kèm từ tệp sao lưu, sau khi kiểm tra mã kiểm "
        "tra (restore a backup archive after checking it)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path, help="Tệp sao lưu do `danvan backup` tạo.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cả khi cơ sở dữ liệu đã có dữ liệu (mọi dữ liệu hiện có bị thay thế).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ kiểm tra tệp sao lưu, không khôi phục.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        try:
            if options["check"]:
                manifest = verify_archive(archive)
                self.stdout.write(
                    _("The archive is intact: %(files)s files and the database match the manifest.")
                    % {"files": len(manifest["files"])}
                )
                return
            result = restore_backup(archive=archive, force=options["force"])
        except BackupError as exc:
            raise CommandError(exc.message) from None
        manifest = result.manifest
        self.stdout.write(
            _("Restored %(name)s, made on %(created)s by danvan %(version)s.")
            % {
                "name": archive.name,
                "created": manifest["created_at"],
                "version": manifest["danvan_version"],
            }
        )
        self.stdout.write(
            _("Tables matching the backup: %(checked)s of %(total)s (%(rows)s rows).")
            % {
                "checked": result.tables_checked,
                "total": len(manifest["tables"]),
                "rows": result.rows,
            }
        )
        self.stdout.write(
            _("Files restored: %(files)s (%(size)s).")
            % {"files": result.files, "size": filesizeformat(result.file_bytes)}
        )
        if result.chain is not None and result.chain.ok:
            self.stdout.write(
                _("Audit log: %(count)s entries, hash chain intact.")
                % {"count": result.chain.checked}
            )
        if result.older_apps:
            self.stdout.write(
                _("The archive is older than this version: run `danvan migrate` (%(apps)s).")
                % {"apps": ", ".join(result.older_apps)}
            )
        for warning in result.warnings:
            self.stderr.write(warning)
        for mismatch in result.mismatches:
            self.stderr.write(mismatch)
        if result.chain is not None:
            for problem in result.chain.problems:
                self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(
                _("The restored data does not match the backup: see the lines above.")
            )
