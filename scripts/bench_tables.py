"""Measure the tables stage: our ruled-grid finder against img2table, on the dev scans and on drawn tables.

    python scripts/bench_tables.py --shared ../shared [--no-img2table] [--pages 7]

For every dev document whose gold has appendix_tasks (../shared/dev/scans/*.pdf), each page is
cleaned as the page worker does it; both finders run on the same grey image (timed, geometry
only); on pages where either finds a table the page is OCR'd once and both grids get their cell
text from the same words (grid_text.fill_text), then the tables stage makes the rows and the
scorer's own table_score (../shared/eval/score.py) rates them. Born-digital pages use the PDF
text layer (pdfplumber) and are scored too. The drawn tables of tests/test_grids.py (merged
cells, skew and noise) check row/column spans against the truth.

img2table is not a project dependency: `pip install img2table` into the venv to compare, and
note that it pulls in opencv-contrib-python beside opencv-python-headless.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pipeline import cleanup, grids, ocr, pages, pdf  # noqa: E402
from pipeline.grid_text import fill_text  # noqa: E402
from pipeline.ingest import discover, open_document, sha256_of  # noqa: E402
from pipeline.model import Cell, Page, TableGrid  # noqa: E402
from pipeline.tables import tables  # noqa: E402


def img2table_grids(grey: np.ndarray, number: int, rotation: bool = False) -> list[TableGrid]:
    """img2table's ruled tables on the image, as TableGrids (merged cells from repeated cell boxes).

    `rotation` turns on img2table's own skew correction (off for pages our cleanup deskewed;
    its boxes are then in the turned image, so only spans are comparable).
    """
    from img2table.document import Image as I2TImage

    ok, buf = cv2.imencode(".png", grey)
    doc = I2TImage(src=buf.tobytes(), detect_rotation=rotation)
    found = doc.extract_tables(ocr=None, implicit_rows=False, implicit_columns=False, borderless_tables=False)
    out = []
    for table in found:
        boxes = {(c.bbox.x1, c.bbox.y1, c.bbox.x2, c.bbox.y2) for row in table.content.values() for c in row}
        xs = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
        ys = sorted({b[1] for b in boxes} | {b[3] for b in boxes})
        cells = []
        for x0, y0, x1, y1 in sorted(boxes, key=lambda b: (b[1], b[0])):
            r0, r1, c0, c1 = ys.index(y0), ys.index(y1), xs.index(x0), xs.index(x1)
            cells.append(Cell(row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0, box=(x0, y0, x1, y1)))
        b = table.bbox
        out.append(
            TableGrid(
                page=number, box=(b.x1, b.y1, b.x2, b.y2), n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells
            )
        )
    return out


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.table_score


def _score(doc_template, page_grids: dict[int, list[TableGrid]], gold: list[dict], table_score) -> float:
    doc = doc_template.model_copy(deep=True)
    for page in doc.pages:
        page.tables = page_grids.get(page.number, [])
    tables(doc)
    return table_score([t.model_dump() for t in doc.record.appendix_tasks], gold)


def bench_document(path: Path, gold: list[dict], table_score, use_i2t: bool, only: set[int] | None) -> dict:
    item = discover([path])[0]
    opened = open_document(item, sha256_of(item))
    doc = opened.document
    ours: dict[int, list[TableGrid]] = {}
    theirs: dict[int, list[TableGrid]] = {}
    times = {"ours": 0.0, "img2table": 0.0, "ocr": 0.0, "fill": 0.0}
    for plan in opened.plans:
        if only and plan.number not in only:
            doc.pages.append(Page(number=plan.number, source="ocr"))
            continue
        if plan.kind == "pdf_text":
            page = pdf.text_page(plan.path, plan.index)
            ours[plan.number] = page.tables
            doc.pages.append(page)
            continue
        clean = cleanup.clean(*pages.load_image(plan, pages.PageOptions()))
        grey, dpi = clean.image, clean.dpi
        started = time.perf_counter()
        mine = grids.detect(grey, dpi, plan.number)
        times["ours"] += time.perf_counter() - started
        other = []
        if use_i2t:
            started = time.perf_counter()
            other = img2table_grids(grey, plan.number)
            times["img2table"] += time.perf_counter() - started
        page = Page(number=plan.number, source="ocr", width=grey.shape[1], height=grey.shape[0], dpi=dpi)
        if mine or other:
            started = time.perf_counter()
            page.lines = ocr.ocr_image(grey, dpi, plan.number)
            times["ocr"] += time.perf_counter() - started
            ink, rules = grids.masks(grey, dpi)
            rules = cv2.dilate(rules, np.ones((5, 5), np.uint8))
            ink = cv2.bitwise_and(ink, cv2.bitwise_not(rules))
            unruled = grey.copy()
            unruled[rules > 0] = 255
            started = time.perf_counter()
            for grid in mine:
                fill_text(grid, page, unruled, ink)
            times["fill"] += time.perf_counter() - started
            for grid in other:
                fill_text(grid, page, unruled, ink)
        ours[plan.number], theirs[plan.number] = mine, other
        doc.pages.append(page)
    result = {
        "document": path.name,
        "pages": len(opened.plans),
        "ours_tables": {n: [(g.n_rows, g.n_cols) for g in v] for n, v in ours.items() if v},
        "ours_score": round(_score(doc, ours, gold, table_score), 4),
        "seconds": {k: round(v, 2) for k, v in times.items()},
    }
    if use_i2t and doc.source.kind != "digital_pdf":
        result["img2table_tables"] = {n: [(g.n_rows, g.n_cols) for g in v] for n, v in theirs.items() if v}
        result["img2table_score"] = round(_score(doc, theirs, gold, table_score), 4)
    return result


def bench_drawn(use_i2t: bool) -> list[dict]:
    """Spans found on the drawn tables of tests/test_grids.py against the drawing."""
    from test_grids import MERGED, SIMPLE, degrade, draw_table

    cases = [("simple", draw_table(SIMPLE), SIMPLE), ("merged", draw_table(MERGED), MERGED)]
    cases += [(f"merged skew {a}", degrade(draw_table(MERGED), a), MERGED) for a in (0.7, -1.2)]
    out = []
    for name, drawn, spec in cases:
        truth = {(r, c, rs, cs) for r, c, rs, cs, _ in spec.cells}
        row = {"table": name}
        finders = [("ours", lambda g: grids.detect(g, 300.0, 1))]
        if use_i2t:
            finders.append(("img2table", lambda g: img2table_grids(g, 1)))
            finders.append(("img2table+rotation", lambda g: img2table_grids(g, 1, rotation=True)))
        for label, finder in finders:
            started = time.perf_counter()
            found = finder(drawn.image)
            seconds = time.perf_counter() - started
            spans = {(c.row, c.col, c.rowspan, c.colspan) for c in found[0].cells} if found else set()
            row[label] = (
                f"{len(spans & truth)}/{len(truth)} cells right, {len(spans - truth)} wrong, {seconds:.2f}s"
            )
        out.append(row)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-img2table", action="store_true")
    parser.add_argument("--pages", default="", help="only these page numbers, e.g. 7 or 6,7")
    args = parser.parse_args()
    use_i2t = not args.no_img2table and importlib.util.find_spec("img2table") is not None
    only = {int(p) for p in args.pages.split(",") if p} or None
    for row in bench_drawn(use_i2t):
        print(json.dumps(row, ensure_ascii=False))
    scans = args.shared / "dev" / "scans"
    if not scans.is_dir():
        print(f"no dev scans at {scans}: drawn tables only")
        return 0
    table_score = _scorer(args.shared)
    for gold_path in sorted((scans / "gold").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8")).get("appendix_tasks") or []
        if not gold:
            continue
        name = gold_path.name[: -len(".gold.json")]
        for path in sorted(scans.glob(f"{name}.*.pdf")):
            print(json.dumps(bench_document(path, gold, table_score, use_i2t, only), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
