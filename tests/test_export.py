"""Export: canonical JSON, atomic files, and typed Parquet tables that DuckDB reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipeline import export
from schemas.record import AppendixTask, Flag, ManifestRow, Record, Reference, Responsibility, Section, Source

SHA = "ab" * 32


def sample_record() -> Record:
    source = Source(path="in/kh-12.pdf", sha256=SHA, kind="digital_pdf", pages=3)
    return Record(
        doc_id=SHA[:16], source=source, doc_type="Kế hoạch", number="12/KH-UBND",
        issued_date=dt.date(2024, 5, 6), place="Hà An", title="Tuyên truyền cải cách hành chính năm 2024",
        plan_year=2024, recipients=["Sở Nội vụ", "Lưu: VT"],
        sections=[Section(label="I", heading="MỤC ĐÍCH, YÊU CẦU", kind="muc_dich_yeu_cau", children=[
            Section(label="1", heading="Mục đích", level=2, children=[Section(label="a", level=3, text="x")])])],
        references=[Reference(symbol="45/QĐ-UBND", type="Quyết định", date=dt.date(2024, 1, 2))],
        responsibilities=[Responsibility(agency="Sở Nội vụ", duties=["Theo dõi", "Báo cáo"])],
        appendix_tasks=[AppendixTask(no="1", task="Đăng tin", lead="Văn phòng", page=3)],
        flags=[Flag(field="signer.name", reason="not_found", page=2, box=(1.0, 2.0, 3.0, 4.0))],
    )


def test_same_record_gives_same_bytes_and_nfc_text() -> None:
    record = sample_record()
    record.text = "Kế hoạch"  # decomposed input
    record = Record.model_validate(record.model_dump())
    assert export.record_json(record) == export.record_json(Record.model_validate_json(export.record_json(record)))
    assert "Kế hoạch" in export.record_json(record).decode()


def test_blank_strings_become_null() -> None:
    record = Record.model_validate({**sample_record().model_dump(), "place": "  ", "title": ""})
    assert record.place is None and record.title is None


def test_section_paths_walk_every_depth() -> None:
    paths = [p for p, _ in export.walk_sections(sample_record().sections)]
    assert paths == ["I", "I.1", "I.1.a"]


def test_tables_have_dates_as_dates_and_lists_as_lists(tmp_path: Path) -> None:
    manifest = [ManifestRow(path="in/kh-12.pdf", sha256=SHA, doc_id=SHA[:16], status="ok", seconds=1.5, pages=3)]
    counts = export.write_tables(tmp_path, [sample_record()], manifest)
    assert counts == {"documents": 1, "sections": 3, "references": 1, "responsibilities": 1, "tasks": 1,
                      "flags": 1, "manifest": 1}
    con = duckdb.connect()
    kinds = {r[0]: r[1] for r in con.execute(f"describe select * from '{tmp_path}/documents.parquet'").fetchall()}
    assert kinds["issued_date"] == "DATE"
    assert kinds["recipients"] == "VARCHAR[]"
    assert kinds["plan_year"] == "INTEGER"
    row = con.execute(f"select issued_date, recipients from '{tmp_path}/documents.parquet'").fetchone()
    assert row == (dt.date(2024, 5, 6), ["Sở Nội vụ", "Lưu: VT"])
    duties = con.execute(f"select duties from '{tmp_path}/responsibilities.parquet'").fetchone()[0]
    assert duties == ["Theo dõi", "Báo cáo"]
    joined = con.execute(
        f"select d.number, t.page from '{tmp_path}/documents.parquet' d "
        f"join '{tmp_path}/tasks.parquet' t using (doc_id)").fetchall()
    assert joined == [("12/KH-UBND", 3)]


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    export.atomic_write_bytes(target, b"old")

    with pytest.raises(TypeError):
        export.atomic_write_bytes(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_tables_are_written_without_loading_pandas(tmp_path: Path) -> None:
    """pyarrow would import pandas (half a second) on its first array; export tells it not to."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from pipeline import export; "
        "from schemas.record import ManifestRow; "
        "export.write_tables(Path(sys.argv[1]), [], [ManifestRow(path='a.pdf', status='failed')]); "
        "print('pandas' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=root, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
    con = duckdb.connect()
    assert con.execute(f"select status from '{tmp_path}/manifest.parquet'").fetchall() == [("failed",)]
