"""The coverage matrix as an .xlsx workbook (pure builder)."""
from __future__ import annotations

from openpyxl.styles import PatternFill

from tracker.core.xlsx import WRAP, Sheet
from tracker.tasks.coverage import CELL_LABELS, COVERED, MISSING, NO_PLAN, Coverage

FILLS = {COVERED: "D1E7DD", MISSING: "F8D7DA", NO_PLAN: "FFF3CD"}
HEADER_ROW = 4


def build_coverage_xlsx(matrix: Coverage, title: str) -> bytes:
    """Rows: subordinate bodies; columns: the plan, the count not carried out, then one per upper task."""
    sheet = Sheet("Bao quát nhiệm vụ")
    columns = [("STT", 6), ("Cơ quan, địa phương", 34), ("Kế hoạch của cơ quan", 30), ("Số nhiệm vụ chưa cụ thể hóa",
                                                                                        14)]
    columns += [(f"NV {i}", 14) for i, _ in enumerate(matrix.tasks, start=1)]
    sheet.title(title, len(columns), height=36)
    tasks_line = "Nhiệm vụ cấp trên: " + "; ".join(f"NV {i}: {t.text[:150]}" for i, t in enumerate(matrix.tasks, start=1))
    sheet.merge(sheet.append([tasks_line], sheet.wrap, height=60), 1, len(columns))
    sheet.skip()
    sheet.header(columns)
    fills = {state: sheet.style(alignment=WRAP, fill=PatternFill("solid", fgColor=colour))
             for state, colour in FILLS.items()}
    for number, row in enumerate(matrix.rows, start=1):
        plans = "; ".join(p.number_text or p.title[:60] for p in row.plans) or CELL_LABELS[NO_PLAN]
        values = [number, row.body.name, plans, row.uncovered]
        styles = [sheet.plain, sheet.wrap, sheet.wrap, sheet.plain]
        for task in matrix.tasks:
            state, count = row.cells[task.id]
            values.append(f"{CELL_LABELS[state]} ({count})" if count else CELL_LABELS[state])
            styles.append(fills.get(state, sheet.wrap))
        sheet.append(values, styles)
    return sheet.to_bytes()
