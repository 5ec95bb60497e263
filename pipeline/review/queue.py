"""The review queue: every flagged field of every done document, with the decision in force.

An item is keyed by (doc_id, field path). A restore flag on the text (field "text", value =
the span) gets the span path `text[start:end]` of its words in the pipeline's text: the n-th
flag with the same words is their n-th whole-word occurrence. A decision made on an earlier
scan of the source (another sha256) makes its field an item again: "stale: source changed".
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.corrections import doc_key, pipeline_data
from pipeline.review import paths
from pipeline.review.store import Event, FieldState, ReviewStore, fold
from schemas.record import Box, Record

STALE = "stale: source changed"


@dataclass
class Item:
    doc_id: str
    key: str
    field: str
    reasons: list[str]
    confidence: float | None
    page: int | None
    boxes: list[Box]
    flagged: str | None
    original: str | None
    editable: bool
    state: FieldState = field(default_factory=lambda: FieldState(None, 0))
    sha256: str = ""

    @property
    def stale(self) -> bool:
        return self.state.top is not None and self.state.top.sha256 != self.sha256

    @property
    def status(self) -> str:
        return "stale" if self.stale else "resolved" if self.state.top else "open"

    @property
    def current(self) -> str | None:
        return self.state.top.new_value if self.state.top else self.original

    @property
    def ident(self) -> str:
        return f"{self.doc_id}:{self.key}"

    @property
    def order(self) -> tuple:
        return (-1.0 if self.confidence is None else self.confidence, self.doc_id, self.key)


class Library:
    """The done records of OUT, read again (and their flags laid out again) only when their JSON changes."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._cache: dict[str, tuple[tuple[int, int], Record, dict, list[Item]]] = {}

    def doc_ids(self) -> list[str]:
        """Mirrors RunState.done_doc_ids, read-only (no run is started)."""
        db_path = self.out / ".vanthu" / "state.sqlite"
        if not db_path.exists():
            return []
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)) as db:
            rows = db.execute("select distinct doc_id from inputs where status in ('ok', 'skipped') "
                              "and doc_id is not null order by doc_id").fetchall()
        return [r[0] for r in rows]

    def _load(self, doc_id: str) -> tuple[tuple[int, int], Record, dict, list[Item]] | None:
        path = self.out / "json" / f"{doc_id}.json"
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            cached = self._cache.get(doc_id)
            if cached and cached[0] == stamp:
                return cached
            record = Record.model_validate_json(path.read_bytes())
        except (OSError, ValueError):
            return None
        data = pipeline_data(record)
        self._cache[doc_id] = (stamp, record, data, flag_items(record, data))
        return self._cache[doc_id]

    def get(self, doc_id: str) -> tuple[Record, dict] | None:
        """The record and its pipeline form (corrections taken back), or None."""
        loaded = self._load(doc_id)
        return (loaded[1], loaded[2]) if loaded else None

    def flagged(self, doc_id: str) -> list[Item]:
        """The record's flags as items, without decisions (shared: copy before changing)."""
        loaded = self._load(doc_id)
        return loaded[3] if loaded else []

    def records(self) -> list[tuple[Record, dict]]:
        return [got for doc_id in self.doc_ids() if (got := self.get(doc_id))]


def flag_items(record: Record, data: dict) -> list[Item]:
    """One item per flagged field path (flags on the same path merge), no decisions yet."""
    items: dict[str, Item] = {}
    seen: dict[str, int] = defaultdict(int)
    spans: dict[str, list[tuple[int, int]]] = {}
    for index, flag in enumerate(record.flags):
        key = flag.field
        if flag.field == "text":
            words = flag.value or ""
            found = spans.setdefault(words, paths.word_spans(data["text"], words))
            n, seen[words] = seen[words], seen[words] + 1
            key = paths.span_path(*found[n]) if n < len(found) else f"text#{index}"
        item = items.get(key)
        if item is None:
            can_edit = paths.editable(data, key)
            original = paths.as_text(paths.get(data, key)) if can_edit else flag.value
            item = items[key] = Item(record.doc_id, key, flag.field, [], flag.confidence, flag.page, [],
                                     flag.value, original, can_edit, sha256=record.source.sha256)
        if flag.reason not in item.reasons:
            item.reasons.append(flag.reason)
        if flag.confidence is not None and (item.confidence is None or flag.confidence < item.confidence):
            item.confidence = flag.confidence
        item.page = item.page if item.page is not None else flag.page
        if flag.box and flag.page == item.page:
            item.boxes.append(flag.box)
    return list(items.values())


def items_of(record: Record, data: dict, events: list[Event], flagged: list[Item] | None = None) -> list[Item]:
    """The queue items of one record with the decisions of `events` (all its fields)."""
    base = flag_items(record, data) if flagged is None else flagged
    items = {i.key: replace(i, reasons=list(i.reasons), boxes=list(i.boxes)) for i in base}
    states = fold(events)
    for key, state in states.items():
        if key not in items and state.top and state.top.sha256 != record.source.sha256 and paths.is_field(key):
            can_edit = paths.editable(data, key) and (
                not paths.span_of(key) or paths.get(data, key) == state.top.original)  # a span on other words
            original = paths.as_text(paths.get(data, key)) if can_edit else state.top.original
            items[key] = Item(record.doc_id, key, "text" if paths.span_of(key) else key, [], None,
                              None, [], state.top.original, original, can_edit, sha256=record.source.sha256)
    for key, item in items.items():
        item.state = states.get(key, FieldState(None, 0))
        if item.stale:
            item.reasons.insert(0, STALE)
    return list(items.values())


def build_queue(library: Library, store: ReviewStore) -> list[Item]:
    """All items of all done records, least confident first (no confidence counts as least)."""
    by_doc: dict[str, list[Event]] = defaultdict(list)
    by_path: dict[str, list[Event]] = defaultdict(list)
    for event in store.all_events():
        by_doc[event.doc_id].append(event)
        by_path[event.source_path].append(event)
    items: list[Item] = []
    for record, data in library.records():
        mine = {e.id: e for e in by_doc[record.doc_id] + by_path[record.source.path]}
        items.extend(items_of(record, data, [mine[i] for i in sorted(mine)], library.flagged(record.doc_id)))
    return sorted(items, key=lambda i: i.order)


def item_of(library: Library, store: ReviewStore, doc_id: str, key: str) -> Item | None:
    """One item (also a field without a flag, for the document view), or None."""
    got = library.get(doc_id)
    if got is None:
        return None
    record, data = got
    events = store.events_for(doc_key(record))
    for item in items_of(record, data, events, library.flagged(doc_id)):
        if item.key == key:
            return item
    return field_item(record, data, key, fold(events))


def field_item(record: Record, data: dict, key: str, states: dict[str, FieldState]) -> Item | None:
    """An editable field that carries no flag, as an item; None when `key` is not one."""
    if not paths.editable(data, key):
        return None
    item = Item(record.doc_id, key, key, [], None, None, [], None, paths.as_text(paths.get(data, key)), True,
                sha256=record.source.sha256)
    item.state = states.get(key, FieldState(None, 0))
    return item


SKIPPED_IN_VIEW = paths.NOT_EDITABLE | {"sections"}


def fields_of(data: dict) -> list[str]:
    """Every settable scalar of a record's JSON form, in document order (sections left out)."""
    found: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for name, child in node.items():
                walk(child, f"{path}.{name}" if path else name)
        elif isinstance(node, list):
            for i, child in enumerate(node):
                walk(child, f"{path}[{i}]")
        elif not isinstance(node, bool):
            found.append(path)

    for name, value in data.items():
        if name not in SKIPPED_IN_VIEW:
            walk(value, name)
    return found
