"""Positioned text runs of a page (from a PDF text layer or OCR) back into the lines a Word file would give.

Pages are read top to bottom; the two-column header (issuer and "Số:" left, motto and date right) and the
"Nơi nhận" / signature block are put back as the left column then the right column; running headers,
footers and page numbers are dropped; a visual line that continues a paragraph is joined to it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_PAGE_NUMBER = re.compile(r"[-–—\s]*(trang\s*)?\d{1,3}(\s*/\s*\d{1,3})?[-–—\s]*", re.I)
_MARKER = re.compile(r"^\s*([-–+•*▪◦]|\d{1,2}(\.\d{1,2})*[.)]|[a-zđ][.)]|[IVXL]{1,5}\.|(Điều|Mục|Phần|Chương)\s)")
MARGIN_ZONE = 0.075  # share of the page height at top and bottom where running headers and page numbers sit


@dataclass
class Run:
    """A run of text on one visual line, with its box in page units (top-down coordinates)."""
    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass
class TableBlock:
    """A ruled table rebuilt from the page's grid: one "a | b | c" line per row (see core.pdftables)."""
    top: float
    bottom: float
    rows: list[str]
    columns: int


@dataclass
class Page:
    width: float
    height: float
    runs: list[Run]
    tables: list[TableBlock] = field(default_factory=list)


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    runs: list[Run] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(r.x0 for r in self.runs)

    @property
    def x1(self) -> float:
        return max(r.x1 for r in self.runs)

    @property
    def text(self) -> str:
        return " ".join(r.text for r in self.runs)


def _overlaps(line: _Line, run: Run) -> bool:
    """The run covers a word already on the line: two words of one visual line never stand on each other."""
    return any(min(r.x1, run.x1) - max(r.x0, run.x0) > 0.3 * min(r.x1 - r.x0, run.x1 - run.x0) for r in line.runs)


def _group_lines(page: Page, index: int) -> list[_Line]:
    lines: list[_Line] = []
    tallest: dict[int, float] = {}
    for run in sorted(page.runs, key=lambda r: (r.top + r.bottom) / 2):
        # A line grows with letters of other heights, but never past 1.6 letters (two stacked lines of a table
        # cell stay two lines) and never over a word it already has (an OCR box swollen by a diacritic of the
        # line below must not pull two header lines into one); the line before the last may take it then.
        for line in lines[-1:-3:-1]:
            height = max(tallest[id(line)], run.bottom - run.top)
            if max(line.bottom, run.bottom) - min(line.top, run.top) <= 1.6 * height and not _overlaps(line, run):
                line.runs.append(run)
                line.top, line.bottom, tallest[id(line)] = min(line.top, run.top), max(line.bottom, run.bottom), height
                break
        else:
            lines.append(_Line(index, run.top, run.bottom, [run]))
            tallest[id(lines[-1])] = run.bottom - run.top
    for line in lines:
        line.runs = _merge_runs(sorted(line.runs, key=lambda r: r.x0), page.width)
    return lines


def _merge_runs(runs: list[Run], width: float) -> list[Run]:
    """Runs closer than about two letter heights belong to one phrase, and up to three when they are not a left
    and a right column (justified text stretches its spaces); wider gaps separate columns and table cells."""
    merged: list[Run] = []
    for run in runs:
        prev = merged[-1] if merged else None
        height = max(1.0, run.bottom - run.top, prev.bottom - prev.top if prev is not None else 0.0)
        gap = run.x0 - prev.x1 if prev is not None else 0.0
        columns = prev is not None and _side(prev, width) == "L" and run.x0 >= 0.40 * width
        if prev is not None and (gap < 1.6 * height or (gap < 3.0 * height and not columns)):
            glue = "" if gap < 0.12 * height or run.text[:1] in ",.;:)" else " "
            merged[-1] = Run(prev.x0, min(prev.top, run.top), run.x1, max(prev.bottom, run.bottom),
                             prev.text + glue + run.text)
        else:
            merged.append(run)
    return merged


def _side(run: Run, width: float) -> str:
    center = (run.x0 + run.x1) / 2
    if run.x1 <= 0.56 * width and center < 0.42 * width:
        return "L"
    if run.x0 >= 0.40 * width and center > 0.56 * width:
        return "R"
    return "M"


def _side_text(line: _Line, width: float, side: str) -> str:
    return " ".join(r.text.strip() for r in line.runs if _side(r, width) == side)


def _running(pages: list[list[_Line]], sizes: list[Page]) -> set[tuple[int, int]]:
    """(page, line index) of page numbers, and of margin lines repeated on several pages (headers, footers)."""
    drop: set[tuple[int, int]] = set()
    seen: Counter[str] = Counter()
    margin: list[tuple[int, int, str]] = []
    for p, lines in enumerate(pages):
        height = sizes[p].height
        for i, line in enumerate(lines):
            if line.bottom < MARGIN_ZONE * height or line.top > (1 - MARGIN_ZONE) * height:
                key = re.sub(r"\d+", "#", line.text.strip().lower())
                if _PAGE_NUMBER.fullmatch(line.text):
                    drop.add((p, i))
                else:
                    margin.append((p, i, key))
                    seen[key] += 1
    if len(pages) > 1:
        drop.update((p, i) for p, i, key in margin if seen[key] >= 2)
    return drop


def _column_blocks(lines: list[_Line], width: float, first_page: bool) -> list[tuple[str, _Line | list[str]]]:
    """The page as items: ("line", line) or ("block", [left lines..., right lines...]) for a two-column block."""
    items: list[tuple[str, object]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and all(_side(r, width) != "M" for r in lines[j].runs):
            j += 1
        run = lines[i:j]
        two_sided = any(len({_side(r, width) for r in line.runs}) == 2 for line in run)
        is_header = first_page and i == 0
        is_tail = any(r.text.lower().startswith("nơi nhận") for line in run for r in line.runs)
        if run and two_sided and (is_header or is_tail):
            left = [t for t in (_side_text(line, width, "L") for line in run) if t]
            right = [t for t in (_side_text(line, width, "R") for line in run) if t]
            items.append(("block", left + [""] + right + [""]))
            i = j
        else:
            items.append(("line", lines[i]))
            i += 1
    return items


def join_hyphen(left: str, right: str) -> str:
    """Two visual lines of one paragraph: a line ending in a hyphen glued to a word ("các-" + "bon", "NĐ-" + "CP":
    Word wraps after a hyphen, Vietnamese is never hyphenated by the typesetter) goes on without a space."""
    if left.endswith("-") and right[:1].isalnum() and not left.endswith(" -") and len(left) > 1:
        return left + right
    return left + " " + right


def _add_table(out: list[str], table: TableBlock, last: tuple[str, int, int] | None) -> tuple[str, int, int]:
    """Write a table's rows; a table that goes on from the last one written (same columns, right after it, on the
    next page) drops its repeated heading row, and a first row with an empty first cell finishes the row the page
    break cut."""
    rows = list(table.rows)
    goes_on = last is not None and last[1] == table.columns and last[2] == len(out) - 2
    if goes_on and rows and rows[0] == last[0]:
        rows = rows[1:]
    if goes_on and rows and not rows[0].split(" | ")[0]:
        before, after = out[last[2]].split(" | "), rows.pop(0).split(" | ")
        out[last[2]] = " | ".join(join_hyphen(a, b).strip() if a and b else a or b for a, b in zip(before, after))
    if goes_on:
        out.pop()  # the blank line after the part on the previous page
    elif out and out[-1]:
        out.append("")
    out.extend(rows)
    index = len(out) - 1
    out.append("")
    return (table.rows[0] if not goes_on else last[0]), table.columns, index


def pages_to_lines(pages: list[Page]) -> list[str]:
    """Lines in reading order, NFC, one per paragraph as a Word file would give them."""
    grouped = [_group_lines(page, index) for index, page in enumerate(pages)]
    drop = _running(grouped, pages)
    out: list[str] = []
    prev: _Line | None = None  # the last single-run body line written, that the next one may continue
    prev_edges: tuple[float, float, float] | None = None
    prev_line: _Line | None = None
    last_table: tuple[str, int, int] | None = None  # (first row, its columns, index in `out` of the last row)
    for p, lines in enumerate(grouped):
        width = pages[p].width
        lines = [line for i, line in enumerate(lines) if (p, i) not in drop]
        singles = [line for line in lines if len(line.runs) == 1 and line.x1 - line.x0 > 0.5 * width]
        left = Counter(round(line.x0) for line in singles).most_common(1)[0][0] if singles else 0.0
        right = max((line.x1 for line in singles), default=width)
        items = _column_blocks(lines, width, p == 0)
        for table in pages[p].tables:
            at = next((k for k, (kind, item) in enumerate(items)
                       if kind == "line" and item.top > table.top), len(items))
            items.insert(at, ("table", table))
        for kind, item in items:
            if kind == "block":
                out.extend(item)
                prev = None
                continue
            if kind == "table":
                last_table = _add_table(out, item, last_table)
                prev, prev_line = None, None
                continue
            line = item
            text = line.text.strip() if len(line.runs) == 1 else " | ".join(r.text.strip() for r in line.runs)
            if not text:
                continue
            height = max(1.0, line.bottom - line.top)
            continues = (prev is not None and len(line.runs) == 1 and prev_edges is not None
                         and prev_edges[1] >= prev_edges[2] - 0.06 * width
                         and line.x0 <= left + 0.4 * height and not _MARKER.match(text)
                         and (prev.page != line.page or line.top - prev.bottom < 1.2 * height))
            if continues:
                out[-1] = join_hyphen(out[-1], text)
            else:
                if prev_line is not None and prev_line.page == line.page and out and out[-1] and \
                        line.top - prev_line.bottom > 1.0 * height:
                    out.append("")  # a wide vertical gap (title block, empty paragraph) is a paragraph break
                out.append(text)
            prev_line = line
            prev, prev_edges = (line, (line.x0, line.x1, right)) if len(line.runs) == 1 else (None, None)
    return [unicodedata.normalize("NFC", line).rstrip() for line in out]
