"""Document numbers: parsing one number, and finding every number written in running text."""
from hypothesis import given
from hypothesis import strategies as st

from tracker.core.docnumber import find_doc_numbers, parse_doc_number, try_parse_doc_number


def test_party_and_state_styles_and_a_draft_without_number():
    party = parse_doc_number("463-KH/TU")
    assert (party.number, party.type_code, party.issuer_code, party.style) == ("463", "KH", "TU", "party")
    state = parse_doc_number("160/KH-UBND")
    assert (state.number, state.type_code, state.issuer_code, state.style) == ("160", "KH", "UBND", "state")
    draft = parse_doc_number("Số: /KH-UBND")
    assert draft.number is None and str(draft) == "/KH-UBND"


def test_space_instead_of_dash_and_subscripts():
    assert str(parse_doc_number("107 KL/TW")) == "107-KL/TW"
    inspectorate = parse_doc_number("781/TT-NV₁")
    assert inspectorate.type_code is None and inspectorate.issuer_code == "TT-NV₁"
    assert inspectorate.key == "781/TT-NV1"


def test_find_numbers_in_a_sentence_keeps_order_and_spelling():
    text = ("Thực hiện Kết luận số 107-KL/TW, ngày 24/12/2024 của Bộ Chính trị; Kế hoạch số 331-KH/TU "
            "và Kế hoạch số 1236/KH-TTTP; xét đề nghị tại Văn bản số 781/TT-NV₁ ngày 21/5/2026.")
    found = find_doc_numbers(text)
    assert [f.written for f in found] == ["107-KL/TW", "331-KH/TU", "1236/KH-TTTP", "781/TT-NV₁"]
    first = found[0]
    assert text[first.start:first.end] == "107-KL/TW"
    assert str(found[2].number) == "1236/KH-TTTP"


def test_find_skips_dates_abbreviations_and_trailing_words():
    text = "ngày 24/12/2024; HĐND/UBND; Đ/c Thường trực; Kết luận số 107-KL/TW TW và 107 KL/TW."
    assert [str(f.number) for f in find_doc_numbers(text)] == ["107-KL/TW", "107-KL/TW"]


def test_find_handles_suffixes_years_and_parentheses():
    text = "số 03/UBND-TCD-5(m) ngày 13/01/2026 (số 12/UBND-NC), Nghị định 09/2019/NĐ-CP; 4631/UBND-NC₄."
    found = [f.written for f in find_doc_numbers(text)]
    assert found == ["03/UBND-TCD-5(m)", "12/UBND-NC", "09/2019/NĐ-CP", "4631/UBND-NC₄"]


def test_find_returns_nothing_without_numbers():
    assert find_doc_numbers("") == []
    assert find_doc_numbers("Kế hoạch này và các văn bản hướng dẫn thi hành.") == []


@given(st.text())
def test_find_and_parse_never_crash(text):
    for found in find_doc_numbers(text):
        assert found.number.number
        assert text[found.start:found.end] == found.written
    try_parse_doc_number(text)


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["KH", "KL", "CT", "HD"]),
       st.sampled_from(["TU", "TW", "UBND", "TTCP"]))
def test_found_number_round_trips_through_text(number, type_code, issuer):
    written = f"{number}/{type_code}-{issuer}"
    found = find_doc_numbers(f"Kế hoạch số {written} ngày 01/01/2025")
    assert len(found) == 1 and str(found[0].number) == written
