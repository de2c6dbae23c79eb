"""A task's work state as it stood at the end of a day, read from its dated events (for reports "as at")."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from tracker.plans.models import Task
from tracker.tasks.models import TaskEvent


def _latest(on: date, *, with_progress: bool):
    event = aliased(TaskEvent)
    stmt = select(event.id).where(event.task_id == Task.id, event.effective_on <= on)
    if not with_progress:
        # A progress note dated earlier than a later change of state must not bring that state back in time.
        stmt = stmt.where(event.kind != "update")
    return stmt.order_by(event.effective_on.desc(), event.id.desc()).limit(1).correlate(Task).scalar_subquery()


def as_at(on: date, *, progress: bool = False):
    """(outer-join target, join condition, status, claimed_on[, progress]) of every Task as at the end of `on`:
    the last state change dated on or before it; a task with none had not started."""
    state = aliased(TaskEvent, name="state_at")
    columns = [func.coalesce(state.status, "not_started"), state.claimed_on]
    joins = [(state, state.id == _latest(on, with_progress=False))]
    if progress:
        step = aliased(TaskEvent, name="progress_at")
        joins.append((step, step.id == _latest(on, with_progress=True)))
        columns.append(func.coalesce(step.progress, 0))
    return joins, columns
