"""A scanned PDF page's own image, taken out of the PDF instead of rendering the page.

A scanner's PDF page is one image (JPEG or Flate) drawn upright over the whole page. Decoding
that image at its own resolution costs a quarter of rendering the page at 300 dpi (no scaling,
no compositing) and gives the scanner's pixels unchanged. Any other page (text, vector marks,
several images, a turned or partial placement, an unusual pixel format) returns None: render it.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

SIMPLE_FILTERS = {"DCTDecode", "FlateDecode"}
FIT = 0.01
"""How far (share of the page size) the image may miss the page's edges."""


def embedded_scan(path: Path, index: int, max_dpi: float = 400.0) -> tuple[np.ndarray, float] | None:
    """(grey or RGB pixels, dpi) of the page's single full-page image, or None."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        page = pdf[index]
        if page.get_rotation() % 360:
            return None
        objects = list(page.get_objects(max_depth=2))
        if len(objects) != 1 or objects[0].type != raw.FPDF_PAGEOBJ_IMAGE:
            return None
        image = objects[0]
        width, height = page.get_size()
        a, b, c, d, e, f = image.get_matrix().get()
        if b or c or a <= 0 or d <= 0:
            return None
        if (
            abs(a - width) > FIT * width
            or abs(d - height) > FIT * height
            or abs(e) > FIT * width
            or abs(f) > FIT * height
        ):
            return None
        if not set(image.get_filters()) <= SIMPLE_FILTERS:
            return None
        if image.get_metadata().bits_per_pixel not in (8, 24):
            return None
        bitmap = image.get_bitmap(render=False)
        pixels = _to_grey_or_rgb(bitmap.to_numpy(), bitmap.format)
        if pixels is None:
            return None
        dpi = pixels.shape[1] / (a / 72.0)
        if dpi > max_dpi:
            scale = max_dpi / dpi
            pixels = cv2.resize(pixels, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            dpi = max_dpi
        return np.ascontiguousarray(pixels), round(dpi, 1)
    except pdfium.PdfiumError:
        return None
    finally:
        pdf.close()


def _to_grey_or_rgb(pixels: np.ndarray, fmt: int) -> np.ndarray | None:
    """pdfium's bitmap formats: 1 grey, 2 BGR, 3 BGRx, 4 BGRA."""
    if fmt == 1:
        return pixels if pixels.ndim == 2 else pixels[..., 0]
    if fmt in (2, 3, 4) and pixels.ndim == 3:
        return cv2.cvtColor(pixels[..., :3], cv2.COLOR_BGR2RGB)
    return None
