"""The appendix task table from text without geometry: legacy OCR that read a table line by line.

Such text interleaves the columns: each line holds a stretch of the task cell, then whatever
the other cells held at that height, sometimes split by `|`. Best effort, after the "PHỤ LỤC"
heading and a header line that names the columns:

- rows: lines that start with the next row number (1, 2, … or 4.1, 4.2) anchor the rows; a row
  begins at the first line near its anchor that starts a sentence (cells are often centred
  vertically, so the number is not on a row's first line);
- task: the left part of each line, cut at a `|` or at the task column's width in characters;
- timeline: a remainder that starts with a timeline word ("thường xuyên", "quý", …);
- anything else in the remainder is flagged `unparsed` on the fields it may belong to.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass, field

from pipeline.model import Line
from pipeline.table_columns import fold, vocabulary
from schemas.record import AppendixTask, Flag

ANCHOR = re.compile(r"^\W{0,3}?(\d{1,2}(?:\.\d{1,2})?)(?![\d/,-]|\.\d)[\s|.):\\]*(.*)$")
BLANK_RUN_ENDS_TABLE = 3
HEADER_SEARCH_LINES = 15


@dataclass
class _Row:
    no: str
    page: int
    lines: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    """Lines known to hold other columns' text (set apart by a blank line below the last row)."""


def parse(lines: list[Line]) -> tuple[list[AppendixTask], list[Flag]]:
    """Rows of the appendix task table found in `lines`, and flags for what could not be placed."""
    texts = [line.text for line in lines]
    header = _header_index(texts)
    if header is None:
        return [], []
    body = _body(lines, header + 1)
    anchors = _anchors(body)
    if not anchors:
        return [], [
            Flag(field="appendix_tasks", value=texts[header], reason="unparsed", page=lines[header].page)
        ]
    rows = _rows(body, anchors)
    width = _task_width([text for _, text, _ in body], anchors)
    tasks, flags = [], []
    for i, row in enumerate(rows):
        task_parts, rest_parts = [], []
        for text in row.lines:
            task, rest = _split(text, width)
            task_parts.append(task)
            rest_parts.append(rest)
        rest_parts.extend(_clean(text) for text in row.other)
        timeline, unplaced = _timeline(rest_parts)
        tasks.append(
            AppendixTask(
                no=row.no, task=" ".join(p for p in task_parts if p), timeline=timeline, page=row.page
            )
        )
        leftover = " ".join(unplaced) or None
        for name in ("lead", "partners", "timeline"):
            if name != "timeline" or not timeline:
                flags.append(
                    Flag(
                        field=f"appendix_tasks[{i}].{name}", value=leftover, reason="unparsed", page=row.page
                    )
                )
    return tasks, flags


def _header_index(texts: list[str]) -> int | None:
    """The table's header line: after a "PHỤ LỤC" heading, naming a task column and another one."""
    for start, text in enumerate(texts):
        if not fold(text).startswith("phu luc"):
            continue
        for k in range(start + 1, min(len(texts), start + HEADER_SEARCH_LINES)):
            fields = header_fields(fold(texts[k]))
            if "task" in fields and len(fields) >= 2:
                return k
    return None


def header_fields(folded: str) -> set[str]:
    """The fields whose header phrases occur in a folded line (longest phrases claim words first)."""
    padded = f" {folded} "
    found = set()
    for phrase, name in vocabulary("header"):
        key = f" {phrase} "
        if key in padded:
            found.add(name)
            padded = padded.replace(key, " # ")
    return found - {"-"}


def _body(lines: list[Line], start: int) -> list[tuple[int, str, bool]]:
    """(page, text, after a blank line) of the non-blank lines from `start` to a run of blank lines
    or the next appendix."""
    out: list[tuple[int, str, bool]] = []
    blanks = 0
    for line in lines[start:]:
        text = line.text.strip()
        if not text:
            blanks += 1
            if blanks >= BLANK_RUN_ENDS_TABLE and out:
                break
            continue
        if fold(text).startswith("phu luc"):
            break
        if _wordy(text) or ANCHOR.match(text):
            out.append((line.page, text, blanks > 0))
        blanks = 0
    return out


def _wordy(text: str) -> bool:
    """Whether a line is mostly words (legacy OCR turns rules and shading into letter salad)."""
    tokens = text.split()
    words = [t for t in tokens if sum(c.isalpha() for c in t) >= 2 or t.isdigit()]
    return len(words) >= 0.5 * len(tokens)


def _anchors(body: list[tuple[int, str, bool]]) -> list[tuple[int, str]]:
    """(line index, row number) of lines that start with the next row number in sequence."""
    out: list[tuple[int, str]] = []
    for i, (_, text, _) in enumerate(body):
        m = ANCHOR.match(text)
        if m and _follows(out[-1][1] if out else None, m.group(1)):
            out.append((i, m.group(1)))
    return out


def _follows(previous: str | None, number: str) -> bool:
    if previous is None:
        return number in ("1", "1.1")
    major, _, minor = previous.partition(".")
    expected = (
        {str(int(major) + 1), str(int(major) + 2), f"{major}.1"}
        if not minor
        else {str(int(major) + 1), f"{major}.{int(minor) + 1}"}
    )
    return number in expected


def _starts_row(text: str) -> bool:
    """A line that starts a cell: its first word is capitalised (not an acronym) and it is wordy."""
    m = ANCHOR.match(text)
    first = (m.group(2) if m else text).split()
    if not first:
        return False
    word = first[0].strip("\"“‘'({[|")
    return len(word) >= 2 and word[0].isupper() and not word.isupper() and _wordy(text)


def _rows(body: list[tuple[int, str, bool]], anchors: list[tuple[int, str]]) -> list[_Row]:
    top_aligned = sum(_starts_row(body[i][1]) for i, _ in anchors) >= 0.7 * len(anchors)
    starts = []
    for k, (a, _) in enumerate(anchors):
        if top_aligned or k == 0:
            starts.append(a if top_aligned else 0)
            continue
        previous = anchors[k - 1][0]
        gap = a - previous - 1
        reach = math.ceil(gap / 2)
        candidates = [i for i in range(a - 1, a - 1 - reach, -1) if i > previous and _starts_row(body[i][1])]
        starts.append(candidates[-1] if candidates else a - gap // 2)
    rows = []
    for k, (a, no) in enumerate(anchors):
        end = starts[k + 1] if k + 1 < len(starts) else len(body)
        if k == len(anchors) - 1 and not top_aligned:  # a centred last row: as many lines below as above
            end = min(len(body), a + (a - starts[k]) + 3)
        row = _Row(no=no, page=body[a][0])
        last = k == len(anchors) - 1
        for i in range(starts[k], end):
            _, text, after_blank = body[i]
            if last and after_blank and i > a + 1 or row.other:
                row.other.append(text)
                continue
            m = ANCHOR.match(text) if i == a else None
            row.lines.append(m.group(2) if m else text)
        rows.append(row)
    return rows


def _task_width(texts: list[str], anchors: list[tuple[int, str]]) -> float:
    """The task column's width in characters: where `|` usually stands, else the usual line length."""
    anchor_lines = {i for i, _ in anchors}
    bars, lengths = [], []
    for i, text in enumerate(texts):
        m = ANCHOR.match(text) if i in anchor_lines else None
        text = m.group(2) if m else text
        lengths.append(len(text))
        pos = text.find("|", 15)
        if pos > 0:
            bars.append(pos)
    if len(bars) >= 2:
        return float(statistics.median(bars))
    lengths.sort()
    return 0.85 * lengths[int(0.9 * (len(lengths) - 1))] if lengths else 60.0


def _split(text: str, width: float) -> tuple[str, str]:
    """(task part, the rest) of one line."""
    early = text.find("|")
    if 0 <= early < 0.5 * width and not _wordy(text[:early]):  # salad, then other columns
        return "", _clean(text[early + 1 :])
    bar = text.find("|", int(0.5 * width))
    if bar > 0:
        return _clean(text[:bar]), _clean(text[bar + 1 :])
    if len(text) <= width + 6:
        return _clean(text), ""
    bounds = [m.start() for m in re.finditer(r"(?<=\s)\S", text)]
    inside = [b for b in bounds if 0.6 * width <= b <= width + 6]
    capital = [
        b
        for b in inside
        if text[b].isupper() and not text[b:].split()[0].isupper() and text[:b].rstrip()[-1:] not in ".;:"
    ]
    if capital:
        cut = capital[0]
    elif bounds:
        cut = min(bounds, key=lambda b: abs(b - width))
    else:
        return _clean(text), ""
    return _clean(text[:cut]), _clean(text[cut:])


def _clean(text: str) -> str:
    tokens = [t for t in text.replace("|", " ").split() if any(c.isalnum() for c in t) or len(t) > 1]
    return " ".join(tokens)


def _timeline(rests: list[str]) -> tuple[str | None, list[str]]:
    """The timeline pieces of a row's remainders (from a timeline word to the line's end), and the rest."""
    starters = [phrase.split() for phrase, name in vocabulary("value") if name == "timeline"]
    timeline, unplaced = [], []
    for rest in rests:
        tokens = rest.split()
        folded = [fold(t) for t in tokens]
        at = next((i for i in range(len(tokens)) for s in starters if folded[i : i + len(s)] == s), None)
        if at is None:
            if rest:
                unplaced.append(rest)
            continue
        if at:
            unplaced.append(" ".join(tokens[:at]))
        timeline.append(" ".join(tokens[at:]))
    return (" ".join(timeline) or None), unplaced
