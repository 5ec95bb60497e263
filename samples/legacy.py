"""Text of a plan as an old OCR run with Tesseract's English model would have left it.

The page is laid out as plain lines (the two header columns and the closing block side by
side on one line, paragraphs wrapped near 80 characters, a blank line between paragraphs),
then damaged with a fixed seed: most tone and vowel marks dropped, some replaced by the
Latin-1 look-alike English OCR picks (ế→é, ớ→ó), đ→d, Đ→P or D, ô→6 now and then, ư→u/w,
frequent words misread as whole ("của"→"ciia", "là"→"1a", "Đảng"→"Pang"), and a roman
numeral now and then read with a digit ("III."→"I11.").
"""

from __future__ import annotations

import random
import re
import textwrap
import unicodedata

from samples.spec import Plan

WIDTH = 80

WORD_MISREADS = {
    "của": ["cua", "ciia", "cta", "ctia", "caa"],
    "là": ["1a", "la"],
    "Đảng": ["Pang", "Dang"],
    "lý": ["1y", "ly"],
    "lực": ["luc", "1uc"],
    "chức": ["chirc", "chuc", "chtrc"],
    "những": ["nhitng", "nhung"],
}
# Marked vowels English OCR tends to keep as a Latin-1 letter (by base vowel).
LOOKALIKE = {"e": "é", "o": "ó", "a": "á", "u": "ú", "i": "í"}


def strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def _char(ch: str, rng: random.Random) -> str:
    if ch == "đ":
        return "d"
    if ch == "Đ":
        return rng.choice(["P", "P", "D", "b"])
    if ch.lower() in "ôốồổỗộ" and ch.islower() and rng.random() < 0.08:
        return "6"
    if ch.lower() in "ưứừửữự" and ch.islower():
        r = rng.random()
        return "w" if r < 0.1 else "ir" if r < 0.15 else "u"
    base = strip_marks(ch)
    if base != ch and ch.islower() and rng.random() < 0.22:
        return LOOKALIKE.get(base, base)
    return base


def _word(word: str, rng: random.Random) -> str:
    core = word.strip(".,;:()\u201c\u201d")
    if core in WORD_MISREADS and rng.random() < 0.6:
        return word.replace(core, rng.choice(WORD_MISREADS[core]))
    if "/" in word:  # a document symbol: only Đ suffers, and it is read as D
        return strip_marks(word)
    return "".join(_char(c, rng) for c in word)


def _line(line: str, rng: random.Random) -> str:
    match = re.match(r"^(I{1,3}|IV|V)\. ", line)
    if match and rng.random() < 0.35:
        label = match.group(1)
        damaged = "|" if label == "I" else label.replace("I", "1").replace("1", "I", 1)
        line = damaged + line[len(label) :]
    return " ".join(_word(w, rng) for w in line.split(" "))


def _pair(left: list[str], right: list[str]) -> list[str]:
    """Two columns read across: each output line is left + right."""
    n = max(len(left), len(right))
    left, right = left + [""] * (n - len(left)), right + [""] * (n - len(right))
    return [" ".join(p for p in pair if p) for pair in zip(left, right, strict=True)]


def page_lines(plan: Plan) -> list[str]:
    """The clean plan as an OCR engine reads the page: line by line, columns merged."""
    head = plan.header
    left = ([head.parent_printed] if head.parent_printed else []) + head.body_printed
    lines = _pair(left, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    lines.append(f"Số: {head.number} {head.date_line()}")
    lines += [plan.type_line, "", *plan.title_lines, ""]
    paragraphs = list(plan.preamble)
    for part in plan.parts:
        paragraphs.append(f"{part.label}. {part.heading}")
        paragraphs += part.body
        for item in part.items:
            if item.inline:
                paragraphs.append(f"{item.label}. {item.heading}: {item.body[0]}")
                paragraphs += item.body[1:]
            else:
                paragraphs.append(f"{item.label}. {item.heading}")
                paragraphs += item.body
    paragraphs += plan.closing
    for para in paragraphs:
        lines += textwrap.wrap(para, WIDTH) + [""]
    sig = plan.signature
    right = []
    if sig:
        right = ([sig.authority] if sig.authority else []) + [sig.title_printed, "", "", sig.name]
    recipients = [
        f"- {r}{'.' if i == len(plan.recipients) - 1 else ';'}" for i, r in enumerate(plan.recipients)
    ]
    lines += _pair(["Nơi nhận:", *recipients], right)
    return lines


def legacy_text(plan: Plan, seed: int) -> str:
    """The plan's page text after a legacy (English-model) OCR run, deterministic for `seed`."""
    rng = random.Random(seed)
    return "\n".join(_line(line, rng) if line else "" for line in page_lines(plan)) + "\n"
