"""The parser's outside: .docx input, the unit resolver hook, stable JSON, and speed."""
import io
import json
from datetime import date
from pathlib import Path

import docx

from tracker.core.textio import read_plan_bytes
from tracker.plans.parser import parse_plan

SEEDS = Path(__file__).parent / "seeds"


def _roles(task):
    return [(a.role, a.unit.name) for a in task.assignments]


def _seed_as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line.lstrip("# ").replace("**", ""), level=min(level, 6))
        else:
            document.add_paragraph(line.replace("**", ""))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_seed_read_from_docx_gives_the_same_plan_as_from_text():
    text = (SEEDS / "000_c7c61f0ecab3ec8b.txt").read_text(encoding="utf-8")
    from_docx = parse_plan("\n".join(read_plan_bytes(_seed_as_docx(text), "kehoach.docx")))
    from_text = parse_plan(text)
    assert [t.text for t in from_docx.tasks] == [t.text for t in from_text.tasks]
    assert [[(a.role, a.unit.name) for a in t.assignments] for t in from_docx.tasks] == \
        [[(a.role, a.unit.name) for a in t.assignments] for t in from_text.tasks]
    assert from_docx.metadata.signer.name == "Bùi Quốc Trung"


def test_the_resolver_sees_every_unit_name_and_its_answer_is_kept():
    asked = []

    def resolver(name):
        asked.append(name)
        return {"unit_id": 7} if name == "Công an phường" else None

    plan = parse_plan((SEEDS / "000_c7c61f0ecab3ec8b.txt").read_text(encoding="utf-8"), resolver)
    police = [a.unit for t in plan.tasks for a in t.assignments if a.unit.name == "Công an phường"]
    assert police and all(u.match == {"unit_id": 7} for u in police)
    assert "Văn phòng HĐND và UBND" in asked and "UBND phường" in asked
    assert plan.to_dict()["tasks"][18]["assignments"][0]["match"] == {"unit_id": 7}


def test_json_is_stable_serialisable_and_versioned():
    text = (SEEDS / "004_efd667e977579b2a.txt").read_text(encoding="utf-8")
    first, second = parse_plan(text).to_dict(), parse_plan(text).to_dict()
    assert json.dumps(first, ensure_ascii=False, sort_keys=True) == json.dumps(second, ensure_ascii=False,
                                                                               sort_keys=True)
    assert first["schema"] == 1 and first["line_count"] == 130
    assert set(first) == {"schema", "line_count", "metadata", "cited_documents", "sections", "tasks", "duties",
                          "recipients", "archive", "footnotes", "warnings"}
    task = first["tasks"][25]
    assert set(task) == {"index", "section", "marker", "text", "lines", "scope", "assignments", "deadlines",
                         "footnotes"}
    assert set(task["assignments"][0]) == {"role", "name", "name_key", "is_group", "note", "line", "source",
                                           "match"}


def test_a_task_table_in_docx_is_read_the_same_way():
    document = docx.Document()
    document.add_paragraph("II. NHIỆM VỤ")
    table = document.add_table(rows=3, cols=4)
    rows = [("TT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời gian"), ("1", "Rà soát vụ việc", "Công an tỉnh", "Năm 2026"),
            ("2", "Tập huấn cán bộ", "Sở Nội vụ", "Tháng 6/2026")]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    plan = parse_plan("\n".join(read_plan_bytes(out.getvalue(), "bang.docx")))
    assert [(t.text, _roles(t), [d.due_on for d in t.deadlines]) for t in plan.tasks] == [
        ("Rà soát vụ việc", [("lead", "Công an tỉnh")], [date(2026, 12, 31)]),
        ("Tập huấn cán bộ", [("lead", "Sở Nội vụ")], [date(2026, 6, 30)])]
