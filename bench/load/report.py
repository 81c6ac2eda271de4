"""Figures of a load run from the per-request log, and the database checks at the end."""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from stack import Stack, log


def read_events(path: Path) -> list[list[Any]]:
    """[time, method, name, status, milliseconds, kind] per request (locustfile.py)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    index = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return ordered[index]


def summary_line(label: str, rows: list[list[Any]]) -> str:
    times = [r[4] for r in rows if r[1] != "CHECK"]
    errors = sum(1 for r in rows if r[3] >= 400 or r[3] == 0)
    server = sum(1 for r in rows if r[3] >= 500)
    return (
        f"{label:<28} {len(times):>8} {errors:>6} {server:>5} "
        f"{percentile(times, 50):>7.0f} {percentile(times, 95):>7.0f} {percentile(times, 99):>7.0f}"
    )


def print_figures(events: list[list[Any]]) -> dict[str, Any]:
    requests = [e for e in events if e[1] != "CHECK"]
    checks = [e for e in events if e[1] == "CHECK"]
    print()
    columns = ("requests", "errors", "5xx", "p50 ms", "p95 ms", "p99 ms")
    widths = (8, 6, 5, 7, 7, 7)
    print(f"{'':<28} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    print(summary_line("all", requests))
    for group in ("citizen", "officer"):
        print(summary_line(group, [e for e in requests if e[2].startswith(group)]))
    by_name: dict[str, list[list[Any]]] = defaultdict(list)
    for e in requests:
        by_name[e[2]].append(e)
    for name in sorted(by_name):
        print(summary_line("  " + name, by_name[name]))
    statuses: dict[int, int] = defaultdict(int)
    for e in requests:
        statuses[e[3]] += 1
    print("status codes:", dict(sorted(statuses.items())), "(0 = no answer)")
    if checks:
        print(f"unexpected answers (CHECK): {len(checks)}")
    times = [e[4] for e in requests]
    return {
        "requests": len(requests),
        "errors": sum(1 for e in requests if e[3] >= 400 or e[3] == 0) + len(checks),
        "server_errors": sum(1 for e in requests if e[3] >= 500),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
    }


CONSISTENCY = {
    "portal petitions without their submission record": """
        SELECT count(*) FROM petitions_petition p WHERE p.channel = 'portal' AND NOT EXISTS (
          SELECT 1 FROM portal_onlinesubmission_petitions s WHERE s.petition_id = p.id)""",
    "submission records without a petition": """
        SELECT count(*) FROM portal_onlinesubmission o WHERE NOT EXISTS (
          SELECT 1 FROM portal_onlinesubmission_petitions s WHERE s.onlinesubmission_id = o.id)""",
    # Only complaints (and named denunciations) start a statutory clock at receipt.
    "complaints without a clock": """
        SELECT count(*) FROM petitions_petition p
        WHERE p.channel = 'portal' AND p.kind = 'complaint' AND NOT EXISTS (
          SELECT 1 FROM petitions_clock c WHERE c.petition_id = p.id)""",
    "petitions without an event": """
        SELECT count(*) FROM petitions_petition p WHERE p.channel = 'portal' AND NOT EXISTS (
          SELECT 1 FROM petitions_petitionevent e WHERE e.petition_id = p.id)""",
    "petitions without an audit entry": """
        SELECT count(*) FROM petitions_petition p WHERE p.channel = 'portal' AND NOT EXISTS (
          SELECT 1 FROM audit_auditentry a
          WHERE a.target_type = 'petitions.petition' AND a.target_id = p.id::text)""",
    "petitions without a citizen notice": """
        SELECT count(*) FROM petitions_petition p WHERE p.channel = 'portal' AND NOT EXISTS (
          SELECT 1 FROM notifications_citizennotice n WHERE n.petition_id = p.id)""",
    "notices without a delivery row": """
        SELECT count(*) FROM notifications_citizennotice n
        JOIN petitions_petition p ON p.id = n.petition_id
        WHERE p.channel = 'portal' AND NOT EXISTS (
          SELECT 1 FROM notifications_delivery d WHERE d.notice_id = n.id)""",
}


def delivery_counts(stack: Stack) -> dict[str, int]:
    rows = stack.sql(
        """SELECT d.status, count(*) FROM notifications_delivery d
           JOIN notifications_citizennotice n ON n.id = d.notice_id
           JOIN petitions_petition p ON p.id = n.petition_id
           WHERE p.channel = 'portal' GROUP BY d.status"""
    )
    return {str(status): int(count) for status, count in rows}


def check_database(stack: Stack, ack_file: Path, *, drain_seconds: float = 120) -> dict[str, Any]:
    """Every acknowledged code stored; every stored portal petition whole; the worker has
    sent every message (waits up to ``drain_seconds`` for it to catch up)."""
    codes = sorted(set(ack_file.read_text().split())) if ack_file.exists() else []
    stored = int(
        stack.sql(
            "SELECT count(*) FROM petitions_petition WHERE tracking_code = ANY(%s)", (codes,)
        )[0][0]
    )
    portal = int(
        stack.sql("SELECT count(*) FROM petitions_petition WHERE channel = 'portal'")[0][0]
    )
    print()
    print(
        f"acknowledged submissions: {len(codes)}; stored: {stored}; portal petitions in the "
        f"database: {portal}"
    )
    problems = {name: int(stack.sql(q)[0][0]) for name, q in CONSISTENCY.items()}
    for name, count in problems.items():
        print(f"  {name}: {count}")
    deadline = time.time() + drain_seconds
    counts = delivery_counts(stack)
    while counts.get("pending", 0) and time.time() < deadline:
        time.sleep(5)
        counts = delivery_counts(stack)
    log(f"deliveries of citizen messages: {counts}")
    return {
        "acknowledged": len(codes),
        "stored": stored,
        "portal_petitions": portal,
        "inconsistencies": sum(problems.values()),
        "deliveries": counts,
    }
