"""Find petitions that describe the same case, offline and without Django models.

Citizens often send the same grievance again: retyped without diacritics, with typos,
with a new greeting, the sentences in another order, one sentence more or less. Those
must match. Two neighbours who complain about *different* plots of land with the same
wording must not: names, places, plot numbers, amounts and dates decide the case.

Pipeline
--------
1. :func:`normalize` — NFC, strip the formulaic parts of a Vietnamese petition
   (``Kính gửi: …`` line, ``Tôi tên là``, ``Tôi xin trình bày``, closings such as
   ``Trân trọng cảm ơn``, ``Người viết đơn``, the letter date ``ngày … tháng … năm …``),
   fold diacritics (``đ`` → ``d``), lower case, expand abbreviations (UBND, ko, đc …),
   collapse whitespace. Fact dates written as ``12/3/2024`` are kept; the letter date
   in words is dropped because it changes every time the same petition is resent.
2. Key facts (:func:`key_facts`) — numbers (thousands separators removed) and
   proper-name-like runs of two or more capitalised words (people, villages,
   communes, companies), taken before lower-casing.
3. Score::

       base  = 0.6 · cos_char + 0.4 · tokens
       facts = max(cover(A → B), cover(B → A))            (1 if neither has facts)
       similarity = base · (FACT_FLOOR + (1 − FACT_FLOOR) · facts)

   ``cos_char`` is the cosine of sublinear-TF character 3–5-gram vectors (hashed,
   word-bounded), which survives missing diacritics, typos and reordered sentences.
   ``tokens`` is a weighted Jaccard of the word sets where digit tokens weigh
   :data:`DIGIT_WEIGHT`, so a different plot number lowers it more than a different
   filler word. ``cover(A → B)`` is the weighted share of A's key facts found in B
   (numbers exactly, names approximately, so a typo in a name still counts); the
   maximum of both directions tolerates a sentence dropped from one text. Different
   people or plots leave few facts in common, which pulls the score down sharply.

:class:`TextIndex` is a brute-force index over a sparse matrix: fine for thousands of
petitions at intake. For the archive (a million rows and more),
:class:`danvan.dedup.index.ShingleIndex` finds candidates through an inverted index of
the rarer words and word pairs and scores a few dozen of them with this module
(:func:`score_bound` to skip those that cannot reach the threshold,
:func:`char_cosines` for their vectors in one call, then the full score), so its
answers carry the scores of :func:`similarity`. :func:`score_many` scores one text
against several.

Speed without changing a score: the letter-date formula runs only where its guard
finds a date in words; :func:`_name_found` counts characters for all windows at once
and asks ``SequenceMatcher`` only where those counts allow a match; the character
vectors of a text are summed from the cached vectors of its words, which is what the
word-bounded n-grams amount to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize as normalize_rows

from danvan.core.text import fold

# Tuned on 2,400 pairs generated with seed 11 (best F1 there), not on the committed
# set (seed 7) on which it is reported.
DEFAULT_THRESHOLD = 0.46

CHAR_WEIGHT = 0.6
TOKEN_WEIGHT = 0.4
DIGIT_WEIGHT = 4.0
FACT_FLOOR = 0.3
NAME_WEIGHT = 1.0
NUMBER_WEIGHT = 3.0
# Two names are the same if their folded spellings are this close (one or two typos).
NAME_RATIO = 0.84
# Very long inputs are cut: a petition's identity is in its first pages, and the cost
# of the n-gram vectors grows with the length.
MAX_CHARS = 20_000

_SPACES = re.compile(r"\s+")
_NUMBER_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
# Words, numbers and dates (12/3/2024); "m2" stays one word so its 2 is no number.
_TOKEN = re.compile(r"[^\W_]+(?:/[0-9]+)*")
_WORD_CASED = re.compile(r"[^\W\d_]+")

# Patterns run on text with diacritics removed but case kept (see _strip_marks).
_FORMULAS = [
    # The address line "Kính gửi: Ủy ban nhân dân xã …", up to the end of its line or
    # sentence, or up to "Tôi" when a one-paragraph petition runs on without a stop.
    re.compile(r"\bkinh\s+gui\b.*?(?:[.!?\n]|(?=\btoi\b)|$)", re.IGNORECASE),
    # Header "Cộng hòa xã hội chủ nghĩa Việt Nam / Độc lập - Tự do - Hạnh phúc".
    re.compile(r"\bcong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam\b", re.IGNORECASE),
    re.compile(r"\bdoc\s+lap\s*-\s*tu\s+do\s*-\s*hanh\s+phuc\b", re.IGNORECASE),
    # The letter date in words, with the place before it ("Hà Tĩnh, ngày 3 tháng 4 …").
    re.compile(
        r"(?:[^\W\d_]+(?:\s+[^\W\d_]+){0,3}\s*,\s*)?\bngay\s+\d{1,2}\s+thang\s+\d{1,2}"
        r"(?:\s+nam\s+\d{2,4})?",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:toi\s+)?xin\s+(?:trinh\s+bay|trinh\s+bay\s+su\s+viec)(?:\s+nhu\s+sau)?",
        re.IGNORECASE,
    ),
    re.compile(r"\btoi\s+ten\s+la\b", re.IGNORECASE),
    re.compile(
        r"\b(?:xin\s+)?(?:tran\s+trong|chan\s+thanh)(?:\s+cam\s+on)?|\bxin\s+cam\s+on\b"
        r"|\bcam\s+on\b",
        re.IGNORECASE,
    ),
    re.compile(r"\bnguoi\s+(?:viet|lam|gui)\s+don\b", re.IGNORECASE),
    re.compile(r"\b(?:don\s+)?(?:khieu\s+nai|to\s+cao|kien\s+nghi|phan\s+anh)\s*:", re.IGNORECASE),
    re.compile(r"\bky\s*(?:,|va)?\s*ghi\s+ro\s+ho\s+ten\b", re.IGNORECASE),
]
# A formula is tried only where its guard finds the part every match of it contains.
# The letter-date formula may start a few words before "ngày": tried at every position
# it costs most of the cleaning, and most petitions have no letter date in words.
_GUARDS: dict[re.Pattern[str], re.Pattern[str]] = {
    _FORMULAS[3]: re.compile(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}", re.IGNORECASE),
}

# Common shorthand in petitions typed on phones; keys and values are folded.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thi tran",
    "ko": "khong",
    "k": "khong",
    "kg": "khong",
    "khg": "khong",
    "hok": "khong",
    "dc": "duoc",
    "dk": "duoc",
    "qsdd": "quyen su dung dat",
    "gcn": "giay chung nhan",
    "gcnqsdd": "giay chung nhan quyen su dung dat",
    "cty": "cong ty",
    "cb": "can bo",
    "ng": "nguoi",
    "vs": "voi",
    "j": "gi",
    "r": "roi",
    "nc": "nuoc",
    "bt": "binh thuong",
    "trc": "truoc",
}

# Capitalised words that are not part of a name (folded, lower case). Honorifics end
# a name only at its start, since "Bá" or "Văn" are also middle names.
_HONORIFICS = frozenset(
    ["ong", "ba", "anh", "chi", "em", "chau", "co", "chu", "bac", "cu", "me", "bo"]
)
_NOT_NAME = frozenset(
    [
        "kinh",
        "gui",
        "toi",
        "uy",
        "ban",
        "nhan",
        "xa",
        "thon",
        "ap",
        "phuong",
        "huyen",
        "tinh",
        "quan",
        "thi",
        "tran",
        "thanh",
        "pho",
        "khu",
        "cong",
        "ty",
        "chu",
        "tich",
        "truong",
        "dia",
        "chinh",
        "can",
        "bo",
        "don",
        "khieu",
        "nai",
        "cao",
        "kien",
        "nghi",
        "phan",
        "anh",
        "nay",
        "nam",
        "ngay",
        "thang",
        "hom",
        "tu",
        "sau",
        "khi",
        "vi",
        "vay",
        "nhung",
        "tuy",
        "nhien",
        "de",
        "neu",
        "mac",
        "du",
        "nha",
        "gia",
        "dinh",
    ]
)


def _strip_marks(value: str) -> str:
    """Remove diacritics but keep case (``Đ`` → ``D``), one character per character."""
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D")


def _clean(text: str) -> str:
    """NFC, cut, diacritics removed (case kept), formulaic parts removed."""
    value = unicodedata.normalize("NFC", text or "")[:MAX_CHARS]
    value = _strip_marks(value)
    for pattern in _FORMULAS:
        guard = _GUARDS.get(pattern)
        if guard is None or guard.search(value):
            value = pattern.sub(" ", value)
    return value


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        out.extend(ABBREVIATIONS.get(token, token).split())
    return out


def _tokens(cleaned: str) -> list[str]:
    lowered = _NUMBER_SEPARATOR.sub("", fold(cleaned))
    return _expand(_TOKEN.findall(lowered))


def normalize(text: str) -> str:
    """The text reduced to what identifies the case: folded, lower case, no formulas."""
    return prepare(text).normalized


def _names(cleaned: str) -> list[str]:
    """Runs of two or more capitalised words that are not honorifics or admin words."""
    names: list[str] = []
    run: list[str] = []
    for line in re.split(r"[.!?;:,\n()\"“”]", cleaned):
        run = []
        for word in [*_WORD_CASED.findall(line), ""]:
            lower = word.lower()
            is_name = (
                word[:1].isupper()
                and not word.isupper()
                and lower not in _NOT_NAME
                and lower not in ABBREVIATIONS
                and not (not run and lower in _HONORIFICS)
            )
            if is_name:
                run.append(lower)
                continue
            if len(run) >= 2:
                names.append(" ".join(run))
            run = []
    return sorted(set(names))


@dataclass(frozen=True)
class Prepared:
    """A text made ready for comparison; computed once per text."""

    normalized: str
    tokens: frozenset[str]
    numbers: frozenset[str]
    names: tuple[str, ...]


def prepare(text: str) -> Prepared:
    cleaned = _clean(text)
    tokens = _tokens(cleaned)
    numbers = frozenset(t for t in tokens if t[0].isdigit())
    return Prepared(
        normalized=" ".join(tokens),
        tokens=frozenset(tokens),
        numbers=numbers,
        names=tuple(_names(cleaned)),
    )


def key_facts(text: str) -> dict[str, list[str]]:
    """The numbers and names that identify a case, for display and debugging."""
    prepared = prepare(text)
    return {"numbers": sorted(prepared.numbers), "names": list(prepared.names)}


@lru_cache(maxsize=1)
def _vectorizer() -> HashingVectorizer:
    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        n_features=2**20,
        alternate_sign=False,
        norm=None,
        lowercase=False,
    )


def _vectors(texts: list[str]) -> sparse.csr_matrix:
    """Sublinear-TF character n-gram vectors, L2-normalised (rows of zeros stay zero)."""
    return _weighted(_vectorizer().transform(texts).tocsr().astype(np.float64))


# Character n-grams never cross a word boundary (char_wb), so the counts of a text are
# the sum of its words' counts: each word is vectorised once, and then a text costs a
# sort of its n-gram numbers instead of the n-grams' hashing. Cleared when full.
_WORD_GRAMS: dict[str, npt.NDArray[np.int64]] = {}
WORD_GRAMS_MAX = 200_000


def _grams_of(words: set[str]) -> dict[str, npt.NDArray[np.int64]]:
    """The n-gram numbers of each word, repeated as often as the n-gram occurs."""
    missing = [word for word in words if word not in _WORD_GRAMS]
    if missing:
        if len(_WORD_GRAMS) + len(missing) > WORD_GRAMS_MAX:
            _WORD_GRAMS.clear()
        counts = _vectorizer().transform(missing).tocsr()
        for row, word in enumerate(missing):
            start, end = counts.indptr[row], counts.indptr[row + 1]
            repeats = counts.data[start:end].astype(np.int64)
            _WORD_GRAMS[word] = np.repeat(counts.indices[start:end].astype(np.int64), repeats)
    return {word: _WORD_GRAMS[word] for word in words}


def _vectors_by_words(texts: list[str]) -> sparse.csr_matrix:
    """:func:`_vectors` of ``texts``, the same values, from their words' n-grams (the
    vectorizer itself splits a text into words as ``str.split`` does)."""
    split = [text.split() for text in texts]
    grams_of = _grams_of({word for words in split for word in words})
    indices: list[npt.NDArray[np.int64]] = []
    data: list[npt.NDArray[np.int64]] = []
    indptr = [0]
    for words in split:
        grams = [grams_of[word] for word in words]
        unique, counts = np.unique(
            np.concatenate(grams) if grams else np.zeros(0, dtype=np.int64), return_counts=True
        )
        indices.append(unique)
        data.append(counts)
        indptr.append(indptr[-1] + len(unique))
    counts_matrix = sparse.csr_matrix(
        (
            np.concatenate(data).astype(np.float64),
            np.concatenate(indices).astype(np.int32),
            np.asarray(indptr, dtype=np.int32),
        ),
        shape=(len(texts), _vectorizer().n_features),
    )
    return _weighted(counts_matrix)


def _weighted(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Counts (float64, canonical CSR) to sublinear-TF, L2-normalised vectors."""
    counts.data = 1.0 + np.log(counts.data)
    vectors: sparse.csr_matrix = normalize_rows(counts, norm="l2", copy=False)
    vectors.sort_indices()
    return vectors


def _cosine(vectors: sparse.csr_matrix) -> float:
    """Cosine of the first two rows of L2-normalised vectors, without a sparse product."""
    rows = []
    for row in range(2):
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        rows.append((vectors.indices[start:end], vectors.data[start:end]))
    (left_idx, left_val), (right_idx, right_val) = rows
    _shared, left_pos, right_pos = np.intersect1d(
        left_idx, right_idx, assume_unique=True, return_indices=True
    )
    return float(np.dot(left_val[left_pos], right_val[right_pos]))


def _weight(token: str) -> float:
    return DIGIT_WEIGHT if token[0].isdigit() else 1.0


def _token_score(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    if not union:
        return 0.0
    shared = sum(_weight(t) for t in a & b)
    return shared / sum(_weight(t) for t in union)


def _code_points(text: str) -> npt.NDArray[np.int64]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.int64
    )


def _name_found(name: str, words: list[str]) -> bool:
    """Whether a window of ``words`` as long as ``name`` matches it, up to typos."""
    size = len(name.split())
    count = len(words) - size + 1
    if size == 0:
        # Every window is empty: only an empty name is found.
        return count > 0 and name == ""
    if count <= 0:
        return False
    text = " ".join(words)
    # The name as one of the windows; the checks that make a substring a window cost
    # little beside the search below.
    if f" {name} " in f" {text} " and " ".join(name.split()) == name and text.split() == words:
        return True
    # Two upper bounds of SequenceMatcher.ratio(), its real_quick_ratio (the shorter
    # length) and quick_ratio (the characters in common, counted as multisets), for all
    # windows at once; the costly ratio runs only where both reach NAME_RATIO (a window
    # equal to the name among them). Only the name's own characters are counted.
    letters, in_name = np.unique(_code_points(name), return_counts=True)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    codes = _code_points("".join(words))
    owner = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
    column = np.minimum(np.searchsorted(letters, codes), len(letters) - 1)
    known = letters[column] == codes
    per_word = np.bincount(
        owner[known] * len(letters) + column[known], minlength=len(words) * len(letters)
    ).reshape(len(words), len(letters))
    running = np.zeros((len(words) + 1, len(letters)), dtype=np.int64)
    np.cumsum(per_word, axis=0, out=running[1:])
    in_window = running[size:] - running[:-size]
    in_window[:, letters == ord(" ")] += size - 1
    word_end = np.concatenate([[0], np.cumsum(lengths)])
    window_length = word_end[size:] - word_end[:-size] + size - 1
    total = len(name) + window_length
    possible = 2.0 * np.minimum(len(name), window_length) / total >= NAME_RATIO
    possible &= 2.0 * np.minimum(in_window, in_name).sum(axis=1) / total >= NAME_RATIO
    for start in np.flatnonzero(possible).tolist():
        window = " ".join(words[start : start + size])
        if window == name:
            return True
        if SequenceMatcher(None, name, window, autojunk=False).ratio() >= NAME_RATIO:
            return True
    return False


def _cover(source: Prepared, target: Prepared) -> float | None:
    """Weighted share of source's facts found in target; None when source has none."""
    total = NUMBER_WEIGHT * len(source.numbers) + NAME_WEIGHT * len(source.names)
    if not total:
        return None
    found = NUMBER_WEIGHT * len(source.numbers & target.numbers)
    words = target.normalized.split()
    found += NAME_WEIGHT * sum(_name_found(name, words) for name in source.names)
    return found / total


def _fact_score(a: Prepared, b: Prepared) -> float:
    covers = [c for c in (_cover(a, b), _cover(b, a)) if c is not None]
    return max(covers) if covers else 1.0


def _combine(cos_char: float, a: Prepared, b: Prepared) -> float:
    if not a.normalized or not b.normalized:
        return 0.0
    base = CHAR_WEIGHT * cos_char + TOKEN_WEIGHT * _token_score(a.tokens, b.tokens)
    facts = _fact_score(a, b)
    score = base * (FACT_FLOOR + (1.0 - FACT_FLOOR) * facts)
    return float(min(max(score, 0.0), 1.0))


def _row_cosine(vectors: sparse.csr_matrix, left: int, right: int) -> float:
    """Cosine of two rows of L2-normalised vectors, computed as :func:`_cosine` does."""
    start, end = vectors.indptr[left], vectors.indptr[left + 1]
    left_idx, left_val = vectors.indices[start:end], vectors.data[start:end]
    start, end = vectors.indptr[right], vectors.indptr[right + 1]
    right_idx, right_val = vectors.indices[start:end], vectors.data[start:end]
    _shared, left_pos, right_pos = np.intersect1d(
        left_idx, right_idx, assume_unique=True, return_indices=True
    )
    return float(np.dot(left_val[left_pos], right_val[right_pos]))


def char_cosines(query: Prepared, others: Sequence[Prepared]) -> list[float]:
    """The character cosine of ``query`` with each of ``others``, from one vectorizer call.

    Each row is vectorised on its own, so the values are those :func:`similarity`
    computes pair by pair.
    """
    if not others:
        return []
    vectors = _vectors_by_words([query.normalized, *(other.normalized for other in others)])
    return [_row_cosine(vectors, 0, row) for row in range(1, len(others) + 1)]


def score_prepared(query: Prepared, others: Sequence[Prepared]) -> list[float]:
    """The similarity of ``query`` with each of ``others``, equal to :func:`similarity`."""
    cosines = char_cosines(query, others)
    pairs = zip(cosines, others, strict=True)
    return [_combine(cos_char, query, other) for cos_char, other in pairs]


def score_many(query_text: str, texts: Sequence[str]) -> list[float]:
    """``[similarity(query_text, text) for text in texts]``, the query prepared once."""
    return score_prepared(prepare(query_text), [prepare(text) for text in texts])


def _token_bound(a: Prepared, b: Prepared) -> float:
    """:func:`_token_score` from set sizes (digit tokens are the numbers); the same
    value while the weights are whole numbers, as their sums are then exact."""
    shared_numbers = len(a.numbers & b.numbers)
    all_numbers = len(a.numbers) + len(b.numbers) - shared_numbers
    shared = len(a.tokens & b.tokens)
    union = len(a.tokens) + len(b.tokens) - shared
    if not union:
        return 0.0
    extra = DIGIT_WEIGHT - 1.0
    return (shared + extra * shared_numbers) / (union + extra * all_numbers)


def _cover_bound(source: Prepared, target: Prepared) -> float | None:
    """:func:`_cover` with every name of ``source`` counted as found."""
    total = NUMBER_WEIGHT * len(source.numbers) + NAME_WEIGHT * len(source.names)
    if not total:
        return None
    found = NUMBER_WEIGHT * len(source.numbers & target.numbers) + NAME_WEIGHT * len(source.names)
    return found / total


def score_bound(a: Prepared, b: Prepared, *, cos_char: float = 1.0) -> float:
    """An upper bound of the similarity of ``a`` and ``b`` when their character cosine is
    at most ``cos_char``, without the name search (the costly part of the score): every
    name is taken as found.

    Lets an index skip candidates that cannot reach a threshold. It adds the same terms
    in another order than the score, so callers compare it with a small margin.
    """
    if not a.normalized or not b.normalized:
        return 0.0
    base = CHAR_WEIGHT * cos_char + TOKEN_WEIGHT * _token_bound(a, b)
    covers = [c for c in (_cover_bound(a, b), _cover_bound(b, a)) if c is not None]
    facts = max(covers) if covers else 1.0
    return float(min(max(base * (FACT_FLOOR + (1.0 - FACT_FLOOR) * facts), 0.0), 1.0))


def similarity(a: str, b: str) -> float:
    """How likely two petition texts are the same case, in [0, 1]; symmetric."""
    left, right = prepare(a), prepare(b)
    if not left.normalized or not right.normalized:
        return 0.0
    # Sorted so that floating-point sums run in the same order both ways round.
    first, second = sorted((left.normalized, right.normalized))
    cos_char = _cosine(_vectors([first, second]))
    return _combine(cos_char, left, right)


def is_duplicate(a: str, b: str, *, threshold: float = DEFAULT_THRESHOLD) -> bool:
    return similarity(a, b) >= threshold


class TextIndex:
    """Texts by id, searched by brute force over their n-gram vectors.

    The character cosine picks a shortlist cheaply with one sparse product; the full
    score (tokens and key facts) is computed on that shortlist only.
    """

    SHORTLIST_FACTOR = 5

    def __init__(self) -> None:
        self._ids: list[int] = []
        self._prepared: list[Prepared] = []
        self._rows: list[sparse.csr_matrix] = []
        self._matrix: sparse.csr_matrix | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, id: int, text: str) -> None:
        prepared = prepare(text)
        self._ids.append(id)
        self._prepared.append(prepared)
        self._rows.append(_vectors([prepared.normalized]))
        self._matrix = None

    def candidates(
        self, text: str, *, limit: int = 10, threshold: float = DEFAULT_THRESHOLD
    ) -> list[tuple[int, float]]:
        """Ids of indexed texts scoring at least ``threshold``, best first."""
        query = prepare(text)
        if not self._ids or not query.normalized or limit <= 0:
            return []
        if self._matrix is None:
            self._matrix = sparse.csr_matrix(sparse.vstack(self._rows))
        cosines = np.asarray((self._matrix @ _vectors([query.normalized]).T).todense()).ravel()
        # The full score is at most the base, and the base at most 0.6·cos + 0.4, so rows
        # whose cosine cannot reach the threshold are skipped.
        reachable = np.flatnonzero(CHAR_WEIGHT * cosines + TOKEN_WEIGHT >= threshold)
        order = reachable[np.argsort(-cosines[reachable], kind="stable")]
        shortlist = order[: limit * self.SHORTLIST_FACTOR]
        scored = []
        for row in shortlist:
            score = _combine(float(cosines[row]), query, self._prepared[row])
            if score >= threshold:
                scored.append((self._ids[row], score))
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored[:limit]
