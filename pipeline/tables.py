"""Tables stage: the appendix task table (Phụ lục) as `record.appendix_tasks`, one row per task.

Input is every page's `TableGrid` in page order (ruled grids from page images or the PDF text
layer). A table whose header names a task column and a lead/partners/timeline/output column is
a task table; a header-less table right after one continues it (a repeated header is skipped),
and its first row continues the previous row when its number cell is empty. A merged cell's
value goes to every row it spans; a sub-row label ("4.1") at the start of the task cell becomes
the row's number. A text-only document (legacy OCR, no geometry) goes to `table_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import table_text
from pipeline.model import Document, TableGrid
from pipeline.table_columns import FIELDS, Columns, Layout, continue_columns, header_columns
from pipeline.table_order import strip_rule_glyphs
from schemas.record import AppendixTask

ROW_NO = re.compile(r"^\W*((?:\d{1,3}(?:\.\d{1,3})*)|[IVXLC]{1,6}|[A-ZĐ]|[a-zđ])(?:[.)\-_:,]*)\W*$")
SUB_LABEL = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)[.):]?\s+(?=\S)")
GROUP_NO = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ])$")


@dataclass
class Row:
    values: dict[str, str]
    page: int
    numbered: bool
    """Whether the row's number cell has text of its own (not carried from a merged cell above)."""
    heading: bool = False
    """A group heading inside the table ("II. Tuyên truyền trên báo chí"): not a task."""


def tables(doc: Document) -> Document:
    """Append the document's appendix task rows to `doc.record.appendix_tasks`."""
    grids = [grid for page in doc.pages for grid in sorted(page.tables, key=_top)]
    if grids:
        rows = grid_rows(grids)
        doc.record.appendix_tasks.extend(_task(row) for row in rows)
    elif doc.pages and all(page.source == "text" for page in doc.pages):
        tasks, flags = table_text.parse(doc.lines)
        doc.record.appendix_tasks.extend(tasks)
        doc.record.flags.extend(flags)
    return doc


def _top(grid: TableGrid) -> float:
    return grid.box[1] if grid.box else 0.0


def grid_rows(grids: list[TableGrid]) -> list[Row]:
    """The data rows of every task table among `grids`, stitched across pages."""
    rows: list[Row] = []
    current: Columns | None = None
    last_page = 0
    for grid in grids:
        layout = Layout.of(grid)
        columns = header_columns(layout)
        continued = False
        if columns is not None:
            if not columns.is_task_table:
                current = None
                continue
            continued = current is not None and grid.page <= last_page + 1
            current = columns
        elif current is not None and grid.page <= last_page + 1:
            columns = continue_columns(current, layout)
            if columns is None:
                current = None
                continue
            continued = True
        else:
            continue
        last_page = grid.page
        new = _rows(layout, columns)
        if continued and rows and new and _continues(new[0]):
            _join(rows[-1], new.pop(0))
        rows.extend(new)
    return [row for row in rows if not row.heading]


def _rows(layout: Layout, columns: Columns) -> list[Row]:
    grid = layout.grid
    out = []
    no_col = columns.fields.get("no")
    for r in range(columns.header_rows, grid.n_rows):
        cells = {layout.at[r][c] for c in range(grid.n_cols)} - {None}
        values = _values(layout, r, columns)
        if not any(values.get(f) for f in FIELDS if f != "no"):
            continue
        across = len(cells) == 1 and grid.n_cols > 1  # one cell across the table
        bare = not any(values.get(f) for f in ("lead", "partners", "timeline", "output"))
        heading = across or bare and bool(GROUP_NO.match(row_number(values.get("no", ""))))
        numbered = no_col is not None and layout.own(r, no_col) and bool(values.get("no"))
        out.append(Row(values, grid.page, numbered, heading))
    return out


def _values(layout: Layout, r: int, columns: Columns) -> dict[str, str]:
    """Each field's text in row r; a cell spanning several field columns goes to the leftmost one."""
    values = {}
    taken: set[int] = set()
    for field, c in sorted(columns.fields.items(), key=lambda item: item[1]):
        k = layout.at[r][c]
        if k is None or k in taken:
            values[field] = ""
            continue
        taken.add(k)
        values[field] = clean_text(layout.grid.cells[k].text)
    return values


def _continues(row: Row) -> bool:
    """A first row after a page break continues the row before when it has no number of its own."""
    return not row.numbered and not SUB_LABEL.match(row.values.get("task", ""))


def _join(previous: Row, row: Row) -> None:
    for field, text in row.values.items():
        before = previous.values.get(field, "")
        if text and text != before:
            previous.values[field] = f"{before} {text}".strip() if before else text


def clean_text(text: str) -> str:
    """A cell's text on one line: rule glyphs at word edges dropped, broken "2021- 2030" rejoined."""
    tokens = [strip_rule_glyphs(t) for t in text.split()]
    text = " ".join(t for t in tokens if any(c.isalnum() for c in t) or len(t) > 1 or t in "-+")
    return re.sub(r"(?<=\w)([-/]) (?=\w)", r"\1", text)


def row_number(text: str) -> str:
    """The row label a number cell holds ("4", "4.1", "II", "a"), or the cell text when it holds none."""
    m = ROW_NO.match(text)
    return m.group(1) if m else text


def _task(row: Row) -> AppendixTask:
    values = dict(row.values)
    no = row_number(values.get("no", ""))
    task = values.get("task", "")
    label = SUB_LABEL.match(task)
    if label and (not no or not row.numbered or label.group(1).startswith(f"{no}.")):
        no, task = label.group(1), task[label.end() :]
    return AppendixTask(
        no=no,
        task=task,
        lead=values.get("lead"),
        partners=values.get("partners"),
        timeline=values.get("timeline"),
        output=values.get("output"),
        page=row.page,
    )
