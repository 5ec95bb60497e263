"""Outline rules: damaged roman labels, sequence mending, items, points, bullets, kinds, appendix stop."""

from __future__ import annotations

from pipeline.model import Line
from pipeline.segment import segment
from pipeline.segment.labels import parse, read_roman, roman_readings
from pipeline.segment.outline import agency_split, part_kind
from tests.segment_fixtures import PLAN, make_doc, text_doc


def test_roman_labels_read_through_ocr_damage():
    assert read_roman("I1") == 2
    assert read_roman("|") == 1
    assert read_roman("IIL") == 3
    assert read_roman("V1") == 6
    assert read_roman("Il") == 2
    assert read_roman("I11") == 3
    assert read_roman("H") == 2 and read_roman("HI") == 3  # "II" read as "H"
    assert roman_readings("IH") == {2, 3}  # ... or "I" read as "H": the sequence decides


def test_ambiguous_h_label_takes_the_reading_that_fits_the_sequence():
    text = "KẾ HOẠCH\nTập huấn\nI. MỤC ĐÍCH\nA.\nIH. NỘI DUNG\nB.\nHI. KINH PHÍ\nC."
    assert [s.label for s in segment(text_doc(text)).record.sections] == ["I", "II", "III"]


def test_label_kinds():
    assert parse("IV. TỔ CHỨC").kind == "roman"  # type: ignore[union-attr]
    assert parse("2.1. Nội dung").value == "2.1"  # type: ignore[union-attr]
    assert parse("1.Văn phòng").kind == "number"  # type: ignore[union-attr]
    assert parse("đ) Gương").value == "đ"  # type: ignore[union-attr]
    assert parse("- Đăng tải").kind == "bullet"  # type: ignore[union-attr]
    assert parse("Điều 2. Hiệu lực").kind == "article"  # type: ignore[union-attr]
    assert parse("2024 là năm") is None
    assert parse("15/6/2024 báo cáo") is None


def test_plan_outline_with_damaged_and_misread_part_labels():
    sections = segment(text_doc(PLAN)).record.sections
    assert [(s.label, s.kind) for s in sections] == [
        ("I", "muc_dich_yeu_cau"),
        ("II", "noi_dung_hinh_thuc"),
        ("III", "kinh_phi"),
        ("V", "to_chuc_thuc_hien"),
    ]
    assert [s.heading for s in sections] == [
        "MỤC ĐÍCH, YÊU CẦU",
        "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
        "KINH PHÍ",
        "TỔ CHỨC THỰC HIỆN",
    ]


def test_part_heading_with_colon_keeps_its_text():
    funds = segment(text_doc(PLAN)).record.sections[2]
    assert funds.heading == "KINH PHÍ" and funds.text == "Từ nguồn ngân sách năm 2024."


def test_items_points_and_bullets_nest():
    part1, part2 = segment(text_doc(PLAN)).record.sections[:2]
    assert [(c.label, c.heading) for c in part1.children] == [("1", "Mục đích"), ("2", "Yêu cầu")]
    assert [b.label for b in part1.children[0].children] == ["-", "-"]
    assert part1.children[0].children[1].text == "Bảo đảm thông tin kịp thời."
    points = part2.children[0].children
    assert [p.label for p in points] == ["a", "b", "d", "đ"]
    assert all(p.level == 3 for p in points)
    assert part2.children[1].heading == "Hình thức tuyên truyền"
    assert part2.children[1].text == "Trên Cổng thông tin điện tử của Sở."


def test_item_text_joins_a_symbol_broken_over_lines():
    item = segment(text_doc(PLAN)).record.sections[0].children[1]
    assert item.text == "Bám sát Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về một cửa."


def test_outline_stops_at_the_appendix_and_the_closing():
    last = segment(text_doc(PLAN)).record.sections[-1]
    everything = last.text + " ".join(c.text for c in last.children)
    assert "PHỤ LỤC" not in everything and "Nhiệm vụ Đơn vị" not in everything
    assert "Hoàng Thị Mơ" not in everything and "Lưu" not in everything


def test_part_heading_followed_by_text_on_its_line():
    text = "KẾ HOẠCH\nTập huấn\nI. KINH PHÍ Ngân sách xã bảo đảm.\nII. Tổ chức thực hiện: Các ban ngành."
    first, second = segment(text_doc(text)).record.sections
    assert (first.heading, first.kind, first.text) == ("KINH PHÍ", "kinh_phi", "Ngân sách xã bảo đảm.")
    assert (second.heading, second.kind, second.text) == (
        "Tổ chức thực hiện",
        "to_chuc_thuc_hien",
        "Các ban ngành.",
    )


def test_long_agency_list_before_the_colon_is_one_agency():
    text = (
        "KẾ HOẠCH\nTập huấn\nIV. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Văn hóa, Thể thao và Du lịch, Sở Khoa học và Công nghệ, Ban Quản lý khu kinh tế tỉnh:\n"
        "phối hợp thực hiện."
    )
    resp = segment(text_doc(text)).record.responsibilities
    assert (
        resp[0].agency
        == "Sở Văn hóa, Thể thao và Du lịch, Sở Khoa học và Công nghệ, Ban Quản lý khu kinh tế tỉnh"
    )


def test_skipped_part_number_is_kept():
    text = "KẾ HOẠCH\nTập huấn\nI. MỤC ĐÍCH, YÊU CẦU\nNội dung.\nII. NỘI DUNG\nNội dung.\nIV. KINH PHÍ\nNgân sách."
    assert [s.label for s in segment(text_doc(text)).record.sections] == ["I", "II", "IV"]


def test_part_heading_over_two_lines():
    text = "KẾ HOẠCH\nTập huấn\nI. ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC\nTUYÊN TRUYỀN\n1. Đối tượng\nCông chức."
    part = segment(text_doc(text)).record.sections[0]
    assert part.heading == "ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN"
    assert part.kind == "doi_tuong_noi_dung"


def test_heading_without_marks_gets_the_vocabulary_spelling():
    text = "KE HOACH\nTap huan\n|. MUC DICH, YEU CAU\n1. Muc dich\nNang cao."
    part = segment(text_doc(text)).record.sections[0]
    assert (part.label, part.heading, part.kind) == ("I", "MỤC ĐÍCH, YÊU CẦU", "muc_dich_yeu_cau")
    assert part.children[0].heading == "Mục đích"


def test_unlisted_heading_falls_back_to_the_earliest_keyword():
    assert part_kind("NHIỆM VỤ VÀ KINH PHÍ")[0] == "nhiem_vu"
    assert part_kind("ĐỐI TƯỢNG VÀ PHẠM VI ÁP DỤNG")[0] == "doi_tuong_noi_dung"
    assert part_kind("ĐIỀU KHOẢN THI HÀNH")[0] == "other"


def test_kind_keyword_garbled_by_restore_is_read_from_the_raw_heading():
    assert (
        part_kind("TỐI TUQNG, NỘI DUNG VÀ HÌNH THỨC", "POI TUQNG, NOI DUNG VA HINH THUC")[0]
        == "doi_tuong_noi_dung"
    )
    lines = [
        Line(page=1, raw=r, text=t)
        for r, t in [
            ("KE HOACH", "KẾ HOẠCH"),
            ("Tap huan", "Tập huấn"),
            ("I1. POI TUQNG, NOI DUNG VA HINH THUC", "II. TỐI TUQNG, NỘI DUNG VÀ HÌNH THỨC"),
            ("Noi dung.", "Nội dung."),
        ]
    ]
    assert segment(make_doc(lines)).record.sections[0].kind == "doi_tuong_noi_dung"


def test_agency_ends_before_its_first_duty_verb():
    text = "Ban Thanh niên các tổ chức xã hội chủ trì vận động đoàn viên"
    cut = agency_split(text)
    assert cut is not None and text[:cut].strip() == "Ban Thanh niên các tổ chức xã hội"


def test_decision_reads_the_plan_outline_inside_article_one():
    text = """\
UBND XÃ SUỐI ĐÁ
Số: 45/QĐ-UBND
QUYẾT ĐỊNH
Ban hành Kế hoạch tuyên truyền năm 2025
CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ SUỐI ĐÁ
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Ban hành Kế hoạch tuyên truyền năm 2025 với các nội dung sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng: Theo dõi thực hiện.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Văn phòng và các ngành chịu trách nhiệm thi hành.
"""
    record = segment(text_doc(text)).record
    assert record.doc_type == "Quyết định" and record.number == "45/QĐ-UBND"
    assert [s.label for s in record.sections] == ["I", "II"]
    assert "hiệu lực" not in record.sections[-1].children[0].text
    assert [r.agency for r in record.responsibilities] == ["Văn phòng"]


def test_item_number_whose_dot_ocr_read_as_a_comma_is_still_an_item():
    from pipeline.segment.labels import parse

    label = parse("2, Hình thức tuyên truyền")
    assert (label.kind, label.value, label.rest) == ("number", "2", "Hình thức tuyên truyền")
    assert parse("2, 3 và 4 của Kế hoạch") is None or parse("2, 3 và 4 của Kế hoạch").kind != "number"
    assert parse("12, các xã còn lại") is None
