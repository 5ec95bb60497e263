"""Where a field's value was read, and the flags its confidence earns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Any

from schemas.record import Flag, FlagReason

from .layout import Piece

OCR_CONF_MIN = 0.6
"""Below this OCR word confidence a field is flagged low_ocr_confidence."""
RESTORE_CONF_MIN = 0.5
"""Below this restore syllable confidence a field is flagged low_restore_confidence."""


@dataclass
class Hit:
    """A field value with the piece of text it was read from (start/end index that text)."""

    value: Any
    piece: Piece | None = None
    start: int = 0
    end: int | None = None


def _token_indices(piece: Piece, start: int, end: int | None) -> list[int]:
    end = len(piece.text) if end is None else end
    spans = [m.span() for m in re.finditer(r"\S+", piece.text)]
    return [i for i, (s, e) in enumerate(spans) if s < end and e > start] or list(range(len(spans)))


def flag_for(
    field: str, hit: Hit | None, reason: FlagReason | None = None, shown: str | None = None
) -> Flag | None:
    """A flag for a field: `reason` when given, else one earned by low confidence (or None)."""
    piece = hit.piece if hit else None
    value = shown if shown is not None else (None if hit is None or hit.value is None else str(hit.value))
    page = piece.page if piece else None
    box = piece.box if piece else None
    if reason:
        return Flag(field=field, value=value, reason=reason, page=page, box=box)
    if piece is None or hit is None:
        return None
    idx = _token_indices(piece, hit.start, hit.end)
    ntokens = len(piece.text.split())
    if piece.words and len(piece.words) == ntokens:
        words = [piece.words[i] for i in idx if i < len(piece.words)]
        ocr = min((w.conf for w in words), default=1.0)
        boxes = [w.box for w in words if w.box is not None]
        if boxes:
            box = (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
    else:
        ocr = median([w.conf for w in piece.words]) if piece.words else 1.0
    if ocr < OCR_CONF_MIN:
        return Flag(
            field=field,
            value=value,
            reason="low_ocr_confidence",
            confidence=round(ocr, 3),
            page=page,
            box=box,
        )
    if piece.confs:
        restored = min((piece.confs[i] for i in idx if i < len(piece.confs)), default=1.0)
        if restored < RESTORE_CONF_MIN:
            return Flag(
                field=field,
                value=value,
                reason="low_restore_confidence",
                confidence=round(max(0.0, restored), 3),
                page=page,
                box=box,
            )
    return None
