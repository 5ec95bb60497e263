"""The batch's worker processes: how they start, and the jobs they run.

Workers are forked from the main process when that is safe: a fork starts in a millisecond with
the PDF reader already imported, where a spawned worker starts a fresh interpreter and imports
everything again (0.3 s of CPU each). Safe means Linux, and no other thread in this process,
neither Python's (a progress bar's refresh, the batch's finishing thread, a previous pool's
manager) nor native ones from libraries that may start them on import (numpy's BLAS, pyarrow,
OpenCV): a forked child gets only the forking thread, and a lock another thread held stays
locked in it. The batch starts its pool before any of those; a pool started later (after a
worker crashed) comes from a fork server that imported this module once.

A job never raises: it returns its result or a one-line error, so a bad input fails its own
manifest row and nothing else.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TypeVar

from pipeline.errors import InputError, one_line
from pipeline.ingest import InputItem, Opened, PagePlan, open_document
from pipeline.model import Document, Page
from pipeline.pages import PageOptions, read_page
from schemas.record import Record

WORKER_MEMORY_LIMIT = 4 << 30
"""Address-space cap per worker: a runaway page fails with MemoryError instead of the machine."""
PRELOAD = [__name__]
"""Modules the fork server imports for every worker."""
THREADED_MODULES = ("numpy", "pyarrow", "cv2", "torch")
"""Modules whose import may start native threads."""

T = TypeVar("T")


def context() -> BaseContext:
    """The start method for a new pool of workers."""
    if can_fork():
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(PRELOAD)
        return forkserver
    return multiprocessing.get_context("spawn")


def can_fork() -> bool:
    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and not any(name in sys.modules for name in THREADED_MODULES))


def init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    _name_process("python")  # as a spawned worker is named: process tools look for it
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = WORKER_MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(hard, WORKER_MEMORY_LIMIT)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _name_process(name: str) -> None:
    """Set the process name `ps` and /proc show (Linux; elsewhere nothing)."""
    try:
        with open("/proc/self/comm", "w") as comm:
            comm.write(name[:15])
    except OSError:
        pass


# ---------------------------------------------------------------- jobs


def open_job(item: InputItem, sha256: str) -> Opened | str:
    """Check the input and plan its pages (reading a PDF's page facts costs some ms a page)."""
    return _guarded(lambda: open_document(item, sha256), "out of memory while opening", "cannot open")


def page_job(plan: PagePlan, options: PageOptions) -> Page | str:
    """One page read; a page we cannot read must not take its document down."""
    where = f"page {plan.number}"
    return _guarded(lambda: read_page(plan, options), f"{where}: out of memory", where)


def _guarded(work: Callable[[], T], out_of_memory: str, failed: str) -> T | str:
    """`work()`, or the one-line error of the input it could not read: an InputError's own
    message, `out_of_memory`, or `failed` followed by the exception's type and message."""
    try:
        return work()
    except InputError as exc:
        return str(exc)
    except MemoryError:
        return out_of_memory
    except Exception as exc:
        return f"{failed}: {type(exc).__name__}: {one_line(exc)}"


def finish_document(doc: Document) -> Record:
    """restore → segment → tables → validate, in that order."""
    from pipeline.restore import restore
    from pipeline.segment import segment
    from pipeline.tables import tables
    from pipeline.validate import validate

    for stage in (restore, segment, tables, validate):
        doc = stage(doc)
    return doc.record


def finish_job(doc: Document) -> Record | str:
    try:
        return finish_document(doc)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return (f"internal error ({type(exc).__name__} at {Path(where.filename).name}:{where.lineno}): "
                f"{one_line(exc)}")


def needs_restore_model(doc: Document) -> bool:
    """Whether restore loads its model for this document: any page not read from a PDF text layer."""
    return not doc.pages or any(page.source != "text_layer" for page in doc.pages)


def may_need_restore_model(opened: Opened) -> bool:
    """`needs_restore_model` as far as the page plans tell, before the pages are read."""
    return not opened.plans or any(plan.kind != "pdf_text" for plan in opened.plans)
