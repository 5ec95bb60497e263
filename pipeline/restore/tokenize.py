"""Split a line into tokens: punctuation around a core, and the core's kind.

Kinds: `word` (to restore), `num` (numbers, dates), `symbol` (document symbols such as
169/KH-UBND, mended by their own rules), `acronym`, `foreign`, `url` (also e-mail
addresses), `marker` (list markers such as ``a)`` or roman numerals) and `punct`.
Only `word` cores go through the channel and the decoder; the rest are protected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.restore import protect

_LEAD = "([{\"'“”‘’«<*•"
_TRAIL = ".,;:!?)]}\"'“”‘’»>…*/"
URL = re.compile(
    r"^(?:https?://|www\.)\S+$|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$|^[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu)(?:/\S*)?$",
    re.IGNORECASE,
)
NUM = re.compile(r"^[+-]?\d+(?:[.,/:\-–]\d+)*%?$|^\d+(?:h\d*|ha|km|m2|m|kg|đ|tr|tỷ)?$")
ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|X{1,3}V?I{0,3})$")
SENTENCE_END = frozenset(".;:!?")
SLASHED = re.compile(r"^[^\W\d_]+(?:/[^\W\d_]+)+$")
"""Words joined by slashes (tháng/lần, số/tháng): each restored on its own."""


@dataclass(slots=True)
class Token:
    prefix: str
    core: str
    suffix: str
    kind: str
    glued: bool = False
    """Written with no space before it (the second word of tháng/lần)."""

    @property
    def ends_sentence(self) -> bool:
        return (
            any(c in SENTENCE_END for c in self.suffix) or self.kind == "punct" and self.core in SENTENCE_END
        )


def split_punct(chunk: str) -> tuple[str, str, str]:
    """Leading punctuation, core, trailing punctuation of a whitespace-separated chunk."""
    if ("." in chunk or "@" in chunk) and URL.match(chunk.rstrip(_TRAIL)):
        core = chunk.rstrip(_TRAIL)
        return "", core, chunk[len(core) :]
    start, end = 0, len(chunk)
    while start < end and chunk[start] in _LEAD:
        start += 1
    while end > start and chunk[end - 1] in _TRAIL:
        end -= 1
    return chunk[:start], chunk[start:end], chunk[end:]


def classify(core: str, first: bool, suffix: str) -> str:
    """The kind of a core (see the module docstring)."""
    if not core:
        return "punct"
    if len(core) == 1 and core.isalpha() and (suffix.startswith(")") or first and suffix[:1] in "./"):
        return "marker"
    if core.isalpha() and not core.isupper():
        return "foreign" if protect.is_foreign(core) else "word"
    if not any(c.isalnum() for c in core):
        return "punct"
    if URL.match(core):
        return "url"
    if NUM.match(core):
        return "num"
    if ROMAN.match(core) and suffix.startswith((".", ")")) and (core != "I" or first):
        return "marker"
    if first and suffix.startswith(".") and ROMAN.match(mend_roman(core)) and len(core) > 1:
        return "marker"
    if protect.is_foreign(core):
        return "foreign"
    if protect.is_acronym(core):
        return "acronym"
    if protect.looks_like_symbol(core):
        return "symbol"
    if re.fullmatch(r"\d+(?:\.\d+)*", core):
        return "num"
    return "word"


def mend_roman(core: str) -> str:
    """A roman numeral whose I was read as 1 or l (I1 → II, Ill → III)."""
    return (
        core.replace("1", "I").replace("l", "I")
        if re.fullmatch(r"[IVX1l]+", core) and re.search("[IVX]", core)
        else core
    )


def tokenize(line: str) -> list[Token]:
    """The tokens of one line, in order; whitespace is implied between chunks."""
    out: list[Token] = []
    for i, chunk in enumerate(line.split()):
        prefix, core, suffix = split_punct(chunk)
        if SLASHED.match(core) and not core.isupper():
            parts = core.split("/")
            for k, part in enumerate(parts):
                last = k == len(parts) - 1
                after = suffix if last else "/"
                out.append(Token(prefix if k == 0 else "", part, after, classify(part, False, after), k > 0))
            continue
        kind = classify(core, i == 0, suffix)
        if kind == "punct":
            out.append(Token(chunk, "", "", "punct"))
        else:
            out.append(Token(prefix, core, suffix, kind))
    return out
