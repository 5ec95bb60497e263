"""Reference and responsibility rules on invented lines."""

from __future__ import annotations

from datetime import date

from pipeline.model import Line
from pipeline.segment import segment
from pipeline.segment.references import read_references
from pipeline.segment.responsibilities import agency_name
from pipeline.segment.symbols import find_symbols, mend_code
from tests.segment_fixtures import PLAN, make_doc, text_doc


def test_reference_with_type_date_and_issuer():
    refs = read_references(["Thực hiện Nghị quyết số 41/NQ-CP ngày 15/7/2022 của Chính phủ về cải cách;"])
    assert [(r.symbol, r.type, r.date, r.issuer) for r in refs] == [
        ("41/NQ-CP", "Nghị quyết", date(2022, 7, 15), "Chính phủ")
    ]


def test_reference_date_in_words_and_issuer_stops_at_verb():
    refs = read_references(
        ["Quyết định số 9/QĐ-UBND ngày 02 tháng 3 năm 2023 của UBND huyện Khe Suối ban hành quy chế"]
    )
    assert (refs[0].date, refs[0].issuer) == (date(2023, 3, 2), "UBND huyện Khe Suối")


def test_party_symbols_keep_their_issuer_code():
    refs = read_references(["Nghị quyết 12-NQ/TU của Tỉnh ủy và Kế hoạch số 80-KH/TW"])
    assert [r.symbol for r in refs] == ["12-NQ/TU", "80-KH/TW"]
    assert refs[0].type == "Nghị quyết"


def test_symbols_mended_only_where_no_reading_is_right():
    assert mend_code("0D") == "QĐ" and mend_code("Qb") == "QĐ" and mend_code("NO") == "NQ"
    assert mend_code("TU") == "TU" and mend_code("HD") == "HD" and mend_code("TTG") == "TTg"
    assert [s.text for s in find_symbols("Nghi dinh s6 15/2020/ND-CP va 3/QD-TTG")] == [
        "15/2020/NĐ-CP",
        "3/QĐ-TTg",
    ]


def test_slash_lost_after_so_is_restored_only_between_known_codes():
    assert [s.text for s in find_symbols("Quyết định số 75 QĐ-TTg ngày 1/2/2020")] == ["75/QĐ-TTg"]
    assert find_symbols("số 75 AB-CD và số 12 người") == []


def test_codes_come_from_the_raw_reading_when_restore_rewrote_them():
    lines = [
        Line(page=1, raw="UBND XA AN PHU", text="UBND XÃ AN PHÚ"),
        Line(page=1, raw="S6: 12/KH-UBND", text="Số: 12/KyH-UBND"),
        Line(page=1, raw="KE HOACH", text="KẾ HOẠCH"),
        Line(page=1, raw="Tap huan", text="Tập huấn"),
        Line(
            page=1,
            raw="theo Quyet dinh s6 6/QD-TTg va 7/NQ-CP",
            text="theo Quyết định số 6/QyĐ-TTg và 7/NQ-CP",
        ),
    ]
    record = segment(make_doc(lines)).record
    assert record.number == "12/KH-UBND"
    assert [(r.symbol, r.type) for r in record.references] == [
        ("6/QĐ-TTg", "Quyết định"),
        ("7/NQ-CP", "Nghị quyết"),
    ]


def test_symbol_across_a_line_break_and_a_loose_hyphen():
    refs = read_references(
        ["theo Nghị quyết 8/NQ-", "CP ngày 1/2/2021; Nghị quyết số 33- NQ/TW ngày 9/6/2014"]
    )
    assert [r.symbol for r in refs] == ["8/NQ-CP", "33-NQ/TW"]


def test_type_follows_the_symbol_when_the_printed_word_contradicts_it():
    refs = read_references(["Quyết định số 5/2024/NĐ-CP ngày 1/1/2024"])
    assert refs[0].type == "Nghị định"


def test_no_duplicates_first_mention_first_and_own_number_left_out():
    record = segment(text_doc(PLAN)).record
    assert [r.symbol for r in record.references] == ["88/QĐ-UBND", "07-NQ/TU", "61/2018/NĐ-CP"]
    assert (
        read_references(["số 1/KH-UBND, số 2/KH-UBND và lại số 1/KH-UBND"], "2/KH-UBND")[0].symbol
        == "1/KH-UBND"
    )
    assert len(read_references(["số 1/KH-UBND, số 2/KH-UBND và lại số 1/KH-UBND"])) == 2


def test_dates_and_slashed_words_are_not_symbols():
    assert find_symbols("ngày 15/7/2021, tỷ lệ 3/4, (để t/d), ISO 9001:2015") == []


def test_responsibilities_from_items_under_to_chuc_thuc_hien():
    resp = segment(text_doc(PLAN)).record.responsibilities
    assert [r.agency for r in resp] == ["Văn phòng Sở", "Phòng Dữ liệu số", "Trung tâm Chuyển đổi số"]
    assert resp[0].duties == ["Chủ trì theo dõi việc thực hiện Kế hoạch."]
    assert resp[1].duties == ["Đăng tải tin bài hằng tháng.", "Báo cáo kết quả trước ngày 15/6."]
    assert resp[2].duties == ["chủ trì tổ chức hội thi trực tuyến."]


def test_assigning_words_are_not_part_of_the_agency():
    assert agency_name("Giao Phòng Tư pháp") == "Phòng Tư pháp"
    assert agency_name("Đề nghị Ủy ban Mặt trận Tổ quốc xã") == "Ủy ban Mặt trận Tổ quốc xã"
    assert agency_name("Giáo viên các trường") == "Giáo viên các trường"


def test_responsibilities_from_bullets_when_the_part_has_no_items():
    text = "KẾ HOẠCH\nTập huấn\nIII. TỔ CHỨC THỰC HIỆN\n- Phòng Nội vụ: theo dõi, tổng hợp.\n- Trạm Y tế: phối hợp."
    resp = segment(text_doc(text)).record.responsibilities
    assert [(r.agency, r.duties) for r in resp] == [("Phòng Nội vụ", ["theo dõi, tổng hợp."])]
