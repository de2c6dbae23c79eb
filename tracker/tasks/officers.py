"""Inside a unit: the officer in charge (cán bộ phụ trách) of the unit's part of a task, and "Việc của tôi"."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import lazyload

from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.extensions import db
from tracker.plans.models import Assignment, Task, task_live_on
from tracker.tasks.deadlines import state_expr, urgency_expr
from tracker.units.models import User


def unit_officers(unit_id: int) -> list[User]:
    """Enabled users of the unit who can be put in charge (viewers cannot act on tasks)."""
    return list(db.session.scalars(select(User).where(User.unit_id == unit_id, User.is_enabled.is_(True),
                                                      User.role != "viewer").order_by(User.full_name)))


def officers_by_unit(unit_ids) -> dict[int, list[User]]:
    """unit_officers for many units in one query: {unit id: its users who can be put in charge}."""
    found: dict[int, list[User]] = {unit_id: [] for unit_id in unit_ids}
    if found:
        for user in db.session.scalars(select(User).where(User.unit_id.in_(list(found)), User.is_enabled.is_(True),
                                                          User.role != "viewer")
                                       .options(lazyload(User.unit)).order_by(User.full_name, User.id)):
            found[user.unit_id].append(user)
    return found


def name_officer(*, actor, assignment: Assignment, officer: User | None, today: date) -> Assignment:
    """Put `officer` (a user of the assigned unit) in charge of the unit's part of the task; None clears it."""
    if assignment.task.withdrawn_on is not None:
        raise DomainError("Nhiệm vụ đã bị thu hồi.")
    if officer is not None and (officer.unit_id != assignment.unit_id or officer.role == "viewer"
                                or not officer.is_enabled):
        raise DomainError("Cán bộ phụ trách phải là người của đơn vị được giao nhiệm vụ.")
    before = assignment.officer_id
    new = officer.id if officer else None
    if before == new:
        return assignment
    assignment.officer_id = new
    db.session.flush()
    record(actor, "update", "task", assignment.task_id,
           f"Cán bộ phụ trách của {assignment.unit.name}: {officer.full_name if officer else '(bỏ phân công)'}",
           {"officer_id": [before, new], "unit_id": assignment.unit_id})
    return assignment


def my_tasks(user, today: date) -> Select:
    """(Task, role, state) of the live tasks the user is the officer in charge of, most urgent first."""
    state = state_expr(today)
    return (select(Task, Assignment.role.label("role"), state.label("state"))
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Assignment.officer_id == user.id, task_live_on(today))
            .order_by(urgency_expr(state), Task.due_on.asc().nulls_last(), Task.document_id, Task.position, Task.id))
