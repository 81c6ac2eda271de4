"""`danvan backup` and `danvan restore`: a round trip into an empty database on the same
engine as the suite (SQLite or PostgreSQL), and every kind of bad archive refused before
anything changes.

Backups read committed data (pg_dump is another process), so these tests commit: they
use transactional databases. The restore runs as a real command in a child process
against a database of its own, as an operator would run it on a new server.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.core import backup
from danvan.core.backup import BackupError, create_backup, restore_backup, verify_archive
from danvan.documents.models import Attachment
from danvan.documents.services import store_attachment
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition, PetitionKind
from danvan.petitions.services import PetitionDraft
from tests.documents.conftest import docx_bytes, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AUDIT_TABLES = {"audit_auditentry", "audit_auditchainhead"}


# --- helpers ----------------------------------------------------------------------------


def live_reader() -> contextlib.AbstractContextManager[backup.DatabaseReader]:
    """The test's own database, read through the same checksum code as a backup."""

    @contextlib.contextmanager
    def open_reader() -> Iterator[backup.DatabaseReader]:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            yield backup.sqlite_reader(connection.connection)
        else:
            yield backup.postgresql_reader(
                connection.cursor, set(connection.introspection.table_names())
            )

    return open_reader()


def live_stats() -> dict[str, dict[str, Any]]:
    with live_reader() as reader:
        return backup.table_stats(reader)


def tree_digest(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@dataclass
class Target:
    """An empty database and media folder to restore into, on the suite's engine."""

    url: str
    media: Path
    home: Path
    reader: Callable[[], contextlib.AbstractContextManager[backup.DatabaseReader]]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
            "DANVAN_TESTING": "1",
            "DATABASE_URL": self.url,
            "DANVAN_MEDIA_ROOT": str(self.media),
            "DANVAN_HOME": str(self.home),
        }
        return subprocess.run(  # noqa: S603 - the project's own command
            [sys.executable, "-m", "danvan.cli", *args],
            env=env,
            cwd=self.home,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )

    def stats(self) -> dict[str, dict[str, Any]]:
        with self.reader() as reader:
            return backup.table_stats(reader)


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Target]:
    home = tmp_path / "restored"
    home.mkdir()
    if connection.vendor == "sqlite":
        path = home / "danvan.sqlite3"

        @contextlib.contextmanager
        def sqlite_target() -> Iterator[backup.DatabaseReader]:
            with contextlib.closing(sqlite3.connect(path)) as raw:
                yield backup.sqlite_reader(raw)

        yield Target(f"sqlite:///{path}", home / "media", home, sqlite_target)
        return

    import psycopg

    settings_dict = connection.settings_dict
    # Derived from the test database's name, so parallel runs do not collide.
    name = f"{settings_dict['NAME']}_restore"
    server = {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    @contextlib.contextmanager
    def pg_target() -> Iterator[backup.DatabaseReader]:
        with psycopg.connect(dbname=name, **server) as raw:
            tables = {
                row[0]
                for row in raw.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
            }
            yield backup.postgresql_reader(raw.cursor, tables)

    user = server["user"] or "postgres"
    password = f":{server['password']}" if server["password"] else ""
    address = f"{server['host'] or '127.0.0.1'}:{server['port'] or 5432}"
    url = f"postgres://{user}{password}@{address}/{name}"
    try:
        yield Target(url, home / "media", home, pg_target)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(tree: Any, make_user: Any, media: Path) -> list[Petition]:
    """Petitions received through the services, one a denunciation whose sender is kept
    encrypted, with attachments on disk and audit entries for all of it."""
    agency = tree.agency(tree.ba_dinh)
    officer = make_user(Role.RECEPTION_OFFICER, agency, full_name="Trần Thị Bình")
    drafts = [
        PetitionDraft(
            kind=PetitionKind.COMPLAINT,
            subject="Khiếu nại mức bồi thường khi thu hồi đất",
            content="Không đồng ý với mức bồi thường theo quyết định thu hồi đất.",
            petitioner_name="Nguyễn Văn Hùng",
            latitude="21.034567",
            longitude="105.812345",
        ),
        PetitionDraft(
            kind=PetitionKind.DENUNCIATION,
            subject="Tố cáo cán bộ địa chính nhận tiền",
            content="Cán bộ địa chính phường nhận tiền để làm nhanh thủ tục.",
            petitioner_name="Lê Thị Mai",
            petitioner_phone="0912345678",
        ),
        PetitionDraft(
            kind=PetitionKind.PETITION,
            subject="Kiến nghị sửa đường ngõ 12",
            content="Đường ngõ 12 xuống cấp, đề nghị phường sửa trước mùa mưa.",
            petitioner_name="Phạm Văn Nam",
        ),
    ]
    received = [
        petitions.receive_petition(
            actor=officer,
            agency=agency,
            draft=draft,
            channel="post",
            received_on=date(2026, 3, 2),
        )
        for draft in drafts
    ]
    files = [("don-khieu-nai.pdf", pdf_bytes()), ("anh-hien-truong.png", png_bytes())]
    for name, data in files:
        store_attachment(actor=officer, owner=received[0], upload=data, name=name)
    store_attachment(actor=officer, owner=received[2], upload=docx_bytes(), name="kien-nghi.docx")
    return received


def rewrite(
    archive: Path,
    dest: Path,
    *,
    change: Callable[[str, bytes], bytes | None] = lambda _name, data: data,
    extra: list[tarfile.TarInfo] | None = None,
    manifest: Callable[[dict[str, Any]], None] | None = None,
) -> Path:
    """A copy of ``archive`` with members changed, dropped (None) or added; with
    ``manifest``, the manifest is edited and its checksum recomputed (a consistent
    archive, as a newer version of danvan would write)."""
    with tarfile.open(archive) as source:
        members = [(m.name, source.extractfile(m).read()) for m in source]  # type: ignore[union-attr]
    if manifest is not None:
        body = dict(members)[backup.MANIFEST_NAME]
        data = json.loads(body)
        manifest(data)
        body = json.dumps(data).encode()
        checksum = f"{hashlib.sha256(body).hexdigest()}  manifest.json\n".encode()
        replaced = {backup.MANIFEST_NAME: body, backup.MANIFEST_SUM_NAME: checksum}
        members = [(name, replaced.get(name, data)) for name, data in members]
    with tarfile.open(dest, "w") as out:
        for name, data in members:
            new = change(name, data)
            if new is None:
                continue
            info = tarfile.TarInfo(name)
            info.size = len(new)
            out.addfile(info, io.BytesIO(new))
        for info in extra or []:
            out.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    return dest


# --- the round trip ---------------------------------------------------------------------


def test_round_trip_into_an_empty_database(world, media, target, tmp_path):
    archive = create_backup(output=f"{tmp_path / 'backups'}/")
    manifest = archive.manifest

    assert archive.path.parent == tmp_path / "backups"
    assert archive.path.name.startswith("danvan-backup-")
    assert archive.path.stat().st_mode & 0o777 == 0o600
    assert hashlib.sha256(archive.path.read_bytes()).hexdigest() == archive.sha256
    assert sorted(p.name for p in archive.path.parent.iterdir()) == [archive.path.name]
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["petitions_petition"]["rows"] == Petition.objects.count() == 3
    assert manifest["tables"]["petitions_protectedidentity"]["rows"] == 1
    assert manifest["migrations"]["petitions"].startswith("00")
    # Every attachment is in the archive, with the checksum the platform recorded.
    attachments = {f"media/{a.file.name}": a.sha256 for a in Attachment.objects.all()}
    assert len(attachments) == 3
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == attachments
    # The archive ends at the audit entry before the one that records the backup.
    logged = AuditEntry.objects.order_by("-seq").first()
    assert logged is not None
    assert logged.action == "core.backup"
    assert logged.after["sha256"] == archive.sha256
    last = AuditEntry.objects.get(seq=manifest["audit"]["last_seq"])
    assert manifest["audit"]["last_hash"] == last.entry_hash
    assert manifest["audit"]["entries"] == AuditEntry.objects.count() - 1

    done = target.run("restore", str(archive.path))
    assert done.returncode == 0, done.stderr

    restored = target.stats()
    for table, expected in manifest["tables"].items():
        if table not in AUDIT_TABLES:
            assert restored[table] == expected, table
    # The restored log is the archived one plus the entry that records the restore.
    assert restored["audit_auditentry"]["rows"] == manifest["audit"]["entries"] + 1
    assert tree_digest(target.media) == tree_digest(media)
    for relative in tree_digest(media):
        assert (target.media / relative).read_bytes() == (media / relative).read_bytes()
    verified = target.run("audit", "verify")
    assert verified.returncode == 0, verified.stderr

    # A second restore would overwrite what is now there: refused without --force.
    again = target.run("restore", str(archive.path))
    assert again.returncode != 0
    assert "--force" in again.stderr
    assert target.stats() == restored

    forced = target.run("restore", str(archive.path), "--force")
    assert forced.returncode == 0, forced.stderr
    after_force = target.stats()
    assert after_force["petitions_petition"] == manifest["tables"]["petitions_petition"]
    assert after_force["audit_auditentry"]["rows"] == manifest["audit"]["entries"] + 1

    # A manifest that passes every check but promises other rows: the comparison after
    # the restore catches it and the command fails.
    promising = rewrite(archive.path, tmp_path / "more-rows.tar", manifest=_more_rows)
    differs = target.run("restore", str(promising), "--force")
    assert differs.returncode != 0
    assert "petitions_petition" in differs.stderr


def test_gzip_archive_is_checked_without_restoring(world, tmp_path):
    result = create_backup(output=tmp_path / "db.tar.gz", compress=True)
    assert result.path == tmp_path / "db.tar.gz"
    with tarfile.open(result.path, "r:gz") as tar:
        names = tar.getnames()
    # The database first, the manifest last: an archive cut short has no manifest.
    assert names[0] == backup.DATABASE_MEMBERS[connection.vendor]
    assert names[-2:] == [backup.MANIFEST_NAME, backup.MANIFEST_SUM_NAME]
    manifest = verify_archive(result.path)
    assert manifest == result.manifest


def test_checksums_follow_the_content(world):
    before = live_stats()
    assert before == live_stats()  # the same rows give the same checksum
    petition = world[2]
    Petition.objects.filter(pk=petition.pk).update(subject="Kiến nghị sửa đường ngõ 14")
    after = live_stats()
    assert after["petitions_petition"]["rows"] == before["petitions_petition"]["rows"]
    assert after["petitions_petition"]["sha256"] != before["petitions_petition"]["sha256"]
    changed = {t for t in before if before[t] != after[t]}
    assert changed == {"petitions_petition"}


def test_failed_backup_leaves_no_archive(world, tmp_path, monkeypatch):
    def broken(*_args: Any) -> Iterator[tuple[str, Path]]:
        raise OSError("disk full")

    monkeypatch.setattr(backup, "_media_files", broken)
    entries = AuditEntry.objects.count()
    with pytest.raises(OSError, match="disk full"):
        create_backup(output=f"{tmp_path / 'backups'}/")
    assert list((tmp_path / "backups").iterdir()) == []
    assert AuditEntry.objects.count() == entries  # no backup recorded


def test_backup_refuses_to_overwrite_an_existing_file(world, tmp_path):
    existing = tmp_path / "danvan.tar"
    existing.write_bytes(b"keep me")
    with pytest.raises(BackupError) as caught:
        create_backup(output=existing)
    assert caught.value.code == "exists"
    assert existing.read_bytes() == b"keep me"


# --- bad archives -----------------------------------------------------------------------


def _cut_database_member(archive: Path, dest: Path) -> Path:
    data = archive.read_bytes()
    dest.write_bytes(data[: 512 + 4096])  # the header and a part of the database
    return dest


def _symlink() -> tarfile.TarInfo:
    info = tarfile.TarInfo("media/attachments/link")
    info.type = tarfile.SYMTYPE
    info.linkname = "/etc/passwd"
    return info


def _outside() -> tarfile.TarInfo:
    info = tarfile.TarInfo("../../outside.txt")
    info.size = 3
    return info


def _unlisted() -> tarfile.TarInfo:
    info = tarfile.TarInfo("media/attachments/extra.pdf")
    info.size = 10
    return info


def _future(manifest: dict[str, Any]) -> None:
    manifest["migrations"]["petitions"] = "9999_from_a_newer_version"


def _other_engine(manifest: dict[str, Any]) -> None:
    manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"


def _more_rows(manifest: dict[str, Any]) -> None:
    manifest["tables"]["petitions_petition"]["rows"] += 1


BAD_ARCHIVES: dict[str, tuple[str, Callable[[Path, Path], Path]]] = {
    "changed attachment": (
        "file_changed",
        lambda a, d: rewrite(
            a,
            d,
            change=lambda n, data: data[:-1] + b"!" if n.startswith("media/") else data,
        ),
    ),
    "changed database": (
        "file_changed",
        lambda a, d: rewrite(
            a,
            d,
            change=lambda n, data: (
                data[:100] + b"\0" + data[101:] if n.startswith("database/") else data
            ),
        ),
    ),
    "edited manifest": (
        "manifest_changed",
        lambda a, d: rewrite(
            a,
            d,
            change=lambda n, data: (
                data.replace(b'"rows": 3', b'"rows": 4') if n == "manifest.json" else data
            ),
        ),
    ),
    "truncated": ("damaged", _cut_database_member),
    "no manifest": (
        "no_manifest",
        lambda a, d: rewrite(
            a, d, change=lambda n, data: None if n.startswith("manifest") else data
        ),
    ),
    "missing attachment": (
        "missing_file",
        lambda a, d: rewrite(a, d, change=lambda n, data: None if n.endswith(".png") else data),
    ),
    "unlisted file": ("unlisted_file", lambda a, d: rewrite(a, d, extra=[_unlisted()])),
    "symbolic link": ("unexpected_entry", lambda a, d: rewrite(a, d, extra=[_symlink()])),
    "path outside": ("unexpected_entry", lambda a, d: rewrite(a, d, extra=[_outside()])),
    "newer migrations": ("newer_migrations", lambda a, d: rewrite(a, d, manifest=_future)),
    "other engine": ("engine_mismatch", lambda a, d: rewrite(a, d, manifest=_other_engine)),
    "not an archive": (
        "damaged",
        lambda a, d: (d.write_bytes(b"PK\x03\x04 not a tar file" * 40), d)[1],
    ),
}


def test_bad_archives_are_refused_before_anything_changes(world, media, tmp_path):
    good = create_backup(output=tmp_path / "good.tar").path
    stats = live_stats()
    files = tree_digest(media)
    for label, (code, make) in BAD_ARCHIVES.items():
        bad = make(good, tmp_path / f"bad-{code}.tar")
        with pytest.raises(BackupError) as caught:
            # Even with --force: the checks come before any change.
            restore_backup(archive=bad, force=True)
        assert caught.value.code == code, label
        assert caught.value.message, label
        assert live_stats() == stats, label
        assert tree_digest(media) == files, label
        assert not (tmp_path.parent / "outside.txt").exists()
    # What the check catches once the data is restored: not before, so not here.
    consistent = rewrite(good, tmp_path / "more-rows.tar", manifest=_more_rows)
    assert verify_archive(consistent)["tables"]["petitions_petition"]["rows"] == 4


def test_restore_refuses_a_database_in_use_without_force(world, media, tmp_path):
    archive = create_backup(output=tmp_path / "good.tar").path
    stats = live_stats()
    with pytest.raises(BackupError) as caught:
        restore_backup(archive=archive)
    assert caught.value.code == "not_empty"
    assert "--force" in caught.value.message
    assert live_stats() == stats


def test_restore_refuses_a_missing_archive(db, tmp_path):
    with pytest.raises(BackupError) as caught:
        restore_backup(archive=tmp_path / "nowhere.tar")
    assert caught.value.code == "not_found"


# --- the commands -----------------------------------------------------------------------


def test_commands(world, tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "cmd") + "/", gzip=True, stdout=out)
    [archive] = (tmp_path / "cmd").iterdir()
    assert archive.name.endswith(".tar.gz")
    assert str(archive) in out.getvalue()

    checked = io.StringIO()
    call_command("restore", str(archive), check=True, stdout=checked)
    assert "3" in checked.getvalue()  # the three attachments

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive))
    broken = _cut_database_member(archive, tmp_path / "cut.tar.gz")
    with pytest.raises(CommandError, match=broken.name):
        call_command("restore", str(broken), check=True)


def test_postgresql_password_goes_through_the_environment(monkeypatch):
    seen: dict[str, Any] = {}

    def fake_run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen["args"], seen["env"] = args, kwargs["env"]
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(backup.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup.subprocess, "run", fake_run)
    env = backup._pg_env(
        {
            "NAME": "danvan",
            "USER": "danvan_app",
            "PASSWORD": "mật-khẩu-bí-mật",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "require"},
        }
    )
    backup._run_tool("pg_dump", ["--format=custom", "--file=danvan.pgdump"], env)
    assert not any("mật-khẩu" in arg for arg in seen["args"])
    assert seen["env"]["PGPASSWORD"] == "mật-khẩu-bí-mật"
    assert seen["env"]["PGPORT"] == "5433"
    assert seen["env"]["PGSSLMODE"] == "require"

    def failing(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, 1, "", "pg_dump: error: connection refused")

    monkeypatch.setattr(backup.subprocess, "run", failing)
    with pytest.raises(BackupError, match="connection refused") as caught:
        backup._run_tool("pg_dump", [], env)
    assert caught.value.code == "tool_failed"
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(BackupError) as missing:
        backup._run_tool("pg_restore", [], env)
    assert missing.value.code == "tool_missing"
