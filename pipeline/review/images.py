"""Page previews for review: only OUT/pages/<doc_id>/<n>.jpg, whole, cropped or marked.

Boxes are in the page's coordinate space; times PageInfo.preview_scale they are preview pixels.
Without a preview (a text input) the item shows the lines of text around its words instead.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageDraw

from schemas.record import Box

DOC_ID = re.compile(r"^[0-9a-f]{16}$")
PAGE = re.compile(r"^[0-9]{1,5}$")
PAD = 40
"""Preview pixels of page shown around a field's words (more across, for context)."""
MIN_WIDTH = 480
HIGHLIGHT = (255, 196, 0, 90)
OUTLINE = (214, 40, 40, 255)


def preview_file(out: Path, doc_id: str, page: str | int) -> Path | None:
    """OUT/pages/<doc_id>/<page>.jpg when the names are well-formed and it resolves inside OUT."""
    page = str(page)
    if not DOC_ID.match(doc_id) or not PAGE.match(page):
        return None
    root = out.resolve()
    target = (root / "pages" / doc_id / f"{int(page)}.jpg").resolve()
    if not target.is_relative_to(root / "pages") or not target.is_file():
        return None
    return target


def _scaled(box: Box, scale: float) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = box
    return x0 * scale, top * scale, x1 * scale, bottom * scale


def _mark(image: Image.Image, boxes: list[tuple[float, float, float, float]]) -> Image.Image:
    base = image.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for x0, top, x1, bottom in boxes:
        draw.rectangle((x0 - 2, top - 2, x1 + 2, bottom + 2), fill=HIGHLIGHT, outline=OUTLINE, width=2)
    return Image.alpha_composite(base, layer).convert("RGB")


def render(file: Path, boxes: list[Box], scale: float | None, crop: bool) -> bytes:
    """The preview with `boxes` highlighted; cropped around them (with padding) when `crop`."""
    with Image.open(file) as opened:
        image = opened.convert("RGB")
    scaled = [_scaled(b, scale) for b in boxes] if scale else []
    image = _mark(image, scaled) if scaled else image
    if crop and scaled:
        left = min(b[0] for b in scaled) - PAD * 3
        right = max(b[2] for b in scaled) + PAD * 3
        if right - left < MIN_WIDTH:
            middle = (left + right) / 2
            left, right = middle - MIN_WIDTH / 2, middle + MIN_WIDTH / 2
        top = min(b[1] for b in scaled) - PAD
        bottom = max(b[3] for b in scaled) + PAD
        area = (max(0, int(left)), max(0, int(top)), min(image.width, int(right) + 1),
                min(image.height, int(bottom) + 1))
        if area[2] > area[0] and area[3] > area[1]:
            image = image.crop(area)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def context_lines(text: str, span: tuple[int, int] | None, radius: int = 2) -> list[list[tuple[str, bool]]]:
    """The lines around `span` of `text`, each a list of (piece, highlighted)."""
    if span is None:
        return []
    start, end = span
    first = text.rfind("\n", 0, start) + 1
    for _ in range(radius):
        if first > 0:
            first = text.rfind("\n", 0, first - 1) + 1
    last = text.find("\n", end)
    for _ in range(radius):
        if last != -1:
            last = text.find("\n", last + 1)
    last = len(text) if last == -1 else last
    lines: list[list[tuple[str, bool]]] = []
    cursor = first
    for line in text[first:last].split("\n"):
        line_start, line_end = cursor, cursor + len(line)
        pieces: list[tuple[str, bool]] = []
        hit_start, hit_end = max(start, line_start), min(end, line_end)
        if hit_start < hit_end:
            pieces = [(text[line_start:hit_start], False), (text[hit_start:hit_end], True),
                      (text[hit_end:line_end], False)]
        else:
            pieces = [(line, False)]
        lines.append([p for p in pieces if p[0]])
        cursor = line_end + 1
    return lines
