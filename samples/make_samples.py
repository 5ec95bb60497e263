"""Make the sample inputs in samples/inputs and the values they hold in samples/expected.

    python samples/make_samples.py [--out samples]

Six invented documents, one per input form the pipeline accepts:

  kh-so-digital.pdf      born-digital PDF with a text layer and a ruled appendix table
  qd-scan.pdf            a Quyết định and the plan it issues, scanned (image-only PDF)
  kh-xa-trang/           page images of one plan, p9.png and p10.png (natural order ≠ sort)
  kh-phong-noi-vu.tif    multi-page bilevel TIFF (group4)
  kh-ksbt-anh.jpg        a one-page plan photographed/scanned to JPEG
  kh-legacy-ocr.txt      a plan's text as legacy English-model OCR left it

Deterministic: fixed seeds, fixed PDF dates; a rerun gives the same files.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from samples import raster  # noqa: E402
from samples.content import QD_SON_NGUYEN, SO_KHCN  # noqa: E402
from samples.content_legacy import SO_NNMT_SON_NGUYEN  # noqa: E402
from samples.content_local import PHONG_NOI_VU_DAI_LAM, TT_KSBT_HA_LAM, XA_PHU_LUONG_DONG  # noqa: E402
from samples.layout import render  # noqa: E402
from samples.legacy import legacy_text  # noqa: E402
from samples.spec import Document, expected  # noqa: E402


def digital_pdf(doc: Document, target: Path) -> int:
    data = render(doc)
    target.write_bytes(data)
    return len(raster.page_images(data, 10))


def scanned_pdf(doc: Document, target: Path) -> int:
    dpi = 200
    pages = raster.page_images(render(doc), dpi)
    angles = [0.9, -0.6, 1.1, -0.8]
    scans = [raster.scan(p, seed=100 + i, angle=angles[i % len(angles)]) for i, p in enumerate(pages)]
    raster.save_pdf(scans, target, dpi, quality=65)
    return len(scans)


def image_folder(doc: Document, target: Path, first: int = 9) -> int:
    """One PNG per page named p9.png, p10.png, ...: plain sort puts p10 before p9."""
    dpi = 200
    target.mkdir(parents=True)
    pages = raster.page_images(render(doc), dpi)
    for i, page in enumerate(pages):
        img = raster.scan(page, seed=200 + i, angle=-0.7 + 0.5 * i, noise=0.0, specks=40, shade=0.0)
        img = _posterize(img)
        img.save(target / f"p{first + i}.png", optimize=True, dpi=(dpi, dpi))
    return len(pages)


def _posterize(img: Image.Image) -> Image.Image:
    """16 grey levels: keeps the PNGs small without visible banding on text."""
    return img.point(lambda v: (v // 16) * 17)


def tiff(doc: Document, target: Path) -> int:
    dpi = 300
    pages = raster.page_images(render(doc), dpi)
    scans = [
        raster.bilevel(raster.scan(p, seed=300 + i, angle=0.5, noise=5.0, specks=60), 140)
        for i, p in enumerate(pages)
    ]
    raster.save_tiff(scans, target, dpi)
    return len(scans)


def jpeg(doc: Document, target: Path) -> int:
    dpi = 200
    pages = raster.page_images(render(doc), dpi)
    assert len(pages) == 1, "the .jpg sample is a one-page document"
    img = raster.scan(pages[0], seed=400, angle=-1.2, paper=226, blur=0.9, noise=5.0)
    img.convert("RGB").save(target, "JPEG", quality=80, dpi=(dpi, dpi))
    return 1


def text(doc: Document, target: Path) -> int:
    target.write_text(legacy_text(doc, seed=2025), encoding="utf-8")
    return 1


Maker = Callable[[Document, Path], int]
SAMPLES: list[tuple[str, Document, str, Maker]] = [
    ("kh-so-digital.pdf", SO_KHCN, "digital_pdf", digital_pdf),
    ("qd-scan.pdf", QD_SON_NGUYEN, "scanned_pdf", scanned_pdf),
    ("kh-xa-trang", XA_PHU_LUONG_DONG, "image", image_folder),
    ("kh-phong-noi-vu.tif", PHONG_NOI_VU_DAI_LAM, "image", tiff),
    ("kh-ksbt-anh.jpg", TT_KSBT_HA_LAM, "image", jpeg),
    ("kh-legacy-ocr.txt", SO_NNMT_SON_NGUYEN, "text", text),
]


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "samples", help="folder for inputs/ and expected/")
    args = parser.parse_args(argv)
    inputs, expect = args.out / "inputs", args.out / "expected"
    inputs.mkdir(parents=True, exist_ok=True)
    expect.mkdir(parents=True, exist_ok=True)
    total_pages = total_bytes = 0
    for name, doc, kind, make in SAMPLES:
        target = inputs / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        pages = make(doc, target)
        record = {"input": name, **expected(doc, kind, pages)}
        (expect / f"{name}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        size = size_of(target)
        total_pages, total_bytes = total_pages + pages, total_bytes + size
        print(f"{name:<24} {kind:<12} {pages:>2} page(s) {size / 1024:>8.0f} KiB")
    print(f"{'total':<24} {'':<12} {total_pages:>2} page(s) {total_bytes / 1024:>8.0f} KiB")


if __name__ == "__main__":
    main()
