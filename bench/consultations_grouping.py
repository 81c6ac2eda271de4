"""Benchmark: offline grouping of citizens' comments on a draft, at 100,000 comments.

Generates labelled comments with ``danvan.consultations.samples.labelled_comments``
(``--articles`` articles, ``--comments`` in all), then measures, in one process:

1. ``danvan.consultations.grouping.group_comments`` on all of them: wall time,
   throughput, peak Python memory (tracemalloc, in a second run, as tracing slows the
   code down) and the process's peak resident size;
2. the quality of its groups against the true opinions (adjusted Rand index, purity,
   number of groups) beside two baselines: exact match on normalised text (folded,
   punctuation dropped) per section and position, and one group per section and
   position.

No database and no Django settings are needed. Usage (see bench/README.md):

    .venv/bin/python bench/consultations_grouping.py
    .venv/bin/python bench/consultations_grouping.py --comments 10000 --articles 10
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Hashable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent / "src"))

from sklearn.metrics import adjusted_rand_score  # noqa: E402

from danvan.consultations.grouping import CommentInput, Group, group_comments  # noqa: E402
from danvan.consultations.samples import labelled_comments  # noqa: E402
from danvan.core.text import fold  # noqa: E402


def log(message: str) -> None:
    print(message, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=100_000, help="comments in all")
    parser.add_argument("--articles", type=int, default=50, help="articles of the draft")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--similarity", type=float, default=None, help="threshold (default: the engine's)"
    )
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the second, traced run")
    return parser.parse_args(argv)


def machine() -> str:
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = f"{model} / {line.split(':', 1)[1].strip()}".strip(" /")
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        ram = "unknown"
    return f"cpus={os.cpu_count()} processor={model or 'unknown'!r} ram={ram}"


def maxrss_mb() -> float:
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_PUNCTUATION = re.compile(r"[^\w]+")


def exact_baseline(comments: list[CommentInput]) -> dict[int, Hashable]:
    """Same section, position and text once folded and stripped of punctuation."""
    return {
        c.id: (c.section_id, c.position, " ".join(_PUNCTUATION.sub(" ", fold(c.text)).split()))
        for c in comments
    }


def position_baseline(comments: list[CommentInput]) -> dict[int, Hashable]:
    """One group per section and position."""
    return {c.id: (c.section_id, c.position) for c in comments}


def from_groups(groups: list[Group]) -> dict[int, Hashable]:
    return {cid: index for index, group in enumerate(groups) for cid in group.comment_ids}


def quality(predicted: dict[int, Hashable], labels: dict[int, int]) -> dict[str, float]:
    ids = sorted(labels)
    codes: dict[Hashable, int] = {}
    pred = [codes.setdefault(predicted[i], len(codes)) for i in ids]
    truth = [labels[i] for i in ids]
    clusters: dict[int, Counter[int]] = {}
    for p, t in zip(pred, truth, strict=True):
        clusters.setdefault(p, Counter())[t] += 1
    pure = sum(c.most_common(1)[0][1] for c in clusters.values())
    return {
        "ari": adjusted_rand_score(truth, pred),
        "purity": pure / len(ids),
        "groups": float(len(clusters)),
    }


def timed(run: Callable[[], list[Group]]) -> tuple[list[Group], float]:
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    per_article = max(1, args.comments // args.articles)
    log(
        f"comments={per_article * args.articles:,} articles={args.articles} "
        f"per_article={per_article:,} seed={args.seed}"
    )
    log(machine())

    started = time.perf_counter()
    comments, labels = labelled_comments(
        articles=args.articles, per_article=per_article, seed=args.seed
    )
    n = len(comments)
    opinions = len(set(labels.values()))
    log(
        f"generated {n:,} comments ({sum(c.people for c in comments):,} people, "
        f"{opinions:,} true opinions incl. one-offs) in {time.perf_counter() - started:.1f} s"
    )
    rss_before = maxrss_mb()

    kwargs = {} if args.similarity is None else {"similarity": args.similarity}
    groups, wall = timed(lambda: group_comments(comments, **kwargs))
    rss_after = maxrss_mb()
    log(f"group_comments: {wall:.2f} s = {n / wall:,.0f} comments/s, {len(groups):,} groups")

    traced_peak = float("nan")
    if not args.no_tracemalloc:
        tracemalloc.start()
        again, traced_wall = timed(lambda: group_comments(comments, **kwargs))
        traced_peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        same = [g.comment_ids for g in again] == [g.comment_ids for g in groups]
        log(
            f"traced run: {traced_wall:.2f} s, tracemalloc peak {traced_peak:,.1f} MB, "
            f"same groups as the first run: {same}"
        )
    log(f"peak resident size: {rss_before:,.0f} MB before grouping, {rss_after:,.0f} MB after")

    members = sum(len(g.comment_ids) for g in groups)
    ids_ok = members == n and len({cid for g in groups for cid in g.comment_ids}) == n
    people_ok = sum(g.people for g in groups) == sum(c.people for c in comments)
    log(f"every comment in exactly one group: {ids_ok}; people add up: {people_ok}")

    rows = [
        ("group_comments", quality(from_groups(groups), labels)),
        ("baseline: exact normalised text", quality(exact_baseline(comments), labels)),
        ("baseline: position only", quality(position_baseline(comments), labels)),
    ]
    log("")
    log(f"| {'method':<34} | {'ARI':>6} | {'purity':>6} | {'groups':>7} |")
    log(f"|{'-' * 36}|{'-' * 8}|{'-' * 8}|{'-' * 9}|")
    for name, q in rows:
        log(f"| {name:<34} | {q['ari']:>6.3f} | {q['purity']:>6.3f} | {q['groups']:>7,.0f} |")
    log("")

    ours, exact, position = (q for _, q in rows)
    summary = {
        "comments": n,
        "articles": args.articles,
        "seed": args.seed,
        "seconds": round(wall, 3),
        "comments_per_s": round(n / wall),
        "groups": len(groups),
        "tracemalloc_peak_mb": None if math.isnan(traced_peak) else round(traced_peak, 1),
        "maxrss_mb": round(rss_after, 1),
        "ari": round(ours["ari"], 4),
        "purity": round(ours["purity"], 4),
        "baseline_exact_ari": round(exact["ari"], 4),
        "baseline_exact_purity": round(exact["purity"], 4),
        "baseline_position_ari": round(position["ari"], 4),
        "baseline_position_purity": round(position["purity"], 4),
        "cpus": os.cpu_count(),
    }
    log(json.dumps(summary))
    return 0 if ids_ok and people_ok else 1


if __name__ == "__main__":
    sys.exit(main())
