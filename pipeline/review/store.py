"""OUT/review.sqlite: the archivists' decisions as an append-only audit trail.

Every save is one `events` row (field, old value, new value, user, time) and is never updated
or deleted (triggers refuse it). Undo is an event too: it takes back the latest decision on a
field that is still in force. A field's decisions follow its document by doc_id and by source
path, so they survive a new scan of the same file (then they are stale: another sha256).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "review.sqlite"
ACTIONS = ("correct", "accept", "reject", "undo")

SCHEMA = """
create table if not exists events (
    id integer primary key autoincrement,
    doc_id text not null,
    source_path text not null,
    sha256 text not null,
    field text not null,
    action text not null check (action in ('correct', 'accept', 'reject', 'undo')),
    old_value text,
    new_value text,
    original text,
    user text not null,
    at text not null,
    undoes integer references events (id)
);
create index if not exists events_by_doc on events (doc_id, field);
create index if not exists events_by_path on events (source_path, field);
create trigger if not exists events_append_only_update before update on events
begin select raise(abort, 'the review audit trail is append-only'); end;
create trigger if not exists events_append_only_delete before delete on events
begin select raise(abort, 'the review audit trail is append-only'); end;
"""


@dataclass(frozen=True)
class Event:
    id: int
    doc_id: str
    source_path: str
    sha256: str
    field: str
    action: str
    old_value: str | None
    new_value: str | None
    original: str | None
    user: str
    at: str
    undoes: int | None

    @property
    def at_time(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)


@dataclass(frozen=True)
class FieldState:
    """Where a field stands: the decision in force (None: the pipeline's value) and the latest event id."""

    top: Event | None
    version: int


@dataclass(frozen=True)
class Conflict:
    """Someone saved this field since the archivist loaded it."""

    theirs: Event | None
    current: str | None
    version: int


@dataclass(frozen=True)
class DocKey:
    doc_id: str
    source_path: str
    sha256: str


def fold(events: Iterable[Event]) -> dict[str, FieldState]:
    """Per field, the decision in force after replaying `events` (oldest first)."""
    stacks: dict[str, list[Event]] = {}
    latest: dict[str, int] = {}
    for event in events:
        stack = stacks.setdefault(event.field, [])
        latest[event.field] = event.id
        if event.action == "undo":
            if stack:
                stack.pop()
        else:
            stack.append(event)
    return {name: FieldState(stack[-1] if stack else None, latest[name]) for name, stack in stacks.items()}


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class ReviewStore:
    """One connection per call: safe from the web server's threads and from other processes."""

    def __init__(self, out: Path, create: bool = True) -> None:
        self.path = out / FILE_NAME
        if create:
            with closing(self._connect()) as db:
                db.executescript(SCHEMA)

    @classmethod
    def existing(cls, out: Path) -> ReviewStore | None:
        """The store of OUT if archivists ever saved anything there, without creating one."""
        return cls(out, create=False) if (out / FILE_NAME).exists() else None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("pragma journal_mode=wal")
        db.execute("pragma synchronous=full")
        return db

    def all_events(self) -> list[Event]:
        with closing(self._connect()) as db:
            return [Event(*row) for row in db.execute("select * from events order by id")]

    def events_for(self, doc: DocKey, field: str | None = None) -> list[Event]:
        """The events of a document: same doc_id, or same source path (an earlier scan of it)."""
        query = "select * from events where (doc_id = ? or source_path = ?)"
        args: tuple = (doc.doc_id, doc.source_path)
        if field is not None:
            query += " and field = ?"
            args += (field,)
        with closing(self._connect()) as db:
            return [Event(*row) for row in db.execute(query + " order by id", args)]

    def state_of(self, doc: DocKey, field: str) -> FieldState:
        return fold(self.events_for(doc, field)).get(field, FieldState(None, 0))

    def save(self, doc: DocKey, field: str, action: str, value: str | None, original: str | None,
             version: int, user: str) -> Event | Conflict | None:
        """Append a decision unless the field changed since `version` (then a Conflict).

        `original` is the pipeline's value; undo ignores `value`. Returns None when nothing
        needed saving (the same value is already in force, or nothing to undo).
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        with closing(self._connect()) as db:
            db.execute("begin immediate")
            try:
                rows = db.execute("select * from events where (doc_id = ? or source_path = ?) and field = ? "
                                  "order by id", (doc.doc_id, doc.source_path, field)).fetchall()
                state = fold(Event(*row) for row in rows).get(field, FieldState(None, 0))
                current = state.top.new_value if state.top else original
                fresh = state.top is None or state.top.sha256 == doc.sha256
                if action == "undo":
                    event = self._undo(db, doc, field, state, original, version, user)
                elif state.version != version and not (value == current and fresh):
                    db.execute("rollback")
                    return Conflict(theirs=state.top, current=current, version=state.version)
                elif value == current and fresh and (state.top or action == "correct"):
                    event = None  # already so: nothing to record
                else:
                    event = self._insert(db, doc, field, action, current, value, original, user, None)
                db.execute("commit")
                return event
            except BaseException:
                if db.in_transaction:
                    db.execute("rollback")
                raise

    def _undo(self, db: sqlite3.Connection, doc: DocKey, field: str, state: FieldState,
              original: str | None, version: int, user: str) -> Event | Conflict | None:
        if state.version != version:
            current = state.top.new_value if state.top else original
            return Conflict(theirs=state.top, current=current, version=state.version)
        if state.top is None:
            return None
        rows = db.execute("select * from events where (doc_id = ? or source_path = ?) and field = ? and id < ? "
                          "order by id", (doc.doc_id, doc.source_path, field, state.top.id)).fetchall()
        below = fold(Event(*row) for row in rows).get(field, FieldState(None, 0)).top
        restored = below.new_value if below else original
        return self._insert(db, doc, field, "undo", state.top.new_value, restored, original, user, state.top.id)

    @staticmethod
    def _insert(db: sqlite3.Connection, doc: DocKey, field: str, action: str, old: str | None, new: str | None,
                original: str | None, user: str, undoes: int | None) -> Event:
        at = now()
        cursor = db.execute(
            "insert into events (doc_id, source_path, sha256, field, action, old_value, new_value, original, "
            "user, at, undoes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.doc_id, doc.source_path, doc.sha256, field, action, old, new, original, user, at, undoes),
        )
        return Event(int(cursor.lastrowid or 0), doc.doc_id, doc.source_path, doc.sha256, field, action, old,
                     new, original, user, at, undoes)
