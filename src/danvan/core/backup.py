"""Backups of the database and the stored files, and their restore.

An archive is one tar file (gzip-compressed on request) holding::

    database/danvan.sqlite3 or database/danvan.pgdump   the database at one instant
    media/<path>                                        every file under MEDIA_ROOT
    manifest.json                                       what is inside, with checksums
    manifest.sha256                                     the manifest's own checksum

The manifest is written last, so an archive cut short has none and is refused. It
records the migration state, a row count and a content checksum per table (the rows in
primary-key order, each value in one canonical text form), the size and SHA-256 of every
file and the end of the audit chain. A restore checks all of it before it touches
anything, then recomputes the tables' checksums from the restored database.

The checksums detect damage and careless edits, not forgery: whoever can rewrite the
archive can rewrite its manifest too. Archives hold personal data; keep them encrypted
and access-controlled (docs/deployment.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

import danvan
from danvan.audit.models import AuditChainHead, AuditEntry
from danvan.audit.selectors import ChainReport, verify_chain
from danvan.audit.services import record_write

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MANIFEST_SUM_NAME = "manifest.sha256"
DATABASE_MEMBERS = {
    "sqlite": "database/danvan.sqlite3",
    "postgresql": "database/danvan.pgdump",
}
MEDIA_PREFIX = "media/"
_CHUNK = 1024 * 1024
_FETCH_ROWS = 2000
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class BackupError(Exception):
    """A backup or restore that cannot go on; ``message`` is meant for the operator and
    ``code`` says which check failed (stable, for scripts and tests)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# ---------------------------------------------------------------------------------------
# Table checksums


@dataclass(frozen=True)
class TableSpec:
    """One table to count and checksum: its columns and how to read each one."""

    table: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    places: tuple[int | None, ...]
    order_by: str


def _kind_of(model_field: models.Field[Any, Any]) -> str:
    # A foreign key is stored as the key it points to.
    current: Any = model_field
    while current.is_relation and getattr(current, "target_field", None) is not None:
        current = current.target_field
    return str(current.get_internal_type())


def table_specs() -> list[TableSpec]:
    """Every table the installed models (and the migration recorder) store rows in."""
    candidates: list[type[models.Model]] = [
        *apps.get_models(include_auto_created=True),
        MigrationRecorder.Migration,
    ]
    specs: dict[str, TableSpec] = {}
    for model in candidates:
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped or meta.db_table in specs:
            continue
        fields = list(meta.local_concrete_fields)
        specs[meta.db_table] = TableSpec(
            table=meta.db_table,
            columns=tuple(str(f.column) for f in fields),
            kinds=tuple(_kind_of(f) for f in fields),
            places=tuple(getattr(f, "decimal_places", None) for f in fields),
            order_by=str(meta.pk.column) if meta.pk is not None else str(fields[0].column),
        )
    return [specs[name] for name in sorted(specs)]


def _canonical(kind: str, value: Any, places: int | None) -> Any:
    """One text form per value, whichever driver or converter produced it, so the same
    rows give the same checksum (SQLite keeps dates as text, PostgreSQL as dates)."""
    if value is None:
        return None
    if kind == "BooleanField":
        return bool(value)
    if kind == "DateTimeField":
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is None:  # stored in UTC without an offset
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime(_TS_FORMAT)
    if kind == "DateField":
        return value if isinstance(value, str) else value.isoformat()
    if kind == "TimeField":
        return (time.fromisoformat(value) if isinstance(value, str) else value).isoformat()
    if kind == "DecimalField":
        number = Decimal(str(value))
        return str(number.quantize(Decimal(1).scaleb(-places)) if places else number)
    if kind == "UUIDField":
        return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "").lower()
    if kind == "JSONField":
        data = json.loads(value) if isinstance(value, str | bytes) else value
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if kind == "DurationField":
        return value // timedelta(microseconds=1) if isinstance(value, timedelta) else int(value)
    if kind == "FloatField":
        return repr(float(value))
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool | int | str):
        return value
    return str(value)  # e.g. an IP address object from the PostgreSQL driver


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class DatabaseReader:
    """Read access to one database for the checksums: ``vendor`` is "sqlite" or
    "postgresql"; ``new_cursor`` opens a DB-API cursor (a server-side one on PostgreSQL,
    so a large table is streamed)."""

    vendor: str
    new_cursor: Callable[[], contextlib.AbstractContextManager[Any]]
    tables: set[str]

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        with self.new_cursor() as cursor:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]


def sqlite_reader(connection: sqlite3.Connection) -> DatabaseReader:
    def new_cursor() -> contextlib.AbstractContextManager[Any]:
        return contextlib.closing(connection.cursor())

    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return DatabaseReader("sqlite", new_cursor, {str(row[0]) for row in rows})


def postgresql_reader(cursor_factory: Callable[[], Any], tables: set[str]) -> DatabaseReader:
    return DatabaseReader("postgresql", cursor_factory, tables)


def _select_list(reader: DatabaseReader, spec: TableSpec) -> str:
    parts = []
    for column, kind in zip(spec.columns, spec.kinds, strict=True):
        # The text of a jsonb value is the same whichever driver reads it.
        cast = "::text" if kind == "JSONField" and reader.vendor == "postgresql" else ""
        parts.append(_quote(column) + cast)
    return ", ".join(parts)


def table_stats(reader: DatabaseReader) -> dict[str, dict[str, Any]]:
    """Row count and SHA-256 of the canonical rows of every model table in the database."""
    stats: dict[str, dict[str, Any]] = {}
    for spec in table_specs():
        if spec.table not in reader.tables:
            continue
        sql = (
            f"SELECT {_select_list(reader, spec)} FROM {_quote(spec.table)} "  # noqa: S608
            f"ORDER BY {_quote(spec.order_by)}"
        )
        digest = hashlib.sha256()
        count = 0
        with reader.new_cursor() as cursor:
            cursor.execute(sql)
            while batch := cursor.fetchmany(_FETCH_ROWS):
                for row in batch:
                    values = [
                        _canonical(kind, value, places)
                        for kind, value, places in zip(spec.kinds, row, spec.places, strict=True)
                    ]
                    line = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
                    digest.update(line.encode())
                    digest.update(b"\n")
                    count += 1
        stats[spec.table] = {"rows": count, "sha256": digest.hexdigest()}
    return stats


def _migration_state(reader: DatabaseReader) -> dict[str, str]:
    """The last migration applied for each app."""
    table = MigrationRecorder.Migration._meta.db_table
    if table not in reader.tables:
        return {}
    latest: dict[str, str] = {}
    for app, name in reader.fetch(
        f"SELECT app, name FROM {_quote(table)} ORDER BY id"  # noqa: S608
    ):
        latest[str(app)] = str(name)
    return dict(sorted(latest.items()))


def _audit_head(reader: DatabaseReader) -> dict[str, Any]:
    entries = AuditEntry._meta.db_table
    head = AuditChainHead._meta.db_table
    result: dict[str, Any] = {"entries": 0, "last_id": None, "last_seq": None, "last_hash": None}
    if entries in reader.tables:
        result["entries"] = int(reader.fetch(f"SELECT COUNT(*) FROM {_quote(entries)}")[0][0])  # noqa: S608
        last = reader.fetch(
            f"SELECT id, seq, entry_hash FROM {_quote(entries)} "  # noqa: S608
            "ORDER BY seq DESC LIMIT 1"
        )
        if last:
            result.update(last_id=int(last[0][0]), last_seq=int(last[0][1]), last_hash=last[0][2])
    if head in reader.tables:
        row = reader.fetch(f"SELECT last_seq, last_hash FROM {_quote(head)} WHERE id = 1")  # noqa: S608
        if row:
            result["head_seq"], result["head_hash"] = int(row[0][0]), str(row[0][1])
    return result


@dataclass(frozen=True)
class DatabaseState:
    tables: dict[str, dict[str, Any]]
    migrations: dict[str, str]
    audit: dict[str, Any]


def read_state(reader: DatabaseReader) -> DatabaseState:
    return DatabaseState(
        tables=table_stats(reader), migrations=_migration_state(reader), audit=_audit_head(reader)
    )


# ---------------------------------------------------------------------------------------
# Database engines


def engine_of(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL only, not %(vendor)s.") % {"vendor": vendor},
            code="unsupported_engine",
        )
    return vendor


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq settings for pg_dump/pg_restore; the password goes through the environment,
    never on the command line, where other users of the machine could read it."""
    env = dict(os.environ)
    pairs = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("service", "PGSERVICE"),
        ("passfile", "PGPASSFILE"),
    ):
        pairs[variable] = options.get(option)
    for variable, value in pairs.items():
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def _run_tool(name: str, args: list[str], env: dict[str, str]) -> None:
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            _(
                "The program %(name)s was not found. Install the PostgreSQL client tools "
                "(the same version as the server or newer)."
            )
            % {"name": name},
            code="tool_missing",
        )
    done = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        [program, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        detail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise BackupError(
            _("%(name)s failed: %(detail)s") % {"name": name, "detail": detail},
            code="tool_failed",
        )


def _dump_sqlite(alias: str, dest: Path) -> DatabaseState:
    connection = connections[alias]
    connection.ensure_connection()
    snapshot = sqlite3.connect(dest)
    try:
        # The online-backup API copies a consistent image even while others write.
        connection.connection.backup(snapshot)
        # A self-contained file: no -wal/-shm companions needed to read it.
        snapshot.execute("PRAGMA journal_mode=DELETE")
        return read_state(sqlite_reader(snapshot))
    finally:
        snapshot.close()


def _dump_postgresql(alias: str, dest: Path) -> DatabaseState:
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError(
            _("A backup must run outside any open transaction."), code="in_transaction"
        )
    connection.ensure_connection()
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = str(cursor.fetchone()[0])
            tables = set(connection.introspection.table_names(cursor))
        # pg_dump reads the very snapshot the checksums below read: they describe the
        # same rows even while the application keeps writing.
        _run_tool(
            "pg_dump",
            ["--format=custom", "--no-password", f"--snapshot={snapshot_id}", f"--file={dest}"],
            _pg_env(connection.settings_dict),
        )
        return read_state(postgresql_reader(connection.chunked_cursor, tables))


# ---------------------------------------------------------------------------------------
# Writing an archive


class _HashingWriter(io.RawIOBase):
    """A file that hashes and counts what is written to it."""

    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.target.write(chunk)
        self.digest.update(chunk)
        self.size += len(chunk)
        return len(chunk)


class _HashingReader(io.RawIOBase):
    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def _tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    """Add one file, hashing exactly the bytes that go into the archive."""
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        reader = _HashingReader(handle)
        archive.addfile(_tar_info(name, stat.st_size, stat.st_mtime), reader)
    return {"path": name, "size": reader.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    archive.addfile(_tar_info(name, len(data), mtime), io.BytesIO(data))


def _media_files(root: Path, skip: set[Path]) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if any(path == s or s in path.parents for s in skip):
            continue
        yield path.relative_to(root).as_posix(), path


def default_backup_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups"


def _archive_path(output: Path | str | None, created: datetime, compress: bool) -> Path:
    name = f"danvan-backup-{created:%Y%m%d-%H%M%S}.tar" + (".gz" if compress else "")
    if output is None or str(output) == "":
        return default_backup_dir() / name
    # "backups/" names a folder even before it exists (Path would drop the slash).
    if Path(output).is_dir() or str(output).endswith(("/", os.sep)):
        return Path(output) / name
    return Path(output)


def manifest_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    manifest: dict[str, Any]


def create_backup(*, output: Path | str | None = None, compress: bool = False) -> BackupResult:
    """Write one archive of the database and MEDIA_ROOT; record it in the audit log.

    ``output`` is a directory (the archive gets a dated name) or a file name; by default
    ``var/backups/``. The archive is written under a temporary name and renamed only when
    complete, so a failed backup leaves no archive that looks usable.
    """
    alias = DEFAULT_DB_ALIAS  # the audit log, which records the backup, lives there
    engine = engine_of(alias)
    created = timezone.now().astimezone(UTC)
    final = _archive_path(output, created, compress).absolute()
    if final.exists():
        raise BackupError(
            _("The file %(path)s already exists; choose another name.") % {"path": final},
            code="exists",
        )
    final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}.partial")
    work = Path(tempfile.mkdtemp(prefix=".danvan-backup-", dir=final.parent))
    media_root = Path(settings.MEDIA_ROOT).absolute()
    try:
        dump = work / PurePosixPath(DATABASE_MEMBERS[engine]).name
        dumper = _dump_sqlite if engine == "sqlite" else _dump_postgresql
        state = dumper(alias, dump)
        # Archives hold personal data: readable by their owner only, from the start.
        handle = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
        with handle:
            writer = _HashingWriter(handle)
            with tarfile.open(fileobj=writer, mode="w|gz" if compress else "w|") as archive:
                database = _add_file(archive, DATABASE_MEMBERS[engine], dump)
                dump.unlink()
                files = [
                    _add_file(archive, MEDIA_PREFIX + relative, path)
                    for relative, path in _media_files(media_root, {work, partial, final})
                ]
                manifest = {
                    "format_version": FORMAT_VERSION,
                    "created_at": created.strftime(_TS_FORMAT),
                    "danvan_version": danvan.__version__,
                    "engine": engine,
                    "database": database,
                    "migrations": state.migrations,
                    "tables": state.tables,
                    "files": files,
                    "audit": state.audit,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                stamp = created.timestamp()
                _add_bytes(archive, MANIFEST_NAME, body, stamp)
                checksum = f"{manifest_digest(body)}  {MANIFEST_NAME}\n".encode()
                _add_bytes(archive, MANIFEST_SUM_NAME, checksum, stamp)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = BackupResult(
        path=final, size=writer.size, sha256=writer.digest.hexdigest(), manifest=manifest
    )
    record_write(
        actor=None,
        action="core.backup",
        after={
            "archive": final.name,
            "size": result.size,
            "sha256": result.sha256,
            "tables": len(state.tables),
            "rows": sum(t["rows"] for t in state.tables.values()),
            "files": len(files),
            "audit_last_seq": state.audit.get("last_seq"),
        },
    )
    return result


# ---------------------------------------------------------------------------------------
# Checking an archive


@dataclass(frozen=True)
class CheckedArchive:
    """An archive unpacked into ``staging`` whose every checksum matched its manifest."""

    path: Path
    staging: Path
    manifest: dict[str, Any]
    older_apps: list[str] = field(default_factory=list)

    @property
    def database_file(self) -> Path:
        return self.staging / self.manifest["database"]["path"]

    def media_files(self) -> list[dict[str, Any]]:
        return list(self.manifest["files"])


def _damaged(archive: Path) -> BackupError:
    return BackupError(
        _(
            "The archive %(name)s is damaged or incomplete (it may have been cut short "
            "while copying). Use another copy of the backup."
        )
        % {"name": archive.name},
        code="damaged",
    )


def _unpack(archive: Path, staging: Path) -> set[str]:
    """Unpack regular files only, refusing paths that would land outside ``staging``."""
    names: set[str] = set()
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                name = member.name
                if member.isdir():
                    continue
                path = PurePosixPath(name)
                if not member.isfile() or path.is_absolute() or ".." in path.parts or name in names:
                    raise BackupError(
                        _("The archive holds an unexpected entry: %(name)s.") % {"name": name},
                        code="unexpected_entry",
                    )
                names.add(name)
                tar.extract(member, staging, filter="data")
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, zlib.error):
        raise _damaged(archive) from None
    return names


def _file_sum(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _check_migrations(manifest: dict[str, Any]) -> list[str]:
    """Refuse an archive made after migrations this code does not have; return the apps
    whose archived state is older than the code (they need ``danvan migrate``)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    archived: dict[str, str] = manifest.get("migrations") or {}
    for app, name in archived.items():
        if (app, name) not in known:
            raise BackupError(
                _(
                    "The archive was made by a newer version of danvan (migration %(app)s."
                    "%(name)s is unknown to this installation). Upgrade danvan to version "
                    "%(version)s or later, then restore again."
                )
                % {"app": app, "name": name, "version": manifest.get("danvan_version", "?")},
                code="newer_migrations",
            )
    leaves = dict(loader.graph.leaf_nodes())
    return sorted(app for app, name in leaves.items() if archived.get(app) != name)


def check_archive(archive: Path, staging: Path, *, alias: str = DEFAULT_DB_ALIAS) -> CheckedArchive:
    """Unpack ``archive`` into ``staging`` and check it against its manifest and this
    installation. Raises :class:`BackupError` at the first problem; changes nothing else."""
    if not archive.is_file():
        raise BackupError(
            _("The archive %(path)s does not exist.") % {"path": archive}, code="not_found"
        )
    names = _unpack(archive, staging)
    if MANIFEST_NAME not in names or MANIFEST_SUM_NAME not in names:
        raise BackupError(
            _(
                "The archive %(name)s has no manifest: it is incomplete or was not made "
                "by danvan backup."
            )
            % {"name": archive.name},
            code="no_manifest",
        )
    body = (staging / MANIFEST_NAME).read_bytes()
    expected = (staging / MANIFEST_SUM_NAME).read_text(errors="replace").split(maxsplit=1)
    if not expected or expected[0] != manifest_digest(body):
        raise BackupError(
            _("The manifest of %(name)s was changed after the backup (checksum mismatch).")
            % {"name": archive.name},
            code="manifest_changed",
        )
    try:
        manifest = json.loads(body)
        version = manifest["format_version"]
        database = manifest["database"]
        files = manifest["files"]
    except (ValueError, KeyError, TypeError):
        raise BackupError(
            _("The manifest of %(name)s cannot be read.") % {"name": archive.name},
            code="manifest_invalid",
        ) from None
    if version != FORMAT_VERSION:
        raise BackupError(
            _("Archive format %(found)s is not supported (this version reads format %(ours)s).")
            % {"found": version, "ours": FORMAT_VERSION},
            code="format_version",
        )
    listed = [database, *files]
    extra = names - {MANIFEST_NAME, MANIFEST_SUM_NAME} - {item["path"] for item in listed}
    if extra:
        raise BackupError(
            _("The archive holds a file its manifest does not list: %(name)s.")
            % {"name": sorted(extra)[0]},
            code="unlisted_file",
        )
    for item in listed:
        path = staging / item["path"]
        if item["path"] not in names or not path.is_file():
            raise BackupError(
                _("The file %(name)s listed in the manifest is missing from the archive.")
                % {"name": item["path"]},
                code="missing_file",
            )
        if _file_sum(path) != (item["size"], item["sha256"]):
            raise BackupError(
                _(
                    "The file %(name)s in the archive differs from the one that was backed "
                    "up (checksum mismatch)."
                )
                % {"name": item["path"]},
                code="file_changed",
            )
    engine = engine_of(alias)
    if manifest.get("engine") != engine or database["path"] != DATABASE_MEMBERS[engine]:
        raise BackupError(
            _(
                "The archive holds a %(archived)s database but this installation uses "
                "%(engine)s; restore it into the same kind of database."
            )
            % {"archived": manifest.get("engine"), "engine": engine},
            code="engine_mismatch",
        )
    older = _check_migrations(manifest)
    return CheckedArchive(path=archive, staging=staging, manifest=manifest, older_apps=older)


@contextlib.contextmanager
def staging_dir() -> Iterator[Path]:
    """A private scratch folder, beside MEDIA_ROOT when possible so that restored files
    are moved within one file system."""
    parent = Path(settings.MEDIA_ROOT).absolute().parent
    base = parent if parent.is_dir() and os.access(parent, os.W_OK) else None
    path = Path(tempfile.mkdtemp(prefix=".danvan-restore-", dir=base))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def verify_archive(archive: Path, *, alias: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Check an archive without restoring it; return its manifest."""
    with staging_dir() as staging:
        return check_archive(archive, staging, alias=alias).manifest


# ---------------------------------------------------------------------------------------
# Restoring


def database_holds_data(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """True once the database was used: it has an audit entry or a user account. A newly
    created database, even after ``danvan migrate``, has neither."""
    connection = connections[alias]
    user_table = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for table in (AuditEntry._meta.db_table, user_table):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone() is not None:
                    return True
    return False


def _sqlite_target(alias: str) -> Path:
    connection = connections[alias]
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db() or not name:  # type: ignore[attr-defined]
        raise BackupError(
            _("A restore needs a database file; this SQLite database lives in memory."),
            code="memory_database",
        )
    return Path(name)


def _restore_sqlite(alias: str, dump: Path) -> DatabaseState:
    target = _sqlite_target(alias)
    connections[alias].close()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    destination = sqlite3.connect(target)
    try:
        # Through SQLite itself, not a file copy: a stale -wal file cannot corrupt the
        # result, and the whole copy is one write transaction.
        source.backup(destination)
        return read_state(sqlite_reader(destination))
    except sqlite3.Error as exc:
        raise BackupError(
            _("The SQLite database could not be restored: %(error)s") % {"error": exc},
            code="restore_failed",
        ) from None
    finally:
        source.close()
        destination.close()


def _restore_postgresql(alias: str, dump: Path) -> DatabaseState:
    connection = connections[alias]
    connection.close()
    _run_tool(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        _pg_env(connection.settings_dict),
    )
    with transaction.atomic(using=alias):
        tables = set(connection.introspection.table_names())
        return read_state(postgresql_reader(connection.chunked_cursor, tables))


def _place_file(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{uuid.uuid4().hex[:8]}.restoring")
    try:
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o600)
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass
class RestoreResult:
    archive: Path
    manifest: dict[str, Any]
    tables_checked: int = 0
    rows: int = 0
    files: int = 0
    file_bytes: int = 0
    mismatches: list[str] = field(default_factory=list)
    older_apps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chain: ChainReport | None = None

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.chain is not None and self.chain.ok


def _compare(manifest: dict[str, Any], state: DatabaseState, result: RestoreResult) -> None:
    for table, expected in sorted(manifest["tables"].items()):
        found = state.tables.get(table)
        if found is None:
            result.mismatches.append(
                _("Table %(table)s is missing after the restore.") % {"table": table}
            )
        elif found["rows"] != expected["rows"]:
            result.mismatches.append(
                _("Table %(table)s has %(found)s rows after the restore, %(expected)s expected.")
                % {"table": table, "found": found["rows"], "expected": expected["rows"]}
            )
        elif found["sha256"] != expected["sha256"]:
            result.mismatches.append(
                _("The content of table %(table)s differs from the backup.") % {"table": table}
            )
        else:
            result.tables_checked += 1
            result.rows += int(found["rows"])
    archived = manifest.get("audit") or {}
    if state.audit.get("last_hash") != archived.get("last_hash"):
        result.mismatches.append(
            _("The end of the audit chain differs from the one recorded in the archive.")
        )


def restore_backup(*, archive: Path, force: bool = False) -> RestoreResult:
    """Check ``archive``, then replace the database and put the files back.

    Refuses (``BackupError``, nothing changed) a damaged or altered archive, one from a
    newer version or another engine, and a database already in use unless ``force``.
    Afterwards the tables' checksums are recomputed and compared with the manifest, the
    restore is recorded in the (restored) audit log and the whole chain is verified.
    """
    alias = DEFAULT_DB_ALIAS  # the audit log, which records the restore, lives there
    with staging_dir() as staging:
        checked = check_archive(archive, staging, alias=alias)
        if not force and database_holds_data(alias):
            raise BackupError(
                _(
                    "The database already holds data (users or audit entries). Restoring "
                    "would replace all of it; to do so on purpose, add --force."
                ),
                code="not_empty",
            )
        manifest = checked.manifest
        result = RestoreResult(
            archive=archive, manifest=manifest, older_apps=list(checked.older_apps)
        )
        if manifest["engine"] == "sqlite":
            state = _restore_sqlite(alias, checked.database_file)
        else:
            state = _restore_postgresql(alias, checked.database_file)
        media_root = Path(settings.MEDIA_ROOT)
        for item in checked.media_files():
            relative = item["path"][len(MEDIA_PREFIX) :]
            destination = media_root / relative
            _place_file(staging / item["path"], destination)
            if _file_sum(destination) != (item["size"], item["sha256"]):
                result.mismatches.append(
                    _("The restored file %(name)s differs from the backup.") % {"name": relative}
                )
            result.files += 1
            result.file_bytes += int(item["size"])
    _compare(manifest, state, result)
    try:
        record_write(
            actor=None,
            action="core.restore",
            after={
                "archive": archive.name,
                "created_at": manifest["created_at"],
                "danvan_version": manifest["danvan_version"],
                "audit_last_seq": (manifest.get("audit") or {}).get("last_seq"),
                "tables": result.tables_checked,
                "files": result.files,
                "mismatches": len(result.mismatches),
            },
        )
    except DatabaseError as exc:  # an archive older than the code: tables not migrated yet
        result.warnings.append(
            _("The restore could not be recorded in the audit log (%(error)s).") % {"error": exc}
        )
    result.chain = verify_chain()
    return result
