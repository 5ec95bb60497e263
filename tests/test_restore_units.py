"""Unit tests of the restore stage's parts that need no compiled model."""

from __future__ import annotations

import math

from pipeline.restore import protect
from pipeline.restore.channel import align_chars, char_logprob, char_model, generate
from pipeline.restore.decode import viterbi
from pipeline.restore.lm import BOS, Counts, compile_kn, lm_tokens
from pipeline.restore.tokenize import mend_roman, tokenize
from pipeline.restore.vn import apply_case, canonical, case_pattern, is_syllable, strip_marks


def kinds(line: str) -> list[tuple[str, str]]:
    return [(t.core, t.kind) for t in tokenize(line) if t.kind != "punct"]


def test_strip_marks_removes_tones_vowel_marks_and_d_bar():
    assert strip_marks("Đường hầm xuyên núi") == "Duong ham xuyen nui"


def test_is_syllable_accepts_vietnamese_shapes_and_rejects_others():
    for ok in ("nghiêng", "khuỷu", "đoàn", "gì", "quyết", "ươm"):
        assert is_syllable(ok), ok
    for bad in ("ubnd", "zalo", "tir", "ciia", "sáchs", "hoàt"):
        assert not is_syllable(bad), bad


def test_canonical_moves_new_style_tone_to_traditional_place():
    assert canonical("hoá") == "hóa"
    assert canonical("thuỷ") == "thủy"
    assert canonical("khoẻ") == "khỏe"
    assert canonical("quý") == "quý"
    assert canonical("toán") == "toán"


def test_case_pattern_reads_upper_title_and_lower_even_with_garbled_letters():
    assert case_pattern("MUC") == "upper"
    assert case_pattern("PiCH") == "upper"
    assert case_pattern("Tuyén") == "title"
    assert case_pattern("cai") == "lower"
    assert apply_case("đích", "upper") == "ĐÍCH"
    assert apply_case("ủy", "title") == "Ủy"


def test_numbers_dates_urls_and_emails_are_protected():
    got = dict(
        kinds("Ngày 05/3/2024 lúc 8:30, gửi vanthu@example.gov.vn và https://dichvucong.gov.vn/x 12,5%")
    )
    assert got["05/3/2024"] == "num"
    assert got["8:30"] == "num"
    assert got["12,5%"] == "num"
    assert got["vanthu@example.gov.vn"] == "url"
    assert got["https://dichvucong.gov.vn/x"] == "url"


def test_acronyms_and_foreign_words_are_protected():
    got = dict(kinds("Tra cứu TTHC trên Zalo, Youtube và VNeID của UBND; chỉ số SIPAS, PAPI, DTI, PCI"))
    for acr in ("TTHC", "UBND", "SIPAS", "PAPI", "DTI", "PCI"):
        assert got[acr] == "acronym", acr
    for word in ("Zalo", "Youtube", "VNeID"):
        assert got[word] == "foreign", word


def test_acronym_with_misread_d_gets_its_d_back():
    assert protect.is_acronym("HDND")
    assert protect.mend_acronym("HDND") == "HĐND"
    assert protect.mend_acronym("CCHC") == "CCHC"


def test_document_symbols_are_mended_by_their_own_rules():
    assert protect.mend_symbol("0D-UBND") == "QĐ-UBND"
    assert protect.mend_symbol("125/Qb-UBND") == "125/QĐ-UBND"
    assert protect.mend_symbol("07-NO/TU") == "07-NQ/TU"
    assert protect.mend_symbol("15/2O2O/ND-CP") == "15/2020/NĐ-CP"
    assert protect.mend_symbol("88/KH-UBND") == "88/KH-UBND"


def test_uppercase_words_that_can_be_syllables_are_not_taken_for_acronyms():
    got = dict(kinds("MUC PICH, YEU CAU"))
    assert got == {"MUC": "word", "PICH": "word", "YEU": "word", "CAU": "word"}


def test_roman_numerals_and_list_markers_are_protected():
    assert kinds("II. NOI DUNG")[0] == ("II", "marker")
    assert kinds("I1. NOI DUNG")[0] == ("I1", "marker")
    assert mend_roman("I1") == "II" and mend_roman("Ill") == "III" and mend_roman("l1") == "l1"
    assert kinds("b) Hinh thuc")[0] == ("b", "marker")
    assert kinds("c. Hinh thuc")[0] == ("c", "marker")
    assert kinds("đ/ Hinh thuc")[0] == ("đ", "marker")
    assert kinds("thuc hien b. sau")[2] == ("b", "word")  # only at the start of a line


def test_words_joined_by_a_slash_are_read_one_by_one_and_stay_joined():
    toks = tokenize("3 thang/lan, giai quyet./.")
    assert [(t.core, t.suffix, t.glued) for t in toks[1:3]] == [("thang", "/", False), ("lan", ",", True)]
    assert (toks[-1].core, toks[-1].suffix) == ("quyet", "./.")
    assert kinds("NQ/TW")[0] == ("NQ/TW", "symbol")


def test_lm_tokens_cut_sentences_and_classify_tokens():
    sents = list(lm_tokens("Số 12/KH-UBND ngày 3/2 của UBND xã, năm nay.\nHết"))
    assert sents[0] == ["số", "<sym>", "ngày", "<num>", "của", "UBND", "xã", ",", "năm", "nay"]
    assert sents[1] == ["hết"]


def test_kneser_ney_distributions_sum_to_one():
    counts = Counts()
    counts.add(lm_tokens("cải cách hành chính.\ncải cách thủ tục.\nthủ tục hành chính.\nhành chính công."))
    lm = compile_kn(counts)
    words = list(lm.vocab.values())
    for a, b in (
        (BOS, BOS),
        (BOS, lm.vocab["cải"]),
        (lm.vocab["cải"], lm.vocab["cách"]),
        (lm.vocab["công"], lm.vocab["thủ"]),
    ):
        total = sum(10 ** lm.score(a, b, c) for c in words if c != BOS)
        assert math.isclose(total, 1.0, rel_tol=1e-6), (a, b, total)


def test_kneser_ney_prefers_seen_continuations():
    counts = Counts()
    counts.add(lm_tokens("thủ tục hành chính.\nthủ tục hành chính.\nthủ tục đơn giản."))
    lm = compile_kn(counts)
    v = lm.vocab
    assert lm.score(v["thủ"], v["tục"], v["hành"]) > lm.score(v["thủ"], v["tục"], v["thủ"])


def test_align_chars_finds_each_character_reading():
    assert align_chars("của", "ciia") == ["c", "ii", "a"]
    assert align_chars("đảng", "pang") == ["p", "a", "n", "g"]
    assert align_chars("là", "1a") == ["1", "a"]


def test_character_model_generalises_to_unseen_syllables():
    rows = [("của", "ciia", 5), ("thủ", "thii", 3), ("lồng", "16ng", 4), ("lộ", "16", 2), ("tô", "t6", 3)]
    subs = char_model(rows)
    # "ủ" → "ii" and "ô" → "6" were learned on other syllables
    assert "ii" in subs["ủ"]
    assert char_logprob("củ", "cii", subs) > char_logprob("củ", "cxx", subs)
    assert "l6" in dict(generate("lô", subs))
    # stripping every mark is always possible
    assert char_logprob("hưởng", "huong", subs) > -3


def test_viterbi_uses_context_to_choose_between_candidates():
    counts = Counts()
    counts.add(lm_tokens("cải cách hành chính.\ncải cách hành chính.\nbánh chín."))
    lm = compile_kn(counts)
    v = lm.vocab
    positions = [
        [(1, (v["cải"],), 0.0, "cải")],
        [(1, (v["cách"],), 0.0, "cách")],
        [(1, (v["hành"],), 0.0, "hành")],
        [(1, (v["chín"],), -0.1, "chín"), (1, (v["chính"],), -0.3, "chính")],
    ]
    path = viterbi(lm, positions)
    assert [e[3] for e in path] == ["cải", "cách", "hành", "chính"]


def test_acronym_with_one_lookalike_capital_misread_is_mended():
    assert protect.mend_acronym("TFHC") == "TTHC"
    assert protect.mend_acronym("PCT") == "PCI"
    assert protect.mend_acronym("CCHC") == "CCHC"
    assert protect.mend_acronym("XYZ") == "XYZ"  # nothing listed is one swap away
