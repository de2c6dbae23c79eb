"""Score the parser against the golden keys: one row of per-field results per corpus document."""
from __future__ import annotations

import re
from pathlib import Path

from tracker.core.docnumber import try_parse_doc_number
from tracker.core.textio import read_plan_bytes
from tracker.core.vntext import name_key
from tracker.plans.parser import parse_plan

HEADER_FIELDS = ("number", "date", "issuer", "title", "signer", "implements")
_FENCE = re.compile(r"^```text\n(.*?)^```", re.S | re.M)


def document_text(path: Path, fenced: bool = False) -> str:
    """The document as a clerk would paste it; for a repository wrapper, its fenced text block."""
    text = "\n".join(read_plan_bytes(path.read_bytes(), path.name))
    found = _FENCE.search(text) if fenced else None
    return found.group(1) if found else text


def _number_key(written: str | None) -> str | None:
    parsed = try_parse_doc_number(written) if written else None
    return parsed.key if parsed else written


def _task_for(tasks: list[dict], start: str) -> dict | None:
    """The task starting with the key's words; the last one when a plan lists a task in its body and assigns
    it again in an annex table."""
    wanted = name_key(start)
    starting = [t for t in tasks if name_key(t["text"]).startswith(wanted)]
    return starting[-1] if starting else next((t for t in tasks if wanted in name_key(t["text"])), None)


def _roles_match(task: dict, key: dict) -> bool:
    for role, field in (("lead", "lead"), ("coordinate", "coordinate"), ("request", "request")):
        if field in key:
            got = {name_key(a["name"]) for a in task["assignments"] if a["role"] == role}
            if got != {name_key(n) for n in key[field]}:
                return False
    if "lead" not in key:
        return True
    return True


def _deadline_match(task: dict, wanted: str) -> bool:
    if not task["deadlines"]:
        return False
    first = task["deadlines"][0]
    if re.match(r"\d{4}-\d\d-\d\d$", wanted):
        return first["due_on"] == wanted
    return first["kind"] == wanted


def score_document(path: Path, key: dict) -> dict:
    """{field: True/False/None (not keyed)} for the header, and lists of per-task results."""
    plan = parse_plan(document_text(path, key.get("fenced", False))).to_dict()
    meta = plan["metadata"]
    row: dict = {
        "number": meta["number_key"] == _number_key(key["number"]) or meta["number"] == key["number"],
        "date": (meta["issued_on"], meta["issued_year"], meta["issued_month"]) ==
                (key["issued_on"], key["year"], key["month"]),
        "issuer": name_key(meta["issuer_name"] or "") == name_key(key["issuer"]),
        "title": None if key.get("title") is None else name_key(meta["title"] or "") == name_key(key["title"]),
        "signer": None if key.get("signer") is None else name_key(meta["signer"]["name"] or "") == name_key(key["signer"]),
        "implements": None if key.get("implements") is None else
        {d["number_key"] for d in plan["cited_documents"] if d["relation"] == "implements"} ==
        {_number_key(n) for n in key["implements"]},
    }
    units, deadlines, missing, wrong = [], [], [], []
    for task_key in key.get("tasks", []):
        task = _task_for(plan["tasks"], task_key["text"])
        if task is None:
            missing.append(task_key["text"])
        units.append(task is not None and _roles_match(task, task_key))
        if task is not None and not units[-1]:
            wrong.append((task_key["text"][:50], {r: [a["name"] for a in task["assignments"] if a["role"] == r]
                                                   for r in ("lead", "coordinate", "request")}))
        if "deadline" in task_key:
            deadlines.append(task is not None and _deadline_match(task, task_key["deadline"]))
            if task is not None and not deadlines[-1]:
                wrong.append((task_key["text"][:50], {"deadline": task["deadlines"][:1]}))
    row.update(units=units, deadlines=deadlines, missing=missing, wrong=wrong)
    return row


def summary(rows: dict[str, dict]) -> dict[str, float]:
    """Share right per header field (over keyed documents), per keyed task (units) and per keyed deadline."""
    out = {}
    for field in HEADER_FIELDS:
        values = [r[field] for r in rows.values() if r[field] is not None]
        out[field] = sum(values) / len(values) if values else 1.0
    for field in ("units", "deadlines"):
        values = [v for r in rows.values() for v in r[field]]
        out[field] = sum(values) / len(values) if values else 1.0
    return out
