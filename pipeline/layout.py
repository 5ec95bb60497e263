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
    stays on one side of the page's middle; a segment goes to the column its centre falls in,
    split where the band's two-segment lines break (or at the middle).
    """
    middle = page_width / 2
    out: list[Segment] = []
    band: list[list[Segment]] = []

    def flush() -> None:
        pairs = [line for line in band if len(line) > 1]
        split = (
            (max(line[0].box[2] for line in pairs) + min(line[1].box[0] for line in pairs)) / 2
            if pairs
            else middle
        )
        segments = [s for line in band for s in line]
        out.extend(s for s in segments if (s.box[0] + s.box[2]) / 2 < split)
        out.extend(s for s in segments if (s.box[0] + s.box[2]) / 2 >= split)
        band.clear()

    for line in lines:
        single = line[0].box if len(line) == 1 else None
        if single and single[0] < middle < single[2]:
            flush()
            out.extend(line)
        else:
            band.append(line)
    flush()
    return out
