"""The plan's outline: roman parts, numbered items, lettered points, bullets.

Roman parts carry a canonical kind (dictionaries/headings.tsv, then keyword fallback); their
labels are read through OCR damage and mended by sequence ("I1." → II, "1. KINH PHÍ" after
part II → III; a skipped number is kept).  A numbered item's heading is the words before its
colon, or the item's short first line; under TỔ CHỨC THỰC HIỆN, the agency before the first
duty verb.  Bullets are outline nodes inside items and points; directly under a part they
stay in its text.  In a Quyết định, the parts are read inside Điều 1 (or the attached plan);
the outline stops at the appendix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from statistics import median

from rapidfuzz import fuzz

import dictionaries
from schemas.record import Section

from . import labels
from .layout import Piece
from .symbols import join_wrapped
from .text import best_match, clean_space, fold, is_upper, ocr_fold

HEADING_CUTOFF = 88.0
KEYWORD_CUTOFF = 85.0
SHORT_HEADING_WORDS = 12
AGENCY_WORDS = 20
"""An agency's name before the colon of a responsibility item may run this long."""
TITLE_LINE_WORDS = 15
SHORT_LINE = 0.7
"""A line shorter than this share of the typical body line ends its paragraph."""

_APPENDIX = re.compile(r"^\s*ph\S{1,2}\s*l\S{1,2}c\b")
_ATTACHED = re.compile(r"^\s*\(\s*(?:ban hanh\s+)?k\S{1,2}m\s+theo\b")
_LIST = re.compile(r"^\s*danh\s+m\S{1,2}c\b")
_CLOSING = re.compile(r"^\s*tr\S{1,2}n\s+d\S{1,2}y\s+l\S{1,2}\s")
"""The closing formula ("Trên đây là Kế hoạch ..."): the parts end there."""


@cache
def heading_vocab() -> dict[str, tuple[str, str]]:
    """ocr-folded heading → (heading as listed, kind or "")."""
    out: dict[str, tuple[str, str]] = {}
    for row in dictionaries.rows("headings.tsv"):
        out.setdefault(ocr_fold(row["heading"]), (row["heading"], row["kind"]))
    return out


@cache
def part_vocab() -> dict[str, tuple[str, str]]:
    """Headings of roman parts (those with a kind)."""
    rows = dictionaries.rows("headings.tsv")
    return {ocr_fold(r["heading"]): (r["heading"], r["kind"]) for r in rows if r["kind"]}


@cache
def kind_keywords() -> tuple[tuple[str, str], ...]:
    return tuple(
        (ocr_fold(r["keyword"]), r["kind"]) for r in dictionaries.rows("segment/heading_keywords.tsv")
    )


@cache
def duty_verbs() -> tuple[str, ...]:
    return tuple(fold(w) for w in dictionaries.words("segment/duty_verbs.txt"))


def part_kind(heading: str, raw: str | None = None) -> tuple[str, str | None]:
    """(kind, canonical heading or None) for a roman part's heading.

    `raw` is the heading as OCR read it: restore can garble a keyword the raw reading still
    shows, so keywords are looked for in both and the earliest (by relative position) wins.
    """
    hit = best_match(heading, part_vocab(), HEADING_CUTOFF)
    if hit:
        return hit[1][1], hit[1][0]  # type: ignore[index]
    found = []
    for text in (heading, raw or ""):
        key = ocr_fold(text)
        for word, kind in kind_keywords():
            al = fuzz.partial_ratio_alignment(word, key) if key else None
            if al and al.score >= KEYWORD_CUTOFF:
                found.append((al.dest_start / max(1, len(key)), kind))
    return (min(found)[1], None) if found else ("other", None)


def canonical_heading(heading: str, parts_only: bool = False) -> str:
    """A heading in the vocabulary's spelling (printed case kept) when it matches one closely."""
    hit = best_match(heading, part_vocab() if parts_only else heading_vocab(), HEADING_CUTOFF)
    if not hit:
        return heading
    listed: str = hit[1][0]  # type: ignore[index]
    return listed.upper() if is_upper(heading, 0.7) else listed[:1].upper() + listed[1:].lower()


def agency_split(text: str) -> int | None:
    """Where an agency's name ends and its duties begin in "Phòng Y tế chủ trì, ...", if found."""
    folded = fold(text)
    best = None
    for verb in duty_verbs():
        for m in re.finditer(rf"(?:^|\s){re.escape(verb)}\b", folded):
            if re.search(r"\b(?:cac|nhung|moi|va|cua)\s*$", folded[: m.start()]):
                continue  # "các tổ chức": a noun here, not the verb
            if m.start() > 0 and (best is None or m.start() < best):
                best = m.start()
            break
    if best is None or len(text[:best].split()) > SHORT_HEADING_WORDS:
        return None
    return best


def upper_split(rest: str) -> tuple[str, str]:
    """A part's heading and the text after it on the same line: split at a colon, else where
    the upper-case heading gives way to sentence text ("KINH PHÍ Nguồn ngân sách ...")."""
    before, colon, after = rest.partition(":")
    if colon and (is_upper(before, 0.75) or len(before.split()) <= SHORT_HEADING_WORDS):
        return before.strip(), after.strip()
    tokens = rest.split()
    for n in range(1, len(tokens)):
        word, following = tokens[n], tokens[n + 1] if n + 1 < len(tokens) else ""
        sentence = word[:1].isupper() and word[1:].isalpha() and word[1:].islower() and len(word) > 1
        if sentence and following[:1].islower() and is_upper(" ".join(tokens[:n]), 0.9):
            return " ".join(tokens[:n]).strip(" -,"), " ".join(tokens[n:])
    return rest.strip(), ""


@dataclass
class Node:
    section: Section
    kind: str
    value: str
    head: list[str] = field(default_factory=list)
    """The first paragraph (label stripped), before heading and text are told apart."""
    raw_head: list[str] = field(default_factory=list)
    """The same as read before restore (roman parts only)."""
    head_open: bool = True
    body: list[list[str]] = field(default_factory=list)
    """Paragraphs of the node's own text after its first paragraph."""
    children: list[Node] = field(default_factory=list)


class Outliner:
    """Feeds body lines one at a time; `sections()` returns the finished outline."""

    def __init__(self, pieces: list[Piece], decision: bool = False) -> None:
        self.pieces = pieces
        self.decision = decision
        lengths = [len(p.text) for p in pieces if len(p.text) > 20]
        self.typical = median(lengths) if lengths else 80.0
        self.parts: list[Node] = []
        self.stack: list[Node] = []
        self.roman = 0
        self.closed = False
        self.stopped = False
        self.in_article = not decision

    # -- building -------------------------------------------------------------------------
    def _open(self, node: Node, level: int) -> None:
        node.section.level = level
        while self.stack and self.stack[-1].section.level >= level:
            self._close(self.stack.pop())
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.parts.append(node)
        self.stack.append(node)

    @staticmethod
    def _close(node: Node) -> None:
        node.head_open = False

    def _depth(self, kind: str) -> int:
        for node in reversed(self.stack):
            if node.kind == kind:
                return node.section.level
        return 0

    def _current(self, kind: str) -> Node | None:
        return next((n for n in reversed(self.stack) if n.kind == kind), None)

    def _add_text(self, text: str, piece: Piece, new_paragraph: bool) -> None:
        if not self.stack:
            return
        node = self.stack[-1]
        if node.kind == "roman" and node.head_open and not is_upper(text, 0.75):
            node.head_open = False
        if node.head_open and not new_paragraph:
            node.head.append(text)
            node.raw_head.append(piece.raw)
            if self._ends_paragraph(text):
                node.head_open = False
            return
        node.head_open = False
        if new_paragraph or not node.body:
            node.body.append([text])
        else:
            node.body[-1].append(text)

    def _ends_paragraph(self, text: str) -> bool:
        return len(text) < SHORT_LINE * self.typical or text.rstrip().endswith(":")

    # -- reading lines --------------------------------------------------------------------
    def _roman_part(self, text: str) -> tuple[int, str] | None:
        """(value, heading text) when the line opens a roman part."""
        label = labels.parse(text)
        rest = label.rest if label else text.strip()
        head = upper_split(rest)[0]
        upper = is_upper(head, 0.75)
        vocab = best_match(head, part_vocab(), HEADING_CUTOFF)
        if label and label.kind == "roman":
            if not (upper or vocab):
                return None
            expected = self.roman + 1
            fitting = [
                v for v in sorted(labels.roman_readings(label.printed)) if expected <= v <= expected + 2
            ]
            return (fitting[0] if fitting else expected), rest
        if label and label.kind == "number" and self.roman and upper and vocab:
            item = self._current("number")
            if item is None or label.value != str(int(item.value) + 1 if item.value.isdigit() else 0):
                return self.roman + 1, rest
            return None
        if label is None and upper and vocab and len(head.split()) <= 10 and (self.roman or self.in_article):
            return self.roman + 1, rest
        return None

    def feed(self, piece: Piece, blank_before: bool) -> None:
        if self.stopped:
            return
        text = piece.text.strip()
        if not text:
            return
        folded = fold(text)
        if self.parts and is_upper(text) and (_APPENDIX.match(folded) or _LIST.match(folded)):
            self.stopped = True
            return
        if self.parts and not self.decision and _ATTACHED.match(folded) and re.search(r"\bs[o6]\b", folded):
            self.stopped = True
            return
        if self.parts and _CLOSING.match(folded):
            self.closed = True
            return
        label = labels.parse(text)
        if label and label.kind == "article" and self.decision:
            self._article(int(label.value))
            return
        if self.closed or not self.in_article:
            if label and label.kind == "roman" and not self.parts and self._roman_part(text):
                self.closed, self.in_article = False, True
            else:
                return
        roman = self._roman_part(text)
        if roman:
            self._part(roman[0], roman[1], piece)
            return
        if label and label.kind == "roman":
            label = labels.parse(text, allow_roman=False)
        if label and label.kind == "number" and self._item(label, piece):
            return
        if label and label.kind == "letter" and self._point(label, piece):
            return
        if (
            label
            and label.kind == "bullet"
            and self.stack
            and self.stack[-1].kind in ("number", "letter", "bullet")
        ):
            self._bullet(label, piece)
            return
        self._add_text(text, piece, blank_before or bool(label and label.kind == "bullet"))

    def _article(self, number: int) -> None:
        if number == 1:
            self.in_article = True
        else:
            while self.stack:
                self._close(self.stack.pop())
            self.closed = True

    def _part(self, value: int, rest: str, piece: Piece) -> None:
        self.roman = value
        node = Node(Section(label=labels.int_to_roman(value), page=piece.page), "roman", str(value))
        self._open(node, 1)
        heading, after = upper_split(rest)
        node.head = [heading.strip()]
        raw_label = labels.parse(piece.raw)
        node.raw_head = [upper_split(raw_label.rest if raw_label else piece.raw)[0]]
        node.head_open = not after.strip() and not heading.rstrip().endswith(".")
        if after.strip():
            node.head_open = False
            node.body.append([after.strip()])

    def _item(self, label: labels.Label, piece: Piece) -> bool:
        value = label.value
        current = self._current("number")
        if "." in value:
            parent = value.rsplit(".", 1)[0]
            if not current or not current.value.startswith(parent):
                return False
            level = current.section.level + (1 if current.value == parent else 0)
        else:
            previous = current.value if current and "." not in current.value else None
            number = int(value)
            if (
                previous
                and previous.isdigit()
                and not (number == 1 or int(previous) < number <= int(previous) + 2)
            ):
                return False
            level = (self._depth("roman") or 0) + 1
        node = Node(Section(label=value, page=piece.page), "number", value, head=[label.rest])
        self._open(node, level)
        node.head_open = not self._ends_paragraph(piece.text)
        return True

    def _point(self, label: labels.Label, piece: Piece) -> bool:
        current = self._current("letter")
        previous = current.value if current else None
        letter = labels.next_letter(previous, label.value)
        order = labels.LETTER_ORDER
        if previous and letter != "a" and not 0 < order.find(letter) - order.find(previous) <= 3:
            return False
        if not previous and letter not in "ab":
            return False
        parent = next((n for n in reversed(self.stack) if n.kind in ("number", "roman")), None)
        node = Node(Section(label=letter, page=piece.page), "letter", letter, head=[label.rest])
        self._open(node, parent.section.level + 1 if parent else 1)
        node.head_open = not self._ends_paragraph(piece.text)
        return True

    def _bullet(self, label: labels.Label, piece: Piece) -> None:
        parent = next(n for n in reversed(self.stack) if n.kind != "bullet")
        node = Node(Section(label=label.value, page=piece.page), "bullet", label.value, head=[label.rest])
        self._open(node, parent.section.level + 1)

    # -- finishing ------------------------------------------------------------------------
    def sections(self, duties_kind: str = "to_chuc_thuc_hien") -> list[Section]:
        return [self._finish(node, None, duties_kind) for node in self.parts]

    def _finish(self, node: Node, part_kind_: str | None, duties_kind: str) -> Section:
        sec = node.section
        first = join_wrapped(node.head)
        paragraphs = [join_wrapped(p) for p in node.body]
        if node.kind == "roman":
            heading = clean_space(first)
            kind, canonical = part_kind(heading, clean_space(" ".join(node.raw_head)))
            sec.kind = kind  # type: ignore[assignment]
            sec.heading = canonical_heading(heading, parts_only=True) if canonical else heading
            part_kind_ = kind
        elif node.kind == "bullet":
            sec.heading = None
            paragraphs.insert(0, first)
        else:
            heading, rest = self._split_heading(first, part_kind_ == duties_kind and node.section.level == 2)
            sec.heading = canonical_heading(heading) if heading else None
            if rest:
                paragraphs.insert(0, rest)
        sec.text = "\n".join(p for p in paragraphs if p)
        sec.children = [self._finish(child, part_kind_, duties_kind) for child in node.children]
        return sec

    @staticmethod
    def _split_heading(first: str, duties: bool) -> tuple[str, str]:
        first = clean_space(first)
        before, colon, after = first.partition(":")
        limit = AGENCY_WORDS if duties else SHORT_HEADING_WORDS
        if colon and len(before.split()) <= limit and not re.search(r"\d$", before):
            return before.strip(), after.strip()
        if duties:
            cut = agency_split(first)
            if cut:
                return first[:cut].strip(" ,"), first[cut:].strip()
        if len(first.split()) <= TITLE_LINE_WORDS:
            return first.rstrip(" .;"), ""
        m = re.search(r"[.;]\s+(?=[A-ZĐ\u00C0-\u1EF8])", first)
        if m:
            return first[: m.start()], first[m.end() :]
        return first, ""


def read_outline(pieces: list[Piece], decision: bool = False) -> list[Section]:
    """The outline of the body lines (header, closing and digital-signature lines left out)."""
    outliner = Outliner(pieces, decision)
    blank = False
    for piece in pieces:
        if not piece.text.strip():
            blank = True
            continue
        outliner.feed(piece, blank)
        blank = False
    return outliner.sections()
