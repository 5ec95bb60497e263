"""Page geometry from a small ink map: text direction, right-angle turn, and skew.

Everything here works on a ~150 dpi binary map of character-sized ink (`InkMap`), built once
per page in a few tens of milliseconds, so orientation costs far less than a Tesseract OSD run:

* axis: text lines give a strongly modulated row profile inside narrow vertical strips, and
  a flat one across them; a page fed in sideways shows it the other way round;
* up or down: above the x-height band of a line of Vietnamese (or Latin) text sits much more
  ink (ascenders, capitals, the tone and vowel marks) than below it (descenders, dot below),
  so the ratio tells an upright line from one turned 180°;
* skew: the angle whose rotated row profile of the ink is sharpest.

When the evidence is weak (a near-empty page, a drawing), `Turn.sure` is False and the caller
may ask Tesseract OSD instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.imaging import components

WORK_DPI = 150.0
"""Resolution of the analysis map: enough to see tone marks, small enough to be cheap."""
MIN_BANDS = 10
"""Text-line pieces needed before the up/down ratio is considered at all."""
SKEW_POINTS = 40_000
"""Ink pixels sampled for the skew search: plenty for a 0.05° step, a few ms per pass."""
SURE_EVIDENCE = 2.5
"""|ln(ratio)| × √pieces needed for a sure verdict: an upright text page scores about 10, a
page of two lines or of digits only stays below and is left to Tesseract OSD."""


@dataclass
class InkMap:
    ink: np.ndarray
    """uint8 0/1 map of character-sized ink components at `scale` × the page's resolution."""
    scale: float
    dpi: float
    small: np.ndarray
    """The grey page at the map's resolution."""
    large: np.ndarray
    """Stats rows (x, y, w, h, area) of the ink components too large to be letters."""
    labels: np.ndarray
    """Component labels of the thresholded map (index into the stats `large` rows came from)."""
    large_ids: np.ndarray
    specks: float
    """Ink dots of one or two map pixels per square inch: scanner or fax grain when in hundreds."""


@dataclass(frozen=True)
class Turn:
    rotation: int
    """Clockwise degrees to turn the page to make it upright (0, 90, 180, 270): the best guess."""
    base: int
    """The turn that makes the lines horizontal without deciding up from down (0 or 90)."""
    ratio: float
    """Ink above / below the x-height band once turned; > 1 for upright text."""
    bands: int
    sure: bool


def ink_map(grey: np.ndarray, dpi: float) -> InkMap:
    """Character-sized ink at WORK_DPI: adaptive threshold (uneven light safe), then components
    of letter size only, so seal rings, rules, borders and specks do not vote."""
    scale = min(1.0, WORK_DPI / dpi)
    small = grey if scale == 1.0 else cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    work = dpi * scale
    block = _odd(work / 5)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)
    count, labels, stats, _ = components(ink)
    width, height, area = stats[:, 2], stats[:, 3], stats[:, 4]
    keep = (height <= 0.5 * work) & (width <= 0.6 * work) & (area >= 3)
    keep[0] = False
    large = ~keep & (area >= 3)
    large[0] = False
    ids = np.flatnonzero(large)
    specks = float(np.count_nonzero(area[1:] <= 2)) / (small.shape[0] * small.shape[1] / work**2)
    return InkMap(
        ink=np.take(keep.astype(np.uint8), labels),
        scale=scale,
        dpi=work,
        small=small,
        large=stats[ids],
        labels=labels,
        large_ids=ids,
        specks=specks,
    )


def text_is_vertical(ink: InkMap) -> bool:
    """True when the text lines run top to bottom (the page was fed in sideways)."""
    return _modulation(ink.ink.T, ink.dpi) > _modulation(ink.ink, ink.dpi)


def _modulation(mask: np.ndarray, dpi: float) -> float:
    """Mean squared coefficient of variation of the row profiles of one-inch vertical strips."""
    strip = max(8, int(dpi))
    width = mask.shape[1] // strip * strip
    if width == 0:
        return 0.0
    profiles = mask[:, :width].reshape(mask.shape[0], -1, strip).sum(axis=2, dtype=np.float64)
    means = profiles.mean(axis=0)
    used = means > 0.5
    if not used.any():
        return 0.0
    cv2_ = profiles[:, used].var(axis=0) / means[used] ** 2
    return float(np.average(cv2_, weights=profiles[:, used].sum(axis=0)))


def up_down(ink: np.ndarray, dpi: float) -> tuple[float, int]:
    """Ink above / below the x-height band over all line pieces of one-inch strips, and the
    number of pieces. Strips keep a residual skew or a two-column band from blurring lines."""
    strip = max(8, int(dpi))
    lo, hi = 0.06 * dpi, 0.35 * dpi
    above = below = 0.0
    bands = 0
    for x in range(0, max(1, ink.shape[1] - strip // 2), strip):
        profile = ink[:, x : x + strip].sum(axis=1, dtype=np.float64)
        on = np.concatenate(([0], (profile > 0).astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(on))
        for start, stop in zip(edges[::2], edges[1::2], strict=True):
            band = profile[start:stop]
            if not lo <= len(band) <= hi or band.sum() <= 20:
                continue
            core = np.flatnonzero(band >= 0.5 * band.max())
            above += band[: core[0]].sum()
            below += band[core[-1] + 1 :].sum()
            bands += 1
    return (above + 1.0) / (below + 1.0), bands


def skew_angle(ink: np.ndarray, limit: float = 5.0) -> float:
    """Degrees to rotate (counter-clockwise positive, as cv2) to make the lines level.

    Projection of the ink pixels on the rotated vertical axis, searched in steps of 0.5°, 0.1°
    then 0.025°; the row profile is sharpest when lines are level. All angles of a search run in one
    vectorised pass over a sample of at most SKEW_POINTS ink pixels.
    """
    points = cv2.findNonZero(ink)  # (x, y) in raster order, as np.nonzero, in a third of its time
    if points is None or len(points) < 200:
        return 0.0
    points = points.reshape(-1, 2)
    xs, ys = points[:, 0], points[:, 1]
    if len(xs) > SKEW_POINTS:
        pick = np.random.default_rng(0).choice(len(xs), SKEW_POINTS, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs = xs.astype(np.float32) - ink.shape[1] / 2
    ys = ys.astype(np.float32) - ink.shape[0] / 2
    rows = ink.shape[0] + ink.shape[1]

    def best(angles: np.ndarray) -> float:
        theta = np.deg2rad(angles.astype(np.float32))[:, None]
        # a point at (x, y) lands on row y' = y cos - x sin once the image turns by `angle` (ccw)
        level = (ys * np.cos(theta) - xs * np.sin(theta) + rows / 2).astype(np.int64)
        level += np.arange(len(angles))[:, None] * rows
        profiles = np.bincount(level.ravel(), minlength=len(angles) * rows).reshape(len(angles), rows)
        sharpness = np.square(np.diff(profiles.astype(np.float64), axis=1)).sum(axis=1)
        return float(angles[int(np.argmax(sharpness))])

    coarse = best(np.arange(-limit, limit + 1e-9, 0.5))
    fine = best(np.arange(coarse - 0.4, coarse + 0.4 + 1e-9, 0.1))
    return round(best(np.arange(fine - 0.075, fine + 0.075 + 1e-9, 0.025)), 3)


def turn_ink(ink: np.ndarray, clockwise: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(ink, codes[clockwise % 360]) if clockwise % 360 else ink


def rotate_small(ink: np.ndarray, angle: float) -> np.ndarray:
    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)


def geometry(ink: InkMap, limit: float = 5.0, turns: bool = True) -> tuple[Turn, float]:
    """The right-angle turn and the skew (degrees ccw, applied after the turn) of a page.
    With `turns` False the page is taken as upright and only its skew is measured."""
    if not turns:
        return Turn(rotation=0, base=0, ratio=1.0, bands=0, sure=True), skew_angle(ink.ink, limit)
    base = 90 if text_is_vertical(ink) else 0
    mask = turn_ink(ink.ink, base)
    angle = skew_angle(mask, limit)
    # within a one-inch strip a skew under half a degree moves a line by under 1.5 px: no need to level
    level = rotate_small(mask, angle) if abs(angle) >= 0.5 else mask
    ratio, bands = up_down(level, ink.dpi)
    rotation = base if ratio >= 1.0 else (base + 180) % 360
    if rotation != base:
        ratio = 1.0 / ratio
    sure = bands >= MIN_BANDS and math.log(ratio) * math.sqrt(bands) >= SURE_EVIDENCE
    # a half turn about the centre commutes with the skew rotation: the angle stays as measured
    return Turn(rotation=rotation, base=base, ratio=round(float(ratio), 3), bands=bands, sure=sure), angle


def _odd(value: float) -> int:
    n = max(3, int(round(value)))
    return n if n % 2 else n + 1
