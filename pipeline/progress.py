"""Progress of a batch: a rich bar (documents and pages) on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from schemas.record import ManifestRow, Record

if TYPE_CHECKING:
    from rich.console import Console


class Reporter:
    """Told what the batch does; prints it. This base prints nothing."""

    def note(self, message: str) -> None: ...
    def start(self, documents: int) -> None: ...
    def running(self) -> None:
        """The batch's workers are started: from now on a reporter may run a thread of its own."""
    def add_pages(self, pages: int) -> None: ...
    def page_done(self) -> None: ...
    def document_done(self, row: ManifestRow, record: Record | None) -> None: ...
    def close(self) -> None: ...


def describe(row: ManifestRow) -> str:
    if row.status == "failed":
        return f"failed   {row.path}: {row.error}"
    if row.status == "skipped":
        reason = f" ({row.error})" if row.error else " (done before; --force redoes it)"
        return f"skipped  {row.path}{reason}"
    return f"ok       {row.path} ({row.pages} page{'s' if row.pages != 1 else ''}, {row.seconds:.1f} s)"


class LineReporter(Reporter):
    """One line per document, for logs and pipes."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = 0
        self.count = 0

    def note(self, message: str) -> None:
        print(f"vanthu: {message}", file=self.stream, flush=True)

    def start(self, documents: int) -> None:
        self.total = documents
        print(f"vanthu: {documents} input{'s' if documents != 1 else ''}", file=self.stream, flush=True)

    def document_done(self, row: ManifestRow, record: Record | None) -> None:
        self.count += 1
        print(f"[{self.count}/{self.total}] {describe(row)}", file=self.stream, flush=True)


class BarReporter(Reporter):
    """Two live bars on a terminal; failures printed above them as they happen.

    The bars, and the thread that redraws them, appear once the batch has started its workers,
    which it forks only while this process has no other thread (see pipeline.workers).
    """

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=self.console, transient=False,
        )
        self.docs = self.progress.add_task("documents", total=0)
        self.pages = self.progress.add_task("pages", total=0)
        self.live = False

    def note(self, message: str) -> None:
        self.console.print(f"vanthu: {message}", highlight=False)

    def start(self, documents: int) -> None:
        self.progress.update(self.docs, total=documents)

    def running(self) -> None:
        if not self.live:
            self.live = True
            self.progress.start()

    def add_pages(self, pages: int) -> None:
        task = self.progress.tasks[self.pages]
        self.progress.update(self.pages, total=(task.total or 0) + pages)

    def page_done(self) -> None:
        self.running()
        self.progress.advance(self.pages)

    def document_done(self, row: ManifestRow, record: Record | None) -> None:
        self.running()
        if row.status == "failed":
            self.progress.console.print(f"[red]{describe(row)}[/red]", markup=True, highlight=False)
        self.progress.advance(self.docs)

    def close(self) -> None:
        if self.live:
            self.progress.stop()


def reporter_for(stream: TextIO | None = None, quiet: bool = False) -> Reporter:
    if quiet:
        return Reporter()
    stream = stream or sys.stderr
    return BarReporter() if stream.isatty() else LineReporter(stream)
