"""The Decree 30 header: issuer and parent body, number, place and date, type, title, year.

The header sits above the document-type line ("KẾ HOẠCH", "QUYẾT ĐỊNH"): the issuer column on
the left (parent body over issuing body), the national motto on the right, then "Số: ..." and
"<place>, ngày .. tháng .. năm ..".  OCR and text layers run the columns together; with boxes
`layout` has split them, without boxes the motto's known words are cut out of the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from rapidfuzz import fuzz

import dictionaries

from . import labels
from .evidence import Hit
from .layout import Piece
from .names import match_organ, organ_name, place_name
from .symbols import find_symbols
from .text import clean_space, fold, is_upper, ocr_fold

MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap tu do hanh phuc")
MOTTO_CUTOFF = 78.0
TYPE_CUTOFF = 86.0
HEADER_SCAN = 40
"""Lines searched for the document-type line."""
TITLE_MAX_LINES = 4

_NUMBER_KEY = re.compile(r"(?:^|(?<=\s))s[o06eau]\s?[:;.,]\s*")
_DIGIT = r"[\dOoIl]"
_DATE = re.compile(
    rf"(?:^|(?<=[\s,.]))ng\w{{1,3}}\s*({_DIGIT}{{1,2}})\s*th\w{{2,4}}\s*({_DIGIT}{{1,2}})\s*n\w{{1,3}}\s*({_DIGIT}{{4}})"
)
_OPENERS = tuple(
    fold(w)
    for w in (
        "căn cứ",
        "thực hiện",
        "theo ",
        "để ",
        "nhằm",
        "trên cơ sở",
        "xét ",
        "triển khai",
        "thi hành",
        "chủ tịch",
        "giám đốc",
        "trưởng ban",
        "(",
        "kính gửi",
        "nơi nhận",
        "trên đây",
    )
)


@cache
def doc_type_names() -> dict[str, str]:
    """ocr-folded type name → name, administrative types (Decree 30 Appendix III) first."""
    out: dict[str, str] = {}
    for row in dictionaries.rows("doc_types.tsv"):
        out.setdefault(ocr_fold(row["name"]), row["name"])
    return out


@dataclass
class Header:
    doc_type: Hit | None = None
    number: Hit | None = None
    number_printed: str | None = None
    issued_date: Hit | None = None
    place: Hit | None = None
    issuer: Hit | None = None
    parent: Hit | None = None
    title: Hit | None = None
    type_line: int | None = None
    body_start: int = 0
    """Index in `doc.lines` of the first line after the title."""
    numbers_seen: list[str] = field(default_factory=list)


def _digits(text: str) -> int:
    return int(text.translate(str.maketrans("OoIl", "0011")))


def read_date(text: str) -> tuple[re.Match[str], date | None] | None:
    """The "ngày dd tháng mm năm yyyy" in a line (marks optional) and the date it names."""
    m = _DATE.search(fold(text))
    if not m:
        return None
    try:
        return m, date(_digits(m.group(3)), _digits(m.group(2)), _digits(m.group(1)))
    except ValueError:
        return m, None


def type_of_line(text: str) -> tuple[str, str] | None:
    """(type name, rest) when a line opens with a document-type word in upper case."""
    stripped = text.strip().rstrip(":").strip()
    if not is_upper(stripped, 0.7):
        return None
    tokens = stripped.split()
    for n in (3, 2, 1):
        if len(tokens) < n:
            continue
        head = " ".join(tokens[:n])
        key = ocr_fold(head)
        names = doc_type_names()
        hit = names.get(key)
        if hit is None:
            scored = [(fuzz.ratio(key, k), v) for k, v in names.items() if abs(len(k) - len(key)) <= 2]
            best = max(scored, default=(0.0, ""))
            hit = best[1] if best[0] >= TYPE_CUTOFF else None
        if hit:
            return hit, " ".join(tokens[n:])
    return None


def cut_motto(text: str) -> str:
    """The line with the national motto (and what follows it on that line) cut out."""
    folded = fold(text)
    for motto in MOTTO:
        if len(folded) < 10:
            break
        al = fuzz.partial_ratio_alignment(motto, folded)
        if al and al.score >= MOTTO_CUTOFF and al.dest_end - al.dest_start >= 0.6 * len(motto):
            text, folded = text[: al.dest_start], folded[: al.dest_start]
    return text.strip()


def _find_type_line(ps: list[Piece]) -> tuple[int, str, str] | None:
    for i, piece in enumerate(ps[:HEADER_SCAN]):
        if labels.parse(piece.text) and labels.parse(piece.text).kind in ("roman", "article"):  # type: ignore[union-attr]
            return None
        found = type_of_line(piece.text)
        if found:
            return i, found[0], found[1]
    return None


def _read_number(head: Header, ps: list[Piece]) -> None:
    for piece in ps:
        folded = fold(piece.text)
        m = _NUMBER_KEY.search(folded)
        before = piece.text[: m.start()] if m else ""
        if not m or (any(c.isalpha() for c in before) and not is_upper(before, 0.6)):
            continue
        syms = find_symbols(piece.text[m.end() :])
        if syms and syms[0].start <= 3:
            sym = syms[0]
            head.numbers_seen.append(sym.text)
            if head.number is None:
                start = m.end() + sym.start
                head.number = Hit(sym.text, piece, start, m.end() + sym.end)
        elif head.number_printed is None:
            rest = piece.text[m.end() :].split(",")[0].strip()
            printed = re.split(r"\s{2,}|\s(?=[A-ZĐ][a-zà-ỹđ]+,?\s+ng)", rest)[0].strip()
            head.number_printed = printed or None


def _read_place_date(head: Header, ps: list[Piece]) -> None:
    for piece in ps:
        found = read_date(piece.text)
        if not found:
            continue
        m, when = found
        head.issued_date = Hit(when, piece, m.start(), m.end())
        before = piece.text[: m.start()].rstrip(" ,.")
        syms = find_symbols(before)
        if syms:
            before = before[syms[-1].end :]
        before = cut_motto(before) if len(before) > 30 else before
        raw_place = clean_space(before).strip(" ,.;:")
        if raw_place:
            start = piece.text.find(raw_place)
            head.place = Hit(place_name(raw_place), piece, max(start, 0), max(start, 0) + len(raw_place))
        return


def _issuer_lines(ps: list[Piece]) -> list[Piece]:
    """Header pieces that belong to the issuer column, motto, number and date cut away."""
    out = []
    for piece in ps:
        if piece.xmid is not None and piece.xmid > 0.55:
            continue
        text = cut_motto(piece.text)
        folded = fold(text)
        m = _NUMBER_KEY.search(folded)
        if m:
            text = text[: m.start()]
        found = read_date(text)
        if found:
            text = text[: found[0].start()]
        text = text.strip(" -_*=.,")
        if sum(c.isalpha() for c in text) < 2 or not is_upper(text, 0.6):
            continue
        out.append(Piece(text, piece.line, piece.page, piece.box, piece.xmid, piece.words, piece.confs))
    return out


def _read_issuer(head: Header, ps: list[Piece]) -> None:
    groups: list[list[Piece]] = []
    for piece in _issuer_lines(ps):
        hit = match_organ(piece.text.split(), "organ")
        if hit or not groups:
            groups.append([piece])
        else:
            groups[-1].append(piece)
    if not groups:
        return

    def name(group: list[Piece]) -> str:
        return organ_name(" ".join(p.text for p in group))

    head.issuer = Hit(name(groups[-1]), groups[-1][0])
    if len(groups) > 1:
        head.parent = Hit(name(groups[-2]), groups[-2][0])


def _read_title(head: Header, ps: list[Piece], first: int, rest: str) -> int:
    """Read the trích yếu from the type line's rest and the lines after; return the next index."""
    parts = [rest] if rest else []
    first_piece = ps[first]
    i = first + 1
    while i < len(ps) and len(parts) < TITLE_MAX_LINES:
        text = ps[i].text.strip()
        folded = fold(text)
        if not text:
            if parts and ps[i].box is None:
                break
            i += 1
            continue
        if sum(c.isalpha() for c in text) < 2:
            if parts:
                break
            i += 1
            continue
        label = labels.parse(text)
        if label and label.kind != "bullet" or (label and parts):
            break
        if folded.startswith(_OPENERS) and parts:
            break
        if parts and is_upper(text) and not is_upper(" ".join(parts)):
            break
        if _NUMBER_KEY.match(folded) or read_date(text):
            i += 1
            continue
        parts.append(text.lstrip("- ").strip() if label else text)
        if text.rstrip().endswith((".", ":")):
            i += 1
            break
        i += 1
    title = clean_space(" ".join(parts)).strip(" .:")
    title = re.sub(r"^(?:V/v|v/v)\s*", "", title)
    if title:
        head.title = Hit(title, ps[first + 1] if not rest and first + 1 < len(ps) else first_piece)
    return i


def read_header(ps: list[Piece]) -> Header:
    """Header fields from the document's pieces (split lines) in reading order."""
    head = Header()
    found = _find_type_line(ps)
    end = found[0] if found else min(len(ps), 12)
    if found:
        index, name, rest = found
        head.doc_type = Hit(name, ps[index])
        head.type_line = ps[index].line
        after = _read_title(head, ps, index, rest)
        head.body_start = ps[after].line if after < len(ps) else (ps[-1].line + 1 if ps else 0)
    region = ps[:end]
    near = ps[: min(len(ps), end + 10)]
    _read_number(head, region or near)
    if head.number is None and head.number_printed is None:
        _read_number(head, [p for p in near if _NUMBER_KEY.match(fold(p.text).lstrip())])
    _read_place_date(head, region)
    if head.issued_date is None:
        _read_place_date(head, near[end:])
    _read_issuer(head, region)
    return head
