"""The small pieces of a task row (state, status and role badges, deadline, progress bar) as HTML built in Python,
installed as the template global `task_html`: a list of 50 tasks called Jinja macros some 300 times, a fifth of
its rendering. The macros of templates/tasks/_badges.html call these, so each piece has one definition."""
from __future__ import annotations

from markupsafe import Markup

from tracker.core.formats import vn_date, vn_percent
from tracker.core.templating import progress_tone
from tracker.core.workdays import effective_due_note
from tracker.plans.models import ROLE_LABELS
from tracker.tasks.deadlines import STATE_BADGES, STATE_LABELS
from tracker.tasks.models import STATUS_LABELS

ROLE_TONES = {"lead": "primary", "coordinate": "info"}  # a request (đề nghị) and anything else: warning


def state_badge(state) -> Markup:
    return Markup('<span class="badge text-bg-{}" data-state="{}">{}</span>').format(
        STATE_BADGES.get(state, "secondary"), state, STATE_LABELS.get(state, state))


def status_badge(status) -> Markup:
    return Markup('<span class="badge text-bg-light border" data-status="{}">{}</span>').format(
        status, STATUS_LABELS.get(status, status))


def role_badge(role) -> Markup:
    if not role:
        return Markup("")
    return Markup('<span class="badge text-bg-{}">{}</span>').format(ROLE_TONES.get(role, "warning"),
                                                                    ROLE_LABELS.get(role, role))


def deadline(task) -> Markup:
    """The written date (with the day it moves to when it falls on a day off), else the deadline's words."""
    if task.due_on:
        return Markup('{}<span class="due-moved text-muted small">{}</span>').format(
            vn_date(task.due_on), effective_due_note(task.due_on)[2:])
    if task.deadline_phrase:
        return Markup("{}").format(task.deadline_phrase)
    return Markup('<span class="text-muted">—</span>')


def progress(task) -> Markup:
    value = task.progress
    label = vn_percent(value)
    return Markup('<div class="progress-line"><div class="progress" role="progressbar" aria-label="Tiến độ" '
                  'aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100" aria-valuetext="{}">'
                  '<div class="progress-bar bg-{} pct-{}"></div></div><span class="progress-value">{}</span></div>'
                  ).format("" if value is None else value, label, progress_tone(value),
                           min(max(value or 0, 0), 100), label)
