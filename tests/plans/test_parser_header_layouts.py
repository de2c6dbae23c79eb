"""The header block as real plans serialise it: Word/Markdown/flattened tables, wrapping, OCR spacing,
issuers over several lines, stray lines before it, and decisions that issue a plan."""
from datetime import date

import pytest

from tracker.plans.parser import parse_plan
from tracker.plans.parser.headcells import compose_issuer, repair_spacing

BODY = """
KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 05/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ

Thực hiện Chỉ thị số 05/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:

I. NHIỆM VỤ
1. Sở Tư pháp chủ trì tuyên truyền, hoàn thành trước ngày 30/6/2026.
"""


def meta(text: str) -> dict:
    return parse_plan(text).to_dict()["metadata"]


@pytest.mark.parametrize("head", [
    # Markdown pipe table with rules inside the cells
    "| ỦY BAN NHÂN DÂN TỈNH BẮC NINH  ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |\n"
    "| --- | --- |\n| Số: 160/KH-UBND | *Bắc Ninh, ngày 20 tháng 11 năm 2025* |",
    # flattened one cell per line, blank separators, motto wrapped, date wrapped
    "ỦY BAN NHÂN DÂN\n\nTỈNH BẮC NINH\n\n**CỘNG HÒA XÃ HỘI**\n**CHỦ NGHĨA VIỆT NAM**\n\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Số:\n160/KH-UBND\n\n*Bắc Ninh, ngày 20*\n*tháng 11 năm 2025*",
    # a table flattened with " | " and "-------" rows, stray portal lines before it
    "Kế hoạch 160/KH-UBND năm 2025 triển khai Chỉ thị 05 - Cổng thông tin\n** **\n-------\n"
    "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC NINH\n------- | Độc lập - Tự do - Hạnh phúc\n"
    "Số: 160/KH-UBND | Bắc Ninh, ngày 20 tháng 11 năm 2025",
    # OCR letter spacing and spaced number
    "ỦY B AN NHÂN D Â N          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC NINH              Độc lập - Tự do - Hạnh phúc\n"
    "Số: 160/KH - UBND              Bắc Ninh, ngày 20 tháng 11 năm 2025",
    # number cut after its digits
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 160\n/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Bắc Ninh, ngày 20 tháng 11 năm 2025",
])
def test_header_layouts_give_the_same_fields(head):
    found = meta(head + "\n" + BODY)
    assert found["number"] == "160/KH-UBND"
    assert found["issued_on"] == date(2025, 11, 20).isoformat()
    assert found["issuer_name"] == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert found["title"].startswith("Triển khai thực hiện Chỉ thị số 05/CT-TTg")


def test_blank_number_with_spaces_and_front_issuer_over_three_lines():
    head = ("ỦY BAN MTTQ VIỆT NAM\nXÃ LƯƠNG MINH\nBAN THƯỜNG TRỰC\nSố:        /KH-MTTQ-BTT\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLương Minh, ngày    tháng 12 năm 2025\n")
    found = meta(head + BODY)
    assert found["number"] == "/KH-MTTQ-BTT" and found["number_value"] is None
    assert found["issuer_name"] == "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh"
    assert (found["issued_on"], found["issued_month"], found["issued_year"]) == (None, 12, 2025)


@pytest.mark.parametrize("parts, name", [
    (["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"], "SỞ CÔNG THƯƠNG TỈNH LÀO CAI"),
    (["ĐẢNG BỘ TỈNH KHÁNH HOÀ", "ĐẢNG UỶ XÃ CÔNG HẢI"], "ĐẢNG UỶ XÃ CÔNG HẢI"),
    (["ĐẢNG BỘ TỈNH LÀO CAI", "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"], "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH LÀO CAI"),
    (["BAN CHẤP HÀNH TRUNG ƯƠNG", "ĐẢNG ĐOÀN QUỐC HỘI"], "ĐẢNG ĐOÀN QUỐC HỘI"),
    (["HĐND TỈNH NINH BÌNH", "BAN PHÁP CHẾ"], "BAN PHÁP CHẾ HĐND TỈNH NINH BÌNH"),
    (["BỘ NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN"], "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"),
    (["ỦY BAN NHÂN DÂN THÀNH PHỐ", "HÀ NỘI"], "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
])
def test_issuer_lines_compose_into_one_name(parts, name):
    assert compose_issuer(parts) == name


def test_ocr_letter_spacing_is_repaired_and_normal_text_is_not_touched():
    assert repair_spacing("ỦY B AN NHÂN D Â N T HÀNH P HỐ") == "ỦY BAN NHÂN DÂN THÀNH PHỐ"
    assert repair_spacing("ỦY BAN NHÂN DÂN TỈNH") == "ỦY BAN NHÂN DÂN TỈNH"
    assert repair_spacing("Ý KIẾN Ở CƠ SỞ") == "Ý KIẾN Ở CƠ SỞ"


def test_motto_is_never_the_issuer():
    found = meta("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND\n" + BODY)
    assert found["issuer_name"] != "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert found["number"] == "12/KH-UBND"


@pytest.mark.parametrize("written", ["8935/BNV-CTTN&BĐG", "252/KH-BCĐQG1237", "2569/KH-BNN-TTr"])
def test_numbers_with_several_suffixes(written):
    found = meta(f"BỘ NỘI VỤ\nSố: {written}\nHà Nội, ngày 02 tháng 12 năm 2025\n" + BODY)
    assert found["number"] == written


def test_party_draft_number():
    found = meta("ĐẢNG BỘ TỈNH KHÁNH HOÀ\nĐẢNG UỶ XÃ CÔNG HẢI\n*\nSố - KH/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
                 "Công Hải, ngày tháng 10 năm 2025\n" + BODY)
    assert found["number"] == "-KH/ĐU" and found["number_value"] is None
    assert found["issuer_name"] == "Đảng uỷ xã Công Hải"


DECISION = """BỘ XÂY DỰNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 836/QĐ-BXD | Hà Nội, ngày 14 tháng 10 năm 2019

QUYẾT ĐỊNH
PHÊ DUYỆT KẾ HOẠCH LẬP QUY HOẠCH KHOÁNG SẢN LÀM VẬT LIỆU XÂY DỰNG
BỘ TRƯỞNG BỘ XÂY DỰNG
Căn cứ Luật Quy hoạch số 21/2017/QH14 ngày 24 tháng 11 năm 2017;
Căn cứ Quyết định số 995/QĐ-TTg ngày 09/8/2018 của Thủ tướng Chính phủ về việc giao nhiệm vụ lập quy hoạch;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch lập Quy hoạch (Kèm theo Kế hoạch số 12/KH-VLXD).
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT, VLXD. | BỘ TRƯỞNG

Phạm Hồng Hà

KẾ HOẠCH
TỔ CHỨC LẬP QUY HOẠCH KHOÁNG SẢN LÀM VẬT LIỆU XÂY DỰNG
(Ban hành kèm theo Quyết định số 836/QĐ-BXD ngày 14 tháng 10 năm 2019 của Bộ trưởng Bộ Xây dựng)
I. MỤC ĐÍCH YÊU CẦU
1. Lập quy hoạch đúng quy định.
II. NỘI DUNG
1. Vụ Vật liệu xây dựng chủ trì lập đề cương, hoàn thành trước ngày 30/12/2019.
"""


def test_decision_that_issues_a_plan():
    plan = parse_plan(DECISION).to_dict()
    found = plan["metadata"]
    assert (found["doc_type"], found["number"], found["issuer_name"]) == ("QĐ", "836/QĐ-BXD", "Bộ Xây dựng")
    assert found["title"] == "PHÊ DUYỆT KẾ HOẠCH LẬP QUY HOẠCH KHOÁNG SẢN LÀM VẬT LIỆU XÂY DỰNG"
    assert found["signer"]["name"] == "Phạm Hồng Hà"
    assert found["attached_plan"]["doc_type"] == "KH"
    assert found["attached_plan"]["title"].startswith("TỔ CHỨC LẬP QUY HOẠCH")
    implements = [d["number"] for d in plan["cited_documents"] if d["relation"] == "implements"]
    assert implements == ["21/2017/QH14", "995/QĐ-TTg"]
    assert "836/QĐ-BXD" not in [d["number"] for d in plan["cited_documents"]]
    assert [r["name"] for r in plan["recipients"]] == ["Như Điều 2"]
    lead = plan["tasks"][-1]["assignments"][0]
    assert lead["name"] == "Vụ Vật liệu xây dựng" and lead["role"] == "lead"


PARTY_LETTER = """ĐẢNG BỘ TỈNH BÌNH THUẬN
ĐẢNG ỦY XÃ HÒA MINH
*
Số 45-CV/ĐU
Về tổ chức hội nghị sơ kết
công tác quý I năm 2026
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Minh, ngày 10 tháng 3 năm 2026
Kính gửi: - Các chi bộ trực thuộc,
- Lãnh đạo UBND xã.
Thường trực Đảng ủy thông báo như sau:
1. Thời gian: 08 giờ 00, ngày 20/3/2026.
2. Văn phòng Đảng ủy chuẩn bị tài liệu hội nghị.
Nơi nhận:
- Như trên,
- Lưu VPĐU.
T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG
Trần Văn Bình

ĐẢNG ỦY XÃ HÒA MINH
CHƯƠNG TRÌNH
Hội nghị sơ kết (Sáng ngày 20/3/2026)
1. Khai mạc.
"""


def test_party_letter_subject_without_vv_and_an_attached_programme():
    """A party committee's công văn: the trích yếu under the number has no "V/v"; a type line after the
    signature ("CHƯƠNG TRÌNH") heads an attached paper, not the letter."""
    found = parse_plan(PARTY_LETTER).to_dict()["metadata"]
    assert found["number"] == "45-CV/ĐU"
    assert found["title"] == "Về tổ chức hội nghị sơ kết công tác quý I năm 2026"
    assert found["doc_type"] != "CTr"
    assert found["signer"]["name"] == "Trần Văn Bình"
