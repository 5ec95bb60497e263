"""The `vanthu` command line: options are checked here, once, and the stages trust them.

Exit status: 0 when every input succeeded (or was already done), 1 when any failed,
2 on bad usage.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline import __version__

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="vanthu",
    help="Scanned Vietnamese administrative plans → validated JSON and Parquet records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _check_workers(value: int) -> int:
    if value < 1:
        raise typer.BadParameter("must be at least 1")
    return value


def _check_lang(value: str) -> str:
    try:
        known = tesseract_languages()
    except OSError as exc:  # Tesseract missing
        raise typer.BadParameter(f"Tesseract is not usable: {exc}; run `make setup`") from None
    missing = [part for part in value.split("+") if part not in known]
    if missing:
        raise typer.BadParameter(f"no Tesseract model for {', '.join(missing)}; installed: {', '.join(known)}")
    return value


def tesseract_languages() -> list[str]:
    """The installed Tesseract models, as `tesseract --list-langs` names them.

    Asked directly rather than through pipeline.ocr, which loads OpenCV and pytesseract: a
    batch that needs no OCR never pays for them.
    """
    try:
        proc = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise OSError("`tesseract --list-langs` did not answer") from None
    if proc.returncode not in (0, 1):
        raise OSError(f"`tesseract --list-langs` exited {proc.returncode}")
    return [line.strip() for line in proc.stdout.splitlines() if re.fullmatch(r"[a-z_]+", line.strip())]


@app.command()
def convert(
    inputs: Annotated[list[Path], typer.Argument(help="PDF, image and .txt files, page-image folders, or folders of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (created if missing).")],
    workers: Annotated[int, typer.Option("--workers", "-j", callback=_check_workers,
                                         help="Worker processes; each runs one Tesseract thread.")] = os.cpu_count() or 1,
    force: Annotated[bool, typer.Option("--force", help="Redo inputs an earlier run already converted.")] = False,
    lang: Annotated[str, typer.Option(callback=_check_lang, help="Tesseract language model(s), e.g. vie or vie+eng.")] = "vie",
    cleanup: Annotated[str | None, typer.Option(help="Cleanup steps to run, comma-separated, 'all' or 'none' (default: all but binarize).")] = None,
    ocr_timeout: Annotated[float, typer.Option(min=0, help="Seconds Tesseract may spend on one page; a page past it is flagged unread (0: no limit).")] = 180.0,
    summary: Annotated[bool | None, typer.Option("--summary/--no-summary", help="Print a table of what was found (default: on a terminal).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Convert documents into OUT/json/*.json and OUT/*.parquet; rerun to resume."""
    from pipeline.batch import BatchOptions
    from pipeline.batch import convert as run_batch
    from pipeline.pages import PageOptions
    from pipeline.progress import reporter_for

    cleanup_options = None
    if cleanup is not None:  # the default steps need no check (nor OpenCV loaded to check them)
        from pipeline.cleanup import CleanupOptions

        try:
            cleanup_options = CleanupOptions.from_names(cleanup)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--cleanup") from None
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} is a file, not a folder", param_hint="--out")
    options = BatchOptions(workers=workers, force=force, pages=PageOptions(lang=lang, cleanup=cleanup_options, ocr_timeout=ocr_timeout))
    result = run_batch(inputs, out, options, reporter_for(quiet=quiet))
    if summary if summary is not None else sys.stdout.isatty():
        from rich.console import Console

        print_summary(Console() if sys.stdout.isatty() else Console(width=140), result)
    counts = {s: sum(r.status == s for r in result.rows) for s in ("ok", "skipped", "failed")}
    if not quiet:
        _stderr().print(f"{counts['ok']} converted, {counts['skipped']} skipped, {counts['failed']} failed → {out}",
                        highlight=False)
    raise typer.Exit(1 if result.failed else 0)


def print_summary(console: Console, result) -> None:  # noqa: ANN001 - BatchResult
    """A table of the converted documents, then one line per input not converted now."""
    from rich import box
    from rich.table import Table

    from pipeline.validate import symbol_code

    table = Table(title="vanthu: what was found", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("input", max_width=30, no_wrap=True, overflow="ellipsis")
    table.add_column("type", no_wrap=True)
    table.add_column("number", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("issuer", ratio=1, min_width=16, overflow="fold")
    for column in ("sections", "refs", "tasks", "flags"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in result.rows:
        record = result.records.get(row.doc_id or "")
        if record is not None:
            kind = symbol_code(record.number) or (record.doc_type or "?")
            table.add_row(
                Path(row.path).name, kind, record.number or "?", str(record.issued_date or "?"),
                record.issuer.name or "?", str(len(record.sections)), str(len(record.references)),
                str(len(record.appendix_tasks)), str(len(record.flags)),
            )
    if table.row_count:
        console.print(table)
    for row in result.rows:
        if row.status != "ok":
            console.print(f"{row.status}: {row.path}" + (f": {row.error}" if row.error else ""),
                          highlight=False, soft_wrap=True)


@app.command()
def export(out: Annotated[Path, typer.Argument(help="An output folder of `vanthu convert`.")]) -> None:
    """Apply review corrections to OUT's JSON records and rebuild its Parquet tables."""
    from pipeline.corrections import refresh
    from pipeline.state import RunState

    _check_out(out)
    state = RunState(out)
    try:
        counts = refresh(out, state.done_doc_ids(), state.manifest())
    finally:
        state.close()
    _stderr().print(", ".join(f"{name}: {n}" for name, n in counts.items()), highlight=False)


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help="An output folder of `vanthu convert`.")],
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8765,
    user: Annotated[str | None, typer.Option(help="Archivist recorded with each decision (default: login name).")] = None,
    token: Annotated[str | None, typer.Option(envvar="VANTHU_REVIEW_TOKEN",
                                              help="Secret a browser presents once as ?token=…")] = None,
) -> None:
    """Review flagged fields beside the page image in a local web app; prints its address."""
    import getpass

    from pipeline.review import serve

    _check_out(out)
    try:
        serve(out, host, port, user or getpass.getuser(), token)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    except OSError as exc:
        _stderr().print(f"cannot listen on {host}:{port}: {exc.strerror or exc}", highlight=False)
        raise typer.Exit(1) from None


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _check_out(out: Path) -> None:
    if not (out / ".vanthu" / "state.sqlite").exists():
        raise typer.BadParameter(f"{out} is not an output folder of `vanthu convert`")


@app.command("train-lm")
def train_lm(
    corpus: Annotated[list[Path], typer.Argument(help="Diacritized Vietnamese text: .txt or .md files, PDFs with a text layer, or folders of them.")],
) -> None:
    """Add your own diacritized text to the restore language model."""
    from pipeline.restore.train import train_lm as train

    missing = [str(p) for p in corpus if not p.exists()]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {', '.join(missing)}")
    stats = train(corpus)
    _stderr().print(", ".join(f"{k}: {v}" for k, v in stats.items()), highlight=False)


@app.command()
def version() -> None:
    """Print the versions of vanthu and Tesseract."""
    from pipeline import ocr

    typer.echo(f"vanthu {__version__}, tesseract {ocr.version()}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
