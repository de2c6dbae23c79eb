"""Reading unit names out of plan text: where a name ends, lists, groups, and words that only look like units."""
import pytest

from tracker.plans.parser.units import is_everyone, read_units


def names(text: str) -> list[str]:
    return [f.name for f in read_units(text)[0]]


@pytest.mark.parametrize("text,expected", [
    ("Đảng uỷ Công an tỉnh lãnh đạo Công an tỉnh làm tốt", ["Đảng uỷ Công an tỉnh"]),
    ("Ban cán sự đảng Uỷ ban nhân dân tỉnh lãnh đạo", ["Ban cán sự đảng Uỷ ban nhân dân tỉnh"]),
    ("Ban Tuyên giáo Tỉnh uỷ chỉ đạo, định hướng", ["Ban Tuyên giáo Tỉnh uỷ"]),
    ("Ban Thường vụ Thành ủy Hà Nội thực hiện Kết luận", ["Ban Thường vụ Thành ủy Hà Nội"]),
    ("UBND phường Vị Khê xây dựng Kế hoạch", ["UBND phường Vị Khê"]),
    ("Ủy ban nhân dân tỉnh ban hành Kế hoạch", ["Ủy ban nhân dân tỉnh"]),
    ("Bộ phận Văn phòng – thống kê phường căn cứ Kế hoạch", ["Bộ phận Văn phòng – thống kê phường"]),
    ("Trung tâm Phục vụ hành chính công", ["Trung tâm Phục vụ hành chính công"]),
    ("Đài Phát thanh - Truyền hình Tây Ninh, các cổng thông tin", ["Đài Phát thanh - Truyền hình Tây Ninh"]),
    ("Chủ tịch UBND phường tình hình tiếp công dân", ["Chủ tịch UBND phường"]),
    ("Tổ công tác kiểm tra, rà soát", ["Tổ công tác"]),
])
def test_a_name_ends_where_the_verb_begins(text, expected):
    assert names(text) == expected


def test_the_office_of_two_councils_is_one_unit_but_front_and_organisations_are_two():
    assert names("Văn phòng HĐND và UBND phường chủ trì theo dõi") == ["Văn phòng HĐND và UBND phường"]
    assert names("Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội của phường") == [
        "Ủy ban Mặt trận Tổ quốc", "các tổ chức chính trị - xã hội của phường"]
    assert names("Sở Tài nguyên và Môi trường, Sở Văn hóa, Thể thao và Du lịch chủ trì") == [
        "Sở Tài nguyên và Môi trường", "Sở Văn hóa, Thể thao và Du lịch"]


def test_lists_separated_by_semicolons_commas_and_va():
    text = ("Ủy ban Kiểm tra Thành ủy; Đảng ủy các cơ quan Đảng Thành phố; Đảng ủy Ủy ban nhân dân Thành phố; "
            "các Ban xây dựng Đảng, Văn phòng Thành ủy; các cơ quan nội chính; cơ quan đơn vị liên quan đôn đốc")
    assert names(text) == ["Ủy ban Kiểm tra Thành ủy", "Đảng ủy các cơ quan Đảng Thành phố",
                           "Đảng ủy Ủy ban nhân dân Thành phố", "các Ban xây dựng Đảng", "Văn phòng Thành ủy",
                           "các cơ quan nội chính", "cơ quan đơn vị liên quan"]
    found, end = read_units(text)
    assert text[end:] == " đôn đốc"


def test_groups_keep_their_comma_lists_and_are_flagged():
    found, _ = read_units("Các sở, ban, ngành cấp tỉnh, UBND các huyện, thị xã, thành phố chịu trách nhiệm")
    assert [(f.name, f.is_group) for f in found] == [("Các sở, ban, ngành cấp tỉnh", True),
                                                     ("UBND các huyện, thị xã, thành phố", True)]
    assert names("Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện chịu trách nhiệm") == [
        "Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các huyện"]
    assert names("các cơ quan, đơn vị có liên quan tăng cường") == ["các cơ quan, đơn vị có liên quan"]


def test_a_collective_head_before_a_colon_is_shared_by_the_list():
    assert names("Ban cán sự đảng: Toà án nhân dân tỉnh, Viện Kiểm sát nhân dân tỉnh lãnh đạo") == [
        "Ban cán sự đảng Toà án nhân dân tỉnh", "Ban cán sự đảng Viện Kiểm sát nhân dân tỉnh"]


def test_a_parenthetical_becomes_a_note():
    found, _ = read_units("Văn phòng UBND tỉnh (Ban Tiếp công dân tỉnh) và các cơ quan liên quan nắm")
    assert (found[0].name, found[0].note) == ("Văn phòng UBND tỉnh", "Ban Tiếp công dân tỉnh")
    assert found[1].name == "các cơ quan liên quan"


@pytest.mark.parametrize("text", [
    "Ban hành kế hoạch", "Báo cáo kết quả thực hiện", "Thanh tra, kiểm tra việc", "Người đứng đầu phải",
    "Tăng cường công tác", "Tổ chức bộ máy, biên chế", "lãnh đạo UBND phường", "những vụ việc phức tạp",
    "công tác tiếp công dân", "", "   ",
])
def test_words_that_only_look_like_units_are_not_read(text):
    assert names(text) == []


def test_lower_case_front_committee_and_tone_placement_variants():
    assert names("ủy ban Mặt trận Tổ quốc và các tổ chức chính trị xã hội phường trong quá trình") == [
        "ủy ban Mặt trận Tổ quốc", "các tổ chức chính trị xã hội phường"]
    assert names("Uỷ ban Kiểm tra Tỉnh ủy theo dõi") == ["Uỷ ban Kiểm tra Tỉnh ủy"]


def test_reading_starts_at_the_given_character():
    text = "Chủ trì, phối hợp với Công an xã, Ủy ban MTTQ xã rà soát"
    found, end = read_units(text, text.index("Công"))
    assert [f.name for f in found] == ["Công an xã", "Ủy ban MTTQ xã"] and text[end:] == " rà soát"
    assert text[found[0].start:found[0].end] == "Công an xã"


@pytest.mark.parametrize("name,everyone", [
    ("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị", True),
    ("Các cấp ủy trực thuộc Thành ủy", True),
    ("Các cấp ủy, tổ chức đảng, chính quyền, đoàn thể và người đứng đầu", True),
    ("các cán bộ, công chức các cơ quan, đơn vị có liên quan", True),
    ("Các các cơ quan chuyên môn thuộc UBND phường", False),
    ("Các cán bộ, công chức chuyên môn phường", False),
    ("các Ban xây dựng Đảng", False),
    ("Công an phường", False),
])
def test_who_counts_as_everyone(name, everyone):
    assert is_everyone(name) is everyone


def test_service_branches_are_units():
    """Telecom, post and power branches a commune plan asks to help ("phối hợp với Viễn thông Khánh Hoà")."""
    found, _ = read_units("Bưu điện tỉnh, Điện lực Ninh Hải và Viễn thông Khánh Hoà", 0)
    assert [f.name for f in found] == ["Bưu điện tỉnh", "Điện lực Ninh Hải", "Viễn thông Khánh Hoà"]
    assert read_units("cung cấp dịch vụ viễn thông", 0)[0] == []
