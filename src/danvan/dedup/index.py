"""Candidate duplicates among a million petitions, in memory, with the matcher's scores.

:class:`ShingleIndex` answers what :class:`danvan.dedup.matcher.TextIndex` answers (the
indexed texts that score at least a threshold with :func:`matcher.similarity`, best
first) without comparing the query with every row:

1. **Features.** Each text is prepared once by the matcher (folded, formulas removed,
   shorthand expanded). Its words become ids in a vocabulary; the features are the
   words and the pairs of neighbouring words (shingles), as 64-bit keys. A resent
   petition keeps most of them: missing diacritics and shorthand are undone by the
   preparation, a typo loses one word and its two pairs, reordered sentences lose only
   the pairs across the old sentence boundaries, a new greeting adds features.
2. **Postings.** For each feature, the rows that have it, as int32 arrays sorted by row
   (built in batches by sorting (feature, row) pairs, then merged). Features found in
   more than ``max_df`` of the rows (template phrases: "đề nghị", "ủy ban nhân dân")
   are dropped for good: they say little about which case a text is, and they would
   make every query read most of the index.
3. **Votes.** A query adds ``log(1 + N / df)²`` of each of its remaining features to
   every row that has it; names, places, plot numbers, amounts and dates are the rare
   features, so the rows of the same case come first, even when every sentence was
   reworded around them. The ``shortlist`` best rows (a
   few dozen) are kept, after the caller's ``allowed`` filter if there is one (the
   shortlist then reaches further down the votes).
4. **Exact scores.** Those rows are scored with the matcher itself, cheapest test
   first: an upper bound of the score from the tokens and numbers
   (:func:`matcher.score_bound`), then the same bound with the real character cosine
   (:func:`matcher.char_cosines`, all rows in one call), and the full score, with its
   name search, only for the rows that can still reach the threshold. The scores
   returned are those of :func:`matcher.similarity`.

Rows keep their prepared form (normalised text, names and numbers) compressed with a
dictionary taken from the first texts, several times smaller than the text, so that
scoring needs no database access. The index lives in one process and is not
thread-safe; build it from the database when the process starts. Adding is cheap (texts
wait in a batch until the next query or until the batch is full); removing is not
supported.
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from danvan.dedup import matcher
from danvan.dedup.matcher import DEFAULT_THRESHOLD, Prepared

Keys = npt.NDArray[np.uint64]
Ints = npt.NDArray[np.int64]

# Bounds and exact scores add the same terms in another order: a bound may fall below
# the exact score by a rounding error, so candidates are dropped only below this margin.
_MARGIN = 1e-9
_NAMES = "\x1e"
_NAME = "\x1f"
# The compression dictionary is taken from the first texts, up to this many bytes
# (zlib uses at most 32 KiB); texts are kept uncompressed until there are enough.
_ZDICT_BYTES = 32 * 1024
_ZDICT_TEXTS = 64


@dataclass(frozen=True)
class _Segment:
    """Postings of a run of rows: ``rows[offsets[i]:offsets[i + 1]]`` have ``keys[i]``."""

    keys: Keys
    offsets: Ints
    rows: npt.NDArray[np.int32]

    def spans(self, keys: Keys) -> tuple[Ints, Ints]:
        """Start and end in ``rows`` of each of ``keys`` (equal when absent)."""
        if not len(self.keys):
            empty = np.zeros(len(keys), dtype=np.int64)
            return empty, empty
        pos = np.searchsorted(self.keys, keys)
        inside = np.minimum(pos, len(self.keys) - 1)
        found = self.keys[inside] == keys
        starts = np.where(found, self.offsets[inside], 0)
        ends = np.where(found, self.offsets[inside + 1], 0)
        return starts, ends

    @property
    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.offsets.nbytes + self.rows.nbytes)


def _segment(keys: Keys, rows: Ints) -> _Segment:
    """A segment from (key, row) pairs sorted by key, rows ascending within a key."""
    unique, starts = np.unique(keys, return_index=True)
    offsets = np.append(starts, len(keys)).astype(np.int64)
    return _Segment(unique, offsets, rows.astype(np.int32))


def _merge(old: _Segment, new: _Segment, stopped: Keys) -> _Segment:
    """One segment with the postings of both (``new``'s rows after ``old``'s), without
    the keys in ``stopped``."""
    keys = np.union1d(old.keys, new.keys)
    keys = keys[~_isin(keys, stopped)]
    old_start, old_end = old.spans(keys)
    new_start, new_end = new.spans(keys)
    old_count, new_count = old_end - old_start, new_end - new_start
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(old_count + new_count, out=offsets[1:])
    rows = np.empty(int(offsets[-1]), dtype=np.int32)
    for segment, source_start, count, target_start in (
        (old, old_start, old_count, offsets[:-1]),
        (new, new_start, new_count, offsets[:-1] + old_count),
    ):
        total = int(count.sum())
        if not total:
            continue
        # Position of each posting within its key, then where it comes from and goes.
        within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
        source = np.repeat(source_start, count) + within
        target = np.repeat(target_start, count) + within
        rows[target] = segment.rows[source]
    return _Segment(keys, offsets, rows)


def _isin(values: Keys, sorted_keys: Keys) -> npt.NDArray[np.bool_]:
    if not len(sorted_keys) or not len(values):
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return np.asarray(sorted_keys[pos] == values)


def _features(token_ids: Ints) -> Keys:
    """Word keys (below 2**32) and neighbour-pair keys (from 2**32) of one text."""
    words = token_ids.astype(np.uint64)
    pairs = ((words[:-1] + np.uint64(1)) << np.uint64(32)) | words[1:]
    return np.asarray(np.unique(np.concatenate([words, pairs])))


def _query_features(token_ids: Ints) -> Keys:
    """:func:`_features` of a query whose unknown words are -1: a word never indexed
    drops with its pairs, the other features still count."""
    known = token_ids >= 0
    words = np.where(known, token_ids, 0).astype(np.uint64)
    pairs = ((words[:-1] + np.uint64(1)) << np.uint64(32)) | words[1:]
    both = known[:-1] & known[1:]
    return np.asarray(np.unique(np.concatenate([words[known], pairs[both]])))


class ShingleIndex:
    """Texts by id; :meth:`candidates` gives those that score at least a threshold.

    ``shortlist``: how many of the best-voted rows are scored exactly per query (more
    when ``limit`` asks for more). ``max_df``: share of the rows above which a feature
    is dropped; ``min_df``: it is kept in any case up to that many rows, so that small
    indexes keep their features. ``batch``: texts added before they are indexed.
    """

    def __init__(
        self,
        *,
        shortlist: int = 40,
        max_df: float = 0.005,
        min_df: int = 1000,
        batch: int = 20_000,
    ) -> None:
        if shortlist < 1 or batch < 1 or min_df < 1 or not 0.0 < max_df <= 1.0:
            raise ValueError("shortlist, batch and min_df must be positive, max_df in (0, 1]")
        self.shortlist = shortlist
        self.max_df = max_df
        self.min_df = min_df
        self.batch = batch
        self._ids = array("q")
        self._vocabulary: dict[str, int] = {}
        self._segments: list[_Segment] = []
        self._stopped: Keys = np.zeros(0, dtype=np.uint64)
        self._pending: list[Keys] = []
        self._pending_payloads: list[bytes] = []
        self._indexed = 0
        self._zdict: bytes | None = None
        self._store = bytearray()
        self._store_offsets = array("q", [0])

    def __len__(self) -> int:
        return len(self._ids)

    # Adding -----------------------------------------------------------------------

    def add(self, id: int, text: str) -> None:
        """Index ``text`` under ``id`` (ids are the caller's; keep them unique)."""
        prepared = matcher.prepare(text)
        words = prepared.normalized.split()
        vocabulary = self._vocabulary
        token_ids = np.fromiter(
            (vocabulary.setdefault(word, len(vocabulary)) for word in words),
            dtype=np.int64,
            count=len(words),
        )
        self._ids.append(id)
        self._pending.append(_features(token_ids))
        payload = _NAMES.join(
            [prepared.normalized, _NAME.join(prepared.names), " ".join(prepared.numbers)]
        )
        self._pending_payloads.append(payload.encode("utf-8"))
        if len(self._pending) >= self.batch:
            self._flush()

    def add_many(self, items: Iterable[tuple[int, str]]) -> None:
        for id, text in items:
            self.add(id, text)
        self._flush()

    def compact(self) -> None:
        """Index the waiting texts and merge all postings into one segment (faster
        queries after a bulk load)."""
        self._flush()
        while len(self._segments) > 1:
            new = self._segments.pop()
            self._segments[-1] = _merge(self._segments[-1], new, self._stopped)

    def _df_cap(self, rows: int) -> int:
        return max(self.min_df, math.floor(self.max_df * rows))

    def _flush(self) -> None:
        if not self._pending:
            return
        first = self._indexed
        self._store_payloads(self._pending_payloads)
        counts = np.fromiter((len(keys) for keys in self._pending), dtype=np.int64)
        keys = np.concatenate(self._pending)
        rows = np.repeat(np.arange(first, first + len(counts), dtype=np.int64), counts)
        self._indexed += len(self._pending)
        self._pending, self._pending_payloads = [], []
        # Stable: rows stay ascending within each key.
        order = np.argsort(keys, kind="stable")
        keys, rows = keys[order], rows[order]
        unique, starts = np.unique(keys, return_index=True)
        df = np.diff(np.append(starts, len(keys)))
        for segment in self._segments:
            seg_start, seg_end = segment.spans(unique)
            df += seg_end - seg_start
        frequent = unique[df > self._df_cap(self._indexed)]
        if len(frequent):
            self._stopped = np.union1d(self._stopped, frequent)
            keep = ~_isin(keys, self._stopped)
            keys, rows = keys[keep], rows[keep]
        self._segments.append(_segment(keys, rows))
        # Merge runs of similar size, as a binary counter does: about log2(N / batch)
        # segments, each posting copied that many times in all.
        while len(self._segments) > 1 and (
            len(self._segments[-2].rows) <= 2 * len(self._segments[-1].rows)
        ):
            new = self._segments.pop()
            self._segments[-1] = _merge(self._segments[-1], new, self._stopped)

    def _store_payloads(self, payloads: list[bytes]) -> None:
        if self._zdict is None:
            stored = len(self._store_offsets) - 1
            if stored + len(payloads) < _ZDICT_TEXTS:
                # Too few texts to choose a dictionary from: kept as they are for now.
                for payload in payloads:
                    self._store += payload
                    self._store_offsets.append(len(self._store))
                return
            offsets = self._store_offsets
            earlier = [bytes(self._store[offsets[i] : offsets[i + 1]]) for i in range(stored)]
            payloads = earlier + payloads
            self._zdict = b"".join(payloads[:_ZDICT_TEXTS])[-_ZDICT_BYTES:]
            self._store, self._store_offsets = bytearray(), array("q", [0])
        # Copying a compressor that has read the dictionary is cheaper than reading it
        # again for every text.
        primed = zlib.compressobj(6, zdict=self._zdict)
        for payload in payloads:
            compressor = primed.copy()
            self._store += compressor.compress(payload) + compressor.flush()
            self._store_offsets.append(len(self._store))

    def _prepared(self, row: int) -> Prepared:
        start, end = self._store_offsets[row], self._store_offsets[row + 1]
        payload = bytes(self._store[start:end])
        if self._zdict is not None:
            decompressor = zlib.decompressobj(zdict=self._zdict)
            payload = decompressor.decompress(payload) + decompressor.flush()
        normalized, names, numbers = payload.decode("utf-8").split(_NAMES)
        return Prepared(
            normalized=normalized,
            tokens=frozenset(normalized.split()),
            numbers=frozenset(numbers.split()),
            names=tuple(names.split(_NAME)) if names else (),
        )

    # Searching --------------------------------------------------------------------

    def candidates(
        self,
        text: str,
        *,
        limit: int = 10,
        threshold: float = DEFAULT_THRESHOLD,
        allowed: Callable[[int], bool] | None = None,
    ) -> list[tuple[int, float]]:
        """Ids of indexed texts scoring at least ``threshold`` with ``text``, best first
        (ties by id), at most ``limit``; ``allowed(id)`` filters ids before scoring."""
        query = matcher.prepare(text)
        if limit <= 0 or not query.normalized or not len(self):
            return []
        self._flush()
        rows, votes = self._votes(query.normalized.split())
        width = max(self.shortlist, 4 * limit)
        shortlist = list(self._best(rows, votes, width, allowed))
        return self._score(query, shortlist, limit=limit, threshold=threshold)

    def _votes(self, words: list[str]) -> tuple[Ints, npt.NDArray[np.float64]]:
        """Rows sharing a kept feature with ``words`` and the sum of those features' idf."""
        known = [self._vocabulary.get(word, -1) for word in words]
        keys = _query_features(np.asarray(known, dtype=np.int64))
        keys = keys[~_isin(keys, self._stopped)]
        spans = [segment.spans(keys) for segment in self._segments]
        df = np.zeros(len(keys), dtype=np.int64)
        for starts, ends in spans:
            df += ends - starts
        present = df > 0
        if not present.any():
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        # Each shared feature adds idf², the product of the two texts' idf-weighted
        # binary vectors: a few rare features (a name, a plot number) outweigh many
        # commoner ones (a template's wording). log1p: positive even for a feature of
        # every row, so that a tiny index still ranks.
        idf = np.zeros(len(keys))
        idf[present] = np.log1p(self._indexed / df[present]) ** 2
        parts: list[npt.NDArray[np.int32]] = []
        weights: list[npt.NDArray[np.float64]] = []
        for segment, (starts, ends) in zip(self._segments, spans, strict=True):
            for key in np.flatnonzero(ends > starts):
                parts.append(segment.rows[starts[key] : ends[key]])
                weights.append(np.full(ends[key] - starts[key], idf[key]))
        hits, hit_weights = np.concatenate(parts), np.concatenate(weights)
        if 8 * len(hits) > self._indexed:
            # Many hits: one slot per row costs less than sorting the hits.
            dense = np.bincount(hits, weights=hit_weights, minlength=self._indexed)
            rows = np.flatnonzero(dense)
            return rows, dense[rows]
        rows, inverse = np.unique(hits, return_inverse=True)
        return rows.astype(np.int64), np.bincount(inverse, weights=hit_weights)

    def _best(
        self,
        rows: Ints,
        votes: npt.NDArray[np.float64],
        width: int,
        allowed: Callable[[int], bool] | None,
    ) -> Iterator[int]:
        """Up to ``width`` allowed rows, most votes first (ties by row)."""
        taken = 0
        for row in self._ranked(rows, votes, width if allowed is None else 4 * width):
            if allowed is None or allowed(self._ids[row]):
                yield row
                taken += 1
                if taken >= width:
                    return

    @staticmethod
    def _ranked(rows: Ints, votes: npt.NDArray[np.float64], first: int) -> Iterator[int]:
        """Rows by votes, best first, ties by row: the first ``first`` by a partial sort,
        the rest (only reached when a filter rejects many) by a full sort."""
        top = np.arange(len(rows))
        if len(rows) > first:
            # Every row voted at least as much as the first-th one, ties included.
            kth = np.partition(votes, len(rows) - first)[len(rows) - first]
            top = np.flatnonzero(votes >= kth)
        top = top[np.lexsort((rows[top], -votes[top]))][:first]
        yield from (int(rows[i]) for i in top)
        if len(rows) > first:
            rest = np.ones(len(rows), dtype=bool)
            rest[top] = False
            others = np.flatnonzero(rest)
            others = others[np.lexsort((rows[others], -votes[others]))]
            yield from (int(rows[i]) for i in others)

    def _score(
        self, query: Prepared, shortlist: list[int], *, limit: int, threshold: float
    ) -> list[tuple[int, float]]:
        """The exact scores of the shortlisted rows that reach ``threshold``, best first.

        Cheapest bound first: tokens and numbers, every name taken as found and the
        character cosine as 1; then the same with the real cosine (vectors of the
        survivors in one call); the name search and the full score only for the rows
        that can still reach the threshold.
        """
        floor = threshold - _MARGIN
        plausible: list[tuple[int, Prepared]] = []
        for row in shortlist:
            other = self._prepared(row)
            if matcher.score_bound(query, other) >= floor:
                plausible.append((row, other))
        if not plausible:
            return []
        cosines = matcher.char_cosines(query, [other for _row, other in plausible])
        found: list[tuple[int, float]] = []
        for (row, other), cos_char in zip(plausible, cosines, strict=True):
            if matcher.score_bound(query, other, cos_char=cos_char) < floor:
                continue
            score = matcher._combine(cos_char, query, other)
            if score >= threshold:
                found.append((self._ids[row], score))
        found.sort(key=lambda item: (-item[1], item[0]))
        return found[:limit]

    # Introspection ----------------------------------------------------------------

    def memory_bytes(self) -> int:
        """Approximate bytes held: postings, compressed texts, ids and vocabulary."""
        postings = sum(segment.nbytes for segment in self._segments)
        store = len(self._store) + self._store_offsets.itemsize * len(self._store_offsets)
        # A short str key and an int in a dict: about 100 bytes each.
        vocabulary = 100 * len(self._vocabulary)
        pending = sum(keys.nbytes for keys in self._pending)
        return int(postings + store + self._ids.itemsize * len(self._ids) + vocabulary + pending)

    def stats(self) -> dict[str, int]:
        """Sizes, for benchmarks and the curious."""
        self._flush()
        return {
            "texts": len(self),
            "segments": len(self._segments),
            "features": sum(len(segment.keys) for segment in self._segments),
            "postings": sum(len(segment.rows) for segment in self._segments),
            "dropped_features": len(self._stopped),
            "vocabulary": len(self._vocabulary),
            "text_bytes": len(self._store),
        }
