"""Run state of an output folder: which inputs are done, so a rerun resumes where it stopped.

Kept in OUT/.vanthu/state.sqlite, one row per input path, updated in a transaction right
after that input's JSON is on disk. A kill -9 loses at most the documents in flight.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from schemas.record import ManifestRow

SCHEMA = """
create table if not exists inputs (
    path text primary key,
    sha256 text,
    doc_id text,
    status text not null,
    error text,
    seconds real not null default 0,
    pages integer not null default 0,
    run integer not null default 0
);
create table if not exists runs (id integer primary key autoincrement, started text not null);
"""


class RunState:
    def __init__(self, out: Path) -> None:
        folder = out / ".vanthu"
        folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(folder / "state.sqlite", isolation_level=None, timeout=30)
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=full")
        self.db.executescript(SCHEMA)
        cursor = self.db.execute("insert into runs (started) values (datetime('now'))")
        self.run = int(cursor.lastrowid or 0)

    def close(self) -> None:
        self.db.close()

    def done_doc(self, sha256: str) -> str | None:
        """The doc_id of an input with this content that an earlier run finished, if any."""
        row = self.db.execute(
            "select doc_id from inputs where sha256 = ? and status in ('ok', 'skipped') limit 1", (sha256,)
        ).fetchone()
        return row[0] if row else None

    def previous_doc(self, path: str) -> str | None:
        row = self.db.execute("select doc_id from inputs where path = ?", (path,)).fetchone()
        return row[0] if row else None

    def record(self, row: ManifestRow) -> None:
        self.db.execute(
            "insert into inputs (path, sha256, doc_id, status, error, seconds, pages, run) "
            "values (?, ?, ?, ?, ?, ?, ?, ?) on conflict(path) do update set sha256 = excluded.sha256, "
            "doc_id = excluded.doc_id, status = excluded.status, error = excluded.error, "
            "seconds = excluded.seconds, pages = excluded.pages, run = excluded.run",
            (row.path, row.sha256, row.doc_id, row.status, row.error, row.seconds, row.pages, self.run),
        )

    def still_used(self, doc_id: str) -> bool:
        row = self.db.execute(
            "select 1 from inputs where doc_id = ? and status in ('ok', 'skipped') limit 1", (doc_id,)
        ).fetchone()
        return row is not None

    def manifest(self) -> list[ManifestRow]:
        rows = self.db.execute(
            "select path, sha256, doc_id, status, error, seconds, pages from inputs order by path"
        ).fetchall()
        return [
            ManifestRow(path=p, sha256=s, doc_id=d, status=st, error=e, seconds=sec, pages=pg)
            for p, s, d, st, e, sec, pg in rows
        ]

    def done_doc_ids(self) -> list[str]:
        rows = self.db.execute(
            "select distinct doc_id from inputs where status in ('ok', 'skipped') and doc_id is not null "
            "order by doc_id"
        ).fetchall()
        return [r[0] for r in rows]
