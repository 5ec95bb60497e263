"""The closing of a document: the Nơi nhận list, the signer block, digital-signature lines.

Recipients sit in the left column under "Nơi nhận:", the signer block in the right column:
authority ("KT. CHỦ TỊCH"), title ("PHÓ CHỦ TỊCH"), then the name under the signature.  On
plain text the two columns share lines ("Nơi nhận: GIÁM ĐỐC", "- Sở Tài chính; Lê Văn Tám"),
so each recipient line is cut where a signer part begins.  PDFs signed with a digital
certificate carry lines like "<name><email> đã ký lên văn bản này!".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import dictionaries

from .evidence import Hit
from .layout import Piece
from .names import mend_organ_words, signer_title, starts_with_organ
from .text import clean_space, fold, is_upper, ocr_fold, similar

KEEP_STORAGE_NOTE = True
"""Whether the "Lưu: VT, ..." storage note is listed among the recipients: it is printed as the
last line of the Nơi nhận list, and the record keeps the list as printed."""
CLOSING_SPAN = 30
"""Pieces searched after "Nơi nhận:" for the recipients and the signer block."""
NAME_MATCH = 70.0
"""Similarity at which a printed name and a digital-signature name are the same person."""

_RECIPIENTS = re.compile(r"^\W*n\S{1,3}\s*nh\S{1,3}n\s*[:;.]?\s*")
_STORAGE = re.compile(r"^\W*l\S{1,2}u\s*[:;.]", re.IGNORECASE)
_DIGITAL = re.compile(r"(?:da ky len van ban|nguoi ky\s*:|ky boi\s*:|signed by\s*:?|ky so boi)")
_CERT_NOISE = re.compile(
    r"(?:chung thuc so|bao mat thong tin|email\s*:|thoi gian ky|co quan\s*:|\d{4}-\d\d-\d\dt\d\d:\d\d|"
    r"\d\d\.\d\d\.\d{4}\s+\d\d:\d\d)"
)
_APPENDIX = re.compile(r"^\s*ph\S{1,2}\s*l\S{1,2}c\b")
_LIST = re.compile(r"^\s*danh\s+m\S{1,2}c\b")
_ATTACHED = re.compile(r"^\s*\(\s*(?:ban hanh\s+)?k\S{1,2}m\s+theo\b")


@cache
def authorities() -> tuple[str, ...]:
    return tuple(row["prefix"] for row in dictionaries.rows("signer_authorities.tsv"))


@dataclass
class Closing:
    recipients: list[str] = field(default_factory=list)
    recipients_hit: Hit | None = None
    storage: str | None = None
    authority: Hit | None = None
    title: Hit | None = None
    name: Hit | None = None
    digital_names: list[str] = field(default_factory=list)
    signed_digitally: bool = False
    name_conflict: bool = False
    consumed: set[int] = field(default_factory=set)
    """Line indices that belong to the closing (kept out of the outline)."""


def read_authority(text: str) -> tuple[str, str] | None:
    """(authority line, rest) when a line opens with TM./KT./TL./TUQ./Q. (tolerant of OCR)."""
    m = re.match(r"^\s*(TM|KT|TL|TUQ|Q|K\.T|T\.M|T\.L)\s*[.,:]\s*(?=[A-ZĐ\u00C0-\u1EF8])", text)
    if not m:
        return None
    prefix = m.group(1).replace(".", "") + "."
    if prefix not in authorities():
        return None
    rest = text[m.end() :].strip()
    words = rest.split()
    # the authority names the head or the body: keep its upper-case words
    kept = []
    for w in words:
        if not is_upper(w, 0.6) and kept:
            break
        kept.append(w)
    return clean_space(f"{prefix} {' '.join(kept)}"), " ".join(words[len(kept) :])


def is_name(text: str) -> bool:
    """A person's name: 2-6 capitalised words, letters only, not a title or an agency."""
    words = text.strip(" .,;").split()
    if not 2 <= len(words) <= 6 or any(not w.replace("-", "").isalpha() for w in words):
        return False
    if not all(w[0].isupper() for w in words) or all(w.isupper() for w in words):
        return False
    if signer_title(text) or starts_with_organ(text) or read_authority(text):
        return False
    return not re.search(r"\b(?:Nơi|Noi|Lưu|Luu|Kính|Như)\b", text)


def _digital(ps: list[Piece], out: Closing) -> None:
    for piece in ps:
        folded = fold(piece.text)
        if _DIGITAL.search(folded):
            out.signed_digitally = True
            out.consumed.add(piece.line)
            head = re.split(r"<|\(|(?i:đã ký|da ky)", piece.text)[0]
            m = re.search(r"(?i:người ký|nguoi ky|ký bởi|ky boi|signed by)\s*:?\s*(.+)", piece.text)
            name = clean_space((m.group(1) if m else head).split("<")[0]).strip(" :,;")
            if is_name(name):
                out.digital_names.append(name)
        elif _CERT_NOISE.search(folded):
            out.consumed.add(piece.line)


def _split_signer_tail(text: str) -> tuple[str, str]:
    """A recipient line cut where the signer column's text begins ("- Sở Y tế; KT. GIÁM ĐỐC")."""
    m = re.search(r"[;.]\s+(\S.*)$", text)
    if m and (is_upper(m.group(1), 0.8) or is_name(m.group(1)) or read_authority(m.group(1))):
        return text[: m.start() + 1], m.group(1)
    words = text.split()
    for k in range(1, min(6, len(words) - 1)):
        tail = " ".join(words[-k:])
        head = " ".join(words[:-k])
        if is_upper(tail, 0.9) and (signer_title(tail) or read_authority(tail)) and not is_upper(head, 0.9):
            return head, tail
    m = re.search(r"\s(TM|KT|TL|TUQ)\s*\.\s*[A-ZĐ]", text)
    if m:
        return text[: m.start()], text[m.start() :]
    return text, ""


def _signer_part(text: str, piece: Piece, out: Closing) -> None:
    text = text.strip()
    if not text:
        return
    found = read_authority(text)
    if found:
        out.authority = Hit(found[0], piece, piece.text.find(text))
        text = found[1]
        if not text:
            return
    title = signer_title(text) if is_upper(text, 0.7) else None
    if title:
        if out.title is None:
            out.title = Hit(title, piece, max(piece.text.find(text), 0))
    elif is_name(text) and out.name is None:
        out.name = Hit(clean_space(text).strip(" .,;"), piece, max(piece.text.find(text), 0))


def _recipients(ps: list[Piece], start: int, out: Closing) -> None:
    piece = ps[start]
    m = _RECIPIENTS.match(fold(piece.text))
    out.consumed.add(piece.line)
    out.recipients_hit = Hit(None, piece)
    rest = piece.text[m.end() :] if m else ""
    entries: list[str] = []
    open_entry = False
    done = False
    if rest.strip().startswith(("-", "+")):
        rest, tail = _split_signer_tail(rest)
        entries.append(rest)
        _signer_part(tail, piece, out)
    else:
        _signer_part(rest, piece, out)
    for piece in ps[start + 1 : start + 1 + CLOSING_SPAN]:
        if out.name and done:
            break
        text = piece.text.strip()
        folded = fold(text)
        if not text:
            continue
        if (_APPENDIX.match(folded) or _LIST.match(folded)) and is_upper(text) or _DIGITAL.search(folded):
            break
        if _ATTACHED.match(folded):
            break
        right = piece.xmid is not None and piece.xmid > 0.5
        if not right and not done and text.startswith(("-", "+", "•")):
            body, tail = _split_signer_tail(text) if piece.xmid is None else (text, "")
            entries.append(body)
            open_entry = not body.rstrip().endswith((";", "."))
            if _STORAGE.match(body.lstrip("-+• ")):
                done = True
            out.consumed.add(piece.line)
            _signer_part(tail, piece, out)
            continue
        if not right and open_entry and not is_upper(text, 0.8) and not is_name(text):
            entries[-1] += " " + text
            open_entry = not text.endswith((";", "."))
            out.consumed.add(piece.line)
            continue
        open_entry = False
        before = (out.authority, out.title, out.name)
        _signer_part(text, piece, out)
        if (out.authority, out.title, out.name) != before:
            out.consumed.add(piece.line)
            continue
        if right or len(text) < 40:
            out.consumed.add(piece.line)
            continue
        break
    for entry in entries:
        entry = mend_organ_words(clean_space(entry.lstrip("-+• ")).rstrip(" ;.,"))
        if not entry:
            continue
        if _STORAGE.match(entry):
            out.storage = entry
            if not KEEP_STORAGE_NOTE:
                continue
        out.recipients.append(entry)


def _signer_without_list(ps: list[Piece], out: Closing) -> None:
    """A signer block with no Nơi nhận list: an authority line, or a lone title line, then a name."""
    for i, piece in enumerate(ps):
        text = piece.text.strip()
        if not text or not is_upper(text, 0.8):
            continue
        if read_authority(text) or (signer_title(text) and similar(text, signer_title(text) or "") >= 90):
            for later in ps[i : i + 8]:
                _signer_part(later.text, later, out)
                out.consumed.add(later.line)
                if out.name:
                    break
            return


def read_closing(ps: list[Piece], body_start_line: int) -> Closing:
    """Recipients, signer and digital signature from the pieces after the header."""
    out = Closing()
    _digital(ps, out)
    body = [p for p in ps if p.line >= body_start_line and p.line not in out.consumed]
    start = next(
        (i for i, p in enumerate(body) if _RECIPIENTS.match(fold(p.text)) and len(p.text) < 90), None
    )
    if start is not None:
        _recipients(body, start, out)
    else:
        _signer_without_list(body, out)
    _settle_name(out)
    return out


def _settle_name(out: Closing) -> None:
    """Prefer the digital signature's spelling of the signer's name when it is the same person."""
    if not out.digital_names:
        return
    if out.name is None:
        out.name = Hit(out.digital_names[0])
        return
    best = max(out.digital_names, key=lambda n: similar(n, out.name.value))  # type: ignore[union-attr]
    if similar(best, out.name.value) >= NAME_MATCH or ocr_fold(best) == ocr_fold(out.name.value):
        out.name = Hit(best, out.name.piece, out.name.start, out.name.end)
    else:
        out.name_conflict = True
