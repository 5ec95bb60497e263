"""Text for the cells of a ruled grid on a page image.

Each OCR word of the page goes to the cell its box centre falls in; words that are only a rule
read as a glyph (`|`, `[`) are dropped. A cell with ink that no word covers, or with words of
low confidence, is read again on its own (Tesseract, one block of text) and the better reading kept.
The page's lines inside the grid are then the cells' words in row order (`table_order`).
"""

from __future__ import annotations

import statistics

import cv2
import numpy as np

from pipeline import ocr
from pipeline.model import Cell, Page, TableGrid, Word
from pipeline.table_order import cell_of, place_table, strip_rule_glyphs, word_lines

RULE_GLYPHS = "|[]{}()!_—–-=~'‘’\"“”.,:;"
"""A word made of these only is a rule or a speck read as a glyph, not text."""
LOW_CONF = 0.6
"""Words below this mean confidence make a cell worth reading on its own."""


def fill_text(table: TableGrid, page: Page, grey: np.ndarray, ink: np.ndarray) -> None:
    """Set `text` of every cell of `table` from the page's words (and cell OCR where they fall short),
    then put the table's lines in row order among the page's lines (`table_order.place_table`).

    `grey` is the page with its rules whitened, `ink` its text ink (0/255) without the rules.
    """
    dpi = page.dpi or 300.0
    words = [w for line in page.lines for w in line.words if w.box]
    assigned: dict[int, list[Word]] = {k: [] for k in range(len(table.cells))}
    for word in words:
        k = cell_of(word, table.cells)
        if k is not None:
            assigned[k].append(word)
    chosen: list[list[Word]] = []
    doubtful: list[tuple[int, str, float, bool]] = []
    for k, cell in enumerate(table.cells):
        kept = [w for w in assigned[k] if _is_text(w)]
        chosen.append(kept)
        cell.text = cell_text(kept)
        conf = _mean_conf(kept)
        missing = _missing_ink(cell, kept, ink, dpi)
        if missing or conf < LOW_CONF and kept:
            doubtful.append((k, cell.text, conf, missing))
    readings = _read_cells([table.cells[k] for k, *_ in doubtful], grey, dpi, page.number)
    for (k, text, conf, missing), again in zip(doubtful, readings, strict=True):
        again_text = cell_text(again)
        again_conf = _mean_conf(again)
        longer = missing and again_conf >= LOW_CONF and len(again_text) > len(text)
        if again_text and (again_conf > conf or longer):
            table.cells[k].text = again_text
            chosen[k] = again
    place_table(page, table, [[_clean(w) for w in cell_words] for cell_words in chosen])


def _mean_conf(words: list[Word]) -> float:
    return statistics.fmean(w.conf for w in words) if words else 0.0


def _clean(word: Word) -> Word:
    """The word without rule glyphs at its edges."""
    text = strip_rule_glyphs(word.text)
    return word if text == word.text else word.model_copy(update={"text": text})


def _is_text(word: Word) -> bool:
    return any(c.isalnum() for c in word.text.strip(RULE_GLYPHS))


def cell_text(words: list[Word]) -> str:
    """Words in reading order: lines by vertical position, left to right in each; one space between."""
    tokens = [strip_rule_glyphs(word.text) for line in word_lines(words) for word in line]
    return " ".join(t for t in tokens if t)


def _interior(cell: Cell, dpi: float, shape: tuple[int, ...]) -> tuple[int, int, int, int] | None:
    m = int(dpi * 0.025)
    x0, y0, x1, y1 = cell.box
    a0, b0 = max(0, int(x0) + m), max(0, int(y0) + m)
    a1, b1 = min(shape[1], int(x1) - m), min(shape[0], int(y1) - m)
    if a1 - a0 < 4 or b1 - b0 < 4:
        return None
    return a0, b0, a1, b1


def _missing_ink(cell: Cell, words: list[Word], ink: np.ndarray, dpi: float) -> bool:
    """Whether the cell holds ink (more than specks) that none of its words covers: text OCR missed."""
    box = _interior(cell, dpi, ink.shape)
    if box is None:
        return False
    a0, b0, a1, b1 = box
    solid = cv2.morphologyEx(ink[b0:b1, a0:a1], cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    total = int(np.count_nonzero(solid))
    if total <= (dpi * 0.03) ** 2:  # less than a digit's worth
        return False
    grow = int(dpi * 0.01)
    for word in words:
        x0, y0, x1, y1 = (int(v) for v in word.box)
        solid[
            max(0, y0 - b0 - grow) : max(0, y1 - b0 + grow), max(0, x0 - a0 - grow) : max(0, x1 - a0 + grow)
        ] = 0
    return int(np.count_nonzero(solid)) > 0.2 * total


def _read_cells(cells: list[Cell], grey: np.ndarray, dpi: float, page: int) -> list[list[Word]]:
    """Each cell's words (boxes in page pixels), read by one Tesseract call on the cells stacked top to bottom."""
    crops: list[tuple[int, int, int, np.ndarray]] = []
    for k, cell in enumerate(cells):
        box = _interior(cell, dpi, grey.shape)
        if box is not None:
            a0, b0, a1, b1 = box
            crop = cv2.medianBlur(grey[b0:b1, a0:a1], 3)  # specks off, then black on white for Tesseract
            _, crop = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
            crops.append((k, a0, b0, crop))
    out: list[list[Word]] = [[] for _ in cells]
    if not crops:
        return out
    gap = int(dpi * 0.15)
    width = max(crop.shape[1] for *_, crop in crops) + 2 * gap
    strips, spans, top = [np.full((gap, width), 255, np.uint8)], [], gap
    for k, a0, b0, crop in crops:
        strip = np.full((crop.shape[0] + gap, width), 255, np.uint8)
        strip[: crop.shape[0], gap : gap + crop.shape[1]] = crop
        strips.append(strip)
        spans.append((k, top, top + crop.shape[0], a0 - gap, b0 - top))
        top += strip.shape[0]
    lines = ocr.ocr_image(np.vstack(strips), dpi, page, psm=6)
    boxed = [(w, w.box) for line in lines for w in line.words if w.box and _is_text(w)]
    for k, y0, y1, dx, dy in spans:
        out[k] = [
            w.model_copy(update={"box": (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)})  # back to page pixels
            for w, b in boxed
            if y0 <= (b[1] + b[3]) / 2 < y1
        ]
    return out
