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
