"""``make load``: citizens and officers on the production-like stack, then the figures.

    python bench/load/run.py                       # 200 users, 10 minutes
    python bench/load/run.py -u 50 -t 1m           # a quick try

Starts the stack (stack.py), runs Locust headless (locustfile.py), and prints requests
served, errors and 5xx, p50/p95/p99 overall and per page, acknowledged against stored
submissions, the consistency of every stored petition and the delivery of the citizens'
messages. Exits 1 when a target is missed: a 5xx, p99 of 1 s or more, a lost submission.
"""

# The commands run here are the stack's own fixed programs, never user input.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from report import check_database, print_figures, read_events
from stack import BIN, exit_on_sigterm, log, running_stack

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def load_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-u", "--users", type=int, default=200)
    parser.add_argument("-r", "--spawn-rate", type=float, default=20)
    parser.add_argument("-t", "--run-time", default="10m")
    parser.add_argument("--database-url", help="an existing PostgreSQL server instead")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    parser.add_argument("--keep", action="store_true", help="keep the stack's folder")


def start_locust(stack_url: str, folder: Path, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "LOAD_SCENARIO": str(folder / "scenario.json"),
        "LOAD_ACK_FILE": str(folder / "acknowledged.txt"),
        "LOAD_EVENTS_FILE": str(folder / "requests.jsonl"),
    }
    command = [
        str(BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(args.spawn_rate),
        "-t",
        args.run_time,
        "-H",
        stack_url,
        "--only-summary",
        "--stop-timeout",
        "15",
        "--loglevel",
        "WARNING",
    ]
    log(" ".join(command[1:]))
    return subprocess.Popen(
        command,
        env=env,
        cwd=folder,
        stdout=(folder / "locust.log").open("wb"),
        stderr=subprocess.STDOUT,
    )


def load_average() -> str:
    return "/".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    load_arguments(parser)
    args = parser.parse_args()
    with running_stack(
        database_url=args.database_url, workers=args.workers, threads=args.threads, keep=args.keep
    ) as stack:
        started = time.time()
        locust = start_locust(stack.url, stack.folder, args)
        loads = []
        while locust.poll() is None:
            time.sleep(30)
            loads.append(load_average())
        log(f"Locust ended after {time.time() - started:.0f} s (exit {locust.returncode})")
        log(f"load average (1, 5, 15 min) every 30 s: {', '.join(loads)}")
        figures = print_figures(read_events(stack.folder / "requests.jsonl"))
        result = check_database(stack, stack.folder / "acknowledged.txt")
        if stack.worker.restarts:
            log(f"worker restarts: {len(stack.worker.restarts)}")
    ok = (
        figures["server_errors"] == 0
        and figures["p99"] < 1000
        and result["stored"] == result["acknowledged"]
        and result["inconsistencies"] == 0
    )
    print()
    print(
        f"RESULT: {'PASS' if ok else 'FAIL'} — {figures['requests']} requests, "
        f"{figures['errors']} errors ({figures['server_errors']} 5xx), "
        f"p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, "
        f"p99 {figures['p99']:.0f} ms; acknowledged {result['acknowledged']}, "
        f"stored {result['stored']}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
