"""The batch through the real CLI: bad inputs, exit codes, resume, atomic and repeatable output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]

PLAN = """ỦY BAN NHÂN DÂN TỈNH {province}
SỞ NỘI VỤ
Số: {number}/KH-SNV
{province}, ngày 12 tháng 3 năm 2024
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2024
Căn cứ Quyết định số 45/QĐ-UBND ngày 02/01/2024 của Ủy ban nhân dân tỉnh về cải cách hành chính;
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính.
II. NỘI DUNG TUYÊN TRUYỀN
- Tuyên truyền về dịch vụ công trực tuyến.
III. KINH PHÍ
Kinh phí thực hiện từ nguồn ngân sách nhà nước.
IV. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở
- Theo dõi, tổng hợp kết quả thực hiện.
"""


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, "COLUMNS": "200"},
    )


def write_plan(folder: Path, name: str, number: int, province: str = "Hà An") -> Path:
    path = folder / name
    path.write_text(PLAN.format(number=number, province=province), encoding="utf-8")
    return path


def manifest(out: Path) -> dict[str, dict]:
    rows = pq.read_table(out / "manifest.parquet").to_pylist()
    return {Path(r["path"]).name: r for r in rows}


def encrypted_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Confidential page")
    pdf.output(str(path))


def huge_png(path: Path) -> None:
    Image.new("1", (20_000, 10_000), 1).save(path, optimize=False)


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    inputs = tmp_path_factory.mktemp("inputs")
    write_plan(inputs, "good.txt", 15)
    (inputs / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf body\n")
    encrypted_pdf(inputs / "encrypted.pdf")
    (inputs / "empty.pdf").write_bytes(b"")
    (inputs / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really an image" * 10)
    (inputs / "notes.docx").write_bytes(b"PK\x03\x04 some word file")
    huge_png(inputs / "huge.png")
    (inputs / "latin1.txt").write_bytes("Kế hoạch".encode("utf-16-le"))
    out = tmp_path_factory.mktemp("out")
    return out, run_cli("convert", str(inputs), "--out", str(out), "--workers", "2")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("corrupt.pdf", "not a readable PDF"),
        ("encrypted.pdf", "encrypted PDF"),
        ("empty.pdf", "empty file"),
        ("broken.png", "unreadable image"),
        ("notes.docx", "unknown file type .docx"),
        ("huge.png", "image too large: 20000x10000"),
        ("latin1.txt", "not UTF-8 text"),
    ],
)
def test_bad_input_is_a_failed_manifest_row_with_one_line_error(bad_batch, name: str, message: str) -> None:
    out, _ = bad_batch
    row = manifest(out)[name]
    assert row["status"] == "failed"
    assert message in row["error"]
    assert "\n" not in row["error"]


def test_bad_inputs_do_not_stop_the_good_one_and_exit_status_is_1(bad_batch) -> None:
    out, proc = bad_batch
    assert proc.returncode == 1, proc.stderr
    rows = manifest(out)
    assert rows["good.txt"]["status"] == "ok"
    record = json.loads((out / "json" / f"{rows['good.txt']['doc_id']}.json").read_text(encoding="utf-8"))
    assert record["number"] == "15/KH-SNV"
    assert len(rows) == 8


def test_all_good_exits_0_and_rerun_skips_done_inputs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_plan(inputs, "a.txt", 1)
    write_plan(inputs, "b.txt", 2)
    out = tmp_path / "out"
    first = run_cli("convert", str(inputs), "--out", str(out), "--workers", "1")
    assert first.returncode == 0, first.stderr
    first_json = {p.name: p.read_bytes() for p in (out / "json").iterdir()}

    second = run_cli("convert", str(inputs), "--out", str(out), "--workers", "1")
    assert second.returncode == 0, second.stderr
    assert {r["status"] for r in manifest(out).values()} == {"skipped"}
    assert pq.read_table(out / "documents.parquet").num_rows == 2

    forced = run_cli("convert", str(inputs), "--out", str(out), "--workers", "1", "--force")
    assert forced.returncode == 0, forced.stderr
    assert {r["status"] for r in manifest(out).values()} == {"ok"}
    assert {p.name: p.read_bytes() for p in (out / "json").iterdir()} == first_json
    assert pq.read_table(out / "documents.parquet").column("doc_id").to_pylist() == sorted(
        p.stem for p in (out / "json").iterdir()
    )


def test_changed_source_replaces_its_old_record(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_plan(inputs, "a.txt", 1)
    out = tmp_path / "out"
    assert run_cli("convert", str(inputs), "--out", str(out), "--workers", "1").returncode == 0
    write_plan(inputs, "a.txt", 77)
    assert run_cli("convert", str(inputs), "--out", str(out), "--workers", "1").returncode == 0
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "json").glob("*.json")]
    assert [r["number"] for r in records] == ["77/KH-SNV"]
    assert pq.read_table(out / "documents.parquet").num_rows == 1


def test_same_content_under_two_names_is_one_document(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_plan(inputs, "a.txt", 3)
    write_plan(inputs, "copy-of-a.txt", 3)
    out = tmp_path / "out"
    proc = run_cli("convert", str(inputs), "--out", str(out), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    rows = manifest(out)
    assert rows["copy-of-a.txt"]["status"] == "skipped"
    assert "same content as" in rows["copy-of-a.txt"]["error"]
    assert pq.read_table(out / "documents.parquet").num_rows == 1


@pytest.mark.parametrize("args", [["convert", "x.txt"], ["convert", "x.txt", "--out", "o", "--workers", "0"],
                                  ["convert", "x.txt", "--out", "o", "--cleanup", "sharpen-everything"],
                                  ["convert", "x.txt", "--out", "o", "--lang", "klingon"]])
def test_bad_usage_exits_2(args: list[str], tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr


def test_kill_9_leaves_only_whole_files_and_a_rerun_completes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(40):
        write_plan(inputs, f"plan-{i:02d}.txt", 100 + i, province=f"Tỉnh Thử {i}")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "convert", str(inputs), "--out", str(out),
                             "--workers", "2", "--quiet"], cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "json").glob("*.json"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for path in (out / "json").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every record on disk is whole
    rerun = run_cli("convert", str(inputs), "--out", str(out), "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert not list(out.rglob("*.tmp"))
    numbers = pq.read_table(out / "documents.parquet").column("number").to_pylist()
    assert sorted(numbers) == [f"{100 + i}/KH-SNV" for i in range(40)]


# ---------------------------------------------------------------- workers and the models they load

DIGITAL = ROOT / "samples" / "inputs" / "kh-so-digital.pdf"


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_text_layer_page_loads_neither_opencv_nor_tesseract(tmp_path: Path) -> None:
    code = """
import json, sys
from pathlib import Path
from pipeline import workers
from pipeline.ingest import discover, sha256_of
from pipeline.pages import PageOptions
(item,) = discover([Path(sys.argv[1])])
opened = workers.open_job(item, sha256_of(item))
pages = [workers.page_job(plan, PageOptions(out=Path(sys.argv[2]))) for plan in opened.plans]
print(json.dumps({"kinds": [p.kind for p in opened.plans], "previews": [p.preview for p in pages],
                  "loaded": [m for m in ("cv2", "pytesseract", "pipeline.ocr") if m in sys.modules]}))
"""
    proc = run_python(code, str(DIGITAL), str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert set(got["kinds"]) == {"pdf_text"}
    assert got["loaded"] == []
    assert all(preview and (tmp_path / preview).is_file() for preview in got["previews"])


def test_text_layer_batch_never_loads_the_restore_model(tmp_path: Path) -> None:
    """A born-digital PDF needs no restore model: loading it (0.5 s, 160 MB) anywhere fails here."""
    code = """
import json, sys
from pathlib import Path
from pipeline.restore import store
def refuse():
    raise AssertionError("restore model loaded")
store.load = refuse
from pipeline.batch import BatchOptions, convert
from pipeline.progress import Reporter
result = convert([Path(sys.argv[1])], Path(sys.argv[2]), BatchOptions(workers=2), Reporter())
print(json.dumps([[r.status, r.error] for r in result.rows]))
"""
    out = tmp_path / "out"
    proc = run_python(code, str(DIGITAL), str(out))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [["ok", None]]
    (path,) = (out / "json").glob("*.json")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["source"]["kind"] == "digital_pdf"
    assert [p["preview"] for p in record["pages"]] == [f"pages/{record['doc_id']}/{n}.jpg" for n in (1, 2, 3, 4)]
    assert all((out / p["preview"]).is_file() for p in record["pages"])


CRASHING_PAGE_JOB = """
import os
from pathlib import Path
from pipeline import workers

_read = workers.page_job

def page_job(plan, options):
    marker = Path(os.environ["CRASH_MARKER"])
    if plan.number == 2 and (os.environ.get("CRASH_ALWAYS") or not marker.exists()):
        marker.touch()
        os._exit(9)  # as the kernel's OOM killer would end it
    return _read(plan, options)

workers.page_job = page_job
"""


@pytest.mark.parametrize("always", [False, True])
def test_crashed_worker_is_replaced_and_its_page_retried_once(tmp_path: Path, always: bool) -> None:
    """A worker that dies is replaced and its page read again; a page that kills two workers is
    flagged as unread and the rest of the document still converted."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(CRASHING_PAGE_JOB, encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]), "CRASH_MARKER": str(tmp_path / "crashed"),
           "CRASH_ALWAYS": "1" if always else ""}
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "convert", str(DIGITAL), "--out", str(out),
                           "--workers", "2"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "crashed").exists()
    assert manifest(out)["kh-so-digital.pdf"]["status"] == "ok"
    (path,) = (out / "json").glob("*.json")
    record = json.loads(path.read_text(encoding="utf-8"))
    unread = [f["value"] for f in record["flags"] if f["field"] == "pages"]
    if always:
        assert unread == ["page 2: worker crashed twice"]
        assert [p["number"] for p in record["pages"]] == [1, 3, 4]
    else:
        assert unread == []
        assert [p["number"] for p in record["pages"]] == [1, 2, 3, 4]


def test_a_page_past_the_ocr_time_limit_fails_its_document_with_a_one_line_error(tmp_path: Path) -> None:
    from tests.test_cleanup import PARAGRAPHS, render_page

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    image, _ = render_page(paragraphs=PARAGRAPHS[:2], height_in=4)
    Image.fromarray(image).save(inputs / "scan.png", dpi=(300, 300))
    write_plan(inputs, "plan.txt", 15)
    out = tmp_path / "out"
    proc = run_cli("convert", str(inputs), "--out", str(out), "--workers", "1", "--ocr-timeout", "0.001")
    assert proc.returncode == 1, proc.stderr
    rows = manifest(out)
    assert rows["scan.png"]["status"] == "failed"
    assert rows["scan.png"]["error"] == "page 1: OCR stopped after 0.001 s (the limit is --ocr-timeout)"
    assert rows["plan.txt"]["status"] == "ok"
