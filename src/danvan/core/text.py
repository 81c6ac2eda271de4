"""Vietnamese text helpers: NFC normalisation, diacritic folding, collation order.

Input arrives composed (NFC) from browsers but decomposed (NFD) from some phones and
old software; we store NFC and keep a folded copy beside searchable text so that search
behaves the same with or without diacritics, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Vietnamese alphabet order (29 letters); other characters sort after, by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Dictionary tone order: level, grave, hook above, tilde, acute, dot below.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a new letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def normalize_text(value: str) -> str:
    """NFC, trimmed, inner whitespace collapsed to single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def normalize_lines(value: str | None) -> str:
    """``normalize_text`` on each line of a longer text, keeping its line breaks."""
    return "\n".join(normalize_text(line) for line in (value or "").splitlines()).strip()


def fold(value: str) -> str:
    """Lower-case text without diacritics (đ → d), for search and matching."""
    decomposed = unicodedata.normalize("NFD", normalize_text(value).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def _split_letter(ch: str) -> tuple[str, int]:
    """Return (base letter with its letter marks, tone rank) for one NFC character."""
    parts = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for part in parts:
        if part in _TONE_RANK:
            tone = _TONE_RANK[part]
        elif part in _LETTER_MARKS or not unicodedata.combining(part):
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _rank(base: str) -> int:
    """Spaces and punctuation first, then digits, then letters, then anything else."""
    if base in _LETTER_RANK:
        return 20 + _LETTER_RANK[base]
    if base.isdigit() and len(base) == 1 and base.isascii():
        return 10 + int(base)
    if not base.strip() or not base.isalnum():
        return 1
    return 1000 + min(ord(base[0]), 8999)


def vietnamese_sort_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key following Vietnamese dictionary order: letters first, then tones.

    "an" < "ăn" < "ân" < "bà" and "ma" < "mà" < "mả" < "mã" < "má" < "mạ".
    """
    letters: list[int] = []
    tones: list[int] = []
    for ch in normalize_text(value).lower():
        base, tone = _split_letter(ch)
        letters.append(_rank(base))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def collation_key(value: str) -> str:
    """An ASCII string whose byte order is Vietnamese dictionary order.

    Stored beside names so that ``ORDER BY`` gives the same Vietnamese order on SQLite
    and PostgreSQL without depending on the database's collations.
    """
    letters, tones = vietnamese_sort_key(value)
    return "".join(f"{rank:04d}" for rank in letters) + "!" + "".join(map(str, tones))
