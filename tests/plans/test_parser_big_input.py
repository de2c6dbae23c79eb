"""Big or degenerate input is parsed whole or refused with a Vietnamese message. How long each takes is measured
in bench/parse_corpus.py (target < 10 s each), never asserted here: timings flake on a loaded machine."""
import pytest

from tracker.core.textio import PlanTextError, read_plan_bytes, read_plan_text
from tracker.plans.parser import parse_plan

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 1/KH-UBND\nBắc Ninh, ngày 01 tháng 01 năm 2026\nKẾ HOẠCH\n"
        "Kiểm tra việc thực hiện\n\nI. NHIỆM VỤ\n")


def test_five_megabytes_of_one_repeated_line_is_refused():
    line = "- Sở Tư pháp chủ trì, phối hợp với Công an tỉnh tuyên truyền pháp luật, trước ngày 30/6/2026.\n"
    text = line * (5 * 1024 * 1024 // len(line.encode()) - 1)
    with pytest.raises(PlanTextError) as refused:
        read_plan_text(text)
    with pytest.raises(PlanTextError):
        read_plan_bytes(text.encode(), "lap.txt")
    # Refused up front by size (600.000 characters), or by the shape check when it is smaller than that.
    message = refused.value.message
    assert ("lặp lại" in message and "dòng khác nhau" in message) or ("quá dài" in message and "600.000" in message)
    with pytest.raises(PlanTextError) as smaller:
        read_plan_text(line * 5000)
    assert "lặp lại" in smaller.value.message and "dòng khác nhau" in smaller.value.message


def test_a_plan_of_three_thousand_tasks_is_read_whole():
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    text = HEAD + "".join(f"{roman}. NHIỆM VỤ NHÓM {n}\n" + "".join(
        f"{i}. Sở Tư pháp chủ trì thực hiện nhiệm vụ kiểm tra số {n}.{i}, trong quý II/2026.\n" for i in range(1, 301))
        for n, roman in enumerate(romans, start=1))
    plan = parse_plan("\n".join(read_plan_text(text)))
    assert len(plan.tasks) == 3000
    assert plan.tasks[-1].assignments[0].unit.name == "Sở Tư pháp"
    assert plan.tasks[-1].deadlines[0].quarter == 2


def test_a_table_of_five_hundred_rows_is_read_whole():
    text = HEAD + "STT | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian hoàn thành\n" + "".join(
        f"{i} | Kiểm tra cơ sở số {i} | Sở Công Thương | Công an tỉnh | Tháng {i % 12 + 1}/2026\n"
        for i in range(1, 501))
    plan = parse_plan(text)
    assert len(plan.tasks) == 500
    row = plan.tasks[-1]
    assert [(a.role, a.unit.name) for a in row.assignments] == [("lead", "Sở Công Thương"), ("coordinate", "Công an tỉnh")]
    assert row.deadlines[0].due_on.isoformat() == "2026-09-30"


def test_more_lines_than_any_plan_is_refused():
    text = "\n".join(f"Dòng thứ {i} của một văn bản rất dài." for i in range(25_000))
    with pytest.raises(PlanTextError) as refused:
        read_plan_text(text)
    assert "quá dài" in refused.value.message and "giới hạn" in refused.value.message
