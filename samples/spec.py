"""The structure of an invented sample document, and the record values it implies.

A `Plan` (Kế hoạch) or a `Decision` (Quyết định issuing a plan) holds everything the
renderer prints and everything the end-to-end test expects back: `expected()` turns a
document into the dictionary written to `samples/expected/<input>.json`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

ROMAN_KINDS = (
    "muc_dich_yeu_cau",
    "doi_tuong_noi_dung",
    "noi_dung_hinh_thuc",
    "nhiem_vu",
    "kinh_phi",
    "to_chuc_thuc_hien",
    "other",
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class Header:
    """The two-column block on top of page 1 (Decree 30/2020/NĐ-CP, Appendix I)."""

    parent_printed: str | None
    """Line above the issuing body, e.g. "UBND TỈNH HÀ LÂM"; None when there is none."""
    body_printed: list[str]
    """The issuing body in bold, one or two lines: ["SỞ KHOA HỌC VÀ CÔNG NGHỆ"]."""
    issuer_name: str
    """Full form for the record: "Sở Khoa học và Công nghệ", "Ủy ban nhân dân xã X"."""
    issuer_parent: str | None
    number: str | None
    place: str
    issued: date | None

    def date_line(self) -> str:
        """ "Hà Lâm, ngày 07 tháng 8 năm 2025" (day padded to two digits, month below 3 too)."""
        if self.issued is None:
            return f"{self.place}, ngày      tháng      năm"
        d = self.issued
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        return f"{self.place}, ngày {d.day:02d} tháng {month} năm {d.year}"


@dataclass
class Item:
    """A numbered child ("1. Mục đích") of a roman-numeral part."""

    label: str
    heading: str
    body: list[str] = field(default_factory=list)
    inline: bool = False
    """Heading printed on the first body line after a colon: "1. Sở Nội vụ: Chủ trì ..."."""
    agency: str | None = None
    """The responsible agency when it differs from the heading (default: the heading)."""


@dataclass
class Part:
    label: str
    heading: str
    kind: str
    body: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert self.kind in ROMAN_KINDS, self.kind


@dataclass
class Task:
    no: str
    task: str
    lead: str
    partners: str | None
    timeline: str
    output: str | None = None


@dataclass
class Appendix:
    title_lines: list[str]
    note: str
    tasks: list[Task]
    with_output: bool = False
    """Print a sixth column "Sản phẩm" (else `output` stays null)."""


@dataclass
class Signature:
    authority: str | None
    """The line above the title, as printed: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"."""
    title_printed: str
    title: str
    """Title for the record, in running-text case: "Phó Chủ tịch"."""
    name: str


@dataclass
class Plan:
    header: Header
    title_lines: list[str]
    plan_year: int
    preamble: list[str]
    parts: list[Part]
    closing: list[str]
    recipients: list[str]
    signature: Signature | None
    references: list[str]
    """Symbols cited (any order: `expected()` sorts them by first mention)."""
    appendix: Appendix | None = None
    subtitle: str | None = None
    """Italic line under the title of an attached plan: "(Ban hành kèm theo ...)"."""
    body_size: float = 13
    doc_type: str = "Kế hoạch"
    type_line: str = "KẾ HOẠCH"

    @property
    def title(self) -> str:
        """The trích yếu on one line, as the record holds it."""
        return " ".join(self.title_lines)


@dataclass
class Decision:
    """A Quyết định whose Điều 1 issues the attached plan."""

    header: Header
    title_lines: list[str]
    plan_year: int
    authority_line: str
    bases: list[str]
    articles: list[str]
    recipients: list[str]
    signature: Signature
    plan: Plan
    references: list[str]
    body_size: float = 14
    doc_type: str = "Quyết định"
    type_line: str = "QUYẾT ĐỊNH"

    @property
    def title(self) -> str:
        """The trích yếu on one line, as the record holds it."""
        return " ".join(self.title_lines)


Document = Plan | Decision


def plan_lines(plan: Plan) -> list[str]:
    """The plan as running text in reading order (one string per printed paragraph)."""
    lines = [plan.type_line, *plan.title_lines]
    if plan.subtitle:
        lines.append(plan.subtitle)
    lines += plan.preamble
    for part in plan.parts:
        lines.append(f"{part.label}. {part.heading}")
        lines += part.body
        for item in part.items:
            if item.inline:
                lines.append(f"{item.label}. {item.heading}: {item.body[0]}")
                lines += item.body[1:]
            else:
                lines.append(f"{item.label}. {item.heading}")
                lines += item.body
    lines += plan.closing
    if plan.appendix:
        lines += plan.appendix.title_lines + [plan.appendix.note]
        for task in plan.appendix.tasks:
            lines += [task.task, task.lead, task.partners or "", task.timeline, task.output or ""]
    return lines


def document_lines(doc: Document) -> list[str]:
    if isinstance(doc, Plan):
        return plan_lines(doc)
    return [doc.type_line, *doc.title_lines, doc.authority_line, *doc.bases, *doc.articles] + plan_lines(
        doc.plan
    )


def _ordered_references(doc: Document) -> list[str]:
    text = "\n".join(document_lines(doc))
    own = doc.header.number
    positions = {}
    for symbol in doc.references:
        match = re.search(rf"(?<![\w/-]){re.escape(symbol)}(?![\w/-])", text)
        assert match, f"reference {symbol} is not printed in {doc.title}"
        assert symbol != own, "a document does not cite itself"
        positions[symbol] = match.start()
    return sorted(positions, key=positions.__getitem__)


def _sections(plan: Plan) -> list[dict]:
    return [
        {
            "label": part.label,
            "kind": part.kind,
            "heading": part.heading,
            "children": [{"label": item.label, "heading": item.heading} for item in part.items],
        }
        for part in plan.parts
    ]


def _agencies(plan: Plan) -> list[str]:
    return [
        item.agency or item.heading
        for part in plan.parts
        if part.kind == "to_chuc_thuc_hien"
        for item in part.items
    ]


def expected(doc: Document, source_kind: str, pages: int) -> dict:
    """The record values this document's generator put in (RECORD.md conventions)."""
    plan = doc if isinstance(doc, Plan) else doc.plan
    sig = doc.signature
    tasks = plan.appendix.tasks if plan.appendix else []
    out = {
        "source": {"kind": source_kind, "pages": pages if source_kind != "text" else None},
        "doc_type": doc.doc_type,
        "number": doc.header.number,
        "issued_date": doc.header.issued.isoformat() if doc.header.issued else None,
        "place": doc.header.place,
        "issuer": {"name": doc.header.issuer_name, "parent": doc.header.issuer_parent},
        "title": doc.title,
        "plan_year": doc.plan_year,
        "signer": {
            "name": sig.name if sig else None,
            "title": sig.title if sig else None,
            "authority": sig.authority if sig else None,
        },
        "sections": _sections(plan),
        "references": _ordered_references(doc),
        "responsible_agencies": _agencies(plan),
        "recipients": list(doc.recipients),
        "appendix_tasks": [
            {
                "no": t.no,
                "task": t.task,
                "lead": t.lead,
                "partners": t.partners,
                "timeline": t.timeline,
                "output": t.output if plan.appendix and plan.appendix.with_output else None,
            }
            for t in tasks
        ],
    }
    return _nfc_tree(out)


def _nfc_tree(value):
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_tree(v) for k, v in value.items()}
    return value
