"""The restore stage end to end on the compiled model (built on first use when missing).

Every example is an invented sentence; each test names the confusion class, protection rule
or case rule it proves.
"""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from pipeline.model import Document, Line, Page
from pipeline.restore import restore, restore_lines
from schemas.record import Record, Source


def fix(text: str, mode: str = "text") -> str:
    return restore_lines([text], mode)[0][0]


@pytest.fixture(scope="module", autouse=True)
def _model() -> None:
    from pipeline.restore import store

    store.load()


def test_stripped_marks_are_restored_from_context():
    assert (
        fix("Ke hoach tuyen truyen cai cach hanh chinh nam 2025")
        == "Kế hoạch tuyên truyền cải cách hành chính năm 2025"
    )


def test_wrong_marks_from_english_ocr_are_mended():
    # é for ế/ệ/ề, é for ô
    assert fix("Ké hoach thuc hién tuyén truyén") == "Kế hoạch thực hiện tuyên truyền"


def test_digit_for_vowel_confusions_are_mended():
    # 6 for ô/ơ/ố, 1 for l
    assert fix("Thuc hién 16ng ghép néi dung d6i méi") == "Thực hiện lồng ghép nội dung đổi mới"
    assert (
        fix("nhiém vu trong tam, day 1a nhiém vu hang dau") == "nhiệm vụ trọng tâm, đây là nhiệm vụ hàng đầu"
    )


def test_d_bar_read_as_p_is_mended():
    assert fix("Pang uy, chinh quyén cac cap") == "Đảng ủy, chính quyền các cấp"


def test_hooked_u_read_as_ii_or_ti_is_mended():
    assert fix("trach nhiém ciia cac co quan") == "trách nhiệm của các cơ quan"
    assert fix("can b6, céng chirc, vién chirc") == "cán bộ, công chức, viên chức"


def test_split_and_merged_tokens_are_rejoined_and_separated():
    # one syllable read as two tokens; two syllables read as one token
    assert fix("Thuc hién nhi ém vu cai cachhanh chinh") == "Thực hiện nhiệm vụ cải cách hành chính"


def test_uppercase_headings_keep_their_case():
    assert fix("II. MUC PiCH, YEU CAU") == "II. MỤC ĐÍCH, YÊU CẦU"
    assert fix("TO CHUC THUC HIEN") == "TỔ CHỨC THỰC HIỆN"


def test_title_and_lower_case_are_kept():
    assert fix("Uy ban nhan dan xa") == "Ủy ban nhân dân xã"
    out = fix("Phong Noi vu huyen")
    assert out.split()[0] == "Phòng" and out.split()[-1] == "huyện"


def test_document_symbols_are_mended_in_context():
    assert fix("Quyét dinh s6 125/0D-UBND ngay 12/3/2024") == "Quyết định số 125/QĐ-UBND ngày 12/3/2024"
    assert "07-NQ/TU" in fix("Nghi quyét s6 07-NO/TU cua Ban Thuong vu")


def test_numbers_dates_acronyms_foreign_words_and_addresses_pass_unchanged():
    out = fix(
        "Dang tai TTHC, CCHC trén Zalo, Facebook, Youtube, VNeID; lién hé vanthu@example.gov.vn hoac https://dvc.example.vn/a ngay 05/3/2024"
    )
    for kept in (
        "TTHC",
        "CCHC",
        "Zalo",
        "Facebook",
        "Youtube",
        "VNeID",
        "vanthu@example.gov.vn",
        "https://dvc.example.vn/a",
        "05/3/2024",
    ):
        assert kept in out, kept


def test_output_is_nfc_and_keeps_one_confidence_per_token():
    text, confs = restore_lines(["Tiép tuc nang cao chat luong phuc vu nguoi dan"])[0]
    assert unicodedata.is_normalized("NFC", text)
    assert len(confs) == len(text.split())
    assert all(0.0 <= c <= 1.0 for c in confs)


def test_vie_ocr_marks_are_kept_when_context_agrees():
    line = "Tăng cường công tác kiểm tra việc thực hiện thủ tục hành chính"
    assert fix(line, "ocr") == line


def test_vie_ocr_mark_errors_are_mended_when_context_is_clear():
    assert fix("I. MỤC ĐÍCH, YÊU CÂU", "ocr") == "I. MỤC ĐÍCH, YÊU CẦU"


def test_text_layer_lines_are_left_as_they_are():
    line = "Ke hoach nay khong doi"
    text, confs = restore_lines([line], "text_layer")[0]
    assert text == line and confs == [1.0] * 5


def _doc(lines: list[tuple[int, str]], sources: dict[int, str]) -> Document:
    digest = hashlib.sha256("".join(t for _, t in lines).encode()).hexdigest()
    source = Source(path="fixture.txt", sha256=digest, kind="text", pages=len(sources))
    return Document(
        doc_id=digest[:16],
        source=source,
        pages=[Page(number=n, source=s) for n, s in sources.items()],  # type: ignore[arg-type]
        lines=[Line(page=p, raw=t, text=t) for p, t in lines],
        record=Record(doc_id=digest[:16], source=source),
    )


def test_restore_document_keeps_lines_and_sets_text_raw_and_confidences():
    raw = [
        (1, "Thuc hién Ké hoach cua UBND tinh, UBND xa"),
        (1, "xay dung ké hoach nhu sau:"),
        (1, ""),
        (2, "Văn bản số hóa giữ nguyên"),
    ]
    doc = restore(_doc(raw, {1: "text", 2: "text_layer"}))
    assert [ln.raw for ln in doc.lines] == [t for _, t in raw]
    assert doc.lines[0].text == "Thực hiện Kế hoạch của UBND tỉnh, UBND xã"
    assert doc.lines[1].text == "xây dựng kế hoạch như sau:"
    assert doc.lines[2].text == ""
    assert doc.lines[3].text == "Văn bản số hóa giữ nguyên"
    for line in doc.lines:
        assert len(line.syllable_conf) == len(line.text.split())


def test_doubtful_spans_become_flags_with_page_and_span():
    raw = [(1, "Thuc hién ké hoach nam nay"), (1, "xqzv wkrp tién hanh")]
    doc = restore(_doc(raw, {1: "text"}))
    flags = [f for f in doc.record.flags if f.reason == "low_restore_confidence"]
    assert flags, "a garbled span must be flagged"
    assert all(f.field == "text" and f.page == 1 and f.value for f in flags)
    assert all(f.confidence is not None and f.confidence < 0.5 for f in flags)


def test_slash_joined_words_are_restored_and_keep_their_slash():
    text, confs = restore_lines(["dinh ky 3 thang/lan tong hop bao cao"])[0]
    assert text == "định kỳ 3 tháng/lần tổng hợp báo cáo"
    assert len(confs) == len(text.split())


def test_already_marked_syllables_in_legacy_text_are_kept_and_trusted():
    text, confs = restore_lines(["thông tin tuyen truyen cai cach hanh chinh"])[0]
    assert text == "thông tin tuyên truyền cải cách hành chính"
    assert min(confs) > 0.5


def test_a_damaged_lower_case_syllable_is_restored_rather_than_kept():
    # "huyen" is no syllable; it must not survive as written before a comma
    assert fix("nhiem vu cua huyen, cua xa.") == "nhiệm vụ của huyện, của xã."


def test_letters_garbled_beyond_the_confusion_tables_are_found_by_edit_distance():
    assert fix("ke hoach cai cach hanh chinh niam 2025") == "kế hoạch cải cách hành chính năm 2025"
    assert fix("thong tin tuy@n truyen") == "thông tin tuyên truyền"


def test_vie_ocr_syllables_are_changed_only_when_context_wins_clearly():
    # a place name that reads as a syllable stays as Tesseract read it, even where a common
    # word with another letter would fit the next comma a little better
    text, _ = restore_lines(["Độc lập - Tự do - Hạnh phúc", "Sơn La, ngày 04 tháng 8 năm 2025"], "ocr")[1]
    assert text.startswith("Sơn La,")
    assert fix("xã Phú Lương Đông, ngày 3 tháng 5", "ocr").startswith("xã Phú Lương Đông,")


def test_a_correctly_marked_line_inside_legacy_text_is_kept_as_written():
    line = "Nguyễn Văn Bình đã ký lên văn bản này, ngày 12 tháng 3 năm 2025"
    assert fix(line) == line
