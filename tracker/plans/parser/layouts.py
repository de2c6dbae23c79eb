"""Task layouts beside lists: labelled attributes ("Cơ quan chủ trì: Sở Tư pháp") and task tables (STT | Nội dung)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.core.deadlines import DeadlineContext, DeadlineSpec, find_deadlines
from tracker.core.vntext import fold
from tracker.plans.parser.units import Found, read_units

_LABEL = re.compile(
    r"(?:^|(?<=[.;,]\s))(?:(?:cơ quan|đơn vị|bộ phận)\s+)?(?P<k>chủ trì(?:,?\s+(?:thực hiện|tham mưu))?|phối hợp(?:\s+thực hiện)?|"
    r"thực hiện|thời gian(?:\s+(?:thực hiện|hoàn thành))?|thời hạn(?:\s+hoàn thành)?|tiến độ(?:\s+thực hiện)?|"
    r"sản phẩm|kết quả|nội dung|lãnh đạo phụ trách|người phụ trách)\s*:\s*", re.IGNORECASE)
# Order matters: "Thời gian thực hiện" is a time, "Đơn vị thực hiện" a lead.
_KINDS = [("when", ("thoi gian", "thoi han", "tien do")), ("coordinate", ("phoi hop",)),
          ("lead", ("chu tri", "thuc hien")), ("text", ("noi dung", "nhiem vu", "cong viec", "ten"))]
_NUMBER_COLUMN = re.compile(r"^(?:stt|tt|so tt|so thu tu)$")


@dataclass(frozen=True)
class Label:
    """One labelled value in a text: its kind (lead, coordinate, when, other), value and where it starts."""

    kind: str
    value: str
    start: int
    value_start: int
    name: str = ""


def _kind(name: str) -> str:
    key = fold(name)
    return next((kind for kind, words in _KINDS if key.startswith(words)), "other")


def labels(text: str) -> list[Label]:
    """The labelled values of a text, each running to the next label or the end of its clause."""
    found = list(_LABEL.finditer(text))
    out = []
    for k, match in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        value = text[match.end():end]
        out.append(Label(_kind(match.group("k")), value.strip().rstrip(".;,").strip(), match.start(), match.end(),
                         fold(match.group("k"))))
    return out


_CELL_SEPARATOR = re.compile(r"\s*(?:[;,]|\bvà\b|<br>|[-+•](?=\s))\s*")
_CELL_TAIL = re.compile(r"[^;,()]{1,40}?(?=\s*(?:[;,]|$))")


def units_in(value: str, offset: int = 0) -> list[Found]:
    """Units of a value that is known to name units (a table's "chủ trì" cell, a "Cơ quan phối hợp:" label):
    the names read by rule, each running to the next comma or semicolon ("các cơ quan chủ quản hệ thống"),
    and between them the pieces no rule reads ("VTV, VOV, TTXVN", "Doanh nghiệp viễn thông") taken whole."""
    out: list[Found] = []
    at, comma = 0, False
    while at < len(value):
        skip = _CELL_SEPARATOR.match(value, at)
        if skip and skip.end() > at:
            comma, at = skip.group(0).strip() == ",", skip.end()
            continue
        found, end = read_units(value, at)
        if found:
            tail = _CELL_TAIL.match(value, end)
            if tail and tail.group(0).strip() and tail.group(0)[:1].isspace() and tail.group(0).strip()[:1].islower():
                last = found[-1]
                end = end + len(tail.group(0))
                found[-1] = Found(last.start, end, value[last.start:end].strip(), last.note, last.is_group)
            out += found
            at = max(end, at + 1)
            continue
        piece = re.match(r"[^;,]*", value[at:]).group(0)
        name = piece.strip().rstrip(".").strip()
        if name and name[:1].islower() and out and comma and not re.match(r"(?:các|những)\s", name):  # "Doanh nghiệp viễn thông, điện lực": one name
            last = out[-1]
            out[-1] = Found(last.start, at + len(piece), value[last.start:at + len(piece)].strip(), last.note,
                            last.is_group)
        elif name and len(name.split()) <= 12:
            out.append(Found(at, at + len(piece), name, None, False))
        at += max(len(piece), 1)
    return [Found(f.start + offset, f.end + offset, f.name, f.note, f.is_group) for f in out]


_MONTH_YEAR = re.compile(r"^\s*(?:tháng\s+)?(\d{1,2})\s*/\s*((?:19|20)\d\d)\s*$", re.IGNORECASE)
_BARE_YEAR = re.compile(r"^\s*(?:năm\s+)?((?:19|20)\d\d)\s*\.?\s*$", re.IGNORECASE)
_DATE_IN = re.compile(r"(?:ngày\s+)?\d{1,2}\s*(?:/\s*\d{1,2}(?:\s*/\s*\d{4})?|\s+tháng\s+\d{1,2}(?:\s*,?\s+năm\s+\d{4})?)",
                      re.IGNORECASE)


def when_specs(value: str, context: DeadlineContext) -> list[DeadlineSpec]:
    """Deadlines of a time value (a column or label that means "when"): a bare "Năm 2025", "6/2025" or
    "Tháng 10/2025" means within it, a bare date "30/11/2026" means by it, and a slot "Từ 20 giờ 15 phút -
    20 giờ 45 phút ngày 08 tháng 5" is due on its day."""
    month = _MONTH_YEAR.match(value)
    year = _BARE_YEAR.match(value)
    value = f"tháng {month.group(1)}/{month.group(2)}" if month else f"năm {year.group(1)}" if year else value
    found = find_deadlines(value, context, spans=True) or find_deadlines(f"trong {value}", context, spans=True)
    if found:
        return found
    day = _DATE_IN.search(value)
    return find_deadlines(f"trước {day.group(0)}", context, spans=True) if day else []


def table_cells(text: str, in_table: bool = False) -> list[str] | None:
    """Cells of a table row ("| a | b |" or "a | b | c"; inside a table also "2 | Thẩm định"), or None when the
    text is not one."""
    if text.count("|") < (1 if in_table else 2):
        return None
    row = text.strip()
    if row.startswith("|") and row.endswith("|"):
        row = row[1:-1]  # "| a | b |"; a flattened " | b | c" keeps its empty first cell
    return [c.strip() for c in row.split("|")]


def is_separator(cells: list[str]) -> bool:
    """A Markdown table's "|---|:---:|" line."""
    return all(re.fullmatch(r":?-{2,}:?|", c) for c in cells)


def header_continuation(cells: list[str]) -> dict[str, int] | None:
    """Columns named by the second row of a two-row header ("Thực hiện" over "Đơn vị chủ trì | Đơn vị phối
    hợp"): every filled cell a short label of who or when; None for any other row."""
    filled = [(k, c) for k, c in enumerate(cells) if c.strip()]
    columns: dict[str, int] = {}
    for index, cell in filled:
        kind = next((kind for kind, words in _KINDS[:3] if len(cell) <= 40
                     and any(re.search(rf"\b{w}\b", fold(cell)) for w in words)), None)
        if kind is None:
            return None
        columns.setdefault(kind, index)
    return columns or None


def table_columns(cells: list[str]) -> dict[str, int] | None:
    """Column roles of a header row; None unless it names the task text and who or when. A header's cells are
    short labels: a row with a long cell or a numbered first cell is a task, whatever words it holds."""
    if any(len(c) > 80 for c in cells) or (cells and re.fullmatch(r"\d{1,3}\.?", cells[0].strip())):
        return None
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if _NUMBER_COLUMN.match(fold(cell)):
            columns.setdefault("number", index)
            continue
        for kind, words in _KINDS:
            if any(re.search(rf"\b{w}\b", fold(cell)) for w in words) and kind not in columns:
                columns[kind] = index
                break
    return columns if "text" in columns and ("lead" in columns or "when" in columns) else None
