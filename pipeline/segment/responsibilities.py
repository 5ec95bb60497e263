"""Responsibilities: each agency under TỔ CHỨC THỰC HIỆN with its duties.

The agency is the heading of a numbered item of that part, without the words that assign
the work ("Giao", "Đề nghị"); its duties are the item's bullets and points, else its text's
paragraphs.  A part that lists agencies as bullets ("- Sở Y tế: ...") is read the same way.
"""

from __future__ import annotations

import re
from functools import cache

import dictionaries
from schemas.record import Responsibility, Section

from .names import mend_organ_words, starts_with_organ
from .text import clean_space

AGENCY_WORDS = 14


@cache
def _prefixes() -> tuple[str, ...]:
    return tuple(
        sorted((p.lower() for p in dictionaries.words("segment/agency_prefixes.txt")), key=len, reverse=True)
    )


def agency_name(heading: str) -> str:
    """A heading with the assigning words in front taken away ("Giao Phòng Y tế" → "Phòng Y tế")."""
    text = mend_organ_words(clean_space(heading).strip(" .:;,"))
    lowered = text.lower()
    for prefix in _prefixes():
        if lowered.startswith(prefix + " ") and len(text) > len(prefix) + 1:
            rest = text[len(prefix) :].strip()
            return rest[:1].upper() + rest[1:]
    return text


def _duty_texts(section: Section) -> list[str]:
    duties = [p.strip() for p in section.text.split("\n") if p.strip()]
    for child in section.children:
        parts = [child.heading or "", child.text]
        duty = clean_space(" ".join(p for p in parts if p))
        if duty:
            duties.append(duty)
    return [d.lstrip("-+• ").strip() for d in duties if d.lstrip("-+• ").strip()]


def _from_items(part: Section) -> list[Responsibility]:
    out = []
    for item in part.children:
        if not item.heading:
            continue
        points = [c for c in item.children if c.heading and starts_with_organ(c.heading)]
        if points and not starts_with_organ(item.heading) and len(points) == len(item.children):
            out.extend(
                Responsibility(agency=agency_name(p.heading or ""), duties=_duty_texts(p)) for p in points
            )
            continue
        out.append(Responsibility(agency=agency_name(item.heading), duties=_duty_texts(item)))
    return out


def _from_bullets(part: Section) -> list[Responsibility]:
    out = []
    for paragraph in part.text.split("\n"):
        m = re.match(r"^\s*[-+•]\s*([^:]{3,120}):\s*(.+)$", paragraph)
        if m and len(m.group(1).split()) <= AGENCY_WORDS and starts_with_organ(m.group(1)):
            out.append(Responsibility(agency=agency_name(m.group(1)), duties=[m.group(2).strip()]))
    return out


def read_responsibilities(sections: list[Section], kind: str = "to_chuc_thuc_hien") -> list[Responsibility]:
    """Agencies and duties from every part of the given kind."""
    out: list[Responsibility] = []
    for part in sections:
        if part.kind != kind:
            continue
        found = _from_items(part) if part.children else []
        out.extend(found or _from_bullets(part))
    return out
