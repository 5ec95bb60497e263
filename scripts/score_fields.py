"""Measure the segment stage's fields on the dev set, before (or beside) the full pipeline.

Builds Documents straight from the dev files, runs `pipeline.segment.segment`, writes
OUT/<set>/json/<doc_id>.json and runs ../shared/eval/score.py on them:

  gold   the seeds' hand-restored .gold.txt (clean text: the upper bound)
  raw    the seeds' legacy-OCR .txt as is (no restore)
  pdf    the dev scans' born-digital PDFs, words and boxes from the text layer

usage: python scripts/score_fields.py [--shared DIR] [--out DIR] [gold raw pdf]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.model import Document, Line, Page, Word  # noqa: E402
from pipeline.segment import segment  # noqa: E402
from schemas.record import Record, Source  # noqa: E402


def _ids(path: Path) -> tuple[str, str]:
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return sha, sha[:16]


def text_document(path: Path, name: str) -> Document:
    sha, doc_id = _ids(path)
    source = Source(path=name, sha256=sha, kind="text", pages=1)
    lines = [Line(page=1, raw=t, text=t) for t in path.read_text(encoding="utf-8").splitlines()]
    return Document(
        doc_id=doc_id,
        source=source,
        pages=[Page(number=1, source="text")],
        lines=lines,
        record=Record(doc_id=doc_id, source=source),
    )


def pdf_document(path: Path) -> Document:
    import pdfplumber

    sha, doc_id = _ids(path)
    pages, lines = [], []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(
                Page(number=number, source="text_layer", width=float(page.width), height=float(page.height))
            )
            rows: list[list[dict]] = []
            for w in sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"])):
                if rows and abs(rows[-1][0]["top"] - w["top"]) < 3:
                    rows[-1].append(w)
                else:
                    rows.append([w])
            for row in rows:
                row.sort(key=lambda w: w["x0"])
                words = [
                    Word(text=w["text"], conf=1.0, box=(w["x0"], w["top"], w["x1"], w["bottom"])) for w in row
                ]
                text = " ".join(w.text for w in words)
                box = (
                    min(w["x0"] for w in row),
                    min(w["top"] for w in row),
                    max(w["x1"] for w in row),
                    max(w["bottom"] for w in row),
                )
                lines.append(Line(page=number, raw=text, text=text, words=words, box=box))
    source = Source(path=path.name, sha256=sha, kind="digital_pdf", pages=len(pages))
    return Document(
        doc_id=doc_id, source=source, pages=pages, lines=lines, record=Record(doc_id=doc_id, source=source)
    )


def run(docs: list[Document], out: Path, gold: Path, shared: Path) -> None:
    (out / "json").mkdir(parents=True, exist_ok=True)
    for doc in docs:
        doc = segment(doc)
        doc.record.text = doc.text
        data = doc.record.model_dump(mode="json")
        (out / "json" / f"{doc.doc_id}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out), str(gold)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = os.environ.get("VANTHU_SHARED", str(ROOT.parent / "shared"))
    parser.add_argument("--shared", type=Path, default=Path(default_shared))
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "score-segment")
    parser.add_argument("sets", nargs="*", default=["gold", "raw", "pdf"])
    args = parser.parse_args()
    seeds, scans = args.shared / "dev" / "seeds", args.shared / "dev" / "scans"
    for which in args.sets:
        print(f"== {which}")
        out = args.out / which
        if which == "gold":
            docs = [
                text_document(p, p.name.replace(".gold.txt", ".txt"))
                for p in sorted(seeds.glob("*.gold.txt"))
            ]
            run(docs, out, seeds, args.shared)
        elif which == "raw":
            docs = [
                text_document(p, p.name)
                for p in sorted(seeds.glob("*.txt"))
                if not p.name.endswith(".gold.txt")
            ]
            run(docs, out, seeds, args.shared)
        elif which == "pdf":
            run(
                [pdf_document(p) for p in sorted(scans.glob("*.digital.pdf"))],
                out,
                scans / "gold",
                args.shared,
            )


if __name__ == "__main__":
    main()
