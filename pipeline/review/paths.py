"""Field paths of a record ("signer.name", "appendix_tasks[2].lead", "text[120:131]"): read and write them.

A path names one scalar of the record's JSON form. A text span path `text[start:end]` names
characters of the pipeline's `text` (before any correction), for the restore stage's flags.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")
_SPAN = re.compile(r"^text\[(\d+):(\d+)\]$")
_GROUP = re.compile(r"\[\d+(?::\d+)?\]")

NOT_EDITABLE = frozenset({"schema_version", "doc_id", "source", "flags", "pages", "corrections", "text"})
"""Roots that are not the archivist's to set (text only through span paths)."""


class PathError(ValueError):
    """The path is malformed or names nothing in this record."""


def parse(path: str) -> list[str | int]:
    """'appendix_tasks[2].lead' → ['appendix_tasks', 2, 'lead']."""
    steps: list[str | int] = []
    for part in path.split("."):
        match = _TOKEN.fullmatch(part)
        if not match:
            raise PathError(f"bad field path {path!r}")
        steps.append(match.group(1))
        steps.extend(int(i) for i in _INDEX.findall(match.group(2)))
    return steps


def span_of(path: str) -> tuple[int, int] | None:
    """(start, end) of a text span path, else None."""
    match = _SPAN.match(path)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if start <= end else None


def span_path(start: int, end: int) -> str:
    return f"text[{start}:{end}]"


def group(path: str) -> str:
    """The path without its indexes, for filtering: 'appendix_tasks[2].lead' → 'appendix_tasks[].lead'."""
    return _GROUP.sub("[]", path)


def _walk(data: Any, steps: list[str | int]) -> tuple[Any, str | int]:
    node = data
    for step in steps[:-1]:
        node = _child(node, step)
    last = steps[-1]
    _child(node, last)  # raises when absent
    return node, last


def _child(node: Any, step: str | int) -> Any:
    if isinstance(step, int):
        if not isinstance(node, list) or step >= len(node):
            raise PathError(f"no item {step}")
        return node[step]
    if not isinstance(node, dict) or step not in node:
        raise PathError(f"no field {step!r}")
    return node[step]


def get(data: dict, path: str) -> Any:
    """The value at `path` of a record's JSON form (`model_dump(mode="json")`)."""
    span = span_of(path)
    if span:
        text = data.get("text") or ""
        if span[1] > len(text):
            raise PathError(f"{path} is past the end of the text")
        return text[span[0]:span[1]]
    node, last = _walk(data, parse(path))
    return node[last]


def put(data: dict, path: str, value: str | None) -> None:
    """Set the scalar at `path` (a span path replaces those characters of the text)."""
    span = span_of(path)
    if span:
        text = data.get("text") or ""
        data["text"] = text[:span[0]] + (value or "") + text[span[1]:]
        return
    node, last = _walk(data, parse(path))
    node[last] = value


def is_field(path: str) -> bool:
    """True when `path` could name a field the archivist sets (whether or not this record has it)."""
    if span_of(path):
        return True
    try:
        return parse(path)[0] not in NOT_EDITABLE
    except PathError:
        return False


def editable(data: dict, path: str) -> bool:
    """True when `path` names an existing scalar the archivist may set."""
    if span_of(path):
        try:
            get(data, path)
        except PathError:
            return False
        return True
    try:
        steps = parse(path)
        value = get(data, path)
    except PathError:
        return False
    return steps[0] not in NOT_EDITABLE and (value is None or isinstance(value, str | int | float)) \
        and not isinstance(value, bool)


def as_text(value: Any) -> str | None:
    """A JSON scalar as the string a Correction stores (dates are already ISO strings)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def word_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` stands in `text` as whole words (not inside a longer word)."""
    if not needle:
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
