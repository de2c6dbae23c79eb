"""Plans laid out unlike the seeds: provincial and commune plans, party numbering, attribute lines, task tables."""
from datetime import date

from tracker.plans.parser import parse_plan

PROVINCE = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NAM                           Độc lập - Tự do - Hạnh phúc

Số: 1234/KH-UBND                        Quảng Nam, ngày 15 tháng 3 năm 2025

KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 05/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ
về tăng cường công tác tiếp công dân trên địa bàn tỉnh

Căn cứ Nghị định số 124/2020/NĐ-CP ngày 19/10/2020 của Chính phủ quy định chi tiết một số điều của Luật Khiếu nại;
Thực hiện Chỉ thị số 05/CT-TTg ngày 23/02/2024 của Thủ tướng Chính phủ về tăng cường công tác tiếp công dân;
Theo đề nghị của Chánh Thanh tra tỉnh tại Tờ trình số 45/TTr-TTT ngày 01/3/2025.
Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao hiệu quả công tác tiếp công dân.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Sở Tư pháp
a) Chủ trì, phối hợp với Sở Thông tin và Truyền thông, Báo Quảng Nam tổ chức tuyên truyền, hoàn thành trước ngày 30/6/2025.
b) Hướng dẫn UBND các huyện, thị xã, thành phố triển khai hòa giải ở cơ sở trong quý III/2025.
2. Sở Tài chính tham mưu UBND tỉnh bố trí kinh phí thực hiện Kế hoạch.
3. UBND các huyện, thị xã, thành phố
- Xây dựng kế hoạch triển khai tại địa phương, gửi về Thanh tra tỉnh trước ngày 15/4/2025.
- Định kỳ hằng quý báo cáo kết quả thực hiện về UBND tỉnh (qua Thanh tra tỉnh).

III. KINH PHÍ THỰC HIỆN
Kinh phí thực hiện từ nguồn ngân sách nhà nước theo phân cấp hiện hành.

IV. TỔ CHỨC THỰC HIỆN
1. Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện, thị xã, thành phố chịu trách nhiệm tổ chức thực hiện.
2. Giao Thanh tra tỉnh theo dõi, đôn đốc, định kỳ 6 tháng, năm tổng hợp, báo cáo UBND tỉnh trước ngày 15/6 và 15/12 hằng năm.
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Thanh tra tỉnh./.

Nơi nhận:
- Thanh tra Chính phủ (b/c);
- TT Tỉnh ủy, TT HĐND tỉnh;
- Lưu: VT, NC.
                                                                    TM. ỦY BAN NHÂN DÂN
                                                                    KT. CHỦ TỊCH
                                                                    PHÓ CHỦ TỊCH

                                                                    (Đã ký)

                                                                    Nguyễn Văn An
"""

COMMUNE_PARTY = """ĐẢNG BỘ TỈNH LÀO CAI                         ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ TÂN LẬP
*
Số 15-KH/ĐU                                    Tân Lập, ngày 05 tháng 4 năm 2025

KẾ HOẠCH
thực hiện Kết luận số 107-KL/TW, ngày 24/12/2024 của Bộ Chính trị
-----

Thực hiện Kế hoạch số 463-KH/TU, ngày 07/3/2025 của Ban Thường vụ Tỉnh ủy; Hướng dẫn số 05-HD/BNCTU ngày 10/3/2025 của Ban Nội chính Tỉnh ủy, Ban Thường vụ Đảng ủy xã xây dựng Kế hoạch thực hiện như sau:

I- MỤC ĐÍCH, YÊU CẦU
- Quán triệt sâu sắc nội dung Kết luận số 107-KL/TW.

II- NHIỆM VỤ TRỌNG TÂM
1- Các chi bộ trực thuộc tổ chức quán triệt Kết luận đến toàn thể đảng viên, hoàn thành trong tháng 5/2025.
2- Ủy ban nhân dân xã
+ Chủ trì, phối hợp với Công an xã, Ủy ban MTTQ xã rà soát các vụ việc tồn đọng, báo cáo Ban Thường vụ Đảng ủy trước ngày 30/6/2025.
+ Thực hiện tiếp công dân định kỳ vào ngày 15 hằng tháng.
3- Đề nghị Ủy ban MTTQ và các đoàn thể chính trị - xã hội xã tăng cường giám sát.

III- TỔ CHỨC THỰC HIỆN
1- Văn phòng Đảng ủy theo dõi, đôn đốc; định kỳ 6 tháng, năm tham mưu Ban Thường vụ Đảng ủy báo cáo Ban Thường vụ Tỉnh ủy (qua Ban Nội chính Tỉnh ủy).

Nơi nhận:
- Ban Thường vụ Tỉnh ủy (b/c),
- Các chi bộ trực thuộc,
- Lưu Văn phòng Đảng ủy.

T/M ĐẢNG ỦY
BÍ THƯ

Trần Văn Bình
"""


def _roles(task):
    return [(a.role, a.unit.name) for a in task.assignments]


def test_provincial_plan_with_a_header_table_as_text():
    plan = parse_plan(PROVINCE)
    meta = plan.metadata
    assert (meta.issuer_name, meta.number, meta.place, meta.issued_on) == (
        "Ủy ban nhân dân tỉnh Quảng Nam", "1234/KH-UBND", "Quảng Nam", date(2025, 3, 15))
    assert meta.title.endswith("của Thủ tướng Chính phủ về tăng cường công tác tiếp công dân trên địa bàn tỉnh")
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == (
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Nguyễn Văn An")
    assert [(d.number, d.basis, d.issuer_name) for d in plan.cited_documents] == [
        ("124/2020/NĐ-CP", "legal_basis", "Chính phủ"), ("05/CT-TTg", "implementing", "Thủ tướng Chính phủ"),
        ("45/TTr-TTT", "proposal", "Chánh Thanh tra tỉnh")]
    assert [s.kind for s in plan.sections if s.level == 1] == ["purpose", "tasks", "funding", "implementation"]
    assert [(t.marker, t.lines[0]) for t in plan.tasks] == [("a)", 21), ("b)", 22), ("2.", 23), ("-", 25), ("-", 26),
                                                           ("1.", 32), ("2.", 33)]
    assert _roles(plan.tasks[0]) == [("lead", "Sở Tư pháp"), ("coordinate", "Sở Thông tin và Truyền thông"),
                                     ("coordinate", "Báo Quảng Nam")]
    assert plan.tasks[1].deadlines[0].due_on == date(2025, 9, 30)
    assert _roles(plan.tasks[5]) == [("lead", "Thủ trưởng các sở, ban, ngành"),
                                     ("lead", "Chủ tịch UBND các huyện, thị xã, thành phố")]
    assert [(d.kind, d.periods) for d in plan.tasks[6].deadlines] == [("recurring", ("half_year", "year"))]
    assert [(d.task, d.what, [u.name for u in d.to]) for d in plan.duties] == [
        (3, "plan", ["Thanh tra tỉnh"]), (4, "results", ["UBND tỉnh"]), (6, "results", ["UBND tỉnh"])]
    assert [r.name for r in plan.recipients] == ["Thanh tra Chính phủ (b/c)", "TT Tỉnh ủy, TT HĐND tỉnh"]


def test_commune_party_plan_with_hyphen_numbering():
    plan = parse_plan(COMMUNE_PARTY)
    meta = plan.metadata
    assert (meta.issuer_name, meta.number, meta.issued_on) == ("Đảng ủy xã Tân Lập", "15-KH/ĐU", date(2025, 4, 5))
    assert [(s.number, s.kind) for s in plan.sections] == [("I", "purpose"), ("II", "tasks"), ("2", "tasks"),
                                                           ("III", "implementation")]
    assert [(d.number, d.relation) for d in plan.cited_documents] == [
        ("463-KH/TU", "implements"), ("05-HD/BNCTU", "implements"), ("107-KL/TW", "mentions")]
    assert _roles(plan.tasks[0]) == [("lead", "Các chi bộ trực thuộc")]
    assert plan.tasks[0].deadlines[0].due_on == date(2025, 5, 31)
    assert _roles(plan.tasks[1]) == [("lead", "Ủy ban nhân dân xã"), ("coordinate", "Công an xã"),
                                     ("coordinate", "Ủy ban MTTQ xã")]
    assert [(d.kind, d.periods) for d in plan.tasks[2].deadlines] == [("recurring", ("month",))]
    assert _roles(plan.tasks[3]) == [("request", "Ủy ban MTTQ"), ("request", "các đoàn thể chính trị - xã hội xã")]
    last = plan.duties[-1]
    assert ([u.name for u in last.to], [u.name for u in last.forward_to], [u.name for u in last.via]) == (
        ["Ban Thường vụ Đảng ủy"], ["Ban Thường vụ Tỉnh ủy"], ["Ban Nội chính Tỉnh ủy"])
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == (["T/M ĐẢNG ỦY"], "BÍ THƯ",
                                                                               "Trần Văn Bình")



ATTRIBUTES = """II. NHIỆM VỤ CỤ THỂ
1. Tổ chức hội nghị quán triệt Kết luận số 107-KL/TW
- Cơ quan chủ trì: Sở Tư pháp.
- Cơ quan phối hợp: Sở Nội vụ, Thanh tra tỉnh.
- Thời gian thực hiện: Quý II năm 2025.
2. Rà soát các vụ việc tồn đọng
- Đơn vị chủ trì: Thanh tra tỉnh; đơn vị phối hợp: UBND các huyện, thị xã.
- Thời gian hoàn thành: Tháng 10/2025.
3. Tập huấn nghiệp vụ cho cán bộ tiếp công dân. Cơ quan chủ trì: Sở Nội vụ; thời gian: năm 2025.
"""


def test_labelled_attribute_lines_describe_the_task_above_them():
    plan = parse_plan(ATTRIBUTES)
    assert [(t.marker, t.lines) for t in plan.tasks] == [("1.", (2, 5)), ("2.", (6, 8)), ("3.", (9, 9))]
    assert [_roles(t) for t in plan.tasks] == [
        [("lead", "Sở Tư pháp"), ("coordinate", "Sở Nội vụ"), ("coordinate", "Thanh tra tỉnh")],
        [("lead", "Thanh tra tỉnh"), ("coordinate", "UBND các huyện, thị xã")], [("lead", "Sở Nội vụ")]]
    assert [[d.due_on for d in t.deadlines] for t in plan.tasks] == [
        [date(2025, 6, 30)], [date(2025, 10, 31)], [date(2025, 12, 31)]]
    assert plan.tasks[0].text.startswith("Tổ chức hội nghị quán triệt") and "Sở Tư pháp" in plan.tasks[0].text
    assert plan.tasks[0].assignments[1].unit.line == 4


def test_a_task_table_in_markdown_gives_one_task_per_row():
    text = ("III. DANH MỤC NHIỆM VỤ\n| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
            "|---|---|---|---|---|\n| 1 | Xây dựng cơ sở dữ liệu | Sở Khoa học và Công nghệ | Văn phòng UBND tỉnh | Quý III/2025 |\n"
            "| 2 | Kiểm tra tại xã | Thanh tra tỉnh | UBND các xã, phường | Thường xuyên |\n")
    plan = parse_plan(text)
    assert [(t.marker, t.text, t.lines) for t in plan.tasks] == [("1", "Xây dựng cơ sở dữ liệu", (4, 4)),
                                                                ("2", "Kiểm tra tại xã", (5, 5))]
    assert [_roles(t) for t in plan.tasks] == [
        [("lead", "Sở Khoa học và Công nghệ"), ("coordinate", "Văn phòng UBND tỉnh")],
        [("lead", "Thanh tra tỉnh"), ("coordinate", "UBND các xã, phường")]]
    assert [[d.kind for d in t.deadlines] for t in plan.tasks] == [["quarter"], ["ongoing"]]



PROVINCIAL_PARTY = """TỈNH ỦY HÀ TĨNH
*
Số 331-KH/TU
Hà Tĩnh, ngày 02 tháng 5 năm 2025

KẾ HOẠCH
THỰC HIỆN KẾT LUẬN SỐ 107-KL/TW NGÀY 24/12/2024 CỦA BỘ CHÍNH TRỊ

Thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:

1. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cấp ủy, chính quyền.

2. NHIỆM VỤ, GIẢI PHÁP
2.1. Đảng đoàn HĐND tỉnh: lãnh đạo HĐND tỉnh tăng cường giám sát.
2.2. Các huyện ủy, thành ủy, thị ủy, đảng ủy trực thuộc Tỉnh ủy xây dựng kế hoạch, gửi về Ban Nội chính Tỉnh ủy trước ngày 30/5/2025.

3. TỔ CHỨC THỰC HIỆN
Ban Nội chính Tỉnh ủy chủ trì theo dõi, đôn đốc; định kỳ 6 tháng, hằng năm tổng hợp báo cáo Ban Thường vụ Tỉnh ủy.
"""


def test_arabic_top_level_sections_and_a_plural_list_of_committees():
    plan = parse_plan(PROVINCIAL_PARTY)
    assert (plan.metadata.issuer_name, plan.metadata.number, plan.metadata.title) == (
        "Tỉnh ủy Hà Tĩnh", "331-KH/TU", "THỰC HIỆN KẾT LUẬN SỐ 107-KL/TW NGÀY 24/12/2024 CỦA BỘ CHÍNH TRỊ")
    assert [(s.number, s.kind) for s in plan.sections] == [("1", "purpose"), ("2", "tasks"), ("3", "implementation")]
    assert [_roles(t) for t in plan.tasks] == [
        [("lead", "Đảng đoàn HĐND tỉnh")],
        [("lead", "Các huyện ủy, thành ủy, thị ủy, đảng ủy trực thuộc Tỉnh ủy")], [("lead", "Ban Nội chính Tỉnh ủy")]]
    assert plan.tasks[1].scope == "unit" and plan.tasks[1].assignments[0].unit.is_group
    assert [(d.what, [u.name for u in d.to], d.when.kind) for d in plan.duties] == [
        ("plan", ["Ban Nội chính Tỉnh ủy"], "date"), ("results", ["Ban Thường vụ Tỉnh ủy"], "recurring")]
