"""Document symbols (số, ký hiệu): find them in text and mend characters that cannot be right.

Administrative and legal symbols read NUMBER[/YEAR]/TYPE-ISSUER ("297/QĐ-UBND",
"118/2025/NĐ-CP"); party symbols read NUMBER-TYPE/ISSUER ("12-NQ/TU").  A code part that is
not a known code is mended only when exactly one known code is reachable through the usual
OCR confusions ("0D", "Qb", "QD" → "QĐ"; "NO" → "NQ"); known codes such as "TU" stay.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

import dictionaries

from .text import nfc

_CONFUSIONS = {
    "0": "QO",
    "O": "Q",
    "Q": "O",
    "o": "QO",
    "D": "Đ",
    "d": "Đ",
    "b": "Đ",
    "P": "ĐD",
    "p": "Đ",
    "e": "g",
    "G": "g",
    "8": "B",
    "5": "S",
    "1": "I",
    "l": "I",
    "|": "I",
}
_MAX_CONFUSED = 5

_CODE = r"(?:[A-ZĐa-zđ]|0(?=[A-Za-zĐđ]))[A-Za-zĐđ0-9]*"
ADMIN = re.compile(
    rf"(?<![\w/.-])(\d{{1,5}}[a-z]?)\s{{0,3}}/\s?(?:((?:19|20)\d\d)\s?/\s?)?({_CODE}(?:\s?-\s?{_CODE})*)"
)
NO_SLASH = re.compile(rf"(?<![\w/.-])[Ss]\S{{1,2}}\s+(\d{{1,5}})\s+({_CODE})\s?-\s?({_CODE})\b")
""""số 749 QĐ-TTg": a slash lost after "số", accepted only between a known type and issuer code."""
PARTY = re.compile(rf"(?<![\w/.-])(\d{{1,5}})\s?-\s?({_CODE})\s?/\s?({_CODE}(?:-{_CODE})*)")


@cache
def type_codes() -> dict[str, str]:
    """Symbol code → document type name (first listed wins: admin before legal and party)."""
    out: dict[str, str] = {}
    for row in dictionaries.rows("doc_types.tsv"):
        if row["code"] and row["code"] not in out:
            out[row["code"]] = row["name"]
    return out


@cache
def known_codes() -> frozenset[str]:
    return frozenset(type_codes()) | frozenset(dictionaries.words("segment/symbol_codes.txt"))


@cache
def _folded_codes() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code in known_codes():
        out.setdefault(code.upper(), []).append(code)
    return out


def mend_code(code: str) -> str:
    """A code part as it should read, or unchanged when it is known or cannot be mended surely."""
    known = known_codes()
    if code in known:
        return code
    same_case = _folded_codes().get(code.upper(), [])
    if len(same_case) == 1 and any(c.isupper() for c in code):
        return same_case[0]
    hits = _reachable(code) & known
    if not hits and len(code) >= 3 and code[:1].isupper():
        # one stray character read into the code ("QDb" for "QĐ"): a lower-case letter or mark
        for i, c in enumerate(code):
            if c.islower() or not c.isalnum():
                hits |= _reachable(code[:i] + code[i + 1 :]) & known
    if len(hits) == 1:
        return hits.pop()
    upper_hits = {h for h in hits if h.upper() == h}
    return upper_hits.pop() if len(upper_hits) == 1 else code


def _reachable(code: str) -> set[str]:
    """Every reading of a code through the OCR confusions (itself included)."""
    options = [[c, *_CONFUSIONS.get(c, "")] for c in code]
    if sum(len(o) > 1 for o in options) > _MAX_CONFUSED:
        return {code}
    return {"".join(combo) for combo in itertools.product(*options)}


@dataclass(frozen=True)
class Symbol:
    text: str
    """Mended symbol ("297/QĐ-UBND")."""
    code: str | None
    """The type code in it ("QĐ"), when it has one."""
    start: int
    end: int


def _admin(m: re.Match[str]) -> Symbol | None:
    number, year, tail = m.group(1), m.group(2), m.group(3)
    parts = [mend_code(p) for p in re.split(r"\s?-\s?", tail)]
    if not any(p in known_codes() for p in parts):
        return None
    code = parts[0] if parts[0] in type_codes() else None
    text = f"{number}/{year + '/' if year else ''}{'-'.join(parts)}"
    return Symbol(text, code, m.start(), m.end())


def _party(m: re.Match[str]) -> Symbol | None:
    code = mend_code(m.group(2))
    issuer = [mend_code(p) for p in m.group(3).split("-")]
    if code not in type_codes() and code not in known_codes():
        return None
    return Symbol(f"{m.group(1)}-{code}/{'-'.join(issuer)}", code, m.start(), m.end())


def find_symbols(text: str) -> list[Symbol]:
    """Every document symbol in `text`, in order of appearance."""
    text = nfc(text)
    found: list[Symbol] = []
    for m in PARTY.finditer(text):
        sym = _party(m)
        if sym:
            found.append(sym)
    taken = [(s.start, s.end) for s in found]
    for m in ADMIN.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        sym = _admin(m)
        if sym:
            found.append(sym)
    taken = [(s.start, s.end) for s in found]
    for m in NO_SLASH.finditer(text):
        code, issuer = mend_code(m.group(2)), mend_code(m.group(3))
        if (
            code in type_codes()
            and issuer in known_codes()
            and not any(a <= m.start(1) < b for a, b in taken)
        ):
            found.append(Symbol(f"{m.group(1)}/{code}-{issuer}", code, m.start(1), m.end()))
    return sorted(found, key=lambda s: s.start)


def join_wrapped(lines: list[str]) -> str:
    """Join lines with spaces, but close a symbol broken after its hyphen ("17/NQ-" + "CP")."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif re.fullmatch(r"[A-ZĐ]-|\d/", out[-2:]):  # the tail only: a search would rescan all
            out += line
        else:
            out += " " + line
    return out
