"""Pydantic models of the vanthu record contract (spec/RECORD.md)."""

from schemas.record import (
    SCHEMA_VERSION,
    AppendixTask,
    Flag,
    Issuer,
    ManifestRow,
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
    "Flag",
    "Issuer",
    "ManifestRow",
    "Record",
    "Reference",
    "Responsibility",
    "Section",
    "Signer",
    "Source",
]
