"""PDF access: page facts and rendering through pypdfium2, text layer and ruled tables through pdfplumber.

Coordinates of a text-layer page are PDF points from the top-left corner (pdfplumber's).
Per-object and per-character loops call pdfium's C functions directly (pypdfium2.raw): its
helper objects cost more than the work on a page of a few thousand glyphs.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InputError
from pipeline.layout import Box, Segment, reading_order, segments_from_words
from pipeline.model import Cell, Line, Page, TableGrid, Word

if TYPE_CHECKING:
    import numpy as np

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
    paths: int = 0
    """Drawn path objects (rules, borders) on the page and one level into its forms."""


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
    pdf = _open_pdfium(path)
    try:
        return [_page_fact(pdf[index], index) for index in range(len(pdf))]
    finally:
        pdf.close()


def _page_fact(page, index: int) -> PageFact:  # noqa: ANN001 - PdfPage
    import pypdfium2.raw as raw

    width, height = page.get_size()
    text = page.get_textpage().get_text_bounded()
    chars = [c for c in text if not c.isspace()]
    bad = sum(1 for c in chars if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or ord(c) < 32)
    dpi = None
    paths = 0
    handle = page.raw
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    px_w, px_h = ctypes.c_uint(), ctypes.c_uint()
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        kind = raw.FPDFPageObj_GetType(obj)
        paths += _paths_in(obj, kind)
        if kind == raw.FPDF_PAGEOBJ_IMAGE and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            wide = right.value - left.value
            if wide > 0.5 * width and raw.FPDFImageObj_GetImagePixelSize(obj, px_w, px_h) and px_w.value:
                dpi = round(px_w.value / (wide / 72.0), 1)
    return PageFact(number=index + 1, width=width, height=height, text_chars=len(chars),
                    garbage_ratio=bad / len(chars) if chars else 0.0, image_dpi=dpi, paths=paths)


def _paths_in(obj, kind: int) -> int:  # noqa: ANN001 - FPDF_PAGEOBJECT
    """Path objects a page object counts for: 1 for a path, those directly inside a form XObject
    (the depth pypdfium2's max_depth=2 reaches), else 0."""
    import pypdfium2.raw as raw

    if kind == raw.FPDF_PAGEOBJ_PATH:
        return 1
    if kind != raw.FPDF_PAGEOBJ_FORM:
        return 0
    count = 0
    for i in range(max(0, raw.FPDFFormObj_CountObjects(obj))):
        if raw.FPDFPageObj_GetType(raw.FPDFFormObj_GetObject(obj, i)) == raw.FPDF_PAGEOBJ_PATH:
            count += 1
    return count


def count_paths(page, limit: int | None = None) -> int:  # noqa: ANN001 - PdfPage
    """Drawn path objects on the page and one level into its forms; stops counting at `limit`."""
    import pypdfium2.raw as raw

    handle = page.raw
    count = 0
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        count += _paths_in(obj, raw.FPDFPageObj_GetType(obj))
        if limit is not None and count >= limit:
            break
    return count


def render(path: Path, index: int, dpi: float) -> np.ndarray:
    """The page as an RGB image at `dpi`."""
    import numpy as np

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


def preview_jpeg(page, scale: float, quality: int) -> bytes:  # noqa: ANN001 - PdfPage
    """The page in grey at `scale` pixels per point as a JPEG of round(size × scale) pixels.

    Grey as the previews of OCR pages are: a third of the pixels to render and encode.
    """
    import io

    from PIL import Image

    width, height = page.get_size()
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # pdfium's bitmap is ceil(size × scale): crop the partial last column and row while rendering
    over = [math.ceil(width * scale) - size[0], math.ceil(height * scale) - size[1]]
    crop = (0, over[1] * 0.5 / scale if over[1] > 0 else 0, over[0] * 0.5 / scale if over[0] > 0 else 0, 0)
    bitmap = page.render(scale=scale, grayscale=True, crop=crop)
    image = Image.frombuffer("L", (bitmap.width, bitmap.height), bitmap.buffer, "raw", "L", bitmap.stride, 1)
    if image.size != size:
        image = image.resize(size, Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def text_page(path: Path, index: int) -> Page:
    """A page read from its text layer: lines in reading order, ruled tables with their cells."""
    return read_text_page(path, index)[0]


def read_text_page(path: Path, index: int, preview: tuple[float, int] | None = None,
                   paths: int | None = None) -> tuple[Page, bytes | None]:
    """`text_page`, and with `preview` = (scale, JPEG quality) the page as a JPEG rendered from the
    same loaded page. `paths`, when the caller counted them already (`PageFact.paths`), skips the count.
    """
    number = index + 1
    pdf = _open_pdfium(path)
    try:
        page = pdf[index]
        width, height = page.get_size()
        words = _words(page.get_textpage(), height)
        if paths is None:
            paths = count_paths(page, MIN_RULING_PATHS)
        image = preview_jpeg(page, *preview) if preview else None
    finally:
        pdf.close()
    tables = _tables(path, index, words) if paths >= MIN_RULING_PATHS else []
    plain = [w for w in words if not any(_inside(w[1], t.box) for t in tables)]
    lines = [_segment_line(seg, number) for seg in reading_order(segments_from_words(plain), width)]
    lines = _merge_table_lines(lines, tables, number)
    page_model = Page(number=number, source="text_layer", width=width, height=height, dpi=72.0, lines=lines,
                      tables=tables)
    return page_model, image


def _words(textpage, page_height: float) -> list[tuple[str, Box]]:  # noqa: ANN001 - PdfTextPage
    """Words of the text layer with boxes from the font size and baseline (top-left origin, points).

    Boxes from the baseline keep a line's words level whatever their diacritics.
    """
    import pypdfium2.raw as raw

    handle = textpage.raw
    get_box, get_size, get_origin = raw.FPDFText_GetCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetCharOrigin
    combining_of, nfc = unicodedata.combining, unicodedata.normalize
    x, y = ctypes.c_double(), ctypes.c_double()
    b_left, b_right, b_bottom, b_top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    words: list[tuple[str, Box]] = []
    chars: list[str] = []
    x0 = y0 = x1 = y1 = 0.0
    last_right = last_base = 0.0
    for i, char in enumerate(_chars(handle)):
        if char.isspace() or char in "\x00\ufffe\uffff":
            if chars:
                words.append((nfc("NFC", "".join(chars)), (x0, y0, x1, y1)))
                chars = []
            continue
        if not get_box(handle, i, b_left, b_right, b_bottom, b_top):
            raise ValueError(f"no box for character {i} of the text layer")
        left, right = b_left.value, b_right.value
        size = 0.75 * (get_size(handle, i) or 13.0)  # pdfium reports 96-dpi pixels
        get_origin(handle, i, x, y)
        base = page_height - y.value
        combining = combining_of(char) > 0
        if chars and not combining and (left - last_right > 0.25 * size or abs(base - last_base) > 0.4 * size):
            words.append((nfc("NFC", "".join(chars)), (x0, y0, x1, y1)))
            chars = []
        top, bottom = base - 0.8 * size, base + 0.2 * size
        if not chars:
            x0, y0, x1, y1 = left, top, right, bottom
        else:
            if left < x0:
                x0 = left
            if top < y0:
                y0 = top
            if right > x1:
                x1 = right
            if bottom > y1:
                y1 = bottom
        chars.append(char)
        if not combining:
            last_right, last_base = right, base
    if chars:
        words.append((nfc("NFC", "".join(chars)), (x0, y0, x1, y1)))
    return words


def _chars(handle) -> list[str]:  # noqa: ANN001 - FPDF_TEXTPAGE
    """The page's characters by index: one call for all, one per character if any lies beyond UTF-16's BMP."""
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(handle, 0, count, buffer)
    text = bytes(buffer)[: 2 * max(0, written - 1)].decode("utf-16-le", errors="replace")
    if len(text) == count and "\ufffd" not in text:
        return list(text)
    return [chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count)]


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
