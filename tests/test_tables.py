"""Tables stage (pipeline.tables): appendix task rows from ruled grids, PDF tables and legacy text.

Grids come from tables drawn here (test_grids.draw_table → pipeline.grids) or from a PDF made
with fpdf2 and read back by pipeline.pdf; all cell text is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_grids import MERGED, SIMPLE, Spec, draw_table

from pipeline import grids, pdf
from pipeline.model import Cell, Document, Line, Page, TableGrid
from pipeline.table_columns import header_field
from pipeline.tables import tables
from schemas.record import Record, Source

FONT_DIR = Path("/usr/share/fonts/truetype/croscore")
HEAD = [
    (0, "TT"),
    (1, "Nội dung nhiệm vụ"),
    (2, "Cơ quan chủ trì"),
    (3, "Cơ quan phối hợp"),
    (4, "Thời gian thực hiện"),
]


def _doc(pages: list[Page], kind: str = "scanned_pdf") -> Document:
    source = Source(path="ke-hoach.pdf", sha256="0" * 64, kind=kind, pages=len(pages))
    return Document(
        doc_id="0" * 16,
        source=source,
        record=Record(doc_id="0" * 16, source=source),
        pages=pages,
        lines=[line for page in pages for line in page.lines],
    )


def _drawn_page(spec: Spec, number: int) -> Page:
    drawn = draw_table(spec, number=number)
    page = drawn.page
    page.tables = grids.find_tables(drawn.image, page)
    return page


def _rows(doc: Document) -> list[tuple]:
    return [
        (t.no, t.task, t.lead, t.partners, t.timeline, t.output, t.page) for t in doc.record.appendix_tasks
    ]


def test_header_words_name_the_fields_whatever_the_spelling():
    assert header_field("STT") == "no"
    assert header_field("Nội dung công việc") == "task"
    assert header_field("Đơn vị chủ trì") == "lead"
    assert header_field("Cơ quan, đơn vị phối hợp") == "partners"
    assert header_field("Thoi gian thuc hien") == "timeline"  # marks lost by OCR
    assert header_field("Cơ quan chủtrì") == "lead"  # space lost by OCR
    assert header_field("Kết quả/sản phẩm") == "output"
    assert header_field("Nội dung hoạt động") == "task"
    assert header_field("Họ và tên") is None
    assert header_field("Tuyên truyền nội dung các văn bản mới ban hành của Trung ương và của tỉnh") is None


def test_drawn_table_becomes_one_row_per_task_with_its_page():
    doc = tables(_doc([_drawn_page(SIMPLE, 3)]))
    assert _rows(doc) == [
        (
            "1",
            "Biên soạn tài liệu hỏi đáp về thủ tục cấp phép xây dựng cho người dân",
            "Phòng Quản lý đô thị",
            "Ban Tuyên giáo",
            "Quý II năm 2026",
            None,
            3,
        ),
        (
            "2",
            "Tổ chức tọa đàm với doanh nghiệp về dịch vụ công",
            "Văn phòng Ủy ban",
            "Hội Doanh nhân trẻ",
            "Tháng 9 năm 2026",
            None,
            3,
        ),
        (
            "3",
            "Đăng tin trên cổng thông tin điện tử",
            "Tổ Biên tập",
            "Các phòng chuyên môn",
            "Thường xuyên",
            None,
            3,
        ),
    ]


def test_sub_rows_and_merged_cells_carry_to_every_row_they_span():
    doc = tables(_doc([_drawn_page(MERGED, 1)]))
    assert _rows(doc) == [
        (
            "4.1",
            "Xây dựng chuyên mục hỏi đáp trên sóng phát thanh",
            "Đài Truyền thanh huyện",
            "Phòng Văn hóa",
            "Hằng quý",
            None,
            1,
        ),
        (
            "4.2",
            "Phát tờ rơi tại bộ phận một cửa",
            "Đài Truyền thanh huyện",
            "Ủy ban các xã",
            "Hằng quý",
            None,
            1,
        ),
        ("5", "Nội dung khác do Ủy ban giao trong năm", None, None, None, None, 1),
    ]


def _page_one() -> Spec:
    return Spec(
        widths=[130, 900, 400, 400, 400],
        n_rows=3,
        cells=[(0, c, 1, 1, t) for c, t in HEAD]
        + [
            (1, 0, 1, 1, "1"),
            (1, 1, 1, 1, "Cập nhật danh mục thủ tục hành chính"),
            (1, 2, 1, 1, "Văn phòng"),
            (1, 3, 1, 1, "Các phòng"),
            (1, 4, 1, 1, "Tháng 3"),
            (2, 0, 1, 1, "2"),
            (2, 1, 1, 1, "Tổ chức hội thi tìm hiểu về cải cách"),
            (2, 2, 1, 1, "Sở Tư pháp"),
            (2, 3, 1, 1, "Đoàn Thanh niên"),
            (2, 4, 1, 1, "Quý III"),
        ],
    )


def _page_two(header: bool) -> Spec:
    rows = [
        (0, 0, 1, 1, ""),
        (0, 1, 1, 1, "hành chính dành cho học sinh"),
        (0, 2, 1, 1, ""),
        (0, 3, 1, 1, "và Hội Phụ nữ"),
        (0, 4, 1, 1, ""),
        (1, 0, 1, 1, "3"),
        (1, 1, 1, 1, "Tổng kết và khen thưởng"),
        (1, 2, 1, 1, "Sở Nội vụ"),
        (1, 3, 1, 1, "Ban Thi đua"),
        (1, 4, 1, 1, "Tháng 12"),
    ]
    if header:
        rows = [(0, c, 1, 1, t) for c, t in HEAD] + [(r + 1, c, rs, cs, t) for r, c, rs, cs, t in rows]
    return Spec(widths=[130, 900, 400, 400, 400], n_rows=3 if header else 2, cells=rows)


@pytest.mark.parametrize("repeated_header", [False, True])
def test_table_continued_on_next_page_joins_the_split_row(repeated_header):
    doc = tables(_doc([_drawn_page(_page_one(), 5), _drawn_page(_page_two(repeated_header), 6)]))
    assert _rows(doc) == [
        ("1", "Cập nhật danh mục thủ tục hành chính", "Văn phòng", "Các phòng", "Tháng 3", None, 5),
        (
            "2",
            "Tổ chức hội thi tìm hiểu về cải cách hành chính dành cho học sinh",
            "Sở Tư pháp",
            "Đoàn Thanh niên và Hội Phụ nữ",
            "Quý III",
            None,
            5,
        ),
        ("3", "Tổng kết và khen thưởng", "Sở Nội vụ", "Ban Thi đua", "Tháng 12", None, 6),
    ]


def _grid(page: int, rows: list[list[str]]) -> TableGrid:
    cells = [
        Cell(row=r, col=c, text=t, box=(c * 100.0, r * 50.0, c * 100.0 + 100, r * 50.0 + 50))
        for r, row in enumerate(rows)
        for c, t in enumerate(row)
    ]
    return TableGrid(
        page=page,
        n_rows=len(rows),
        n_cols=len(rows[0]),
        cells=cells,
        box=(0.0, 0.0, 100.0 * len(rows[0]), 50.0 * len(rows)),
    )


def test_columns_are_found_by_meaning_in_any_order_and_other_tables_are_ignored():
    staff = _grid(1, [["STT", "Họ và tên", "Chức vụ"], ["1", "Nguyễn Văn An", "Trưởng phòng"]])
    tasks = _grid(
        2,
        [
            ["Sản phẩm", "Thời hạn", "Số TT", "Đơn vị thực hiện", "Nhiệm vụ", "Ghi chú"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["Bản tin", "Hằng tháng", "1.", "Trung tâm Truyền thông", "Phát hành bản tin cải cách", "x"],
        ],
    )
    doc = tables(
        _doc([Page(number=1, source="ocr", tables=[staff]), Page(number=2, source="ocr", tables=[tasks])])
    )
    assert _rows(doc) == [
        ("1", "Phát hành bản tin cải cách", "Trung tâm Truyền thông", None, "Hằng tháng", "Bản tin", 2)
    ]


def test_a_table_on_a_later_page_without_header_is_not_taken_for_a_continuation():
    tasks = _grid(1, [["TT", "Nhiệm vụ", "Chủ trì"], ["1", "Rà soát quy trình", "Văn phòng"]])
    other = _grid(3, [["a", "Danh sách", "b"], ["c", "d", "e"]])
    doc = tables(
        _doc(
            [
                Page(number=1, source="ocr", tables=[tasks]),
                Page(number=2, source="ocr"),
                Page(number=3, source="ocr", tables=[other]),
            ]
        )
    )
    assert _rows(doc) == [("1", "Rà soát quy trình", "Văn phòng", None, None, None, 1)]


def test_born_digital_pdf_table_maps_the_same_way(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    doc_pdf = fpdf.FPDF(format="A4")
    doc_pdf.add_font("Tinos", "", str(FONT_DIR / "Tinos-Regular.ttf"))
    doc_pdf.add_page()
    doc_pdf.set_font("Tinos", size=11)
    doc_pdf.multi_cell(0, 6, "PHỤ LỤC\nDanh mục nhiệm vụ tuyên truyền năm 2026")
    doc_pdf.ln(4)
    with doc_pdf.table(
        col_widths=(10, 70, 35, 35, 30), text_align="LEFT", first_row_as_headings=False
    ) as table:
        for row in (["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"],):
            cells = table.row()
            for text in row:
                cells.cell(text)
        first = table.row()
        first.cell("1")
        first.cell("Phổ biến quy định mới về đất đai đến cán bộ và người dân ở thôn, bản")
        first.cell("Phòng Tài nguyên", rowspan=2)
        first.cell("Ủy ban các xã")
        first.cell("Quý I")
        second = table.row()
        second.cell("2")
        second.cell("Niêm yết thủ tục tại nhà văn hóa")
        second.cell("Trưởng thôn")
        second.cell("Quý II")
    path = tmp_path / "phu-luc.pdf"
    doc_pdf.output(str(path))
    page = pdf.text_page(path, 0)
    assert page.tables and page.tables[0].method == "pdf_ruling"
    doc = tables(_doc([page], kind="digital_pdf"))
    assert _rows(doc) == [
        (
            "1",
            "Phổ biến quy định mới về đất đai đến cán bộ và người dân ở thôn, bản",
            "Phòng Tài nguyên",
            "Ủy ban các xã",
            "Quý I",
            None,
            1,
        ),
        ("2", "Niêm yết thủ tục tại nhà văn hóa", "Phòng Tài nguyên", "Trưởng thôn", "Quý II", None, 1),
    ]


LEGACY = """\
IV. TỔ CHỨC THỰC HIỆN
Các phòng triển khai thực hiện Kế hoạch này.

PHỤ LỤC
DANH MỤC NHIỆM VỤ NĂM 2026
TT Nhiệm vụ Đơn vị chủ trì Phối hợp | Thời gian
Rà soát, cập nhật danh mục thủ tục hành chính
1 thuộc thẩm quyền giải quyết của huyện và | Văn phòng | Các phòng | Thường xuyên
công khai trên cổng thông tin điện tử
Tổ chức hội nghị đối thoại với doanh nghiệp
2 về thủ tục đầu tư, đất đai và xây dựng | Phòng Kinh tế | Hội Doanh nghiệp | Quý III
trên địa bàn huyện
Biên soạn tài liệu hỏi đáp về dịch vụ công
3 trực tuyến để phát cho người dân tại bộ | Văn phòng | Bưu điện | Quý II
phận một cửa các xã



Nơi nhận:
"""


def test_legacy_text_recovers_row_numbers_and_task_text_and_flags_the_rest():
    lines = [Line(page=1, raw=t, text=t) for t in LEGACY.splitlines()]
    doc = tables(_doc([Page(number=1, source="text", lines=lines)], kind="text"))
    tasks = doc.record.appendix_tasks
    assert [t.no for t in tasks] == ["1", "2", "3"]
    assert tasks[0].task == (
        "Rà soát, cập nhật danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của "
        "huyện và công khai trên cổng thông tin điện tử"
    )
    assert tasks[1].task == (
        "Tổ chức hội nghị đối thoại với doanh nghiệp về thủ tục đầu tư, đất đai và xây "
        "dựng trên địa bàn huyện"
    )
    assert tasks[2].task.startswith("Biên soạn tài liệu") and tasks[2].task.endswith("một cửa các xã")
    assert [t.timeline for t in tasks] == ["Thường xuyên", "Quý III", "Quý II"]
    assert all(t.lead is None and t.page == 1 for t in tasks)
    flagged = {f.field: f for f in doc.record.flags}
    assert flagged["appendix_tasks[1].lead"].reason == "unparsed"
    assert "Phòng Kinh tế" in flagged["appendix_tasks[1].lead"].value
    assert not any(name.endswith(".timeline") for name in flagged)


def test_text_without_an_appendix_gives_no_rows_and_no_flags():
    lines = [Line(page=1, raw=t, text=t) for t in ["KẾ HOẠCH", "1. Mục đích", "2 Yêu cầu | rõ ràng"]]
    doc = tables(_doc([Page(number=1, source="text", lines=lines)], kind="text"))
    assert doc.record.appendix_tasks == [] and doc.record.flags == []


def test_group_headings_inside_the_table_are_not_tasks():
    grid = _grid(
        1,
        [
            ["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"],
            ["I", "Tuyên truyền trên báo chí", "", ""],
            ["1", "Mở chuyên mục cải cách hành chính", "Báo tỉnh", "Quý I"],
            ["II", "Tuyên truyền tại cơ sở", "", ""],
            ["2", "Hội nghị tại các xã", "Ủy ban huyện", "Quý II"],
        ],
    )
    doc = tables(_doc([Page(number=1, source="ocr", tables=[grid])]))
    assert _rows(doc) == [
        ("1", "Mở chuyên mục cải cách hành chính", "Báo tỉnh", None, "Quý I", None, 1),
        ("2", "Hội nghị tại các xã", "Ủy ban huyện", None, "Quý II", None, 1),
    ]
