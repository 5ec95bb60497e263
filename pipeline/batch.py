"""The batch: every document opened, its pages read and the document finished in one process pool,
each document's JSON and run state written as soon as it is done, before the next is reported.

The pool starts with the first job (see pipeline.workers). Jobs wait in the batch's own queue
and go to the pool in this order: finishing (it completes a document), opening an input (it
brings more work), OCR pages, text-layer pages with ruled tables (pdfplumber), the other pages;
jobs of one rank in the order queued. A document read wholly from PDF text layers needs no
restore model and is finished here, by a thread of the main process that first imports what
finishing and the tables need, while the workers are busy; any other document is finished in
the pool.

Bad input fails its own manifest row and nothing else. A crashed worker takes the pool down: a
new one runs the jobs it held again, one at a time, and a job that kills a worker on its own
fails (its page is flagged unread). A rerun skips what is done.
"""

from __future__ import annotations

import heapq
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pipeline import export, workers
from pipeline.ingest import InputItem, Opened, PagePlan, discover, sha256_of
from pipeline.model import Page
from pipeline.pages import PageOptions
from pipeline.pdf import MIN_RULING_PATHS
from pipeline.progress import Reporter
from pipeline.review.store import ReviewStore
from pipeline.state import RunState
from schemas.record import Flag, ManifestRow, Record

IN_FLIGHT_PER_WORKER = 3
"""Jobs handed to the pool per worker; the rest wait in the batch's queue, in rank order."""
TEXT_PAGES_IN_FLIGHT_PER_WORKER = 6
"""As many text-layer pages (some 40 ms each) per worker: a quarter second of work, so the
workers never wait for this process and a page of a higher rank queued later waits little."""
LOOKAHEAD_PER_WORKER = 8
"""Queued jobs per worker above which the next input is not opened yet."""

JobKind = Literal["open", "page", "finish"]


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
    sha256: str
    started: float
    opened: Opened | None = None
    pages: dict[int, Page] = field(default_factory=dict)
    page_errors: list[tuple[int, str]] = field(default_factory=list)
    """(page number, one-line error) of each page that could not be read."""
    outstanding: int = 0


@dataclass(frozen=True)
class _Job:
    kind: JobKind
    doc_id: str
    plan: PagePlan | None = None


def _rank(job: _Job) -> int:
    """0 for the job to run first (see the module docstring)."""
    if job.kind != "page":
        return 0 if job.kind == "finish" else 1
    assert job.plan is not None
    if job.plan.kind != "pdf_text":
        return 2
    return 3 if (job.plan.paths or 0) >= MIN_RULING_PATHS else 4


class Batch:
    def __init__(self, out: Path, options: BatchOptions, reporter: Reporter) -> None:
        self.out = out
        self.options = replace(options, pages=replace(options.pages, out=out))
        self.reporter = reporter
        self.state = RunState(out)
        self.result = BatchResult()
        self.pending: dict[str, _Pending] = {}
        self.queue: list[tuple[int, int, _Job]] = []
        self.queued = 0
        self.futures: dict[Future, tuple[_Job, ProcessPoolExecutor | None]] = {}
        """Each job in flight, and the pool running it (None: the thread finishing here)."""
        self.pool: ProcessPoolExecutor | None = None
        self.here: ThreadPoolExecutor | None = None
        self.claimed: dict[str, str] = {}
        self.suspects: set[_Job] = set()
        """Jobs in flight when a worker crashed, queued or running again."""
        self.model_ready = False

    def run(self, inputs: list[Path]) -> BatchResult:
        _remove_stale_temporaries(self.out)
        items = [i for i in discover(inputs) if not _inside(i.path, self.out)]
        self.reporter.start(len(items))
        try:
            self._loop(items)
        finally:
            if self.pool:
                self.pool.shutdown(cancel_futures=True)
            if self.here:
                self.here.shutdown(cancel_futures=True)
            from pipeline import corrections

            self.result.tables = corrections.refresh(self.out, self.state.done_doc_ids(), self.state.manifest())
            self.state.close()
            self.reporter.close()
        return self.result

    def _loop(self, items: list[InputItem]) -> None:
        waiting = list(reversed(items))
        lookahead = LOOKAHEAD_PER_WORKER * self._workers()
        while waiting or self.queue or self.futures:
            while waiting and len(self.queue) < lookahead:
                self._admit(waiting.pop())
            self._feed()
            self.reporter.running()
            if self.futures:
                done, _ = wait(list(self.futures), return_when=FIRST_COMPLETED)
                for future in done:
                    self._collect(future)

    def _workers(self) -> int:
        return max(1, self.options.workers)

    # -------------------------------------------------------- the pool, and the thread finishing here

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self._workers(), mp_context=workers.context(),
                                   initializer=workers.init_worker)

    def _thread(self) -> ThreadPoolExecutor:
        """The one thread that finishes documents in this process, started after the pool (see
        pipeline.workers: a process that has threads does not fork). Its first job imports what
        finishing and the tables need, while the workers read the first pages."""
        if self.here is None:
            self.here = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vanthu-finish")
            finishing = any(p.opened and not workers.may_need_restore_model(p.opened) for p in self.pending.values())
            self.here.submit(_warm_up, finishing)
        return self.here

    def _queue(self, job: _Job) -> None:
        self.queued += 1
        heapq.heappush(self.queue, (-1 if job in self.suspects else _rank(job), self.queued, job))

    def _feed(self) -> None:
        """Hand queued jobs to the pool in rank order while it holds fewer than IN_FLIGHT_PER_WORKER
        (or, for text-layer pages, TEXT_PAGES_IN_FLIGHT_PER_WORKER) per worker; a document that needs
        no restore model goes to the thread that finishes here."""
        while self.queue:
            job = self.queue[0][2]
            if job.kind == "finish" and not workers.needs_restore_model(self._opened(job.doc_id).document):
                heapq.heappop(self.queue)
                future = self._thread().submit(workers.finish_job, self._opened(job.doc_id).document)
                self.futures[future] = (job, None)
                continue
            if self._in_pool() >= (1 if self.suspects else self._in_flight_limit(job)):
                break  # after a crash, the jobs that were in flight run one at a time (ranked first)
            heapq.heappop(self.queue)
            if self.pool is None:
                self.pool = self._new_pool()
            try:
                future = self._submit(self.pool, job)
            except BrokenProcessPool:  # a worker died since the last look: replace the pool, try once more
                self._replace_pool(self.pool)
                future = self._submit(self.pool, job)
            self.futures[future] = (job, self.pool)
        if self.here is None and self._busy():
            self._thread()

    def _busy(self) -> bool:
        """Whether the pool is at work and holds no job whose result brings it more."""
        kinds = [job.kind for job, pool in self.futures.values() if pool is not None]
        return bool(kinds) and "open" not in kinds

    def _in_pool(self) -> int:
        return sum(pool is not None for _, pool in self.futures.values())

    def _in_flight_limit(self, job: _Job) -> int:
        text_page = job.kind == "page" and job.plan is not None and job.plan.kind == "pdf_text"
        return (TEXT_PAGES_IN_FLIGHT_PER_WORKER if text_page else IN_FLIGHT_PER_WORKER) * self._workers()

    def _submit(self, pool: ProcessPoolExecutor, job: _Job) -> Future:
        if job.kind == "open":
            pending = self.pending[job.doc_id]
            return pool.submit(workers.open_job, pending.item, pending.sha256)
        if job.kind == "page":
            return pool.submit(workers.page_job, job.plan, self.options.pages)
        return pool.submit(workers.finish_job, self._opened(job.doc_id).document)

    def _replace_pool(self, broken: ProcessPoolExecutor | None) -> None:
        if broken is not None and broken is self.pool:
            broken.shutdown(wait=False, cancel_futures=False)
            self.pool = self._new_pool()

    def _collect(self, future: Future) -> None:
        job, pool = self.futures.pop(future)
        try:
            value = future.result()
        except BrokenProcessPool:
            assert pool is not None
            self._recover(job, pool)
            return
        self.suspects.discard(job)
        if job.kind == "open":
            self._opened_now(job.doc_id, value)
        elif job.kind == "page":
            assert job.plan is not None
            self._page_done(job.doc_id, job.plan, value)
        else:
            self._finished(job.doc_id, value)

    def _recover(self, job: _Job, pool: ProcessPoolExecutor) -> None:
        """A worker died (killed, out of memory) and took the pool down: new pool. The jobs it held
        are run again one at a time, so a job that kills its worker alone is known; it fails then."""
        self._replace_pool(pool)
        if job not in self.suspects:
            self.suspects.add(job)
            self._queue(job)
            return
        self.suspects.discard(job)
        if job.plan:
            self._page_done(job.doc_id, job.plan, f"page {job.plan.number}: worker crashed twice")
        else:
            self._finished(job.doc_id, "worker crashed twice")

    # -------------------------------------------------------- documents

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
        doc_id = sha[:16]
        self.pending[doc_id] = _Pending(item=item, sha256=sha, started=started)
        self._queue(_Job("open", doc_id))

    def _opened(self, doc_id: str) -> Opened:
        opened = self.pending[doc_id].opened
        assert opened is not None
        return opened

    def _opened_now(self, doc_id: str, value: Opened | str) -> None:
        pending = self.pending[doc_id]
        if isinstance(value, str):
            self.pending.pop(doc_id)
            self._done(ManifestRow(path=pending.item.display, sha256=pending.sha256, status="failed", error=value,
                                   seconds=round(time.perf_counter() - pending.started, 3)))
            return
        pending.opened = value
        self.reporter.add_pages(len(value.plans))
        if workers.may_need_restore_model(value) and not self.model_ready:
            self.model_ready = True
            _ensure_restore_model(self.reporter)
        if not value.plans:
            self._queue_finish(pending)
        for plan in value.plans:
            self._queue(_Job("page", doc_id, plan))
            pending.outstanding += 1

    def _queue_finish(self, pending: _Pending) -> None:
        """Put the pages read into the document, note the pages that were not, and queue its finishing."""
        assert pending.opened is not None
        doc = pending.opened.document
        if pending.pages:
            doc.pages = [pending.pages[n] for n in sorted(pending.pages)]
            doc.lines = [line for page in doc.pages for line in page.lines]
        for page, message in pending.page_errors:
            doc.notes.append(message)
            doc.flag(Flag(field="pages", value=message, reason="unparsed", page=page))
        self._queue(_Job("finish", doc.doc_id))

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
                self._queue_finish(pending)

    def _finished(self, doc_id: str, value: Record | str) -> None:
        pending = self.pending.pop(doc_id)
        seconds = round(time.perf_counter() - pending.started, 3)
        source = self._source(pending)
        if isinstance(value, str):
            row = ManifestRow(path=pending.item.display, sha256=pending.sha256, status="failed", error=value,
                              seconds=seconds, pages=source.pages if source else 0)
            self._done(row)
            return
        store = ReviewStore.existing(self.out)
        if store is not None:  # archivists' decisions to apply (pipeline.corrections loads pyarrow)
            from pipeline import corrections

            value = corrections.apply_corrections(self.out, value, store)
        export.write_record(self.out, value)
        row = ManifestRow(path=pending.item.display, sha256=pending.sha256, doc_id=doc_id, status="ok",
                          seconds=seconds, pages=value.source.pages)
        self.result.records[doc_id] = value
        self._done(row, value)

    @staticmethod
    def _source(pending: _Pending):  # noqa: ANN205 - schemas.record.Source | None
        return pending.opened.document.source if pending.opened else None

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


def _warm_up(finishing: bool) -> None:
    """Import what writing the tables needs (0.2 s), and when `finishing` documents here, what that
    needs (0.3 s more), while the workers are busy."""
    export.arrow()
    import pyarrow.parquet  # noqa: F401

    import pipeline.corrections  # noqa: F401

    if finishing:
        import pipeline.segment
        import pipeline.tables
        import pipeline.validate  # noqa: F401


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
