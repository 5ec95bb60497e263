"""Column meaning of a table: its header rows, matched by words to AppendixTask fields.

The vocabulary is `dictionaries/table_headers.tsv`. Matching ignores case, diacritics and
spacing (OCR drops marks and spaces: "chủtrì"), so a header is recognised by meaning and not by
its position or exact spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import dictionaries
from pipeline.model import Cell, TableGrid

FIELDS = ("no", "task", "lead", "partners", "timeline", "output")
TASK_TABLE_NEEDS = {"lead", "partners", "timeline", "output"}
"""Besides a task column, a task table has at least one of these."""
MAX_HEADER_ROWS = 3
MAX_HEADER_WORDS = 10
"""A header cell is a few words; a longer cell is data even if it says "nội dung"."""
NUMBER = re.compile(r"^\(?(\d+)\)?$")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d, punctuation as spaces, one space between words."""
    text = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@cache
def vocabulary(kind: str = "header") -> tuple[tuple[str, str], ...]:
    """(folded phrase, field) pairs of one kind ("header" or "value"), longest phrase first."""
    pairs = {
        (fold(row["phrase"]), row["field"])
        for row in dictionaries.rows("table_headers.tsv")
        if row["kind"] == kind
    }
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def header_field(text: str) -> str | None:
    """The field a header cell names ("-" for a known column not kept), or None."""
    folded = fold(text)
    if not folded or len(folded.split()) > MAX_HEADER_WORDS:
        return None
    words = f" {folded} "
    squeezed = folded.replace(" ", "")
    for phrase, field in vocabulary():
        if f" {phrase} " in words:
            return field
        if len(phrase) >= 5 and phrase.replace(" ", "") in squeezed:
            return field
    return None


@dataclass
class Layout:
    """A table's cells as an occupancy matrix: `at[r][c]` is the index of the cell covering (r, c)."""

    grid: TableGrid
    at: list[list[int | None]]

    @classmethod
    def of(cls, grid: TableGrid) -> Layout:
        at: list[list[int | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
        for k, cell in enumerate(grid.cells):
            for r in range(cell.row, min(grid.n_rows, cell.row + cell.rowspan)):
                for c in range(cell.col, min(grid.n_cols, cell.col + cell.colspan)):
                    at[r][c] = k
        for r in range(1, grid.n_rows):  # a position no cell covers is merged with the one above
            for c in range(grid.n_cols):
                if at[r][c] is None:
                    at[r][c] = at[r - 1][c]
        return cls(grid, at)

    def cell(self, r: int, c: int) -> Cell | None:
        k = self.at[r][c]
        return None if k is None else self.grid.cells[k]

    def text(self, r: int, c: int) -> str:
        cell = self.cell(r, c)
        return cell.text if cell else ""

    def own(self, r: int, c: int) -> bool:
        """Whether the cell at (r, c) starts in row r (not carried down from a row above)."""
        cell = self.cell(r, c)
        return cell is not None and self.at[r - 1][c] != self.at[r][c] if r else cell is not None


@dataclass
class Columns:
    """Which column holds which field, and how many header rows the table starts with."""

    fields: dict[str, int]
    header_rows: int
    n_cols: int
    centres: list[float]
    """Column centres as a share of the table width, to match a continuation with other columns."""

    @property
    def is_task_table(self) -> bool:
        return "task" in self.fields and bool(TASK_TABLE_NEEDS & self.fields.keys())


def header_columns(layout: Layout) -> Columns | None:
    """The header of a table that starts with one (None when its first row is not a header)."""
    grid = layout.grid
    names: list[list[str | None]] = []
    for r in range(min(MAX_HEADER_ROWS, grid.n_rows)):
        row = [header_field(layout.text(r, c)) if layout.own(r, c) else None for c in range(grid.n_cols)]
        own = [c for c in range(grid.n_cols) if layout.own(r, c) and layout.text(r, c).strip()]
        named = [c for c in own if row[c]]
        if r == 0 and (len({row[c] for c in named}) < 2 or len(named) < 0.6 * len(own)):
            return None
        if r and (not named or len(named) < len(own)):
            break
        names.append(row)
    fields: dict[str, int] = {}
    for c in range(grid.n_cols):
        field = next((row[c] for row in reversed(names) if row[c]), None)
        if field and field != "-" and field not in fields:
            fields[field] = c
    header_rows = len(names)
    if header_rows < grid.n_rows and _numbering_row(layout, header_rows):
        header_rows += 1
    if "no" not in fields and _numbers_column(layout, header_rows, fields):
        fields["no"] = 0
    return Columns(fields, header_rows, grid.n_cols, column_centres(layout))


def _numbering_row(layout: Layout, r: int) -> bool:
    """A row that only numbers the columns: (1) (2) (3) … or 1 2 3 …."""
    numbers = [NUMBER.match(layout.text(r, c).strip()) for c in range(layout.grid.n_cols)]
    values = [int(m.group(1)) for m in numbers if m]
    return len(values) == layout.grid.n_cols and values == list(range(values[0], values[0] + len(values)))


def _numbers_column(layout: Layout, start: int, fields: dict[str, int]) -> bool:
    """Whether the unnamed first column holds row numbers (a misread "TT" header)."""
    if 0 in fields.values():
        return False
    texts = [layout.text(r, 0).strip() for r in range(start, layout.grid.n_rows) if layout.own(r, 0)]
    texts = [t for t in texts if t]
    numbered = [t for t in texts if re.match(r"^[\dIVX]+[.\d]*\W*$", t)]
    return len(texts) >= 1 and len(numbered) >= 0.7 * len(texts)


def column_centres(layout: Layout) -> list[float]:
    """Each column's centre as a share of the table width, from the cells one column wide."""
    grid = layout.grid
    if not grid.box:
        return [(c + 0.5) / grid.n_cols for c in range(grid.n_cols)]
    x0, _, x1, _ = grid.box
    width = max(1.0, x1 - x0)
    centres = []
    for c in range(grid.n_cols):
        mids = [
            ((cell.box[0] + cell.box[2]) / 2 - x0) / width
            for cell in grid.cells
            if cell.col == c and cell.colspan == 1 and cell.box
        ]
        centres.append(sorted(mids)[len(mids) // 2] if mids else (c + 0.5) / grid.n_cols)
    return centres


def continue_columns(previous: Columns, layout: Layout) -> Columns | None:
    """The columns of a header-less table that continues `previous`: same columns by position."""
    grid = layout.grid
    if grid.n_cols == previous.n_cols:
        return Columns(dict(previous.fields), 0, grid.n_cols, previous.centres)
    centres = column_centres(layout)
    fields = {}
    for field, c in previous.fields.items():
        nearest = min(range(grid.n_cols), key=lambda k: abs(centres[k] - previous.centres[c]))
        if abs(centres[nearest] - previous.centres[c]) > 0.05:
            return None
        fields[field] = nearest
    if len(set(fields.values())) < len(fields):
        return None
    return Columns(fields, 0, grid.n_cols, centres)
