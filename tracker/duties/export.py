"""The dashboard matrix as an .xlsx workbook (pure builder; text cells guarded against formula injection)."""
from __future__ import annotations

from openpyxl.styles import Font, PatternFill

from tracker.core.xlsx import Sheet

FILLS = {"on_time": "C6EFCE", "late": "FFEB9C", "missing": "FFC7CE", "returned": "BDD7EE", "pending": "EDEDED"}


def build_matrix_xlsx(matrix, title: str) -> bytes:
    """One sheet: units × (duty, period) with status, then per-unit and per-column rates."""
    sheet = Sheet("Tình hình nộp báo cáo")
    sheet.append([title], sheet.style(font=Font(bold=True, size=13)))
    duty_names = {d.id: d.title for d in matrix.duties}
    header = ["Đơn vị", "Trực thuộc"] + [f"{duty_names.get(c['duty_id'], '')[:60]} – {c['label']}"
                                         for c in matrix.columns] + ["Đã nộp/phải nộp", "Tỉ lệ nộp (%)",
                                                                     "Tỉ lệ đúng hạn (%)"]
    sheet.append(header, sheet.style(font=Font(bold=True)))
    fills = {key: sheet.style(fill=PatternFill("solid", fgColor=colour)) for key, colour in FILLS.items()}
    # A unit's cells, found from the cells themselves: the central matrix is 3,000 units × 300 periods, mostly empty,
    # and its 27,000 cells take a handful of values (a status, the days late), each written out once.
    positions: dict[tuple, list[int]] = {}
    for col, c in enumerate(matrix.columns, start=2):
        positions.setdefault((c["duty_id"], c["key"]), []).append(col)
    prepared: dict[tuple, object] = {}
    by_unit: dict[int, dict] = {}
    for (unit_id, duty_id, key), found in matrix.cells.items():
        cols = positions.get((duty_id, key))
        if not cols:
            continue
        look = (found["status"], found["days_late"])
        cell = prepared.get(look)
        if cell is None:
            text = found["label"] + (f" ({found['days_late']} ngày)" if found["days_late"] else "")
            cell = prepared[look] = sheet.prepared(text, fills[found["status"]])
        row_cells = by_unit.get(unit_id)
        if row_cells is None:
            row_cells = by_unit[unit_id] = {}
        for col in cols:
            row_cells[col] = cell
    end = len(matrix.columns) + 2
    for row in matrix.rows:
        values = by_unit.get(row["unit_id"]) or {}
        values[0], values[1] = row["name"], row["parent"] or ""
        values[end], values[end + 1], values[end + 2] = f"{row['submitted']}/{row['due']}", row["rate"], row["timely"]
        sheet.append(values)
    sheet.append(["Tỉ lệ nộp (%)", ""] + [c["rate"] for c in matrix.columns] + [
        f"{matrix.totals['submitted']}/{matrix.totals['due']}", matrix.totals["rate"], matrix.totals["timely"]])
    sheet.append(["Tỉ lệ đúng hạn (%)", ""] + [c["timely"] for c in matrix.columns])
    sheet.column_width(1, 40)
    sheet.column_width(2, 28)
    sheet.freeze("C3")
    return sheet.to_bytes()
