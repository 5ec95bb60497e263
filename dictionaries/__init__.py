"""Data the stages read: TSV and text files beside this module.

Every file is UTF-8, NFC, `#` starts a comment line, and TSV files have a header row.
Loaders are cached: each file is read once per process.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(name: str) -> Path:
    return ROOT / name


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a TSV file as dicts keyed by its header."""
    with path(name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple(
            {k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items()} for row in reader
        )


@cache
def words(name: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of a text file."""
    text = path(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)
