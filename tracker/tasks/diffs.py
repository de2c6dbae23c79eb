"""Before/after lines of a task change for its timeline, from the audit row's recorded changes."""
from __future__ import annotations

from datetime import date

FIELD_LABELS = {"text": "Nội dung", "section_id": "Mục", "due_on": "Thời hạn", "deadline_phrase": "Thời hạn ghi",
                "assignments": "Đơn vị thực hiện", "groups": "Nhóm đơn vị", "position": "Vị trí",
                "implements_task_id": "Nhiệm vụ cấp trên"}


def _shown(field: str, value) -> str:
    if value in (None, "", []):
        return "(trống)"
    if field == "due_on":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)
    if field in ("assignments", "groups"):
        return "; ".join(f"{name} ({role.lower()})" for name, role in value)
    if field == "implements_task_id":
        return f"#{value}"
    return str(value)


def diff_lines(changes: dict | None) -> list[tuple[str, str, str]]:
    """[(label, before, after)] of the fields a change recorded as [before, after]."""
    lines = []
    for field, label in FIELD_LABELS.items():
        value = (changes or {}).get(field)
        if not (isinstance(value, list) and len(value) == 2):
            continue
        if field not in ("assignments", "groups") or all(isinstance(v, list) for v in value):
            lines.append((label, _shown(field, value[0]), _shown(field, value[1])))
    return lines
