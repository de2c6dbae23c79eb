"""Matching written unit names and document numbers against the tree and the register."""
import pytest

from tracker.plans.matching import UnitMatcher, match_document


@pytest.mark.parametrize("written, expected", [
    ("Công an phường", "Công an phường Vị Khê"),
    ("Văn phòng HĐND và UBND", "Văn phòng HĐND và UBND phường"),
    ("Văn phòng HĐND&UBND phường", "Văn phòng HĐND và UBND phường"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê"),
    ("Uỷ ban MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê"),
    ("Trung tâm Dịch vụ sự nghiệp công", "Trung tâm Dịch vụ sự nghiệp công phường"),
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh Ninh Bình"),
    ("Thanh tra tỉnh", "Thanh tra tỉnh"),
    ("Bộ Chính trị", "Bộ Chính trị"),
    ("Thanh tra Chính phủ", "Thanh tra Chính phủ"),
])
def test_names_in_a_ward_plan(session, unit_named, written, expected):
    matcher = UnitMatcher(unit_named("Ủy ban nhân dân phường Vị Khê"))
    found = matcher.match(written)
    assert found.unit is not None, (written, found)
    assert found.unit.name == expected
    if expected == "Thanh tra tỉnh":
        assert found.unit.parent.name == "Ủy ban nhân dân tỉnh Ninh Bình"


def test_unknown_and_generic_names_are_not_matched(session, unit_named):
    matcher = UnitMatcher(unit_named("Ủy ban nhân dân phường Vị Khê"))
    assert matcher.match("Hội Cựu chiến binh phường").unit is None
    assert matcher.match("các cơ quan, đơn vị").how == "none"


def test_match_document_by_number(session):
    assert match_document("Kế hoạch số 463-KH/TU".split("số ")[1]).number_text == "463-KH/TU"
    assert match_document("107 KL/TW", 2024).number_text == "107-KL/TW"
    assert match_document("999-KH/TU") is None
    assert match_document("/KH-UBND") is None
