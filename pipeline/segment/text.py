"""Text helpers for tolerant matching: mark folding that keeps offsets, OCR-damage aware compares."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from rapidfuzz import fuzz

_FOLD_EXTRA = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ı": "i", "–": "-", "—": "-", "‐": "-", "‑": "-"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


@cache
def _fold_char(ch: str) -> str:
    if ch in _FOLD_EXTRA:
        return _FOLD_EXTRA[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


def fold(text: str) -> str:
    """Marks stripped, case folded, đ→d; one output char per input char so offsets carry over."""
    return "".join(_fold_char(ch) for ch in text)


def squash(text: str) -> str:
    """`fold` with runs of spaces collapsed and edge punctuation trimmed (for dictionary keys)."""
    return " ".join(fold(text).split()).strip(" .,;:")


# Characters the legacy English-model OCR substitutes for Vietnamese letters, mapped to the
# letter they most often stand for; only used to compare against known vocabulary.
_OCR_LETTERS = str.maketrans(
    {"¢": "o", "&": "o", "6": "o", "0": "o", "@": "e", "1": "l", "|": "l", "4": "a", "$": "s"}
)


def ocr_fold(text: str) -> str:
    """`squash` plus the usual legacy-OCR letter substitutions, for fuzzy vocabulary compares."""
    out = squash(text).translate(_OCR_LETTERS)
    return re.sub(r"\bp(?=[aoeiuy])", "d", out)  # "Pang" for "Đảng", "PiCH" for "ĐÍCH"


def similar(a: str, b: str) -> float:
    """Similarity in [0, 100] of two strings after OCR folding."""
    return fuzz.ratio(ocr_fold(a), ocr_fold(b))


def best_match(text: str, choices: dict[str, object], cutoff: float) -> tuple[str, object, float] | None:
    """The choice key most similar to `text` (keys are pre-folded with `ocr_fold`), above cutoff."""
    key = ocr_fold(text)
    if key in choices:
        return key, choices[key], 100.0
    best: tuple[str, object, float] | None = None
    for choice, value in choices.items():
        score = fuzz.ratio(key, choice)
        if score >= cutoff and (best is None or score > best[2]):
            best = (choice, value, score)
    return best


def upper_share(text: str) -> float:
    """Share of letters that are upper case (0 when there are no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c.isupper() for c in letters) / len(letters)


def is_upper(text: str, share: float = 0.8) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and upper_share(text) >= share


def clean_space(text: str) -> str:
    return " ".join(text.split())


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence_case(text: str) -> str:
    """UPPER CASE words → first letter upper, the rest lower (case kept when not all upper)."""
    if not is_upper(text, 0.9):
        return text
    return cap_first(text.lower())
