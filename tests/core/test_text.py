"""Vietnamese text helpers: NFC normalisation, diacritic folding and collation order."""

from __future__ import annotations

import unicodedata

import pytest

from danvan.core.text import collation_key, fold, normalize_text


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def vn_sorted(words: list[str]) -> list[str]:
    return sorted(words, key=collation_key)


class TestNormalizeText:
    def test_nfd_input_becomes_nfc(self) -> None:
        decomposed = nfd("Phường Ba Đình")
        assert decomposed != "Phường Ba Đình"  # the fixture really is decomposed

        result = normalize_text(decomposed)

        assert result == "Phường Ba Đình"
        assert unicodedata.is_normalized("NFC", result)

    def test_whitespace_is_trimmed_and_collapsed(self) -> None:
        assert normalize_text("  Thôn \t Đông \n\n  Hai  ") == "Thôn Đông Hai"

    def test_unicode_spaces_are_collapsed_too(self) -> None:
        assert normalize_text("Hà\u00a0\u00a0Nội\u3000") == "Hà Nội"

    @pytest.mark.parametrize("blank", ["", "   ", "\t\n", "\u00a0"])
    def test_blank_input_becomes_empty(self, blank: str) -> None:
        assert normalize_text(blank) == ""

    def test_case_is_kept(self) -> None:
        assert normalize_text("Tổ Dân Phố") == "Tổ Dân Phố"


class TestFold:
    def test_removes_diacritics_and_lowercases(self) -> None:
        assert fold("Đường Hùng Vương") == "duong hung vuong"

    def test_nfd_input_folds_the_same(self) -> None:
        assert fold(nfd("Đường Hùng Vương")) == "duong hung vuong"

    @pytest.mark.parametrize(
        ("raw", "folded"),
        [
            ("ĐỒNG", "dong"),
            ("đồng", "dong"),
            ("Ăn Ân Ơn Ưng Ê Ô", "an an on ung e o"),
            ("  Xã   Bắc  Lý ", "xa bac ly"),
            ("Thôn 7", "thon 7"),
        ],
    )
    def test_examples(self, raw: str, folded: str) -> None:
        assert fold(raw) == folded

    def test_result_is_ascii_for_vietnamese_letters(self) -> None:
        alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
        tones = "àảãáạ ằẳẵắặ ầẩẫấậ èẻẽéẹ ềểễếệ ìỉĩíị òỏõóọ ồổỗốộ ờởỡớợ ùủũúụ ừửữứự ỳỷỹýỵ"
        folded = fold(alphabet + alphabet.upper() + tones + tones.upper())
        assert folded.isascii()

    def test_different_words_stay_different(self) -> None:
        assert fold("Hà Nội") != fold("Hà Nam")


class TestCollationKey:
    def test_vietnamese_dictionary_order(self) -> None:
        words = [
            "Bình",
            "An",
            "Ăn",
            "Ân",
            "Đông",
            "Dương",
            "Yên",
            "ma",
            "mà",
            "mả",
            "mã",
            "má",
            "mạ",
        ]
        shuffled = list(reversed(words))

        result = vn_sorted(shuffled)

        assert result == [
            "An",
            "Ăn",
            "Ân",
            "Bình",
            "Dương",
            "Đông",
            "ma",
            "mà",
            "mả",
            "mã",
            "má",
            "mạ",
            "Yên",
        ]

    @pytest.mark.parametrize(
        ("smaller", "larger"),
        [
            ("a", "ă"),
            ("ă", "â"),
            ("â", "b"),
            ("d", "đ"),
            ("đ", "e"),
            ("e", "ê"),
            ("o", "ô"),
            ("ô", "ơ"),
            ("ơ", "p"),
            ("u", "ư"),
            ("ư", "v"),
            ("x", "y"),
        ],
    )
    def test_letter_order(self, smaller: str, larger: str) -> None:
        assert collation_key(smaller) < collation_key(larger)
        assert collation_key(smaller.upper()) < collation_key(larger.upper())

    def test_tone_order_level_grave_hook_tilde_acute_dot(self) -> None:
        tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
        keys = [collation_key(word) for word in tones]
        assert keys == sorted(keys)
        assert len(set(keys)) == len(keys)

    def test_letters_decide_before_tones(self) -> None:
        # "mạ" has the heaviest tone but "mb…" has a later letter.
        assert collation_key("mạ") < collation_key("mb")
        assert collation_key("mạ") < collation_key("mă")

    def test_prefix_sorts_before_its_extension(self) -> None:
        assert collation_key("An") < collation_key("Anh")
        assert collation_key("Ba") < collation_key("Ba Đình")
        assert vn_sorted(["Anh", "An"]) == ["An", "Anh"]

    def test_digits_before_letters(self) -> None:
        assert vn_sorted(["a", "Thôn", "9", "0", "Ấp"]) == ["0", "9", "a", "Ấp", "Thôn"]
        assert collation_key("Thôn 2") < collation_key("Thôn A")

    def test_nfd_and_nfc_give_the_same_key(self) -> None:
        for word in ["Đường Hùng Vương", "Phường Ngọc Hà", "mạ", "Ấp Bắc"]:
            assert collation_key(nfd(word)) == collation_key(word)

    def test_case_does_not_change_the_order(self) -> None:
        assert collation_key("BÌNH") == collation_key("bình")

    def test_key_is_ascii_so_byte_order_equals_string_order(self) -> None:
        for word in ["Đông", "mạ", "Ưng", "Thôn 12", "Tổ dân phố số 7", "Zürich"]:
            assert collation_key(word).isascii()

    def test_unit_names_in_dictionary_order(self) -> None:
        names = ["Xã Yên Bình", "Phường Đống Đa", "Phường Ba Đình", "Xã Ân Thi", "Phường Ạn"]
        assert vn_sorted(names) == [
            "Phường Ạn",
            "Phường Ba Đình",
            "Phường Đống Đa",
            "Xã Ân Thi",
            "Xã Yên Bình",
        ]
