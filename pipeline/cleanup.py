"""Cleanup: make a page image easy to read before OCR (OpenCV).

Each step is switchable by name (`--cleanup` on the CLI) and is applied only when a cheap test
on a ~150 dpi analysis map (`orient.ink_map`) says the page needs it; `CleanPage.steps` names
the steps that changed the page and `CleanPage.timings` what each cost, so both can be measured.

    resample   150-250 dpi pages up to `target_dpi` (cubic)
    seal       red stamp: read the red channel; grey stamp: wipe the mid-grey ring (pipeline.seal)
    border     scanner borders and punch holes painted as paper (pipeline.margins)
    light      uneven illumination divided out (background from a max filter)
    orient     90°/180°/270° turns from the ink map (pipeline.orient), Tesseract OSD when unsure
    deskew     projection-profile skew, to within 0.1°
    denoise    3×3 median, on grainy pages only (fax, poor scans)
    binarize   Otsu after the light correction (off by default: Tesseract thresholds itself)

Output is an 8-bit grey image at `dpi` (≥ target_dpi × 0.9) in the upright frame.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from pipeline import margins, orient, seal

STEPS = ("resample", "seal", "border", "light", "orient", "deskew", "denoise", "binarize")
DEFAULT_STEPS = ("resample", "seal", "border", "light", "orient", "deskew", "denoise")
ALIASES = {"grey": None, "gray": None, "illumination": "light", "holes": "border", "rotate": "orient"}
MIN_SKEW = 0.15
"""Skews smaller than this (degrees) are left alone: within the 0.2° a deskewed page may keep,
and not worth a full-page resampling (~30 ms)."""
SPECKS = 150.0
"""Grain (ink dots per square inch, see `orient.InkMap.specks`) above which the page is
median-filtered: measured, a clean office scan shows under 100, a fax or a poor scan 300-550;
the filter halves the fax error rate but costs a clean page accuracy and ~4% of OCR time."""
OSD_CONFIDENCE = 2.0
"""Tesseract OSD orientation confidence needed to turn a page our own test could not decide."""
UNEVEN = 0.08
"""Background spread (p2..p98 over its brightest) above which the light is corrected."""

cv2.setNumThreads(1)  # one core per worker process: the batch's pool provides the parallelism


@dataclass(frozen=True)
class CleanupOptions:
    steps: tuple[str, ...] = DEFAULT_STEPS
    target_dpi: float = 300.0
    osd_fallback: bool = True
    """Ask Tesseract OSD when the ink map cannot tell a page's orientation."""

    @classmethod
    def from_names(cls, names: str | None) -> CleanupOptions:
        """'a,b' → those steps; 'none' → none; '' or None → the defaults; 'all' → every step."""
        if not names or not names.strip():
            return cls()
        if names.strip() == "none":
            return cls(steps=())
        if names.strip() == "all":
            return cls(steps=STEPS)
        chosen = []
        for name in (n.strip().lower() for n in names.split(",") if n.strip()):
            name = ALIASES.get(name, name)
            if name is None:
                continue
            if name not in STEPS:
                raise ValueError(f"unknown cleanup step {name}; known: {', '.join(STEPS)}, or none, all")
            chosen.append(name)
        return cls(steps=tuple(s for s in STEPS if s in chosen))


@dataclass
class CleanPage:
    image: np.ndarray
    dpi: float
    rotation: int = 0
    skew: float = 0.0
    steps: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent per step (tests and checks included)."""


class _Clock:
    def __init__(self, page: CleanPage) -> None:
        self.page, self.last = page, time.perf_counter()

    def tick(self, name: str) -> None:
        now = time.perf_counter()
        self.page.timings[name] = round(self.page.timings.get(name, 0.0) + now - self.last, 4)
        self.last = now


def clean(image: np.ndarray, dpi: float | None, options: CleanupOptions | None = None) -> CleanPage:
    options = options or CleanupOptions()
    steps = set(options.steps)
    page = CleanPage(image=image, dpi=float(dpi or options.target_dpi))
    clock = _Clock(page)
    page.image = to_grey(image)
    if image.ndim == 3 and "seal" in steps:
        stamps = seal.red_stamps(image[..., :3], page.dpi)
        if stamps:
            page.image = seal.red_dropout(image, page.image, stamps)
            page.steps.append("seal")
    clock.tick("grey")
    if "resample" in steps and page.dpi < options.target_dpi * 0.9:
        scale = options.target_dpi / page.dpi
        page.image = cv2.resize(page.image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        page.dpi = options.target_dpi
        page.steps.append("resample")
        clock.tick("resample")
    if not steps & {"seal", "border", "light", "orient", "deskew", "denoise"}:
        _finish(page, steps, None, clock)
        return page
    ink = orient.ink_map(page.image, page.dpi)
    clock.tick("analyse")
    if "border" in steps:
        mask, holes = margins.find(ink)
        if mask is not None or holes:
            page.image = margins.paint(page.image, mask, holes)
            ink.small = margins.paint(ink.small, mask, [_scaled(b, ink.scale) for b in holes])
            page.steps.append("border")
        clock.tick("border")
    if "light" in steps:
        background = paper_background(ink.small, ink.dpi)
        if unevenness(background) > UNEVEN:
            page.image = flatten(page.image, background)
            ink.small = flatten(ink.small, background)
            page.steps.append("light")
        clock.tick("light")
    if "seal" in steps and "seal" not in page.steps:
        found = seal.find_grey_seals(ink)
        if found:
            page.image = seal.suppress(page.image, found)
            page.steps.append("seal")
        clock.tick("seal")
    if steps & {"orient", "deskew"}:
        _straighten(page, ink, options, clock)
    _finish(page, steps, ink, clock)
    return page


def _straighten(page: CleanPage, ink: orient.InkMap, options: CleanupOptions, clock: _Clock) -> None:
    """Turn the page upright and level its lines, in one pass over the full image at most."""
    steps = set(options.steps)
    turn, angle = orient.geometry(ink, turns="orient" in steps)
    rotation = turn.rotation
    if "orient" in steps and not turn.sure:
        # too little text to tell up from down: lines are made level, the page is only turned
        # upside down when Tesseract's OSD says so with confidence
        rotation = turn.base
        if options.osd_fallback:
            osd_rotation, confidence = osd_orientation(page.image, page.dpi)
            if confidence >= OSD_CONFIDENCE and osd_rotation % 180 == turn.base % 180:
                rotation = osd_rotation
    clock.tick("orient")
    if rotation:
        page.image = rotate_right_angle(page.image, rotation)
        page.rotation = rotation
        page.steps.append("orient")
    if "deskew" in steps and abs(angle) >= MIN_SKEW:
        page.image = rotate(page.image, angle)
        page.skew = angle
        page.steps.append("deskew")
    clock.tick("deskew")


def _finish(page: CleanPage, steps: set[str], ink: orient.InkMap | None, clock: _Clock) -> None:
    if "denoise" in steps and ink is not None and ink.specks > SPECKS:
        page.image = cv2.medianBlur(page.image, 3)
        page.steps.append("denoise")
        clock.tick("denoise")
    if "binarize" in steps:
        page.image = cv2.threshold(page.image, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
        page.steps.append("binarize")
        clock.tick("binarize")


def to_grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image if image.dtype == np.uint8 else cv2.convertScaleAbs(image)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def paper_background(small: np.ndarray, dpi: float) -> np.ndarray:
    """The paper's brightness at each point: a max filter wider than any stroke, then smoothed."""
    size = max(3, int(dpi * 0.1)) | 1
    background = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    return cv2.blur(background, (size * 3, size * 3))


def unevenness(background: np.ndarray) -> float:
    """Spread of the background over the page as a share of its brightest part."""
    low, high = np.percentile(background[::2, ::2], (2, 98))
    return float((high - low) / max(high, 1.0))


def flatten(grey: np.ndarray, background: np.ndarray) -> np.ndarray:
    """The page divided by its background: paper becomes white, ink keeps its contrast."""
    full = cv2.resize(background, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(full, 1), scale=255)


def rotate_right_angle(image: np.ndarray, clockwise: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[clockwise % 360]) if clockwise % 360 else image


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    """Turn by `angle` degrees counter-clockwise about the centre; new corners are paper."""
    h, w = grey.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    paper = int(np.percentile(grey[::16, ::16], 90))
    return cv2.warpAffine(
        grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=paper
    )


def skew_angle(grey: np.ndarray, dpi: float = 300.0, limit: float = 5.0) -> float:
    """The angle (degrees, counter-clockwise positive) that levels the page's text lines."""
    return orient.skew_angle(orient.ink_map(grey, dpi).ink, limit)


def osd_orientation(grey: np.ndarray, dpi: float) -> tuple[int, float]:
    from pipeline import ocr

    return ocr.orientation(grey, dpi)


def _scaled(box: tuple[int, int, int, int], scale: float) -> tuple[int, int, int, int]:
    return tuple(int(v * scale) for v in box)  # type: ignore[return-value]
