"""The one model that flows through the stages.

ingest → cleanup → ocr → restore → segment → tables → validate → export

`Document` carries the source, its pages (words with confidences and boxes, as read), the
reading-order lines (restored text beside the raw text), and the `Record` being filled in.
Page images are not kept in the model: page workers hold them only while they work.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.record import Box, Flag, Record, Source

PageSource = Literal["text_layer", "ocr", "text"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Word(Model):
    text: str
    conf: float = Field(ge=0.0, le=1.0)
    """OCR confidence in [0, 1]; 1.0 for a PDF text layer or plain text."""
    box: Box | None = None
    block: int = 0
    par: int = 0
    line: int = 0


class Line(Model):
    """One line of text in reading order.

    `raw` is the text as read (OCR or text layer); `text` is what restore made of it.
    `syllable_conf` holds restore's confidence for each whitespace-separated token of
    `text`, empty until restore has run.
    """

    page: int
    raw: str
    text: str
    words: list[Word] = Field(default_factory=list)
    box: Box | None = None
    conf: float = 1.0
    syllable_conf: list[float] = Field(default_factory=list)
    block: int = 0

    @property
    def min_conf(self) -> float:
        return min((w.conf for w in self.words), default=self.conf)

    @classmethod
    def of_words(cls, page: int, words: list[Word], block: int = 0) -> Line:
        """A line of `words`: their text, the box around their boxes, their mean confidence."""
        text = " ".join(w.text for w in words)
        conf = sum(w.conf for w in words) / len(words) if words else 1.0
        return cls(page=page, raw=text, text=text, words=words, box=words_box(words), conf=conf, block=block)


def words_box(words: list[Word]) -> Box | None:
    """The box around the words' boxes (None when none has one)."""
    boxes = [w.box for w in words if w.box is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class Cell(Model):
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    box: Box | None = None
    text: str = ""


class TableGrid(Model):
    """A table found on one page: a grid of cells with their text."""

    page: int
    box: Box | None = None
    n_rows: int
    n_cols: int
    cells: list[Cell] = Field(default_factory=list)
    method: Literal["pdf_ruling", "image_ruling", "text"] = "image_ruling"


class Page(Model):
    number: int = Field(ge=1)
    source: PageSource
    width: float = 0.0
    height: float = 0.0
    dpi: float | None = None
    rotation: int = 0
    """Clockwise degrees the page was turned to read it (0, 90, 180, 270)."""
    skew: float = 0.0
    """Degrees of deskew applied."""
    lines: list[Line] = Field(default_factory=list)
    tables: list[TableGrid] = Field(default_factory=list)
    cleanup: list[str] = Field(default_factory=list)
    """Names of the cleanup steps that changed the page."""
    preview: str | None = None
    """Path, relative to the output folder, of a JPEG of the page as read."""
    preview_scale: float | None = None
    seconds: float = 0.0

    @property
    def mean_conf(self) -> float:
        words = [w.conf for line in self.lines for w in line.words]
        return sum(words) / len(words) if words else 1.0


class Document(Model):
    doc_id: str
    source: Source
    pages: list[Page] = Field(default_factory=list)
    lines: list[Line] = Field(default_factory=list)
    """Reading-order lines over all pages (set by ocr/ingest, rewritten by restore)."""
    record: Record
    notes: list[str] = Field(default_factory=list)
    """Warnings that are not fields: e.g. a page that could not be read."""

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def flag(self, flag: Flag) -> None:
        self.record.flags.append(flag)
