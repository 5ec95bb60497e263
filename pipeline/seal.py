"""Seal (stamp) suppression: the red of a colour stamp, the mid-grey ring of a grey scan.

On a colour page a red stamp's box is read from the red channel (a "dropout colour"): black
text stays black there, the red ink turns as light as the paper. On a grey page a seal is a ring about an
inch across, lighter than the text it is stamped over; inside its box every pixel lighter than
midway between the text's ink and the seal's ink becomes paper, so the text over it remains.
Both run only when the page shows a seal: a red mark of stamp size, or a ring-shaped component.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.imaging import components
from pipeline.orient import InkMap

MIN_GAP = 25
"""Grey levels by which a seal must be lighter than the text to be told apart from it."""


SAMPLE = 4
"""Red is looked for on every SAMPLE-th pixel of every SAMPLE-th row."""


def red_stamps(rgb: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (page pixels) of red marks at least 0.4 in across: stamps, not red words or lines."""
    sample = rgb[::SAMPLE, ::SAMPLE].astype(np.int16)
    r, g, b = sample[..., 0], sample[..., 1], sample[..., 2]
    red = ((r - np.maximum(g, b) > 60) & (r > 120)).astype(np.uint8)
    if red.sum() < 50:
        return []
    step = dpi / SAMPLE
    red = cv2.dilate(red, np.ones((3, 3), np.uint8))  # a ring's strokes, broken by text, into one
    count, _, stats, _ = components(red)
    boxes = []
    for x, y, w, h, _area in stats[1:count]:
        if w >= 0.4 * step and h >= 0.4 * step:
            pad = 2
            boxes.append(
                (
                    int((x - pad) * SAMPLE),
                    int((y - pad) * SAMPLE),
                    int((x + w + pad) * SAMPLE),
                    int((y + h + pad) * SAMPLE),
                )
            )
    return boxes


def red_dropout(rgb: np.ndarray, grey: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The grey page with each red stamp's box read from the red channel, where black text stays
    black and red ink turns as light as the paper. Red words elsewhere stay readable."""
    out = grey.copy()
    height, width = grey.shape
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
        out[y0:y1, x0:x1] = rgb[y0:y1, x0:x1, 0]
    return out


@dataclass(frozen=True)
class Seal:
    box: tuple[int, int, int, int]
    """x0, y0, x1, y1 in the full page image."""
    text_level: float
    seal_level: float

    @property
    def cut(self) -> float:
        return (self.text_level + self.seal_level) / 2


def find_grey_seals(ink: InkMap) -> list[Seal]:
    """Ring-shaped ink components 0.6-2.6 in across whose ink is clearly lighter than the text's."""
    dpi, inv = ink.dpi, 1.0 / ink.scale
    text_pixels = ink.small[ink.ink.astype(bool)]
    if text_pixels.size < 500:
        return []
    text_level = float(np.percentile(text_pixels, 25))  # the strokes' core, not their soft edges
    seals = []
    for row, label in zip(ink.large, ink.large_ids, strict=True):
        x, y, w, h, area = (int(v) for v in row)
        if not (0.6 * dpi <= w <= 2.6 * dpi and 0.6 * dpi <= h <= 2.6 * dpi and 0.7 <= w / h <= 1.4):
            continue
        if area / (w * h) > 0.5:  # a ring or a ring with letters is mostly empty inside its box
            continue
        region = ink.labels[y : y + h, x : x + w] == label
        seal_level = float(np.median(ink.small[y : y + h, x : x + w][region]))
        if seal_level - text_level < MIN_GAP:
            continue
        pad = 0.06 * max(w, h)
        box = (int((x - pad) * inv), int((y - pad) * inv), int((x + w + pad) * inv), int((y + h + pad) * inv))
        seals.append(Seal(box=box, text_level=text_level, seal_level=seal_level))
    return seals


def suppress(grey: np.ndarray, seals: list[Seal], paper: int = 255) -> np.ndarray:
    """Inside each seal's box, pixels lighter than the cut between text and seal become paper."""
    out = grey.copy() if seals else grey
    height, width = grey.shape[:2]
    for seal in seals:
        x0, y0, x1, y1 = (
            max(0, seal.box[0]),
            max(0, seal.box[1]),
            min(width, seal.box[2]),
            min(height, seal.box[3]),
        )
        region = out[y0:y1, x0:x1]
        region[region > seal.cut] = paper
    return out
