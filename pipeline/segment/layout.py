"""Lines as the segmenter sees them: NFC text, split where a wide gap parts two columns.

OCR and PDF text layers often run the two header columns (issuer | national motto) or the
closing columns (recipients | signer) into one line.  When a line carries word boxes, a gap
far wider than the line's ordinary word spacing splits it into pieces, each with its own box
and column position.  Plain text has no boxes: one piece per line, split later by words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from pipeline.model import Document, Line, Word
from schemas.record import Box

from .text import nfc

GAP_PAGE_SHARE = 0.02
"""A column gap is at least this share of the page width ..."""
GAP_SPACING = 4.0
"""... and at least this many times the line's median word gap."""


@dataclass
class Piece:
    """A run of text on one line: the whole line, or one column of it."""

    text: str
    line: int
    """Index into `doc.lines`."""
    page: int
    box: Box | None = None
    xmid: float | None = None
    """Horizontal centre as a share of the page width (None without boxes)."""
    words: list[Word] = field(default_factory=list)
    confs: list[float] = field(default_factory=list)
    """Restore's confidence per whitespace token of `text` (empty when unknown)."""
    raw: str = ""
    """The whole line as read, before restore (set for whole-line pieces)."""

    @property
    def min_word_conf(self) -> float:
        return min((w.conf for w in self.words), default=1.0)


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _split_points(words: list[Word], page_width: float) -> list[int]:
    """Indices i where a column gap falls between words[i-1] and words[i]."""
    gaps = [b.box[0] - a.box[2] for a, b in zip(words, words[1:], strict=False)]  # type: ignore[index]
    if not gaps:
        return []
    ordinary = median(gaps) if len(gaps) > 2 else min(gaps)
    limit = max(GAP_PAGE_SHARE * page_width, GAP_SPACING * max(ordinary, 0.0))
    return [i + 1 for i, gap in enumerate(gaps) if gap > limit]


def _line_pieces(index: int, line: Line, page_width: float) -> list[Piece]:
    text = nfc(line.text)
    tokens = text.split()
    words = [w for w in line.words if w.box is not None]
    confs = list(line.syllable_conf) if len(line.syllable_conf) == len(tokens) else []
    if not words or page_width <= 0:
        xmid = None
        if line.box is not None and page_width > 0:
            xmid = (line.box[0] + line.box[2]) / 2 / page_width
        return [Piece(text, index, line.page, line.box, xmid, list(line.words), confs)]
    words.sort(key=lambda w: w.box[0])  # type: ignore[index]
    cuts = _split_points(words, page_width)
    aligned = len(tokens) == len(words)
    if not cuts:
        box = line.box or _union([w.box for w in words])  # type: ignore[misc]
        return [Piece(text, index, line.page, box, (box[0] + box[2]) / 2 / page_width, words, confs)]
    pieces = []
    for start, end in zip([0, *cuts], [*cuts, len(words)], strict=True):
        part = words[start:end]
        box = _union([w.box for w in part])  # type: ignore[misc]
        piece_text = " ".join(tokens[start:end]) if aligned else nfc(" ".join(w.text for w in part))
        piece_confs = confs[start:end] if aligned and confs else []
        xmid = (box[0] + box[2]) / 2 / page_width
        pieces.append(Piece(piece_text, index, line.page, box, xmid, part, piece_confs))
    return pieces


def pieces(doc: Document) -> list[Piece]:
    """Every line of the document as pieces, in reading order."""
    widths = {page.number: page.width for page in doc.pages}
    out: list[Piece] = []
    for index, line in enumerate(doc.lines):
        out.extend(_line_pieces(index, line, widths.get(line.page, 0.0)))
    return out


def piece_lines(doc: Document) -> list[Piece]:
    """One piece per line (no column split), for body text."""
    widths = {page.number: page.width for page in doc.pages}
    out = []
    for index, line in enumerate(doc.lines):
        text = nfc(line.text)
        xmid = None
        width = widths.get(line.page, 0.0)
        if line.box is not None and width > 0:
            xmid = (line.box[0] + line.box[2]) / 2 / width
        confs = list(line.syllable_conf) if len(line.syllable_conf) == len(text.split()) else []
        out.append(Piece(text, index, line.page, line.box, xmid, list(line.words), confs, nfc(line.raw)))
    return out
