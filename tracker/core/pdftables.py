"""Ruled tables of a PDF page (a Word table printed to PDF, an annex "PHỤ LỤC … NHIỆM VỤ") rebuilt as rows of cells.

The ruling lines are read from the page's path objects; the grid they draw gives rows and columns, a missing rule
inside the grid joins two grid cells (a merged cell), and the words of a cell are put back in reading order. Each row
becomes one "a | b | c" line, as the .docx reader writes a task table, so the parser reads both alike.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

from tracker.core.layout import Run, TableBlock, join_hyphen

_SNAP = 2.0  # points: rules closer than this are one rule (a border drawn twice, a cell's own outline)
_MIN_COLUMNS = 3  # two columns or fewer is a layout table (header, signature): the column reader handles it


@dataclass
class _Rule:
    at: float  # y of a horizontal rule, x of a vertical one (top-down page coordinates)
    start: float
    end: float


def page_rules(page, height: float) -> tuple[list[_Rule], list[_Rule]]:
    """Horizontal and vertical segments drawn on the page (borders, thin filled rectangles), top-down."""
    import pypdfium2.raw as pdfium_c

    horizontal: list[_Rule] = []
    vertical: list[_Rule] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects():
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        if right - left < 1.5 * _SNAP and top - bottom > 4:  # a thin filled rectangle or a stroked line
            vertical.append(_Rule((left + right) / 2, height - top, height - bottom))
            continue
        if top - bottom < 1.5 * _SNAP and right - left > 4:
            horizontal.append(_Rule(height - (top + bottom) / 2, left, right))
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        if not stroke.value:
            continue  # a filled area (cell or paragraph shading) draws no rule
        matrix = obj.get_matrix()
        points = []
        for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            px, py = matrix.on_point(x.value, y.value)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                points = [(px, py)]
                continue
            if points and kind == pdfium_c.FPDF_SEGMENT_LINETO:
                (ax, ay), (bx, by) = points[-1], (px, py)
                if abs(ay - by) < 0.5 and abs(ax - bx) > 4:
                    horizontal.append(_Rule(height - ay, min(ax, bx), max(ax, bx)))
                elif abs(ax - bx) < 0.5 and abs(ay - by) > 4:
                    vertical.append(_Rule(ax, height - max(ay, by), height - min(ay, by)))
            points.append((px, py))
            if pdfium_c.FPDFPathSegment_GetClose(segment) and len(points) > 2:
                (ax, ay), (bx, by) = points[-1], points[0]
                if abs(ay - by) < 0.5 and abs(ax - bx) > 4:
                    horizontal.append(_Rule(height - ay, min(ax, bx), max(ax, bx)))
                elif abs(ax - bx) < 0.5 and abs(ay - by) > 4:
                    vertical.append(_Rule(ax, height - max(ay, by), height - min(ay, by)))
    return horizontal, vertical


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return out


def _covers(rules: list[_Rule], at: float, start: float, end: float) -> bool:
    """A rule at `at` runs over most of [start, end]."""
    return any(abs(r.at - at) <= _SNAP and r.start <= start + 0.25 * (end - start)
               and r.end >= end - 0.25 * (end - start) for r in rules)


def _groups(horizontal: list[_Rule], vertical: list[_Rule]) -> list[tuple[list[_Rule], list[_Rule]]]:
    """Rules that touch each other, as separate tables."""
    rules = [("h", r) for r in horizontal] + [("v", r) for r in vertical]
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ki, a) in enumerate(rules):
        for j in range(i + 1, len(rules)):
            kj, b = rules[j]
            if ki == kj:
                continue
            h, v = (a, b) if ki == "h" else (b, a)
            if v.start - _SNAP <= h.at <= v.end + _SNAP and h.start - _SNAP <= v.at <= h.end + _SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, (kind, rule) in enumerate(rules):
        group = groups.setdefault(find(i), ([], []))
        group[0 if kind == "h" else 1].append(rule)
    return list(groups.values())


def _cell_text(runs: list[Run]) -> str:
    """The words of one cell in reading order: its visual lines top to bottom, a hyphenated word joined."""
    heights = sorted(r.bottom - r.top for r in runs)
    letter = heights[len(heights) // 2] if heights else 1.0
    lines: list[list[Run]] = []
    span = (0.0, 0.0)
    for run in sorted(runs, key=lambda r: (r.top + r.bottom) / 2):
        middle = (run.top + run.bottom) / 2
        if lines and span[0] <= middle <= span[1]:
            lines[-1].append(run)
        else:
            lines.append([run])
            span = (middle - 0.4 * letter, middle + 0.4 * letter)  # a dash or a comma sits inside its line
    text = ""
    for line in lines:
        part = " ".join(r.text for r in sorted(line, key=lambda r: r.x0)).strip()
        text = join_hyphen(text, part) if text else part
    return text


def extract_tables(runs: list[Run], horizontal: list[_Rule], vertical: list[_Rule]) -> tuple[list[Run],
                                                                                            list[TableBlock]]:
    """The runs outside any ruled table of three columns or more, and those tables as rows of cell texts."""
    tables: list[TableBlock] = []
    for hs, vs in _groups(horizontal, vertical):
        xs, ys = _snap([r.at for r in vs]), _snap([r.at for r in hs])
        if len(xs) < _MIN_COLUMNS + 1 or len(ys) < 2:
            continue
        cols, rows = len(xs) - 1, len(ys) - 1
        anchor = {(r, c): (r, c) for r in range(rows) for c in range(cols)}
        for r in range(rows):
            for c in range(cols):
                # no rule on the left: the cell continues the one beside it; no rule above: the one above it
                if c and not _covers(vs, xs[c], ys[r], ys[r + 1]):
                    anchor[r, c] = anchor[r, c - 1]
                elif r and not _covers(hs, ys[r], xs[c], xs[c + 1]):
                    anchor[r, c] = anchor[r - 1, c]
        inside: dict[tuple[int, int], list[Run]] = {}
        rest: list[Run] = []
        for run in runs:
            cx, cy = (run.x0 + run.x1) / 2, (run.top + run.bottom) / 2
            if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
                c = max(i for i in range(cols) if xs[i] <= cx)
                r = max(i for i in range(rows) if ys[i] <= cy)
                inside.setdefault(anchor[r, c], []).append(run)
            else:
                rest.append(run)
        if not inside:
            continue
        runs = rest
        lines = []
        for r in range(rows):
            cells = [_cell_text(inside.get((r, c), [])) if anchor[r, c] == (r, c) else "" for c in range(cols)]
            if any(cells):
                lines.append(" | ".join(cells))
        tables.append(TableBlock(ys[0], ys[-1], lines, cols))
    return runs, tables
