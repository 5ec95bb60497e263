"""Tokens that must not be restored syllable by syllable, and their own mending rules.

Acronyms (CCHC, UBND, …) and foreign words (Zalo, VNeID, …) are kept as written, except
that an acronym whose Đ was read as D, P or B gets its Đ back. Document symbols
(169/KH-UBND, 12-NQ/TU, 118/2025/NĐ-CP) are mended part by part: a part that is a known
code stays, a known misreading is replaced (0D → QĐ, NO → NQ), digits misread as letters
inside number parts are put back.
"""

from __future__ import annotations

import re
from functools import cache

import dictionaries
from pipeline.restore.vn import is_syllable, strip_marks

_D_READINGS = ("D", "P", "B", "b", "Ð")
_SYMBOL_SPLIT = re.compile(r"([/\-–])")


@cache
def _acronyms() -> dict[str, str]:
    """Observed form → acronym, including forms with Đ misread."""
    out: dict[str, str] = {}
    for acr in dictionaries.words("restore/acronyms.txt"):
        out[acr] = acr
        if "Đ" in acr:
            for reading in _D_READINGS:
                out.setdefault(acr.replace("Đ", reading), acr)
    return out


@cache
def _foreign() -> dict[str, str]:
    return {w.casefold(): w for w in dictionaries.words("restore/foreign.txt")}


@cache
def codes() -> dict[str, str]:
    """Observed symbol part → mended code: known codes, their Đ misreadings, listed fixes."""
    known = {r["code"] for r in dictionaries.rows("doc_types.tsv") if r.get("code")}
    known |= set(dictionaries.words("restore/symbol_codes.txt"))
    out: dict[str, str] = {}
    for code in known:
        out[code] = code
    for code in known:
        if "Đ" in code:
            for reading in _D_READINGS:
                out.setdefault(code.replace("Đ", reading), code)
    for row in dictionaries.rows("restore/symbol_fixes.tsv"):
        out[row["garbled"]] = row["code"]
    return out


def is_foreign(core: str) -> bool:
    return core.casefold() in _foreign()


def is_acronym(core: str) -> bool:
    """A listed acronym, or an all-capital token that cannot be a Vietnamese syllable."""
    if core in _acronyms():
        return True
    if len(core) < 2 or not core.isupper() or not core.isalpha():
        return False
    return core.isascii() and not is_syllable(core.lower())


def mend_acronym(core: str) -> str:
    """The listed acronym `core` stands for: itself, its Đ put back, or one misread capital
    swapped back when that gives exactly one listed acronym (TFHC → TTHC, PCT → PCI)."""
    table = _acronyms()
    found = table.get(core)
    if found is not None:
        return found
    if len(core) < 3 or not core.isupper():
        return core
    swaps = _lookalikes()
    hits = {
        table[candidate]
        for k, ch in enumerate(core)
        for other in swaps.get(ch, ())
        if (candidate := core[:k] + other + core[k + 1 :]) in table
    }
    return hits.pop() if len(hits) == 1 else core


@cache
def _lookalikes() -> dict[str, set[str]]:
    """Capital → the capitals OCR confuses it with (dictionaries/restore/capital_lookalikes.tsv)."""
    out: dict[str, set[str]] = {}
    for row in dictionaries.rows("restore/capital_lookalikes.tsv"):
        out.setdefault(row["read"], set()).add(row["meant"])
        out.setdefault(row["meant"], set()).add(row["read"])
    return out


def looks_like_symbol(core: str) -> bool:
    """Document symbols: parts joined by / or -, at least one of them a capitalised code."""
    if not _SYMBOL_SPLIT.search(core):
        return False
    parts = [p for p in _SYMBOL_SPLIT.split(core) if p and p not in "/-–"]
    if len(parts) < 2:
        return False
    table = codes()
    return any(
        p in table or (p.isupper() and len(p) >= 2 and not is_syllable(p.lower())) for p in parts
    ) and not all(p.isalpha() and p.islower() for p in parts)


def _mend_number(part: str) -> str:
    if sum(c.isdigit() for c in part) * 2 >= len(part):
        return part.translate(str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "S": "5"}))
    return part


def mend_symbol(core: str) -> str:
    """Mend each part of a document symbol (see the module docstring)."""
    table = codes()
    out = []
    for part in _SYMBOL_SPLIT.split(core):
        if not part or part in "/-–":
            out.append(part)
        elif part in table:
            out.append(table[part])
        elif part.upper() in table and not part.islower():
            out.append(table[part.upper()])
        elif any(c.isdigit() for c in part):
            out.append(_mend_number(part))
        else:
            out.append(_mend_code(part, table))
    return "".join(out)


def _mend_code(part: str, table: dict[str, str]) -> str:
    """A code with one misread letter that maps to exactly one known code is mended."""
    key = strip_marks(part).upper()
    allowed = 1 if len(key) >= 3 else 0
    hits = set()
    for seen, code in table.items():
        bare = strip_marks(seen).upper()
        if len(bare) == len(key) and sum(a != b for a, b in zip(bare, key, strict=True)) <= allowed:
            hits.add(code)
    return hits.pop() if len(hits) == 1 else part
