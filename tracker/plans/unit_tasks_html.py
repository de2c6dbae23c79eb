"""A plan page's "tasks by unit" card built in Python: a province's plan given to its communes lists some 2,000
(unit, task) lines, and Jinja spent a third of the page's time on them (three filters per unit, two per line).
templates/plans/_tasks_by_unit.html puts the result in the card."""
from __future__ import annotations

from flask import current_app
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from tracker.core.formats import vn_date
from tracker.core.workdays import effective_due_note

ROLE_COUNTS = (("lead", "primary", "chủ trì"), ("coordinate", "info", "phối hợp"), ("request", "warning", "đề nghị"))


def tasks_by_unit_html(groups) -> Markup:
    """The <div>s of `groups` (plans.queries.UnitTasks): the unit's name with how many tasks it leads (always
    shown), coordinates and is requested (when any), then its tasks numbered as in the plan, each with its
    deadline's words and date."""
    env = current_app.jinja_env
    out: list[str] = []
    lines: dict[int, str] = {}
    for group in groups:
        counts = {role: 0 for role, _, _ in ROLE_COUNTS}
        for _, role in group.rows:
            if role in counts:
                counts[role] += 1
        badges = [f'<span class="badge text-bg-{tone}">{counts[role]} {label}</span>'
                  for role, tone, label in ROLE_COUNTS if role == "lead" or counts[role]]
        items = []
        for task, _ in group.rows:
            line = lines.get(id(task))
            if line is None:  # a task given to 98 communes is written once, not 98 times
                line = lines[id(task)] = _line(env, task)
            items.append(line)
        out.append(f'<div class="mb-3"><div class="fw-semibold">{escape(group.unit_name)} {" ".join(badges)}</div>'
                   f'<ol class="small mb-0">{"".join(items)}</ol></div>')
    return Markup("".join(out))


def _line(env, task) -> str:
    line = f'<li value="{task.position + 1}">{escape(do_truncate(env, task.text or "", 220))}'
    if task.deadline_phrase:
        due = f" · {vn_date(task.due_on)}{escape(effective_due_note(task.due_on))}" if task.due_on else ""
        line += (f' <span class="badge text-bg-light border">'
                 f'{escape(do_truncate(env, task.deadline_phrase, 40))}{due}</span>')
    return line + "</li>"
