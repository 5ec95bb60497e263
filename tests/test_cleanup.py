"""Cleanup on synthetic scans: invented Vietnamese text rendered with Tinos, then turned, skewed,
shaded, stamped, speckled, bordered and punched in code. No OCR here: these are fast.

The page makers below are shared with tests/test_ocr.py.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import cleanup, orient
from pipeline.cleanup import CleanupOptions

FONT = "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/croscore/Tinos-Bold.ttf"
HEADER_LEFT = ("ỦY BAN NHÂN DÂN", "HUYỆN THANH BÌNH")
HEADER_RIGHT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TITLE = "KẾ HOẠCH TUYÊN TRUYỀN NĂM NAY"
PARAGRAPHS = (
    "Năm nay, huyện tiếp tục đẩy mạnh việc tuyên truyền về cải cách hành chính đến từng thôn, "
    "bản và khu dân cư, giúp người dân nắm rõ quyền lợi và nghĩa vụ của mình khi làm thủ tục.",
    "Các phòng chuyên môn chủ động phối hợp với đài truyền thanh xã để phát những bản tin ngắn "
    "về dịch vụ công trực tuyến, hướng dẫn cách nộp hồ sơ và tra cứu kết quả trên điện thoại.",
    "Cán bộ một cửa cần niềm nở, tận tình, không gây phiền hà cho tổ chức và công dân; mọi góp ý "
    "được tiếp nhận qua hòm thư, đường dây nóng hoặc trang thông tin điện tử của huyện.",
    "Kinh phí thực hiện kế hoạch được bố trí từ nguồn ngân sách địa phương năm nay; việc thanh "
    "quyết toán thực hiện đúng quy định hiện hành của Nhà nước về quản lý tài chính công.",
    "Định kỳ hằng quý, các đơn vị báo cáo kết quả về Phòng Nội vụ để tổng hợp, trình Ủy ban nhân "
    "dân huyện xem xét, khen thưởng những tập thể và cá nhân có thành tích xuất sắc.",
)

pytestmark = pytest.mark.skipif(not __import__("os").path.exists(FONT), reason="Tinos font not installed")


# ---------------------------------------------------------------- synthetic pages


def render_page(
    dpi: float = 300, paragraphs: tuple[str, ...] = PARAGRAPHS, size_pt: float = 13, height_in: float = 11.69
) -> tuple[np.ndarray, str]:
    """An upright A4-wide page: two-column header, a title, body paragraphs. (grey image, text)."""
    w, h = round(8.27 * dpi), round(height_in * dpi)

    def px(pt: float) -> int:
        return round(pt * dpi / 72)

    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font, bold, head = (
        ImageFont.truetype(FONT, px(size_pt)),
        ImageFont.truetype(BOLD, px(size_pt)),
        ImageFont.truetype(BOLD, px(size_pt - 1)),
    )
    left, right, y = round(0.9 * dpi), w - round(0.8 * dpi), round(0.7 * dpi)
    for centre, texts in ((w * 0.27, HEADER_LEFT), (w * 0.69, HEADER_RIGHT)):
        for i, text in enumerate(texts):
            draw.text(
                (centre - draw.textlength(text, font=head) / 2, y + i * px(size_pt * 1.4)),
                text,
                font=head,
                fill=0,
            )
    lines = [*HEADER_LEFT, *HEADER_RIGHT]
    y += px(size_pt * 4.5)
    draw.text(((w - draw.textlength(TITLE, font=bold)) / 2, y), TITLE, font=bold, fill=0)
    lines.append(TITLE)
    y += px(size_pt * 2.5)
    for text in paragraphs:
        for line in _wrap(draw, text, font, right - left):
            if y > h - round(0.8 * dpi):
                break
            draw.text((left, y), line, font=font, fill=0)
            lines.append(line)
            y += px(size_pt * 1.45)
        y += px(size_pt * 0.4)
    return np.asarray(img).copy(), "\n".join(lines)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            current = trial
        else:
            lines.append(current)
            current = word
    return [*lines, current] if current else lines


def skewed(grey: np.ndarray, angle: float, paper: int = 255) -> np.ndarray:
    """The page turned `angle` degrees counter-clockwise, as a crooked feed does."""
    h, w = grey.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=paper)


def turned(grey: np.ndarray, counter_clockwise: int) -> np.ndarray:
    """The page fed in sideways or upside down: it then needs `counter_clockwise` degrees clockwise."""
    return orient.turn_ink(grey, (360 - counter_clockwise) % 360)


def uneven_light(grey: np.ndarray, depth: float = 0.45) -> np.ndarray:
    h, w = grey.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - depth * np.clip(((xx / w - 0.15) ** 2 + (yy / h - 0.1) ** 2) ** 0.5, 0, 1)
    return np.clip(grey.astype(np.float32) * light, 0, 255).astype(np.uint8)


def speckle(grey: np.ndarray, sigma: float = 12, specks: int = 30000, seed: int = 1) -> np.ndarray:
    """Fax-like grain: sensor noise and ~300 dark dots per square inch of an A4 page."""
    specks = round(specks * grey.size / (2481 * 3507))
    rng = np.random.default_rng(seed)
    out = grey.astype(np.float32) + rng.normal(0, sigma, grey.shape)
    ys, xs = rng.integers(0, grey.shape[0], specks), rng.integers(0, grey.shape[1], specks)
    out[ys, xs] = rng.uniform(0, 120, specks)
    return np.clip(out, 0, 255).astype(np.uint8)


def stamp(
    image: np.ndarray,
    centre: tuple[int, int],
    radius: int,
    colour: tuple[int, int, int] | None = None,
    grey_level: int = 115,
    width: int = 14,
) -> np.ndarray:
    """A seal: two rings and a star, red on an RGB page, mid-grey on a grey one (darken blend)."""
    mark = np.full(image.shape[:2], 255, np.uint8)
    cv2.circle(mark, centre, radius, 0, width)
    cv2.circle(mark, centre, int(radius * 0.78), 0, width // 2)
    points = [
        (
            centre[0] + radius * 0.35 * (1 if i % 2 == 0 else 0.45) * math.cos(a),
            centre[1] + radius * 0.35 * (1 if i % 2 == 0 else 0.45) * math.sin(a),
        )
        for i, a in enumerate(np.linspace(-math.pi / 2, 1.5 * math.pi, 11)[:-1])
    ]
    cv2.fillPoly(mark, [np.array(points, np.int32)], 0)
    inked = mark < 128
    out = image.copy()
    if colour is not None:
        out = out if out.ndim == 3 else np.dstack([out] * 3)
        out[inked] = np.minimum(out[inked], np.array(colour, np.uint8))
    else:
        out[inked] = np.minimum(out[inked], grey_level)
    return out


def border_and_holes(grey: np.ndarray, dpi: float = 300) -> np.ndarray:
    """A dark scanner-lid band down the left edge and along the top, and two punch holes."""
    out = grey.copy()
    h, w = out.shape
    band = round(0.12 * dpi)
    out[:, :band] = 30
    out[: round(0.05 * dpi), :] = 40
    for cy in (h // 2 - round(1.6 * dpi), h // 2 + round(1.6 * dpi)):
        cv2.circle(out, (band + round(0.35 * dpi), cy), round(0.12 * dpi), 20, -1)
    return out


def ink_of(grey: np.ndarray) -> np.ndarray:
    return grey < 128


# ---------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render_page()[0]


@pytest.mark.parametrize("quarter", [0, 90, 180, 270])
def test_orientation_found_for_each_quarter_turn(page: np.ndarray, quarter: int) -> None:
    clean = cleanup.clean(skewed(turned(page, quarter), 1.5), 300, CleanupOptions(osd_fallback=False))
    assert clean.rotation == quarter
    assert clean.image.shape == page.shape  # upright again
    overlap = (ink_of(clean.image) & ink_of(page)).sum() / ink_of(page).sum()
    assert overlap > 0.5  # the text is back where it belongs, not just any page


@pytest.mark.parametrize("angle", [-4.3, -1.2, -0.35, 0.6, 2.75])
def test_deskew_levels_the_lines_to_within_a_fifth_of_a_degree(page: np.ndarray, angle: float) -> None:
    clean = cleanup.clean(skewed(page, angle), 300, CleanupOptions(steps=("deskew",)))
    assert abs(clean.skew + angle) <= 0.2
    assert "deskew" in clean.steps


def test_a_level_page_is_not_resampled(page: np.ndarray) -> None:
    clean = cleanup.clean(page, 300)
    assert clean.skew == 0.0 and clean.rotation == 0
    assert "deskew" not in clean.steps and "orient" not in clean.steps


def test_skew_is_measured_on_a_turned_page_after_turning(page: np.ndarray) -> None:
    clean = cleanup.clean(turned(skewed(page, 2.0), 90), 300, CleanupOptions(osd_fallback=False))
    assert clean.rotation == 90
    assert abs(clean.skew + 2.0) <= 0.2


def test_grey_seal_ring_is_wiped_and_the_text_under_it_kept(page: np.ndarray) -> None:
    centre, radius = (1500, 1500), 260
    sealed = stamp(page, centre, radius)
    ring = np.zeros(page.shape, bool)
    cv2.circle(ring.view(np.uint8), centre, radius, 1, 10)
    ring &= ~cv2.dilate(ink_of(page).astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    clean = cleanup.clean(sealed, 300, CleanupOptions(steps=("seal",)))
    assert "seal" in clean.steps
    assert ink_of(clean.image)[ring].mean() < 0.02  # the ring away from text is paper now
    text = ink_of(page)
    assert (ink_of(clean.image) & text).sum() / text.sum() > 0.97  # and the text is all there


def test_a_page_without_a_seal_is_left_alone_by_the_seal_step(page: np.ndarray) -> None:
    clean = cleanup.clean(speckle(page), 300, CleanupOptions(steps=("seal",)))
    assert "seal" not in clean.steps


def test_red_seal_drops_out_of_a_colour_page(page: np.ndarray) -> None:
    sealed = stamp(np.dstack([page] * 3), (1400, 2000), 250, colour=(205, 35, 45))
    clean = cleanup.clean(sealed, 300, CleanupOptions(steps=("seal",)))
    assert "seal" in clean.steps
    plain = cleanup.clean(sealed, 300, CleanupOptions(steps=()))
    assert (ink_of(plain.image) & ~ink_of(page)).sum() > 20_000  # a grey conversion keeps the stamp
    assert (ink_of(clean.image) & ~ink_of(page)).sum() < 500  # the dropout does not
    assert (ink_of(clean.image) & ink_of(page)).sum() / ink_of(page).sum() > 0.99


def test_red_words_outside_a_stamp_stay_readable(page: np.ndarray) -> None:
    rgb = np.dstack([page] * 3)
    word = Image.fromarray(rgb)
    ImageDraw.Draw(word).text((300, 3250), "KHẨN", font=ImageFont.truetype(BOLD, 60), fill=(200, 25, 35))
    marked = stamp(np.asarray(word).copy(), (1400, 2000), 250, colour=(205, 35, 45))
    clean = cleanup.clean(marked, 300, CleanupOptions(steps=("seal",)))
    assert "seal" in clean.steps
    red_word = ink_of(cv2.cvtColor(np.asarray(word), cv2.COLOR_RGB2GRAY)) & ~ink_of(page)
    assert red_word.sum() > 1000 and ink_of(clean.image)[red_word].mean() > 0.95


def test_uneven_light_is_flattened_so_one_threshold_fits_the_page(page: np.ndarray) -> None:
    dark = uneven_light(page)
    otsu = cv2.threshold(dark, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
    assert (otsu < 128).sum() > 2 * ink_of(page).sum()  # before: the dim corner turns black
    clean = cleanup.clean(dark, 300, CleanupOptions(steps=("light",)))
    assert "light" in clean.steps
    otsu = cv2.threshold(clean.image, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
    text = ink_of(page)
    found = otsu < 128
    assert (found & text).sum() / text.sum() > 0.95 and (found & ~text).sum() < 0.05 * text.sum()


def test_even_light_is_not_touched(page: np.ndarray) -> None:
    assert "light" not in cleanup.clean(speckle(page), 300, CleanupOptions(steps=("light",))).steps


def test_scanner_border_and_punch_holes_become_paper(page: np.ndarray) -> None:
    dirty = border_and_holes(page)
    clean = cleanup.clean(dirty, 300, CleanupOptions(steps=("border",)))
    assert "border" in clean.steps
    extra = ink_of(clean.image) & ~ink_of(page)
    assert extra.sum() < 0.001 * extra.size
    text = ink_of(page)
    assert (ink_of(clean.image) & text).sum() / text.sum() > 0.99


def test_low_resolution_page_is_resampled_to_300_dpi() -> None:
    small, _ = render_page(dpi=150, height_in=3)
    clean = cleanup.clean(small, 150)
    assert clean.dpi == 300 and "resample" in clean.steps
    assert clean.image.shape[1] == small.shape[1] * 2


def test_denoise_removes_isolated_specks(page: np.ndarray) -> None:
    noisy = speckle(page, sigma=0)
    clean = cleanup.clean(noisy, 300, CleanupOptions(steps=("denoise",)))
    assert "denoise" in clean.steps
    away = ~cv2.dilate(ink_of(page).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert (ink_of(noisy) & away).sum() > 20000
    assert (ink_of(clean.image) & away).sum() < 0.02 * (ink_of(noisy) & away).sum()


def test_a_clean_page_is_not_denoised(page: np.ndarray) -> None:
    """The median filter blurs good print a little and costs OCR time: grainy pages only."""
    slight = speckle(page, sigma=6, specks=3000)
    assert "denoise" not in cleanup.clean(slight, 300, CleanupOptions(steps=("denoise",))).steps


def test_every_step_can_be_switched_off(page: np.ndarray) -> None:
    rgb = stamp(
        np.dstack([uneven_light(turned(skewed(page, 2), 180))] * 3), (900, 900), 250, colour=(200, 30, 40)
    )
    clean = cleanup.clean(rgb, 300, CleanupOptions.from_names("none"))
    assert clean.steps == [] and clean.rotation == 0 and clean.skew == 0
    assert np.array_equal(clean.image, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))


def test_step_names_are_checked() -> None:
    assert CleanupOptions.from_names("deskew, orient").steps == ("orient", "deskew")
    assert CleanupOptions.from_names("grey,illumination").steps == ("light",)
    assert CleanupOptions.from_names(None).steps == cleanup.DEFAULT_STEPS
    assert set(CleanupOptions.from_names("all").steps) == set(cleanup.STEPS)
    with pytest.raises(ValueError, match="unknown cleanup step sharpen"):
        CleanupOptions.from_names("deskew,sharpen")
