"""Ruled tables on page images: rulings by OpenCV morphology, then a grid of cells with merges.

A ruling is a cluster of long ink runs along one axis, fitted as a straight line (position at
the table's centre, slope), so a slightly skewed or warped scan still gives one ruling per rule.
The grid is every horizontal × vertical ruling; an interior boundary between two elementary
cells that has no ink along it means the two are one merged cell. Cell text comes from the
page's OCR words (`grid_text`). Positions are in the cleaned page image's pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.grid_text import fill_text
from pipeline.imaging import components
from pipeline.model import Cell, Page, TableGrid

MIN_RUN_IN = 0.25
"""A ruling piece is an ink run at least this long (inches)."""
GAP_IN = 0.04
"""Breaks in a rule up to this long (inches) are bridged: fax and scan noise."""
MERGE_IN = 0.03
"""Pieces whose positions differ by at most this (inches) are one ruling."""
PRESENT = 0.5
"""An interior boundary exists when ink covers at least this share of it."""
GATE_SLACK = 0.8
"""The half-resolution look for rules (`_may_hold_table`) accepts rules this much shorter than
the full-resolution search requires, so as not to turn away a page that search would accept
(measured: the same grids with and without the look on all 58 pages of the dev scans)."""


@dataclass
class Ruling:
    """A straight rule: `pos` is its offset at the table centre, `slope` its drift per pixel along it."""

    pos: float
    slope: float
    lo: float
    hi: float
    virtual: bool = False

    def at(self, t: float, centre: float) -> float:
        return self.pos + self.slope * (t - centre)


def find_tables(grey: np.ndarray, page: Page) -> list[TableGrid]:
    """The ruled tables on a cleaned page image, with cells and their text (from `page`'s words)."""
    if grey.ndim == 3:
        grey = cv2.cvtColor(grey, cv2.COLOR_RGB2GRAY)
    found, ink, rules = _detect(grey, page.dpi or 300.0, page.number)
    if found:
        rules = cv2.dilate(rules, np.ones((5, 5), np.uint8))
        text_ink = cv2.bitwise_and(ink, cv2.bitwise_not(rules))
        unruled = grey.copy()
        unruled[rules > 0] = 255
        for table in found:
            fill_text(table, page, unruled, text_ink)
    return found


def detect(grey: np.ndarray, dpi: float, number: int) -> list[TableGrid]:
    """The ruled grids on a grey page image, top to bottom, cells without text."""
    return _detect(grey, dpi, number)[0]


def masks(grey: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """The page's ink and its rules, as 0/255 masks."""
    ink = _ink(grey, dpi)
    return ink, _line_mask(ink, dpi, horizontal=True) | _line_mask(ink, dpi, horizontal=False)


def _detect(grey: np.ndarray, dpi: float, number: int) -> tuple[list[TableGrid], np.ndarray, np.ndarray]:
    """Grids, the page's ink and its rules (0/255 masks; not computed, 0×0, when a first look at
    half size finds too few rules for a grid)."""
    none: list[TableGrid] = []
    if not _may_hold_table(grey, dpi):
        empty = np.zeros((0, 0), np.uint8)
        return none, empty, empty
    ink = _ink(grey, dpi)
    horiz = _line_mask(ink, dpi, horizontal=True)
    if not _has_rules(horiz, None, dpi):
        return none, ink, horiz
    vert = _line_mask(ink, dpi, horizontal=False)
    if not _has_rules(horiz, vert, dpi):
        return none, ink, horiz
    tables = []
    for box in _regions(horiz, vert, dpi):
        table = _table(box, horiz, vert, dpi, number)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: t.box[1] if t.box else 0.0), ink, horiz | vert


def _may_hold_table(grey: np.ndarray, dpi: float) -> bool:
    """The rule test of `_detect` on a half-size copy, with some slack: most pages have no grid,
    and this look costs a quarter of the full-resolution one."""
    half = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = _ink(half, dpi / 2)
    horiz = _line_mask(ink, dpi / 2, horizontal=True)
    if not _has_rules(horiz, None, dpi / 2, GATE_SLACK):
        return False
    return _has_rules(horiz, _line_mask(ink, dpi / 2, horizontal=False), dpi / 2, GATE_SLACK)


def _has_rules(horiz: np.ndarray, vert: np.ndarray | None, dpi: float, slack: float = 1.0) -> bool:
    """Two horizontal rules an inch long and (when `vert` is given) two vertical ones 0.3 inch long."""
    if _long_runs(horiz, horizontal=True, min_len=dpi * 1.0 * slack) < 2:
        return False
    return vert is None or _long_runs(vert, horizontal=False, min_len=dpi * 0.3 * slack) >= 2


def _ink(grey: np.ndarray, dpi: float) -> np.ndarray:
    return cv2.adaptiveThreshold(
        grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, _odd(dpi / 10), 15
    )


def _odd(value: float) -> int:
    n = max(3, int(value))
    return n if n % 2 else n + 1


def _line_mask(ink: np.ndarray, dpi: float, horizontal: bool) -> np.ndarray:
    run = max(15, int(dpi * MIN_RUN_IN))
    gap = max(3, int(dpi * GAP_IN))
    shape = (run, 1) if horizontal else (1, run)
    mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, shape))
    bridge = (gap, 1) if horizontal else (1, gap)
    return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))


def _long_runs(mask: np.ndarray, horizontal: bool, min_len: float) -> int:
    """How many rule pieces are at least `min_len` long (counted on a quarter-size copy: cheap)."""
    small = cv2.resize(mask, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    n, _, stats, _ = components((small > 0).astype(np.uint8))
    size = stats[1:, cv2.CC_STAT_WIDTH if horizontal else cv2.CC_STAT_HEIGHT]
    return int((size >= min_len / 4).sum())


def _regions(horiz: np.ndarray, vert: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of connected rule structures big enough to be a table (found on
    a quarter-size copy, where labelling costs a sixteenth)."""
    height, width = horiz.shape
    small = cv2.resize(horiz | vert, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    joined = cv2.dilate((small > 0).astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    n, _, stats, _ = components(joined)
    boxes = []
    for i in range(1, n):
        x, y, w, h = (int(v) * 4 for v in stats[i, :4])
        if w >= dpi * 1.0 and h >= dpi * 0.2:
            boxes.append((max(0, x - 4), max(0, y - 4), min(width, x + w + 4), min(height, y + h + 4)))
    return boxes


def _segments(mask: np.ndarray, horizontal: bool, min_len: float) -> list[tuple[float, float, float, float]]:
    """Pieces of rule in a region as (along0, along1, slope, offset at the piece's middle)."""
    n, labels, stats, _ = components(mask)
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        length = w if horizontal else h
        if length < min_len:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        along, across = (xs + x, ys + y) if horizontal else (ys + y, xs + x)
        step = max(1, along.size // 2000)
        along, across = along[::step].astype(float), across[::step].astype(float)
        slope = float(np.polyfit(along, across, 1)[0]) if length > 20 else 0.0
        mid = (along.min() + along.max()) / 2
        out.append(
            (
                float(along.min()),
                float(along.max()),
                slope,
                float(np.median(across)) + slope * (mid - float(np.median(along))),
            )
        )
    return out


def _rulings(segments: list[tuple[float, float, float, float]], centre: float, tol: float) -> list[Ruling]:
    """Cluster pieces into rulings by their offset at `centre`, using the pieces' common slope."""
    if not segments:
        return []
    long_ones = sorted(segments, key=lambda s: s[1] - s[0], reverse=True)[: max(3, len(segments) // 2)]
    slope = float(np.median([s[2] for s in long_ones]))
    slope = max(-0.05, min(0.05, slope))
    keyed = sorted(((s[3] + slope * (centre - (s[0] + s[1]) / 2), s) for s in segments), key=lambda k: k[0])
    groups: list[list[tuple[float, tuple[float, float, float, float]]]] = []
    for key in keyed:
        if groups and key[0] - groups[-1][-1][0] <= tol:
            groups[-1].append(key)
        else:
            groups.append([key])
    rulings = []
    for group in groups:
        weights = np.array([s[1] - s[0] for _, s in group])
        pos = float(np.average([k for k, _ in group], weights=weights))
        rulings.append(Ruling(pos, slope, min(s[0] for _, s in group), max(s[1] for _, s in group)))
    return rulings


def _touches(a: Ruling, b: Ruling, ca: float, cb: float, tol: float) -> bool:
    """Whether ruling `a` crosses or ends on ruling `b` (they are on different axes)."""
    t_b = b.at(a.pos, ca)  # where b stands along a's direction, near a's offset
    t_a = a.at(t_b, cb)  # where a stands along b's direction, at that point
    return a.lo - tol <= t_b <= a.hi + tol and b.lo - tol <= t_a <= b.hi + tol


def _connected(
    rows: list[Ruling], cols: list[Ruling], cx: float, cy: float, tol: float
) -> tuple[list[Ruling], list[Ruling]]:
    """Keep the rulings that meet at least two rulings of the other axis (drops underlines)."""
    for _ in range(2):
        rows = [r for r in rows if sum(_touches(r, c, cy, cx, tol) for c in cols) >= 2]
        cols = [c for c in cols if sum(_touches(c, r, cx, cy, tol) for r in rows) >= 2]
    return rows, cols


def _close_borders(rows: list[Ruling], cols: list[Ruling], cx: float, cy: float, dpi: float) -> None:
    """Add a missing outer rule where the other axis's rulings run on past the last one."""
    reach = dpi * 0.15
    if rows and cols:
        top, bottom = min(c.lo for c in cols), max(c.hi for c in cols)
        left, right = min(r.lo for r in rows), max(r.hi for r in rows)
        slope_r, slope_c = rows[0].slope, cols[0].slope
        if rows[0].pos - top > reach:
            rows.insert(0, Ruling(top, slope_r, left, right, virtual=True))
        if bottom - rows[-1].pos > reach:
            rows.append(Ruling(bottom, slope_r, left, right, virtual=True))
        if cols[0].pos - left > reach:
            cols.insert(0, Ruling(left, slope_c, top, bottom, virtual=True))
        if right - cols[-1].pos > reach:
            cols.append(Ruling(right, slope_c, top, bottom, virtual=True))


def _table(
    box: tuple[int, int, int, int], horiz: np.ndarray, vert: np.ndarray, dpi: float, number: int
) -> TableGrid | None:
    x0, y0, x1, y1 = box
    pad = 4
    x0, y0 = max(0, x0 - pad), max(0, y0 - pad)
    x1, y1 = min(horiz.shape[1], x1 + pad), min(horiz.shape[0], y1 + pad)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    tol = max(4.0, dpi * MERGE_IN)
    min_len = dpi * MIN_RUN_IN
    h_sub = np.zeros_like(horiz)
    v_sub = np.zeros_like(vert)
    h_sub[y0:y1, x0:x1] = horiz[y0:y1, x0:x1]
    v_sub[y0:y1, x0:x1] = vert[y0:y1, x0:x1]
    rows = _rulings(_segments(h_sub[y0:y1, x0:x1], True, min_len), cx - x0, tol)
    cols = _rulings(_segments(v_sub[y0:y1, x0:x1], False, min_len * 0.5), cy - y0, tol)
    rows = [_shift(r, y0, x0) for r in rows]
    cols = [_shift(c, x0, y0) for c in cols]
    rows, cols = _connected(rows, cols, cx, cy, dpi * 0.05)
    _close_borders(rows, cols, cx, cy, dpi)
    rows = _drop_close(rows, dpi * 0.1)
    cols = _drop_close(cols, dpi * 0.1)
    if len(rows) < 2 or len(cols) < 3:
        return None
    xs, ys = _corners(rows, cols, cx, cy)
    cells = _cells(rows, cols, xs, ys, h_sub, v_sub, dpi)
    table_box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
    return TableGrid(
        page=number,
        box=table_box,
        n_rows=len(rows) - 1,
        n_cols=len(cols) - 1,
        cells=cells,
        method="image_ruling",
    )


def _shift(r: Ruling, across: int, along: int) -> Ruling:
    return Ruling(r.pos + across, r.slope, r.lo + along, r.hi + along, r.virtual)


def _drop_close(rulings: list[Ruling], gap: float) -> list[Ruling]:
    """Two rulings closer than a text line are a double rule: keep the real (or longer) one."""
    out: list[Ruling] = []
    for r in sorted(rulings, key=lambda r: r.pos):
        if out and r.pos - out[-1].pos < gap:
            keep = max((out[-1], r), key=lambda q: (not q.virtual, q.hi - q.lo))
            out[-1] = keep
        else:
            out.append(r)
    return out


def _corners(rows: list[Ruling], cols: list[Ruling], cx: float, cy: float) -> tuple[np.ndarray, np.ndarray]:
    """Intersections of every row ruling (y = f(x)) with every column ruling (x = g(y))."""
    xs = np.zeros((len(rows), len(cols)))
    ys = np.zeros((len(rows), len(cols)))
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            x = (c.pos + c.slope * (r.pos - r.slope * cx - cy)) / (1 - c.slope * r.slope)
            xs[i, j], ys[i, j] = x, r.at(x, cx)
    return xs, ys


def _coverage(mask: np.ndarray, pts: np.ndarray, band: int, horizontal: bool) -> float:
    """Share of sample points with rule ink within `band` pixels across the rule."""
    if len(pts) == 0:
        return 1.0
    h, w = mask.shape
    hits = 0
    for x, y in pts:
        xi, yi = int(round(x)), int(round(y))
        if horizontal:
            strip = mask[max(0, yi - band) : min(h, yi + band + 1), min(max(xi, 0), w - 1)]
        else:
            strip = mask[min(max(yi, 0), h - 1), max(0, xi - band) : min(w, xi + band + 1)]
        hits += bool(strip.any())
    return hits / len(pts)


def _cells(
    rows: list[Ruling],
    cols: list[Ruling],
    xs: np.ndarray,
    ys: np.ndarray,
    horiz: np.ndarray,
    vert: np.ndarray,
    dpi: float,
) -> list[Cell]:
    n_rows, n_cols = len(rows) - 1, len(cols) - 1
    parent = list(range(n_rows * n_cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    band = max(2, int(dpi * 0.012))
    margin = dpi * 0.03
    for i in range(n_rows):
        for j in range(1, n_cols):  # vertical boundary left of column j in row i
            if cols[j].virtual:
                continue
            ya, yb = ys[i, j] + margin, ys[i + 1, j] - margin
            pts = _sample((xs[i, j], ya), (xs[i + 1, j], yb), dpi)
            if _coverage(vert, pts, band, horizontal=False) < PRESENT:
                parent[find(i * n_cols + j)] = find(i * n_cols + j - 1)
    for i in range(1, n_rows):
        for j in range(n_cols):  # horizontal boundary above row i in column j
            if rows[i].virtual:
                continue
            xa, xb = xs[i, j] + margin, xs[i, j + 1] - margin
            pts = _sample((xa, ys[i, j]), (xb, ys[i, j + 1]), dpi)
            if _coverage(horiz, pts, band, horizontal=True) < PRESENT:
                parent[find(i * n_cols + j)] = find((i - 1) * n_cols + j)
    groups: dict[int, list[tuple[int, int]]] = {}
    for i in range(n_rows):
        for j in range(n_cols):
            groups.setdefault(find(i * n_cols + j), []).append((i, j))
    spans = []
    for members in groups.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members)
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members)
        if len(members) == (r1 - r0 + 1) * (c1 - c0 + 1):
            spans.append((r0, c0, r1, c1))
        else:  # not a rectangle: a broken rule, not a merge; keep the elementary cells
            spans.extend((i, j, i, j) for i, j in members)
    cells = []
    for r0, c0, r1, c1 in sorted(spans):
        box = (
            float(min(xs[r0, c0], xs[r1 + 1, c0])),
            float(min(ys[r0, c0], ys[r0, c1 + 1])),
            float(max(xs[r0, c1 + 1], xs[r1 + 1, c1 + 1])),
            float(max(ys[r1 + 1, c0], ys[r1 + 1, c1 + 1])),
        )
        cells.append(Cell(row=r0, col=c0, rowspan=r1 - r0 + 1, colspan=c1 - c0 + 1, box=box))
    return cells


def _sample(a: tuple[float, float], b: tuple[float, float], dpi: float) -> np.ndarray:
    length = float(np.hypot(b[0] - a[0], b[1] - a[1]))
    n = max(0, int(length / max(1.0, dpi * 0.01)))
    if n == 0:
        return np.zeros((0, 2))
    t = np.linspace(0.0, 1.0, n)
    return np.stack([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], axis=1)
