"""Vietnamese folding, keys and collation."""
from hypothesis import given
from hypothesis import strategies as st

from tracker.core.vntext import fold, name_key, search_tokens, sort_key


def test_tone_placement_variants_share_a_key():
    for a, b in [("Ủy ban", "Uỷ ban"), ("Tòa án", "Toà án"), ("hòa giải", "hoà giải"), ("Thủy", "Thuỷ"),
                 ("Khóa XV", "khoá xv")]:
        assert name_key(a) == name_key(b), (a, b)


def test_keys_keep_distinct_words_apart():
    assert name_key("Ban") != name_key("Bán")
    assert name_key("Đảng") != name_key("Dang")
    assert fold("Đảng ủy") == "dang uy"


def test_search_tokens_spell_out_abbreviations():
    assert search_tokens("Ủy ban MTTQ") == ["uy", "ban", "mat", "tran", "to", "quoc"]
    assert search_tokens("UBND tỉnh") == ["uy", "ban", "nhan", "dan", "tinh"]


def test_vietnamese_sort_order():
    words = ["Đông", "Dương", "An", "Ân", "Ăn", "Bình", "Ba", "Bà", "Bá"]
    assert sorted(words, key=sort_key) == ["An", "Ăn", "Ân", "Ba", "Bà", "Bá", "Bình", "Dương", "Đông"]


@given(st.text())
def test_keys_never_crash(text):
    assert isinstance(name_key(text), str) and isinstance(fold(text), str)
    assert name_key(name_key(text)) == name_key(text)
    sort_key(text)


def test_document_symbols_are_not_spelled_out():
    assert search_tokens("107-KL/TW") == ["107", "kl", "tw"]
    assert search_tokens("Ban Nội chính TW") == ["ban", "noi", "chinh", "trung", "uong"]
