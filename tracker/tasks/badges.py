"""The small pieces of a task row (state, status and role badges, deadline, progress bar) as HTML built in Python,
installed as the template global `task_html`: a list of 50 tasks called Jinja macros some 300 times, a fifth of
its rendering. The macros of templates/tasks/_badges.html call these, so each piece has one definition."""
from __future__ import annotations

from flask import current_app
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from tracker.core.formats import vn_date, vn_percent
from tracker.core.templating import progress_tone
from tracker.core.workdays import effective_due_note
from tracker.plans.models import ROLE_LABELS
from tracker.tasks.deadlines import STATE_BADGES, STATE_LABELS
from tracker.tasks.models import STATUS_LABELS

ROLE_TONES = {"lead": "primary", "coordinate": "info"}  # a request (đề nghị) and anything else: warning


# Written as f-strings over escape(): Markup.format goes through string.Formatter, and a list of fifty rows
# calls these some 300 times.
def state_badge(state) -> Markup:
    return Markup(f'<span class="badge text-bg-{escape(STATE_BADGES.get(state, "secondary"))}" '
                  f'data-state="{escape(state)}">{escape(STATE_LABELS.get(state, state))}</span>')


def status_badge(status) -> Markup:
    return Markup(f'<span class="badge text-bg-light border" data-status="{escape(status)}">'
                  f'{escape(STATUS_LABELS.get(status, status))}</span>')


def role_badge(role) -> Markup:
    if not role:
        return Markup("")
    return Markup(f'<span class="badge text-bg-{escape(ROLE_TONES.get(role, "warning"))}">'
                  f'{escape(ROLE_LABELS.get(role, role))}</span>')


def deadline(task) -> Markup:
    """The written date (with the day it moves to when it falls on a day off), else the deadline's words."""
    if task.due_on:
        return Markup(f'{escape(vn_date(task.due_on))}<span class="due-moved text-muted small">'
                      f'{escape(effective_due_note(task.due_on)[2:])}</span>')
    if task.deadline_phrase:
        return escape(task.deadline_phrase)
    return Markup('<span class="text-muted">—</span>')


def progress(task) -> Markup:
    value = task.progress
    label = escape(vn_percent(value))
    return Markup(f'<div class="progress-line"><div class="progress" role="progressbar" aria-label="Tiến độ" '
                  f'aria-valuenow="{"" if value is None else escape(value)}" aria-valuemin="0" aria-valuemax="100" '
                  f'aria-valuetext="{label}"><div class="progress-bar bg-{escape(progress_tone(value))} '
                  f'pct-{escape(min(max(value or 0, 0), 100))}"></div></div><span class="progress-value">{label}'
                  f'</span></div>')


def task_row(task, role, state, unit_roles=None, *, detail_base: str, group_base: str) -> Markup:
    """One row of a task list (templates/tasks/index.html): the task's text linking to its page, then for a
    monitor's list the units given it, one line per role (`unit_roles`: TaskPage.unit_roles), else the unit's own
    role; deadline, status, deadline state and progress. `detail_base` and `group_base` are the task and group
    pages' addresses without their id (one url_for per page, not three per row: a list has fifty)."""
    link = f"{detail_base}{task.id}"
    text = escape(do_truncate(current_app.jinja_env, task.text or "", 160))
    if unit_roles is None:
        units = role_badge(role)
    else:
        parts = []
        for line_role, lines, more in unit_roles:
            names = []
            for line in lines:
                name = escape(line.name)
                if line.group_id:
                    name = f'<a href="{group_base}{line.group_id}">{name}</a>'
                if line.members is not None:
                    name += f' <span class="text-muted">({line.members} đơn vị)</span>'
                names.append(name)
            tail = f' <a class="text-muted" href="{link}">… và {more} đơn vị khác</a>' if more else ""
            parts.append(f'<div class="unit-role" data-role="{escape(line_role)}">{role_badge(line_role)} '
                         f'{"; ".join(names)}{tail}</div>')
        units = "".join(parts)
    return Markup(f'<tr class="task-row" data-task="{task.id}">\n'
                  f'      <td><a href="{link}">{text}</a></td>\n'
                  f'      <td class="small">{units}</td>\n'
                  f'      <td class="text-nowrap small">{deadline(task)}</td>\n'
                  f'      <td>{status_badge(task.status)}</td>\n'
                  f'      <td>{state_badge(state)}</td>\n'
                  f'      <td>{progress(task)}</td>\n'
                  f'    </tr>')


CARD_STATES = ("overdue", "due_soon", "done_on_time", "done_late")  # counted in a unit card's header


def plan_unit_cards(groups, *, detail_base: str, budget: int | None = None, unit_base: str = "") -> Markup:
    """The cards of a plan's "tasks by unit" page (templates/tasks/plan.html), from plan_tasks_by_unit: per unit
    its name, its overdue, due-soon and done counts, its number of tasks, then a line per task (role, text,
    deadline, status, state). A province plan given to its 98 communes has some 2,000 lines, and Jinja's macros
    and filters took 180 ms over them; a task's text and deadline are written once, not once per unit.

    With a `budget`, whole cards are written while their lines fit in it (the first one always); the cards after
    that keep their header and counts and fold their lines behind a link to the unit's own card (`unit_base` +
    unit id: its page without script, the card in place with htmx), as a cascade folds its deeper branches."""
    env = current_app.jinja_env
    left = budget
    out: list[str] = []
    shown: dict[int, str] = {}  # task id: its text link, deadline and status, the same under every unit
    roles: dict[str, str] = {}
    states: dict[str, str] = {}
    for unit, rows in groups:
        counts = {key: 0 for key in CARD_STATES}
        lines = []
        folded = left is not None and len(rows) > left and bool(out)  # the first card is whole, whatever its size
        if left is not None:
            left = 0 if folded else left - len(rows)
        for task, assignment, state in rows:
            if state in counts:
                counts[state] += 1
            if folded:
                continue
            middle = shown.get(task.id)
            if middle is None:
                middle = shown[task.id] = (
                    f'<a class="me-auto" href="{detail_base}{task.id}">'
                    f'{escape(do_truncate(env, task.text or "", 150))}</a>'
                    f'<span class="small text-nowrap">{deadline(task)}</span>{status_badge(task.status)}')
            role = roles.get(assignment.role)
            if role is None:
                role = roles[assignment.role] = role_badge(assignment.role)
            badge = states.get(state)
            if badge is None:
                badge = states[state] = state_badge(state)
            lines.append(f'<li class="list-group-item d-flex flex-wrap gap-2 align-items-center">'
                         f'{role}{middle}{badge}</li>')
        badges = "".join(f'<span class="badge text-bg-{escape(STATE_BADGES[key])}">'
                         f'{escape(STATE_LABELS[key])}: {n}</span>' for key, n in counts.items() if n)
        if folded:
            href = f"{unit_base}{unit.id}"
            body = (f'<div class="card-body py-2"><a class="btn btn-sm btn-outline-primary unit-unfold" '
                    f'href="{href}" hx-get="{href}" hx-target="closest .unit-group" hx-swap="outerHTML">'
                    f'Xem {len(rows)} nhiệm vụ của đơn vị</a></div>')
        else:
            body = f'<ul class="list-group list-group-flush">{"".join(lines)}</ul>'
        out.append(f'<div class="card mb-3 unit-group" id="unit-{unit.id}"><div class="card-header bg-white d-flex '
                   f'flex-wrap gap-2 align-items-center"><span class="fw-semibold me-auto">{escape(unit.name)}</span>'
                   f'{badges}<span class="badge text-bg-light border">{len(rows)} nhiệm vụ</span></div>{body}</div>')
    return Markup("".join(out))


CHART_UNITS = 20  # bars of a plan's chart of states by unit: past that the labels overlap


def state_counts(groups, limit: int = CHART_UNITS) -> list[tuple[object, dict[str, int]]]:
    """[(unit, {state: number of its tasks in it})] for the page's chart, counted once per row. Past `limit` units
    (a province plan given to its 98 communes: a hundred bars are unreadable), the units with most overdue, then
    due-soon tasks, most first; the others are in their cards below the chart (a bar adding them up dwarfed
    every other bar)."""
    result = []
    for unit, rows in groups:
        counts: dict[str, int] = {}
        for _, _, state in rows:
            counts[state] = counts.get(state, 0) + 1
        result.append((unit, counts))
    if len(result) <= limit:
        return result
    return sorted(result, key=lambda item: (-item[1].get("overdue", 0), -item[1].get("due_soon", 0)))[:limit]


def unit_options(units):
    """options(chosen ids as strings): the <option>s of every unit of `units`, the chosen ones selected. Each
    unit's markup is written once for a form's many selects (the derive form has nine per upper task, the task
    edit form three rows to add)."""
    plain = "".join(f'<option value="{u.id}">{escape(u.name)}</option>' for u in units)
    known = {str(u.id) for u in units}

    def options(chosen=()) -> Markup:
        html = plain
        for uid in set(chosen or ()) & known:  # most selects choose nothing: the list as written once
            html = html.replace(f'<option value="{uid}">', f'<option value="{uid}" selected>', 1)
        return Markup(html)
    return options
