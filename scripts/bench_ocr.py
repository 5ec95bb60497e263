"""OCR benchmark on ../shared/dev/scans: accuracy (score.py ser), speed against plain Tesseract,
pages per second on born-digital PDFs, and peak memory per worker.

    python scripts/bench_ocr.py --shared ../shared            # everything (`make bench-ocr`)
    python scripts/bench_ocr.py --part quality --cleanup none # ser only, one cleanup setting
    python scripts/bench_ocr.py --part steps --only worst     # each cleanup step's effect

Speed is measured side by side in one run, in alternating rounds: `vanthu convert` over the
scanned PDFs against `tesseract IMAGE OUT -l vie` over the same page images (extracted from
the PDFs beforehand), both with the same number of processes and one thread each
(OMP_THREAD_LIMIT=1). The machine may be shared, so only ratios of the same round count.
The dev data is used to measure, never to tune. Without ../shared this prints so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {".scan.pdf": 0.01, ".fax.pdf": 0.02, ".worst.pdf": 0.03}
RATIO_TARGET, DIGITAL_TARGET, RSS_TARGET_MB = 1.15, 10.0, 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench-ocr")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating speed rounds")
    parser.add_argument("--cleanup", default=None, help="cleanup steps for the tool (default: its defaults)")
    parser.add_argument("--only", default="", help="comma-separated substrings of the file names to use")
    parser.add_argument("--part", default="all", choices=["all", "quality", "speed", "digital", "steps"])
    parser.add_argument(
        "--runner",
        default="auto",
        choices=["auto", "cli", "pages"],
        help="cli: `vanthu convert`; pages: pipeline.pages.read_page in a pool",
    )
    args = parser.parse_args()
    scans_dir = args.shared / "dev" / "scans"
    if not scans_dir.is_dir():
        print(f"bench-ocr: {scans_dir} not found; nothing to measure")
        return 0
    os.environ["OMP_THREAD_LIMIT"] = "1"
    wanted = [w for w in args.only.split(",") if w]
    pick = [p for p in sorted(scans_dir.glob("*.pdf")) if not wanted or any(w in p.name for w in wanted)]
    scans = [p for p in pick if any(p.name.endswith(s) for s in TARGETS)]
    digital = [p for p in pick if p.name.endswith(".digital.pdf")]
    gold = scans_dir / "gold"
    score = args.shared / "eval" / "score.py"
    runner = (
        args.runner
        if args.runner != "auto"
        else ("cli" if (ROOT / "pipeline" / "cli.py").exists() else "pages")
    )
    args.out.mkdir(parents=True, exist_ok=True)
    print(
        f"bench-ocr: {len(scans)} scanned PDFs, {len(digital)} digital PDFs, {args.workers} workers, "
        f"runner {runner}, cleanup {args.cleanup or 'default'}, load {os.getloadavg()[0]:.1f}"
    )
    if args.part == "steps":
        steps_table(scans, args, gold, score)
        return 0
    if args.part in ("all", "quality", "speed") and scans:
        tool_out = args.out / "tool"
        if args.part in ("all", "speed"):
            speed(scans, args, runner, tool_out)
        else:
            run_tool(runner, scans, tool_out, args.workers, args.cleanup)
        report_quality(score, tool_out, gold, "vanthu", targets=True)
    if args.part in ("all", "digital") and digital:
        digital_speed(digital, args, runner, score, gold)
    return 0


# ---------------------------------------------------------------- the two contenders


def run_tool(runner: str, pdfs: list[Path], out: Path, workers: int, cleanup: str | None) -> dict:
    """Convert `pdfs` into OUT/json; wall and CPU seconds, and peak RSS per process (MB)."""
    warm_restore_model()
    if runner == "cli":
        cmd = [
            str(ROOT / ".venv" / "bin" / "vanthu"),
            "convert",
            *map(str, pdfs),
            "--out",
            str(out),
            "--workers",
            str(workers),
            "--force",
            "--quiet",
            "--no-summary",
        ]
        if cleanup:
            cmd += ["--cleanup", cleanup]
        return timed(cmd)
    cmd = [sys.executable, __file__, "--worker-run", str(out), str(workers), cleanup or "", *map(str, pdfs)]
    return timed(cmd)


def warm_restore_model() -> None:
    """Build the restore model now if its sources changed, so no timed run pays for that."""
    if runner_has_restore():
        subprocess.run(
            [sys.executable, "-m", "pipeline.restore.build", "--if-missing"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )


def runner_has_restore() -> bool:
    return (ROOT / "pipeline" / "restore" / "build.py").exists()


def run_tesseract(images: list[Path], out: Path, workers: int) -> dict:
    """Plain `tesseract IMAGE OUT -l vie` over the page images, `workers` at a time."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()

    def one(image: Path) -> None:
        subprocess.run(
            ["tesseract", str(image), str(out / image.stem), "-l", "vie"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, images))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": wall, "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime}


def timed(cmd: list[str]) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[str, float]] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=watch_memory, args=(proc.pid, peaks, stop), daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    stop.set()
    watcher.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        print(stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"tool failed with exit status {proc.returncode}")
    workers = [mb for pid, (name, mb) in peaks.items() if pid != proc.pid and name.startswith("python")]
    ocr = [mb for pid, (name, mb) in peaks.items() if name.startswith("tesseract")]
    return {
        "wall": wall,
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "rss_main": peaks.get(proc.pid, ("", 0.0))[1],
        "rss_worker": max(workers, default=0.0),
        "rss_tesseract": max(ocr, default=0.0),
    }


def watch_memory(root: int, peaks: dict[int, tuple[str, float]], stop: threading.Event) -> None:
    """Poll /proc for the peak resident memory (VmHWM) of `root` and all its descendants."""
    while not stop.wait(0.05):
        for pid in descendants(root):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if "VmHWM" in fields:
                mb = int(fields["VmHWM"].split()[0]) / 1024
                name = fields.get("Name", "").strip()
                if mb > peaks.get(pid, ("", 0.0))[1]:
                    peaks[pid] = (name, mb)


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


# ---------------------------------------------------------------- parts


def speed(scans: list[Path], args: argparse.Namespace, runner: str, tool_out: Path) -> None:
    images = extract_page_images(scans, args.out / "page-images")
    print(
        f"speed: {len(images)} pages, {args.rounds} alternating rounds "
        f"(tool: {runner} over the PDFs; tesseract -l vie over the extracted page images)"
    )
    ratios, cpu_ratios, tool_runs = [], [], []
    for n in range(args.rounds):
        order = ("tool", "tess") if n % 2 == 0 else ("tess", "tool")
        result = {}
        for who in order:
            if who == "tool":
                result[who] = run_tool(runner, scans, tool_out, args.workers, args.cleanup)
            else:
                result[who] = run_tesseract(images, args.out / "tesseract", args.workers)
        tool, tess = result["tool"], result["tess"]
        tool_runs.append(tool)
        ratios.append(tool["wall"] / tess["wall"])
        cpu_ratios.append(tool["cpu"] / tess["cpu"])
        print(
            f"  round {n + 1}: vanthu {tool['wall']:.1f} s wall {tool['cpu']:.1f} s cpu | tesseract "
            f"{tess['wall']:.1f} s wall {tess['cpu']:.1f} s cpu | ratio wall {ratios[-1]:.3f} "
            f"cpu {cpu_ratios[-1]:.3f}  (load {os.getloadavg()[0]:.1f})"
        )
    ratio = statistics.median(ratios)
    print(
        f"speed: wall ratio median {ratio:.3f} (target ≤ {RATIO_TARGET}) {'OK' if ratio <= RATIO_TARGET else 'MISSED'}; "
        f"cpu ratio median {statistics.median(cpu_ratios):.3f}"
    )
    report_memory(tool_runs)
    write_baseline_records(images, args.out / "tesseract", args.out / "tesseract-records")
    report_quality(
        args.shared / "eval" / "score.py",
        args.out / "tesseract-records",
        scans[0].parent / "gold",
        "plain tesseract",
        targets=False,
    )


def digital_speed(
    digital: list[Path], args: argparse.Namespace, runner: str, score: Path, gold: Path
) -> None:
    from pipeline import pdf

    pages = sum(len(pdf.page_facts(p)) for p in digital)
    out = args.out / "digital"
    tiny = first_page(digital[0], args.out / "start-up.pdf")
    runs, empty = [], []
    for _ in range(max(1, args.rounds)):
        runs.append(run_tool(runner, digital, out, args.workers, args.cleanup))
        empty.append(run_tool(runner, [tiny], args.out / "start-up", args.workers, args.cleanup))
    best, start = min(r["wall"] for r in runs), min(r["wall"] for r in empty)
    rate, steady = pages / best, (pages - 1) / max(best - start, 1e-3)
    print(
        f"digital: {pages} pages in {best:.2f} s (best of {len(runs)}) = {rate:.1f} pages/s with the tool's "
        f"start-up ({start:.2f} s for a one-page digital PDF), {steady:.1f} pages/s after it "
        f"(target ≥ {DIGITAL_TARGET}) {'OK' if rate >= DIGITAL_TARGET else 'MISSED'}"
    )
    report_memory(runs)
    report_quality(score, out, gold, "vanthu digital", targets=False)


def first_page(pdf_path: Path, target: Path) -> Path:
    """A one-page copy of a born-digital PDF: what a run costs before its pages do."""
    import pypdfium2 as pdfium

    target.parent.mkdir(parents=True, exist_ok=True)
    source, one = pdfium.PdfDocument(pdf_path), pdfium.PdfDocument.new()
    one.import_pages(source, [0])
    one.save(target)
    return target


def report_memory(runs: list[dict]) -> None:
    worker = max(r.get("rss_worker", 0.0) for r in runs)
    tess = max(r.get("rss_tesseract", 0.0) for r in runs)
    main_ = max(r.get("rss_main", 0.0) for r in runs)
    both = worker + tess
    print(
        f"memory: peak RSS worker {worker:.0f} MB (Tesseract's model inside where libtesseract loads) "
        f"+ the largest tesseract process {tess:.0f} MB (`--list-langs`, or the command's OCR) = {both:.0f} MB "
        f"(target ≤ {RSS_TARGET_MB}) {'OK' if both <= RSS_TARGET_MB else 'MISSED'}; main process {main_:.0f} MB"
    )


def report_quality(score: Path, out: Path, gold: Path, label: str, targets: bool) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, str(score), str(out), str(gold), "--json"], capture_output=True, text=True
    )
    try:
        rows = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print(f"quality ({label}): score.py failed: {proc.stdout[-500:]} {proc.stderr[-500:]}")
        return []
    for row in rows:
        target = next((t for s, t in TARGETS.items() if row["source"].endswith(s)), None)
        verdict = ""
        if targets and target is not None:
            verdict = f"(target ≤ {target}) {'OK' if row['ser'] <= target else 'MISSED'}"
        print(
            f"  {label:<16} {row['source']:<36} ser {row['ser']:.4f} diacritics {row['diacritic_acc']:.4f} {verdict}"
        )
    return rows


def extract_page_images(pdfs: list[Path], folder: Path) -> list[Path]:
    """Each page's image as stored in the PDF (the scanner's JPEG), else rendered at 300 dpi."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for path in pdfs:
        doc = pdfium.PdfDocument(str(path))
        try:
            for index in range(len(doc)):
                stem = folder / f"{path.name[:-4]}-{index + 1:03d}"
                found = sorted(stem.parent.glob(stem.name + ".*"))
                if found:
                    images.append(found[0])
                    continue
                page = doc[index]
                objects = [o for o in page.get_objects(max_depth=1) if o.type == raw.FPDF_PAGEOBJ_IMAGE]
                if len(objects) == 1:
                    objects[0].extract(str(stem))
                    images.append(next(iter(sorted(stem.parent.glob(stem.name + ".*")))))
                else:
                    page.render(scale=300 / 72).to_pil().save(f"{stem}.png")
                    images.append(Path(f"{stem}.png"))
        finally:
            doc.close()
    return images


def write_baseline_records(images: list[Path], texts: Path, out: Path) -> None:
    """Plain Tesseract's page texts joined per PDF, as records score.py can read."""
    (out / "json").mkdir(parents=True, exist_ok=True)
    docs: dict[str, list[str]] = {}
    for image in images:
        doc = image.stem.rsplit("-", 1)[0]
        docs.setdefault(doc, []).append((texts / f"{image.stem}.txt").read_text(encoding="utf-8"))
    for doc, pages in docs.items():
        record = {"source": {"path": f"{doc}.pdf"}, "text": "\n".join(pages)}
        (out / "json" / f"{doc}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def steps_table(scans: list[Path], args: argparse.Namespace, gold: Path, score: Path) -> None:
    """Each cleanup step's effect: ser per file and seconds per page, all steps vs. one left out."""
    from pipeline.cleanup import DEFAULT_STEPS

    settings = [("none", "none"), ("default", ",".join(DEFAULT_STEPS))]
    settings += [(f"-{s}", ",".join(x for x in DEFAULT_STEPS if x != s)) for s in DEFAULT_STEPS]
    settings += [("+binarize", ",".join((*DEFAULT_STEPS, "binarize")))]
    for label, steps in settings:
        out = args.out / "steps" / label
        result = run_tool("pages", scans, out, args.workers, steps)
        timings = json.loads((out / "timings.json").read_text())
        per_page = {k: v / timings["pages"] for k, v in timings["steps"].items()}
        rows = report_quality(score, out, gold, label, targets=False)
        mean = statistics.mean(r["ser"] for r in rows) if rows else float("nan")
        print(
            f"{label:<12} mean ser {mean:.4f}  wall {result['wall']:.1f} s  per page: cleanup "
            f"{per_page.get('cleanup', 0):.3f} s, ocr {per_page.get('ocr', 0):.3f} s | "
            + " ".join(
                f"{k} {v * 1000:.0f}ms" for k, v in sorted(per_page.items()) if k not in ("cleanup", "ocr")
            )
        )


# ---------------------------------------------------------------- the in-process runner


def _page_job(job: tuple) -> tuple:
    from pipeline import cleanup, ocr, pages

    plan, options = job
    if plan.kind == "pdf_text":
        page = pages.read_page(plan, options)
        return plan, page, {}
    started = time.perf_counter()
    image, dpi = pages.load_image(plan, options)
    loaded = time.perf_counter()
    clean = cleanup.clean(image, dpi, options.cleanup)
    cleaned = time.perf_counter()
    lines = ocr.ocr_image(clean.image, clean.dpi, plan.number, lang=options.lang)
    done = time.perf_counter()
    from pipeline.model import Page

    page = Page(
        number=plan.number,
        source="ocr",
        lines=lines,
        rotation=clean.rotation,
        skew=clean.skew,
        cleanup=clean.steps,
    )
    timings = {"load": loaded - started, "cleanup": cleaned - loaded, "ocr": done - cleaned, **clean.timings}
    return plan, page, timings


def worker_run(out: Path, workers: int, steps: str, inputs: list[Path]) -> None:
    """`pipeline.pages` over every page of every input in a pool; OUT/json/<id>.json for score.py."""
    from pipeline.cleanup import CleanupOptions
    from pipeline.ingest import discover, open_document, sha256_of
    from pipeline.pages import PageOptions

    options = PageOptions(cleanup=CleanupOptions.from_names(steps or None), find_tables=False)
    opened = [open_document(item, sha256_of(item)) for item in discover(inputs)]
    jobs = [(plan, options) for doc in opened for plan in doc.plans]
    texts: dict[Path, dict[int, str]] = {}
    totals: dict[str, float] = {}
    with ProcessPoolExecutor(workers) as pool:
        for plan, page, timings in pool.map(_page_job, jobs):
            texts.setdefault(plan.path, {})[plan.number] = "\n".join(line.text for line in page.lines)
            for key, value in timings.items():
                totals[key] = totals.get(key, 0.0) + value
    (out / "json").mkdir(parents=True, exist_ok=True)
    for doc in opened:
        pages = texts.get(doc.plans[0].path, {}) if doc.plans else {}
        record = {
            "source": {"path": Path(doc.document.source.path).name},
            "text": "\n".join(pages[n] for n in sorted(pages)),
        }
        (out / "json" / f"{doc.document.doc_id}.json").write_text(
            json.dumps(record, ensure_ascii=False), encoding="utf-8"
        )
    (out / "timings.json").write_text(json.dumps({"pages": len(jobs), "steps": totals}))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker-run":
        worker_run(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4], [Path(p) for p in sys.argv[5:]])
        sys.exit(0)
    sys.exit(main())
