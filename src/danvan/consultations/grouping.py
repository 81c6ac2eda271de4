"""Offline grouping of citizens' comments on a draft: similar opinions per article.

Pure functions over plain data (no models, no network, no downloaded model), with numpy,
scipy and scikit-learn only.

How two comments are compared
    Text is folded (``danvan.core.text.fold``: lower case, no diacritics), so a comment
    typed without diacritics matches one typed with them. Greetings and politeness
    formulas ("Kính gửi …", "Tôi xin góp ý …", "Trân trọng", "Xin cảm ơn") are cut out,
    common abbreviations are spelled out ("ko" → "khong", "UBND" → "uy ban nhan dan"),
    digit group separators dropped. Each comment then becomes two TF-IDF vectors (sub-
    linear term frequency, IDF within the set being grouped, unit length):

    - character 3- to 5-grams of the cleaned text: survive typos, a lost tone mark and
      words in another order;
    - syllable unigrams and bigrams: keep "không đồng ý" apart from "đồng ý" more firmly
      than characters do, and give the keywords.

    The similarity is ``CHAR_WEIGHT`` × cosine of the first + the rest × cosine of the
    second.

Position
    Comments are grouped per (section, position): an "agree" and a "disagree" comment
    are never in one group. The position is the citizen's own statement and the only
    reliable sign of polarity: "Tôi đồng ý mức phí" and "Tôi không đồng ý mức phí" differ
    by one word, and an agreement and a disagreement about the same clause are about the
    same thing, so a text similarity would put them together. Splitting also makes the
    sets to compare four times smaller. The price: the few who state the same proposal
    once as "propose" and once as "other" end up in two groups (``positions`` of a group
    therefore has one non-zero entry; all four keys are kept for the callers).

Clustering (per section and position)
    1. Identical cleaned texts are merged first (copy-pasted campaigns cost nothing).
    2. Similarities above the threshold are found in blocks of rows, so memory grows
       with the block, not with n² (a sparse product, then only the pairs kept).
    3. Sphere exclusion (Taylor–Butina): the comment with most neighbours becomes a
       centre and takes its unassigned neighbours, then the next one. Unlike connected
       components this does not chain two opinions together through a few in-between
       comments; every member is close to its centre.
    4. Refinement, twice: groups whose centroids are more alike than the threshold +
       ``MERGE_MARGIN`` are merged, closest pair first, comparing again after each merge
       (variants of one opinion that step 3 split); then each comment moves to the
       centroid it is most similar to, if above the threshold.

    Comments with no content left after cleaning (empty, punctuation only, a greeting
    only) form one group per section and position: "agreed, without a text".

Everything is ordered by comment id before work starts, and no set or hash order is
used, so the same input gives the same groups.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from danvan.core.text import fold, normalize_text

POSITIONS = ("agree", "disagree", "propose", "other")
DEFAULT_SIMILARITY = 0.2
CHAR_WEIGHT = 0.6
# Groups whose centroids are this much above the pair threshold are one opinion: a
# centroid averages its members' wordings, so centroids of variants of one opinion are
# closer to each other than single comments are. Measured on samples.py (5 × 300
# comments, five seeds, and 8 × 2,000): 0.15 above gave the best adjusted Rand index
# at both sizes (0.1 and 0.2 lost 0.02–0.04 at one of them). The pair threshold itself,
# DEFAULT_SIMILARITY, was chosen the same way among 0.15–0.55.
MERGE_MARGIN = 0.15
REFINE_ROUNDS = 2
KEYWORDS = 5
# Rows of the similarity matrix computed at once: bounds memory to about
# BLOCK × n × 12 bytes of the sparse product, whatever the size of a section.
BLOCK = 1024

# scipy ships no type information: sparse matrices are Any to mypy.
type Matrix = Any  # scipy.sparse.csr_matrix
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class CommentInput:
    id: int
    section_id: int | None  # the article commented on; None = the whole draft
    position: str  # "agree" | "disagree" | "propose" | "other"
    text: str
    people: int = 1  # a meeting's comment may speak for several people


@dataclass
class Group:
    section_id: int | None
    comment_ids: list[int]
    representative_id: int  # the comment closest to the group's centre
    people: int  # sum of people
    positions: dict[str, int]  # people per position (all four keys present)
    keywords: list[str] = field(default_factory=list)  # up to 5, with diacritics as written


# ---------------------------------------------------------------------------------------
# Cleaning

# Greetings, politeness and framing formulas, in folded form. They say nothing about the
# opinion but make two comments of the same opinion look different (or two different
# opinions look alike when both are mostly greeting).
_RECIPIENT = (
    r"(?:ban soan thao|ban du thao|to soan thao|uy ban nhan dan|ubnd|hoi dong nhan dan|"
    r"hdnd|dang uy|lanh dao|cac dong chi|cac co quan|quy co quan|quy vi|cac anh chi|"
    r"cac ban|xa|phuong|thi tran|thon|ong|ba|anh|chi)"
)
_FILLER_PATTERNS = [
    # "Kính gửi Ban soạn thảo dự thảo …," up to the first punctuation, if close.
    r"\bkinh (?:gui|thua)\b[^.,:;!?\n]{0,60}[.,:;!?\n]",
    rf"\bkinh (?:gui|thua)(?: {_RECIPIENT})*",
    r"\b(?:toi|em|chau|con|chung toi|chung em|gia dinh toi|ca nhan toi)? ?xin "
    r"(?:phep )?(?:duoc )?(?:gop y|co y kien|neu y kien|trinh bay|phan anh)"
    r"(?: (?:them|ve|nhu sau|mot so y|mot chut))*\b",
    r"\by kien cua (?:toi|em|chau|chung toi|gia dinh toi)(?: (?:nhu sau|la|ve))*\b",
    r"\btoi (?:co|xin co) (?:mot so )?y kien(?: nhu sau)?\b",
    r"\btoi la (?:nguoi dan|cu tri|nguoi)\b[^.,:;!?\n]{0,40}[.,:;!?\n]",
    r"\bsau khi (?:doc|xem|nghien cuu)(?: ky)? (?:ban )?du thao\b",
    r"\btoi da (?:doc|xem)(?: ky)? (?:ban )?du thao\b",
    r"\bday la y kien (?:rieng )?(?:cua )?(?:ca nhan )?(?:toi|em)?\b",
    r"\btheo (?:toi|em) (?:la )?nhu vay\b",
    r"\b(?:xin |rat |kinh )?mong (?:ban soan thao|xa|uy ban|ubnd|cac dong chi|lanh dao)? ?"
    r"(?:duoc )?(?:xem xet|tiep thu|quan tam|giai quyet)\b",
    r"\b(?:xin )?(?:tran trong|chan thanh)? ?cam on\b",
    r"\b(?:xin )?tran trong\b",
    r"\b(?:a|nhe|nha|oi)\b(?=\s*(?:[.!?\n]|$))",  # closing particles "ạ", "nhé"
]
_FILLERS = re.compile("|".join(f"(?:{p})" for p in _FILLER_PATTERNS))
_DIGIT_GROUPS = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "quaaaa" → "qua"
_ABBREVIATIONS = {
    "k": "khong",
    "ko": "khong",
    "kg": "khong",
    "kh": "khong",
    "khg": "khong",
    "hok": "khong",
    "dc": "duoc",
    "ng": "nguoi",
    "vs": "voi",
    "j": "gi",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "nvh": "nha van hoa",
    "bhyt": "bao hiem y te",
    "gcn": "giay chung nhan",
    "tthc": "thu tuc hanh chinh",
    "m2": "met vuong",
}
# Function words that never make a keyword (they still count in the similarity).
_STOP_WORDS = (
    "toi em chung ta minh ban la va cua cac nhung mot cho voi thi co duoc de tai o tren "
    "trong khi nay do vi nen can phai se da dang van con rat qua cung hay hoac nhu theo "
    "ve den tu ra vao lai moi it nhieu ai gi nao sao the nhe a xin de nghi y kien khong "
    "hon chi bi viec nguoi dan hien nay lam di"
)
_STOP = frozenset(_STOP_WORDS.split())


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds one character at a time, filled as met.

    ``fold`` works character by character on ``normalize_text(value).lower()`` (NFD of a
    string is the NFD of each character; combining marks are dropped one by one), so
    translating with a table of ``fold(ch)`` gives the same result about ten times
    faster: a hundred thousand comments go through this.
    """

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code)) if not chr(code).isspace() else chr(code)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fast_fold(text: str) -> str:
    """Same as ``danvan.core.text.fold`` (tested), faster on long inputs."""
    return normalize_text(text).lower().translate(_FOLD_TABLE)


def clean(text: str) -> str:
    """Folded, formulas removed, abbreviations spelled out, words joined by one space."""
    folded = _DIGIT_GROUPS.sub("", fast_fold(text))
    folded = _FILLERS.sub(" ", folded)
    folded = _REPEATS.sub(r"\1", _NON_WORD.sub(" ", folded))
    return " ".join(_ABBREVIATIONS.get(word, word) for word in folded.split())


# ---------------------------------------------------------------------------------------
# Features

# Characters of cleaned text: 0 = outside a text, 1 = space, then a-z and 0-9.
_BASE = 38
_LUT = np.zeros(256, dtype=np.int64)
_LUT[ord(" ")] = 1
for _i, _ch in enumerate("abcdefghijklmnopqrstuvwxyz0123456789"):
    _LUT[ord(_ch)] = 2 + _i


def _char_ngrams(texts: Sequence[str]) -> Matrix:
    """Counts of character 3- to 5-grams (words padded by spaces), one row per text.

    Vectorised over all texts at once: an n-gram is a number in base 38 (exact, no hash
    collisions), and n-grams across the boundary of two texts are dropped.
    """
    joined = "\0".join(f" {t} " for t in texts).encode("ascii")
    codes = _LUT[np.frombuffer(joined, dtype=np.uint8)]
    lengths = np.fromiter((len(t) + 3 for t in texts), dtype=np.int64, count=len(texts))
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[: len(codes)]
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    for n in (3, 4, 5):
        m = len(codes) - n + 1
        if m <= 0:
            continue
        value = np.zeros(m, dtype=np.int64)
        valid = np.ones(m, dtype=bool)
        for k in range(n):
            part = codes[k : k + m]
            value = value * _BASE + part
            valid &= part > 0
        rows.append(doc[:m][valid])
        cols.append(value[valid] + n * _BASE**5)
    return _count_matrix(rows, cols, len(texts))


def _word_ngrams(texts: Sequence[str], vocabulary: dict[str, int]) -> Matrix:
    """Counts of syllable unigrams and bigrams; ``vocabulary`` gets the new syllables."""
    ids: list[int] = []
    for text in texts:
        ids.extend(vocabulary.setdefault(word, len(vocabulary)) for word in text.split())
        ids.append(-1)
    tokens = np.asarray(ids, dtype=np.int64)
    doc = np.cumsum(tokens < 0) - (tokens < 0)
    present = tokens >= 0
    pair = present[:-1] & present[1:]
    size = max(len(vocabulary), 1)
    bigrams = (tokens[:-1] + 1) * size + tokens[1:]
    return _count_matrix(
        [doc[present], doc[:-1][pair]], [tokens[present], bigrams[pair]], len(texts)
    )


def _count_matrix(rows: list[IntArray], cols: list[IntArray], n: int) -> Matrix:
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    _, compact = np.unique(col, return_inverse=True)
    width = int(compact.max()) + 1 if len(compact) else 0
    data = np.ones(len(row), dtype=np.float64)
    matrix = sp.csr_matrix((data, (row, compact.ravel())), shape=(n, width))
    matrix.sum_duplicates()
    return matrix


def _tfidf(counts: Matrix, weights: FloatArray) -> Matrix:
    """Sub-linear TF × smoothed IDF (document frequency weighted by ``weights``), L2."""
    matrix = counts.copy()
    matrix.data = 1.0 + np.log(matrix.data)
    n = float(weights.sum())
    present = counts.copy()
    present.data[:] = 1.0
    df = np.asarray(present.T @ weights).ravel()
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    matrix = matrix @ sp.diags(idf)
    return _normalize(sp.csr_matrix(matrix))


def _normalize(matrix: Matrix) -> Matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def _features(texts: Sequence[str], weights: FloatArray) -> Matrix:
    """One unit row per text; dot products are the combined similarity."""
    chars = _tfidf(_char_ngrams(texts), weights) * np.sqrt(CHAR_WEIGHT)
    words = _tfidf(_word_ngrams(texts, {}), weights) * np.sqrt(1.0 - CHAR_WEIGHT)
    return sp.csr_matrix(sp.hstack([chars, words], format="csr"))


# ---------------------------------------------------------------------------------------
# Clustering


def _neighbours(x: Matrix, threshold: float) -> Matrix:
    """Sparse matrix of the similarities ≥ ``threshold`` (diagonal included)."""
    n = x.shape[0]
    xt = sp.csr_matrix(x.T)
    parts: list[Matrix] = []
    for start in range(0, n, BLOCK):
        block = sp.csr_matrix(x[start : start + BLOCK] @ xt)
        block.data[block.data < threshold] = 0.0
        block.eliminate_zeros()
        parts.append(block)
    return sp.csr_matrix(sp.vstack(parts, format="csr"))


def _sphere_exclusion(graph: Matrix, weights: FloatArray) -> IntArray:
    """Greedy centres by (weighted) neighbour count; each takes its free neighbours."""
    n = graph.shape[0]
    degree = np.asarray(
        (graph.astype(bool).astype(np.float64) @ sp.diags(weights)).sum(axis=1)
    ).ravel()
    order = np.lexsort((np.arange(n), -degree))  # ties: the earlier comment
    labels = np.full(n, -1, dtype=np.int64)
    indptr, indices = graph.indptr, graph.indices
    cluster = 0
    for i in order:
        if labels[i] >= 0:
            continue
        members = indices[indptr[i] : indptr[i + 1]]
        members = members[labels[members] < 0]
        labels[members] = cluster
        labels[i] = cluster
        cluster += 1
    return labels


def _centroids(x: Matrix, labels: IntArray, weights: FloatArray) -> Matrix:
    k = int(labels.max()) + 1
    assign = sp.csr_matrix((weights, (labels, np.arange(len(labels)))), shape=(k, len(labels)))
    return _normalize(sp.csr_matrix(assign @ x))


def _relabel(labels: IntArray) -> IntArray:
    """Labels 0..k-1 in order of first appearance."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    return np.asarray(rank[inverse.ravel()], dtype=np.int64)


def _merge_close(x: Matrix, labels: IntArray, weights: FloatArray, threshold: float) -> IntArray:
    """Merge groups whose centroids are at least ``threshold`` alike, closest pair first.

    After each merge the new centroid is compared again with the neighbours of both
    parts, so a group only joins if it is close to the merged whole: merging all pairs
    above the threshold at once (connected components) chained distinct opinions of
    one article together through their shared vocabulary ("nhà văn hóa", "đề nghị").
    """
    sums = sp.csr_matrix(
        sp.csr_matrix(
            (weights, (labels, np.arange(len(labels)))), shape=(labels.max() + 1, len(labels))
        )
        @ x
    )
    k = sums.shape[0]
    candidates = sp.triu(_neighbours(_normalize(sums), threshold), k=1).tocoo()
    if candidates.nnz == 0:
        return labels
    rows: list[Matrix] = [sums[i] for i in range(k)]
    norms = [float(np.sqrt(r.multiply(r).sum())) or 1.0 for r in rows]
    near: list[set[int]] = [set() for _ in range(k)]
    heap: list[tuple[float, int, int, int, int]] = []
    version = [0] * k
    for a, b, sim in zip(
        candidates.row.tolist(), candidates.col.tolist(), candidates.data.tolist(), strict=True
    ):
        near[a].add(b)
        near[b].add(a)
        heap.append((-sim, a, b, 0, 0))
    heapq.heapify(heap)
    alive = [True] * k
    target = np.arange(k, dtype=np.int64)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue
        rows[a] = sp.csr_matrix(rows[a] + rows[b])
        norms[a] = float(np.sqrt(rows[a].multiply(rows[a]).sum())) or 1.0
        alive[b] = False
        target[target == b] = a
        version[a] += 1
        near[a] = (near[a] | near[b]) - {a, b}
        for c in sorted(near[a]):
            if not alive[c]:
                continue
            near[c].discard(b)
            near[c].add(a)
            sim = float(rows[a].multiply(rows[c]).sum()) / (norms[a] * norms[c])
            if sim >= threshold:
                first, second = min(a, c), max(a, c)
                heapq.heappush(heap, (-sim, first, second, version[first], version[second]))
    return _relabel(target[labels])


def _nearest_centroid(x: Matrix, centroids: Matrix) -> tuple[IntArray, FloatArray]:
    """For each row, the most similar centroid and the similarity."""
    n, k = x.shape[0], centroids.shape[0]
    best = np.zeros(n, dtype=np.int64)
    score = np.zeros(n, dtype=np.float64)
    ct = sp.csr_matrix(centroids.T)
    step = max(1, 4_000_000 // max(k, 1))  # bounds the dense block to 32 MB
    for start in range(0, n, step):
        sims = (x[start : start + step] @ ct).toarray()
        best[start : start + step] = sims.argmax(axis=1)
        score[start : start + step] = sims.max(axis=1)
    return best, score


def _refine(x: Matrix, labels: IntArray, weights: FloatArray, threshold: float) -> IntArray:
    """Merge groups with close centroids, then move comments to their nearest centroid."""
    for _ in range(REFINE_ROUNDS):
        labels = _merge_close(x, labels, weights, threshold + MERGE_MARGIN)
        best, score = _nearest_centroid(x, _centroids(x, labels, weights))
        labels = _relabel(np.where(score >= threshold, best, labels))
    return labels


def _cluster(x: Matrix, weights: FloatArray, threshold: float) -> IntArray:
    if x.shape[0] == 1:
        return np.zeros(1, dtype=np.int64)
    labels = _sphere_exclusion(_neighbours(x, threshold), weights)
    return _refine(x, _relabel(labels), weights, threshold)


# ---------------------------------------------------------------------------------------
# Keywords

_WORD = re.compile(r"\w+")


def _written_forms(texts: Iterable[str]) -> dict[str, Counter[str]]:
    """Folded syllable or syllable pair → how it was written (lower case, NFC).

    Taken from the group's own comments: folded "gia" is "gia" in "gia đình" but "già"
    in "người già", so the spelling of another group would be wrong.
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        words = _WORD.findall(normalize_text(text).lower())
        folded = [w.translate(_FOLD_TABLE) for w in words]
        for i, word in enumerate(words):
            forms[folded[i]][word] += 1
            if i + 1 < len(words):
                forms[f"{folded[i]} {folded[i + 1]}"][f"{word} {words[i + 1]}"] += 1
    return forms


def _as_written(term: str, forms: dict[str, Counter[str]]) -> str:
    """The most common spelling, a spelling with diacritics counting double.

    Some type without diacritics, so the bare form may be common; a stray tone mark from
    a typo is rare, so a word truly written bare ("xe") stays bare.
    """
    counter = forms.get(term)
    if not counter:
        if " " in term:
            return " ".join(_as_written(part, forms) for part in term.split())
        return term
    return min(
        counter.items(), key=lambda kv: (-kv[1] * (2 if kv[0] != fold(kv[0]) else 1), kv[0])
    )[0]


def _terms(cleaned: str) -> list[str]:
    """Distinct candidate keywords of one cleaned text: syllables and syllable pairs."""
    words = cleaned.split()
    seen: dict[str, None] = {}
    for i, word in enumerate(words):
        if word not in _STOP and not word.isdigit() and len(word) > 1:
            seen.setdefault(word, None)
        if i + 1 < len(words):
            a, b = word, words[i + 1]
            if a not in _STOP and b not in _STOP and len(a) > 1 and len(b) > 1:
                seen.setdefault(f"{a} {b}", None)
    return list(seen)


def _pick(scores: dict[str, float], limit: int) -> list[str]:
    """Best terms, skipping a syllable already inside a chosen pair and vice versa."""
    chosen: list[str] = []
    for term, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if score <= 0:
            break
        parts = set(term.split())
        if any(parts & set(c.split()) for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == limit:
            break
    return chosen


def _keywords_for(
    members: list[list[str]], section_df: Counter[str], section_docs: int, limit: int
) -> list[str]:
    """Terms frequent in the group and rare elsewhere in the section (share × IDF)."""
    inside: Counter[str] = Counter()
    for terms in members:
        inside.update(terms)
    scores: dict[str, float] = {}
    for term, count in inside.items():
        share = count / len(members)
        if share < 0.3 and len(members) > 1:
            continue
        idf = float(np.log((1 + section_docs) / (1 + section_df[term])) + 1.0)
        bonus = 1.2 if " " in term else 1.0  # "bồi thường" says more than "bồi"
        scores[term] = share * idf * bonus
    return _pick(scores, limit)


# ---------------------------------------------------------------------------------------
# Entry points


def _check(comments: list[CommentInput]) -> None:
    seen: set[int] = set()
    for c in comments:
        if c.id in seen:
            raise ValueError(f"comment id {c.id} appears twice")
        seen.add(c.id)
        if c.position not in POSITIONS:
            raise ValueError(f"comment {c.id}: unknown position {c.position!r}")
        if c.people < 1:
            raise ValueError(f"comment {c.id}: people must be at least 1")


def _section_key(section_id: int | None) -> tuple[int, int]:
    return (0, 0) if section_id is None else (1, section_id)


def group_comments(
    comments: Iterable[CommentInput], *, similarity: float = DEFAULT_SIMILARITY
) -> list[Group]:
    """Groups per section (comments of different sections never share a group), largest
    first within each section; every comment in exactly one group (a unique comment
    forms a group of one).

    Sections come in order (the whole draft, ``None``, first); within a section groups
    are ordered by people, then comments, then the smallest comment id. ``similarity``
    (0–1) is the combined cosine above which two comments count as the same opinion:
    higher gives more, tighter groups.
    """
    items = sorted(comments, key=lambda c: c.id)
    _check(items)
    by_section: dict[int | None, list[CommentInput]] = defaultdict(list)
    for c in items:
        by_section[c.section_id].append(c)
    groups: list[Group] = []
    for section_id in sorted(by_section, key=_section_key):
        groups.extend(_group_section(section_id, by_section[section_id], similarity))
    return groups


def _group_section(
    section_id: int | None, items: list[CommentInput], similarity: float
) -> list[Group]:
    cleaned = {c.id: clean(c.text) for c in items}
    term_lists = {c.id: _terms(cleaned[c.id]) for c in items}
    section_df: Counter[str] = Counter()
    for terms in term_lists.values():
        section_df.update(terms)
    by_id = {c.id: c for c in items}

    clusters: list[tuple[list[int], int]] = []  # (member ids, representative id)
    for position in POSITIONS:
        subset = [c for c in items if c.position == position]
        empty = [c.id for c in subset if not cleaned[c.id]]
        if empty:
            clusters.append((empty, empty[0]))
        clusters.extend(
            _cluster_texts([c.id for c in subset if cleaned[c.id]], cleaned, similarity)
        )

    groups = []
    for ids, representative in clusters:
        positions = dict.fromkeys(POSITIONS, 0)
        for cid in ids:
            positions[by_id[cid].position] += by_id[cid].people
        keywords = _keywords_for([term_lists[i] for i in ids], section_df, len(items), KEYWORDS)
        forms = _written_forms(by_id[cid].text for cid in ids)
        groups.append(
            Group(
                section_id=section_id,
                comment_ids=ids,
                representative_id=representative,
                people=sum(positions.values()),
                positions=positions,
                keywords=[_as_written(k, forms) for k in keywords],
            )
        )
    groups.sort(key=lambda g: (-g.people, -len(g.comment_ids), g.comment_ids[0]))
    return groups


def _cluster_texts(
    ids: list[int], cleaned: dict[int, str], similarity: float
) -> list[tuple[list[int], int]]:
    """Clusters of comment ids (ascending) and the representative of each."""
    if not ids:
        return []
    # Identical cleaned texts become one row weighted by how many comments share it.
    rows: dict[str, list[int]] = {}
    for cid in ids:
        rows.setdefault(cleaned[cid], []).append(cid)
    texts = list(rows)
    weights = np.fromiter((len(v) for v in rows.values()), dtype=np.float64, count=len(texts))
    x = _features(texts, weights)
    labels = _cluster(x, weights, similarity)
    centroids = _centroids(x, labels, weights)
    closeness = np.asarray(x.multiply(centroids[labels]).sum(axis=1)).ravel()
    members: dict[int, list[int]] = defaultdict(list)
    best: dict[int, tuple[float, int]] = {}
    for row, label in enumerate(labels.tolist()):
        first = rows[texts[row]][0]
        members[label].extend(rows[texts[row]])
        candidate = (-round(float(closeness[row]), 9), first)
        if label not in best or candidate < best[label]:
            best[label] = candidate
    return [(sorted(members[label]), best[label][1]) for label in sorted(members)]


def differences(groups: list[Group], comments: dict[int, CommentInput]) -> list[list[str]]:
    """For each group (same order as ``groups``), up to 5 terms that set it apart from the
    other groups of its section: frequent in the group, rare in the others.

    A term scores its share of the group's comments minus its share of the other groups'
    comments of the same section; terms in every group (the article's subject) drop out.
    """
    by_section: dict[int | None, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        by_section[group.section_id].append(index)
    result: list[list[str]] = [[] for _ in groups]
    for indexes in by_section.values():
        texts = [comments[cid].text for i in indexes for cid in groups[i].comment_ids]
        forms = _written_forms(texts)
        counts: list[Counter[str]] = []
        for i in indexes:
            counter: Counter[str] = Counter()
            for cid in groups[i].comment_ids:
                counter.update(_terms(clean(comments[cid].text)))
            counts.append(counter)
        total: Counter[str] = Counter()
        for counter in counts:
            total.update(counter)
        sizes = [len(groups[i].comment_ids) for i in indexes]
        all_comments = sum(sizes)
        for slot, i in enumerate(indexes):
            rest = all_comments - sizes[slot]
            # Ties (common in small groups) go to the group's own keywords, which weigh
            # rarity in the whole section.
            own = {fold(k): 0.01 * (KEYWORDS - r) for r, k in enumerate(groups[i].keywords)}
            scores = {
                term: count / sizes[slot]
                - ((total[term] - count) / rest if rest else 0.0)
                + own.get(term, 0.0)
                for term, count in counts[slot].items()
            }
            result[i] = [_as_written(t, forms) for t in _pick(scores, KEYWORDS)]
    return result
