"""Cited documents: every symbol in the text with the type, date and issuer stated beside it.

"Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về ..." → symbol 76/NQ-CP, type Nghị
quyết, date 2021-07-15, issuer Chính phủ.  The document's own number is not a reference.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import dictionaries
from schemas.record import Reference

from .symbols import Symbol, find_symbols, join_wrapped
from .text import clean_space, fold

LOOKBACK = 70
LOOKAHEAD = 40
ISSUER_WORDS = 10

_DATE_AFTER = re.compile(
    r"^[\s,]{0,3}(?:ban hanh\s+)?ng\w{1,3}\s*(\d{1,2})\s*(?:[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|th\w{2,4}\s*(\d{1,2})\s*n\w{1,3}\s*(\d{4}))"
)
_ISSUER_AFTER = re.compile(r"^[\s,]{0,3}c\w{1,3}a\s+")
_ISSUER_END = re.compile(
    r"\s(?:ve|ban hanh|phe duyet|quy dinh|huong dan|thuc hien|trien khai|tai|doi voi|mot so|nham|"
    r"tiep tuc|day manh|chi dao|va ke hoach|va quyet dinh|va nghi quyet)\b|[,;.:()“\"]"
)


@cache
def _type_names() -> tuple[tuple[str, str], ...]:
    """(folded name, name) for every document type, longest first."""
    names = {fold(r["name"]): r["name"] for r in dictionaries.rows("doc_types.tsv")}
    return tuple(sorted(names.items(), key=lambda kv: -len(kv[0])))


@cache
def _code_types(scope: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in dictionaries.rows("doc_types.tsv"):
        if row["code"] and (row["scope"] == scope or scope != "party" and row["scope"] != "party"):
            out.setdefault(row["code"], row["name"])
    return out


def _code_type(sym: Symbol) -> str | None:
    party = bool(re.match(r"^\d+-", sym.text))
    return _code_types("party" if party else "admin").get(sym.code or "")


def _printed_type(before: str) -> str | None:
    folded = fold(before)
    for key, name in _type_names():
        found = list(re.finditer(rf"\b{re.escape(key)}\b", folded))
        m = found[-1] if found else None
        if (
            m
            and len(folded[m.end() :].split()) <= 4
            and re.fullmatch(r"[\w\s]*?(?:s[o6]\s*:?)?\s*", folded[m.end() :])
        ):
            return name
    return None


def _date_after(after: str) -> tuple[date | None, int]:
    m = _DATE_AFTER.match(fold(after))
    if not m:
        return None, 0
    day, month, year = m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)
    try:
        return date(int(year), int(month), int(day)), m.end()
    except ValueError:
        return None, m.end()


def _issuer_after(after: str) -> str | None:
    folded = fold(after)
    m = _ISSUER_AFTER.match(folded)
    if not m:
        return None
    end = _ISSUER_END.search(folded, m.end())
    stop = end.start() if end else len(after)
    words = after[m.end() : stop].split()[:ISSUER_WORDS]
    issuer = clean_space(" ".join(words)).strip(" ,;.")
    return issuer or None


def _reference(text: str, sym: Symbol) -> Reference:
    printed = _printed_type(text[max(0, sym.start - LOOKBACK) : sym.start])
    coded = _code_type(sym)
    kind = printed if printed and (coded is None or printed == coded) else coded or printed
    after = text[sym.end : sym.end + LOOKAHEAD + 80]
    when, used = _date_after(after)
    return Reference(symbol=sym.text, type=kind, date=when, issuer=_issuer_after(after[used:]))


def _leading_number(symbol: str) -> str:
    return re.split(r"[/-]", symbol, maxsplit=1)[0]


def _as_read(symbols: list[Symbol], raw: list[Symbol]) -> list[Symbol]:
    """Symbols with their codes as OCR read them (mended), where restore rewrote them.

    Symbols are codes, not words: a diacritic model can turn a code into another valid one
    ("QĐ" into "QyĐ"), so the raw reading of the same cited number wins when both parse.
    """
    pool = list(raw)
    out = []
    for sym in symbols:
        twin = next((r for r in pool if _leading_number(r.text) == _leading_number(sym.text)), None)
        if twin is not None:
            pool = pool[pool.index(twin) + 1 :]
            if twin.text != sym.text:
                sym = Symbol(twin.text, twin.code, sym.start, sym.end)
        out.append(sym)
    return out


def as_read(symbol: str, raw_line: str) -> str:
    """One symbol (the document's number) with its codes as OCR read them on its raw line."""
    mine = find_symbols(symbol)
    return _as_read(mine, find_symbols(raw_line))[0].text if mine else symbol


def read_references(
    lines: list[str], own_number: str | None = None, raw: list[str] | None = None
) -> list[Reference]:
    """Every cited document, first mention first, each symbol once.

    `raw` (the lines as read, before restore) supplies the symbols' codes when given.
    """
    text = join_wrapped(lines)
    symbols = find_symbols(text)
    if raw is not None:
        symbols = _as_read(symbols, find_symbols(join_wrapped(raw)))
    seen = {own_number} if own_number else set()
    out: list[Reference] = []
    for sym in symbols:
        if sym.text in seen:
            continue
        seen.add(sym.text)
        out.append(_reference(text, sym))
    return out
