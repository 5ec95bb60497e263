"""Validate: check the record against the contract and across its fields; flag what disagrees.

Validation never drops a value: it flags it (reason "invalid" or "inconsistent") so an
archivist can decide, and it fails the document only when the record cannot be built at all.
"""

from __future__ import annotations

import re
from datetime import date

from dictionaries import rows
from pipeline.model import Document, Page
from schemas.record import Flag, PageInfo, Record

REQUIRED = ("doc_type", "number", "issued_date", "issuer.name", "title")
SYMBOL_CODE = re.compile(r"^\s*\d+[A-Za-z]?(?:/\d{4})?/([^-/\s]+)")


def validate(doc: Document, today: date | None = None) -> Document:
    """Re-validate the record, set its full text, and add flags for missing and inconsistent fields."""
    record = doc.record
    record.text = doc.text
    record.pages = [page_info(page) for page in doc.pages]
    checked = Record.model_validate(record.model_dump())
    _flag_missing(checked)
    _flag_inconsistent(checked, today or date.today())
    checked.flags = _unique(checked.flags)
    doc.record = checked
    return doc


def page_info(page: Page) -> PageInfo:
    words = [w.conf for line in page.lines for w in line.words]
    return PageInfo(
        number=page.number, source=page.source, width=page.width, height=page.height, dpi=page.dpi,
        rotation=page.rotation, skew=page.skew, preview=page.preview, preview_scale=page.preview_scale,
        mean_conf=round(sum(words) / len(words), 4) if words and page.source == "ocr" else None,
    )


def _value(record: Record, dotted: str) -> object:
    value: object = record
    for part in dotted.split("."):
        value = getattr(value, part, None)
    return value


def _flag_missing(record: Record) -> None:
    flagged = {f.field for f in record.flags}
    for field in REQUIRED:
        if _value(record, field) is None and field not in flagged:
            record.flags.append(Flag(field=field, reason="not_found"))


def _flag_inconsistent(record: Record, today: date) -> None:
    issued = record.issued_date
    if issued and not date(1945, 9, 2) <= issued <= today:
        record.flags.append(Flag(field="issued_date", value=issued.isoformat(), reason="invalid"))
    if issued and record.plan_year and abs(record.plan_year - issued.year) > 1:
        record.flags.append(Flag(field="plan_year", value=str(record.plan_year), reason="inconsistent"))
    code = symbol_code(record.number)
    if code and record.doc_type:
        expected = codes_for(record.doc_type)
        if expected and code not in expected:
            record.flags.append(Flag(field="number", value=record.number, reason="inconsistent"))


def symbol_code(number: str | None) -> str | None:
    """The type code of a document symbol: "27/KH-UBND" → "KH"."""
    match = SYMBOL_CODE.match(number or "")
    return match.group(1) if match else None


def codes_for(doc_type: str) -> set[str]:
    return {r["code"] for r in rows("doc_types.tsv") if r["name"].casefold() == doc_type.casefold() and r["code"]}


def _unique(flags: list[Flag]) -> list[Flag]:
    seen: set[tuple] = set()
    out = []
    for flag in flags:
        key = (flag.field, flag.reason, flag.value, flag.page)
        if key not in seen:
            seen.add(key)
            out.append(flag)
    return out
