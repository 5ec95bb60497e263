"""PDF access: page facts and rendering through pypdfium2, text layer and ruled tables through pdfplumber.

Coordinates of a text-layer page are PDF points from the top-left corner (pdfplumber's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.errors import InputError
from pipeline.layout import Segment, reading_order, segments_from_words
from pipeline.model import Cell, Line, Page, TableGrid, Word


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
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            page = pdf.pages[index]
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
            tables = _tables(page, index + 1)
            width, height = float(page.width), float(page.height)
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        raise InputError(f"cannot read the PDF text layer of page {index + 1}: {_short(exc)}") from None

    number = index + 1
    plain = [w for w in words if not any(_inside(w, t.box) for t in tables)]
    segments = segments_from_words(
        [(w["text"], (w["x0"], w["top"], w["x1"], w["bottom"])) for w in plain],
    )
    lines = [_segment_line(seg, number) for seg in reading_order(segments, width)]
    lines = _merge_table_lines(lines, tables, number)
    return Page(number=number, source="text_layer", width=width, height=height, dpi=72.0, lines=lines,
                tables=tables)


def _segment_line(segment: Segment, page: int) -> Line:
    words = [Word(text=t, conf=1.0, box=b) for t, b in segment.words]
    text = " ".join(w.text for w in words)
    return Line(page=page, raw=text, text=text, words=words, box=segment.box, conf=1.0)


def _tables(page, number: int) -> list[TableGrid]:  # noqa: ANN001 - pdfplumber.page.Page
    grids = []
    for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        rows = table.rows
        if len(rows) < 2:
            continue
        xs = sorted({round(c[0], 1) for row in rows for c in row.cells if c} |
                    {round(c[2], 1) for row in rows for c in row.cells if c})
        if len(xs) < 3:
            continue
        cells = []
        for r, row in enumerate(rows):
            for bbox in row.cells:
                if bbox is None:
                    continue
                c0 = _nearest(xs, bbox[0])
                c1 = _nearest(xs, bbox[2])
                text = page.crop(bbox).extract_text(x_tolerance=1.5) or ""
                cells.append(Cell(row=r, col=c0, colspan=max(1, c1 - c0), box=tuple(bbox),
                                  text=" ".join(text.split())))
        grids.append(TableGrid(page=number, box=tuple(table.bbox), n_rows=len(rows), n_cols=len(xs) - 1,
                               cells=cells, method="pdf_ruling"))
    return grids


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


def _inside(word: dict, box: tuple[float, float, float, float] | None) -> bool:
    if box is None:
        return False
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:200]
