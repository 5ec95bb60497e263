"""Reading order for words with boxes: lines, column segments, and two-column bands.

Decree 30 pages put two columns side by side in the header (issuing body | national motto)
and in the closing (Nơi nhận | signer). Reading order is the left column of such a band,
then its right column, then the full-width text below.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]


@dataclass
class Segment:
    """Words of one line that stand together, with no wide gap between them."""

    words: list[tuple[str, Box]] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return (
            min(b[0] for _, b in self.words),
            min(b[1] for _, b in self.words),
            max(b[2] for _, b in self.words),
            max(b[3] for _, b in self.words),
        )

    @property
    def text(self) -> str:
        return " ".join(t for t, _ in self.words)


def segments_from_words(words: list[tuple[str, Box]], gap_em: float = 1.2) -> list[list[Segment]]:
    """Group words into lines (by vertical overlap) and lines into segments (by wide gaps)."""
    if not words:
        return []
    height = statistics.median(b[3] - b[1] for _, b in words) or 1.0
    ordered = sorted(words, key=lambda w: ((w[1][1] + w[1][3]) / 2, w[1][0]))
    lines: list[list[tuple[str, Box]]] = []
    centre = None
    for word in ordered:
        mid = (word[1][1] + word[1][3]) / 2
        if centre is not None and abs(mid - centre) <= 0.5 * height:
            lines[-1].append(word)
        else:
            lines.append([word])
            centre = mid
    result = []
    for line in lines:
        line.sort(key=lambda w: w[1][0])
        segments = [Segment([line[0]])]
        for word in line[1:]:
            if word[1][0] - segments[-1].words[-1][1][2] > gap_em * height:
                segments.append(Segment([word]))
            else:
                segments[-1].words.append(word)
        result.append(segments)
    return result


def reading_order(lines: list[list[Segment]], page_width: float) -> list[Segment]:
    """Segments in reading order: two-column bands left column first, then right.

    A line belongs to a band when it has a wide gap (two segments) or when its one segment
    stays on one side of the page's middle, or, once the band has two columns, when it starts
    in the left column and stops short of the right one (a long "Nơi nhận" entry). A segment
    goes to the column its centre falls in, split where the band's two-segment lines break (or
    at the middle); each column's blocks are then read as `_columns` says.
    """
    middle = page_width / 2
    out: list[Segment] = []
    band: list[list[Segment]] = []

    def flush() -> None:
        out.extend(_columns(band, middle))
        band.clear()

    for line in lines:
        single = line[0].box if len(line) == 1 else None
        if single and single[0] < middle < single[2] and not _in_left_column(single, band):
            flush()
            out.extend(line)
        else:
            band.append(line)
    flush()
    return out


BLOCK_GAP = 0.8
"""A vertical gap wider than this many line heights between two lines of a column starts a new
block of that column (the "Số:" line under the issuing body, the signer's name under the
signature)."""


def _split(band: list[list[Segment]], middle: float) -> float:
    """Where the band's left column ends and its right column begins."""
    pairs = [line for line in band if len(line) > 1]
    if not pairs:
        return middle
    return (max(line[0].box[2] for line in pairs) + min(line[1].box[0] for line in pairs)) / 2


def _sides(band: list[list[Segment]], split: float) -> tuple[list[Segment], list[Segment]]:
    """The band's segments whose centre lies left of `split`, and the others, top to bottom."""
    segments = [s for line in band for s in line]
    return (
        [s for s in segments if (s.box[0] + s.box[2]) / 2 < split],
        [s for s in segments if (s.box[0] + s.box[2]) / 2 >= split],
    )


def _in_left_column(box: Box, band: list[list[Segment]]) -> bool:
    """Whether a segment that crosses the page's middle is a long line of the band's left column:
    it starts under the left column's text and ends before the right column's text begins."""
    if not any(len(line) > 1 for line in band):
        return False
    left, right = _sides(band, _split(band, 0.0))
    if not left or not right:
        return False
    return box[0] < max(s.box[2] for s in left) and box[2] < min(s.box[0] for s in right)


def _columns(band: list[list[Segment]], middle: float) -> list[Segment]:
    """A band's segments: the left column's blocks before the right column's, except that a right
    block lying wholly above the next left block comes first (blocks are read in the order they
    start where the two columns run side by side: issuing body, national motto, place and date,
    then a "Số:" line set lower than the date)."""
    if not band:
        return []
    left, right = (_blocks(side) for side in _sides(band, _split(band, middle)))
    out: list[Segment] = []
    while left and right:
        if right[0][-1].box[3] < left[0][0].box[1]:
            out.extend(right.pop(0))
        else:
            out.extend(left.pop(0))
    for block in left + right:
        out.extend(block)
    return out


def _blocks(segments: list[Segment]) -> list[list[Segment]]:
    """Consecutive segments of one column (top to bottom) grouped where no wide gap parts them."""
    if not segments:
        return []
    height = statistics.median(s.box[3] - s.box[1] for s in segments) or 1.0
    blocks = [[segments[0]]]
    for segment in segments[1:]:
        bottom = max(s.box[3] for s in blocks[-1])
        if segment.box[1] - bottom > BLOCK_GAP * height:
            blocks.append([segment])
        else:
            blocks[-1].append(segment)
    return blocks
