"""Header rules: issuer columns, number mending, place and date, type, title, year, period."""

from __future__ import annotations

from datetime import date

from pipeline.model import Line, Page
from pipeline.segment import segment
from pipeline.segment.context import year_and_period
from pipeline.segment.header import cut_motto, read_date, type_of_line
from pipeline.segment.names import organ_name, place_name
from tests.segment_fixtures import PLAN, boxed_line, make_doc, text_doc


def test_plan_header_fields_on_plain_text_with_merged_columns():
    record = segment(text_doc(PLAN)).record
    assert record.doc_type == "Kế hoạch"
    assert record.number == "314/KH-STTMT"
    assert record.issued_date == date(2024, 3, 9)
    assert record.place == "Lâm Đồng"
    assert record.issuer.name == "Sở Thông tin và Máy tính"
    assert record.issuer.parent == "Ủy ban nhân dân tỉnh Bắc Nam"
    assert (
        record.title == "Tuyên truyền cải cách hành chính của Sở Thông tin và Máy tính 6 tháng đầu năm 2024"
    )
    assert record.plan_year == 2024
    assert record.period == "6 tháng đầu năm 2024"


def test_number_after_misread_so_is_mended():
    doc = text_doc(
        "UBND XÃ ĐỒI CÁT\nS6: 297/0D-UBND Đồi Cát, ngay 07 thang 08 nam 2025\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch năm 2025"
    )
    record = segment(doc).record
    assert record.number == "297/QĐ-UBND"
    assert record.issued_date == date(2025, 8, 7)
    assert record.place == "Đồi Cát"
    assert record.doc_type == "Quyết định"


def test_number_with_spaces_before_slash():
    record = segment(text_doc("Số: 27  /KH-UBND\nKẾ HOẠCH\nTập huấn năm 2023")).record
    assert record.number == "27/KH-UBND"


def test_date_without_marks_and_with_place_prefix_cut():
    found = read_date("Số: 5/KH-UBND Gia Lai, ngay 07 thang 08 nam 2025")
    assert found is not None and found[1] == date(2025, 8, 7)


def test_impossible_date_is_flagged_invalid():
    record = segment(
        text_doc("UBND XÃ AN PHÚ\nAn Phú, ngày 31 tháng 02 năm 2025\nKẾ HOẠCH\nTập huấn năm 2025")
    ).record
    assert record.issued_date is None
    assert any(f.field == "issued_date" and f.reason == "invalid" for f in record.flags)


def test_missing_number_is_flagged_not_found():
    record = segment(text_doc("UBND XÃ AN PHÚ\nKẾ HOẠCH\nTập huấn năm 2025")).record
    assert record.number is None
    assert any(f.field == "number" and f.reason == "not_found" for f in record.flags)


def test_motto_is_cut_from_a_merged_line_even_without_marks():
    assert cut_motto("UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM") == "UY BAN NHAN DAN"
    assert cut_motto("SO TAI CHINH Déc 1ap - Tw do - Hanh phuc") == "SO TAI CHINH"


def test_every_decree_30_document_type_is_recognised():
    for printed, name in [
        ("KẾ HOẠCH", "Kế hoạch"),
        ("QUYET DINH", "Quyết định"),
        ("CHƯƠNG TRÌNH", "Chương trình"),
        ("THÔNG BÁO", "Thông báo"),
        ("TỜ TRÌNH", "Tờ trình"),
        ("HƯỚNG DẪN", "Hướng dẫn"),
        ("BÁO CÁO", "Báo cáo"),
        ("CÔNG ĐIỆN", "Công điện"),
        ("GIẤY MỜI", "Giấy mời"),
    ]:
        assert type_of_line(printed) == (name, "")
    assert type_of_line("Kế hoạch này được triển khai") is None


def test_type_line_carrying_the_title():
    record = segment(text_doc("UBND HUYỆN KHE SUỐI\nKẾ HOẠCH TẬP HUẤN CÔNG CHỨC NĂM 2026\nCăn cứ ...")).record
    assert record.doc_type == "Kế hoạch"
    assert record.title == "TẬP HUẤN CÔNG CHỨC NĂM 2026"
    assert record.plan_year == 2026


def test_issuer_name_is_spelled_out_and_recased():
    assert organ_name("UBND XÃ HÒA AN") == "Ủy ban nhân dân xã Hòa An"
    assert organ_name("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG") == "Ủy ban nhân dân thành phố Hải Phòng"
    assert organ_name("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") == "Sở Lao động - Thương binh và Xã hội"
    assert organ_name("UBND xã Suối Đá") == "Ủy ban nhân dân xã Suối Đá"
    assert organ_name("ỦY BAN NHÂN DÂN TỈNHBẮC _ GIANG") == "Ủy ban nhân dân tỉnh Bắc Giang"  # glued by OCR


def test_listed_place_gets_its_marks_back():
    assert place_name("Son La") == "Sơn La"
    assert place_name("KHE SUỐI") == "Khe Suối"


def test_issuer_name_wrapped_over_two_lines_is_one_body():
    record = segment(text_doc("ỦY BAN NHÂN DÂN XÃ ĐỒNG\nTRE\nKẾ HOẠCH\nTập huấn năm 2025")).record
    assert record.issuer.name == "Ủy ban nhân dân xã Đồng Tre"
    assert record.issuer.parent is None


def test_header_columns_split_by_word_boxes():
    lines = [
        boxed_line(1, 50, (60, "ỦY BAN NHÂN DÂN TỈNH"), (330, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        boxed_line(1, 75, (60, "BẮC NAM"), (360, "Độc lập - Tự do - Hạnh phúc")),
        boxed_line(1, 100, (70, "SỞ NỘI VỤ")),
        boxed_line(1, 125, (330, "Bắc Nam, ngày 05 tháng 6 năm 2025")),
        boxed_line(1, 150, (70, "Số: 12/KH-SNV")),
        boxed_line(1, 180, (260, "KẾ HOẠCH")),
        boxed_line(1, 200, (120, "Tuyên truyền cải cách hành chính năm 2025")),
    ]
    doc = make_doc(lines, [Page(number=1, source="ocr", width=700, height=1000)], "boxed.pdf")
    record = segment(doc).record
    assert record.issuer.name == "Sở Nội vụ"
    assert record.issuer.parent == "Ủy ban nhân dân tỉnh Bắc Nam"
    assert record.number == "12/KH-SNV"
    assert record.place == "Bắc Nam"
    assert record.issued_date == date(2025, 6, 5)


def test_low_ocr_confidence_of_the_number_is_flagged_with_its_box():
    lines = [
        boxed_line(1, 50, (60, "UBND XÃ AN PHÚ")),
        boxed_line(1, 80, (60, "Số: 12/KH-UBND"), conf=0.3),
        boxed_line(1, 110, (200, "KẾ HOẠCH")),
        boxed_line(1, 130, (100, "Tập huấn năm 2025")),
    ]
    doc = make_doc(lines, [Page(number=1, source="ocr", width=700, height=1000)], "lowconf.pdf")
    record = segment(doc).record
    flag = next(f for f in record.flags if f.field == "number")
    assert flag.reason == "low_ocr_confidence" and flag.page == 1 and flag.box is not None


def test_issuer_missing_from_header_is_read_from_preamble_and_flagged():
    text = "KẾ HOẠCH\nTập huấn năm 2024\n\nThực hiện chỉ đạo của huyện; UBND xã Đá Mài xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH"
    record = segment(text_doc(text)).record
    assert record.issuer.name == "Ủy ban nhân dân xã Đá Mài"
    assert any(f.field == "issuer.name" and f.reason == "not_found" for f in record.flags)


def test_range_in_title_leaves_plan_year_open_and_flagged():
    record = segment(text_doc("UBND XÃ AN PHÚ\nKẾ HOẠCH\nTuyên truyền giai đoạn 2026-2030")).record
    assert record.plan_year is None and record.period == "giai đoạn 2026-2030"
    assert any(f.field == "plan_year" and f.reason == "ambiguous" for f in record.flags)


def test_period_and_year_read_from_titles_with_or_without_marks():
    assert year_and_period("Tuyên truyền 6 tháng cuối năm 2025")[:2] == (2025, "6 tháng cuối năm 2025")
    assert year_and_period("Tuyen truyen 6 thang dau nam 2026")[:2] == (2026, "6 tháng đầu năm 2026")
    assert year_and_period("Tuyên truyền quý III năm 2024")[:2] == (2024, "quý III năm 2024")
    assert year_and_period("Tập huấn năm 2023")[:2] == (2023, "năm 2023")


def test_low_restore_confidence_of_the_place_is_flagged():
    text = "Bắc Nam, ngày 05 tháng 6 năm 2025"
    confs = [0.2, 0.3] + [0.99] * (len(text.split()) - 2)
    lines = [
        Line(page=1, raw="UBND XA AN PHU", text="UBND XÃ AN PHÚ"),
        Line(page=1, raw=text, text=text, syllable_conf=confs),
        Line(page=1, raw="KE HOACH", text="KẾ HOẠCH"),
        Line(page=1, raw="Tap huan", text="Tập huấn"),
    ]
    record = segment(make_doc(lines)).record
    assert record.place == "Bắc Nam"
    flag = next(f for f in record.flags if f.field == "place")
    assert flag.reason == "low_restore_confidence" and flag.confidence == 0.2
    assert not any(f.field == "issued_date" for f in record.flags)
