"""Deadline states as Vietnamese offices name them, computed in Python for one task and in SQL for lists."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, has_app_context
from sqlalchemy import and_, case, exists, func, not_, select
from sqlalchemy.orm import aliased

from tracker.core.workdays import add_working_days, effective_due, working_days_between
from tracker.plans.models import Assignment, Task

STATE_LABELS = {
    "overdue": "Quá hạn", "due_soon": "Sắp đến hạn", "in_time": "Trong hạn", "ongoing": "Thường xuyên",
    "ad_hoc": "Đột xuất", "no_deadline": "Không có hạn", "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
}
STATE_BADGES = {
    "overdue": "danger", "due_soon": "warning", "in_time": "primary", "ongoing": "info", "ad_hoc": "info",
    "no_deadline": "secondary", "done_on_time": "success", "done_late": "dark",
}
# Lower sorts first: what needs attention now comes to the top of a list.
URGENCY = {"overdue": 0, "due_soon": 1, "in_time": 2, "ad_hoc": 3, "ongoing": 4, "no_deadline": 5,
           "done_late": 6, "done_on_time": 7}
ONGOING_KINDS = ("ongoing",)
AD_HOC_KINDS = ("ad_hoc",)
OPEN_STATUSES = ("not_started", "in_progress", "paused", "redo", "claimed")
HEADLINE_LABELS = {"done_on_time": "Hoàn thành đúng hạn", "done_late": "Hoàn thành quá hạn",
                   "open_in_time": "Đang thực hiện, trong hạn", "open_overdue": "Chưa hoàn thành, quá hạn",
                   "request_overdue": "Đề nghị, chưa hoàn thành quá hạn"}


def due_soon_days() -> int:
    """N of "sắp đến hạn": the app's DUE_SOON_WORKING_DAYS (3 by default)."""
    return int(current_app.config.get("DUE_SOON_WORKING_DAYS", 3)) if has_app_context() else 3


def soon_until(today: date, n: int) -> date:
    """The last date that is at most `n` working days after `today` (weekends and holidays skipped)."""
    return add_working_days(today, n + 1) - timedelta(days=1)


def deadline_state(*, status: str, deadline_kind: str | None, due_on: date | None, claimed_on: date | None,
                   today: date, n: int | None = None) -> str:
    """One task's deadline state; on time or late is judged on the date the unit claimed completion, against the
    written due date moved past a weekend or holiday (effective_due)."""
    n = due_soon_days() if n is None else n
    due_on = effective_due(due_on)
    if status == "done":
        return "done_late" if due_on and claimed_on and claimed_on > due_on else "done_on_time"
    if deadline_kind in ONGOING_KINDS:
        return "ongoing"
    if deadline_kind in AD_HOC_KINDS:
        return "ad_hoc"
    if due_on is None:
        return "no_deadline"
    if status == "claimed" and claimed_on is not None:
        # Waiting for confirmation: the clock stopped on the claim date.
        return "overdue" if claimed_on > due_on else "in_time"
    if due_on < today:
        return "overdue"
    return "due_soon" if working_days_between(today, due_on) <= n else "in_time"


def state_of(task: Task, today: date, n: int | None = None) -> str:
    """deadline_state for a Task row."""
    return deadline_state(status=task.status, deadline_kind=task.deadline_kind, due_on=task.due_on,
                          claimed_on=task.claimed_on, today=today, n=n)


_EXPRESSIONS: dict[tuple, tuple] = {}  # (today, n) → (state CASE, urgency CASE): built once, not per request


def state_expr(today: date, n: int | None = None, *, status=None, claimed_on=None):
    """The same rule as a SQL CASE over Task columns, for filters, sorting and counts; `status` and `claimed_on`
    may be other expressions (a task's state as at a past date)."""
    n = due_soon_days() if n is None else n
    if status is not None or claimed_on is not None:
        whens, otherwise = _state_whens(today, n, status, claimed_on)
        return case(*whens, else_=otherwise)
    return _cached(today, n)[0]


def _cached(today: date, n: int) -> tuple:
    """The state CASE over Task's own columns and its urgency, built once per (day, N); SQL expressions are
    immutable, so every request and thread shares them."""
    key = (today, n)
    found = _EXPRESSIONS.get(key)
    if found is None:
        whens, otherwise = _state_whens(today, n, None, None)
        # The urgency is one CASE over the same conditions, not a CASE over the state CASE (which evaluated the
        # state up to eight times per row when sorting).
        found = (case(*whens, else_=otherwise),
                 case(*[(condition, URGENCY[state]) for condition, state in whens], else_=URGENCY[otherwise]))
        if len(_EXPRESSIONS) > 16:
            _EXPRESSIONS.clear()
        _EXPRESSIONS[key] = found
    return found


def _state_whens(today: date, n: int, status, claimed_on) -> tuple[list, str]:
    status = Task.status if status is None else status
    claimed_on = Task.claimed_on if claimed_on is None else claimed_on
    due = limit_expr()
    late_claim = and_(Task.due_on.is_not(None), claimed_on.is_not(None), claimed_on > due)
    return [
        (and_(status == "done", late_claim), "done_late"),
        (status == "done", "done_on_time"),
        (Task.deadline_kind.in_(ONGOING_KINDS), "ongoing"),
        (Task.deadline_kind.in_(AD_HOC_KINDS), "ad_hoc"),
        (Task.due_on.is_(None), "no_deadline"),
        (and_(status == "claimed", claimed_on.is_not(None), late_claim), "overdue"),
        (and_(status == "claimed", claimed_on.is_not(None)), "in_time"),
        (due < today, "overdue"),
        (due <= soon_until(today, n), "due_soon"),
    ], "in_time"


def limit_expr():
    """SQL: the day the task's time limit really ends (written due date moved past a day off)."""
    return func.coalesce(Task.effective_due_on, Task.due_on)


def urgency_expr(state):
    """Sort key of a state expression (for one built by state_expr, a CASE over the same conditions)."""
    for cached_state, urgency in list(_EXPRESSIONS.values()):
        if state is cached_state:
            return urgency
    return case(*[(state == key, rank) for key, rank in URGENCY.items()], else_=9)


def is_request_expr():
    """True when the task is a request (đề nghị): no lead unit, at least one requested unit."""
    other = aliased(Assignment)  # the outer query may join Assignment itself
    lead = exists(select(other.id).where(other.task_id == Task.id, other.role == "lead"))
    request = exists(select(other.id).where(other.task_id == Task.id, other.role == "request"))
    # The rare test first: PostgreSQL evaluates a CASE's AND in order, and turns each EXISTS into a hashed subplan
    # built at its first use. Asked first, "no lead" hashed the country's 67,000 lead assignments for every overdue
    # task list (18 of a cascade's 41 ms); asked after "requested", only when a task is requested.
    return and_(request, not_(lead))


def headline_expr(today: date, n: int | None = None, *, state=None):
    """The report's four headline buckets; an overdue request is kept apart (not a subordinate's failure)."""
    state = state_expr(today, n) if state is None else state
    return case(
        (state == "done_on_time", "done_on_time"),
        (state == "done_late", "done_late"),
        (and_(state == "overdue", is_request_expr()), "request_overdue"),
        (state == "overdue", "open_overdue"),
        else_="open_in_time",
    )


def headline_of(state: str, is_request: bool) -> str:
    """Python twin of headline_expr for one task."""
    if state in ("done_on_time", "done_late"):
        return state
    if state == "overdue":
        return "request_overdue" if is_request else "open_overdue"
    return "open_in_time"


__all__ = ["STATE_LABELS", "STATE_BADGES", "deadline_state", "state_of", "state_expr", "urgency_expr",
           "headline_expr", "headline_of", "is_request_expr", "soon_until"]
