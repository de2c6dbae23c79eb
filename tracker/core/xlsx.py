"""Shared .xlsx conventions: formula-injection guard (in to_bytes), title and header rows, dates, bytes."""
from __future__ import annotations

import io
from copy import copy
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
WRAP = Alignment(wrap_text=True, vertical="top")


def guard(wb: Workbook) -> None:
    """Every text cell that a spreadsheet would run as a formula (= + - @ ...) is stored as text with Excel's
    quote prefix: nothing runs, and the text reads as written (no visible apostrophe before a "- " bullet)."""
    for ws in wb.worksheets:
        # The cells that exist (iter_rows would walk, and create, every cell of the used rectangle).
        for cell in list(getattr(ws, "_cells", {}).values()):
            if isinstance(cell.value, str) and cell.value.startswith(_DANGEROUS):
                cell.data_type = "s"
                cell.quotePrefix = True


def write_title(ws: Worksheet, row: int, text: str, width: int, size: int = 13) -> None:
    """A bold title in column A, merged over `width` columns."""
    cell = ws.cell(row, 1, text)
    cell.font = Font(bold=True, size=size)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def write_header(ws: Worksheet, row: int, columns: list[tuple[str, float]]) -> None:
    """Bold, wrapped column headings with their widths; rows above and including it stay frozen."""
    for col, (name, width) in enumerate(columns, start=1):
        cell = ws.cell(row, col, name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row + 1, 1)


DATE_ALIGN = Alignment(vertical="top", horizontal="center")


def styled(ws: Worksheet, cell, key, setter) -> None:
    """Give `cell` the sheet's style `key`, made by `setter(cell)` on its first cell. Setting a style object hashes
    it and looks it up in the workbook's tables on every cell (a third of a large export's time); the first cell
    of each key does that, the others copy its style ids."""
    known = ws.__dict__.setdefault("_tracker_styles", {})
    if key in known:
        cell._style = copy(known[key])
        return
    setter(cell)
    known[key] = copy(cell._style)


def _date_style(cell) -> None:
    cell.number_format = DATE_FORMAT
    cell.alignment = DATE_ALIGN


def _wrap_style(cell) -> None:
    cell.alignment = WRAP


def write_cell(ws: Worksheet, row: int, col: int, value, wrap: bool = True):
    """One guarded cell: dates become real Excel dates shown dd/mm/yyyy, text wraps."""
    cell = ws.cell(row, col, value)
    if isinstance(value, (date, datetime)):
        styled(ws, cell, "date", _date_style)
    elif wrap:
        styled(ws, cell, "wrap", _wrap_style)
    return cell


def to_bytes(wb: Workbook) -> bytes:
    """The workbook's bytes, guarded against formula injection."""
    guard(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
