"""Read one page: from the PDF text layer, or rasterize, clean up and OCR it.

`read_page` runs in a worker process: it takes a small picklable `PagePlan` and returns a
`Page` model (words, confidences, boxes, ruled-table grids); images never leave the worker.
OpenCV, Tesseract and the cleanup steps are imported only when a page needs OCR, so a worker
that reads text layers stays small and starts fast.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import pdf
from pipeline.errors import InputError, one_line
from pipeline.ingest import MAX_PAGE_PIXELS, PagePlan
from pipeline.model import Page

if TYPE_CHECKING:
    import numpy as np

    from pipeline.cleanup import CleanupOptions

PREVIEW_DPI = 110.0
"""Resolution of the page previews the review screen shows."""
PREVIEW_QUALITY = 70
DEFAULT_LANG = "vie"
"""Tesseract model used when none is named (pipeline.ocr.DEFAULT_LANG)."""


@dataclass(frozen=True)
class PageOptions:
    lang: str = DEFAULT_LANG
    cleanup: CleanupOptions | None = None
    """Cleanup steps for OCR pages; None: the default steps."""
    render_dpi: float = 300.0
    ocr_timeout: float = 180.0
    """Seconds Tesseract may spend on one page before the page is given up as unread; 0: no limit."""
    find_tables: bool = True
    out: Path | None = None
    """Output folder: when set, a JPEG preview of each page is written under OUT/pages/."""


def read_page(plan: PagePlan, options: PageOptions) -> Page:
    started = time.perf_counter()
    if plan.kind == "pdf_text":
        page = text_layer_page(plan, options)
    else:
        page = ocr_page(load_image(plan, options), plan, options)
    page.seconds = round(time.perf_counter() - started, 3)
    return page


def text_layer_page(plan: PagePlan, options: PageOptions) -> Page:
    """The page from its text layer; its preview rendered from the same loaded page."""
    scale = PREVIEW_DPI / 72.0
    preview = (scale, PREVIEW_QUALITY) if options.out else None
    page, jpeg = pdf.read_text_page(plan.path, plan.index, preview=preview, paths=plan.paths)
    if options.out and jpeg:
        _write_preview(jpeg, scale, page, plan, options.out)
    return page


def preview_path(doc_id: str, number: int) -> str:
    return f"pages/{doc_id}/{number}.jpg"


def _write_preview(data: bytes, scale: float, page: Page, plan: PagePlan, out: Path) -> None:
    from pipeline.export import atomic_write_bytes

    relative = preview_path(plan.doc_id, plan.number)
    atomic_write_bytes(out / relative, data)
    page.preview, page.preview_scale = relative, scale


def _save_preview(image: np.ndarray, scale: float, page: Page, plan: PagePlan, out: Path) -> None:
    """A small JPEG of the page as read, in the space its word boxes are in (times `scale`)."""
    import cv2

    if image.shape[:2] != (round(page.height * scale), round(page.width * scale)):
        size = (max(1, round(page.width * scale)), max(1, round(page.height * scale)))
        while size[0] * 2 <= image.shape[1] and size[1] * 2 <= image.shape[0]:
            # halving is OpenCV's fast path of INTER_AREA (1 ms a page, where 300 → 110 dpi
            # in one step costs 20 ms), and the last step then averages fewer pixels
            image = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, PREVIEW_QUALITY])
    if ok:
        _write_preview(data.tobytes(), scale, page, plan, out)


def load_image(plan: PagePlan, options: PageOptions) -> tuple[np.ndarray, float]:
    """The page image and its resolution in dpi."""
    import numpy as np
    from PIL import Image, ImageOps

    from pipeline import scanimage

    if plan.kind == "pdf_raster":
        found = scanimage.embedded_scan(plan.path, plan.index, max_dpi=400.0)
        if found is not None:  # the scanner's own pixels: cheaper than rendering, and unchanged
            return found
        dpi = options.render_dpi
        if plan.dpi and plan.dpi > dpi:  # keep a fine scan's detail, up to 400 dpi
            dpi = min(plan.dpi, 400.0)
        return pdf.render(plan.path, plan.index, dpi), dpi
    Image.MAX_IMAGE_PIXELS = MAX_PAGE_PIXELS
    try:
        with Image.open(plan.path) as image:
            if plan.index:
                image.seek(plan.index)
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("L", "RGB"):
                image = image.convert("RGB") if image.mode in ("RGBA", "P", "CMYK", "LA") else image.convert("L")
            return np.asarray(image), float(plan.dpi or 300.0)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(f"page {plan.number}: unreadable image ({one_line(exc)})") from None


def ocr_page(loaded: tuple[np.ndarray, float], plan: PagePlan, options: PageOptions) -> Page:
    from pipeline import cleanup, grids, ocr

    image, dpi = loaded
    clean = cleanup.clean(image, dpi, options.cleanup)
    lines = ocr.ocr_image(clean.image, clean.dpi, plan.number, lang=options.lang, timeout=options.ocr_timeout or None)
    height, width = clean.image.shape[:2]
    page = Page(number=plan.number, source="ocr", width=float(width), height=float(height), dpi=clean.dpi,
                rotation=clean.rotation, skew=clean.skew, lines=lines, cleanup=clean.steps)
    if options.find_tables:
        page.tables = grids.find_tables(clean.image, page)
    if options.out:
        _save_preview(clean.image, PREVIEW_DPI / clean.dpi, page, plan, options.out)
    return page
