"""Names as a record spells them: agencies in full form, places and signer titles canonical.

"UBND XÃ HÒA AN" → "Ủy ban nhân dân xã Hòa An"; "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" →
"Sở Văn hóa, Thể thao và Du lịch"; "Son La" → "Sơn La" (a listed province); "PHO GIAM DOC"
→ "Phó Giám đốc".  Vocabulary lives in dictionaries/segment/.
"""

from __future__ import annotations

import re
from functools import cache

import dictionaries

from .text import best_match, cap_first, clean_space, is_upper, ocr_fold, squash

PLACE_CUTOFF = 88.0
TITLE_CUTOFF = 85.0


@cache
def organ_forms() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(folded tokens, canonical, kind) for organ and unit words, longest first."""
    rows = [
        (tuple(ocr_fold(r["form"]).split()), r["canonical"], r["kind"])
        for r in dictionaries.rows("segment/organs.tsv")
    ]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def places() -> dict[str, tuple[str, str]]:
    """ocr-folded place name → (name, unit)."""
    return {ocr_fold(r["name"]): (r["name"], r["unit"]) for r in dictionaries.rows("segment/places.tsv")}


@cache
def signer_titles() -> dict[str, str]:
    return {ocr_fold(t): t for t in dictionaries.words("segment/signer_titles.txt")}


def match_organ(tokens: list[str], kind: str | None = None) -> tuple[int, str, str] | None:
    """(token count, canonical, kind) of the organ or unit words opening `tokens`."""
    folded = [ocr_fold(t) for t in tokens]
    for form, canonical, form_kind in organ_forms():
        if kind and form_kind != kind:
            continue
        if tuple(folded[: len(form)]) == form:
            return len(form), canonical, form_kind
    return None


def starts_with_organ(text: str) -> bool:
    hit = match_organ(text.split())
    return bool(hit and hit[2] == "organ")


def place_name(text: str) -> str:
    """A place name canonical when it is a listed province/city, else title-cased as printed."""
    text = clean_space(text).strip(" ,.;:")
    hit = best_match(text, places(), PLACE_CUTOFF)
    if hit:
        return hit[1][0]  # type: ignore[index]
    if is_upper(text, 0.9):
        return " ".join(cap_first(w.lower()) for w in text.split())
    return text


def place_unit(place: str) -> str | None:
    """ "tỉnh" or "thành phố" for a listed province/city."""
    hit = best_match(place, places(), PLACE_CUTOFF)
    return hit[1][1] if hit else None  # type: ignore[index]


def signer_title(text: str) -> str | None:
    """The canonical signer title the text reads as, if any."""
    hit = best_match(text, signer_titles(), TITLE_CUTOFF)
    return hit[1] if hit else None  # type: ignore[return-value]


_GLUED_UNITS = ("TỈNH", "HUYỆN", "PHƯỜNG", "QUẬN")


def _unglue(tokens: list[str]) -> list[str]:
    """Split a unit word OCR glued to the place after it ("TỈNHSƠN" → "TỈNH", "SƠN")."""
    out = []
    for token in tokens:
        unit = next(
            (u for u in _GLUED_UNITS if token.isupper() and token.startswith(u) and len(token) > len(u) + 1),
            None,
        )
        out.extend([unit, token[len(unit) :]] if unit else [token])
    return out


def _field_case(words: list[str]) -> str:
    """An upper-case field name in the case official names use ("Văn hóa, Thể thao và Du lịch")."""
    text = " ".join(w.lower() for w in words)
    return re.sub(r"(^|, |- |\bvà )(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def organ_name(text: str) -> str:
    """An agency name in full, in the case a record uses.

    Abbreviated organ words are spelled out; upper-case names are re-cased: organ word
    capitalised, unit words lower case, place names title case, field names capitalised per
    comma-separated part.  Mixed-case names keep their case.
    """
    tokens = _unglue(
        [t for t in clean_space(text).strip(" ,.;:").split() if t not in ("_", "|", "~", "*", ".")]
    )
    if not tokens:
        return ""
    upper = is_upper(" ".join(tokens), 0.85)
    out: list[str] = []
    field: list[str] = []
    i = 0

    def flush() -> None:
        if field:
            out.append(_field_case(field) if upper else " ".join(field))
            field.clear()

    while i < len(tokens):
        hit = match_organ(tokens[i:])
        is_unit = hit and hit[2] == "unit" and i + hit[0] < len(tokens)
        if is_unit and squash(tokens[i]) == "xa" and squash(tokens[i + 1]) == "hoi":
            is_unit = False  # "Xã hội" is a field word, not a commune
        if hit and (is_unit or (hit[2] == "organ" and (i == 0 or not field))):
            flush()
            out.append(hit[1])
            i += hit[0]
            if is_unit:
                out.append(place_name(" ".join(tokens[i:])))
                break
            continue
        field.append(tokens[i])
        i += 1
    flush()
    name = " ".join(out)
    if not upper:
        name = _expand_abbreviations(name)
    return cap_first(clean_space(name))


def _expand_abbreviations(text: str) -> str:
    tokens = text.split()
    out = []
    i = 0
    while i < len(tokens):
        hit = match_organ(tokens[i:])
        if hit and hit[0] == 1 and tokens[i].isupper() and len(tokens[i]) > 2:
            out.append(hit[1])
        else:
            out.append(tokens[i])
        i += 1
    return " ".join(out)


def mend_organ_words(text: str) -> str:
    """Organ and unit words OCR garbled with non-letters ("S&" → "Sở", "x&" → "xã", "T6" → "Tổ")."""
    out = []
    for token in text.split(" "):
        core = token.rstrip(".,;:)")
        if core and len(core) <= 4 and not core.isalpha() and any(c.isalpha() for c in core):
            hit = match_organ([core])
            if hit and hit[0] == 1 and " " not in hit[1]:
                token = hit[1] + token[len(core) :]
        out.append(token)
    return " ".join(out)
