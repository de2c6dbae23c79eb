"""Syllables a PDF text layer ran together are spaced apart before the plan is read."""
from tracker.plans.parser import parse_plan
from tracker.plans.parser.syllables import split_glued


def test_glued_syllables_are_split():
    assert split_glued("chuẩn bịtài liệu, đủthành phần dựhọp") == "chuẩn bị tài liệu, đủ thành phần dự họp"
    assert split_glued("ĐềnghịUBND xã") == "Đề nghị UBND xã"
    assert split_glued("Văn phòng Đảng uỷphối hợp") == "Văn phòng Đảng uỷ phối hợp"
    assert split_glued("Đồng chí Vũ ThịThuỳTrang") == "Đồng chí Vũ Thị Thuỳ Trang"


def test_words_that_are_not_glued_stay():
    text = "Internet VNeID eKYC HĐND ĐBQH ĐẢNG ỦY Nguyễn quyết giữa gìn nghiêng khuya Quốc Thuỵ các-bon Đắk Lắk"
    assert split_glued(text) == text
    assert split_glued("cộng đồngV/v tập trung; cộng đồngSố: /UBND-NC") == \
        "cộng đồngV/v tập trung; cộng đồngSố: /UBND-NC"  # a text box read twice: the header's business


def test_glued_task_lines_are_assigned():
    plan = parse_plan("""ĐẢNG BỘ TỈNH KHÁNH HOÀ
ĐẢNG UỶ XÃ AN PHÚ
*
Số 12-CV/ĐU
Mời dự hội nghị
ĐẢNG CỘNG SẢN VIỆT NAM
An Phú, ngày 05 tháng 3 năm 2026
Kính gửi: - Các đồng chí Đảng uỷ viên.
1. Thời gian: 08 giờ 00, ngày 10/3/2026.
2. Tổ chức thực hiện:
- ĐềnghịUBND xã chỉ đạo chuẩn bịHội trường, thiết bịphục vụHội nghị.
- Văn phòng Đảng uỷphối hợp UBND xã chuẩn bịcác điều kiện cần thiết.
Nơi nhận:
- Như trên.
""").to_dict()
    roles = {t["text"][:30]: {(a["role"], a["name"]) for a in t["assignments"]} for t in plan["tasks"]}
    assert ("request", "UBND xã") in next(v for k, v in roles.items() if "Hội trường" in k or "chỉ đạo" in k)
    assert {("lead", "Văn phòng Đảng uỷ"), ("coordinate", "UBND xã")} <= next(
        v for k, v in roles.items() if k.startswith("Văn phòng"))


def test_topic_label_then_the_doers():
    """"3. Công tác chuẩn bị: Ban Xây dựng Đảng, Văn phòng Đảng uỷ phối hợp chuẩn bị …": the bodies after a
    topic label lead; a label followed by a bare list ("Thành phần: …", "Địa điểm: Phòng họp UBND xã") is
    no assignment."""
    plan = parse_plan("""Kính gửi: Các đồng chí Uỷ viên Ban Thường vụ Đảng uỷ.
1. Thời gian: 08 giờ 00, ngày 03/3/2026.
2. Địa điểm: Phòng họp UBND xã
3. Công tác chuẩn bị: Ban Xây dựng Đảng, Văn phòng Đảng uỷ phối hợp chuẩn bị các nội dung, tài liệu.
""").to_dict()
    by_marker = {t["marker"]: {(a["role"], a["name"]) for a in t["assignments"]} for t in plan["tasks"]}
    assert by_marker["3."] == {("lead", "Ban Xây dựng Đảng"), ("lead", "Văn phòng Đảng uỷ")}
    assert not by_marker.get("2.")
