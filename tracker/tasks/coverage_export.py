"""The coverage matrix as an .xlsx workbook (pure builder)."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from tracker.core.xlsx import to_bytes, write_cell, write_header, write_title
from tracker.tasks.coverage import CELL_LABELS, COVERED, MISSING, NO_PLAN, Coverage

FILLS = {COVERED: PatternFill("solid", fgColor="D1E7DD"), MISSING: PatternFill("solid", fgColor="F8D7DA"),
         NO_PLAN: PatternFill("solid", fgColor="FFF3CD")}
HEADER_ROW = 4


def build_coverage_xlsx(matrix: Coverage, title: str) -> bytes:
    """Rows: subordinate bodies; columns: the plan, the count not carried out, then one per upper task."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bao quát nhiệm vụ"
    columns = [("STT", 6), ("Cơ quan, địa phương", 34), ("Kế hoạch của cơ quan", 30), ("Số nhiệm vụ chưa cụ thể hóa",
                                                                                        14)]
    columns += [(f"NV {i}", 14) for i, _ in enumerate(matrix.tasks, start=1)]
    write_title(ws, 1, title, len(columns))
    ws.row_dimensions[1].height = 36
    write_cell(ws, 2, 1, "Nhiệm vụ cấp trên: " + "; ".join(
        f"NV {i}: {t.text[:150]}" for i, t in enumerate(matrix.tasks, start=1)))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    ws.row_dimensions[2].height = 60
    write_header(ws, HEADER_ROW, columns)
    for number, row in enumerate(matrix.rows, start=1):
        r = HEADER_ROW + number
        plans = "; ".join(p.number_text or p.title[:60] for p in row.plans) or CELL_LABELS[NO_PLAN]
        for col, value in enumerate([number, row.body.name, plans, row.uncovered], start=1):
            write_cell(ws, r, col, value, wrap=col in (2, 3))
        for col, task in enumerate(matrix.tasks, start=len(columns) - len(matrix.tasks) + 1):
            state, count = row.cells[task.id]
            cell = write_cell(ws, r, col, f"{CELL_LABELS[state]} ({count})" if count else CELL_LABELS[state])
            if state in FILLS:
                cell.fill = FILLS[state]
    return to_bytes(wb)
