"""Cleanup: make a page image easy to read before OCR (OpenCV).

Each step is switchable by name (`--cleanup` on the CLI) and reports whether it changed the
page, so its effect can be measured. Output is an 8-bit grey image at `target_dpi`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from pipeline import ocr

STEPS = ("grey", "resample", "orient", "deskew")
DEFAULT_STEPS = STEPS


@dataclass(frozen=True)
class CleanupOptions:
    steps: tuple[str, ...] = DEFAULT_STEPS
    target_dpi: float = 300.0

    @classmethod
    def from_names(cls, names: str | None) -> CleanupOptions:
        if not names:
            return cls()
        if names.strip() == "none":
            return cls(steps=("grey",))
        chosen = tuple(n.strip() for n in names.split(",") if n.strip())
        unknown = [n for n in chosen if n not in STEPS]
        if unknown:
            raise ValueError(f"unknown cleanup step {', '.join(unknown)}; known: {', '.join(STEPS)}")
        return cls(steps=("grey", *[n for n in chosen if n != "grey"]))


@dataclass
class CleanPage:
    image: np.ndarray
    dpi: float
    rotation: int = 0
    skew: float = 0.0
    steps: list[str] = field(default_factory=list)


def clean(image: np.ndarray, dpi: float | None, options: CleanupOptions | None = None) -> CleanPage:
    options = options or CleanupOptions()
    page = CleanPage(image=to_grey(image), dpi=float(dpi or options.target_dpi))
    if "resample" in options.steps and page.dpi < options.target_dpi * 0.9:
        scale = options.target_dpi / page.dpi
        page.image = cv2.resize(page.image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        page.dpi = options.target_dpi
        page.steps.append("resample")
    if "orient" in options.steps:
        rotation, confidence = ocr.orientation(page.image)
        if rotation and confidence >= 1.5:
            page.image = rotate_right_angle(page.image, rotation)
            page.rotation = rotation
            page.steps.append("orient")
    if "deskew" in options.steps:
        angle = skew_angle(page.image)
        if abs(angle) >= 0.1:
            page.image = rotate(page.image, angle)
            page.skew = angle
            page.steps.append("deskew")
    return page


def to_grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image if image.dtype == np.uint8 else cv2.convertScaleAbs(image)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def rotate_right_angle(image: np.ndarray, clockwise: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[clockwise % 360]) if clockwise % 360 else image


def skew_angle(grey: np.ndarray, limit: float = 5.0) -> float:
    """The text's skew in degrees (counter-clockwise positive), from a projection-profile search."""
    small = grey if grey.shape[1] <= 1200 else cv2.resize(grey, None, fx=1200 / grey.shape[1],
                                                          fy=1200 / grey.shape[1], interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def score(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
        profile = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-limit, limit + 0.01, 0.5), key=score)
    fine = max(np.arange(best - 0.5, best + 0.51, 0.1), key=score)
    return round(float(fine), 2)


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    h, w = grey.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
