"""Put the archivists' decisions (OUT/review.sqlite) into records, on every convert and export.

`apply_corrections` is idempotent: it first takes back the corrections a record already
carries (each keeps the pipeline's value as `original`), then applies the decisions in force.
A decision made on an earlier scan of the same source path (another sha256) is kept and marked
`stale`; it is still applied when its field exists and its value is valid, and when it cannot be
applied it stays listed (stale) with the record's value untouched. None is ever dropped.
Text spans (`text[start:end]`, offsets in the pipeline's text) replace those characters.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ValidationError

from pipeline.review import paths
from pipeline.review.store import DocKey, Event, ReviewStore, fold
from schemas.record import Correction, ManifestRow, Record

CORRECTIONS_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("field", pa.string()), ("value", pa.string()), ("original", pa.string()),
    ("corrected_by", pa.string()), ("corrected_at", pa.timestamp("s", tz="UTC")), ("stale", pa.bool_()),
])
"""OUT/corrections.parquet: one row per correction in force, with its provenance."""

TEXT_UNPLACED = "text"
"""Field of a text-span correction that has no place in this text (stale): kept, not applied."""


def doc_key(record: Record) -> DocKey:
    return DocKey(record.doc_id, record.source.path, record.source.sha256)


def pipeline_data(record: Record) -> dict:
    """The record's JSON form as the pipeline wrote it: corrections taken back, none listed."""
    data = record.model_dump(mode="json")
    scalars = [c for c in record.corrections if not paths.span_of(c.field) and c.field != TEXT_UNPLACED]
    for correction in scalars:
        with contextlib.suppress(paths.PathError):
            paths.put(data, correction.field, correction.original)
    spans = sorted(((paths.span_of(c.field), c) for c in record.corrections if paths.span_of(c.field)),
                   key=lambda pair: pair[0] or (0, 0))
    if spans:
        data["text"] = _unsplice(data["text"], spans)
    data["corrections"] = []
    return data


def _unsplice(text: str, spans: list[tuple[tuple[int, int] | None, Correction]]) -> str:
    """The text before span corrections (offsets are in the uncorrected text, none overlap)."""
    pieces, cursor, shift = [], 0, 0
    for span, correction in spans:
        assert span is not None
        start = span[0] + shift
        value = correction.value or ""
        pieces.append(text[cursor:start])
        pieces.append(correction.original or "")
        cursor = start + len(value)
        shift += len(value) - (span[1] - span[0])
    pieces.append(text[cursor:])
    return "".join(pieces)


def apply_corrections(out: Path, record: Record, store: ReviewStore | None = None) -> Record:
    """The record with the decisions of OUT/review.sqlite in force (unchanged when there is none)."""
    store = store or ReviewStore.existing(out)
    if store is None:
        return record
    in_force = {name: s.top for name, s in fold(store.events_for(doc_key(record))).items() if s.top}
    if not in_force and not record.corrections:
        return record
    return corrected(record, in_force)


def corrected(record: Record, in_force: dict[str, Event]) -> Record:
    """Apply `in_force` (field → decision) to the pipeline's form of `record`."""
    data = pipeline_data(record)
    pipeline_text = data["text"]
    done: list[Correction] = []
    for name in sorted(in_force, key=lambda f: (paths.span_of(f) is not None, f)):
        if paths.span_of(name):
            continue
        event = in_force[name]
        if not paths.is_field(name):
            continue  # an acknowledged flag that names no field ("pages"): a review matter only
        stale = event.sha256 != record.source.sha256
        if not paths.editable(data, name):
            done.append(_correction(name, event, None, stale=True))  # the field is gone: kept, not applied
            continue
        original = paths.as_text(paths.get(data, name))
        trial = copy.deepcopy(data)
        paths.put(trial, name, event.new_value)
        try:
            Record.model_validate(trial)
            data = trial
        except ValidationError:
            stale = True  # the value does not fit this record: kept, listed, not applied
        done.append(_correction(name, event, original, stale))
    done.extend(_apply_spans(data, pipeline_text, record, in_force))
    data["corrections"] = [c.model_dump(mode="json") for c in sorted(done, key=lambda c: c.field)]
    return Record.model_validate(data)


def _apply_spans(data: dict, text: str, record: Record, in_force: dict[str, Event]) -> list[Correction]:
    """Splice the span decisions into the pipeline's text; those that find no place stay unapplied."""
    placed: list[tuple[int, int, Event, bool]] = []
    unplaced: list[Correction] = []
    for name, event in in_force.items():
        span = paths.span_of(name)
        if span is None:
            continue
        stale = event.sha256 != record.source.sha256
        where = _place(text, span, event.original)
        taken = where is not None and any(where[0] < e and s < where[1] for s, e, _, _ in placed)
        if where is None or taken or (where != span and not stale):
            unplaced.append(_correction(TEXT_UNPLACED, event, event.original, stale=True))
        else:
            placed.append((where[0], where[1], event, stale or where != span))
    pieces, cursor, done = [], 0, []
    for start, end, event, stale in sorted(placed, key=lambda p: p[0]):
        pieces += [text[cursor:start], event.new_value or ""]
        cursor = end
        done.append(_correction(paths.span_path(start, end), event, text[start:end], stale))
    data["text"] = "".join(pieces) + text[cursor:]
    return done + unplaced


def _place(text: str, span: tuple[int, int], original: str | None) -> tuple[int, int] | None:
    """Where the span's original words are: at its offsets, else their nearest whole-word match."""
    if original is None or text[span[0]:span[1]] == original:
        return span if span[1] <= len(text) else None
    found = paths.word_spans(text, original)
    return min(found, key=lambda s: abs(s[0] - span[0])) if found else None


def _correction(field: str, event: Event, original: str | None, stale: bool) -> Correction:
    return Correction(field=field, value=event.new_value, original=original, by=event.user,
                      at=dt.datetime.fromisoformat(event.at), stale=stale)


def correction_rows(record: Record) -> list[dict]:
    return [{"doc_id": record.doc_id, "field": c.field, "value": c.value, "original": c.original, "corrected_by": c.by,
             "corrected_at": c.at, "stale": c.stale} for c in record.corrections]


def corrected_records(out: Path, doc_ids: Iterable[str], rows: list[dict] | None = None) -> Iterator[Record]:
    """Every record of `doc_ids` with the decisions in force; a JSON that changes is rewritten."""
    from pipeline import export

    store = ReviewStore.existing(out)
    for record in export.load_records(out, doc_ids):
        fixed = apply_corrections(out, record, store) if store else record
        if fixed is not record and export.record_json(fixed) != export.record_json(record):
            export.write_record(out, fixed)
        if rows is not None:
            rows.extend(correction_rows(fixed))
        yield fixed


def write_corrections_table(out: Path, rows: list[dict]) -> int:
    from pipeline.export import atomic_write_bytes

    table = pa.Table.from_pylist(rows, schema=CORRECTIONS_SCHEMA)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(out / "corrections.parquet", sink.getvalue().to_pybytes())
    return table.num_rows


def refresh(out: Path, doc_ids: Iterable[str], manifest: list[ManifestRow]) -> dict[str, int]:
    """Apply the corrections to every done record, then rebuild every table and corrections.parquet."""
    from pipeline import export

    rows: list[dict] = []
    counts = export.write_tables(out, corrected_records(out, doc_ids, rows), manifest)
    counts["corrections"] = write_corrections_table(out, rows)
    return counts
