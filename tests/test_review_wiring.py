"""Corrections on records of a real `vanthu convert`, across a new scan, and through the CLI.

The last two tests pin the lead's wiring: `vanthu export OUT` and a rerun of `vanthu convert`
must put the corrections of OUT/review.sqlite into JSON and Parquet.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from pipeline import export
from pipeline.corrections import pipeline_data, refresh
from pipeline.review import paths
from pipeline.review.app import create_app
from pipeline.review.store import DocKey, Event, ReviewStore
from pipeline.state import RunState
from schemas.record import Record

ROOT = Path(__file__).resolve().parents[1]
PLAN = """ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ AN                              Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND                       Hà An, ngày 06 tháng 5 năm 2024

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2024

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức của cán bộ, công chức.

II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ: theo dõi, báo cáo.

Nơi nhận:                                   KT. CHỦ TỊCH
- Sở Nội vụ;                                 PHÓ CHỦ TỊCH
- Lưu: VT.
                                              Nguyễn Văn An
"""
FIXED = "12a/KH-UBND"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory, convert: Callable) -> Path:
    """A plan converted once; tests copy it."""
    folder = tmp_path_factory.mktemp("converted")
    (folder / "in").mkdir()
    (folder / "in" / "kh-12.txt").write_text(PLAN, encoding="utf-8")
    run = convert(folder / "in" / "kh-12.txt", folder / "out", "--quiet")
    assert run.returncode == 0, run.stderr[-3000:]
    return folder


@pytest.fixture()
def work(converted: Path, tmp_path: Path) -> Path:
    """A copy of the converted OUT; the input stays where it was converted from (paths are identity)."""
    (converted / "in" / "kh-12.txt").write_text(PLAN, encoding="utf-8")
    shutil.copytree(converted / "out", tmp_path / "out")
    return tmp_path


def the_record(out: Path) -> Record:
    (path,) = (out / "json").glob("*.json")
    return Record.model_validate_json(path.read_bytes())


def correct_number(out: Path) -> Record:
    record = the_record(out)
    original = paths.as_text(paths.get(pipeline_data(record), "number"))
    key = DocKey(record.doc_id, record.source.path, record.source.sha256)
    event = ReviewStore(out).save(key, "number", "correct", FIXED, original, 0, "lan")
    assert isinstance(event, Event)
    return record


def parquet_number(out: Path) -> tuple[str]:
    return duckdb.connect().execute(f"select number from '{out}/documents.parquet'").fetchone()


def test_a_correction_survives_a_new_scan_of_its_file_marked_stale(work: Path, convert: Callable) -> None:
    out = work / "out"
    before = correct_number(out)
    state = RunState(out)
    refresh(out, state.done_doc_ids(), state.manifest())
    state.close()
    assert parquet_number(out) == (FIXED,)
    source = Path(before.source.path)
    source.write_text(PLAN + "\n", encoding="utf-8")  # a new sha256, same path
    assert convert(source, out, "--quiet").returncode == 0
    state = RunState(out)
    refresh(out, state.done_doc_ids(), state.manifest())
    state.close()
    after = the_record(out)
    assert after.doc_id != before.doc_id and after.number == FIXED
    assert [(c.field, c.value, c.stale) for c in after.corrections] == [("number", FIXED, True)]
    stale = duckdb.connect().execute(f"select stale from '{out}/corrections.parquet'").fetchall()
    assert stale == [(True,)]
    html = TestClient(create_app(out, "lan"), base_url="http://127.0.0.1").get("/queue?field=number").text
    assert "stale: source changed" in html


def test_vanthu_export_applies_the_corrections(work: Path) -> None:
    out = work / "out"
    correct_number(out)
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "export", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert the_record(out).number == FIXED and parquet_number(out) == (FIXED,)
    assert (out / "corrections.parquet").exists()


def test_converting_again_into_the_same_out_applies_the_corrections(work: Path, convert: Callable) -> None:
    out = work / "out"
    before = correct_number(out)
    assert convert(Path(before.source.path), out, "--quiet").returncode == 0
    record = the_record(out)
    assert record.number == FIXED and record.corrections[0].by == "lan"
    assert export.record_json(record) == export.json_path(out, record.doc_id).read_bytes()
    assert parquet_number(out) == (FIXED,)
