"""The ``danvan`` command: Django's management commands plus the project's own.

Project commands are written with hyphens (``danvan load-units``); Django finds them
under their module names with underscores. Configuration errors are printed as one
clear message with exit code 2 instead of a traceback.
"""

from __future__ import annotations

import os
import sys


def _command_name(argv: list[str]) -> list[str]:
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        return [argv[0], argv[1].replace("-", "_"), *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    from danvan.core.env import ConfigurationError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    args = _command_name(list(sys.argv if argv is None else argv))
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except ConfigurationError as exc:
        sys.stderr.write(f"Lỗi cấu hình (configuration error): {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
