"""The batch: every page of every document through one process pool, each document finished as
soon as its pages are in, its JSON and run state written before the next is reported.

Bad input fails its own manifest row and nothing else; a crashed worker is replaced and its
work retried once; a rerun skips what is done.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import corrections, export
from pipeline.errors import InputError
from pipeline.ingest import InputItem, Opened, PagePlan, discover, open_document, sha256_of
from pipeline.model import Document, Page
from pipeline.pages import PageOptions, read_page
from pipeline.progress import Reporter
from pipeline.state import RunState
from schemas.record import Flag, ManifestRow, Record

WORKER_MEMORY_LIMIT = 4 << 30
"""Address-space cap per worker: a runaway page fails with MemoryError instead of the machine."""


@dataclass(frozen=True)
class BatchOptions:
    workers: int = os.cpu_count() or 1
    force: bool = False
    pages: PageOptions = field(default_factory=PageOptions)


@dataclass
class BatchResult:
    rows: list[ManifestRow] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return sum(r.status == "failed" for r in self.rows)


@dataclass
class _Pending:
    item: InputItem
    opened: Opened
    started: float
    pages: dict[int, Page] = field(default_factory=dict)
    page_errors: list[tuple[int, str]] = field(default_factory=list)
    """(page number, one-line error) of each page that could not be read."""
    outstanding: int = 0
    retries: dict[int, int] = field(default_factory=dict)


# ---------------------------------------------------------------- worker side


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = WORKER_MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(hard, WORKER_MEMORY_LIMIT)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _page_job(plan: PagePlan, options: PageOptions) -> Page | str:
    try:
        return read_page(plan, options)
    except InputError as exc:
        return str(exc)
    except MemoryError:
        return f"page {plan.number}: out of memory"
    except Exception as exc:  # a page we cannot read must not take its document down
        return f"page {plan.number}: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}"


def finish_document(doc: Document) -> Record:
    """restore → segment → tables → validate, in that order."""
    from pipeline.restore import restore
    from pipeline.segment import segment
    from pipeline.tables import tables
    from pipeline.validate import validate

    for stage in (restore, segment, tables, validate):
        doc = stage(doc)
    return doc.record


def _finish_job(doc: Document) -> Record | str:
    try:
        return finish_document(doc)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return (f"internal error ({type(exc).__name__} at {Path(where.filename).name}:{where.lineno}): "
                f"{' '.join(str(exc).split())[:160]}")


# ---------------------------------------------------------------- main side


class Batch:
    def __init__(self, out: Path, options: BatchOptions, reporter: Reporter) -> None:
        self.out = out
        self.options = replace(options, pages=replace(options.pages, out=out))
        self.reporter = reporter
        self.state = RunState(out)
        self.result = BatchResult()
        self.pending: dict[str, _Pending] = {}
        self.futures: dict[Future, tuple[str, str, PagePlan | None]] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.claimed: dict[str, str] = {}

    def run(self, inputs: list[Path]) -> BatchResult:
        _remove_stale_temporaries(self.out)
        items = [i for i in discover(inputs) if not _inside(i.path, self.out)]
        _ensure_restore_model(self.reporter)
        self.reporter.start(len(items))
        try:
            self.pool = self._new_pool()
            for item in items:
                self._admit(item)
            self._drain()
        finally:
            if self.pool:
                self.pool.shutdown(cancel_futures=True)
            self.result.tables = corrections.refresh(self.out, self.state.done_doc_ids(), self.state.manifest())
            self.state.close()
            self.reporter.close()
        return self.result

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=max(1, self.options.workers),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
        )

    def _admit(self, item: InputItem) -> None:
        started = time.perf_counter()
        try:
            sha = sha256_of(item)
        except OSError as exc:
            self._done(ManifestRow(path=item.display, status="failed", error=f"cannot read: {exc.strerror}"))
            return
        if sha in self.claimed:
            self._done(ManifestRow(path=item.display, sha256=sha, doc_id=sha[:16], status="skipped",
                                   error=f"same content as {self.claimed[sha]}"))
            return
        self.claimed[sha] = item.display
        if not self.options.force and (doc_id := self.state.done_doc(sha)) and export.json_path(
            self.out, doc_id
        ).exists():
            self._done(ManifestRow(path=item.display, sha256=sha, doc_id=doc_id, status="skipped"))
            return
        try:
            opened = open_document(item, sha)
        except InputError as exc:
            self._done(ManifestRow(path=item.display, sha256=sha, status="failed", error=str(exc),
                                   seconds=round(time.perf_counter() - started, 3)))
            return
        pending = _Pending(item=item, opened=opened, started=started)
        self.pending[opened.document.doc_id] = pending
        self.reporter.add_pages(len(opened.plans))
        if not opened.plans:
            self._submit_finish(pending)
        for plan in opened.plans:
            self._submit_page(opened.document.doc_id, plan)
            pending.outstanding += 1

    def _submit_page(self, doc_id: str, plan: PagePlan) -> None:
        future = self.pool.submit(_page_job, plan, self.options.pages)
        self.futures[future] = ("page", doc_id, plan)

    def _submit_finish(self, pending: _Pending) -> None:
        doc = pending.opened.document
        if pending.pages:
            doc.pages = [pending.pages[n] for n in sorted(pending.pages)]
            doc.lines = [line for page in doc.pages for line in page.lines]
        for page, message in pending.page_errors:
            doc.notes.append(message)
            doc.flag(Flag(field="pages", value=message, reason="unparsed", page=page))
        future = self.pool.submit(_finish_job, doc)
        self.futures[future] = ("finish", doc.doc_id, None)

    def _drain(self) -> None:
        while self.futures:
            done, _ = wait(list(self.futures), return_when=FIRST_COMPLETED)
            for future in done:
                kind, doc_id, plan = self.futures.pop(future)
                try:
                    value = future.result()
                except BrokenProcessPool:
                    self._recover(kind, doc_id, plan)
                    continue
                if kind == "page":
                    self._page_done(doc_id, plan, value)
                else:
                    self._finished(doc_id, value)

    def _recover(self, kind: str, doc_id: str, plan: PagePlan | None) -> None:
        """A worker died (killed, out of memory): new pool, retry once, then fail that work."""
        if self.pool:
            self.pool.shutdown(wait=False, cancel_futures=False)
        self.pool = self._new_pool()
        pending = self.pending[doc_id]
        key = plan.number if plan else 0
        pending.retries[key] = pending.retries.get(key, 0) + 1
        if pending.retries[key] > 1:
            message = f"page {plan.number}: worker crashed twice" if plan else "worker crashed twice"
            if plan:
                self._page_done(doc_id, plan, message)
            else:
                self._finished(doc_id, message)
            return
        if plan:
            self._submit_page(doc_id, plan)
        else:
            self._submit_finish(pending)

    def _page_done(self, doc_id: str, plan: PagePlan, value: Page | str) -> None:
        pending = self.pending[doc_id]
        pending.outstanding -= 1
        if isinstance(value, Page):
            pending.pages[plan.number] = value
        else:
            pending.page_errors.append((plan.number, value))
        self.reporter.page_done()
        if pending.outstanding == 0:
            if not pending.pages:
                self._finished(doc_id, "; ".join(m for _, m in pending.page_errors) or "no readable page")
            else:
                self._submit_finish(pending)

    def _finished(self, doc_id: str, value: Record | str) -> None:
        pending = self.pending.pop(doc_id)
        seconds = round(time.perf_counter() - pending.started, 3)
        source = pending.opened.document.source
        if isinstance(value, str):
            row = ManifestRow(path=pending.item.display, sha256=source.sha256, status="failed", error=value,
                              seconds=seconds, pages=source.pages)
            self._done(row)
            return
        value = corrections.apply_corrections(self.out, value)
        export.write_record(self.out, value)
        row = ManifestRow(path=pending.item.display, sha256=source.sha256, doc_id=doc_id, status="ok",
                          seconds=seconds, pages=source.pages)
        self.result.records[doc_id] = value
        self._done(row, value)

    def _done(self, row: ManifestRow, record: Record | None = None) -> None:
        previous = self.state.previous_doc(row.path)
        self.state.record(row)
        if previous and previous != row.doc_id and not self.state.still_used(previous):
            export.json_path(self.out, previous).unlink(missing_ok=True)
        self.result.rows.append(row)
        self.reporter.document_done(row, record)


def convert(inputs: list[Path], out: Path, options: BatchOptions, reporter: Reporter) -> BatchResult:
    out.mkdir(parents=True, exist_ok=True)
    return Batch(out, options, reporter).run(inputs)


def _ensure_restore_model(reporter: Reporter) -> None:
    """Build a missing or stale restore model once, here, rather than in every worker at once."""
    from pipeline.restore import build, store

    if not store.is_current():
        reporter.note(f"building the restore model in {store.model_dir()} (once; `make setup` does it ahead)")
        build.build()


def _remove_stale_temporaries(out: Path) -> None:
    """Half-written files of a run that was killed: never read, safe to drop."""
    for folder in (out, out / "json"):
        for temporary in folder.glob(".*.tmp"):
            temporary.unlink(missing_ok=True)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


