"""Shared .xlsx conventions and a fast one-sheet writer: formula-injection guard, title and header rows, dates."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone
from itertools import repeat
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import to_excel

from tracker.core import xlsx_parts
from tracker.core.xlsx_parts import DECLARATION, MAIN, REL, Style

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_ALIGN = Alignment(vertical="top", horizontal="center")
_TITLE_ALIGN = Alignment(wrap_text=True, vertical="center")
_HEADER_FONT = Font(bold=True)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
MAX_TEXT = 32767  # Excel's limit for one cell
SHORT_TEXT = 80  # texts up to this length have their XML kept by the sheet, written once for all their cells
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))  # & first
_BAD_TITLE = re.compile(r"[\\/*?:\[\]]")


class Prepared(str):
    """A cell's XML after its reference (` s="3" t="inlineStr"><is><t>…</t></is></c>`): Sheet.prepared."""


class Sheet:
    """One worksheet written row by row, and the whole .xlsx package around it written as text: building the frame
    with openpyxl's workbook and stylesheet objects cost ~10 ms a file, most of a small export. The cells, nearly all
    of a large export, are XML strings too. Every text cell that a spreadsheet would run as a formula (= + - @ ...)
    is stored as text with the quote prefix: nothing runs, and it reads as written."""

    def __init__(self, title: str):
        if not title or len(title) > 31 or _BAD_TITLE.search(title) or title[0] == "'" or title[-1] == "'":
            raise ValueError(f"not a sheet name Excel accepts (1-31 characters, none of []:*?/\\): {title!r}")
        self.name = title
        self.created = _utcnow()
        self.row = 0  # the last row written
        self.width = 0
        self._rows: list[str] = []
        self._texts: dict[str, str] = {}  # a short text's XML: statuses, units, labels recur from row to row
        self._styles = xlsx_parts.Styles()
        self._widths: dict[int, float] = {}
        self._merges: list[str] = []
        self._frozen: str | None = None
        self._filter: str | None = None
        self._print_rows: tuple[int, int] | None = None
        self._landscape = self._fit_width = False
        self.plain = self.style()
        self.wrap = self.style(alignment=WRAP)
        self.date = self.style(alignment=DATE_ALIGN, number_format=DATE_FORMAT)

    def style(self, *, font=None, alignment=None, fill=None, number_format=None) -> Style:
        """Register a style once; cells then carry only its id. font, alignment and fill are openpyxl's Font,
        Alignment and PatternFill, read for their values."""
        return self._styles.add(font, alignment, fill, number_format)

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
            self._merges.append(f"{_LETTERS[first_col - 1]}{row}:{_LETTERS[last_col - 1]}{row}")

    def column_width(self, col: int, width: float) -> None:
        """The width of column `col` (1-based), in characters."""
        self._widths[col] = width

    def freeze(self, cell: str) -> None:
        """Keep the rows above and the columns left of `cell` ("A4", "C3") in view while scrolling."""
        self._frozen = None if cell == "A1" else cell

    def auto_filter(self, ref: str) -> None:
        """Filter buttons on the first row of `ref` ("A3:J40")."""
        self._filter = ref

    def print_titles(self, first: int, last: int | None = None) -> None:
        """Rows printed again at the top of every page (a table's header)."""
        self._print_rows = (first, last or first)

    def landscape(self, fit_width: bool = True) -> None:
        """Print across the page; with `fit_width`, every column on one page wide, as many pages tall as needed."""
        self._landscape, self._fit_width = True, fit_width

    def title(self, text: str, width: int, size: int = 13, *, height: float | None = None) -> int:
        """A bold title in column A, merged over `width` columns."""
        style = self.style(font=Font(bold=True, size=size), alignment=_TITLE_ALIGN)
        row = self.append([text], style, height=height)
        self.merge(row, 1, width)
        return row

    def header(self, columns: list[tuple[str, float]]) -> int:
        """Bold, wrapped column headings with their widths; rows above and including it stay frozen."""
        style = self.style(font=_HEADER_FONT, alignment=_HEADER_ALIGN)
        row = self.append([name for name, _ in columns], style)
        for col, (_, width) in enumerate(columns, start=1):
            self.column_width(col, width)
        self.freeze(f"A{row + 1}")
        return row

    def to_bytes(self) -> bytes:
        """The workbook's bytes: a complete .xlsx package."""
        buffer = io.BytesIO()
        # Level 1: a large sheet zips three times faster than at the default level, a few per cent bigger.
        with ZipFile(buffer, "w", ZIP_DEFLATED, compresslevel=1) as package:
            package.writestr("[Content_Types].xml", xlsx_parts.content_types())
            package.writestr("_rels/.rels", xlsx_parts.PACKAGE_RELS)
            package.writestr("docProps/app.xml", xlsx_parts.APP)
            package.writestr("docProps/core.xml", xlsx_parts.core(self.created, _utcnow()))
            package.writestr("xl/workbook.xml", xlsx_parts.workbook(self.name, self._defined_names()))
            package.writestr("xl/_rels/workbook.xml.rels", xlsx_parts.WORKBOOK_RELS)
            package.writestr("xl/styles.xml", self._styles.xml())
            package.writestr("xl/theme/theme1.xml", xlsx_parts.THEME)
            with package.open("xl/worksheets/sheet1.xml", "w") as out:
                out.write(self._sheet_head().encode("utf-8"))
                for start in range(0, len(self._rows), 1000):  # never the whole sheet as one string
                    out.write("".join(self._rows[start:start + 1000]).encode("utf-8"))
                out.write(self._sheet_tail().encode("utf-8"))
        return buffer.getvalue()

    def _sheet_head(self) -> str:
        """The worksheet part up to its rows, elements in the order the schema requires."""
        last = f"{_LETTERS[max(self.width, 1) - 1]}{max(self.row, 1)}"
        parts = [DECLARATION, f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">']
        if self._fit_width:
            parts.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        parts.append(f'<dimension ref="A1:{last}"/>' if last != "A1" else '<dimension ref="A1"/>')
        parts.append(f'<sheetViews><sheetView tabSelected="1" workbookViewId="0">{_pane(self._frozen)}'
                     '</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
        if self._widths:
            parts.append("<cols>")
            parts.extend(f'<col min="{col}" max="{col}" width="{safe_string(width)}" customWidth="1"/>'
                         for col, width in sorted(self._widths.items()))
            parts.append("</cols>")
        parts.append("<sheetData>")
        return "".join(parts)

    def _sheet_tail(self) -> str:
        parts = ["</sheetData>"]
        if self._filter:
            parts.append(f'<autoFilter ref="{self._filter}"/>')
        if self._merges:
            parts.append(f'<mergeCells count="{len(self._merges)}">')
            parts.extend(f'<mergeCell ref="{ref}"/>' for ref in self._merges)
            parts.append("</mergeCells>")
        parts.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>')
        if self._landscape:
            fit = ' fitToWidth="1" fitToHeight="0"' if self._fit_width else ""
            parts.append(f'<pageSetup orientation="landscape"{fit}/>')
        parts.append("</worksheet>")
        return "".join(parts)

    def _defined_names(self) -> list[tuple[str, str, bool]]:
        """The filter's range (Excel keeps it as a hidden name) and the print titles, as sheet-local names."""
        sheet = "'" + self.name.replace("'", "''") + "'"
        names = []
        if self._filter:
            names.append(("_xlnm._FilterDatabase", f"{sheet}!{_absolute(self._filter)}", True))
        if self._print_rows:
            first, last = self._print_rows
            names.append(("_xlnm.Print_Titles", f"{sheet}!${first}:${last}", False))
        return names


_LETTERS = tuple(get_column_letter(i) for i in range(1, 16385))  # every column Excel has; a dict look-up each
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts a 29/02/1900 that never was: dates from 01/03/1900 on)


def _serial(value: date | datetime) -> str:
    """Excel's serial number of a date (a whole day) or a date-time."""
    if not isinstance(value, datetime) and value >= date(1900, 3, 1):
        return str((value - _EPOCH).days)
    return safe_string(to_excel(value))


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


def _utcnow() -> datetime:
    return datetime.now(tz=timezone.utc)


def _absolute(ref: str) -> str:
    """"A3:J40" as "$A$3:$J$40"."""
    return re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref)


def _pane(cell: str | None) -> str:
    """A sheet view's frozen pane at `cell` and its selections, as Excel writes them."""
    if cell is None:
        return '<selection activeCell="A1" sqref="A1"/>'
    row, col = coordinate_to_tuple(cell)
    split = (f' xSplit="{col - 1}"' if col > 1 else "") + (f' ySplit="{row - 1}"' if row > 1 else "")
    active = "bottomRight" if row > 1 and col > 1 else "bottomLeft" if row > 1 else "topRight"
    pane = f'<pane{split} topLeftCell="{cell}" activePane="{active}" state="frozen"/>'
    if active == "bottomRight":
        pane += '<selection pane="topRight"/><selection pane="bottomLeft"/>'
    return f'{pane}<selection pane="{active}" activeCell="{cell}" sqref="{cell}"/>'
