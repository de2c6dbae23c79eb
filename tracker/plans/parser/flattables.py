"""Task tables whose Markdown header survived but whose rows were flattened one cell per line (a web page copied
as text): the rows are rebuilt as "| 1 | … | … |" lines so the table reader sees a table again."""
from __future__ import annotations

import re

from tracker.core.vntext import fold
from tracker.plans.parser.layouts import is_separator, table_cells, table_columns

_MARKER = re.compile(r"^\s*(?:\d{1,3}|[IVX]{1,4}|[a-zđ])\s*[.)]?\s*$")
_EXTRA_HEADER = re.compile(r"^(?:thoi gian|thoi han|tien do|san pham|ket qua|ghi chu)\b.{0,30}$")
_MIN_ROWS = 2


def unflatten_tables(lines: list[str]) -> list[str]:
    """The lines with each flattened table rebuilt; line numbers are kept: a row is written on its first line
    and the lines its other cells came from are left blank."""
    out = list(lines)
    index = 0
    while index + 1 < len(out):
        cells = table_cells(out[index])
        if cells and table_columns(cells) and is_separator(table_cells(out[index + 1], in_table=True) or ["x"]):
            index = _rebuild(out, index, cells)
        index += 1
    return out


def _rebuild(out: list[str], at: int, header: list[str]) -> int:
    """Rebuild the flattened rows under the header row at `at`; returns the last line looked at."""
    start = at + 2
    end = start
    while end < len(out) and out[end].strip() and "|" not in out[end]:
        end += 1
    extra = start
    while extra < end and _EXTRA_HEADER.match(fold(out[extra].strip())):
        extra += 1  # a header cell that spilled onto its own line ("Thời gian thực hiện")
    rows = _rows(out, extra, end)
    if len(rows) < _MIN_ROWS:
        return at
    header = header + [out[k].strip() for k in range(start, extra)]
    out[at] = "| " + " | ".join(header) + " |"
    for k in range(start, end):
        out[k] = ""
    width = len(header)
    for first, cells in rows:
        marker, values = cells[0], cells[1:]
        if len(values) > width - 1:  # the row went on over a second printed line: its cells continue the first ones
            spill = len(values) - (width - 1)
            values = [f"{v} {values[width - 1 + k]}" if k < spill else v
                      for k, v in enumerate(values[:width - 1])]
        out[first] = "| " + " | ".join([marker.strip(" .)") or marker.strip()] + values) + " |"
    return end - 1


def _rows(out: list[str], start: int, end: int) -> list[tuple[int, list[str]]]:
    """(first line, cells) of each row: a row starts at a line holding only its number ("1", "a)", "II")."""
    if start >= end or not _MARKER.match(out[start]):
        return []
    rows: list[tuple[int, list[str]]] = []
    for k in range(start, end):
        text = out[k].strip()
        if _MARKER.match(text):
            rows.append((k, [text]))
        else:
            rows[-1][1].append(text)
    return rows
