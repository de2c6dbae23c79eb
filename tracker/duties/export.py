"""The dashboard matrix as an .xlsx workbook (pure builder; text cells guarded against formula injection)."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from tracker.core.xlsx import styled, to_bytes

FILLS = {"on_time": "C6EFCE", "late": "FFEB9C", "missing": "FFC7CE", "returned": "BDD7EE", "pending": "EDEDED"}


def build_matrix_xlsx(matrix, title: str) -> bytes:
    """One sheet: units × (duty, period) with status, then per-unit and per-column rates."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tình hình nộp báo cáo"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    duty_names = {d.id: d.title for d in matrix.duties}
    ws.append(["Đơn vị", "Trực thuộc"] + [f"{duty_names.get(c['duty_id'], '')[:60]} – {c['label']}"
                                          for c in matrix.columns] + ["Đã nộp/phải nộp", "Tỉ lệ nộp (%)",
                                                                      "Tỉ lệ đúng hạn (%)"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    fills = {key: PatternFill("solid", fgColor=colour) for key, colour in FILLS.items()}
    for r, row in enumerate(matrix.rows, start=3):
        ws.cell(r, 1, row["name"])
        ws.cell(r, 2, row["parent"] or "")
        for col, c in enumerate(matrix.columns, start=3):
            found = matrix.cells.get((row["unit_id"], c["duty_id"], c["key"]))
            if found is None:
                continue
            cell = ws.cell(r, col, found["label"] + (f" ({found['days_late']} ngày)" if found["days_late"] else ""))
            status = found["status"]
            styled(ws, cell, status, lambda c, status=status: setattr(c, "fill", fills[status]))
        end = len(matrix.columns) + 3
        ws.cell(r, end, f"{row['submitted']}/{row['due']}")
        ws.cell(r, end + 1, row["rate"])
        ws.cell(r, end + 2, row["timely"])
    ws.append(["Tỉ lệ nộp (%)", ""] + [c["rate"] for c in matrix.columns] + [
        f"{matrix.totals['submitted']}/{matrix.totals['due']}", matrix.totals["rate"], matrix.totals["timely"]])
    ws.append(["Tỉ lệ đúng hạn (%)", ""] + [c["timely"] for c in matrix.columns])
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 28
    ws.freeze_panes = "C3"
    return to_bytes(wb)
