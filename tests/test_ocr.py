"""OCR with the real Tesseract (`vie`) on synthetic pages: what is read, in what order, with
which confidences and boxes; and that cleanup is what makes a poor scan readable."""

from __future__ import annotations

import re
import sys
import unicodedata

import cv2
import numpy as np
import pytest
from PIL import ImageFont
from rapidfuzz.distance import Levenshtein

from pipeline import cleanup, libtesseract, ocr
from pipeline.cleanup import CleanupOptions
from pipeline.errors import InputError
from tests.test_cleanup import (
    BOLD,
    HEADER_LEFT,
    HEADER_RIGHT,
    PARAGRAPHS,
    TITLE,
    render_page,
    skewed,
    speckle,
    stamp,
    turned,
    uneven_light,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif("vie" not in ocr.available_languages(), reason="Tesseract vie model not installed"),
]


def syllable_error_rate(hypothesis: str, reference: str) -> float:
    def syllables(text: str) -> list[str]:
        return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())

    ref = syllables(reference)
    return Levenshtein.distance(syllables(hypothesis), ref) / len(ref)


def read(image: np.ndarray, dpi: float = 300) -> str:
    return "\n".join(line.text for line in ocr.ocr_image(image, dpi, page=1))


@pytest.fixture(scope="module")
def short_page() -> tuple[np.ndarray, str]:
    """Header, title and three paragraphs: half an A4 page, to keep Tesseract's time down."""
    return render_page(paragraphs=PARAGRAPHS[:3], height_in=5.2)


def test_a_clean_page_reads_nearly_verbatim(short_page: tuple[np.ndarray, str]) -> None:
    image, text = short_page
    assert syllable_error_rate(read(image), text) <= 0.01


def test_words_carry_confidences_and_boxes_on_the_page(short_page: tuple[np.ndarray, str]) -> None:
    image, _ = short_page
    lines = ocr.ocr_image(image, 300, page=7)
    words = [w for line in lines for w in line.words]
    assert len(words) > 100 and all(line.page == 7 for line in lines)
    assert all(0.0 <= w.conf <= 1.0 for w in words) and sum(w.conf for w in words) / len(words) > 0.85
    height, width = image.shape
    for word in words:
        x0, y0, x1, y1 = word.box
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    # a word's box is where that word was drawn: the centred title starts where render_page put it
    title = next(w for w in words if w.text == "KẾ")
    font = ImageFont.truetype(BOLD, round(13 * 300 / 72))
    drawn_at = (width - font.getlength(TITLE)) / 2
    assert abs(title.box[0] - drawn_at) <= 6
    patch = image[int(title.box[1]) : int(title.box[3]), int(title.box[0]) : int(title.box[2])]
    assert (patch < 128).mean() > 0.15


def test_header_columns_are_read_left_column_first(short_page: tuple[np.ndarray, str]) -> None:
    image, _ = short_page
    texts = [line.text for line in ocr.ocr_image(image, 300, page=1)]
    first_four = texts[:4]
    assert first_four == [*HEADER_LEFT, *HEADER_RIGHT]


def test_underline_rules_are_not_read_as_words(short_page: tuple[np.ndarray, str]) -> None:
    image, _ = short_page
    ruled = image.copy()
    for y in (420, 1120, 1400):  # rules under the header and between paragraphs
        cv2.line(ruled, (400, y), (2100, y), 0, 4)
    assert not any(
        re.fullmatch(r"[_\W]+", w.text) and w.conf < 0.5
        for line in ocr.ocr_image(ruled, 300, 1)
        for w in line.words
    )
    assert "_" not in read(ruled)


def test_a_poor_scan_reads_well_only_after_cleanup(short_page: tuple[np.ndarray, str]) -> None:
    """Upside down, 1.7° crooked, dim on one side, speckled and stamped: unreadable as it is."""
    image, text = short_page
    poor = turned(skewed(stamp(speckle(uneven_light(image)), (1700, 900), 240), 1.7), 180)
    raw = cleanup.clean(poor, 300, CleanupOptions.from_names("none"))
    assert syllable_error_rate(read(raw.image), text) > 0.5
    clean = cleanup.clean(poor, 300)
    assert clean.rotation == 180 and {"seal", "light", "deskew", "orient"} <= set(clean.steps)
    assert syllable_error_rate(read(clean.image), text) <= 0.03


def test_a_150_dpi_page_turned_sideways_is_resampled_and_read(short_page: tuple[np.ndarray, str]) -> None:
    image, text = short_page
    low = turned(cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), 90)
    clean = cleanup.clean(low, 150)
    assert clean.dpi == 300 and clean.rotation == 90
    assert syllable_error_rate(read(clean.image, clean.dpi), text) <= 0.03


def test_the_loaded_model_reads_exactly_as_the_tesseract_command(short_page: tuple[np.ndarray, str]) -> None:
    image, _ = short_page
    if libtesseract.engine(ocr.DEFAULT_LANG) is None:
        assert not sys.platform.startswith("linux"), "libtesseract is installed with tesseract on Linux"
        pytest.skip("libtesseract cannot be loaded here: pages go through the command")
    rotated = cleanup.rotate(image, 0.7)  # a second, different page through the same engine
    for page in (image, rotated):
        in_process = ocr.tsv(page, 300, timeout=60)  # as a batch reads: with a time limit
        assert len(in_process["text"]) > 100
        assert in_process == ocr.tsv(page, 300, in_process=False)


def test_a_worker_loads_each_model_once_and_keeps_tesseracts_notes_off_the_terminal(
    short_page: tuple[np.ndarray, str], capfd: pytest.CaptureFixture[str]
) -> None:
    engine = libtesseract.engine(ocr.DEFAULT_LANG)
    if engine is None:
        pytest.skip("libtesseract cannot be loaded here")
    capfd.readouterr()
    ocr.tsv(short_page[0], 300)  # Tesseract notes "Estimating resolution as ..." on such a page
    assert libtesseract.engine(ocr.DEFAULT_LANG) is engine
    assert capfd.readouterr().err == ""


def test_a_missing_tesseract_model_is_a_clear_error() -> None:
    if libtesseract.library() is None:
        pytest.skip("libtesseract cannot be loaded here")
    with pytest.raises(libtesseract.TesseractFailed, match="cannot load the Tesseract model 'xx_none'"):
        libtesseract.engine("xx_none")


@pytest.mark.parametrize("in_process", [True, False], ids=["loaded model", "command"])
def test_a_page_past_its_time_limit_stops_tesseract(short_page: tuple[np.ndarray, str], in_process: bool) -> None:
    image, _ = short_page
    with pytest.raises(ocr.OcrTimeout, match=r"OCR stopped after 0\.001 s"):
        ocr.tsv(image, 300, in_process=in_process, timeout=0.001)
    assert len(ocr.tsv(image, 300, in_process=in_process, timeout=60)["text"]) > 100


def test_a_page_past_its_time_limit_is_an_input_error_naming_the_page(short_page: tuple[np.ndarray, str]) -> None:
    with pytest.raises(InputError, match=r"^page 4: OCR stopped after 0\.001 s \(the limit is --ocr-timeout\)$"):
        ocr.ocr_image(short_page[0], 300, page=4, timeout=0.001)


def test_tesseract_osd_tells_a_sideways_page() -> None:
    image, _ = render_page(paragraphs=PARAGRAPHS[:4], height_in=7)
    assert ocr.orientation(turned(image, 270))[0] == 270


def _tsv(rows: list[tuple[str, float, tuple[int, int, int, int], int]]) -> dict[str, list]:
    """Tesseract TSV columns for invented words: (text, conf 0-100, (left, top, width, height), line)."""
    data: dict[str, list] = {name: [] for name in ocr.TSV_COLUMNS}
    for k, (text, conf, (left, top, width, height), line) in enumerate(rows):
        for name, value in zip(
            ocr.TSV_COLUMNS, (5, 1, 1, 1, line, k + 1, left, top, width, height, conf, text), strict=True
        ):
            data[name].append(value)
    return data


def test_stray_accents_specks_and_flat_bits_of_rule_are_not_words() -> None:
    data = _tsv([
        ("-", 93.0, (100, 100, 15, 6), 1),  # a list dash, read with confidence: kept
        ("Sở", 96.0, (130, 80, 60, 45), 1),
        ("Nội", 40.0, (200, 80, 70, 45), 1),  # a real word read poorly: kept
        ("vụ;", 95.0, (280, 80, 60, 45), 1),
        ("ˆ", 84.0, (400, 70, 25, 60), 1),  # an accent standing alone, even read with confidence
        ("lộ", 8.0, (500, 120, 40, 5), 2),  # the rule under a motto: 5 pixels tall
        (":", 27.0, (700, 90, 3, 3), 2),  # a speck
        ("Hà", 95.0, (100, 200, 60, 45), 3),
    ])
    lines = ocr.lines_from_tsv(data, page=1)
    assert [line.text for line in lines] == ["- Sở Nội vụ;", "Hà"]


def _page_with_rule() -> np.ndarray:
    """A white strip with text-like ink (a block of letters) and, below it, a short rule."""
    image = np.full((300, 1200), 255, np.uint8)
    font = ImageFont.truetype(BOLD, 46)
    from PIL import Image, ImageDraw

    picture = Image.fromarray(image)
    ImageDraw.Draw(picture).text((300, 40), "SỞ XÂY DỰNG", font=font, fill=0)
    image = np.asarray(picture).copy()
    cv2.line(image, (330, 140), (560, 140), 0, 4)
    return image


def test_a_rule_read_as_words_of_low_confidence_is_dropped_but_text_is_not() -> None:
    image = _page_with_rule()
    data = _tsv([
        ("SỞ", 96.0, (300, 45, 70, 45), 1),
        ("XÂY", 20.0, (385, 45, 110, 45), 1),  # text read poorly: stays
        ("DỰNG", 96.0, (505, 45, 150, 50), 1),
        ("và", 0.0, (330, 120, 40, 50), 2),  # the rule, read as words
        ("sa=bleeecbi", 0.0, (375, 120, 190, 50), 2),
    ])
    lines = ocr.order_lines(ocr.lines_from_tsv(data, page=1), 1200.0, 1, image)
    assert [line.text for line in lines] == ["SỞ XÂY DỰNG"]
    kept = ocr.order_lines(ocr.lines_from_tsv(data, page=1), 1200.0, 1)
    assert [line.text for line in kept] == ["SỞ XÂY DỰNG", "và sa=bleeecbi"]


def test_decree_30_header_reads_body_motto_date_then_number_without_the_rules() -> None:
    """Issuing body over a short rule, the "Số:" line below it set lower than the date under the
    underlined motto: read as a text layer reads them, with no word made of a rule."""
    from PIL import Image, ImageDraw

    w, dpi = 2480, 300
    picture = Image.new("L", (w, 900), 255)
    draw = ImageDraw.Draw(picture)
    head = ImageFont.truetype(BOLD, 54)
    plain = ImageFont.truetype(BOLD.replace("Bold", "Regular"), 54)
    italic = ImageFont.truetype(BOLD.replace("Bold", "Italic"), 54)
    left, right = w * 0.25, w * 0.68

    def centred(text: str, centre: float, y: int, font: ImageFont.FreeTypeFont) -> tuple[float, float]:
        x = centre - draw.textlength(text, font=font) / 2
        draw.text((x, y), text, font=font, fill=0)
        return x, x + draw.textlength(text, font=font)

    centred("ỦY BAN NHÂN DÂN TỈNH", left, 100, plain)
    centred("SỞ Y TẾ", left, 170, head)
    draw.line((left - 120, 250, left + 120, 250), fill=0, width=4)
    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right, 100, head)
    x0, x1 = centred("Độc lập - Tự do - Hạnh phúc", right, 170, head)
    draw.line((x0, 235, x1, 235), fill=0, width=3)
    centred("Bình Lâm, ngày 12 tháng 3 năm 2026", right, 280, italic)
    centred("Số: 45/KH-SYT", left, 345, plain)
    centred("KẾ HOẠCH", w / 2, 480, head)
    texts = [line.text for line in ocr.ocr_image(np.asarray(picture), dpi, page=1)]
    assert texts == [
        "ỦY BAN NHÂN DÂN TỈNH", "SỞ Y TẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Bình Lâm, ngày 12 tháng 3 năm 2026", "Số: 45/KH-SYT", "KẾ HOẠCH",
    ]


def test_a_list_dash_read_with_low_confidence_is_kept_at_the_start_of_its_line() -> None:
    data = _tsv([
        ("-", 30.0, (100, 100, 15, 6), 1),  # the bullet of a recipient line, Tesseract unsure
        ("LĐ", 95.0, (130, 80, 50, 45), 1),
        ("Sở;", 95.0, (190, 80, 60, 45), 1),
        ("Hà", 95.0, (100, 200, 60, 45), 2),
        ("-", 30.0, (170, 220, 15, 6), 2),  # the same glyph mid-line, unsure: a speck
        ("Nội", 95.0, (200, 200, 70, 45), 2),
    ])
    data["word_num"] = [1, 2, 3, 1, 2, 3]
    lines = ocr.lines_from_tsv(data, page=1)
    assert [line.text for line in lines] == ["- LĐ Sở;", "Hà Nội"]
