"""Vietnamese syllable helpers: mark stripping, syllable shape, case patterns."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
"""Combining tone marks (huyền, sắc, ngã, hỏi, nặng)."""

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx]"
_NUCLEI = "oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|[aeiouy]"
_SHAPE = re.compile(rf"^(?:{_ONSETS})?(?:{_NUCLEI})(?:ch|ng|nh|[cmnpt])?$")
VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_VOWELS = set("aăâeêioôơuưy")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=200_000)
def strip_marks(text: str) -> str:
    """Letters only: every diacritic removed, đ → d."""
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=200_000)
def strip_tone(text: str) -> str:
    """The syllable without its tone mark (vowel qualities kept)."""
    decomposed = unicodedata.normalize("NFD", text)
    return nfc("".join(c for c in decomposed if c not in TONES))


def tone_count(syllable: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFD", syllable) if c in TONES)


def is_syllable(token: str) -> bool:
    """True when a lower-case token has the shape of one Vietnamese syllable."""
    if not token or len(token) > 7 or tone_count(token) > 1:
        return False
    if any(c not in VI_LETTERS for c in strip_tone(token)):
        return False
    base = strip_marks(token)
    if not _SHAPE.match(base):
        return False
    # a closing stop (c, ch, p, t) only takes sắc or nặng
    if re.search(r"(c|ch|p|t)$", base) and tone_count(token) == 1:
        marks = set(unicodedata.normalize("NFD", token)) & TONES
        if not marks <= {"\u0301", "\u0323"}:
            return False
    return any(c in _VOWELS for c in strip_tone(token))


_OLD_STYLE = re.compile(r"^(?!qu)([^aeiouy]*)(o[ae]|uy)$")


@lru_cache(maxsize=200_000)
def canonical(syllable: str) -> str:
    """One tone placement for open oa, oe, uy: the traditional one of administrative
    documents (hóa, khỏe, ủy rather than hoá, khoẻ, uỷ). Lower-case input."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONES]
    if len(tones) != 1:
        return syllable
    bare = strip_tone(syllable)
    m = _OLD_STYLE.match(bare)
    if not m:
        return syllable
    head = m.group(1)
    vowel = unicodedata.normalize("NFD", bare[len(head)])
    return nfc(head + vowel + tones[0] + bare[len(head) + 1 :])


@lru_cache(maxsize=200_000)
def case_pattern(token: str) -> str:
    """'upper', 'title' or 'lower' for the letters of an observed token."""
    letters = [c for c in token if c.isalpha()]
    if not letters:
        return "lower"
    upper = sum(1 for c in letters if c.isupper())
    if len(letters) > 1 and upper * 2 > len(letters):
        return "upper"
    if letters[0].isupper():
        return "title"
    return "lower"


def apply_case(word: str, pattern: str) -> str:
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word
