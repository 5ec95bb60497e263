"""Score `vanthu convert` on the dev set: seeds (legacy OCR .txt) and scans (PDFs).

usage: python scripts/score_dev.py [--shared ../shared] [--out build/score] [--workers N] [--only seeds|scans]

Runs the real CLI, then ../shared/eval/score.py, and prints seconds per scanned page
(wall time of the scan batch over its page count). Exits 0 with a note when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]


def convert(inputs: list[Path], out: Path, workers: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline.cli", "convert", *map(str, inputs), "--out", str(out),
                    "--workers", str(workers), "--quiet"], cwd=ROOT, check=False)
    return time.perf_counter() - started


def score(out: Path, gold: Path, shared: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out), str(gold), "--json"],
                          capture_output=True, text=True, check=False)
    return json.loads(proc.stdout or "[]")


def report(title: str, rows: list[dict]) -> None:
    print(f"\n## {title}")
    if not rows:
        print("no record matched a gold document")
        return
    for r in rows:
        weak = [k for k, v in r.items() if isinstance(v, float) and v < 1 and k not in ("fields", "ser", "diacritic_acc")]
        print(f"{r['source']:<42} fields={r['fields']:.3f} ser={r['ser']:.4f} diacritic_acc={r['diacritic_acc']:.4f}"
              + (f"  below 1: {', '.join(weak)}" if weak else ""))
    n = len(rows)
    print(f"mean fields={sum(r['fields'] for r in rows) / n:.4f} ser={sum(r['ser'] for r in rows) / n:.4f} "
          f"diacritic_acc={sum(r['diacritic_acc'] for r in rows) / n:.4f} over {n} records")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "score")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=["seeds", "scans"])
    args = parser.parse_args()
    if not (args.shared / "eval" / "score.py").exists():
        print(f"no dev set at {args.shared}: nothing to score")
        return 0
    seeds = sorted(p for p in (args.shared / "dev" / "seeds").glob("*.txt") if ".gold." not in p.name)
    scans = sorted((args.shared / "dev" / "scans").glob("*.pdf"))
    if args.only != "scans":
        seconds = convert(seeds, args.out / "seeds", args.workers)
        report(f"dev seeds, legacy OCR .txt ({seconds:.1f} s)", score(args.out / "seeds", args.shared / "dev" / "seeds", args.shared))
    if args.only != "seeds":
        gold = args.shared / "dev" / "scans" / "gold"
        digital = [p for p in scans if p.name.endswith(".digital.pdf")]
        scanned = [p for p in scans if p not in digital]
        rows = []
        for name, batch in (("digital", digital), ("scanned", scanned)):
            out = args.out / f"scans-{name}"
            seconds = convert(batch, out, args.workers)
            rows += score(out, gold, args.shared)
            pages = sum(d["pages"] for d in pq.read_table(out / "documents.parquet").to_pylist())
            failed = [m for m in pq.read_table(out / "manifest.parquet").to_pylist() if m["status"] == "failed"]
            print(f"{name} PDFs: {len(batch)} files, {pages} pages in {seconds:.1f} s wall with {args.workers} "
                  f"workers: {seconds / max(1, pages):.2f} s per page, {pages / seconds:.1f} pages/s"
                  + "".join(f"\n  failed {m['path']}: {m['error']}" for m in failed))
        report("dev scans, PDFs", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
