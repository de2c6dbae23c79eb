"""Each seed plan against its golden file (written by reading the text): field by field, with a score line."""
import json
from pathlib import Path

import pytest

from tracker.core.vntext import name_key
from tracker.plans.parser import parse_plan

HERE = Path(__file__).parent
SEEDS = sorted((HERE / "seeds").glob("*.txt"))
UNIT_LISTS = {"lead", "coordinate", "request", "reporters", "to", "via", "forward_to"}
MISSING = object()


def project(plan: dict) -> dict:
    """The parser's JSON in the golden files' shape (roles as name lists, warnings as codes)."""
    tasks = []
    for task in plan["tasks"]:
        view = {k: task[k] for k in ("lines", "marker", "scope", "deadlines", "footnotes", "text")}
        for role in ("lead", "coordinate", "request"):
            view[role] = [a["name"] for a in task["assignments"] if a["role"] == role]
            view[f"{role}_notes"] = [a["note"] for a in task["assignments"] if a["role"] == role]
        tasks.append(view)
    names = lambda units: [u["name"] for u in units]  # noqa: E731
    duties = [{**d, **{k: names(d[k]) for k in ("reporters", "to", "via", "forward_to")}} for d in plan["duties"]]
    return {**plan, "tasks": tasks, "duties": duties,
            "cited_documents": [{**d, "warning_count": len(d["warnings"])} for d in plan["cited_documents"]],
            "recipients": [r["name"] for r in plan["recipients"]],
            "warnings": [w["code"] for w in plan["warnings"]]}


def compare(expected, actual, path: str, results: list, unit_list: bool = False) -> None:
    """Append (path, expected, actual, ok) for every leaf the golden file states, and each list length."""
    if isinstance(expected, dict):
        for key, value in expected.items():
            if key in ("seed", "about"):
                continue
            sub = actual.get(key, MISSING) if isinstance(actual, dict) else MISSING
            compare(value, sub, f"{path}.{key}" if path else key, results, key in UNIT_LISTS)
    elif isinstance(expected, list) and not (path.endswith("lines") and len(expected) == 2
                                             and all(isinstance(x, int) for x in expected)):
        got = actual if isinstance(actual, list) else []
        results.append((f"{path}.length", len(expected), len(got) if isinstance(actual, list) else actual,
                        isinstance(actual, list) and len(expected) == len(got)))
        for index, value in enumerate(expected):
            compare(value, got[index] if index < len(got) else MISSING, f"{path}[{index}]", results, unit_list)
    else:
        ok = (name_key(expected) == name_key(actual) if unit_list and isinstance(expected, str)
              and isinstance(actual, str) else expected == actual)
        results.append((path, expected, actual, ok))


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem[:3] for s in SEEDS])
def test_seed_matches_its_golden_file(seed: Path):
    golden = json.loads((HERE / "golden" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    assert golden["seed"] == seed.name
    actual = project(parse_plan(seed.read_text(encoding="utf-8")).to_dict())
    results: list = []
    compare(golden, actual, "", results)
    wrong = [r for r in results if not r[3]]
    for path, want, got, _ in wrong:
        print(f"  {path}: expected {want!r}, got {'(missing)' if got is MISSING else repr(got)}")
    print(f"{seed.stem[:3]}: {len(results) - len(wrong)}/{len(results)} fields")
    assert not wrong, f"{seed.stem[:3]}: {len(wrong)} of {len(results)} fields differ (diff above)"


def test_every_seed_has_a_golden_file_and_enough_fields():
    assert len(SEEDS) == 5
    for seed in SEEDS:
        golden = json.loads((HERE / "golden" / f"{seed.stem}.json").read_text(encoding="utf-8"))
        results: list = []
        compare(golden, golden, "", results)
        assert len(results) > 150, f"{seed.name}: the golden file states too little to be a real check"
        assert golden["tasks"] and all({"lines", "lead", "coordinate", "request"} <= set(t) for t in golden["tasks"])


def test_the_comparison_reports_a_wrong_unit_a_wrong_date_and_a_missing_task():
    seed = SEEDS[2]
    golden = json.loads((HERE / "golden" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    golden["tasks"][2]["lead"] = ["Ban Dân vận Tỉnh uỷ"]
    golden["tasks"][10]["deadlines"][0]["due_on"] = "2025-06-30"
    golden["tasks"].append({"lines": [99, 99], "lead": []})
    actual = project(parse_plan(seed.read_text(encoding="utf-8")).to_dict())
    results: list = []
    compare(golden, actual, "", results)
    wrong = {path for path, _, _, ok in results if not ok}
    assert {"tasks[2].lead[0]", "tasks[10].deadlines[0].due_on", "tasks.length", "tasks[16].lines"} <= wrong


def test_unit_names_compare_across_tone_placement_and_case():
    results: list = []
    compare({"lead": ["Ủy ban Kiểm tra Tỉnh ủy"]}, {"lead": ["Uỷ ban kiểm tra Tỉnh Uỷ"]}, "", results)
    assert all(ok for *_, ok in results)
