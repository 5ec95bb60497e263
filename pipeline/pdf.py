"""PDF access: page facts and rendering through pypdfium2, text layer and ruled tables through pdfplumber.

Coordinates of a text-layer page are PDF points from the top-left corner (pdfplumber's).
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.errors import InputError
from pipeline.layout import Box, Segment, reading_order, segments_from_words
from pipeline.model import Cell, Line, Page, TableGrid, Word

MIN_RULING_PATHS = 8
"""A page with fewer drawn paths has no ruled table worth looking for."""


@dataclass(frozen=True)
class PageFact:
    number: int
    width: float
    height: float
    text_chars: int
    garbage_ratio: float
    """Share of text-layer characters that cannot be real text (U+FFFD, private use, controls)."""
    image_dpi: float | None
    """Resolution of the largest image on the page, when the page is mostly an image."""


def _open_pdfium(path: Path):  # noqa: ANN202 - pypdfium2 has no public type for this
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError("encrypted PDF: it needs a password to open") from None
        raise InputError(f"not a readable PDF ({' '.join(str(exc).split())})") from None


def page_facts(path: Path) -> list[PageFact]:
    """Facts about every page, enough to decide text layer or OCR page by page."""
    import pypdfium2.raw as raw

    pdf = _open_pdfium(path)
    try:
        facts = []
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            text = page.get_textpage().get_text_bounded()
            chars = [c for c in text if not c.isspace()]
            bad = sum(1 for c in chars if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or ord(c) < 32)
            dpi = None
            for obj in page.get_objects(max_depth=1):
                if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                    left, bottom, right, top = obj.get_bounds()
                    px_w, _ = obj.get_px_size()
                    if right - left > 0.5 * width and px_w:
                        dpi = round(px_w / ((right - left) / 72.0), 1)
            facts.append(
                PageFact(
                    number=index + 1,
                    width=width,
                    height=height,
                    text_chars=len(chars),
                    garbage_ratio=bad / len(chars) if chars else 0.0,
                    image_dpi=dpi,
                )
            )
        return facts
    finally:
        pdf.close()


def render(path: Path, index: int, dpi: float) -> np.ndarray:
    """The page as an RGB image at `dpi`."""
    pdf = _open_pdfium(path)
    try:
        bitmap = pdf[index].render(scale=dpi / 72.0)
        image = bitmap.to_numpy()
        channels = image.shape[2] if image.ndim == 3 else 1
        if channels == 4:
            image = image[:, :, :3]
        # pypdfium2 renders BGR(A) by default: return RGB.
        return np.ascontiguousarray(image[:, :, ::-1]) if channels >= 3 else image
    finally:
        pdf.close()


def text_page(path: Path, index: int) -> Page:
    """A page read from its text layer: lines in reading order, ruled tables with their cells."""
    import pypdfium2.raw as raw

    number = index + 1
    pdf = _open_pdfium(path)
    try:
        page = pdf[index]
        width, height = page.get_size()
        words = _words(page.get_textpage(), height)
        paths = sum(1 for obj in page.get_objects(max_depth=2) if obj.type == raw.FPDF_PAGEOBJ_PATH)
    finally:
        pdf.close()
    tables = _tables(path, index, words) if paths >= MIN_RULING_PATHS else []
    plain = [w for w in words if not any(_inside(w[1], t.box) for t in tables)]
    lines = [_segment_line(seg, number) for seg in reading_order(segments_from_words(plain), width)]
    lines = _merge_table_lines(lines, tables, number)
    return Page(number=number, source="text_layer", width=width, height=height, dpi=72.0, lines=lines,
                tables=tables)


def _words(textpage, page_height: float) -> list[tuple[str, Box]]:  # noqa: ANN001 - PdfTextPage
    """Words of the text layer with boxes from the font size and baseline (top-left origin, points).

    Boxes from the baseline keep a line's words level whatever their diacritics.
    """
    import pypdfium2.raw as raw

    handle = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    words: list[tuple[str, Box]] = []
    chars: list[str] = []
    box: list[float] = []
    last_right = last_base = 0.0

    def flush() -> None:
        if chars:
            words.append((unicodedata.normalize("NFC", "".join(chars)), (box[0], box[1], box[2], box[3])))
            chars.clear()

    for i in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(handle, i))
        if char.isspace() or char in "\x00\ufffe\uffff":
            flush()
            continue
        left, _, right, _ = textpage.get_charbox(i)
        size = 0.75 * (raw.FPDFText_GetFontSize(handle, i) or 13.0)  # pdfium reports 96-dpi pixels
        raw.FPDFText_GetCharOrigin(handle, i, ctypes.byref(x), ctypes.byref(y))
        base = page_height - y.value
        combining = unicodedata.combining(char) > 0
        if chars and not combining and (left - last_right > 0.25 * size or abs(base - last_base) > 0.4 * size):
            flush()
        if not chars:
            box = [left, base - 0.8 * size, right, base + 0.2 * size]
        else:
            box = [min(box[0], left), min(box[1], base - 0.8 * size), max(box[2], right),
                   max(box[3], base + 0.2 * size)]
        chars.append(char)
        if not combining:
            last_right, last_base = right, base
    flush()
    return words


def _segment_line(segment: Segment, page: int) -> Line:
    words = [Word(text=t, conf=1.0, box=b) for t, b in segment.words]
    text = " ".join(w.text for w in words)
    return Line(page=page, raw=text, text=text, words=words, box=segment.box, conf=1.0)


def _tables(path: Path, index: int, words: list[tuple[str, Box]]) -> list[TableGrid]:
    """Ruled tables found by pdfplumber's line strategy; cell text from the page's words."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            found = pdf.pages[index].find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
            geometry = [(tuple(t.bbox), [[c for c in row.cells] for row in t.rows]) for t in found]
    except Exception:  # a damaged drawing layer loses the tables, not the page
        return []
    grids = []
    for bbox, rows in geometry:
        xs = sorted({round(c[0], 1) for row in rows for c in row if c} | {round(c[2], 1) for row in rows for c in row if c})
        if len(rows) < 2 or len(xs) < 3:
            continue
        cells = []
        for r, row in enumerate(rows):
            for cell in row:
                if cell is None:
                    continue
                c0, c1 = _nearest(xs, cell[0]), _nearest(xs, cell[2])
                text = _text_in(words, cell)
                cells.append(Cell(row=r, col=c0, colspan=max(1, c1 - c0), box=tuple(cell), text=text))
        grids.append(TableGrid(page=index + 1, box=bbox, n_rows=len(rows), n_cols=len(xs) - 1, cells=cells,
                               method="pdf_ruling"))
    return grids


def _text_in(words: list[tuple[str, Box]], cell: Box) -> str:
    inside = [w for w in words if _inside(w[1], cell)]
    lines = segments_from_words(inside, gap_em=100.0)
    return " ".join(seg.text for line in lines for seg in line)


def _merge_table_lines(lines: list[Line], tables: list[TableGrid], page: int) -> list[Line]:
    """Put each table's cell texts, row by row, where the table stands among the lines."""
    if not tables:
        return lines
    out = list(lines)
    for table in sorted(tables, key=lambda t: t.box[1] if t.box else 0.0, reverse=True):
        top = table.box[1] if table.box else 0.0
        at = next((i for i, line in enumerate(out) if line.box and line.box[1] > top), len(out))
        cell_lines = [
            Line(page=page, raw=cell.text, text=cell.text, box=cell.box, conf=1.0,
                 words=[Word(text=t, conf=1.0, box=cell.box) for t in cell.text.split()])
            for cell in sorted(table.cells, key=lambda c: (c.row, c.col))
            if cell.text
        ]
        out[at:at] = cell_lines
    return out


def _nearest(values: list[float], x: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - x))


def _inside(word: Box, box: Box | None) -> bool:
    if box is None:
        return False
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:200]
