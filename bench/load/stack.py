"""A production-like danvan stack on this machine, for the load and fault scenarios.

nginx (static files, proxy) → gunicorn (gthread workers, DEBUG off) → PostgreSQL 15 in a
private instance (initdb into a temporary folder, its own port), plus the task worker
under a supervisor that restarts it when it dies, as systemd's ``Restart=always`` does.
Everything lives in one temporary folder and is stopped on exit.

    python bench/load/stack.py                 # start, print the address, wait for Ctrl-C
    python bench/load/stack.py --database-url postgres://postgres@127.0.0.1:5432/danvan_load

The database is dropped and created again: its name must contain "load". Used by
``run.py`` (``make load``) and ``faults.py`` (``make faults``).
"""

# The commands run here are the stack's own fixed programs, never user input.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DANVAN = str(BIN / "danvan")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
NGINX = "/usr/sbin/nginx"
DB_NAME = "danvan_load"
# Officer accounts made for the scenario (one per simulated officer), beside the demo ones.
LOAD_OFFICERS = 80


def log(message: str) -> None:
    print(f"[stack {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(*command: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """PostgreSQL's tools refuse to run as root: run them as the postgres user."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, text=True, **kwargs)  # type: ignore[call-overload,no-any-return]


@dataclass
class PrivatePostgres:
    """A PostgreSQL instance of our own, so restarting it disturbs nobody else."""

    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.folder / "pgdata"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB_NAME}"

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.folder, "postgres", "postgres")
        as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            stdout=subprocess.DEVNULL,
        )
        # Sized for two cores and a few dozen connections; durability left as shipped.
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.folder}'",
            "max_connections": "120",
            "shared_buffers": "512MB",
            "effective_cache_size": "2GB",
            "work_mem": "8MB",
            "maintenance_work_mem": "128MB",
            "wal_buffers": "16MB",
            "max_wal_size": "2GB",
            "checkpoint_completion_target": "0.9",
            "random_page_cost": "1.1",
            "log_min_duration_statement": "1000",
            "log_line_prefix": "'%m [%p] '",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# danvan load stack\n")
            conf.writelines(f"{k} = {v}\n" for k, v in settings.items())

    def ctl(self, *args: str) -> None:
        as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "postgres.log"),
            "-w",
            "-t",
            "60",
            *args,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self.ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("stop", "-m", mode)

    def restart(self) -> None:
        self.ctl("restart", "-m", "fast")

    def is_ready(self) -> bool:
        result = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
            check=False,
        )
        return result.returncode == 0


class Supervisor:
    """Keep one command running: start it again a second after it exits."""

    def __init__(self, command: list[str], env: dict[str, str], logfile: Path) -> None:
        self.command, self.env, self.logfile = command, env, logfile
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts: list[tuple[float, int]] = []  # (time, exit code) of each death
        self.restart_delay = 1.0  # seconds; the fault scenario lengthens it once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()
        while self.process is None:
            time.sleep(0.05)

    def _loop(self) -> None:
        with self.logfile.open("ab") as out:
            while not self._stop.is_set():
                self.process = subprocess.Popen(
                    self.command, env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
                )
                code = self.process.wait()
                if self._stop.is_set():
                    break
                self.restarts.append((time.time(), code))
                delay, self.restart_delay = self.restart_delay, 1.0
                log(f"worker exited with code {code}; starting it again in {delay:.0f} s")
                self._stop.wait(delay)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def stop(self) -> None:
        self._stop.set()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._thread.join(5)


NGINX_CONF = """\
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log combined;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    sendfile on;
    keepalive_timeout 30;
    upstream danvan {{ server unix:{tmp}/gunicorn.sock fail_timeout=0; }}
    server {{
        # TLS ends here, as in production: the session and CSRF cookies are Secure.
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {tmp}/tls.crt;
        ssl_certificate_key {tmp}/tls.key;
        ssl_session_cache shared:tls:10m;
        client_max_body_size 25m;
        location /static/ {{
            alias {static}/;
            expires 30d;
            access_log off;
        }}
        location / {{
            proxy_pass http://danvan;
            proxy_set_header Host $host;
            # The scenario stands for a load balancer in front: X-Forwarded-For carries
            # the citizen's address it saw (DANVAN_TRUSTED_PROXY_COUNT=2).
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
            proxy_connect_timeout 5s;
            proxy_read_timeout 60s;
        }}
        # gunicorn down or too slow: the application's own 503 page, rendered at start.
        error_page 502 503 504 /_unavailable.html;
        location = /_unavailable.html {{
            root {tmp};
            internal;
            add_header Retry-After 30 always;
        }}
    }}
}}
"""


@dataclass
class Stack:
    url: str  # the nginx address
    database_url: str
    env: dict[str, str]
    folder: Path
    postgres: PrivatePostgres | None
    worker: Supervisor
    processes: dict[str, subprocess.Popen[bytes]]

    def danvan(self, *args: str, capture: bool = False) -> str:
        result = subprocess.run(
            [DANVAN, *args],
            env=self.env,
            cwd=ROOT,
            check=True,
            text=True,
            stdout=subprocess.PIPE if capture else None,
        )
        return result.stdout or ""

    def sql(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return list(conn.execute(query, params).fetchall())  # type: ignore[arg-type]


def production_env(database_url: str, public_url: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DANVAN_"))}
    env.pop("DEBUG", None)
    env.update(
        {
            "DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DANVAN_FIELD_KEY": _field_key(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": public_url,
            "DATABASE_URL": database_url,
            "DANVAN_HOME": str(folder),
            "DANVAN_STATIC_ROOT": str(folder / "static"),
            "DANVAN_MEDIA_ROOT": str(folder / "media"),
            "DANVAN_CACHE": "database",
            # nginx ends TLS and passes X-Forwarded-Proto; a self-signed certificate
            # must not be pinned by HSTS in the browser of whoever opens the stack.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_HSTS_PRELOAD": "0",
            # load balancer (simulated by the scenario's header) + nginx
            "DANVAN_TRUSTED_PROXY_COUNT": "2",
            "DANVAN_PUBLIC_URL": public_url,
            # Messages to citizens go through the real worker and delivery log; the
            # e-mail itself is dropped (no mail server here).
            "DANVAN_NOTIFICATION_CHANNELS": "email",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _field_key() -> str:
    import base64

    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def recreate_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.strip("/")
    if "load" not in name:
        raise SystemExit(f"Refusing to drop database {name!r}: its name must contain 'load'.")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def wait_http(url: str, timeout: float = 60) -> None:
    import ssl

    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE  # our own self-signed certificate
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5, context=insecure) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def running_stack(
    *,
    database_url: str | None = None,
    workers: int = 4,
    threads: int = 4,
    keep: bool = False,
) -> Iterator[Stack]:
    folder = Path(tempfile.mkdtemp(prefix="danvan-load-"))
    folder.chmod(0o755)  # nginx's worker (nobody) reads the static files and the socket
    processes: dict[str, subprocess.Popen[bytes]] = {}
    postgres: PrivatePostgres | None = None
    worker: Supervisor | None = None
    try:
        if database_url is None:
            postgres = PrivatePostgres(folder / "postgres")
            log(f"initdb and start PostgreSQL on port {postgres.port}")
            postgres.init()
            postgres.start()
            database_url = postgres.url
        recreate_database(database_url)
        port = free_port()
        url = f"https://127.0.0.1:{port}"
        env = production_env(database_url, url, folder)
        stack = Stack(url, database_url, env, folder, postgres, None, processes)  # type: ignore[arg-type]
        log("migrate, load units, seed demo data, collect static files")
        stack.danvan("migrate", "--no-input", "-v", "0")
        stack.danvan("createcachetable")
        stack.danvan("load-units")
        stack.danvan("seed-demo")
        stack.danvan("collectstatic", "--no-input", "-v", "0")
        officers = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("accounts.py")), str(LOAD_OFFICERS)],
            env=env,
            cwd=ROOT,
            check=True,
            text=True,
            stdout=subprocess.PIPE,
        ).stdout
        (folder / "scenario.json").write_text(officers)
        _render_unavailable_page(env, folder / "_unavailable.html")

        log(f"gunicorn: {workers} workers × {threads} threads")
        processes["gunicorn"] = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "danvan.wsgi:application",
                "--bind",
                f"unix:{folder}/gunicorn.sock",
                "--worker-class",
                "gthread",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "10",
                "--keep-alive",
                "5",
                "--error-logfile",
                str(folder / "gunicorn.log"),
            ],
            env=env,
            cwd=ROOT,
            # The application's own log (errors with their traceback) stays on the server.
            stdout=(folder / "app.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-keyout",
                str(folder / "tls.key"),
                "-out",
                str(folder / "tls.crt"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        conf = folder / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=folder, port=port, static=folder / "static"))
        processes["nginx"] = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"], cwd=folder
        )
        worker = Supervisor([DANVAN, "db_worker", "--no-reload"], env, folder / "worker.log")
        worker.start()
        stack.worker = worker
        wait_http(f"{url}/healthz")
        warm_up(url, json.loads(officers))
        log(f"ready at {url} (files in {folder})")
        yield stack
    finally:
        if worker is not None:
            worker.stop()
        for name in ("nginx", "gunicorn"):
            process = processes.get(name)
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
        if postgres is not None and postgres.data.exists():
            try:
                postgres.stop()
            except subprocess.CalledProcessError:
                log("PostgreSQL did not stop cleanly")
        if keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def warm_up(url: str, scenario: dict[str, object]) -> None:
    """A served site is warm: load every worker's templates and caches before measuring."""
    from concurrent.futures import ThreadPoolExecutor

    communes: list[dict[str, str]] = scenario["communes"]  # type: ignore[assignment]
    paths = ["/", "/cong-dan/tinh-thanh/", "/accounts/login/"]
    paths += [f"/cong-dan/?q={quote(c['name'])}" for c in communes]
    paths += [f"/cong-dan/gui/{c['code']}/" for c in communes]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda p: wait_http(url + p), paths * 8))


def _render_unavailable_page(env: dict[str, str], target: Path) -> None:
    """nginx shows the application's own 503 page when gunicorn cannot answer."""
    code = (
        "import django; django.setup();"
        "from django.utils import translation;"
        "from django.template.loader import render_to_string;"
        "translation.activate('vi');"
        f"open({str(target)!r}, 'w').write(render_to_string('errors/503.html'))"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "danvan.settings"},
        cwd=ROOT,
        check=True,
    )


def exit_on_sigterm() -> None:
    """``timeout`` and ``kill`` send SIGTERM: stop everything as Ctrl-C would."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="an existing PostgreSQL server instead")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with running_stack(
        database_url=args.database_url, workers=args.workers, threads=args.threads
    ) as stack:
        print(json.dumps({"url": stack.url, "database_url": stack.database_url}), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
