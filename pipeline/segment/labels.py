"""Outline labels as printed, and as OCR damages them.

Roman parts ("II.", read "I1.", "Il.", "|.", "IIL", "V1", even "1." in front of an upper-case
heading), numbered items ("2.", "2)", "2.1."), lettered points ("a)", "đ)", "b."), bullets
("-", "+", "•").  Whether a roman-looking label really is a part, and which number it stands
for, is settled by the outline from the heading and the sequence; here we only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

LabelKind = Literal["roman", "number", "letter", "bullet", "article"]

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_ROMAN_CONFUSABLE = str.maketrans(
    {"1": "I", "l": "I", "|": "I", "i": "I", "!": "I", "]": "I", "[": "I", "v": "V", "x": "X"}
)

_ROMAN = re.compile(r"^\s*([IVXLHivxl1|!\[\]]{1,5})\s*[.):,]\s*(?=\S)")
_ROMAN_NO_DOT = re.compile(r"^\s*([IVX]{1,4}L?)\s+(?=[A-ZĐ\u00C0-\u1EF9]{2})")
_NUMBER = re.compile(
    r"^\s*(\d{1,2}(?:\s?\.\s?\d{1,2}){0,2})\s*[.)]\s*(?=\S)|^\s*(\d{1,2}(?:\.\d{1,2}){1,2})\s+(?=\S)"
    # OCR reads the dot after an item number as a comma: "2, Hình thức" (a capital must follow)
    r"|^\s*(\d{1,2}),\s+(?=[A-ZĐ\u00C0-\u00DD\u0102\u01A0\u01AF\u1EA0-\u1EF8])"
)
_LETTER = re.compile(r"^\s*([a-zđ])\s*[).]\s+(?=\S)")
_BULLET = re.compile(r"^\s*([-–—+•*●○▪■◦])\s*(?=\S)")
_ARTICLE = re.compile(r"^\s*(?:Điều|Dieu|Điểu|Diéu|Diều)\s+(\d{1,2})\s*[.:]\s*", re.IGNORECASE)

LETTER_ORDER = "abcdđefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Label:
    kind: LabelKind
    printed: str
    """The label as printed (OCR damage included)."""
    value: str
    """Its reading: "II", "2", "2.1", "đ", "-", "1" (article)."""
    rest: str
    """The line after the label."""


def roman_to_int(text: str) -> int | None:
    """Value of a well-formed roman numeral up to 89, else None."""
    text = text.upper()
    if not text or any(c not in ROMAN_VALUES for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        v = ROMAN_VALUES[c]
        total += -v if i + 1 < len(text) and ROMAN_VALUES[text[i + 1]] > v else v
    return total if int_to_roman(total) == text else None


def int_to_roman(value: int) -> str:
    out = []
    for v, s in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out.append(s)
            value -= v
    return "".join(out)


def _read_one(text: str) -> int | None:
    value = roman_to_int(text)
    if value is None and text.endswith("L") and set(text[:-1]) <= {"I"}:
        value = len(text)  # a last "I" read as "L"
    return value


def roman_readings(printed: str) -> set[int]:
    """Every value a damaged roman numeral may stand for: "H" is "II" or a single "I"."""
    text = printed.translate(_ROMAN_CONFUSABLE).upper()
    spellings = {""}
    for c in text:
        spellings = {s + alt for s in spellings for alt in (("II", "I") if c == "H" else (c,))}
    return {v for v in map(_read_one, spellings) if v is not None}


def read_roman(printed: str) -> int | None:
    """A roman numeral through the usual OCR confusions ("I1" → 2, "IIL" → 3, "V1" → 6, "HI" → 3)."""
    values = roman_readings(printed)
    return max(values) if values else None


def parse(text: str, allow_roman: bool = True) -> Label | None:
    """The label at the start of a line, if any (roman candidates unchecked unless refused)."""
    m = _ARTICLE.match(text)
    if m:
        return Label("article", m.group(0).strip(), m.group(1), text[m.end() :].strip())
    if allow_roman:
        m = _ROMAN.match(text)
        if m and read_roman(m.group(1)) is not None and not m.group(1).isdigit():
            return Label("roman", m.group(1), m.group(1), text[m.end() :].strip())
        m = _ROMAN_NO_DOT.match(text)
        if m and read_roman(m.group(1)) is not None and len(m.group(1)) > 1:
            return Label("roman", m.group(1), m.group(1), text[m.end() :].strip())
    m = _NUMBER.match(text)
    if m:
        value = (m.group(1) or m.group(2) or m.group(3)).replace(" ", "")
        rest = text[m.end() :].strip()
        if not re.match(r"^\d", rest) and not re.match(r"^(?:\d+\s*)?[/%]", rest):
            return Label("number", value, value, rest)
    m = _LETTER.match(text)
    if m:
        return Label("letter", m.group(1), m.group(1), text[m.end() :].strip())
    m = _BULLET.match(text)
    if m:
        return Label(
            "bullet", m.group(1), "-" if m.group(1) in "-–—" else m.group(1), text[m.end() :].strip()
        )
    return None


def next_letter(previous: str | None, printed: str) -> str:
    """A lettered point's letter, mending "d" printed for "đ" when it follows "d"."""
    if previous == "d" and printed == "d":
        return "đ"
    return printed
