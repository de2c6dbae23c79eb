"""Shared .xlsx conventions and a fast one-sheet writer: formula-injection guard, title and header rows, dates."""
from __future__ import annotations

import io
import re
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime, timezone
from itertools import repeat
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.writer.excel import ExcelWriter

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_ALIGN = Alignment(vertical="top", horizontal="center")
MAX_TEXT = 32767  # Excel's limit for one cell
SHORT_TEXT = 80  # texts up to this length have their XML kept by the sheet, written once for all their cells
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))  # & first


class Prepared(str):
    """A cell's XML after its reference (` s="3" t="inlineStr"><is><t>…</t></is></c>`): Sheet.prepared."""


@dataclass(frozen=True)
class Style:
    """A cell style registered in the workbook: its id, and the id of the same style with Excel's quote prefix
    (used for text a spreadsheet would run as a formula)."""

    id: int
    guarded: int


class Sheet:
    """One worksheet written row by row. openpyxl lays out the workbook, its styles and the sheet's frame (column
    widths, frozen panes, merges, filter, page setup); the cells, nearly all of a large export, are written here as
    XML text, several times faster than openpyxl's cell objects. Every text cell that a spreadsheet would run as a
    formula (= + - @ ...) is stored as text with the quote prefix: nothing runs, and it reads as written."""

    def __init__(self, title: str):
        self.workbook = Workbook(write_only=True)
        self.ws = self.workbook.create_sheet(title)
        self.row = 0  # the last row written
        self.width = 0
        self._rows: list[str] = []
        self._texts: dict[str, str] = {}  # a short text's XML: statuses, units, labels recur from row to row
        self.plain = self.style()
        self.wrap = self.style(alignment=WRAP)
        self.date = self.style(alignment=DATE_ALIGN, number_format=DATE_FORMAT)

    def style(self, *, font=None, alignment=None, fill=None, number_format=None) -> Style:
        """Register a style once; cells then carry only its id."""
        cell = WriteOnlyCell(self.ws)
        for name, value in (("font", font), ("alignment", alignment), ("fill", fill),
                            ("number_format", number_format)):
            if value is not None:
                setattr(cell, name, value)
        plain = cell.style_id
        cell._style = copy(cell._style)  # the workbook's table holds the registered array itself
        cell.quotePrefix = True
        return Style(plain, cell.style_id)

    def cell_styles(self, values, plain: tuple[int, ...] = ()) -> list[Style]:
        """The usual styles of a data row: dates shown dd/mm/yyyy, text wrapped at the top, and the columns in
        `plain` (0-based) left as they are."""
        return [self.date if isinstance(v, (date, datetime)) else self.plain if i in plain else self.wrap
                for i, v in enumerate(values)]

    def append(self, values, styles=None, *, height: float | None = None) -> int:
        """Write the next row and return its number. `values` is a list, or a sparse {0-based column: value} dict
        (a wide matrix of mostly empty cells); `styles` is one Style for every cell, or one per value in the same
        shape (None: unstyled)."""
        self.row += 1
        r = str(self.row)
        if isinstance(values, dict):
            width = max(values, default=-1) + 1
            columns = sorted(values)
            if styles is None or isinstance(styles, Style):
                styles = repeat(styles)
            else:
                styles = [styles.get(col) for col in columns]
            cells = zip([_LETTERS[col] for col in columns], [values[col] for col in columns], styles)
        else:
            width = len(values)
            if styles is None or isinstance(styles, Style):
                styles = repeat(styles)
            cells = zip(_LETTERS, values, styles)
        parts = [f'<row r="{r}" ht="{safe_string(height)}" customHeight="1">' if height else f'<row r="{r}">']
        add = parts.append
        texts = self._texts
        for letter, value, style in cells:
            if type(value) is Prepared:  # its style and content already written
                add(f'<c r="{letter}{r}"{value}')
            elif value is None or value == "":
                if style is not None and style.id:
                    add(f'<c r="{letter}{r}" s="{style.id}"/>')
            elif isinstance(value, str):
                s = (style.guarded if value.startswith(_DANGEROUS) else style.id) if style is not None else (
                    self.plain.guarded if value.startswith(_DANGEROUS) else 0)
                add(f'<c r="{letter}{r}" s="{s}" t="inlineStr">' if s else f'<c r="{letter}{r}" t="inlineStr">')
                xml = texts.get(value)
                if xml is None:
                    xml = _text(value)
                    if len(value) <= SHORT_TEXT:
                        texts[value] = xml
                add(xml)
                add("</c>")
            else:
                attrs = f' s="{style.id}"' if style is not None and style.id else ""
                if isinstance(value, bool):
                    add(f'<c r="{letter}{r}"{attrs} t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, (date, datetime)):
                    add(f'<c r="{letter}{r}"{attrs} t="n"><v>{_serial(value)}</v></c>')
                else:
                    add(f'<c r="{letter}{r}"{attrs} t="n"><v>{safe_string(value)}</v></c>')
        add("</row>")
        self._rows.append("".join(parts))
        self.width = max(self.width, width)
        return self.row

    def prepared(self, value, style: Style | None = None) -> Prepared:
        """A cell's value and style written out once, for a cell that recurs thousands of times (a status in a
        matrix): `append` then only adds its place."""
        saved, self.row, self._rows = (self.row, self._rows), 0, []
        try:
            self.append([value], style)
            xml = self._rows[0]
        finally:
            self.row, self._rows = saved
        start = xml.find('"A1"')
        return Prepared(xml[start + 4:xml.rindex("</row>")] if start >= 0 else "/>")  # "/>": an empty cell

    def skip(self) -> None:
        """Leave the next row empty."""
        self.row += 1

    def merge(self, row: int, first_col: int, last_col: int) -> None:
        """Merge columns first_col..last_col (1-based) of a row."""
        if last_col > first_col:
            self.ws.merged_cells.add(CellRange(min_row=row, max_row=row, min_col=first_col, max_col=last_col))

    def title(self, text: str, width: int, size: int = 13, *, height: float | None = None) -> int:
        """A bold title in column A, merged over `width` columns."""
        style = self.style(font=Font(bold=True, size=size), alignment=Alignment(wrap_text=True, vertical="center"))
        row = self.append([text], style, height=height)
        self.merge(row, 1, width)
        return row

    def header(self, columns: list[tuple[str, float]]) -> int:
        """Bold, wrapped column headings with their widths; rows above and including it stay frozen."""
        style = self.style(font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="center",
                                                                     horizontal="center"))
        row = self.append([name for name, _ in columns], style)
        for col, (_, width) in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(col)].width = width
        self.ws.freeze_panes = f"A{row + 1}"
        return row

    def to_bytes(self) -> bytes:
        """The workbook's bytes."""
        last = f"{get_column_letter(max(self.width, 1))}{max(self.row, 1)}"
        writer = _RowsWriter(self.ws, f"A1:{last}" if last != "A1" else "A1")
        self.ws._writer = writer
        writer.write_top()
        self.ws.close()
        # openpyxl has written the sheet's part to a file, the rows' place marked; the rows go in as they are.
        part = Path(writer.out)
        head, tail = part.read_bytes().split(f"<!--{_ROWS_MARK}-->".encode(), 1)
        with part.open("wb") as out:
            out.write(head)
            for start in range(0, len(self._rows), 1000):
                out.write("".join(self._rows[start:start + 1000]).encode("utf-8"))
            out.write(tail)
        buffer = io.BytesIO()
        # Level 1: a large sheet zips three times faster than at the default level, a few per cent bigger.
        self.workbook.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)
        ExcelWriter(self.workbook, ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1)).save()
        return buffer.getvalue()


_LETTERS = tuple(get_column_letter(i) for i in range(1, 16385))  # every column Excel has; a dict look-up each
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts a 29/02/1900 that never was: dates from 01/03/1900 on)


def _serial(value: date | datetime) -> str:
    """Excel's serial number of a date (a whole day) or a date-time."""
    if not isinstance(value, datetime) and value >= date(1900, 3, 1):
        return str((value - _EPOCH).days)
    return safe_string(to_excel(value))


_ROWS_MARK = "tracker-rows"
# Not allowed in XML 1.0 (or not encodable): dropped rather than failing the export.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """An inline string's XML: at most Excel's 32,767 characters, escaped, spaces kept where they matter."""
    text = value[:MAX_TEXT]
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    for char, entity in _ESCAPES:
        if char in text:
            text = text.replace(char, entity)
    if text != text.strip():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


class _RowsWriter(WorksheetWriter):
    """openpyxl's worksheet writer with a marker where the rows go, and the sheet's used range."""

    def __init__(self, ws, dimension: str):
        super().__init__(ws)
        self._dimension = dimension

    def write_dimensions(self):
        self.xf.send(SheetDimension(self._dimension).to_tree())

    def write_rows(self):
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.write(etree.Comment(_ROWS_MARK))
        self.xf.send(None)
