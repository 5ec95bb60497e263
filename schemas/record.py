"""The record contract of ../spec/RECORD.md as Pydantic v2 models.

These models are the source of truth for `OUT/json/<doc_id>.json` and for the Parquet
tables.  Names fixed by the contract are never renamed without bumping SCHEMA_VERSION;
fields may be added.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1"

SourceKind = Literal["image", "scanned_pdf", "digital_pdf", "text"]
SectionKind = Literal[
    "muc_dich_yeu_cau",
    "doi_tuong_noi_dung",
    "noi_dung_hinh_thuc",
    "nhiem_vu",
    "kinh_phi",
    "to_chuc_thuc_hien",
    "other",
]
FlagReason = Literal[
    "low_ocr_confidence",
    "low_restore_confidence",
    "not_found",
    "ambiguous",
    "inconsistent",
    "unparsed",
    "invalid",
]
Box = tuple[float, float, float, float]
"""x0, top, x1, bottom in the page's own pixel space (OCR image, or PDF points)."""


def _blank_to_none(value: object) -> object:
    """An absent value is null, never an empty string (RECORD.md)."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value or None
    return value


OptStr = Annotated[str | None, BeforeValidator(_blank_to_none)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(Strict):
    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    kind: SourceKind
    pages: int = Field(ge=0)


class Issuer(Strict):
    name: OptStr = None
    parent: OptStr = None


class Signer(Strict):
    name: OptStr = None
    title: OptStr = None
    authority: OptStr = None
    signed_digitally: bool = False
    """True when the PDF carries the "... đã ký lên văn bản này" signature lines."""


class Section(Strict):
    label: OptStr = None
    heading: OptStr = None
    kind: SectionKind | None = None
    """Only roman-numeral parts carry a kind; deeper levels leave it null."""
    level: int = Field(default=1, ge=1)
    text: str = ""
    page: int | None = None
    children: list[Section] = Field(default_factory=list)


class Reference(Strict):
    symbol: str
    type: OptStr = None
    date: dt.date | None = None
    issuer: OptStr = None


class Responsibility(Strict):
    agency: str
    duties: list[str] = Field(default_factory=list)


class AppendixTask(Strict):
    no: OptStr = None
    task: OptStr = None
    lead: OptStr = None
    partners: OptStr = None
    timeline: OptStr = None
    output: OptStr = None
    page: int | None = None


class Flag(Strict):
    field: str
    value: OptStr = None
    reason: FlagReason
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    page: int | None = None
    box: Box | None = None
    """Where on the page the field's words stand, for the review screen."""


class PageInfo(Strict):
    """One page as read: the space its boxes are in, and where its preview image is."""

    number: int = Field(ge=1)
    source: Literal["text_layer", "ocr", "text"]
    width: float = 0.0
    height: float = 0.0
    """Size of the page's coordinate space: image pixels (OCR) or PDF points (text layer)."""
    dpi: float | None = None
    rotation: int = 0
    skew: float = 0.0
    preview: OptStr = None
    """Path, relative to OUT, of a JPEG of the page as read (after cleanup), for review."""
    preview_scale: float | None = None
    """Preview pixels per unit of the page's coordinate space."""
    mean_conf: float | None = Field(default=None, ge=0.0, le=1.0)


class Correction(Strict):
    """A value an archivist set by hand; it overrides what the pipeline read."""

    field: str
    """Dotted path of the field: "number", "signer.name", "appendix_tasks[2].lead"."""
    value: OptStr = None
    original: OptStr = None
    """What the pipeline had read before the correction."""
    by: str
    at: dt.datetime
    stale: bool = False
    """The source file changed since the correction was made (a new sha256)."""


class Record(Strict):
    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    source: Source
    doc_type: OptStr = None
    number: OptStr = None
    issued_date: dt.date | None = None
    place: OptStr = None
    issuer: Issuer = Field(default_factory=Issuer)
    title: OptStr = None
    plan_year: int | None = Field(default=None, ge=1945, le=2100)
    period: OptStr = None
    signer: Signer = Field(default_factory=Signer)
    sections: list[Section] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    appendix_tasks: list[AppendixTask] = Field(default_factory=list)
    text: str = ""
    flags: list[Flag] = Field(default_factory=list)
    pages: list[PageInfo] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)

    @field_validator("text")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return unicodedata.normalize("NFC", value)

    @field_validator("references")
    @classmethod
    def _unique_symbols(cls, refs: list[Reference]) -> list[Reference]:
        seen: set[str] = set()
        for ref in refs:
            if ref.symbol in seen:
                raise ValueError(f"reference {ref.symbol} listed twice")
            seen.add(ref.symbol)
        return refs


class ManifestRow(Strict):
    path: str
    sha256: str | None = None
    doc_id: str | None = None
    status: Literal["ok", "failed", "skipped"]
    error: OptStr = None
    seconds: float = 0.0
    pages: int = 0
