"""Scanner borders and punch holes: dark shapes at the page's edge that are not text.

Found on the small grey map of `orient.ink_map` (about 150 dpi): a border is dark ink
connected to the image edge that covers a good part of that edge; a punch hole is a dark,
round blot 4-10 mm across within an inch of an edge. Both are painted as paper.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging import components
from pipeline.orient import InkMap

Box = tuple[int, int, int, int]
FRAME_IN = 1.2
"""Borders and holes are looked for this far (inches) from the image's edges."""


def dark_threshold(small: np.ndarray) -> int:
    """Dark means well below the paper: half of the paper's brightness."""
    paper = float(np.percentile(small[::4, ::4], 90))
    return int(paper * 0.5)


def find(ink: InkMap) -> tuple[np.ndarray | None, list[Box]]:
    """A mask of border ink at half the map's resolution (or None), and punch-hole boxes in page
    pixels. `paint` scales the mask to whatever image it paints."""
    # half the analysis map's resolution (~75 dpi) is plenty for shapes a quarter inch and up
    small = cv2.resize(ink.small, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    dpi, scale = ink.dpi * 0.5, ink.scale * 0.5
    dark = (small < dark_threshold(small)).astype(np.uint8)
    frame = int(FRAME_IN * dpi)
    dark[frame:-frame, frame:-frame] = 0  # only the outer inch: text never touches the edge
    count, labels, stats, centroids = components(dark)
    h, w = small.shape
    border_ids = []
    holes: list[Box] = []
    inv = 1.0 / scale
    for i in range(1, count):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        touches = x == 0 or y == 0 or x + bw == w or y + bh == h
        if touches and (bw >= 0.25 * w or bh >= 0.25 * h) and area >= 0.02 * dpi * dpi:
            border_ids.append(i)
            continue
        diameter = max(bw, bh)
        if not 0.15 * dpi <= diameter <= 0.4 * dpi or min(bw, bh) < 0.8 * diameter:
            continue
        if area < 0.6 * bw * bh:  # a disc fills ~78% of its box; a ring or a letter much less
            continue
        cx, cy = centroids[i]
        if min(cx, cy, w - cx, h - cy) > 1.0 * dpi:
            continue
        pad = 0.03 * dpi
        holes.append(
            (int((x - pad) * inv), int((y - pad) * inv), int((x + bw + pad) * inv), int((y + bh + pad) * inv))
        )
    mask = None
    if border_ids:
        mask = np.isin(labels, border_ids).astype(np.uint8)
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    return mask, holes


def paint(grey: np.ndarray, mask: np.ndarray | None, holes: list[Box], paper: int = 255) -> np.ndarray:
    """The page with border ink and punch holes painted as paper."""
    if mask is None and not holes:
        return grey
    out = grey.copy()
    if mask is not None:
        full = cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
        out[full.astype(bool)] = paper
    for x0, y0, x1, y1 in holes:
        out[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = paper
    return out
