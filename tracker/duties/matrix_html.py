"""The body of the monitor's dashboard matrix (units × duty periods) as HTML built in Python: the centre's page has
50 units × some 300 periods, 15,000 cells, and Jinja spent 130 ms a request looking up each cell's attributes
(four times its SQL). templates/duties/dashboard.html puts the result in its <tbody>."""
from __future__ import annotations

from markupsafe import Markup, escape

from tracker.core.formats import vn_percent
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
