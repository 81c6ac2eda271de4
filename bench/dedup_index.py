"""Benchmark: duplicate check of one new petition against a million existing ones.

Builds ``danvan.dedup.index.ShingleIndex`` over ``--count`` synthetic petitions: nine
in ten are ``bench/textgen.py`` letters (about 920 characters) to the 3,321 communes,
one in ten short petitions from the templates of ``danvan.dedup.pairs`` (the set the
matcher's threshold was tuned on); about 3 % of all are resent copies of an earlier
one, as an archive has. Then it plants ``--queries`` new petitions, of both kinds in
turn: half are resent copies of an archived petition (no diacritics, typos, shorthand,
sentences reordered, reworded or dropped, another greeting or closing, as
``danvan.dedup.pairs`` rewrites them), half hard negatives (the same letter with
another person and other numbers, the same person with another plot, amount and
dates, another letter to the same commune; for short petitions, the negatives of
``danvan.dedup.pairs``). It measures, pinned to one core:

1. ``index.candidates`` per query: p50/p95/p99/mean latency in ms;
2. precision and recall of the returned matches (score >= threshold, at most 10):
   a returned row is right iff it belongs to the query's case (the planted original
   or another copy of it); by kind of query, and at higher thresholds;
3. a brute-force baseline in the same process: rapidfuzz ``token_set_ratio`` of the
   folded texts over all rows, one thread, with its threshold set to its best F1 on
   ``src/danvan/dedup/data/pairs.jsonl``, on the first ``--baseline-queries`` queries
   (each takes seconds), with the index's figures on the same queries beside it.

Prints a short summary and one JSON object. No database, no network. Usage (see
bench/README.md):

    .venv/bin/python bench/dedup_index.py                   # 1,000,000 rows
    .venv/bin/python bench/dedup_index.py --count 20000     # smoke test, well under a minute
"""

from __future__ import annotations

import os

# One core: set before numpy is imported, or its thread pools start with more.
for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BENCH_DIR.parent / "src"))

from rapidfuzz import fuzz, process  # noqa: E402
from textgen import CLOSINGS, TextGenerator  # noqa: E402

from danvan.core.text import fold  # noqa: E402
from danvan.dedup import pairs  # noqa: E402
from danvan.dedup.index import ShingleIndex  # noqa: E402
from danvan.dedup.matcher import DEFAULT_THRESHOLD, similarity  # noqa: E402

PAIRS = BENCH_DIR.parent / "src" / "danvan" / "dedup" / "data" / "pairs.jsonl"
KINDS = ["complaint"] * 35 + ["denunciation"] * 10 + ["petition"] * 25 + ["feedback"] * 30
PERIOD_START = date(2024, 1, 1)
PERIOD_DAYS = 1050
# Share of the archive that is a resent copy of an earlier letter, and how far back
# (in letters) the earlier letter can be.
REPEAT_SHARE = 0.03
REPEAT_WINDOW = 5000
# Share of short petitions written from the templates of danvan.dedup.pairs (the set
# the matcher's threshold was tuned on); the others are textgen letters.
SHORT_SHARE = 0.1
LIMIT = 10

_NUMBER = re.compile(r"\d+")
_PERSON = re.compile(r"Tôi tên là ([^,]+), sinh năm (\d{4})")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def log(message: str) -> None:
    print(message, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="existing petitions")
    parser.add_argument("--queries", type=int, default=300, help="new petitions checked")
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=None,
        help="of which brute force (20; 5 below 100,000 rows, to keep a smoke test short)",
    )
    parser.add_argument("--warmup", type=int, default=20, help="queries run first, not counted")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--shortlist", type=int, default=None, help="index shortlist width")
    parser.add_argument("--max-df", type=float, default=None, help="index max_df")
    args = parser.parse_args(argv)
    if args.baseline_queries is None:
        args.baseline_queries = 20 if args.count >= 100_000 else 5
    if args.count < 100 or args.queries < 2 or args.baseline_queries < 0 or args.warmup < 0:
        parser.error("--count >= 100, --queries >= 2, --baseline-queries and --warmup >= 0")
    args.baseline_queries = min(args.baseline_queries, args.queries)
    return args


def pin_one_core() -> str:
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to cpu {cpu}"


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


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def rss_mb() -> float:
    """Resident size now (Linux), in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def communes() -> list[tuple[str, str]]:
    """(commune, province) names of the official units, or a few made-up ones."""
    try:
        from vietnam_provinces import Province, Ward
    except ImportError:
        return [(f"Xã {place}", "Tỉnh Hòa Bình") for place in pairs.PLACES]
    provinces = {province.code: province.name for province in Province.iter_all()}
    return [(ward.name, provinces[ward.province_code]) for ward in Ward.iter_all()]


# Rewriting letters -----------------------------------------------------------------


def resend(rng: random.Random, text: str, commune: str) -> str:
    """The same letter written again, with the changes of ``pairs._resend``."""
    sentences = _SENTENCE.split(text)
    head, body, tail = sentences[:2], sentences[2:-2], sentences[-2:]
    if rng.random() < 0.6:
        greeting = rng.choice(
            [
                "",
                f"Kính gửi: Chủ tịch UBND {commune.lower()}.",
                "Kính gửi: Ban tiếp công dân huyện.",
                f"Kính gửi: Các cơ quan có thẩm quyền của {commune.lower()}.",
            ]
        )
        head = [h for h in head if not h.startswith("Kính gửi")]
        head = [greeting, *head] if greeting else head
        tail = [tail[0], rng.choice([*CLOSINGS, "", f"Ngày {rng.randint(1, 28)} tháng 5"])]
    if len(body) > 1 and rng.random() < 0.3:
        body.pop(rng.randrange(1, len(body)))
    if rng.random() < 0.4:
        rng.shuffle(body)
    if rng.random() < 0.2:
        body.insert(rng.randint(0, len(body)), rng.choice(pairs.FILLERS))
    parts = [part for part in [*head, *body, *tail] if part]
    out = (" " if rng.random() < 0.8 else "\n").join(parts)
    if rng.random() < 0.3:
        out = pairs._shorthand(rng, out)
    if rng.random() < 0.45:
        out = pairs._strip_diacritics(out)
    if rng.random() < 0.5:
        out = pairs._typos(rng, out, rng.randint(1, 4))
    if rng.random() < 0.08:
        out = out.lower()
    return out


def _other_number(rng: random.Random, number: str) -> str:
    while True:
        low = 10 ** (len(number) - 1) if len(number) > 1 else 0
        other = str(rng.randint(low, 10 ** len(number) - 1))
        if other != number:
            return other


def renumber(rng: random.Random, text: str, start: int = 0) -> tuple[str, int]:
    """``text`` with every number after ``start`` replaced; and how many there were."""
    changed = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal changed
        changed += 1
        return _other_number(rng, match.group())

    return text[:start] + _NUMBER.sub(swap, text[start:]), changed


def hard_negative(
    rng: random.Random, gen: TextGenerator, text: str, commune: str, province: str
) -> tuple[str, str] | None:
    """Another case that reads like ``text``: (kind of negative, text), or None."""
    roll = rng.random()
    person = _PERSON.search(text)
    if roll < 0.5:
        # Another person, every number changed: same wording, same commune.
        out, changed = renumber(rng, text)
        if person:
            out = out.replace(person.group(1), gen.person())
        return ("other_person", out) if changed >= 2 else None
    if roll < 0.75:
        # The same person about another plot, amount, decision and dates.
        if person is None:
            return None
        out, changed = renumber(rng, text, person.end())
        return ("same_person_other_facts", out) if changed >= 3 else None
    _topic, _subject, out = gen.letter(
        kind=rng.choice(KINDS),
        commune=commune,
        province=province,
        received_on=PERIOD_START + timedelta(days=rng.randrange(PERIOD_DAYS)),
    )
    return "other_letter_same_commune", out


# The archive and the queries -------------------------------------------------------


@dataclass
class Source:
    """What a resent copy or a negative is made from."""

    family: str  # "letter" (textgen) or "short" (the pairs templates)
    text: str
    commune: str
    province: str
    case: pairs.Case | None = None


@dataclass
class Corpus:
    count: int
    case_of: list[int] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    # Rows the queries may start from.
    sources: dict[int, Source] = field(default_factory=dict)
    # Texts of those rows and of every row of a case with several rows.
    texts: dict[int, str] = field(default_factory=dict)


def rewrite(rng: random.Random, source: Source) -> str:
    """A resent copy of ``source``."""
    if source.case is not None:
        return pairs._resend(rng, source.case, pairs.FILLERS)
    return resend(rng, source.text, source.commune)


def archive(
    args: argparse.Namespace, corpus: Corpus, wanted: set[int]
) -> Iterator[tuple[int, str]]:
    """The existing petitions as (id, text); fills ``corpus`` on the way."""
    rng = random.Random(args.seed)
    gen = TextGenerator(random.Random(args.seed + 1))
    places = communes()
    recent: list[tuple[int, Source]] = []
    keep_folded = args.baseline_queries > 0
    for row in range(corpus.count):
        commune, province = rng.choice(places)
        if recent and rng.random() < REPEAT_SHARE:
            case, source = recent[rng.randrange(len(recent))]
            text = rewrite(rng, source)
            corpus.texts[case] = source.text
            corpus.texts[row] = text
        else:
            case = row
            if rng.random() < SHORT_SHARE:
                person = pairs._person(rng)
                template = rng.choice(pairs.TEMPLATES)
                short = pairs.Case(rng, template, {**person, **pairs._facts(rng)})
                text = short.render(rng, one_paragraph=rng.random() < 0.8)
                source = Source("short", text, person["commune"], person["district"], short)
            else:
                group = rng.randint(2, 30) if rng.random() < 0.08 else 1
                _topic, _subject, text = gen.letter(
                    kind=rng.choice(KINDS),
                    commune=commune,
                    province=province,
                    received_on=PERIOD_START + timedelta(days=rng.randrange(PERIOD_DAYS)),
                    group=group,
                )
                source = Source("letter", text, commune, province)
            if len(recent) < REPEAT_WINDOW:
                recent.append((case, source))
            else:
                recent[rng.randrange(REPEAT_WINDOW)] = (case, source)
            if row in wanted:
                corpus.sources[row] = source
        corpus.case_of.append(case)
        if keep_folded:
            corpus.folded.append(fold(text))
        if row in wanted:
            corpus.texts[row] = text
        yield row, text


@dataclass
class Query:
    text: str
    family: str
    kind: str
    source: int
    case: int | None  # None: no case in the archive is this one


def short_negative(rng: random.Random, source: Source) -> str:
    """A negative as ``pairs.generate_pairs`` makes them."""
    if source.case is None:
        raise ValueError("a short petition keeps its case")
    keys = ("name", "birth", "village", "commune", "district")
    other = pairs._negative(rng, source.case, {key: source.case.slots[key] for key in keys})
    text = other.render(rng, one_paragraph=rng.random() < 0.8)
    return pairs._strip_diacritics(text) if rng.random() < 0.3 else text


def plant_queries(args: argparse.Namespace, corpus: Corpus, total: int) -> list[Query]:
    """``total`` queries: resent copies and negatives, of both families, in turn."""
    rng = random.Random(args.seed + 2)
    gen = TextGenerator(random.Random(args.seed + 3))
    by_family: dict[str, list[int]] = {"letter": [], "short": []}
    for row in sorted(corpus.sources):
        by_family[corpus.sources[row].family].append(row)
    for rows in by_family.values():
        rng.shuffle(rows)
    queries: list[Query] = []
    turn = 0
    while len(queries) < total and any(by_family.values()):
        family = ("letter", "short")[(turn // 2) % 2]
        positive = turn % 2 == 0
        turn += 1
        if not by_family[family]:
            continue
        row = by_family[family].pop()
        source = corpus.sources[row]
        if positive:
            text = rewrite(rng, source)
            queries.append(Query(text, family, "resent", row, corpus.case_of[row]))
        elif family == "short":
            queries.append(Query(short_negative(rng, source), family, "negative", row, None))
        else:
            negative = hard_negative(rng, gen, source.text, source.commune, source.province)
            if negative is None:
                turn -= 1  # try another letter for this negative
                continue
            queries.append(Query(negative[1], family, negative[0], row, None))
    return queries


def source_rows(args: argparse.Namespace, total: int) -> set[int]:
    """Rows the queries may start from, many more than needed: one in ten is short."""
    rng = random.Random(args.seed + 4)
    return set(rng.sample(range(args.count), min(args.count, 12 * total)))


# Measuring -------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {
        "p50": round(at(0.50), 2),
        "p95": round(at(0.95), 2),
        "p99": round(at(0.99), 2),
        "mean": round(statistics.fmean(ordered), 2),
        "max": round(ordered[-1], 2),
    }


@dataclass
class Tally:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    found_source: int = 0
    positives: int = 0
    queries: int = 0
    answered_right: int = 0

    def add(self, returned: list[int], relevant: set[int], query: Query) -> None:
        hits = sum(row in relevant for row in returned)
        self.true_pos += hits
        self.false_pos += len(returned) - hits
        self.false_neg += len(relevant) - hits
        self.queries += 1
        if query.case is not None:
            self.positives += 1
            self.found_source += query.source in returned
            # What a clerk sees first: the best match is of the same case.
            self.answered_right += bool(returned) and returned[0] in relevant
        else:
            self.answered_right += not returned

    def figures(self) -> dict[str, float]:
        found = self.true_pos + self.false_pos
        relevant = self.true_pos + self.false_neg
        precision = self.true_pos / found if found else 1.0
        recall = self.true_pos / relevant if relevant else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "true_positives": self.true_pos,
            "false_positives": self.false_pos,
            "false_negatives": self.false_neg,
            "source_found": round(self.found_source / self.positives, 4) if self.positives else 1.0,
            "first_answer_right": round(self.answered_right / self.queries, 4)
            if self.queries
            else 1.0,
        }


def relevant_rows(query: Query, members: dict[int, list[int]]) -> set[int]:
    return set(members.get(query.case, [])) if query.case is not None else set()


def best_f1_threshold(scorer: Callable[[str, str], float]) -> tuple[float, float]:
    """The threshold with the best F1 on the committed labelled pairs, and that F1."""
    rows = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines() if line.strip()]
    scored = sorted(((scorer(r["a"], r["b"]), r["label"]) for r in rows), reverse=True)
    positives = sum(label for _score, label in scored)
    best = (0.0, 100.0)
    tp = fp = 0
    for index, (score, label) in enumerate(scored):
        tp += label
        fp += not label
        # Cut only between distinct scores: all pairs scoring `score` are in.
        if index + 1 < len(scored) and scored[index + 1][0] == score:
            continue
        f1 = 2 * tp / (tp + fp + positives)
        if f1 > best[0]:
            best = (f1, score)
    return best[1], best[0]


def token_set(a: str, b: str) -> float:
    return float(fuzz.token_set_ratio(fold(a), fold(b)))


def build(args: argparse.Namespace, index: ShingleIndex, corpus: Corpus, wanted: set[int]) -> float:
    """Fills the index; the seconds spent in it (the generator's time left out)."""
    started = time.perf_counter()
    spent = 0.0
    for row, text in archive(args, corpus, wanted):
        tick = time.perf_counter()
        index.add(row, text)
        spent += time.perf_counter() - tick
        if (row + 1) % 100_000 == 0:
            log(f"  {row + 1:,} rows, {time.perf_counter() - started:,.0f} s")
    tick = time.perf_counter()
    index.compact()
    return spent + time.perf_counter() - tick


def run_baseline(
    args: argparse.Namespace,
    corpus: Corpus,
    queries: list[Query],
    members: dict[int, list[int]],
) -> tuple[float, float, list[float], Tally]:
    cutoff, pairs_f1 = best_f1_threshold(token_set)
    log(
        f"baseline threshold (best F1 {pairs_f1:.4f} on {PAIRS.name}): "
        f"token_set_ratio >= {cutoff:.2f}"
    )
    latencies: list[float] = []
    tally = Tally()
    for query in queries:
        tick = time.perf_counter()
        found = process.extract(
            fold(query.text),
            corpus.folded,
            scorer=fuzz.token_set_ratio,
            score_cutoff=cutoff,
            limit=LIMIT,
        )
        latencies.append((time.perf_counter() - tick) * 1000)
        tally.add([row for _text, _score, row in found], relevant_rows(query, members), query)
    return cutoff, pairs_f1, latencies, tally


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log(
        f"count={args.count:,} queries={args.queries} baseline={args.baseline_queries} "
        f"seed={args.seed} threshold={args.threshold}"
    )
    log(machine())
    log(f"{pin_one_core()}; load average {load_average()}")

    options: dict[str, Any] = {}
    if args.shortlist is not None:
        options["shortlist"] = args.shortlist
    if args.max_df is not None:
        options["max_df"] = args.max_df
    index = ShingleIndex(**options)
    corpus = Corpus(args.count)
    total = args.queries + args.warmup
    wanted = source_rows(args, total)

    rss_start = rss_mb()
    started = time.perf_counter()
    spent = build(args, index, corpus, wanted)
    wall = time.perf_counter() - started
    stats = index.stats()
    rss_built = rss_mb()
    index_mb = index.memory_bytes() / 2**20
    folded_mb = sum(sys.getsizeof(text) for text in corpus.folded) / 2**20
    log(f"built in {spent:,.1f} s ({wall:,.1f} s with the generator): {stats}")
    log(f"load average {load_average()}")
    log(
        f"index {index_mb:,.0f} MB; process RSS {rss_built:,.0f} MB (was {rss_start:,.0f} MB; "
        f"with {folded_mb:,.0f} MB of folded texts for the baseline)"
    )

    members: dict[int, list[int]] = {}
    for row, case in enumerate(corpus.case_of):
        members.setdefault(case, []).append(row)
    queries = plant_queries(args, corpus, total)
    warm, measured = queries[: args.warmup], queries[args.warmup :]
    kinds = sorted({(q.family, q.kind) for q in measured})
    log(
        f"{len(measured)} queries: "
        + ", ".join(
            f"{family}/{kind} {sum((q.family, q.kind) == (family, kind) for q in measured)}"
            for family, kind in kinds
        )
    )
    for query in warm:
        index.candidates(query.text, limit=LIMIT, threshold=args.threshold)

    latencies: list[float] = []
    answers: list[list[tuple[int, float]]] = []
    tally = Tally()
    by_kind: dict[str, Tally] = {}
    for query in measured:
        tick = time.perf_counter()
        found = index.candidates(query.text, limit=LIMIT, threshold=args.threshold)
        latencies.append((time.perf_counter() - tick) * 1000)
        answers.append(found)
        returned = [row for row, _score in found]
        relevant = relevant_rows(query, members)
        tally.add(returned, relevant, query)
        by_kind.setdefault(f"{query.family}/{query.kind}", Tally()).add(returned, relevant, query)
    # What the matcher itself says of the true pairs: the most any index can find.
    true_scores: list[float] = []
    reachable = found_reachable = beyond_limit = 0
    for query, found in zip(measured, answers, strict=True):
        found_rows = {row for row, _score in found}
        for row in relevant_rows(query, members):
            score = similarity(query.text, corpus.texts[row])
            true_scores.append(score)
            if score >= args.threshold:
                reachable += 1
                found_reachable += row in found_rows
                # Missed only because `limit` better-scoring rows came first.
                beyond_limit += (
                    row not in found_rows and len(found) == LIMIT and (found[-1][1] >= score)
                )
    ceiling = [score >= args.threshold for score in true_scores]
    # Answers at higher thresholds are the answers above them (best first, same limit).
    by_threshold: dict[str, dict[str, float]] = {}
    for higher in (0.5, 0.55, 0.6, 0.65, 0.7):
        if higher <= args.threshold:
            continue
        higher_tally = Tally()
        for query, found in zip(measured, answers, strict=True):
            kept = [row for row, score in found if score >= higher]
            higher_tally.add(kept, relevant_rows(query, members), query)
        figures = higher_tally.figures()
        by_threshold[str(higher)] = {
            key: figures[key] for key in ("precision", "recall", "f1", "first_answer_right")
        }
        by_threshold[str(higher)]["matcher_ceiling_recall"] = round(
            sum(score >= higher for score in true_scores) / max(len(true_scores), 1), 4
        )
    index_latency = percentiles(latencies)
    index_quality = tally.figures()
    log(f"index: latency {index_latency} ms")
    log(f"index: quality {index_quality}")
    log(
        f"  true pairs the matcher scores >= {args.threshold}: {reachable} of "
        f"{len(true_scores)}; returned by the index: {found_reachable}; left out because "
        f"{LIMIT} rows scored higher: {beyond_limit}"
    )
    for key, kind_tally in sorted(by_kind.items()):
        log(f"  {key}: {kind_tally.figures()}")
    for cut, figures in by_threshold.items():
        log(f"  at threshold {cut}: {figures}")

    baseline: dict[str, Any] = {}
    if args.baseline_queries:
        subset = measured[: args.baseline_queries]
        cutoff, pairs_f1, base_latencies, base_tally = run_baseline(args, corpus, subset, members)
        sub_tally = Tally()
        for query in subset:
            found = index.candidates(query.text, limit=LIMIT, threshold=args.threshold)
            sub_tally.add([row for row, _s in found], relevant_rows(query, members), query)
        base_latency = percentiles(base_latencies)
        sub_latency = percentiles(latencies[: args.baseline_queries])
        baseline = {
            "method": "rapidfuzz process.extract, fuzz.token_set_ratio on folded texts, 1 thread",
            "threshold": round(cutoff, 2),
            "threshold_f1_on_pairs": round(pairs_f1, 4),
            "queries": len(subset),
            "latency_ms": base_latency,
            "quality": base_tally.figures(),
            "index_on_same_queries": {"latency_ms": sub_latency, "quality": sub_tally.figures()},
            "speed_ratio_p95": round(base_latency["p95"] / sub_latency["p95"], 1),
            "speed_ratio_mean": round(base_latency["mean"] / sub_latency["mean"], 1),
        }
        log(f"baseline: latency {base_latency} ms")
        log(f"baseline: quality {baseline['quality']}")

    summary = {
        "count": args.count,
        "queries": len(measured),
        "seed": args.seed,
        "threshold": args.threshold,
        "build_s": round(spent, 1),
        "build_with_generator_s": round(wall, 1),
        "index_mb": round(index_mb, 1),
        "rss_mb": round(rss_built, 1),
        "baseline_texts_mb": round(folded_mb, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "index": {
            "latency_ms": index_latency,
            "quality": index_quality,
            "quality_by_kind": {key: t.figures() for key, t in sorted(by_kind.items())},
            "quality_at_higher_thresholds": by_threshold,
            "matcher_ceiling_recall": round(sum(ceiling) / len(ceiling), 4) if ceiling else 1.0,
            # Of the true pairs the matcher scores above the threshold, the share returned.
            "recall_of_matcher_positives": round(found_reachable / reachable, 4)
            if reachable
            else 1.0,
            "matcher_positives_beyond_limit": beyond_limit,
            "stats": stats,
        },
        "baseline": baseline,
        "load_average": load_average(),
    }
    log("")
    log(
        f"index: p95 {index_latency['p95']} ms (target < 50), precision "
        f"{index_quality['precision']}, recall {index_quality['recall']} on {len(measured)} queries"
    )
    if baseline:
        log(
            f"brute force: p95 {baseline['latency_ms']['p95']} ms, precision "
            f"{baseline['quality']['precision']}, recall {baseline['quality']['recall']} on "
            f"{baseline['queries']} queries; index {baseline['speed_ratio_p95']}x faster at "
            f"p95, {baseline['speed_ratio_mean']}x on the mean"
        )
    log(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
