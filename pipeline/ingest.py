"""Ingest: find the documents among the inputs, check them, and plan their pages.

A file is one document (a multi-page TIFF too); a folder that holds only page images is one
document with its pages in natural name order; any other folder is searched for documents.
Every check that can fail fails here, with a one-line message, before any page work starts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipeline.errors import InputError
from pipeline.model import Document, Line, Page
from schemas.record import Record, Source

if TYPE_CHECKING:
    from pipeline.pdf import PageFact

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt"}
SUPPORTED = IMAGE_SUFFIXES | PDF_SUFFIXES | TEXT_SUFFIXES
MAX_PAGE_PIXELS = 100_000_000
"""A page image above this many pixels is refused (an A0 sheet at 300 dpi is 140 MP of which
we have never seen one; a 200 MP image is a decompression bomb or a mistake)."""
MIN_TEXT_LAYER_CHARS = 40
"""A page with this many text-layer characters is read from its text layer; one with fewer is
too, unless an image covers it (a scan with a stray line of text in its layer): then OCR."""
MAX_GARBAGE_RATIO = 0.2

ItemKind = Literal["pdf", "image", "folder", "text", "unknown"]
PlanKind = Literal["pdf_text", "pdf_raster", "image", "text"]


@dataclass(frozen=True)
class InputItem:
    """One document to convert, as found on disk."""

    path: Path
    kind: ItemKind
    display: str
    """The path as the user will see it in the manifest and in `source.path`."""


@dataclass(frozen=True)
class PagePlan:
    """How to read one page; small and picklable, so a worker process can do it."""

    path: Path
    number: int
    kind: PlanKind
    doc_id: str = ""
    index: int = 0
    """Page index inside a PDF or frame index inside a TIFF."""
    dpi: float | None = None
    paths: int | None = None
    """Drawn path objects on a PDF page, when counted at planning (rules of a table)."""


@dataclass
class Opened:
    document: Document
    plans: list[PagePlan] = field(default_factory=list)


def natural_key(name: str) -> list[object]:
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def _visible(path: Path) -> bool:
    return not path.name.startswith(".")


def is_page_folder(folder: Path) -> bool:
    entries = [p for p in folder.iterdir() if _visible(p)]
    return bool(entries) and all(p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES for p in entries)


def discover(inputs: list[Path]) -> list[InputItem]:
    """The documents among the given files and folders, in a stable order, each once."""
    items: list[InputItem] = []
    seen: set[Path] = set()

    def add(path: Path, kind: ItemKind) -> None:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            items.append(InputItem(path=path, kind=kind, display=str(path)))

    def walk(folder: Path) -> None:
        if is_page_folder(folder):
            add(folder, "folder")
            return
        for child in sorted(filter(_visible, folder.iterdir()), key=lambda p: natural_key(p.name)):
            if child.is_dir():
                walk(child)
            else:
                add(child, kind_of(child))

    for path in inputs:
        if path.is_dir():
            walk(path)
        else:
            add(path, kind_of(path))
    return items


def kind_of(path: Path) -> ItemKind:
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return "unknown"


def page_images(folder: Path) -> list[Path]:
    return sorted((p for p in folder.iterdir() if _visible(p)), key=lambda p: natural_key(p.name))


def sha256_of(item: InputItem) -> str:
    """The content hash: of the file, or of a page folder's (name, content) pairs."""
    digest = hashlib.sha256()
    if item.kind == "folder":
        for page in page_images(item.path):
            digest.update(page.name.encode() + b"\0")
            digest.update(_file_digest(page).encode() + b"\0")
        return digest.hexdigest()
    return _file_digest(item.path)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def doc_id_for(sha256: str) -> str:
    return sha256[:16]


def open_document(item: InputItem, sha256: str) -> Opened:
    """Check the input and plan its pages; raise InputError with a one-line reason."""
    if not item.path.exists():
        raise InputError("no such file or folder")
    if item.kind == "unknown":
        suffix = item.path.suffix or "(none)"
        raise InputError(f"unknown file type {suffix}: expected one of {', '.join(sorted(SUPPORTED))}")
    if item.kind != "folder" and item.path.stat().st_size == 0:
        raise InputError("empty file (0 bytes)")
    if item.kind == "text":
        return _open_text(item, sha256)
    if item.kind == "pdf":
        plans, kind = _plan_pdf(item.path)
    elif item.kind == "image":
        plans, kind = _plan_image(item.path, first_number=1), "image"
    else:
        plans, kind = _plan_folder(item.path), "image"
    if not plans:
        raise InputError("no pages")
    document = _new_document(item, sha256, kind, len(plans))
    plans = [replace(plan, doc_id=document.doc_id) for plan in plans]
    return Opened(document=document, plans=plans)


def _new_document(item: InputItem, sha256: str, kind: str, pages: int) -> Document:
    source = Source(path=item.display, sha256=sha256, kind=kind, pages=pages)
    doc_id = doc_id_for(sha256)
    return Document(doc_id=doc_id, source=source, record=Record(doc_id=doc_id, source=source))


def _open_text(item: InputItem, sha256: str) -> Opened:
    data = item.path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}; re-save the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError("not a text file: it contains NUL bytes")
    chunks = text.split("\f")
    document = _new_document(item, sha256, "text", len(chunks))
    for number, chunk in enumerate(chunks, start=1):
        lines = [Line(page=number, raw=raw, text=raw) for raw in chunk.splitlines()]
        document.pages.append(Page(number=number, source="text", lines=lines))
        document.lines.extend(lines)
    return Opened(document=document, plans=[])


def _plan_pdf(path: Path) -> tuple[list[PagePlan], str]:
    from pipeline import pdf

    plans = [
        PagePlan(path=path, number=fact.number, kind="pdf_text" if text_layer_usable(fact) else "pdf_raster",
                 index=fact.number - 1, dpi=fact.image_dpi, paths=fact.paths)
        for fact in pdf.page_facts(path)
    ]
    kind = "digital_pdf" if plans and all(p.kind == "pdf_text" for p in plans) else "scanned_pdf"
    return plans, kind


def text_layer_usable(fact: PageFact) -> bool:
    """Read this page from its text layer (True) or rasterize and OCR it (False)?

    A text layer of real characters is the page's text unless the page is a scanned image
    with a few characters of text on it; a page with no text at all is OCRed (its words may
    be drawn as outlines).
    """
    if not fact.text_chars or fact.garbage_ratio >= MAX_GARBAGE_RATIO:
        return False
    return fact.text_chars >= MIN_TEXT_LAYER_CHARS or fact.image_dpi is None


def _plan_image(path: Path, first_number: int) -> list[PagePlan]:
    from PIL import Image

    # Pillow's own bomb check fires at twice its default limit, before we can say which size
    # was refused; opening reads only the header, so let ours speak first.
    Image.MAX_IMAGE_PIXELS = 4 * MAX_PAGE_PIXELS
    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            plans = []
            for index in range(frames):
                if frames > 1:
                    image.seek(index)
                width, height = image.size
                if width * height > MAX_PAGE_PIXELS:
                    raise InputError(
                        f"image too large: {width}x{height} = {width * height / 1e6:.0f} megapixels "
                        f"(limit {MAX_PAGE_PIXELS / 1e6:.0f}); scan at 300 dpi"
                    )
                dpi = _image_dpi(image.info.get("dpi"), width, height)
                plans.append(PagePlan(path, first_number + index, "image", index=index, dpi=dpi))
            return plans
    except InputError:
        raise
    except Image.DecompressionBombError as exc:
        raise InputError(f"image too large: {exc}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"unreadable image: {_one_line(exc)}") from None


def _plan_folder(folder: Path) -> list[PagePlan]:
    plans: list[PagePlan] = []
    for image in page_images(folder):
        try:
            plans.extend(_plan_image(image, first_number=len(plans) + 1))
        except InputError as exc:
            raise InputError(f"{image.name}: {exc}") from None
    return plans


def _image_dpi(info_dpi: object, width: int, height: int) -> float:
    """The image's stated resolution, or the one that makes it an A4 page."""
    if isinstance(info_dpi, tuple) and info_dpi and float(info_dpi[0]) >= 50:
        return float(info_dpi[0])
    short_side = min(width, height)
    return round(short_side / 8.27, 1)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
