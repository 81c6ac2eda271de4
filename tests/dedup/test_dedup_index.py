"""The shingle index finds what the matcher would, with the matcher's own scores."""

from __future__ import annotations

import random
import unicodedata
from difflib import SequenceMatcher

import numpy as np
import pytest

from danvan.dedup import matcher
from danvan.dedup.index import ShingleIndex
from danvan.dedup.matcher import DEFAULT_THRESHOLD, TextIndex, similarity
from danvan.dedup.pairs import generate_pairs

BASE = (
    "Kính gửi: UBND xã Tân Lập.\n"
    "Tôi tên là Nguyễn Văn Hùng, thôn Đông Hải, xã Tân Lập.\n"
    "Năm 2019, nhà tôi bị thu hồi 450 m2 đất thửa 217 làm đường tránh.\n"
    "Giá bồi thường 120.000 đồng/m2 là quá thấp.\n"
    "Hộ ông Trần Văn Bình được bồi thường 180.000 đồng/m2 cho đất cùng loại.\n"
    "Đề nghị xem xét lại việc bồi thường.\n"
    "Trân trọng cảm ơn!"
)
VARIANTS = {
    "no-diacritics": (
        "Kinh gui: UBND xa Tan Lap. Toi ten la Nguyen Van Hung, thon Dong Hai, xa Tan Lap. "
        "Nam 2019, nha toi bi thu hoi 450 m2 dat thua 217 lam duong tranh. "
        "Gia boi thuong 120.000 dong/m2 la qua thap. Ho ong Tran Van Binh duoc boi thuong "
        "180.000 dong/m2 cho dat cung loai. De nghi xem xet lai viec boi thuong."
    ),
    "typos": BASE.replace("thu hồi", "thu hồii")
    .replace("bồi thường", "bồi thườg")
    .replace("Nguyễn", "Ngyuễn"),
    "reordered": (
        "Tôi tên là Nguyễn Văn Hùng, thôn Đông Hải, xã Tân Lập. "
        "Giá bồi thường 120.000 đồng/m2 là quá thấp. "
        "Hộ ông Trần Văn Bình được bồi thường 180.000 đồng/m2 cho đất cùng loại. "
        "Năm 2019, nhà tôi bị thu hồi 450 m2 đất thửa 217 làm đường tránh. "
        "Đề nghị xem xét lại việc bồi thường."
    ),
    "other-greeting": (
        "Kính gửi: Ban tiếp công dân huyện Phú Mỹ\n"
        "Tôi tên là Nguyễn Văn Hùng, thôn Đông Hải, xã Tân Lập. Tôi xin trình bày như sau: "
        "Năm 2019, nhà tôi bị thu hồi 450 m2 đất thửa 217 làm đường tránh. "
        "Giá bồi thường 120.000 đồng/m2 là quá thấp. Hộ ông Trần Văn Bình được bồi thường "
        "180.000 đồng/m2 cho đất cùng loại. Đề nghị xem xét lại việc bồi thường.\n"
        "Tân Lập, ngày 3 tháng 4 năm 2025\nNgười viết đơn\nNguyễn Văn Hùng"
    ),
    "shorthand-upper": BASE.replace("Ủy ban nhân dân", "UBND").replace("không", "ko").upper(),
}
OTHER_PERSON = (
    "Kính gửi: UBND xã Tân Lập.\n"
    "Tôi tên là Trần Thị Lan, thôn Đông Hải, xã Tân Lập.\n"
    "Năm 2021, nhà tôi bị thu hồi 830 m2 đất thửa 564 làm đường tránh.\n"
    "Giá bồi thường 95.000 đồng/m2 là quá thấp.\n"
    "Đề nghị xem xét lại việc bồi thường.\n"
    "Trân trọng cảm ơn!"
)
BASE_ID = 900_001


def distractors(count: int, seed: int = 5) -> list[str]:
    """Petitions from the pair generator: many share the base's template words."""
    texts = []
    for pair in generate_pairs(count=(count + 1) // 2, seed=seed):
        texts += [pair["a"], pair["b"]]
    return texts[:count]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return distractors(1500)


@pytest.fixture(scope="module")
def index(corpus: list[str]) -> ShingleIndex:
    built = ShingleIndex(batch=400, min_df=50, max_df=0.05)
    built.add_many(enumerate(corpus))
    built.add(BASE_ID, BASE)
    built.add(BASE_ID + 1, OTHER_PERSON)
    return built


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_rewritten_copy_is_found_first_among_distractors(index: ShingleIndex, name: str) -> None:
    found = index.candidates(VARIANTS[name])
    assert found, "the copy found nothing"
    assert found[0][0] == BASE_ID
    assert BASE_ID + 1 not in [id for id, _score in found]


def test_scores_are_those_of_the_matcher(index: ShingleIndex, corpus: list[str]) -> None:
    texts = {**dict(enumerate(corpus)), BASE_ID: BASE, BASE_ID + 1: OTHER_PERSON}
    for query in [*VARIANTS.values(), *corpus[:40]]:
        found = index.candidates(query, limit=5, threshold=0.3)
        assert found
        for id, score in found:
            assert score == similarity(query, texts[id])
            assert score >= 0.3
        scores = [score for _id, score in found]
        assert scores == sorted(scores, reverse=True)


def test_allowed_filters_ids_before_scoring(index: ShingleIndex) -> None:
    seen: list[int] = []

    def not_base(id: int) -> bool:
        seen.append(id)
        return id != BASE_ID

    found = index.candidates(VARIANTS["typos"], allowed=not_base)
    assert BASE_ID in seen
    assert BASE_ID not in [id for id, _score in found]
    only_base = index.candidates(VARIANTS["typos"], allowed=lambda id: id == BASE_ID)
    assert [id for id, _score in only_base] == [BASE_ID]
    assert index.candidates(VARIANTS["typos"], allowed=lambda id: False) == []


def test_filter_does_not_starve_the_shortlist() -> None:
    # Many rows vote higher than the one allowed row: the shortlist must reach past
    # them instead of stopping at its usual width.
    small = ShingleIndex(shortlist=5, min_df=1000)
    small.add_many((id, BASE) for id in range(60))
    small.add(500, VARIANTS["no-diacritics"])
    found = small.candidates(BASE, limit=3, allowed=lambda id: id == 500)
    assert [id for id, _score in found] == [500]
    assert found[0][1] == similarity(BASE, VARIANTS["no-diacritics"])


def test_empty_text_and_empty_index() -> None:
    empty = ShingleIndex()
    assert len(empty) == 0
    assert empty.candidates(BASE) == []
    empty.add(1, "")
    empty.add(2, "Kính gửi: UBND xã Tân Lập. Trân trọng cảm ơn!")
    assert len(empty) == 2
    assert empty.candidates(BASE) == []
    assert empty.candidates("") == []
    assert empty.candidates("   \n ") == []
    empty.add(3, BASE)
    assert [id for id, _score in empty.candidates(BASE)] == [3]
    assert empty.candidates("") == []


def test_threshold_and_limit(index: ShingleIndex) -> None:
    query = VARIANTS["reordered"]
    assert index.candidates(query, limit=0) == []
    assert index.candidates(query, limit=-1) == []
    assert index.candidates(query, threshold=1.01) == []
    loose = index.candidates(query, limit=50, threshold=0.2)
    strict = index.candidates(query, limit=50, threshold=DEFAULT_THRESHOLD)
    assert len(loose) > len(strict) >= 1
    assert {id for id, _s in strict} <= {id for id, _s in loose}
    assert all(score >= 0.2 for _id, score in loose)
    assert index.candidates(query, limit=3, threshold=0.2) == loose[:3]


def test_ties_are_ordered_by_id() -> None:
    twins = ShingleIndex()
    twins.add_many([(7, BASE), (3, BASE), (5, BASE)])
    found = twins.candidates(BASE)
    assert [id for id, _score in found] == [3, 5, 7]
    assert len({score for _id, score in found}) == 1


def test_ids_added_later_are_found(corpus: list[str]) -> None:
    growing = ShingleIndex(batch=50, min_df=20, max_df=0.05)
    growing.add_many(enumerate(corpus[:300]))
    assert BASE_ID not in [id for id, _s in growing.candidates(BASE)]
    growing.add(BASE_ID, BASE)
    # Found at once, before its batch is full.
    assert growing.candidates(VARIANTS["typos"])[0][0] == BASE_ID
    for id, text in enumerate(corpus[300:700], start=300):
        growing.add(id, text)
    assert growing.candidates(VARIANTS["typos"])[0][0] == BASE_ID
    assert growing.stats()["segments"] >= 1
    growing.compact()
    assert growing.stats()["segments"] == 1
    assert growing.candidates(VARIANTS["typos"])[0][0] == BASE_ID


def test_batches_and_merges_give_the_same_answers(corpus: list[str]) -> None:
    texts = corpus[:600]
    one = ShingleIndex(batch=10_000, min_df=100, max_df=0.1)
    one.add_many(enumerate(texts))
    many = ShingleIndex(batch=7, min_df=100, max_df=0.1)
    for id, text in enumerate(texts):
        many.add(id, text)
        if id % 97 == 0:
            many.candidates(text)  # flushes a small batch: uneven segments
    assert many.stats()["segments"] > 1
    for query in corpus[600:660]:
        assert one.candidates(query, threshold=0.3) == many.candidates(query, threshold=0.3)
    # Postings of features dropped late stay in older segments until they are merged.
    many.compact()
    assert one.stats() == many.stats()


def test_frequent_features_are_dropped_without_losing_duplicates(corpus: list[str]) -> None:
    lean = ShingleIndex(min_df=5, max_df=0.01)
    lean.add_many(enumerate(corpus))
    lean.add(BASE_ID, BASE)
    stats = lean.stats()
    assert stats["dropped_features"] > 100
    assert lean.candidates(VARIANTS["reordered"])[0][0] == BASE_ID


def test_bad_settings_are_refused() -> None:
    for settings in ({"shortlist": 0}, {"batch": 0}, {"max_df": 0.0}, {"max_df": 1.5}):
        with pytest.raises(ValueError, match="must be positive"):
            ShingleIndex(**settings)


def test_agrees_with_brute_force_on_generated_petitions() -> None:
    pairs = generate_pairs(count=3000, seed=21)
    stored = [pair["a"] for pair in pairs]
    queries = [pair["b"] for pair in pairs[:200]]
    brute = TextIndex()
    for id, text in enumerate(stored):
        brute.add(id, text)
    fast = ShingleIndex()
    fast.add_many(enumerate(stored))
    expected: set[tuple[int, int]] = set()
    got: dict[tuple[int, int], float] = {}
    for number, query in enumerate(queries):
        expected |= {(number, id) for id, _s in brute.candidates(query, limit=20)}
        got |= {(number, id): score for id, score in fast.candidates(query, limit=20)}
    assert len(expected) >= 90  # about half the pairs are true copies
    recall = len(expected & got.keys()) / len(expected)
    assert recall >= 0.99, recall
    # Whatever the index adds beyond the brute force also reaches the threshold.
    for number, id in got.keys() - expected:
        assert similarity(queries[number], stored[id]) >= DEFAULT_THRESHOLD


def test_memory_figures_are_plausible(index: ShingleIndex) -> None:
    stats = index.stats()
    assert stats["texts"] == len(index) == 1502
    assert 0 < stats["text_bytes"] < sum(len(t.encode()) for t in distractors(1500))
    assert index.memory_bytes() > stats["text_bytes"]


# The matcher's faster paths give the same results as the plain ones ----------------


def _plain_name_found(name: str, words: list[str]) -> bool:
    """The name search as first written: every window through SequenceMatcher."""
    size = len(name.split())
    for start in range(0, max(len(words) - size + 1, 0)):
        window = " ".join(words[start : start + size])
        if window == name:
            return True
        seq = SequenceMatcher(None, name, window, autojunk=False)
        if seq.real_quick_ratio() >= matcher.NAME_RATIO and seq.ratio() >= matcher.NAME_RATIO:
            return True
    return False


def test_name_search_matches_the_plain_search() -> None:
    rng = random.Random(3)
    words = [w for text in distractors(200) for w in matcher.prepare(text).normalized.split()]
    words += ["đức", "hòa²", "ngô", "x" * 30, "İi"]
    for _ in range(4000):
        name = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.6:
            chars = list(name)
            for _typo in range(rng.randint(1, 2)):
                chars.insert(rng.randrange(len(chars) + 1), rng.choice("aehnt đ"))
            name = "".join(chars)
        start = rng.randrange(len(words))
        window = words[start : start + rng.randint(0, 30)]
        assert matcher._name_found(name, window) == _plain_name_found(name, window), (name,)
    for name, window in [("", []), ("", ["a"]), (" ", ["a"]), ("a  b", ["a", "", "b"])]:
        assert matcher._name_found(name, window) == _plain_name_found(name, window)


def test_cleaning_matches_every_formula_applied() -> None:
    texts = [*distractors(300), *VARIANTS.values(), "Hà Nội, ngày 3 tháng 4 năm 2025", ""]
    for text in texts:
        plain = matcher._strip_marks(unicodedata.normalize("NFC", text)[: matcher.MAX_CHARS])
        for pattern in matcher._FORMULAS:
            plain = pattern.sub(" ", plain)
        assert matcher._clean(text) == plain


def test_vectors_from_cached_words_are_identical() -> None:
    texts = [matcher.prepare(t).normalized for t in [*distractors(200), BASE, "", "m² ǅ ﬁ"]]
    plain, cached = matcher._vectors(texts), matcher._vectors_by_words(texts)
    assert np.array_equal(plain.indptr, cached.indptr)
    assert np.array_equal(plain.indices, cached.indices)
    assert np.array_equal(plain.data, cached.data)


def test_score_many_and_bounds_agree_with_similarity() -> None:
    texts = [*distractors(120, seed=8), BASE, OTHER_PERSON, *VARIANTS.values(), ""]
    rng = random.Random(4)
    for _ in range(60):
        query = rng.choice(texts)
        others = rng.sample(texts, 6)
        scores = matcher.score_many(query, others)
        assert scores == [similarity(query, other) for other in others]
        prepared = matcher.prepare(query)
        for other, score in zip(others, scores, strict=True):
            target = matcher.prepare(other)
            assert matcher.score_bound(prepared, target) >= score - 1e-9
            (cos_char,) = matcher.char_cosines(prepared, [target])
            assert matcher.score_bound(prepared, target, cos_char=cos_char) >= score - 1e-9
    assert matcher.score_many(BASE, []) == []


def test_guard_of_the_letter_date_formula_covers_its_matches() -> None:
    guard = matcher._GUARDS[matcher._FORMULAS[3]]
    samples = ["Tan Lap, ngay 3 thang 4 nam 2025", "NGAY 12 THANG 10", "Ha Noi,ngay 1  thang 2"]
    for sample in samples:
        assert matcher._FORMULAS[3].search(sample)
        assert guard.search(sample)
    assert not guard.search("ngay 12/03/2025 va thang 4")
