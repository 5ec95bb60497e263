"""A Decree 30/2020/NĐ-CP page renderer (fpdf2 + the Tinos font), for samples and tests.

A4 portrait, margins 20/15/20/30 mm (top/right/bottom/left), body in Tinos 13-14 pt,
page numbers centred in the top margin from page 2.  The primitives (`national_header`,
`type_and_title`, `body`, `closing`, `table`) can draw any synthetic page a test needs;
`render(doc)` draws a whole `samples.spec` document and returns the PDF bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from samples.spec import Decision, Document, Header, Plan, Signature

FONT_DIR = Path("/usr/share/fonts/truetype/croscore")
FONT = "Tinos"
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 20.0, 15.0, 20.0, 30.0
LEFT_COL = (18.0, 93.0)
RIGHT_COL = (93.0, 197.0)
INDENT = 12.7
FIXED_DATE = datetime(2025, 1, 1, tzinfo=UTC)

# Paragraph styles for `body`: (font style, size delta, first-line indent, alignment).
STYLES = {
    "para": ("", 0, INDENT, "J"),
    "italic": ("I", 0, INDENT, "J"),
    "part": ("B", 0, INDENT, "L"),
    "item": ("B", 0, INDENT, "J"),
    "center_bold": ("B", 0, 0, "C"),
    "center_italic": ("I", 0, 0, "C"),
}


class Decree30PDF(FPDF):
    """FPDF with the Tinos family, Decree 30 margins, and top-centred page numbers."""

    def __init__(self, body_size: float = 13) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        fonts = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
        for style, name in fonts.items():
            self.add_font(FONT, style, str(FONT_DIR / f"{FONT}-{name}.ttf"))
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, MARGIN_BOTTOM)
        self.set_creation_date(FIXED_DATE)
        self.set_creator("vanthu samples/make_samples.py")
        self.body_size = body_size
        self.first_numbered_page = 1
        """Page numbering restarts here (an attached plan starts its own count)."""

    def header(self) -> None:
        number = self.page_no() - self.first_numbered_page + 1
        if number >= 2:
            self.set_font(FONT, "", self.body_size)
            self.set_xy(MARGIN_LEFT, 10)
            self.cell(self.epw, 5, str(number), align="C")
            self.set_xy(MARGIN_LEFT, MARGIN_TOP)

    def font(self, style: str = "", size: float | None = None) -> None:
        self.set_font(FONT, style, size or self.body_size)

    def rule(self, x_center: float, width: float, y: float) -> None:
        self.set_line_width(0.3)
        self.line(x_center - width / 2, y, x_center + width / 2, y)

    def room(self) -> float:
        """Height left above the bottom margin."""
        return self.h - MARGIN_BOTTOM - self.get_y()


def _centered(
    pdf: Decree30PDF, col: tuple[float, float], y: float, text: str, style: str, size: float
) -> float:
    pdf.font(style, size)
    pdf.set_xy(col[0], y)
    pdf.cell(col[1] - col[0], size * 0.45, text, align="C")
    return y + size * 0.45


def national_header(pdf: Decree30PDF, header: Header, numbered: bool = True) -> None:
    """The two-column block: issuing body and "Số:" left, national motto and date right."""
    size = pdf.body_size
    y = MARGIN_TOP - 5
    left_y = y
    if header.parent_printed:
        left_y = _centered(pdf, LEFT_COL, left_y, header.parent_printed, "", size) + 0.8
    for line in header.body_printed:
        left_y = _centered(pdf, LEFT_COL, left_y, line, "B", size) + 0.8
    center = sum(LEFT_COL) / 2
    pdf.rule(center, 22, left_y + 0.8)
    right_y = _centered(pdf, RIGHT_COL, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B", size - 1) + 0.8
    right_y = _centered(pdf, RIGHT_COL, right_y, "Độc lập - Tự do - Hạnh phúc", "B", size)
    pdf.font("B", size)
    pdf.rule(sum(RIGHT_COL) / 2, pdf.get_string_width("Độc lập - Tự do - Hạnh phúc"), right_y + 0.8)
    line_y = max(left_y, right_y) + 5
    if numbered:
        if header.number:
            _centered(pdf, LEFT_COL, line_y, f"Số: {header.number}", "", size)
        _centered(pdf, RIGHT_COL, line_y, header.date_line(), "I", size)
        line_y += size * 0.45
    pdf.set_xy(MARGIN_LEFT, line_y + 7)


def type_and_title(pdf: Decree30PDF, type_line: str, title_lines: list[str], subtitle: str | None) -> None:
    """ "KẾ HOẠCH" and the trích yếu, bold and centred, a short rule under them."""
    size = pdf.body_size + 1
    x = (MARGIN_LEFT, pdf.w - MARGIN_RIGHT)
    y = _centered(pdf, x, pdf.get_y(), type_line, "B", size) + 1.5
    for line in title_lines:
        y = _centered(pdf, x, y, line, "B", size) + 1.2
    if subtitle:
        y = _centered(pdf, x, y, subtitle, "I", pdf.body_size) + 1.2
    pdf.rule(sum(x) / 2, 40, y + 1)
    pdf.set_xy(MARGIN_LEFT, y + 6)


def body(pdf: Decree30PDF, paragraphs: list[tuple[str, str]], line_height: float = 1.25) -> None:
    """Flow paragraphs over pages. Styles: those of STYLES, or "inline" with text
    "BOLD PREFIX\\tregular rest" (e.g. an agency heading followed by its duty)."""
    with pdf.text_columns(text_align="J", line_height=line_height, skip_leading_spaces=True) as cols:
        for style, text in paragraphs:
            if style == "inline":
                head, rest = text.split("\t", 1)
                with cols.paragraph(first_line_indent=INDENT, bottom_margin=1.6) as par:
                    pdf.font("B")
                    par.write(head + " ")
                    pdf.font("")
                    par.write(rest)
                continue
            font_style, delta, indent, align = STYLES[style]
            with cols.paragraph(first_line_indent=indent, bottom_margin=1.6, text_align=align) as par:
                pdf.font(font_style, pdf.body_size + delta)
                par.write(text)
    pdf.font("")


def closing(pdf: Decree30PDF, recipients: list[str], signature: Signature | None) -> None:
    """ "Nơi nhận:" list (left, 12/11 pt) beside the signature block (right, bold)."""
    rec_lh, sig_size = 4.6, pdf.body_size
    sig_lines = 1 + (len(signature.authority.split("\n")) if signature and signature.authority else 0)
    need = max(5 + rec_lh * len(recipients), sig_lines * 7 + 26) + 3
    if pdf.room() < need:
        pdf.add_page()
    top = pdf.get_y() + 3
    pdf.font("BI", 12)
    pdf.set_xy(MARGIN_LEFT, top)
    pdf.cell(80, 5, "Nơi nhận:")
    pdf.font("", 11)
    for i, name in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        pdf.set_xy(MARGIN_LEFT, top + 5 + i * rec_lh)
        pdf.cell(85, rec_lh, f"- {name}{end}")
    bottom = top + 5 + rec_lh * len(recipients)
    if signature:
        col = (118.0, pdf.w - MARGIN_RIGHT + 4)
        y = top
        if signature.authority:
            for part in _authority_lines(signature.authority):
                y = _centered(pdf, col, y, part, "B", sig_size) + 1
        y = _centered(pdf, col, y, signature.title_printed, "B", sig_size) + 20
        y = _centered(pdf, col, y, signature.name, "B", sig_size)
        bottom = max(bottom, y)
    pdf.set_xy(MARGIN_LEFT, bottom + 6)


def _authority_lines(authority: str) -> list[str]:
    """ "TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH" is printed on two lines."""
    return authority.split("\n")


def table(
    pdf: Decree30PDF,
    columns: list[tuple[str, float]],
    rows: list[list[str]],
    size: float = 12,
    pad: float = 1.2,
) -> list[int]:
    """A ruled table whose rows may continue onto the next page (no repeated header).

    Returns the page number each row starts on.
    """
    lh = size * 0.45
    x0 = MARGIN_LEFT + (pdf.epw - sum(w for _, w in columns)) / 2
    bottom_limit = pdf.h - MARGIN_BOTTOM
    auto, c_margin = pdf.auto_page_break, pdf.c_margin
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0

    def cell_lines(text: str, width: float, style: str) -> list[str]:
        pdf.font(style, size)
        return pdf.multi_cell(width - 2 * pad, lh, text, dry_run=True, output="LINES") if text else [""]

    def draw(cells: list[list[str]], styles: list[str], y: float, height: float, aligns: list[str]) -> None:
        x = x0
        pdf.set_line_width(0.25)
        for (_, width), lines, style, align in zip(columns, cells, styles, aligns, strict=True):
            pdf.rect(x, y, width, height)
            pdf.font(style, size)
            for i, line in enumerate(lines):
                pdf.set_xy(x + pad, y + pad + i * lh)
                pdf.cell(width - 2 * pad, lh, line, align=align)
            x += width

    header = [cell_lines(title, w, "B") for title, w in columns]
    header_h = max(map(len, header)) * lh + 2 * pad
    if pdf.get_y() + header_h + 3 * lh > bottom_limit:
        pdf.add_page()
    y = pdf.get_y()
    draw(header, ["B"] * len(columns), y, header_h, ["C"] * len(columns))
    y += header_h
    starts = []
    aligns = ["C"] + ["L"] * (len(columns) - 1)
    for row in rows:
        cells = [cell_lines(text, w, "") for text, (_, w) in zip(row, columns, strict=True)]
        n = max(map(len, cells))
        fit = int((bottom_limit - y - 2 * pad) // lh)
        if fit < min(n, 2):
            pdf.add_page()
            y, fit = pdf.get_y(), int((bottom_limit - pdf.get_y() - 2 * pad) // lh)
        starts.append(pdf.page_no())
        while n > fit:  # the row runs over the page bottom: draw what fits, go on overleaf
            draw([c[:fit] for c in cells], [""] * len(cells), y, fit * lh + 2 * pad, aligns)
            cells = [c[fit:] for c in cells]
            n = max(map(len, cells))
            pdf.add_page()
            y, fit = pdf.get_y(), int((bottom_limit - pdf.get_y() - 2 * pad) // lh)
        height = n * lh + 2 * pad
        draw(cells, [""] * len(cells), y, height, aligns)
        y += height
    pdf.set_xy(MARGIN_LEFT, y + 4)
    pdf.set_auto_page_break(auto, MARGIN_BOTTOM)
    pdf.c_margin = c_margin
    return starts


def plan_paragraphs(plan: Plan) -> list[tuple[str, str]]:
    paras: list[tuple[str, str]] = [("para", p) for p in plan.preamble]
    for part in plan.parts:
        paras.append(("part", f"{part.label}. {part.heading}"))
        paras += [("para", p) for p in part.body]
        for item in part.items:
            if item.inline:
                paras.append(("inline", f"{item.label}. {item.heading}:\t{item.body[0]}"))
                paras += [("para", p) for p in item.body[1:]]
            else:
                paras.append(("item", f"{item.label}. {item.heading}"))
                paras += [("para", p) for p in item.body]
    paras += [("para", p) for p in plan.closing]
    return paras


APPENDIX_COLUMNS = [
    ("TT", 10.0),
    ("Nhiệm vụ", 62.0),
    ("Đơn vị chủ trì", 32.0),
    ("Đơn vị phối hợp", 34.0),
    ("Thời gian thực hiện", 27.0),
]


def render_plan(pdf: Decree30PDF, plan: Plan, attached: bool = False) -> None:
    """Draw a Kế hoạch from a fresh page; `attached` plans carry no number or date line."""
    pdf.add_page()
    national_header(pdf, plan.header, numbered=not attached)
    type_and_title(pdf, plan.type_line, plan.title_lines, plan.subtitle)
    body(pdf, plan_paragraphs(plan))
    if not attached or plan.signature:
        closing(pdf, plan.recipients, plan.signature)
    if plan.appendix:
        appendix = plan.appendix
        pdf.add_page()
        x = (MARGIN_LEFT, pdf.w - MARGIN_RIGHT)
        y = pdf.get_y()
        for line in appendix.title_lines:
            y = _centered(pdf, x, y, line, "B", pdf.body_size) + 1.2
        y = _centered(pdf, x, y, appendix.note, "I", pdf.body_size) + 1.2
        pdf.rule(sum(x) / 2, 40, y + 1)
        pdf.set_xy(MARGIN_LEFT, y + 6)
        columns = list(APPENDIX_COLUMNS)
        if appendix.with_output:
            columns = [
                ("TT", 10.0),
                ("Nhiệm vụ", 52.0),
                ("Đơn vị chủ trì", 28.0),
                ("Đơn vị phối hợp", 28.0),
                ("Thời gian thực hiện", 24.0),
                ("Sản phẩm", 23.0),
            ]
        rows = []
        for t in appendix.tasks:
            row = [t.no, t.task, t.lead, t.partners or "", t.timeline]
            rows.append(row + [t.output or ""] if appendix.with_output else row)
        table(pdf, columns, rows)


def render_decision(pdf: Decree30PDF, decision: Decision) -> None:
    pdf.add_page()
    national_header(pdf, decision.header)
    type_and_title(pdf, decision.type_line, decision.title_lines, None)
    x = (MARGIN_LEFT, pdf.w - MARGIN_RIGHT)
    _centered(pdf, x, pdf.get_y() - 1, decision.authority_line, "B", pdf.body_size)
    pdf.set_xy(MARGIN_LEFT, pdf.get_y() + 8)
    paras = [("italic", b) for b in decision.bases] + [("center_bold", "QUYẾT ĐỊNH:")]
    for article in decision.articles:
        word, number, rest = article.split(" ", 2)  # "Điều 1. Ban hành ..."
        paras.append(("inline", f"{word} {number}\t{rest}"))
    body(pdf, paras)
    closing(pdf, decision.recipients, decision.signature)
    plan = decision.plan
    pdf.first_numbered_page = pdf.page_no() + 1
    render_plan(pdf, plan, attached=True)


def render(doc: Document) -> bytes:
    """The whole document as PDF bytes (deterministic: fixed creation date)."""
    pdf = Decree30PDF(body_size=doc.body_size)
    if isinstance(doc, Decision):
        render_decision(pdf, doc)
    else:
        render_plan(pdf, doc)
    return bytes(pdf.output())
