"""Validate: missing and inconsistent fields become flags; values are never dropped."""

from __future__ import annotations

import datetime as dt

from pipeline.model import Document, Line
from pipeline.validate import symbol_code, validate
from schemas.record import Record, Source

SHA = "cd" * 32


def document(**fields) -> Document:
    source = Source(path="a.txt", sha256=SHA, kind="text", pages=1)
    record = Record(doc_id=SHA[:16], source=source, **fields)
    return Document(doc_id=SHA[:16], source=source, record=record,
                    lines=[Line(page=1, raw="a", text="Kế hoạch"), Line(page=1, raw="b", text="năm 2024")])


def reasons(doc: Document) -> dict[str, str]:
    return {f.field: f.reason for f in doc.record.flags}


def test_symbol_code_reads_the_type_code() -> None:
    assert symbol_code("27/KH-UBND") == "KH"
    assert symbol_code("118/2025/NĐ-CP") == "NĐ"
    assert symbol_code("12-NQ/TW") is None


def test_missing_required_fields_are_flagged_not_found() -> None:
    doc = validate(document(doc_type="Kế hoạch"))
    assert reasons(doc) == {"number": "not_found", "issued_date": "not_found", "issuer.name": "not_found",
                            "title": "not_found"}


def test_number_whose_code_disagrees_with_the_type_is_flagged_and_kept() -> None:
    doc = validate(document(doc_type="Quyết định", number="27/KH-UBND"))
    assert reasons(doc)["number"] == "inconsistent"
    assert doc.record.number == "27/KH-UBND"


def test_mixed_case_codes_match_their_types() -> None:
    doc = validate(document(doc_type="Chương trình", number="5/CTr-UBND"))
    assert "number" not in reasons(doc)


def test_future_date_and_distant_plan_year_are_flagged() -> None:
    doc = validate(document(issued_date=dt.date(2031, 1, 1), plan_year=2020), today=dt.date(2026, 1, 1))
    assert reasons(doc)["issued_date"] == "invalid"
    assert reasons(doc)["plan_year"] == "inconsistent"


def test_record_text_is_the_restored_lines() -> None:
    assert validate(document()).record.text == "Kế hoạch\nnăm 2024"
