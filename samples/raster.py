"""Turn rendered PDF pages into the images a scanner or phone would give.

`page_images` rasterizes a PDF with pypdfium2; `scan` puts the page on grey paper, blurs,
adds sensor noise and a few specks, and turns it by a small angle.  Everything is seeded.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

FIXED_TIME = time.struct_time((2025, 1, 1, 0, 0, 0, 2, 1, 0))


def page_images(pdf_bytes: bytes, dpi: int) -> list[Image.Image]:
    """Each page of the PDF as a greyscale image at `dpi`."""
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in doc]
    finally:
        doc.close()


def scan(
    image: Image.Image,
    seed: int,
    angle: float,
    paper: int = 232,
    ink: int = 35,
    blur: float = 0.7,
    noise: float = 6.0,
    specks: int = 120,
    shade: float = 1.0,
) -> Image.Image:
    """A mild scanner look: grey paper with uneven light (`shade`), soft ink, noise, specks, skew."""
    rng = np.random.default_rng(seed)
    page = np.asarray(image, dtype=np.float32) / 255.0
    h, w = page.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - shade * (0.04 * (xx / w) + 0.03 * (yy / h))
    out = (ink + (paper - ink) * page) * light
    out = np.asarray(
        Image.fromarray(out.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(blur)),
        dtype=np.float32,
    )
    out += rng.normal(0.0, noise, out.shape)
    ys, xs = rng.integers(0, h - 3, specks), rng.integers(0, w - 3, specks)
    for y, x, size in zip(ys, xs, rng.integers(1, 3, specks), strict=True):
        out[y : y + size, x : x + size] = rng.uniform(40, 120)
    turned = Image.fromarray(out.clip(0, 255).astype(np.uint8)).rotate(
        angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=paper
    )
    return turned


def bilevel(image: Image.Image, threshold: int = 150) -> Image.Image:
    """Black and white, as a fax or a TIFF scanner in line-art mode gives."""
    return image.point(lambda v: 255 if v > threshold else 0).convert("1", dither=Image.Dither.NONE)


def save_pdf(images: list[Image.Image], path: Path, dpi: int, quality: int = 70) -> None:
    """An image-only PDF (JPEG pages), with fixed dates so reruns give the same bytes."""
    first, rest = images[0], images[1:]
    first.save(
        path,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=float(dpi),
        quality=quality,
        creationDate=FIXED_TIME,
        modDate=FIXED_TIME,
        title="scan",
        producer="scanner",
    )


def save_tiff(images: list[Image.Image], path: Path, dpi: int) -> None:
    """A multi-page TIFF: group4 for bilevel pages, LZW for grey ones."""
    compression = "group4" if images[0].mode == "1" else "tiff_lzw"
    images[0].save(
        path, "TIFF", save_all=True, append_images=images[1:], compression=compression, dpi=(dpi, dpi)
    )
