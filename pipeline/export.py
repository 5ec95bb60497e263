"""Export: one JSON record per document and one Parquet table per entity, written atomically.

Tables are rebuilt from the JSON records of the documents the run state lists as done, so
they hold each document once however often a folder is converted. Schemas are explicit:
dates are date32, lists are list<string>, counts are int32.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from schemas.record import ManifestRow, Record, Section

if TYPE_CHECKING:
    import pyarrow as pa

_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK
"""Mode of written files: what a plain open() would give, not mkstemp's 0600."""

@cache
def arrow():  # noqa: ANN201 - the pyarrow module
    """pyarrow, imported on first use (0.2 s) and kept from importing pandas (0.5 s more).

    pyarrow looks for pandas the first time it builds an array; we never hand it pandas
    objects, so it is told there is none. Code that asks for pandas later (to_pandas) still
    gets it: pyarrow tries the import again then.
    """
    import pyarrow as pa

    if "pandas" not in sys.modules:
        blocker = _NoPandas()
        sys.meta_path.insert(0, blocker)
        try:
            _ = pa.lib._pandas_api.have_pandas
        except AttributeError:  # another pyarrow version: it simply imports pandas when it likes
            pass
        finally:
            sys.meta_path.remove(blocker)
    return pa


class _NoPandas:
    """An import finder that says pandas is not installed."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


@cache
def schemas() -> dict[str, pa.Schema]:
    """The Parquet schema of each table."""
    pa = arrow()
    STR, INT = pa.string(), pa.int32()  # noqa: N806 - read as column types
    return {
        "documents": pa.schema([
            ("doc_id", STR), ("source_path", STR), ("sha256", STR), ("source_kind", STR), ("pages", INT),
            ("doc_type", STR), ("number", STR), ("issued_date", pa.date32()), ("place", STR),
            ("issuer_name", STR), ("issuer_parent", STR), ("title", STR), ("plan_year", INT), ("period", STR),
            ("signer_name", STR), ("signer_title", STR), ("signer_authority", STR),
            ("signed_digitally", pa.bool_()), ("recipients", pa.list_(STR)), ("n_sections", INT),
            ("n_references", INT), ("n_responsibilities", INT), ("n_tasks", INT), ("n_flags", INT),
            ("schema_version", STR),
        ]),
        "sections": pa.schema([
            ("doc_id", STR), ("ord", INT), ("path", STR), ("level", INT), ("label", STR), ("heading", STR),
            ("kind", STR), ("text", STR), ("page", INT),
        ]),
        "references": pa.schema([
            ("doc_id", STR), ("ord", INT), ("symbol", STR), ("type", STR), ("date", pa.date32()),
            ("issuer", STR),
        ]),
        "responsibilities": pa.schema([
            ("doc_id", STR), ("ord", INT), ("agency", STR), ("duty", STR), ("duties", pa.list_(STR)),
        ]),
        "tasks": pa.schema([
            ("doc_id", STR), ("ord", INT), ("no", STR), ("task", STR), ("lead", STR), ("partners", STR),
            ("timeline", STR), ("output", STR), ("page", INT),
        ]),
        "flags": pa.schema([
            ("doc_id", STR), ("field", STR), ("value", STR), ("reason", STR), ("confidence", pa.float64()),
            ("page", INT), ("box", pa.list_(pa.float64())),
        ]),
        "manifest": pa.schema([
            ("path", STR), ("sha256", STR), ("doc_id", STR), ("status", STR), ("error", STR),
            ("seconds", pa.float64()), ("pages", INT),
        ]),
    }


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write to a temporary file beside `target`, flush it to disk, then rename over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def record_json(record: Record) -> bytes:
    """The record as canonical JSON: same record, same bytes."""
    data = record.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_path(out: Path, doc_id: str) -> Path:
    return out / "json" / f"{doc_id}.json"


def write_record(out: Path, record: Record) -> Path:
    target = json_path(out, record.doc_id)
    atomic_write_bytes(target, record_json(record))
    return target


def load_records(out: Path, doc_ids: Iterable[str]) -> Iterator[Record]:
    for doc_id in doc_ids:
        path = json_path(out, doc_id)
        if path.exists():
            yield Record.model_validate_json(path.read_bytes())


def write_tables(out: Path, records: Iterable[Record], manifest: list[ManifestRow]) -> dict[str, int]:
    """Rebuild every Parquet table; return the row count of each."""
    pa = arrow()
    import pyarrow.parquet as pq

    rows: dict[str, list[dict]] = {name: [] for name in schemas()}
    for record in records:
        for name, table_rows in table_rows_of(record).items():
            rows[name].extend(table_rows)
    rows["manifest"] = [m.model_dump() for m in manifest]
    counts = {}
    for name, schema in schemas().items():
        table = pa.Table.from_pylist(rows[name], schema=schema)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        atomic_write_bytes(out / f"{name}.parquet", sink.getvalue().to_pybytes())
        counts[name] = table.num_rows
    return counts


def table_rows_of(record: Record) -> dict[str, list[dict]]:
    doc_id = record.doc_id
    documents = [{
        "doc_id": doc_id, "source_path": record.source.path, "sha256": record.source.sha256,
        "source_kind": record.source.kind, "pages": record.source.pages, "doc_type": record.doc_type,
        "number": record.number, "issued_date": record.issued_date, "place": record.place,
        "issuer_name": record.issuer.name, "issuer_parent": record.issuer.parent, "title": record.title,
        "plan_year": record.plan_year, "period": record.period, "signer_name": record.signer.name,
        "signer_title": record.signer.title, "signer_authority": record.signer.authority,
        "signed_digitally": record.signer.signed_digitally, "recipients": list(record.recipients),
        "n_sections": len(list(walk_sections(record.sections))), "n_references": len(record.references),
        "n_responsibilities": len(record.responsibilities), "n_tasks": len(record.appendix_tasks),
        "n_flags": len(record.flags), "schema_version": record.schema_version,
    }]
    sections = [
        {"doc_id": doc_id, "ord": i, "path": path, "level": s.level, "label": s.label, "heading": s.heading,
         "kind": s.kind, "text": s.text, "page": s.page}
        for i, (path, s) in enumerate(walk_sections(record.sections))
    ]
    references = [
        {"doc_id": doc_id, "ord": i, "symbol": r.symbol, "type": r.type, "date": r.date,
         "issuer": r.issuer}
        for i, r in enumerate(record.references)
    ]
    responsibilities = [
        {"doc_id": doc_id, "ord": i, "agency": r.agency, "duty": "\n".join(r.duties) or None,
         "duties": list(r.duties)}
        for i, r in enumerate(record.responsibilities)
    ]
    tasks = [
        {"doc_id": doc_id, "ord": i, **t.model_dump()} for i, t in enumerate(record.appendix_tasks)
    ]
    flags = [
        {"doc_id": doc_id, "field": f.field, "value": f.value, "reason": f.reason,
         "confidence": f.confidence, "page": f.page, "box": list(f.box) if f.box else None}
        for f in record.flags
    ]
    return {"documents": documents, "sections": sections, "references": references,
            "responsibilities": responsibilities, "tasks": tasks, "flags": flags}


def walk_sections(sections: list[Section], prefix: str = "") -> Iterator[tuple[str, Section]]:
    """Every section at any depth with its path ("II.1.a"), parents before children."""
    for i, section in enumerate(sections, start=1):
        label = (section.label or str(i)).strip(".)")
        path = f"{prefix}.{label}" if prefix else label
        yield path, section
        yield from walk_sections(section.children, path)
