"""OCR: the one module that talks to Tesseract (through pytesseract's TSV output).

Tesseract runs with one thread per process (OMP_THREAD_LIMIT=1): parallelism comes from the
batch's process pool, which keeps every core busy on one long document too.
"""

from __future__ import annotations

import os
import unicodedata

import numpy as np
import pytesseract

from pipeline.model import Line, Word

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

DEFAULT_LANG = "vie"
DEFAULT_PSM = 3
"""Fully automatic page segmentation: finds the two header columns as separate blocks."""


def available_languages() -> list[str]:
    return pytesseract.get_languages(config="")


def version() -> str:
    return str(pytesseract.get_tesseract_version())


def ocr_image(image: np.ndarray, dpi: float, page: int, lang: str = DEFAULT_LANG,
              psm: int = DEFAULT_PSM) -> list[Line]:
    """Lines of words, each with its confidence in [0, 1] and its box in image pixels."""
    config = f"--oem 1 --psm {psm} --dpi {int(round(dpi))}"
    data = pytesseract.image_to_data(image, lang=lang, config=config, output_type=pytesseract.Output.DICT)
    return lines_from_tsv(data, page)


def lines_from_tsv(data: dict[str, list], page: int) -> list[Line]:
    """Group Tesseract's word rows by (block, paragraph, line), in Tesseract's reading order."""
    lines: list[Line] = []
    key = None
    for i, text in enumerate(data["text"]):
        if int(data["level"][i]) != 5:
            continue
        text = unicodedata.normalize("NFC", str(text).strip())
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        block, par, line_no = int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])
        left, top = float(data["left"][i]), float(data["top"][i])
        box = (left, top, left + float(data["width"][i]), top + float(data["height"][i]))
        word = Word(text=text, conf=min(1.0, max(0.0, conf / 100.0)), box=box, block=block, par=par,
                    line=line_no)
        if (block, par, line_no) != key:
            key = (block, par, line_no)
            lines.append(Line(page=page, raw="", text="", block=block))
        lines[-1].words.append(word)
    for line in lines:
        line.raw = line.text = " ".join(w.text for w in line.words)
        line.box = (
            min(w.box[0] for w in line.words),
            min(w.box[1] for w in line.words),
            max(w.box[2] for w in line.words),
            max(w.box[3] for w in line.words),
        )
        line.conf = sum(w.conf for w in line.words) / len(line.words)
    return lines


def orientation(image: np.ndarray) -> tuple[int, float]:
    """Tesseract OSD: the clockwise rotation that makes the page upright, and its confidence."""
    try:
        info = pytesseract.image_to_osd(image, config="--psm 0 -c min_characters_to_try=50",
                                        output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return 0, 0.0
    return int(info.get("rotate", 0)) % 360, float(info.get("orientation_conf", 0.0))
