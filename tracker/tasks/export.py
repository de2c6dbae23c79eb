"""A unit's task list as an .xlsx workbook (pure builder over (task, role, state) rows)."""
from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tracker.core.xlsx import Sheet
from tracker.plans.models import ROLE_LABELS
from tracker.tasks.deadlines import STATE_LABELS
from tracker.tasks.models import STATUS_LABELS

COLUMNS = [("STT", 6), ("Kế hoạch", 28), ("Nhiệm vụ", 60), ("Vai trò", 11), ("Đơn vị chủ trì/phối hợp", 34),
           ("Thời hạn", 14), ("Trạng thái", 16), ("Tình trạng hạn", 18), ("Tiến độ (%)", 10),
           ("Ngày báo cáo hoàn thành", 14)]
HEADER_ROW = 3


def plan_label(document) -> str:
    """"99/KH-UBND ngày 01/06/2026": the plan's number and date."""
    if document.issued_on:
        return f"{document.number_display} ngày {document.date_display}"
    return f"{document.number_display}, {document.date_display}"


def units_label(lines, rollups=None) -> str:
    """One line per role: "Chủ trì: A" / "Phối hợp: B, UBND các xã, phường (Tỉnh X) (102 đơn vị: 82/102 xã đã
    hoàn thành)" / "Đề nghị: D". `lines` are a task's queries.UnitLine; a group is one entry with its roll-up."""
    rollups = rollups or {}
    by_role: dict[str, list[str]] = {}
    for line in lines:
        name = line.name
        if line.group_id is not None:
            summary = rollups.get(line.group_id)
            name += f" ({line.members} đơn vị: {summary.headline})" if summary else f" ({line.members} đơn vị)"
        by_role.setdefault(line.role, []).append(name)
    return "\n".join(f"{label}: {', '.join(by_role[role])}" for role, label in ROLE_LABELS.items() if role in by_role)


def deadline_value(task):
    """The due date as a date, else the phrase as written ("Thường xuyên", "Trong quý III")."""
    return task.due_on or task.deadline_phrase or ""


def build_task_list_xlsx(rows, title: str, subtitle: str = "", units: dict | None = None,
                         rollups: dict | None = None) -> bytes:
    """One sheet: a title row, an optional filter line, a frozen bold header, then one row per task. `units` are
    {task id: UnitLine list} (queries.unit_lines), `rollups` {group id: GroupSummary}: a group is one entry."""
    units = units or {}
    rows = list(rows)
    sheet = Sheet("Nhiệm vụ")
    sheet.title(title, len(COLUMNS), height=36)
    if subtitle:
        italic = sheet.style(font=Font(italic=True), alignment=Alignment(wrap_text=True, vertical="top"))
        sheet.merge(sheet.append([subtitle], italic), 1, len(COLUMNS))
    else:
        sheet.skip()
    sheet.header(COLUMNS)
    plans: dict[int, str] = {}  # a province's 2,000 tasks come from a few hundred plans
    for number, (task, role, state) in enumerate(rows, start=1):
        plan = plans.get(task.document_id)
        if plan is None:
            plan = plans[task.document_id] = plan_label(task.document)
        values = [number, plan, task.text, ROLE_LABELS.get(role or "", role or ""),
                  units_label(units.get(task.id, []), rollups), deadline_value(task),
                  STATUS_LABELS.get(task.status, task.status), STATE_LABELS.get(state, state), task.progress,
                  task.claimed_on]
        sheet.append(values, sheet.cell_styles(values, plain=(0, 8)))
    last = HEADER_ROW + len(rows)
    sheet.auto_filter(f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{max(last, HEADER_ROW + 1)}")
    sheet.print_titles(HEADER_ROW)
    sheet.landscape(fit_width=True)
    return sheet.to_bytes()
