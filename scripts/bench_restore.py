"""Benchmark the restore stage on the dev set (measure only; nothing here is fitted to it).

    python scripts/bench_restore.py --shared ../shared [--json]

Prints (1) syllable error rate and diacritic accuracy over the dev seeds' raw .txt,
(2) the error rate over the gold text with its marks stripped, (3) syllables per second on
one core, model load seconds and the model's resident MB. Scores come from
../shared/eval/score.py, run on records written to a temporary OUT/json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.restore import restore_lines, stage, store  # noqa: E402
from pipeline.restore.vn import strip_marks  # noqa: E402

SPEED_RUNS = 3
"""Speed is the best of this many runs (the machine may be shared)."""
TARGETS = {
    "seeds_ser": 0.05,
    "seeds_diacritic_acc": 0.98,
    "stripped_ser": 0.02,
    "syl_per_s": 20000,
    "load_s": 2.0,
    "model_mb": 400,
}


def restore_text(text: str, mode: str = "text") -> str:
    return "\n".join(t for t, _ in restore_lines(text.splitlines(), mode))


def score(shared: Path, docs: dict[str, str], gold_dir: Path) -> list[dict]:
    """Write one record per document and run score.py on them."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "json"
        out.mkdir()
        for i, (name, text) in enumerate(sorted(docs.items())):
            record = {"schema_version": "1", "doc_id": f"{i:016x}", "source": {"path": name}, "text": text}
            (out / f"{i:016x}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, str(shared / "eval" / "score.py"), tmp, str(gold_dir), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(run.stdout)


def text_scores(hyp: str, gold: str) -> tuple[float, float]:
    """Syllable error rate and diacritic accuracy, computed as ../shared/eval/score.py does."""
    from rapidfuzz.distance import Levenshtein

    h = re.findall(r"\w+", unicodedata.normalize("NFC", hyp).casefold())
    g = re.findall(r"\w+", unicodedata.normalize("NFC", gold).casefold())
    same_base = same_full = 0
    for op in Levenshtein.opcodes(h, g):
        if op.tag in ("equal", "replace") and op.src_end - op.src_start == op.dest_end - op.dest_start:
            for a, b in zip(h[op.src_start : op.src_end], g[op.dest_start : op.dest_end], strict=True):
                if strip_marks(a) == strip_marks(b):
                    same_base += 1
                    same_full += a == b
    return Levenshtein.distance(h, g) / max(1, len(g)), same_full / max(1, same_base)


def tune_figures() -> dict[str, float]:
    """Scores on the team's own held-out text (dictionaries/restore/tune/): the set the
    weights are chosen on, so the dev set stays a measuring stick only."""
    tune = ROOT / "dictionaries" / "restore" / "tune"
    gold = [
        ln
        for ln in (tune / "tune_text.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    out = {}
    out["tune_stripped_ser"], _ = text_scores(
        restore_text("\n".join(strip_marks(ln) for ln in gold)), "\n".join(gold)
    )
    if (tune / "eng_ocr.txt").exists():
        ocr = (tune / "eng_ocr.txt").read_text(encoding="utf-8")
        ref = (tune / "eng_gold.txt").read_text(encoding="utf-8")
        out["tune_ocr_ser"], out["tune_ocr_diacritic_acc"] = text_scores(restore_text(ocr), ref)
        out["tune_ocr_raw_ser"], _ = text_scores(ocr, ref)
    return out


def mean(rows: list[dict], key: str) -> float:
    return sum(r[key] for r in rows) / max(1, len(rows))


def load_probe() -> dict:
    """Model load seconds and resident MB, measured in a fresh process."""
    code = (
        "import time,resource,json\n"
        "def rss():\n"
        "    return int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize() / 2**20\n"
        "from pipeline.restore import store\n"
        "store.model_dir()\n"
        "before = rss(); t = time.perf_counter(); m = store.load(); dt = time.perf_counter() - t\n"
        "print(json.dumps({'load_s': dt, 'model_mb': rss() - before, 'process_mb': rss()}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("VANTHU_SHARED", ROOT.parent / "shared"))
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--tune", action="store_true", help="only score the team's held-out tune set")
    args = parser.parse_args(argv)
    if args.tune:
        print(json.dumps({k: round(v, 4) for k, v in tune_figures().items()}))
        return 0
    seeds = args.shared / "dev" / "seeds"
    if not seeds.is_dir():
        print(f"no dev data at {args.shared}: nothing to measure")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    subprocess.run([sys.executable, "-m", "pipeline.restore.build", "--if-missing"], check=True, cwd=ROOT)
    probe = load_probe()
    store.load()

    raw = {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(seeds.glob("*.txt"))
        if not p.name.endswith(".gold.txt")
    }
    n_syl = sum(len(t.split()) for t in raw.values())
    seconds = warm_seconds = float("inf")
    for _ in range(SPEED_RUNS):
        stage._CACHE.clear()  # cold candidate caches every run
        started = time.process_time()
        restored = {name: restore_text(text) for name, text in raw.items()}
        seconds = min(seconds, time.process_time() - started)
        started = time.process_time()  # the same again with the caches a long batch has
        restored = {name: restore_text(text) for name, text in raw.items()}
        warm_seconds = min(warm_seconds, time.process_time() - started)
    rows = score(args.shared, restored, seeds)

    gold = {
        p.name.replace(".gold.txt", ".stripped.txt"): p.read_text(encoding="utf-8")
        for p in sorted(seeds.glob("*.gold.txt"))
    }
    stripped = {
        name: restore_text("\n".join(strip_marks(line) for line in text.splitlines()))
        for name, text in gold.items()
    }
    rows_stripped = score(args.shared, stripped, seeds)

    figures = {
        "seeds_ser": mean(rows, "ser"),
        "seeds_diacritic_acc": mean(rows, "diacritic_acc"),
        "stripped_ser": mean(rows_stripped, "ser"),
        "syl_per_s": n_syl / seconds,
        "syl_per_s_warm": n_syl / warm_seconds,
        "load_s": probe["load_s"],
        "model_mb": probe["model_mb"],
    }
    if args.json:
        print(
            json.dumps(
                {"figures": figures, "seeds": rows, "stripped": rows_stripped}, ensure_ascii=False, indent=1
            )
        )
        return 0
    print("(1) dev seeds, raw legacy OCR text")
    for r in rows:
        print(
            f"    {r['source']:<36} ser={r['ser']:.4f} diacritic_acc={r['diacritic_acc']:.4f} ({r['gold_syllables']} syllables)"
        )
    print(
        f"    mean ser={figures['seeds_ser']:.4f} (target ≤ {TARGETS['seeds_ser']}) diacritic_acc={figures['seeds_diacritic_acc']:.4f} (target ≥ {TARGETS['seeds_diacritic_acc']})"
    )
    print("(2) dev gold text with marks stripped")
    for r in rows_stripped:
        print(f"    {r['source']:<36} ser={r['ser']:.4f}")
    print(f"    mean ser={figures['stripped_ser']:.4f} (target ≤ {TARGETS['stripped_ser']})")
    print("(3) speed and size")
    print(
        f"    {figures['syl_per_s']:.0f} syllables/s on one core (CPU time, cold caches, best of {SPEED_RUNS}; {n_syl} tokens in {seconds:.2f}s; target ≥ {TARGETS['syl_per_s']})"
    )
    print(
        f"    {figures['syl_per_s_warm']:.0f} syllables/s with warm candidate caches (a long batch's steady state)"
    )
    print(
        f"    model load {figures['load_s']:.2f}s (target ≤ {TARGETS['load_s']}), model resident {figures['model_mb']:.0f} MB (target ≤ {TARGETS['model_mb']})"
    )
    print(f"    model dir {store.model_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
