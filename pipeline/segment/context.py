"""Fields read from context rather than from their printed place.

plan_year and period come from the title ("... 6 tháng cuối năm 2025"); an issuer missing from
the header is read from the preamble ("..., Sở Y tế ban hành Kế hoạch ..."); a Sở's parent body
is the provincial People's Committee of the place in the date line.
"""

from __future__ import annotations

import re

from .names import match_organ, organ_name, place_unit
from .text import clean_space, fold

_YEAR = r"((?:19|20)\d\d)"
_HALF = re.compile(rf"\b(0?6|sau)\s+th\w{{2,4}}\s+(d\w{{1,3}}|c\w{{2,4}})\s+n\w{{1,3}}\s+{_YEAR}\b")
_QUARTER = re.compile(rf"\bqu\w\s+(i{{1,3}}|iv|[1-4])\s+(?:n\w{{1,3}}\s+)?{_YEAR}\b")
_RANGE = re.compile(rf"\bgiai\s+do\w{{1,3}}\s+{_YEAR}\s*-\s*{_YEAR}\b")
_RANGE_BARE = re.compile(rf"\b{_YEAR}\s*-\s*{_YEAR}\b")
_YEAR_WORD = re.compile(rf"\bn\w{{1,3}}\s+{_YEAR}\b")
_ANY_YEAR = re.compile(rf"\b{_YEAR}\b")
_ISSUING = re.compile(
    r"\s(?:xay dung|ban hanh|trien khai|lap|thuc hien xay dung)\s+(?:ke hoach|quyet dinh|chuong trinh)"
)


def year_and_period(title: str | None) -> tuple[int | None, str | None, str | None]:
    """(plan year, period phrase, a range that left the year open) read from a title."""
    if not title:
        return None, None, None
    folded = fold(title)
    m = _HALF.search(folded)
    if m:
        half = "đầu" if m.group(2).startswith("d") else "cuối"
        return int(m.group(3)), f"6 tháng {half} năm {m.group(3)}", None
    m = _QUARTER.search(folded)
    if m:
        quarter = {"1": "I", "2": "II", "3": "III", "4": "IV"}.get(m.group(1), m.group(1).upper())
        return int(m.group(2)), f"quý {quarter} năm {m.group(2)}", None
    m = _YEAR_WORD.search(folded) if not _RANGE.search(folded) else None
    if m:
        years = _YEAR_WORD.findall(folded)
        return int(years[-1]), f"năm {years[-1]}", None
    m = _RANGE.search(folded) or _RANGE_BARE.search(folded)
    if m:
        return None, f"giai đoạn {m.group(1)}-{m.group(2)}", f"{m.group(1)}-{m.group(2)}"
    years = _ANY_YEAR.findall(folded)
    if len(set(years)) == 1:
        return int(years[0]), None, None
    return None, None, None


def issuer_from_preamble(text: str) -> str | None:
    """The agency that "builds / issues this plan" in the preamble, in full form."""
    for m in _ISSUING.finditer(fold(text)):
        clause = re.split(r"[,;.:]", text[: m.start()])[-1]
        tokens = clause.split()[-12:]
        for i in range(len(tokens)):
            hit = match_organ(tokens[i:], "organ")
            if hit:
                name = organ_name(" ".join(tokens[i:]))
                if len(name.split()) >= 2:
                    return name
                break
    return None


def parent_of(issuer: str | None, place: str | None) -> str | None:
    """The People's Committee over a Sở, from the listed province or city it sits in."""
    if not issuer or not place:
        return None
    hit = match_organ(issuer.split(), "organ")
    if not hit or hit[1] != "Sở":
        return None
    unit = place_unit(place)
    return f"Ủy ban nhân dân {unit} {place}" if unit else None


def clean_title(title: str | None, doc_type: str | None) -> str | None:
    """The trích yếu without a leading document-type word ("Kế hoạch tuyên truyền ..." → "Tuyên truyền ...")."""
    if not title:
        return None
    title = clean_space(title)
    if doc_type and fold(title).startswith(fold(doc_type) + " "):
        rest = title[len(doc_type) + 1 :]
        title = rest[:1].upper() + rest[1:]
    return title
