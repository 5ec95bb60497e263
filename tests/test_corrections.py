"""Corrections from OUT/review.sqlite go into records and tables, idempotently, and are never dropped."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import duckdb
import pytest

from pipeline import corrections, export
from pipeline.corrections import apply_corrections, doc_key, refresh
from pipeline.review import paths
from pipeline.review.store import Conflict, DocKey, Event, ReviewStore
from pipeline.state import RunState
from schemas.record import AppendixTask, Flag, ManifestRow, Record, Source

SHA = "ab" * 32
SHA2 = "cd" * 32
TEXT = "ỦY BAN NHÂN DÂN\nSố: 12/KH-UBND Hà Lan, ngày 06 tháng 5 năm 2024\nKẾ HOẠCH\nTuyên truyền Hà Lan năm 2024"
FIRST = paths.span_path(*paths.word_spans(TEXT, "Hà Lan")[0])


def record(sha: str = SHA, path: str = "in/kh-12.pdf", **changes: object) -> Record:
    base = Record(
        doc_id=sha[:16], source=Source(path=path, sha256=sha, kind="text", pages=1),
        number="12/KH-UBND", place="Hà Lan", issued_date=dt.date(2024, 5, 6), plan_year=2024,
        title="Tuyên truyền", appendix_tasks=[AppendixTask(no="1", task="Đăng tin", lead="Văn phòng")],
        text=TEXT, flags=[Flag(field="place", value="Hà Lan", reason="low_restore_confidence", confidence=0.4)],
    )
    return base.model_copy(update=changes)


def save(out: Path, rec: Record, field: str, value: str | None, user: str = "lan", action: str = "correct") -> Event:
    store = ReviewStore(out)
    data = corrections.pipeline_data(rec)
    original = paths.as_text(paths.get(data, field))
    state = store.state_of(doc_key(rec), field)
    event = store.save(doc_key(rec), field, action, value, original, state.version, user)
    assert isinstance(event, Event)
    return event


def test_without_review_store_a_record_is_left_as_it_is(tmp_path: Path) -> None:
    rec = record()
    assert apply_corrections(tmp_path, rec) is rec
    assert not (tmp_path / "review.sqlite").exists()


def test_corrections_set_values_of_every_kind_of_path_with_provenance(tmp_path: Path) -> None:
    rec = record()
    save(tmp_path, rec, "place", "Hà An")
    save(tmp_path, rec, "issued_date", "2024-05-07")
    save(tmp_path, rec, "appendix_tasks[0].lead", "Sở Tư pháp")
    save(tmp_path, rec, "plan_year", "2025", user="minh")
    fixed = apply_corrections(tmp_path, rec)
    assert (fixed.place, fixed.issued_date, fixed.appendix_tasks[0].lead, fixed.plan_year) == (
        "Hà An", dt.date(2024, 5, 7), "Sở Tư pháp", 2025)
    by_field = {c.field: c for c in fixed.corrections}
    assert by_field["place"].original == "Hà Lan" and by_field["place"].by == "lan"
    assert by_field["plan_year"].original == "2024" and by_field["plan_year"].by == "minh"
    assert not any(c.stale for c in fixed.corrections)
    assert fixed.flags == rec.flags  # the pipeline's doubts stay on record


def test_applying_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    rec = record()
    save(tmp_path, rec, "place", "Hà An")
    save(tmp_path, rec, FIRST, "Hà An")
    once = apply_corrections(tmp_path, rec)
    twice = apply_corrections(tmp_path, once)
    assert export.record_json(once) == export.record_json(twice)
    assert once.text.splitlines()[1] == "Số: 12/KH-UBND Hà An, ngày 06 tháng 5 năm 2024"


def test_undo_gives_back_the_pipeline_value_even_from_a_corrected_record(tmp_path: Path) -> None:
    rec = record()
    save(tmp_path, rec, "place", "Hà An")
    save(tmp_path, rec, FIRST, "Hà An")
    corrected = apply_corrections(tmp_path, rec)
    for field in ("place", FIRST):
        save(tmp_path, rec, field, None, action="undo")
    restored = apply_corrections(tmp_path, corrected)
    assert restored.place == "Hà Lan" and restored.text == TEXT and restored.corrections == []


def test_text_span_corrections_splice_in_order_and_come_back_out(tmp_path: Path) -> None:
    rec = record()
    first, second = paths.word_spans(TEXT, "Hà Lan")
    save(tmp_path, rec, paths.span_path(*second), "Hà An tỉnh")
    save(tmp_path, rec, paths.span_path(*first), "Hà An")
    fixed = apply_corrections(tmp_path, rec)
    assert fixed.text.count("Hà An") == 2 and "Hà Lan" not in fixed.text
    assert corrections.pipeline_data(fixed)["text"] == TEXT


def test_a_new_scan_of_the_same_file_keeps_the_correction_and_marks_it_stale(tmp_path: Path) -> None:
    save(tmp_path, record(), "place", "Hà An")
    save(tmp_path, record(), "appendix_tasks[0].lead", "Sở Tư pháp")
    rescanned = record(sha=SHA2, appendix_tasks=[], place="Ha Lan")
    fixed = apply_corrections(tmp_path, rescanned)
    by_field = {c.field: c for c in fixed.corrections}
    assert fixed.place == "Hà An" and by_field["place"].stale and by_field["place"].original == "Ha Lan"
    gone = by_field["appendix_tasks[0].lead"]  # no such row any more: listed, not applied, not dropped
    assert gone.stale and gone.value == "Sở Tư pháp" and fixed.appendix_tasks == []


def test_a_stale_text_span_moves_to_its_words_or_stays_listed_unplaced(tmp_path: Path) -> None:
    save(tmp_path, record(), FIRST, "Hà An")
    moved = apply_corrections(tmp_path, record(sha=SHA2, text="Mở đầu.\n" + TEXT))
    assert moved.text.startswith("Mở đầu.\nỦY BAN NHÂN DÂN\nSố: 12/KH-UBND Hà An,")
    start = paths.word_spans(TEXT, "Hà Lan")[0][0] + len("Mở đầu.\n")
    assert [c.field for c in moved.corrections] == [paths.span_path(start, start + 6)] and moved.corrections[0].stale
    lost = apply_corrections(tmp_path, record(sha=SHA2, text="Một văn bản khác"))
    assert lost.text == "Một văn bản khác"
    assert [(c.field, c.value, c.stale) for c in lost.corrections] == [("text", "Hà An", True)]


def test_a_value_the_record_cannot_hold_is_listed_stale_and_not_applied(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    with sqlite3.connect(store.path) as db:  # a value saved by an older schema, say
        db.execute("insert into events (doc_id, source_path, sha256, field, action, old_value, new_value, "
                   "original, user, at) values (?, ?, ?, 'plan_year', 'correct', '2024', 'năm ngoái', '2024', "
                   "'lan', '2025-01-01T00:00:00+00:00')", (SHA[:16], "in/kh-12.pdf", SHA))
    fixed = apply_corrections(tmp_path, record())
    assert fixed.plan_year == 2024
    assert [(c.field, c.value, c.stale) for c in fixed.corrections] == [("plan_year", "năm ngoái", True)]


def test_the_audit_trail_refuses_updates_and_deletes(tmp_path: Path) -> None:
    save(tmp_path, record(), "place", "Hà An")
    with sqlite3.connect(tmp_path / "review.sqlite") as db:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("update events set new_value = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("delete from events")


def test_a_save_on_a_field_changed_since_it_was_read_is_a_conflict(tmp_path: Path) -> None:
    store, key = ReviewStore(tmp_path), DocKey(SHA[:16], "in/kh-12.pdf", SHA)
    seen = store.state_of(key, "place").version
    first = store.save(key, "place", "correct", "Hà An", "Hà Lan", seen, "lan")
    second = store.save(key, "place", "correct", "Hà Nam", "Hà Lan", seen, "minh")
    assert isinstance(first, Event) and isinstance(second, Conflict)
    assert second.current == "Hà An" and second.theirs == first and second.version == first.id
    assert store.save(key, "place", "correct", "Hà An", "Hà Lan", seen, "minh") is None  # same value: agreed
    again = store.save(key, "place", "correct", "Hà Nam", "Hà Lan", second.version, "minh")
    assert isinstance(again, Event) and again.old_value == "Hà An"
    undo_seen_late = store.save(key, "place", "undo", None, "Hà Lan", first.id, "lan")
    assert isinstance(undo_seen_late, Conflict)


def test_undo_walks_back_one_decision_at_a_time(tmp_path: Path) -> None:
    store, key = ReviewStore(tmp_path), DocKey(SHA[:16], "in/kh-12.pdf", SHA)
    for value in ("A", "B"):
        store.save(key, "place", "correct", value, "Hà Lan", store.state_of(key, "place").version, "lan")
    undo = store.save(key, "place", "undo", None, "Hà Lan", store.state_of(key, "place").version, "lan")
    assert isinstance(undo, Event) and (undo.old_value, undo.new_value) == ("B", "A")
    assert store.state_of(key, "place").top.new_value == "A"
    store.save(key, "place", "undo", None, "Hà Lan", store.state_of(key, "place").version, "lan")
    assert store.state_of(key, "place").top is None
    assert store.save(key, "place", "undo", None, "Hà Lan", store.state_of(key, "place").version, "lan") is None
    assert [e.action for e in store.all_events()] == ["correct", "correct", "undo", "undo"]


def test_refresh_rewrites_json_and_tables_with_the_correction_and_its_provenance(tmp_path: Path) -> None:
    rec = record()
    export.write_record(tmp_path, rec)
    state = RunState(tmp_path)
    state.record(ManifestRow(path=rec.source.path, sha256=SHA, doc_id=rec.doc_id, status="ok"))
    save(tmp_path, rec, "place", "Hà An", user="lan")
    counts = refresh(tmp_path, state.done_doc_ids(), state.manifest())
    state.close()
    assert counts["corrections"] == 1 and counts["documents"] == 1
    on_disk = Record.model_validate_json(export.json_path(tmp_path, rec.doc_id).read_bytes())
    assert on_disk.place == "Hà An" and on_disk.corrections[0].by == "lan"
    con = duckdb.connect()
    assert con.execute(f"select place from '{tmp_path}/documents.parquet'").fetchone() == ("Hà An",)
    row = con.execute(f"select doc_id, field, value, original, corrected_by, stale from '{tmp_path}/corrections.parquet'")
    assert row.fetchone() == (rec.doc_id, "place", "Hà An", "Hà Lan", "lan", False)
