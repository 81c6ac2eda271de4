"""The matcher: same case survives rewriting; different facts or people do not match."""

from __future__ import annotations

import pytest

from danvan.dedup.matcher import (
    DEFAULT_THRESHOLD,
    TextIndex,
    is_duplicate,
    key_facts,
    normalize,
    similarity,
)

BASE = (
    "Kính gửi: UBND xã Tân Lập.\n"
    "Tôi tên là Nguyễn Văn Hùng, thôn Đông Hải, xã Tân Lập.\n"
    "Năm 2019, nhà tôi bị thu hồi 450 m2 đất thửa 217 làm đường tránh.\n"
    "Giá bồi thường 120.000 đồng/m2 là quá thấp.\n"
    "Đề nghị xem xét lại việc bồi thường.\n"
    "Trân trọng cảm ơn!"
)
NO_MARKS = (
    "Kinh gui: UBND xa Tan Lap. Toi ten la Nguyen Van Hung, thon Dong Hai, xa Tan Lap. "
    "Nam 2019, nha toi bi thu hoi 450 m2 dat thua 217 lam duong tranh. "
    "Gia boi thuong 120.000 dong/m2 la qua thap. De nghi xem xet lai viec boi thuong."
)
TYPOS = (
    BASE.replace("thu hồi", "thu hồii")
    .replace("bồi thường", "bồi thườg")
    .replace("Nguyễn", "Ngyuễn")
)
REORDERED = (
    "Tôi tên là Nguyễn Văn Hùng, thôn Đông Hải, xã Tân Lập. "
    "Giá bồi thường 120.000 đồng/m2 là quá thấp. "
    "Năm 2019, nhà tôi bị thu hồi 450 m2 đất thửa 217 làm đường tránh. "
    "Đề nghị xem xét lại việc bồi thường."
)
OTHER_GREETING = (
    "Kính gửi: Ban tiếp công dân huyện Phú Mỹ\n"
    "Tôi tên là Nguyễn Văn Hùng, thôn Đông Hải, xã Tân Lập. Tôi xin trình bày như sau: "
    "Năm 2019, nhà tôi bị thu hồi 450 m2 đất thửa 217 làm đường tránh. "
    "Giá bồi thường 120.000 đồng/m2 là quá thấp. Đề nghị xem xét lại việc bồi thường.\n"
    "Tân Lập, ngày 3 tháng 4 năm 2025\nNgười viết đơn\nNguyễn Văn Hùng"
)
OTHER_PERSON = (
    "Kính gửi: UBND xã Tân Lập.\n"
    "Tôi tên là Trần Thị Lan, thôn Đông Hải, xã Tân Lập.\n"
    "Năm 2021, nhà tôi bị thu hồi 830 m2 đất thửa 564 làm đường tránh.\n"
    "Giá bồi thường 95.000 đồng/m2 là quá thấp.\n"
    "Đề nghị xem xét lại việc bồi thường.\n"
    "Trân trọng cảm ơn!"
)
# The same person about another plot, recovered another year at another price.
OTHER_PLOT = (
    BASE.replace("thửa 217", "thửa 904")
    .replace("450 m2", "1200 m2")
    .replace("2019", "2022")
    .replace("120.000", "310.000")
)
OTHER_GRIEVANCE = (
    "Tôi tên là Nguyễn Văn Hùng, thôn Đông Hải, xã Tân Lập. "
    "Thôn Đông Hải mất nước đã 7 tháng, công ty Sao Mai chưa sửa. Đề nghị bảo đảm cấp nước."
)


@pytest.mark.parametrize(
    "variant",
    [NO_MARKS, TYPOS, REORDERED, OTHER_GREETING, BASE.upper().replace("M2", "m2")],
    ids=["no-diacritics", "typos", "reordered", "other-greeting", "upper-case"],
)
def test_rewritten_copy_is_a_duplicate(variant: str) -> None:
    assert is_duplicate(BASE, variant), similarity(BASE, variant)


@pytest.mark.parametrize(
    "other",
    [OTHER_PERSON, OTHER_PLOT, OTHER_GRIEVANCE],
    ids=["other-person", "other-plot", "same-person-other-grievance"],
)
def test_different_case_is_not_a_duplicate(other: str) -> None:
    assert not is_duplicate(BASE, other), similarity(BASE, other)


def test_facts_lower_the_score_even_with_identical_wording() -> None:
    assert similarity(BASE, OTHER_PLOT) < similarity(BASE, TYPOS)
    assert similarity(BASE, OTHER_PERSON) < similarity(BASE, NO_MARKS)


def test_identical_text_scores_one() -> None:
    assert similarity(BASE, BASE) == pytest.approx(1.0)


@pytest.mark.parametrize("other", [NO_MARKS, OTHER_PERSON, OTHER_GRIEVANCE, "", "abc"])
def test_symmetric_bounded_and_deterministic(other: str) -> None:
    first = similarity(BASE, other)
    assert first == similarity(other, BASE)
    assert first == similarity(BASE, other)
    assert 0.0 <= first <= 1.0


@pytest.mark.parametrize(
    "empty", ["", "   ", "\n\t ", "Kính gửi: UBND xã Tân Lập.\nTrân trọng cảm ơn!"]
)
def test_empty_or_formula_only_text_matches_nothing(empty: str) -> None:
    assert similarity(empty, BASE) == 0.0
    assert similarity(empty, empty) == 0.0
    assert not is_duplicate(empty, empty)


def test_very_long_input_is_handled() -> None:
    long = BASE + " " + "Sự việc kéo dài đã lâu. " * 20_000
    score = similarity(long, BASE)
    assert 0.0 <= score <= 1.0
    assert similarity(long, long) == pytest.approx(1.0)


def test_threshold_is_respected() -> None:
    score = similarity(BASE, OTHER_GREETING)
    assert is_duplicate(BASE, OTHER_GREETING, threshold=score)
    assert not is_duplicate(BASE, OTHER_GREETING, threshold=min(score + 0.01, 1.0))
    assert 0.0 < DEFAULT_THRESHOLD < 1.0


def test_normalize_folds_strips_formulas_and_expands_shorthand() -> None:
    text = "Kính gửi: UBND xã Tân Lập.\nTôi tên là Hùng, ko đc trả lời. Trân trọng cảm ơn!"
    assert normalize(text) == "hung khong duoc tra loi"
    assert normalize("ÔNG  ĐỨC\u0301") == normalize("ông đức")


def test_key_facts_keep_names_and_numbers_not_the_letter_date() -> None:
    facts = key_facts(OTHER_GREETING)
    assert "217" in facts["numbers"]
    assert "120000" in facts["numbers"]
    assert "2025" not in facts["numbers"]
    assert "nguyen van hung" in facts["names"]
    assert "dong hai" in facts["names"]


def test_index_finds_the_same_case_first() -> None:
    index = TextIndex()
    index.add(1, OTHER_PERSON)
    index.add(2, BASE)
    index.add(3, OTHER_GRIEVANCE)
    index.add(4, OTHER_PLOT)
    assert len(index) == 4
    found = index.candidates(NO_MARKS)
    assert [item_id for item_id, _score in found][:1] == [2]
    assert 1 not in [item_id for item_id, _score in found]
    assert found[0][1] == pytest.approx(similarity(NO_MARKS, BASE))
    everything = index.candidates(NO_MARKS, threshold=0.0, limit=10)
    assert {item_id for item_id, _ in everything} == {1, 2, 3, 4}
    assert [score for _, score in everything] == sorted(
        (score for _, score in everything), reverse=True
    )
    assert index.candidates(NO_MARKS, threshold=0.0, limit=2) == everything[:2]
    assert index.candidates("   ") == []
    assert TextIndex().candidates(BASE) == []
