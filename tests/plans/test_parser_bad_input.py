"""Bad input: empty text, prose without structure, legacy encodings, any Unicode; nothing crashes."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.plans.parser import parse_plan

PROSE = ("Hôm nay trời đẹp. Chúng tôi đi dạo quanh hồ và nói chuyện về những ngày đã qua.\n"
         "Không có gì phải làm cả.")


def _codes(plan):
    return [w["code"] for w in plan.warnings]


def test_empty_text_gives_an_empty_plan_and_says_why():
    for text in ("", "   \n\n  \t", "\ufeff"):
        plan = parse_plan(text)
        assert plan.tasks == [] and plan.sections == [] and plan.cited_documents == []
        assert _codes(plan) == ["no_tasks"]
        assert "Không nhận ra nhiệm vụ" in plan.warnings[0]["message"]


def test_prose_without_structure_has_no_tasks_and_a_vietnamese_warning():
    plan = parse_plan(PROSE)
    assert plan.tasks == [] and plan.duties == [] and plan.metadata.doc_type is None
    assert _codes(plan) == ["no_tasks"]
    assert "thêm nhiệm vụ thủ công" in plan.warnings[0]["message"]


def test_a_header_without_body_keeps_its_metadata():
    plan = parse_plan("Số: 5/KH-UBND\nHà Nội, ngày 02 tháng 01 năm 2026\nKẾ HOẠCH\nVề việc tiếp công dân")
    assert (plan.metadata.number, plan.metadata.title) == ("5/KH-UBND", "Về việc tiếp công dân")
    assert plan.tasks == [] and "no_tasks" in _codes(plan)


def test_legacy_encoded_text_given_straight_to_the_parser_is_flagged():
    tcvn3 = "I. NHIÖM Vô\n- C¸c c¬ quan, ®¬n vÞ thùc hiÖn KÕ ho¹ch cña ñy ban nh©n d©n tØnh vÒ c«ng t¸c tiÕp c«ng d©n."
    plan = parse_plan(tcvn3)
    assert "legacy_encoding" in _codes(plan)
    assert "TCVN3" in next(w["message"] for w in plan.warnings if w["code"] == "legacy_encoding")


def test_windows_line_endings_and_very_long_lines():
    plan = parse_plan("II. NHIỆM VỤ\r\n\r\n- Công an xã " + "rà soát, " * 3000 + "hoàn thành trong quý I/2026.\r\n")
    assert len(plan.tasks) == 1 and plan.tasks[0].lines == (3, 3)
    assert plan.tasks[0].deadlines[0].quarter == 1


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_parses_to_json_with_lines_inside_the_text(text):
    plan = parse_plan(text)
    data = json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))
    count = data["line_count"]
    for task in data["tasks"]:
        assert 1 <= task["lines"][0] <= task["lines"][1] <= count
    for doc in data["cited_documents"]:
        assert 1 <= doc["lines"][0] <= count


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "I. NHIỆM VỤ", "II. TỔ CHỨC THỰC HIỆN", "1. Công an phường", "- Chủ trì, phối hợp với Công an xã rà soát.",
    "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "Nguyễn Văn A", "", "¹ Chú thích.", "**KẾ HOẠCH**",
    "Thực hiện Kế hoạch số 1/KH-UBND ngày 01/01/2026 của UBND tỉnh, UBND xã xây dựng Kế hoạch:",
    "báo cáo UBND tỉnh trước 30/4/2026", "### **5. Đề nghị Ủy ban MTTQ**", "a) Sở Nội vụ", "+ thường xuyên"]),
    max_size=25))
def test_shuffled_plan_pieces_never_crash(lines):
    plan = parse_plan("\n".join(lines))
    for duty in plan.duties:
        assert duty.what in ("plan", "results", "ad_hoc") and 0 <= duty.task < len(plan.tasks)
    for task in plan.tasks:
        assert task.scope in ("unit", "general")
        assert {a.role for a in task.assignments} <= {"lead", "coordinate", "request"}
