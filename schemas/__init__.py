"""Pydantic models of the vanthu record contract (spec/RECORD.md)."""

from schemas.record import (
    SCHEMA_VERSION,
    AppendixTask,
    Correction,
    Flag,
    Issuer,
    ManifestRow,
    PageInfo,
    Record,
    Reference,
    Responsibility,
    Section,
    Signer,
    Source,
)

__all__ = [
    "SCHEMA_VERSION",
    "AppendixTask",
    "Correction",
    "Flag",
    "Issuer",
    "ManifestRow",
    "PageInfo",
    "Record",
    "Reference",
    "Responsibility",
    "Section",
    "Signer",
    "Source",
]
