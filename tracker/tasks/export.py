"""A unit's task list as an .xlsx workbook (pure builder over (task, role, state) rows)."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from tracker.core.xlsx import to_bytes, write_cell, write_header, write_title
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
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    write_title(ws, 1, title, len(COLUMNS))
    ws.row_dimensions[1].height = 36
    if subtitle:
        write_cell(ws, 2, 1, subtitle).font = Font(italic=True)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    write_header(ws, HEADER_ROW, COLUMNS)
    for number, (task, role, state) in enumerate(rows, start=1):
        r = HEADER_ROW + number
        values = [number, plan_label(task.document), task.text, ROLE_LABELS.get(role or "", role or ""),
                  units_label(units.get(task.id, []), rollups), deadline_value(task),
                  STATUS_LABELS.get(task.status, task.status), STATE_LABELS.get(state, state), task.progress,
                  task.claimed_on]
        for col, value in enumerate(values, start=1):
            write_cell(ws, r, col, value, wrap=col not in (1, 9))
    last = HEADER_ROW + len(rows)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{ws.cell(last, len(COLUMNS)).column_letter}{max(last, HEADER_ROW + 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return to_bytes(wb)
