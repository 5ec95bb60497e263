"""What the review pages show: the filtered queue around the current item, and one item's evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from pipeline.review import images, paths
from pipeline.review.queue import STALE, Item
from schemas.record import Record


@dataclass(frozen=True)
class Filters:
    doc: str = ""
    field: str = ""
    reason: str = ""

    def admits(self, item: Item) -> bool:
        return ((not self.doc or item.doc_id == self.doc)
                and (not self.field or paths.group(item.field) == self.field)
                and (not self.reason or self.reason in item.reasons))

    def query(self, **extra: str) -> str:
        pairs = [("doc", self.doc), ("field", self.field), ("reason", self.reason), *extra.items()]
        return urlencode([(k, v) for k, v in pairs if v])


@dataclass
class QueueView:
    scope: list[Item]
    current: Item | None
    previous: Item | None
    next: Item | None
    resolved: int
    stale: int
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def position(self) -> int:
        return self.scope.index(self.current) + 1 if self.current in self.scope else 0


def queue_view(items: list[Item], filters: Filters, labels: dict[str, str], want: str = "",
               after: str = "") -> QueueView:
    """The items `filters` admit, and which to show: `want`, else the first open one after `after`."""
    scope = [i for i in items if filters.admits(i)]
    by_ident = {i.ident: i for i in items}
    current = by_ident.get(want)
    if current is None:
        pending = [i for i in scope if i.status != "resolved"]
        threshold = by_ident[after].order if after in by_ident else None
        later = [i for i in pending if threshold is None or i.order > threshold]
        current = (later or pending or [None])[0]
    index = scope.index(current) if current in scope else -1
    previous = scope[index - 1] if index > 0 else None
    following = scope[index + 1] if 0 <= index < len(scope) - 1 else None
    options = {
        "doc": sorted({(i.doc_id, labels.get(i.doc_id, i.doc_id)) for i in items}, key=lambda o: o[1]),
        "field": sorted({(paths.group(i.field), paths.group(i.field)) for i in items}),
        "reason": sorted({(r, r) for i in items for r in i.reasons}),
    }
    return QueueView(scope, current, previous, following, sum(i.status == "resolved" for i in scope),
                     sum(i.status == "stale" for i in scope), options)


@dataclass(frozen=True)
class Evidence:
    """What to show beside an item: a crop of its page, the whole page, or the text around it."""

    image: str | None = None
    caption: str = ""
    lines: list[list[tuple[str, bool]]] = field(default_factory=list)


def evidence(record: Record, data: dict, item: Item, has_preview: bool) -> Evidence:
    from urllib.parse import quote

    if item.page is not None and has_preview:
        base = f"/{{}}/{record.doc_id}/{item.page}.jpg"
        if item.boxes:
            return Evidence(base.format("crop") + "?key=" + quote(item.key, safe=""),
                            f"page {item.page}, around the field")
        return Evidence(base.format("page"), f"page {item.page} (no position for this field)")
    text = data.get("text") or ""
    span = paths.span_of(item.key)
    if span is None:
        for needle in (item.original, item.flagged, item.current):
            found = paths.word_spans(text, needle or "")
            if found:
                span = found[0]
                break
    caption = "the text around the field (no page image)" if span else "no page image, and the words are not in the text"
    return Evidence(None, caption, images.context_lines(text, span))


def describe(item: Item) -> str:
    return ", ".join(r for r in item.reasons if r != STALE) or ("changed source" if item.stale else "")
