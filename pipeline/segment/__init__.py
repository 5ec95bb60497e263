"""The segment stage: Decree 30 header fields, outline, responsibilities, references, closing.

`segment(doc)` reads `doc.lines` (restored text, boxes where known) and fills `doc.record`;
a field it cannot read with confidence gets a `Flag` (not_found, ambiguous, inconsistent,
invalid, low_ocr_confidence, low_restore_confidence) with the page and box it came from.
"""

from __future__ import annotations

from pipeline.model import Document
from schemas.record import Flag, Issuer, Record, Signer

from .closing import Closing, read_closing
from .context import clean_title, issuer_from_preamble, parent_of, year_and_period
from .evidence import Hit, flag_for
from .header import Header, read_header
from .layout import Piece, piece_lines, pieces
from .outline import read_outline
from .references import as_read, read_references
from .responsibilities import read_responsibilities
from .symbols import type_codes

__all__ = ["segment"]

FIELDS = (
    "doc_type",
    "number",
    "issued_date",
    "place",
    "issuer.name",
    "issuer.parent",
    "title",
    "plan_year",
    "signer.name",
    "signer.title",
)
PREAMBLE_LINES = 25


def segment(doc: Document) -> Document:
    """Fill the record's header, outline, references, responsibilities, recipients and signer."""
    split = pieces(doc)
    whole = piece_lines(doc)
    head = read_header(split)
    closing = read_closing(split, head.body_start)
    record = doc.record
    record.flags = [f for f in record.flags if f.field not in FIELDS]
    flags: list[Flag | None] = []

    doc_type = _doc_type(head, flags)
    record.doc_type = doc_type
    if head.number and head.number.piece:
        head.number.value = as_read(head.number.value, doc.lines[head.number.piece.line].raw)
    record.number = head.number.value if head.number else None
    record.issued_date = head.issued_date.value if head.issued_date else None
    record.place = head.place.value if head.place else None
    record.title = clean_title(head.title.value if head.title else None, doc_type)
    _issuer(record, head, whole, flags)
    _year(record, head, flags)
    _signer(record, closing, flags)
    record.recipients = closing.recipients

    body = [p for p in whole[head.body_start :] if p.line not in closing.consumed]
    record.sections = read_outline(body, decision=doc_type == "Quyết định")
    record.responsibilities = read_responsibilities(record.sections)
    raw = [line.raw for line in doc.lines]
    record.references = read_references([p.text for p in whole], record.number, raw)

    _header_flags(head, flags)
    for flag in flags:
        if flag is not None:
            doc.flag(flag)
    return doc


def _doc_type(head: Header, flags: list[Flag | None]) -> str | None:
    coded = type_codes().get(head.number.value.split("/")[-1].split("-")[0]) if head.number else None
    if head.doc_type is None:
        flags.append(flag_for("doc_type", Hit(coded), "not_found"))
        return coded
    if coded and coded != head.doc_type.value:
        flags.append(
            flag_for("doc_type", head.doc_type, "inconsistent", shown=f"{head.doc_type.value} / {coded}")
        )
    else:
        flags.append(flag_for("doc_type", head.doc_type))
    return head.doc_type.value


def _issuer(record: Record, head: Header, whole: list[Piece], flags: list[Flag | None]) -> None:
    name = head.issuer.value if head.issuer else None
    parent = head.parent.value if head.parent else None
    if name is None:
        preamble = " ".join(p.text for p in whole[head.body_start : head.body_start + PREAMBLE_LINES])
        name = issuer_from_preamble(preamble)
        flags.append(flag_for("issuer.name", None, "not_found", shown=name))
    else:
        flags.append(flag_for("issuer.name", head.issuer))
    if parent is None:
        parent = parent_of(name, record.place)
        if parent:
            flags.append(flag_for("issuer.parent", None, "not_found", shown=parent))
    record.issuer = Issuer(name=name, parent=parent)


def _year(record: Record, head: Header, flags: list[Flag | None]) -> None:
    year, period, open_range = year_and_period(record.title)
    if year is None and open_range:
        flags.append(flag_for("plan_year", head.title, "ambiguous", shown=open_range))
    elif year is None and record.issued_date:
        year = record.issued_date.year
        flags.append(flag_for("plan_year", None, "not_found", shown=str(year)))
    record.plan_year = year
    record.period = period


def _signer(record: Record, closing: Closing, flags: list[Flag | None]) -> None:
    record.signer = Signer(
        name=closing.name.value if closing.name else None,
        title=closing.title.value if closing.title else None,
        authority=closing.authority.value if closing.authority else None,
        signed_digitally=closing.signed_digitally,
    )
    if closing.name is None:
        flags.append(flag_for("signer.name", None, "not_found"))
    elif closing.name_conflict:
        flags.append(
            flag_for(
                "signer.name",
                closing.name,
                "ambiguous",
                shown=f"{closing.name.value} / {', '.join(closing.digital_names)}",
            )
        )
    elif not closing.digital_names:
        flags.append(flag_for("signer.name", closing.name))
    if closing.title is None:
        flags.append(flag_for("signer.title", None, "not_found"))


def _header_flags(head: Header, flags: list[Flag | None]) -> None:
    if head.number is None:
        flags.append(flag_for("number", None, "not_found", shown=head.number_printed))
    elif len(set(head.numbers_seen)) > 1:
        flags.append(
            flag_for("number", head.number, "ambiguous", shown=" / ".join(dict.fromkeys(head.numbers_seen)))
        )
    else:
        flags.append(flag_for("number", head.number))
    if head.issued_date is None:
        flags.append(flag_for("issued_date", None, "not_found"))
    elif head.issued_date.value is None:
        piece = head.issued_date.piece
        flags.append(
            flag_for("issued_date", head.issued_date, "invalid", shown=piece.text if piece else None)
        )
    else:
        flags.append(flag_for("issued_date", head.issued_date))
    flags.append(flag_for("place", head.place) if head.place else flag_for("place", None, "not_found"))
    flags.append(flag_for("title", head.title) if head.title else flag_for("title", None, "not_found"))
