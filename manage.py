#!/usr/bin/env python3
"""Development shortcut; the installed ``danvan`` command does the same."""

from danvan.cli import main

if __name__ == "__main__":
    main()
