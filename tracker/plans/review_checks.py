"""The review's "Cần kiểm tra" list: every header field not read, every task without a lead, every unit that
will be created or was matched loosely, each with the form field it concerns and the source lines."""
from __future__ import annotations

import re

from tracker.core.inputs import parse_id
from tracker.extensions import db
from tracker.plans.matching import UnitMatcher, matcher_for
from tracker.units.models import Unit

_ID = re.compile(r"\[#(\d+)\]\s*$")
HEADER_FIELDS = [("number_text", "Số, ký hiệu", "number"), ("issued_on", "Ngày ban hành", "date"),
                 ("issuer", "Cơ quan ban hành", "issuer"), ("title", "Trích yếu", "title"),
                 ("signer_name", "Người ký", "signer")]
# How a unit field stands against the organisation tree; the template styles each differently.
STATE_LABELS = {"matched": "khớp cây tổ chức", "loose": "khớp gần đúng", "ambiguous": "nhiều đơn vị trùng tên",
                "new": "sẽ tạo mới", "group": "nhóm đơn vị"}


def _issuer(view: dict) -> Unit | None:
    meta = view.get("meta", {})
    unit_id = meta.get("issuer_id")
    if not unit_id:
        found = _ID.search(meta.get("issuer") or "")
        unit_id = parse_id(found.group(1)) if found else None  # a hand-made "[#99999999999]" is no unit, not a 500
    return db.session.get(Unit, unit_id) if unit_id else None


def _state(assignment: dict, matcher: UnitMatcher | None) -> str | None:
    unit, written = assignment.get("unit") or "", assignment.get("written") or ""
    if assignment.get("is_group") and not unit:
        return "group"
    if not unit:
        return None
    if assignment.get("unit_id") or _ID.search(unit):
        how = matcher.match(written).how if matcher and written else "exact"
        return "loose" if how == "prefix" else "matched"
    found = matcher.match(unit) if matcher else None
    return "ambiguous" if found is not None and found.how == "ambiguous" else "new"


def _lead_of(task: dict) -> bool:
    return any(a.get("role") in ("lead", "request") and (a.get("unit") or a.get("written"))
               for a in task.get("assignments", []))


def review_checks(view: dict) -> list[dict]:
    """{"target", "message", "lines"} per item to check, in page order. Also marks the view: meta["missing"]
    (fields not read), each task's "no_lead" and "needs_check", each assignment's "state"."""
    meta = view.get("meta", {})
    if meta.get("issuer") and not meta.get("issuer_id") and _ID.search(meta["issuer"]):
        meta["issuer"] = _ID.sub("", meta["issuer"]).strip()  # never show an internal number
    lines_of = meta.get("source_lines") or {}
    checks: list[dict] = []
    meta["missing"] = []
    for field, label, source in HEADER_FIELDS:
        if not str(meta.get(field) or "").strip():
            meta["missing"].append(field)
            written = meta.get("issuer_written") if field == "issuer" else ""
            message = (f"Chưa khớp “{written}” với đơn vị nào trong cây tổ chức: chọn cơ quan ban hành."
                       if written else f"Chưa đọc được {label.lower()}: hãy điền theo văn bản.")
            checks.append({"target": f"meta-{field}", "message": message, "lines": lines_of.get(source) or []})
    issuer = _issuer(view)
    matcher = matcher_for(issuer) if issuer else None
    for number, task in enumerate(view.get("tasks", []), start=1):
        target = f"task-{number - 1}"
        task["no_lead"] = bool(task.get("text")) and task.get("include", True) and not _lead_of(task)
        flagged = task["no_lead"]
        if task["no_lead"]:
            checks.append({"target": target, "lines": task.get("lines") or [],
                           "message": f"Nhiệm vụ {number} chưa có đơn vị chủ trì."})
        for assignment in task.get("assignments", []):
            assignment["state"] = _state(assignment, matcher)
            name = _ID.sub("", assignment.get("unit") or assignment.get("written") or "").strip()
            message = {"new": f"Nhiệm vụ {number}: “{name}” chưa có trong cây tổ chức, sẽ được tạo mới.",
                       "loose": f"Nhiệm vụ {number}: “{assignment.get('written')}” được khớp gần đúng, "
                                "hãy kiểm tra.",
                       "ambiguous": f"Nhiệm vụ {number}: “{name}” trùng tên nhiều đơn vị, hãy chọn một.",
                       "group": f"Nhiệm vụ {number}: “{assignment.get('written')}” là một nhóm đơn vị, "
                                "hãy chọn các đơn vị cụ thể nếu cần theo dõi riêng."}.get(assignment["state"])
            if message:
                flagged = True
                checks.append({"target": target, "message": message, "lines": task.get("lines") or []})
        task["needs_check"] = flagged
    for warning in view.get("warnings", []):
        checks.append({"target": "", "message": warning.get("message", ""), "lines": warning.get("lines") or []})
    return checks
