"""The monitor's dashboard matrix (units × duty periods) as HTML built in Python: the centre's page has 50 units ×
some 300 periods, 15,000 cells, and Jinja spent 130 ms a request looking up each cell's attributes (four times its
SQL). templates/duties/dashboard.html puts the body in its <tbody>, the periods' heading row in its <thead> and their
rates in its <tfoot> (Jinja's loops over the 300 periods were 20 ms more, each due date's day-off note worked out
once per period rather than once per date)."""
from __future__ import annotations

from markupsafe import Markup, escape

from tracker.core.formats import vn_date, vn_percent
from tracker.core.workdays import effective_due_note
from tracker.duties.models import STATUS_COLOURS

EMPTY_CELL = '<td class="text-center text-muted">–</td>'


def matrix_body(m, expected_base: str) -> Markup:
    """The <tr>s of `m` (queries.Matrix): a heading row per parent unit, then one row per unit with a cell per
    column (a badge linking to the expected report at `expected_base` + its id, or "–") and its two rates."""
    columns = [(c["duty_id"], c["key"], escape(c["key"]), c["duty_id"]) for c in m.columns]
    cells = m.cells
    width = len(columns) + 3
    base = escape(expected_base)
    out: list[str] = []
    parent = None
    for r in m.rows:
        if r["parent"] != parent:
            parent = r["parent"]
            out.append(f'<tr class="table-group"><td colspan="{width}" class="small fw-semibold bg-light">'
                       f'{escape(parent or "")}</td></tr>')
        name = escape(r["name"])
        out.append(f'<tr data-unit="{name}"><th class="sticky-col fw-normal">{name}</th>')
        unit_id = r["unit_id"]
        for duty_id, key, key_html, duty_html in columns:
            cell = cells.get((unit_id, duty_id, key))
            if cell is None:
                out.append(EMPTY_CELL)
                continue
            status = escape(cell["status"])
            label = escape(cell["label"])
            late = f' ({cell["days_late"]} ngày)' if cell["days_late"] else ""
            out.append(f'<td class="text-center p-1 status-{status}" data-status="{status}" data-period="{key_html}"'
                       f' data-duty="{duty_html}"><a class="badge text-bg-{STATUS_COLOURS.get(cell["status"], "secondary")}'
                       f' text-decoration-none w-100" href="{base}{cell["id"]}" title="{label}">{label}{late}</a></td>')
        out.append(f'<td class="text-center small text-nowrap">{r["submitted"]}/{r["due"]}<br>'
                   f'{escape(vn_percent(r["rate"]))}</td>'
                   f'<td class="text-center small text-nowrap">{r["on_time"]}/{r["due"]}<br>'
                   f'{escape(vn_percent(r["timely"]))}</td></tr>')
    return Markup("".join(out))


def matrix_periods(m) -> Markup:
    """The <th>s of the matrix's second heading row: each period, and its due date with the day it moves to when
    it falls on a day off (a note written once per date: the periods of every duty share a few dates)."""
    dues: dict = {}
    out: list[str] = []
    for c in m.columns:
        label = escape(c["label"])
        if c["key"] == "once":
            out.append(f'<th class="text-center small text-nowrap">{label}</th>')
            continue
        day = c["due_on"]
        due = dues.get(day)
        if due is None:
            due = dues[day] = (f'<div class="fw-normal text-muted">hạn {escape(vn_date(day))}<span class="due-moved">'
                               f'{escape(effective_due_note(day))}</span></div>')
        out.append(f'<th class="text-center small text-nowrap">{label}{due}</th>')
    return Markup("".join(out))


def matrix_totals(m) -> Markup:
    """The <td>s of the matrix's footer: each period's submitted/due and its rates, or "chưa đến hạn"."""
    out: list[str] = []
    for c in m.columns:
        if c["due"]:
            out.append(f'<td class="text-center small">{c["submitted"]}/{c["due"]} ({escape(vn_percent(c["rate"]))})'
                       f'<br>đúng hạn {escape(vn_percent(c["timely"]))}</td>')
        else:
            out.append('<td class="text-center small">chưa đến hạn</td>')
    return Markup("".join(out))
