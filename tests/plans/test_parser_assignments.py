"""Assignment forms of real plans: attribute lines after a task, annex tables read by column meaning,
sentence-case unit names, and a heading that sets the period of the tasks under it."""
from tracker.plans.parser import parse_plan

HEAD = "ĐẢNG UỶ XÃ CÔNG HẢI\nSố -KH/ĐU\nCông Hải, ngày tháng 02 năm 2026\nKẾ HOẠCH\nchuyển đổi số năm 2026\n\n"


def roles(task):
    return [(a.role, a.unit.name) for a in task.assignments]


def test_attribute_lines_belong_to_the_task_above_them():
    plan = parse_plan(HEAD + """II. NHIỆM VỤ GIẢI PHÁP TRỌNG TÂM
1. Về công tác lãnh đạo, chỉ đạo
1.1. Xây dựng, ban hành và tổ chức thực hiện Kế hoạch chuyển đổi số trong
đảng năm 2026.
- Cơ quan chủ trì: Văn phòng Đảng uỷ.
- Cơ quan thực hiện: Các cơ quan tham mưu, giúp việc Đảng uỷ.
- Thời gian thực hiện: hoàn thành trước ngày 25/02/2026.
1.2. Tham mưu đưa nội dung chuyển đổi số vào chương trình kiểm tra hằng năm.
- Cơ quan chủ trì, thực hiện: Uỷ ban kiểm tra Đảng uỷ.
- Thời gian thực hiện: Thường xuyên.
""")
    first, second = plan.tasks
    assert roles(first)[0] == ("lead", "Văn phòng Đảng uỷ")
    assert all(role == "coordinate" for role, _ in roles(first)[1:])
    assert first.deadlines[0].due_on.isoformat() == "2026-02-25"
    assert roles(second) == [("lead", "Uỷ ban kiểm tra Đảng uỷ")]
    assert second.deadlines[0].kind == "ongoing"  # the stated time comes before "hằng năm" of the text


def test_annex_table_by_column_meaning_with_group_rows():
    plan = parse_plan(HEAD + """I. NHIỆM VỤ
1. Các cơ quan thực hiện theo Phụ lục kèm theo.

Nơi nhận:
- Lưu: VT.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Vũ Thị Trang

Phụ lục
PHÂN CÔNG THỰC HIỆN NHIỆM VỤ
STT | Nhiệm vụ | Sản phẩm | Thời gian hoàn thành | Chủ trì thực hiện | Phối hợp thực hiện
I | Cải cách thể chế |  |  |  |
1 | Tham mưu triển khai ứng dụng AI | Ứng dụng AI | Năm 2026 | Sở Tư pháp | Sở Khoa học và Công nghệ
2 | Thiết lập Hệ thống đăng ký quốc gia | Hệ thống | 2024 - 2025 | Cục Biến đổi khí hậu | Vụ Pháp chế và các đơn vị có liên quan thuộc Bộ TN&MT
""")
    assert [s.title for s in plan.sections][-1] == "Cải cách thể chế"
    first, second = plan.tasks[-2:]
    assert roles(first) == [("lead", "Sở Tư pháp"), ("coordinate", "Sở Khoa học và Công nghệ")]
    assert first.deadlines[0].due_on.isoformat() == "2026-12-31"
    assert roles(second) == [("lead", "Cục Biến đổi khí hậu"), ("coordinate", "Vụ Pháp chế"),
                             ("coordinate", "các đơn vị có liên quan thuộc Bộ TN&MT")]
    assert (second.deadlines[0].start_on.isoformat(), second.deadlines[0].due_on.isoformat()) == \
        ("2024-01-01", "2025-12-31")


def test_a_heading_sets_the_period_of_the_tasks_under_it():
    plan = parse_plan(HEAD + """I. NỘI DUNG
1. Đợt 1: Từ ngày 05/12/2025 đến ngày 20/02/2026
- Công an xã chủ trì rà soát các đối tượng.
- Văn phòng Đảng uỷ tổng hợp, báo cáo trước ngày 10/01/2026.
""")
    first, second = plan.tasks
    assert (first.deadlines[0].kind, first.deadlines[0].due_on.isoformat()) == ("range", "2026-02-20")
    assert second.deadlines[0].due_on.isoformat() == "2026-01-10"  # its own date wins
