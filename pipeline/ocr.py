"""OCR: the one module that talks to Tesseract (through pytesseract's TSV output).

Tesseract runs with one thread per process (OMP_THREAD_LIMIT=1): parallelism comes from the
batch's process pool, which keeps every core busy on one long document too. Each worker keeps
its model loaded (`pipeline.libtesseract`, the C API) and hands it the page's pixels; where that
library cannot be loaded, the `tesseract` command runs through pytesseract on an uncompressed
BMP (a PNG costs ~1 s to encode for an A4 page at 300 dpi). Both give the same TSV.

Words keep their confidence (0-1), box (page pixels) and Tesseract block/paragraph/line ids;
lines are put in the project's reading order (`pipeline.layout`): a two-column band (header,
closing) left column first, as for a PDF text layer.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import cv2
import numpy as np

from pipeline import libtesseract
from pipeline.errors import InputError
from pipeline.layout import Segment, reading_order
from pipeline.model import Line, Word, words_box

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _import_pytesseract():  # noqa: ANN202 - the module
    """pytesseract imports pandas when it can (for an output type we never use): 0.4 s of CPU in
    every worker process. Import it with pandas blocked, unless pandas is loaded already."""
    import sys

    if "pandas" in sys.modules:
        import pytesseract
    else:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` now fails fast
        try:
            import pytesseract
        finally:
            del sys.modules["pandas"]
    return pytesseract


pytesseract = _import_pytesseract()

DEFAULT_LANG = "vie"
DEFAULT_PSM = 3
"""Fully automatic page segmentation: finds the two header columns as separate blocks."""
VARIABLES = {"tessedit_do_invert": "0", "textord_all_prop": "1"}
"""Tesseract settings, both saving work that document pages do not need:
- tessedit_do_invert=0: no second pass on inverted (white on black) text; pages have none, and
  it costs up to a fifth of Tesseract's time on a noisy page;
- textord_all_prop=1: no test for typewriter-like fixed-pitch lines (5% of the instructions on
  a page). The LSTM recognizer reads whole lines and finds the spaces itself, so the test only
  served the legacy engine: the TSV was the same with and without it on all 37 dev scan pages."""
TELL_DPI = False
"""Pass the page's resolution to Tesseract (`--dpi`)? Left to Tesseract's own estimate from the
letter size, as plain `tesseract` does: measured on the dev scans, telling it 300 made Tesseract
5-10% slower for the same error rate."""
GAP_LINE_HEIGHTS = 1.2
"""A gap wider than this many line heights splits a Tesseract line into two segments: the gutter
between the header's two columns (word spaces, even in a justified line, stay under one)."""
SPECK_CONF = 50
"""A 'word' with no letter or digit read below this confidence (0-100) is a speck, a dotted leader
or a bit of rule; one made of underscores only is always a rule (an underline, a blank to fill
in), never text."""
TINY = 0.3
"""A word read below SPECK_CONF whose box is less tall than this share of the page's median word
height is a speck too: a stray accent, the bit of rule under a motto ("lộ Tổ", 5 pixels tall)."""
ACCENT_CATEGORIES = ("Lm", "Sk", "Mn")
"""Unicode categories of accents standing alone ("ˆ", "`", "¨"): a 'word' made only of these is
a stray mark or a speck, whatever its confidence."""
BULLETS = frozenset({"-", "–", "—", "+", "•", "*"})
"""A line's first word made of one of these is its list bullet ("- Lưu: VT;"), kept whatever its
confidence: Tesseract is rarely sure of a dash, and the closing block's lists depend on it."""
TEXT_CATEGORIES = ("Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No")
"""Unicode categories of letters and digits (not modifier letters such as a stray "ˆ")."""
RULE_LINE_CONF = 0.3
"""A run of words read below this confidence is checked for being a rule read as text,"""
RULE_SPAN = 0.6
"""...which it is when a horizontal stroke spans this share of the run's box,"""
RULE_REST_INK = 0.08
"""...and the ink off the stroke covers less than this share of the box (text covers 0.12 or more)."""


def available_languages() -> list[str]:
    return pytesseract.get_languages(config="")


def version() -> str:
    return str(pytesseract.get_tesseract_version())


def ocr_image(
    image: np.ndarray,
    dpi: float,
    page: int,
    lang: str = DEFAULT_LANG,
    psm: int = DEFAULT_PSM,
    ordered: bool = True,
    timeout: float | None = None,
) -> list[Line]:
    """Lines of words, each with its confidence in [0, 1] and its box in image pixels.

    A page Tesseract has not read within `timeout` seconds (None: no limit) is an InputError."""
    try:
        data = tsv(image, dpi, lang=lang, psm=psm, timeout=timeout)
    except OcrTimeout as exc:
        raise InputError(f"page {page}: {exc} (the limit is --ocr-timeout)") from None
    lines = lines_from_tsv(data, page)
    return order_lines(lines, float(image.shape[1]), page, image) if ordered else lines


class OcrTimeout(RuntimeError):
    """Tesseract did not read the page within its time limit."""


def tsv(
    image: np.ndarray,
    dpi: float,
    lang: str = DEFAULT_LANG,
    psm: int = DEFAULT_PSM,
    in_process: bool = True,
    timeout: float | None = None,
) -> dict[str, list]:
    """Tesseract's TSV word rows (level 5: block/par/line/word ids, box, conf, text) as columns.

    `in_process`: through the worker's loaded model when libtesseract loads; else the command.
    Past `timeout` seconds (None: no limit) Tesseract is stopped and OcrTimeout raised."""
    resolution = int(round(dpi)) if TELL_DPI else None
    engine = libtesseract.engine(lang) if in_process else None
    if engine is not None:
        try:
            return parse_tsv(engine.tsv(image, psm, resolution, VARIABLES, timeout=timeout))
        except libtesseract.TesseractTimeout as exc:
            raise OcrTimeout(str(exc)) from None
    variables = " ".join(f"-c {name}={value}" for name, value in VARIABLES.items())
    config = f"--oem 1 --psm {psm} {f'--dpi {resolution}' if resolution else ''} {variables}"
    with _bmp(image) as path:
        try:
            text = pytesseract.image_to_data(
                path, lang=lang, config=config, output_type=pytesseract.Output.STRING, timeout=timeout or 0
            )
        except RuntimeError as exc:  # pytesseract's way of saying it killed the command at `timeout`
            if timeout and "timeout" in str(exc).lower():
                raise OcrTimeout(f"OCR stopped after {timeout:g} s") from None
            raise
    return parse_tsv(text)


TSV_COLUMNS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)


def parse_tsv(text: str) -> dict[str, list]:
    """The word rows of Tesseract's TSV (the other levels carry no text) as columns."""
    data: dict[str, list] = {name: [] for name in TSV_COLUMNS}
    for row in text.splitlines()[1:]:
        parts = row.split("\t", 11)
        if len(parts) != 12 or parts[0] != "5" or not parts[11].strip():
            continue
        for name, value in zip(TSV_COLUMNS[:10], parts[:10], strict=True):
            data[name].append(int(value))
        data["conf"].append(float(parts[10]))
        data["text"].append(parts[11])
    return data


@contextmanager
def _bmp(image: np.ndarray) -> Iterator[str]:
    """The image as a BMP file in a private scratch folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="vanthu-ocr-", dir=_scratch()) as folder:
        path = os.path.join(folder, "page.bmp")
        if not cv2.imwrite(path, image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)):
            raise OSError(f"cannot write the page image to {folder}")
        yield path


def _scratch() -> str | None:
    """RAM-backed /dev/shm when there is one: the page image is written and read once."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def lines_from_tsv(data: dict[str, list], page: int) -> list[Line]:
    """Group Tesseract's word rows by (block, paragraph, line), in Tesseract's reading order.

    Specks (`SPECK_CONF`, `TINY`) and underscore rules are left out.
    """
    groups: list[list[Word]] = []
    key = None
    heights = [h for h, c in zip(data["height"], data["conf"], strict=True) if float(c) >= SPECK_CONF]
    tiny = TINY * statistics.median(heights) if heights else 0.0
    for i, text in enumerate(data["text"]):
        if int(data["level"][i]) != 5:
            continue
        text = unicodedata.normalize("NFC", str(text).strip())
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        if set(text) == {"_"} or _accents_only(text):
            continue
        bullet = text in BULLETS and int(data["word_num"][i]) == 1
        if conf < SPECK_CONF and not bullet and (not has_text(text) or data["height"][i] < tiny):
            continue
        block, par, line_no = int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])
        left, top = float(data["left"][i]), float(data["top"][i])
        box = (left, top, left + float(data["width"][i]), top + float(data["height"][i]))
        word = Word(
            text=text,
            conf=round(min(1.0, max(0.0, conf / 100.0)), 4),
            box=box,
            block=block,
            par=par,
            line=line_no,
        )
        if (block, par, line_no) != key:
            key = (block, par, line_no)
            groups.append([])
        groups[-1].append(word)
    return [Line.of_words(page, words, words[0].block) for words in groups]


def _accents_only(token: str) -> bool:
    return all(unicodedata.category(c) in ACCENT_CATEGORIES for c in token)


def has_text(token: str) -> bool:
    """Whether the token holds a letter or a digit."""
    return any(unicodedata.category(c) in TEXT_CATEGORIES for c in token)


def _without_rules(words: list[Word], image: np.ndarray) -> list[Word]:
    """The words less each run of low-confidence ones that `is_rule` says is a rule."""
    runs: list[list[Word]] = []
    for word in words:
        low = word.conf < RULE_LINE_CONF
        if low and runs and runs[-1][-1].conf < RULE_LINE_CONF:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [w for run in runs if not (run[0].conf < RULE_LINE_CONF and is_rule(run, image)) for w in run]


def is_rule(words: list[Word], image: np.ndarray) -> bool:
    """Whether words of low confidence are a rule read as text (the short rule under the issuing
    body's name comes out as "và sa=bleeecbi" at confidence 0): one long horizontal stroke
    spans their box, and little ink lies off it."""
    if not words or statistics.fmean(w.conf for w in words) >= RULE_LINE_CONF:
        return False
    box = words_box(words)
    if box is None:
        return False
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(image.shape[1], int(box[2])), min(image.shape[0], int(box[3]))
    if x1 - x0 < 8 or y1 - y0 < 2:
        return False
    crop = image[y0:y1, x0:x1]
    if crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    ink = (crop < 128).astype(np.uint8)
    run = max(3, int(RULE_SPAN * (x1 - x0)))
    stroke = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    on_stroke = stroke.any(axis=1)
    if not on_stroke.any():
        return False
    near = np.convolve(on_stroke.astype(np.uint8), np.ones(5, np.uint8), mode="same") > 0
    ink[near] = 0  # the stroke's rows, give or take two pixels
    return float(ink.mean()) < RULE_REST_INK


def order_lines(lines: list[Line], page_width: float, page: int, image: np.ndarray | None = None) -> list[Line]:
    """Split lines at wide gaps, then order them as `layout.reading_order` does for text layers.

    With the page `image`, a piece of line that is a rule read as text (`is_rule`) is dropped.
    """
    if not lines:
        return lines
    height = statistics.median(line.box[3] - line.box[1] for line in lines) or 1.0
    rows: list[list[Segment]] = []
    pieces: dict[int, list[Word]] = {}
    for line in sorted(lines, key=lambda ln: ((ln.box[1] + ln.box[3]) / 2, ln.box[0])):
        words = sorted(line.words, key=lambda w: w.box[0])
        groups = [[words[0]]]
        for word in words[1:]:
            if word.box[0] - groups[-1][-1].box[2] > GAP_LINE_HEIGHTS * height:
                groups.append([word])
            else:
                groups[-1].append(word)
        if image is not None:
            groups = [kept for group in groups if (kept := _without_rules(group, image))]
        row = []
        for group in groups:
            segment = Segment([(w.text, w.box) for w in group])
            pieces[id(segment)] = group
            row.append(segment)
        if row:
            rows.append(row)
    out = []
    for segment in reading_order(rows, page_width):
        group = pieces[id(segment)]
        out.append(Line.of_words(page, group, group[0].block))
    return out


def orientation(image: np.ndarray, dpi: float = 300.0) -> tuple[int, float]:
    """Tesseract OSD: the clockwise rotation that makes the page upright, and its confidence.

    Runs on a 150 dpi copy: OSD classifies size-normalised letter shapes, so it loses nothing
    there and takes a quarter of the time.
    """
    if dpi > 200:
        scale = 150.0 / dpi
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    try:
        with _bmp(image) as path:
            info = pytesseract.image_to_osd(
                path, config="--psm 0 -c min_characters_to_try=50", output_type=pytesseract.Output.DICT
            )
    except pytesseract.TesseractError:
        return 0, 0.0
    return int(info.get("rotate", 0)) % 360, float(info.get("orientation_conf", 0.0))
