"""Closing rules: recipients, storage note, signer authority/title/name, digital signature."""

from __future__ import annotations

from pipeline.model import Page
from pipeline.segment import segment
from pipeline.segment.closing import is_name, read_authority
from tests.segment_fixtures import PLAN, boxed_line, make_doc, text_doc


def test_recipients_are_cleaned_and_the_storage_note_ends_the_list():
    record = segment(text_doc(PLAN)).record
    assert record.recipients == ["UBND tỉnh (b/c)", "Các phòng thuộc Sở", "Lưu: VT, VP"]


def test_signer_block_merged_into_the_recipient_column():
    signer = segment(text_doc(PLAN)).record.signer
    assert signer.authority == "KT. GIÁM ĐỐC"
    assert signer.title == "Phó Giám đốc"
    assert signer.name == "Hoàng Thị Mơ"
    assert signer.signed_digitally is False


def test_recipient_wrapped_over_two_lines():
    text = (
        "KẾ HOẠCH\nTập huấn\nNơi nhận:\n- Các phòng, ban chuyên môn thuộc\nỦy ban nhân dân huyện;\n- Lưu: VT."
    )
    assert segment(text_doc(text)).record.recipients == [
        "Các phòng, ban chuyên môn thuộc Ủy ban nhân dân huyện", "Lưu: VT"
    ]


def test_name_on_a_recipient_line_after_its_semicolon():
    text = "KẾ HOẠCH\nTập huấn\nNơi nhận: CHỦ TỊCH\n- Thường trực Đảng ủy;\n- Ban Văn hóa; Lý Văn Bền\n"
    record = segment(text_doc(text)).record
    assert record.recipients == ["Thường trực Đảng ủy", "Ban Văn hóa"]
    assert (record.signer.title, record.signer.name) == ("Chủ tịch", "Lý Văn Bền")


def test_signer_columns_split_by_word_boxes():
    lines = [
        boxed_line(1, 100, (60, "Nơi nhận:"), (420, "TM. ỦY BAN NHÂN DÂN")),
        boxed_line(1, 120, (60, "- Như trên;"), (450, "CHỦ TỊCH")),
        boxed_line(1, 140, (60, "- Lưu: VT.")),
        boxed_line(1, 200, (440, "Phan Thanh Gió")),
    ]
    doc = make_doc(lines, [Page(number=1, source="ocr", width=700, height=1000)], "closing.pdf")
    record = segment(doc).record
    assert record.recipients == ["Như trên", "Lưu: VT"]
    assert record.signer.authority == "TM. ỦY BAN NHÂN DÂN"
    assert (record.signer.title, record.signer.name) == ("Chủ tịch", "Phan Thanh Gió")


def test_digital_signature_lines_set_the_flag_and_spell_the_name():
    text = (
        "KẾ HOẠCH\nTập huấn\nNơi nhận: GIAM DOC\n- Sở Nội vụ;\nLuong Van Toi\n"
        "\tLương Văn Tới<toilv@example.vn> đã ký lên văn bản này!\n\t2025-01-02T08:00:00+0700"
    )
    signer = segment(text_doc(text)).record.signer
    assert signer.signed_digitally is True
    assert signer.name == "Lương Văn Tới"
    assert signer.title == "Giám đốc"


def test_conflicting_printed_and_digital_names_are_flagged():
    text = "KẾ HOẠCH\nTập huấn\nNơi nhận: GIÁM ĐỐC\n- Sở Nội vụ;\nTrần Văn Một\n\tVõ Thị Hai<hai@example.vn> đã ký lên văn bản này!"
    record = segment(text_doc(text)).record
    assert record.signer.name == "Trần Văn Một"
    assert any(f.field == "signer.name" and f.reason == "ambiguous" for f in record.flags)


def test_missing_signer_is_flagged_not_found():
    record = segment(text_doc("KẾ HOẠCH\nTập huấn\nI. MỤC ĐÍCH\nNội dung.")).record
    assert record.signer.name is None
    assert any(f.field == "signer.name" and f.reason == "not_found" for f in record.flags)


def test_signer_without_recipient_list():
    text = "KẾ HOẠCH\nTập huấn\nI. MỤC ĐÍCH\nNội dung.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nĐinh Công Ba"
    signer = segment(text_doc(text)).record.signer
    assert (signer.authority, signer.title, signer.name) == (
        "TL. CHỦ TỊCH",
        "Chánh Văn phòng",
        "Đinh Công Ba",
    )


def test_authority_prefixes_and_names():
    assert read_authority("KT. CHỦ TỊCH") == ("KT. CHỦ TỊCH", "")
    assert read_authority("TUQ. GIÁM ĐỐC") == ("TUQ. GIÁM ĐỐC", "")
    assert read_authority("Q. CHÁNH THANH TRA") == ("Q. CHÁNH THANH TRA", "")
    assert read_authority("Kế hoạch") is None
    assert is_name("Nguyễn Thị Lan")
    assert not is_name("DANH MỤC") and not is_name("Sở Tư pháp") and not is_name("Phó Giám đốc")
