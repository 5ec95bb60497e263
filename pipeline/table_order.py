"""A ruled table's place in the page's reading order: row by row, each row's cells left to right.

Tesseract reads a ruled table as it reads a page: a line of text may run across several cells,
and the cells' lines come in the order its page segmentation found them, so the page text
interleaves the columns. Once the grid is known, the page's lines inside the table are replaced
by the table's own lines: rows top to bottom, the cells of a row left to right (a merged cell
with the first row it spans), each cell's lines top to bottom. Every line keeps its words with
their boxes and confidences. Lines above the table come before it; the others after it, in the
order they had.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from pipeline.model import Cell, Line, Page, TableGrid, Word, words_box
from schemas.record import Box

EDGE_JUNK = re.compile(r"^[|\[\]{}_'‘’`]+|[|\[\]{}_'‘’`]+$")
"""Rule glyphs OCR glues to the edge of a word in a ruled cell ("|Các")."""


def strip_rule_glyphs(token: str) -> str:
    """A word without rule glyphs at its edges (unchanged if nothing else is left)."""
    return EDGE_JUNK.sub("", token) or token


def cell_of(word: Word, cells: Sequence[Cell]) -> int | None:
    """Index of the cell whose box holds the word's centre most deeply, or None."""
    if word.box is None:
        return None
    x0, y0, x1, y1 = word.box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    best, depth = None, 0.0
    for k, cell in enumerate(cells):
        if cell.box is None:
            continue
        a0, b0, a1, b1 = cell.box
        d = min(cx - a0, a1 - cx, cy - b0, b1 - cy)
        if d > depth:
            best, depth = k, d
    return best


def word_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words (those with a box) grouped into lines by vertical position, top to bottom, each left to right."""
    boxed = [(w, w.box) for w in words if w.box is not None]
    if not boxed:
        return []
    height = statistics.median(b[3] - b[1] for _, b in boxed) or 1.0
    lines: list[list[tuple[Word, Box]]] = []
    centre = None
    for word, box in sorted(boxed, key=lambda wb: (wb[1][1] + wb[1][3]) / 2):
        mid = (box[1] + box[3]) / 2
        if centre is not None and abs(mid - centre) <= 0.5 * height:
            lines[-1].append((word, box))
        else:
            lines.append([(word, box)])
            centre = mid
    return [[w for w, _ in sorted(line, key=lambda wb: wb[1][0])] for line in lines]


def place_table(page: Page, table: TableGrid, cell_words: Sequence[Sequence[Word]]) -> None:
    """Replace `page.lines` inside `table` by the table's lines in row order.

    `cell_words[k]` are the words to read for `table.cells[k]` (page words or a new reading of
    the cell); every page word whose centre falls in a cell leaves its page line.
    """
    if table.box is None or not table.cells:
        return
    block = 1 + max((line.block for line in page.lines), default=0)
    inside: list[Line] = []
    order = sorted(range(len(table.cells)), key=lambda k: (table.cells[k].row, table.cells[k].col))
    for k in order:
        for words in word_lines(cell_words[k]):
            inside.append(Line.of_words(page.number, words, block))
        block += 1
    if not inside:
        return
    top = table.box[1]
    above: list[Line] = []
    below: list[Line] = []
    for line in page.lines:
        kept = [w for w in line.words if cell_of(w, table.cells) is None]
        if len(kept) == len(line.words):
            rest = line
        elif kept:
            rest = Line.of_words(line.page, kept, line.block)
        else:
            continue
        box = rest.box or words_box(rest.words)
        (above if box is not None and (box[1] + box[3]) / 2 < top else below).append(rest)
    page.lines = above + inside + below
