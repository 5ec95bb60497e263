"""Reading order of text-layer words: two-column bands read left column first."""

from pipeline.layout import reading_order, segments_from_words

WIDTH = 600.0
Word = tuple[str, tuple[float, float, float, float]]


def phrase(text: str, x0: float, top: float) -> list[Word]:
    """Words set at 12 pt: 7 units per letter, 4 units of word space."""
    words = []
    for token in text.split():
        words.append((token, (x0, top, x0 + 7 * len(token), top + 12)))
        x0 += 7 * len(token) + 4
    return words


def test_header_columns_are_read_left_then_right() -> None:
    words = [
        *phrase("UBND TỈNH", 60, 50), *phrase("CỘNG HÒA", 330, 50),
        *phrase("SỞ Y", 80, 66), *phrase("Độc lập", 350, 66),
        *phrase("KẾ HOẠCH", 270, 120),
        *phrase("Nội dung của kế hoạch trải rộng hết cả dòng văn bản này", 60, 140),
    ]
    text = [s.text for s in reading_order(segments_from_words(words), WIDTH)]
    assert text == ["UBND TỈNH", "SỞ Y", "CỘNG HÒA", "Độc lập", "KẾ HOẠCH",
                    "Nội dung của kế hoạch trải rộng hết cả dòng văn bản này"]


def test_wide_gap_splits_a_line_into_segments_but_word_spacing_does_not() -> None:
    words = [*phrase("Số: 12/KH", 60, 10), *phrase("Hà Nội,", 400, 10)]
    (line,) = segments_from_words(words)
    assert [s.text for s in line] == ["Số: 12/KH", "Hà Nội,"]


def test_number_line_set_below_the_date_is_read_after_the_date() -> None:
    """Decree 30 header: issuing body | motto, then place and date under the motto and, a little
    lower, the "Số:" line under the issuing body (a blank line's gap above it)."""
    words = [
        *phrase("ỦY BAN NHÂN DÂN TỈNH", 60, 50), *phrase("CỘNG HÒA XÃ HỘI", 330, 50),
        *phrase("SỞ Y TẾ", 100, 65), *phrase("Độc lập", 360, 65),
        *phrase("Bình Lâm, ngày 2 tháng 3", 330, 88),
        *phrase("Số: 7/KH-SYT", 80, 104),
        *phrase("KẾ HOẠCH", 270, 140),
    ]
    text = [s.text for s in reading_order(segments_from_words(words), WIDTH)]
    assert text == ["ỦY BAN NHÂN DÂN TỈNH", "SỞ Y TẾ", "CỘNG HÒA XÃ HỘI", "Độc lập",
                    "Bình Lâm, ngày 2 tháng 3", "Số: 7/KH-SYT", "KẾ HOẠCH"]


def test_number_line_beside_the_date_is_read_before_it() -> None:
    words = [
        *phrase("ỦY BAN NHÂN DÂN TỈNH", 60, 50), *phrase("CỘNG HÒA XÃ HỘI", 330, 50),
        *phrase("SỞ Y TẾ", 100, 65), *phrase("Độc lập", 360, 65),
        *phrase("Số: 7/KH-SYT", 80, 90), *phrase("Bình Lâm, ngày 2 tháng 3", 330, 90),
        *phrase("KẾ HOẠCH", 270, 140),
    ]
    text = [s.text for s in reading_order(segments_from_words(words), WIDTH)]
    assert text == ["ỦY BAN NHÂN DÂN TỈNH", "SỞ Y TẾ", "CỘNG HÒA XÃ HỘI", "Độc lập",
                    "Số: 7/KH-SYT", "Bình Lâm, ngày 2 tháng 3", "KẾ HOẠCH"]


def test_closing_reads_every_recipient_before_the_signer_even_a_long_one() -> None:
    """A recipient line that runs past the page's middle is still the left column's."""
    words = [
        *phrase("Nội dung cuối cùng của kế hoạch trải rộng hết cả dòng văn bản", 40, 10),
        *phrase("Nơi nhận:", 40, 40), *phrase("GIÁM ĐỐC", 430, 40),
        *phrase("- Sở Nội vụ;", 40, 55),
        *phrase("- Các phòng, đơn vị thuộc và trực thuộc Sở;", 40, 70),
        *phrase("- Lưu: VT.", 40, 85),
        *phrase("Trần Văn An", 425, 95),
    ]
    text = [s.text for s in reading_order(segments_from_words(words), WIDTH)]
    assert text == ["Nội dung cuối cùng của kế hoạch trải rộng hết cả dòng văn bản", "Nơi nhận:",
                    "- Sở Nội vụ;", "- Các phòng, đơn vị thuộc và trực thuộc Sở;", "- Lưu: VT.",
                    "GIÁM ĐỐC", "Trần Văn An"]


def test_right_block_wholly_above_the_left_one_comes_first() -> None:
    """A signer's block alone on the right, then "Nơi nhận" on the left below it."""
    words = [
        *phrase("TM. ỦY BAN NHÂN DÂN", 380, 10), *phrase("CHỦ TỊCH", 420, 25),
        *phrase("Lê Thị Hoa", 415, 70),
        *phrase("Nơi nhận:", 40, 110), *phrase("- Như trên;", 40, 125),
    ]
    text = [s.text for s in reading_order(segments_from_words(words), WIDTH)]
    assert text == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Thị Hoa", "Nơi nhận:", "- Như trên;"]
