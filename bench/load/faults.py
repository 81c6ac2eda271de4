"""``make faults``: kill the worker and restart PostgreSQL during a load run.

    python bench/load/faults.py                    # 200 users, 5 minutes
    python bench/load/faults.py -u 200 -t 5m --outage 20

Timeline (seconds after Locust starts): at ``--kill-at`` the task worker gets SIGKILL
and its supervisor waits ``--worker-down`` seconds before starting it again (messages
queued meanwhile must still go out); at ``--restart-at`` PostgreSQL is stopped (fast
mode: sessions cut), kept down ``--outage`` seconds, and started again.

Checks: no 500 and no bare error page (every 5xx is the Vietnamese 503 page with
Retry-After, from the application or from nginx), every acknowledged submission stored
and whole, every citizen message sent after the worker came back; prints the status
codes second by second around the outage and the recovery time (PostgreSQL accepting
connections again → first page served from the database, and first petition stored).
"""

# The commands run here are the stack's own fixed programs, never user input.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from report import check_database, delivery_counts, print_figures, read_events
from run import load_arguments, load_average, start_locust
from stack import DANVAN, ROOT, Stack, exit_on_sigterm, log, running_stack

# Pages that cannot answer without the database (the home page might come from a cache).
READS_DATABASE = {
    "citizen: petition form",
    "citizen: track case",
    "citizen: send petition",
    "officer: work queue",
    "officer: petition page",
}


def inject(stack: Stack, args: argparse.Namespace, started: float, marks: dict[str, Any]) -> None:
    def at(second: float) -> None:
        time.sleep(max(0.0, started + second - time.time()))

    at(args.kill_at)
    pid = stack.worker.pid
    marks["pending_at_kill"] = delivery_counts(stack).get("pending", 0)
    stack.worker.restart_delay = args.worker_down
    marks["worker_killed"] = time.time()
    os.kill(pid, signal.SIGKILL)  # type: ignore[arg-type]
    log(f"kill -9 worker {pid}; pending deliveries then: {marks['pending_at_kill']}")

    # Messages queued while no worker runs: they must all go out once it is back.
    time.sleep(max(0.0, args.worker_down - 2))
    marks["pending_while_down"] = delivery_counts(stack).get("pending", 0)
    log(f"pending deliveries with the worker down: {marks['pending_while_down']}")

    at(args.restart_at)
    postgres = stack.postgres
    if postgres is None:
        raise RuntimeError("the fault scenario needs the stack's own PostgreSQL")
    marks["db_stop"] = time.time()
    postgres.stop("fast")
    marks["db_stopped"] = time.time()
    log(f"PostgreSQL stopped in {marks['db_stopped'] - marks['db_stop']:.1f} s")
    time.sleep(args.outage)
    postgres.start()
    marks["db_up"] = time.time()
    log(f"PostgreSQL accepting connections again ({marks['db_up'] - marks['db_stop']:.1f} s down)")


def status_class(event: list[Any]) -> str:
    status, kind = event[3], event[5]
    if status == 0:
        return f"no answer ({kind})"
    if status < 400:
        return "ok"
    if status < 500:
        return str(status)
    return f"{status} {kind}"


def timeline(events: list[list[Any]], marks: dict[str, Any], started: float) -> None:
    first = int(marks["db_stop"] - started) - 3
    last = int(marks.get("recovered_db_page", marks["db_up"]) - started) + 6
    per_second: dict[int, Counter[str]] = {}
    for e in events:
        if e[1] == "CHECK":
            continue
        second = int(e[0] - started)
        if first <= second <= last:
            per_second.setdefault(second, Counter())[status_class(e)] += 1
    print()
    print("second  answers (ok = 2xx/3xx)")
    notes = {
        int(marks["worker_killed"] - started): "← worker killed",
        int(marks["db_stop"] - started): "← PostgreSQL stop",
        int(marks["db_up"] - started): "← PostgreSQL up",
    }
    for second in range(first, last + 1):
        counts = per_second.get(second, Counter())
        text = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"{second:>6}  {text} {notes.get(second, '')}")


def main() -> int:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    load_arguments(parser)
    parser.set_defaults(run_time="5m")
    parser.add_argument("--kill-at", type=float, default=60)
    parser.add_argument("--worker-down", type=float, default=30)
    parser.add_argument("--restart-at", type=float, default=120)
    parser.add_argument("--outage", type=float, default=20)
    args = parser.parse_args()
    if args.database_url:
        parser.error("the fault scenario restarts the stack's own PostgreSQL: no --database-url")
    marks: dict[str, Any] = {}
    with running_stack(workers=args.workers, threads=args.threads, keep=args.keep) as stack:
        started = time.time()
        locust = start_locust(stack.url, stack.folder, args)
        injector = threading.Thread(target=inject, args=(stack, args, started, marks))
        injector.start()
        loads = []
        while locust.poll() is None:
            time.sleep(30)
            loads.append(load_average())
        injector.join()
        log(f"load average (1, 5, 15 min) every 30 s: {', '.join(loads)}")
        events = read_events(stack.folder / "requests.jsonl")
        figures = print_figures(events)
        after = sorted((e for e in events if e[0] >= marks["db_up"]), key=lambda e: e[0])
        db_pages = [e for e in after if e[3] and e[3] < 400 and e[2] in READS_DATABASE]
        stored = [e for e in after if e[2] == "citizen: send petition" and e[3] == 302]
        if db_pages:
            marks["recovered_db_page"] = db_pages[0][0]
        timeline(events, marks, started)
        in_outage = [e for e in events if marks["db_stop"] <= e[0] <= marks["db_up"] + 30]
        server = [e for e in in_outage if e[3] >= 500]
        bare = [e for e in events if e[3] >= 500 and e[5] != "page-vi+retry-after"]
        print()
        print(
            f"during the outage (+30 s): {len(in_outage)} requests, {len(server)} 5xx: "
            f"{dict(Counter(status_class(e) for e in server))}"
        )
        print(
            f"5xx other than the Vietnamese 503/502 page with Retry-After: {len(bare)}; "
            f"HTTP 500: {sum(1 for e in events if e[3] == 500)}"
        )
        recovery = (db_pages[0][0] - marks["db_up"]) if db_pages else None
        recovery_write = (stored[0][0] - marks["db_up"]) if stored else None
        print(
            f"recovery: first page from the database {recovery:.1f} s after PostgreSQL was up; "
            if recovery is not None
            else "recovery: no page served after the restart; ",
            end="",
        )
        print(
            f"first petition stored {recovery_write:.1f} s after"
            if recovery_write is not None
            else "no petition stored after"
        )
        result = check_database(stack, stack.folder / "acknowledged.txt")
        if result["deliveries"].get("pending"):
            # What the cron safety net (danvan send-notifications) does.
            subprocess.run([DANVAN, "send-notifications"], env=stack.env, cwd=ROOT, check=False)
            log(f"after danvan send-notifications: {delivery_counts(stack)}")
        log(
            f"worker restarts (time, exit code): "
            f"{[(round(t - started), c) for t, c in stack.worker.restarts]}"
        )
    ok = (
        not bare
        and result["stored"] == result["acknowledged"]
        and result["inconsistencies"] == 0
        and not result["deliveries"].get("pending")
        and not result["deliveries"].get("failed")
        and recovery is not None
    )
    print()
    print(
        f"RESULT: {'PASS' if ok else 'FAIL'} — {figures['requests']} requests, "
        f"{figures['server_errors']} 5xx (all the 503 page: {not bare}), acknowledged "
        f"{result['acknowledged']}, stored {result['stored']}, deliveries {result['deliveries']}, "
        f"recovery {recovery if recovery is None else round(recovery, 1)} s; messages queued "
        f"while the worker was down: {marks.get('pending_while_down')}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
