"""Ruled grids on page images (pipeline.grids): rows, columns, merged cells and cell text.

Tables are drawn here with PIL in Tinos at 300 dpi from invented Vietnamese text. The page's
words come from the drawing (exact boxes), so these tests check geometry and word placement;
one test runs real Tesseract on a drawn page, and one reads cells that have no page words.
`draw_table` is reused by test_tables.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz import fuzz

from pipeline import grids
from pipeline.model import Line, Page, Word

FONT_PATH = "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf"
DPI = 300
LINE_H = 62
PAD = 14


@dataclass
class Spec:
    """A table to draw: column widths (px), and cells (row, col, rowspan, colspan, text)."""

    widths: list[int]
    cells: list[tuple[int, int, int, int, str]]
    n_rows: int
    min_row_h: int = 90


@dataclass
class Drawn:
    image: np.ndarray
    page: Page
    row_tops: list[int] = field(default_factory=list)


def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, 46)


def _wrap(text: str, width: int, font: ImageFont.FreeTypeFont) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def draw_table(
    spec: Spec,
    number: int = 1,
    size: tuple[int, int] = (2480, 1900),
    origin: tuple[int, int] = (150, 200),
    title: str | None = None,
    ruled: bool = True,
) -> Drawn:
    """A white page with the table drawn on it, and a Page whose words are the drawn words."""
    font = _font()
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    xs = [origin[0]]
    for w in spec.widths:
        xs.append(xs[-1] + w)
    wrapped = {
        (r, c): _wrap(t, sum(spec.widths[c : c + cs]) - 2 * PAD, font) for r, c, rs, cs, t in spec.cells
    }
    heights = [spec.min_row_h] * spec.n_rows
    for r, c, rs, _, _ in spec.cells:
        need = len(wrapped[(r, c)]) * LINE_H + 2 * PAD
        if rs == 1:
            heights[r] = max(heights[r], need)
    ys = [origin[1]]
    for h in heights:
        ys.append(ys[-1] + h)
    words: list[Word] = []
    lines: list[Line] = []
    if title:
        draw.text((origin[0], origin[1] - 120), title, font=font, fill=0)
        lines.append(_line(draw, title, (origin[0], origin[1] - 120), font, number))
    for r, c, rs, cs, _ in spec.cells:
        x0, y0, x1, y1 = xs[c], ys[r], xs[c + cs], ys[r + rs]
        if ruled:
            draw.rectangle((x0, y0, x1, y1), outline=0, width=3)
        for k, text in enumerate(wrapped[(r, c)]):
            at = (x0 + PAD, y0 + PAD + k * LINE_H)
            lines.append(_line(draw, text, at, font, number))
    for line in lines:
        words.extend(line.words)
    page = Page(number=number, source="ocr", width=size[0], height=size[1], dpi=DPI, lines=lines)
    return Drawn(np.asarray(img).copy(), page, ys)


def _line(
    draw: ImageDraw.ImageDraw, text: str, at: tuple[int, int], font: ImageFont.FreeTypeFont, number: int
) -> Line:
    draw.text(at, text, font=font, fill=0)
    words, x = [], float(at[0])
    for token in text.split(" "):
        left, top, right, bottom = font.getbbox(token)
        words.append(Word(text=token, conf=0.95, box=(x + left, at[1] + top, x + right, at[1] + bottom)))
        x += font.getlength(token + " ")
    return Line(page=number, raw=text, text=text, words=words)


def degrade(drawn: Drawn, angle: float, seed: int = 4) -> Drawn:
    """Rotate by `angle` degrees, blur, add speckle and break the rules in places, like a poor scan."""
    rng = np.random.default_rng(seed)
    h, w = drawn.image.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    img = cv2.warpAffine(drawn.image, m, (w, h), borderValue=255, flags=cv2.INTER_LINEAR)
    img = cv2.GaussianBlur(img, (3, 3), 0)
    for _ in range(400):  # white nicks across the rules
        x, y = int(rng.integers(0, w - 8)), int(rng.integers(0, h - 8))
        img[y : y + int(rng.integers(3, 7)), x : x + int(rng.integers(3, 7))] = 255
    speck = rng.random(img.shape) < 0.004
    img[speck] = 0
    img = np.clip(img.astype(int) + rng.normal(0, 12, img.shape), 0, 255).astype(np.uint8)
    page = drawn.page.model_copy(deep=True)
    for line in page.lines:
        for word in line.words:
            x0, y0, x1, y1 = word.box
            pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]]) @ m.T
            word.box = (pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max())
    return Drawn(img, page, drawn.row_tops)


HEADER = (0, "TT"), (1, "Nhiệm vụ"), (2, "Đơn vị chủ trì"), (3, "Đơn vị phối hợp"), (4, "Thời hạn")
SIMPLE = Spec(
    widths=[130, 900, 420, 420, 380],
    n_rows=4,
    cells=[(0, c, 1, 1, t) for c, t in HEADER]
    + [
        (1, 0, 1, 1, "1"),
        (1, 1, 1, 1, "Biên soạn tài liệu hỏi đáp về thủ tục cấp phép xây dựng cho người dân"),
        (1, 2, 1, 1, "Phòng Quản lý đô thị"),
        (1, 3, 1, 1, "Ban Tuyên giáo"),
        (1, 4, 1, 1, "Quý II năm 2026"),
        (2, 0, 1, 1, "2"),
        (2, 1, 1, 1, "Tổ chức tọa đàm với doanh nghiệp về dịch vụ công"),
        (2, 2, 1, 1, "Văn phòng Ủy ban"),
        (2, 3, 1, 1, "Hội Doanh nhân trẻ"),
        (2, 4, 1, 1, "Tháng 9 năm 2026"),
        (3, 0, 1, 1, "3"),
        (3, 1, 1, 1, "Đăng tin trên cổng thông tin điện tử"),
        (3, 2, 1, 1, "Tổ Biên tập"),
        (3, 3, 1, 1, "Các phòng chuyên môn"),
        (3, 4, 1, 1, "Thường xuyên"),
    ],
)
MERGED = Spec(
    widths=[130, 820, 400, 400, 400],
    n_rows=5,
    cells=[
        (0, 0, 2, 1, "STT"),
        (0, 1, 2, 1, "Nội dung"),
        (0, 2, 1, 2, "Cơ quan thực hiện"),
        (0, 4, 2, 1, "Thời gian"),
        (1, 2, 1, 1, "Chủ trì"),
        (1, 3, 1, 1, "Phối hợp"),
        (2, 0, 2, 1, "4"),
        (2, 1, 1, 1, "4.1. Xây dựng chuyên mục hỏi đáp trên sóng phát thanh"),
        (2, 2, 2, 1, "Đài Truyền thanh huyện"),
        (2, 3, 1, 1, "Phòng Văn hóa"),
        (2, 4, 2, 1, "Hằng quý"),
        (3, 1, 1, 1, "4.2. Phát tờ rơi tại bộ phận một cửa"),
        (3, 3, 1, 1, "Ủy ban các xã"),
        (4, 0, 1, 1, "5"),
        (4, 1, 1, 4, "Nội dung khác do Ủy ban giao trong năm"),
    ],
)


def _texts(table) -> dict[tuple[int, int], str]:
    return {(c.row, c.col): c.text for c in table.cells}


def _spans(table) -> set[tuple[int, int, int, int]]:
    return {(c.row, c.col, c.rowspan, c.colspan) for c in table.cells}


def test_ruled_grid_gives_rows_columns_and_each_cells_words():
    drawn = draw_table(SIMPLE, title="PHỤ LỤC")
    tables = grids.find_tables(drawn.image, drawn.page)
    assert len(tables) == 1
    table = tables[0]
    assert (table.n_rows, table.n_cols) == (4, 5)
    assert _spans(table) == {(r, c, 1, 1) for r in range(4) for c in range(5)}
    expected = {(r, c): t for r, c, _, _, t in SIMPLE.cells}
    assert _texts(table) == expected
    assert table.method == "image_ruling" and table.page == 1


def test_merged_cells_come_out_with_their_row_and_column_spans():
    drawn = draw_table(MERGED)
    (table,) = grids.find_tables(drawn.image, drawn.page)
    assert (table.n_rows, table.n_cols) == (5, 5)
    assert _spans(table) == {(r, c, rs, cs) for r, c, rs, cs, _ in MERGED.cells}
    assert _texts(table) == {(r, c): t for r, c, _, _, t in MERGED.cells}


def test_table_ruled_in_one_pixel_grey_lines_passes_the_half_size_first_look():
    drawn = draw_table(SIMPLE, ruled=False)
    image = drawn.image.copy()
    odd = [y | 1 for y in drawn.row_tops]  # odd rows and columns: halving cannot skip them
    xs = [(150 + sum(SIMPLE.widths[:k])) | 1 for k in range(len(SIMPLE.widths) + 1)]
    for y in odd:  # faint thin rules, as on a light fax
        image[y, xs[0] : xs[-1] + 1] = 120
    for x in xs:
        image[odd[0] : odd[-1] + 1, x] = 120
    assert grids._may_hold_table(image, DPI)
    (table,) = grids.find_tables(image, drawn.page)
    assert (table.n_rows, table.n_cols) == (4, 5)


@pytest.mark.parametrize("angle", [0.7, -1.2])
def test_skewed_noisy_scan_gives_the_same_grid(angle):
    drawn = degrade(draw_table(MERGED), angle)
    (table,) = grids.find_tables(drawn.image, drawn.page)
    assert _spans(table) == {(r, c, rs, cs) for r, c, rs, cs, _ in MERGED.cells}
    assert _texts(table) == {(r, c): t for r, c, _, _, t in MERGED.cells}


def test_text_underline_and_boxed_note_are_not_tables():
    img = Image.new("L", (2480, 1600), 255)
    draw = ImageDraw.Draw(img)
    font = _font()
    draw.text((300, 200), "KẾ HOẠCH tuyên truyền cải cách hành chính năm 2026", font=font, fill=0)
    draw.line((300, 270, 1800, 270), fill=0, width=3)  # an underline
    draw.rectangle((300, 600, 2100, 900), outline=0, width=3)  # a boxed note: one cell
    draw.text((340, 700), "Ghi chú: gửi báo cáo trước ngày 15 hằng tháng", font=font, fill=0)
    page = Page(number=1, source="ocr", width=2480, height=1600, dpi=DPI)
    assert grids.find_tables(np.asarray(img), page) == []
    blank = Page(number=2, source="ocr", width=2480, height=1600, dpi=DPI)
    assert grids.find_tables(np.full((1600, 2480), 255, np.uint8), blank) == []


def test_open_sided_table_gets_its_missing_outer_rules():
    spec = Spec(
        widths=[130, 900, 420, 420],
        n_rows=3,
        cells=[
            (0, 0, 1, 1, "TT"),
            (0, 1, 1, 1, "Nhiệm vụ"),
            (0, 2, 1, 1, "Chủ trì"),
            (0, 3, 1, 1, "Thời hạn"),
            (1, 0, 1, 1, "1"),
            (1, 1, 1, 1, "Rà soát quy trình nội bộ"),
            (1, 2, 1, 1, "Văn phòng"),
            (1, 3, 1, 1, "Quý I"),
            (2, 0, 1, 1, "2"),
            (2, 1, 1, 1, "Khảo sát mức độ hài lòng"),
            (2, 2, 1, 1, "Tổ Khảo sát"),
            (2, 3, 1, 1, "Quý IV"),
        ],
    )
    drawn = draw_table(spec)
    img = drawn.image.copy()
    x0, x1 = 150, 150 + sum(spec.widths)
    img[:, x0 - 3 : x0 + 4] = 255  # no left and right border, as some plans print their tables
    img[:, x1 - 3 : x1 + 4] = 255
    (table,) = grids.find_tables(img, drawn.page)
    assert (table.n_rows, table.n_cols) == (3, 4)
    assert _texts(table)[(2, 1)] == "Khảo sát mức độ hài lòng"


def test_cells_without_page_words_are_read_with_tesseract():
    drawn = draw_table(SIMPLE)
    bare = drawn.page.model_copy(update={"lines": []})
    (table,) = grids.find_tables(drawn.image, bare)
    texts = _texts(table)
    for (r, c), truth in {(r, c): t for r, c, _, _, t in SIMPLE.cells}.items():
        assert fuzz.ratio(texts[(r, c)], truth) >= 85, (r, c, texts[(r, c)], truth)
    # the new readings are the page's words too, in row order, each boxed inside its own cell
    in_order = " ".join(c.text for c in sorted(table.cells, key=lambda c: (c.row, c.col)))
    assert fuzz.ratio(" ".join(line.text for line in bare.lines), in_order) >= 95
    for line in bare.lines:
        (k,) = {_cell_at(table, w) for w in line.words}
        assert k is not None and line.text in table.cells[k].text


def _cell_at(table, word: Word) -> int | None:
    x, y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    inside = (k for k, c in enumerate(table.cells) if c.box[0] < x < c.box[2] and c.box[1] < y < c.box[3])
    return next(inside, None)


def _as_tesseract_reads(page: Page) -> Page:
    """The page's words regrouped as Tesseract reads a ruled table: one line per text row, across
    the cells, in the order of the rows (and a line below the table)."""
    words = sorted((w for line in page.lines for w in line.words), key=lambda w: (w.box[1] + w.box[3]) / 2)
    rows: list[list[Word]] = []
    for word in words:
        mid = (word.box[1] + word.box[3]) / 2
        if rows and abs(mid - (rows[-1][0].box[1] + rows[-1][0].box[3]) / 2) < LINE_H / 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = [
        Line(page=page.number, raw=" ".join(w.text for w in row), text=" ".join(w.text for w in row), words=row)
        for row in (sorted(r, key=lambda w: w.box[0]) for r in rows)
    ]
    below = [Word(text="Nơi", conf=0.9, box=(160, 1800, 230, 1840)), Word(text="nhận:", conf=0.9, box=(245, 1800, 350, 1840))]
    lines.append(Line(page=page.number, raw="Nơi nhận:", text="Nơi nhận:", words=below))
    return page.model_copy(update={"lines": lines})


@pytest.mark.parametrize("spec", [SIMPLE, MERGED], ids=["simple", "merged"])
def test_page_lines_read_the_table_row_by_row_and_cell_by_cell(spec):
    """Tesseract runs a line across the cells of a row; once the grid is found, the page reads each
    row's cells left to right (a merged cell with its first row), each cell's lines in order."""
    drawn = draw_table(spec, title="PHỤ LỤC")
    page = _as_tesseract_reads(drawn.page)
    read = {(w.text, w.box, w.conf) for line in page.lines for w in line.words}
    assert any(len({_cell_at_spec(spec, w) for w in line.words}) > 1 for line in page.lines)
    grids.find_tables(drawn.image, page)
    font = _font()
    expected = ["PHỤ LỤC"]
    for _row, c, _, cs, text in sorted(spec.cells):
        expected += _wrap(text, sum(spec.widths[c : c + cs]) - 2 * PAD, font)
    expected.append("Nơi nhận:")
    assert [line.text for line in page.lines] == expected
    assert {(w.text, w.box, w.conf) for line in page.lines for w in line.words} == read


def _cell_at_spec(spec: Spec, word: Word) -> int:
    """The column the word's centre falls in (origin x 150, as draw_table puts it)."""
    x, right = (word.box[0] + word.box[2]) / 2, 150
    for c, width in enumerate(spec.widths):
        right += width
        if x < right:
            return c
    return len(spec.widths)


@pytest.mark.slow
def test_page_worker_reads_a_drawn_table_page_with_real_ocr(tmp_path):
    from pipeline.ingest import PagePlan
    from pipeline.pages import PageOptions, read_page

    drawn = degrade(draw_table(MERGED, title="PHỤ LỤC"), 0.5)
    path = tmp_path / "table.png"
    Image.fromarray(drawn.image).save(path, dpi=(DPI, DPI))
    page = read_page(PagePlan(path=path, number=1, kind="image", dpi=DPI), PageOptions())
    (table,) = page.tables
    assert _spans(table) == {(r, c, rs, cs) for r, c, rs, cs, _ in MERGED.cells}
    texts = _texts(table)
    scores = [fuzz.ratio(texts[(r, c)], t) for r, c, _, _, t in MERGED.cells]
    assert min(scores) >= 80 and sum(scores) / len(scores) >= 95, texts
