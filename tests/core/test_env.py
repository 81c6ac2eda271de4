"""Settings from the environment: DATABASE_URL parsing and the ``danvan`` command's
handling of configuration errors (one clear message, exit code 2, no traceback)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from danvan.core.env import ConfigurationError, env_bool, env_int, env_list, parse_database_url

DANVAN = Path(sys.executable).parent / "danvan"

# Variables the settings read; the child process starts without any of them.
SETTINGS_VARIABLES = (
    "DANVAN_TESTING",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "DANVAN_FIELD_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "EMAIL_BACKEND",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
)


class TestParseDatabaseUrl:
    def test_sqlite_file(self, tmp_path: Path) -> None:
        config = parse_database_url(f"sqlite:///{tmp_path}/danvan.sqlite3")
        assert config["ENGINE"] == "django.db.backends.sqlite3"
        assert config["NAME"] == f"{tmp_path}/danvan.sqlite3"

    def test_postgres(self) -> None:
        config = parse_database_url("postgres://u:p@127.0.0.1:5432/db")
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert config["NAME"] == "db"
        assert config["USER"] == "u"
        assert config["PASSWORD"] == "p"
        assert config["HOST"] == "127.0.0.1"
        assert int(config["PORT"]) == 5432

    def test_postgresql_scheme_alias(self) -> None:
        config = parse_database_url("postgresql://u:p@db.internal/danvan")
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert config["NAME"] == "danvan"

    @pytest.mark.parametrize(
        "url",
        [
            "not a url",
            "",
            "mysql://x/y",
            "postgres://host:notaport/db",
            "postgres://127.0.0.1:5432",
            "postgres://127.0.0.1:5432/",
            "postgres://host:99999/db",
            "sqlite://",
        ],
    )
    def test_rejects_with_a_message_naming_database_url(self, url: str) -> None:
        with pytest.raises(ConfigurationError) as excinfo:
            parse_database_url(url)
        assert "DATABASE_URL" in str(excinfo.value)

    def test_unsupported_scheme_message_lists_an_example(self) -> None:
        with pytest.raises(ConfigurationError, match="postgres://"):
            parse_database_url("mysql://x/y")


class TestEnvHelpers:
    @pytest.mark.parametrize(("raw", "expected"), [("1", True), ("Yes", True), (" off ", False)])
    def test_env_bool_words(
        self, monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
    ) -> None:
        monkeypatch.setenv("DANVAN_X", raw)
        assert env_bool("DANVAN_X", default=not expected) is expected

    def test_env_bool_default_when_unset(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("DANVAN_X", raising=False)
        assert env_bool("DANVAN_X", default=True) is True

    def test_env_bool_rejects_other_words(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DANVAN_X", "maybe")
        with pytest.raises(ConfigurationError, match="DANVAN_X"):
            env_bool("DANVAN_X", default=False)

    def test_env_int_rejects_words(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DANVAN_X", "ten")
        with pytest.raises(ConfigurationError, match="DANVAN_X"):
            env_int("DANVAN_X", default=1)

    def test_env_list_splits_and_trims(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DANVAN_X", " a.vn , ,b.vn,")
        assert env_list("DANVAN_X", []) == ["a.vn", "b.vn"]


def run_danvan(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["DANVAN_HOME"] = str(tmp_path)
    env.update(variables)
    return subprocess.run(  # noqa: S603 - fixed executable, arguments from the test
        [str(DANVAN), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production(tmp_path: Path, **overrides: str) -> dict[str, str]:
    variables = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DANVAN_FIELD_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "danvan.example.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
    }
    variables.update(overrides)
    return variables


def assert_clean_config_error(result: subprocess.CompletedProcess[str], name: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


class TestDanvanCommand:
    def test_console_script_is_installed(self) -> None:
        assert DANVAN.exists(), f"{DANVAN} missing: install the project with pip install -e ."

    def test_malformed_database_url(self, tmp_path: Path) -> None:
        result = run_danvan(tmp_path, "check", DEBUG="1", DATABASE_URL="nonsense")
        assert_clean_config_error(result, "DATABASE_URL")

    def test_production_without_secret_key(self, tmp_path: Path) -> None:
        variables = production(tmp_path)
        del variables["SECRET_KEY"]
        result = run_danvan(tmp_path, "check", **variables)
        assert_clean_config_error(result, "SECRET_KEY")

    def test_production_without_field_key(self, tmp_path: Path) -> None:
        variables = production(tmp_path)
        del variables["DANVAN_FIELD_KEY"]
        result = run_danvan(tmp_path, "check", **variables)
        assert_clean_config_error(result, "DANVAN_FIELD_KEY")

    def test_production_without_allowed_hosts(self, tmp_path: Path) -> None:
        variables = production(tmp_path)
        del variables["ALLOWED_HOSTS"]
        result = run_danvan(tmp_path, "check", **variables)
        assert_clean_config_error(result, "ALLOWED_HOSTS")

    def test_production_with_a_malformed_field_key(self, tmp_path: Path) -> None:
        """A key that cannot encrypt anything must stop the command, not the first request
        that touches personal data."""
        result = run_danvan(tmp_path, "check", **production(tmp_path, DANVAN_FIELD_KEY="notakey"))
        assert_clean_config_error(result, "DANVAN_FIELD_KEY")

    def test_deploy_check_passes_with_production_settings(self, tmp_path: Path) -> None:
        result = run_danvan(tmp_path, "check", "--deploy", **production(tmp_path))
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "System check identified no issues (0 silenced)" in output
        assert "WARNINGS" not in output
        assert "Traceback" not in output

    def test_development_mode_needs_no_variables(self, tmp_path: Path) -> None:
        result = run_danvan(tmp_path, "check", DEBUG="1")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    @pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
    def test_debug_must_be_a_boolean_word(self, tmp_path: Path, value: str) -> None:
        result = run_danvan(tmp_path, "check", DEBUG=value)
        assert_clean_config_error(result, "DEBUG")
        assert repr(value) in result.stderr

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("DANVAN_CACHE", "redis"),
            ("DANVAN_SMS_GATEWAY_FORMAT", "xml"),
            ("DANVAN_PUBLIC_URL", "danvan.gov.vn"),
            ("DANVAN_API_RATE_USER", "many"),
            ("DANVAN_OPEN311_REQUESTS_PER_KEY_HOUR", "lots"),
        ],
    )
    def test_bad_service_settings_stop_with_one_message(
        self, tmp_path: Path, name: str, value: str
    ) -> None:
        result = run_danvan(tmp_path, "check", DEBUG="1", **{name: value})
        assert_clean_config_error(result, name)

    def test_the_database_cache_is_accepted(self, tmp_path: Path) -> None:
        result = run_danvan(tmp_path, "check", DEBUG="1", DANVAN_CACHE="database")
        assert result.returncode == 0, result.stdout + result.stderr
