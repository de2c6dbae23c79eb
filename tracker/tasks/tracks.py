"""One work, two tracks: a task that carries out further upper tasks beside its main one (thực hiện đồng thời),
so one update counts in every roll-up it feeds."""
from __future__ import annotations

from sqlalchemy import delete, literal, select, union
from sqlalchemy.orm import joinedload, lazyload

from tracker.core import events
from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.extensions import db
from tracker.plans.models import Document, DocumentLink, Task, TaskUpper


def further_uppers(task: Task) -> list[Task]:
    """The further upper tasks `task` carries out, with their plans loaded."""
    return list(db.session.scalars(select(Task).join(TaskUpper, TaskUpper.upper_task_id == Task.id)
                                   .where(TaskUpper.task_id == task.id)
                                   .options(joinedload(Task.document).lazyload(Document.issuer))
                                   .order_by(Task.document_id, Task.position)))


def uppers_of(task: Task) -> tuple[Task | None, list[Task]]:
    """(the task's main upper task or None, its further upper tasks in plan order), with their plans; one query
    (a task's page names them all)."""
    further_ids = select(TaskUpper.upper_task_id).where(TaskUpper.task_id == task.id)
    further = Task.id.in_(further_ids)
    # One IN over a union, not "id = main OR id IN (…)": PostgreSQL read the OR against all 66,000 tasks.
    wanted = union(select(literal(task.implements_task_id)), further_ids) if task.implements_task_id \
        else further_ids
    found = db.session.execute(select(Task, further).where(Task.id.in_(wanted))
                               .options(joinedload(Task.document).lazyload(Document.issuer))
                               .order_by(Task.document_id, Task.position)).all()
    main = next((t for t, _ in found if t.id == task.implements_task_id), None)
    return main, [t for t, is_further in found if is_further]


def upper_candidates(task: Task) -> list[Task]:
    """Live tasks of the documents the task's plan implements (where its upper tasks may be chosen)."""
    implemented = select(DocumentLink.parent_id).where(DocumentLink.child_id == task.document_id,
                                                       DocumentLink.relation == "implements")
    return list(db.session.scalars(select(Task).where(Task.document_id.in_(implemented), Task.withdrawn_on.is_(None))
                                   .options(joinedload(Task.document).options(lazyload(Document.issuer)))
                                   .order_by(Task.document_id, Task.position, Task.id)))


def set_further_uppers(*, actor, task: Task, uppers: list[Task]) -> bool:
    """Replace the further upper tasks; each must belong to a document the plan implements and not be the main
    upper task. Audited; True when something changed."""
    allowed = {t.id for t in upper_candidates(task)}
    wanted = {t.id for t in uppers if t.id != task.implements_task_id}
    if wanted - allowed:
        raise DomainError("Nhiệm vụ cấp trên được chọn không thuộc văn bản mà kế hoạch này thực hiện.")
    current = set(db.session.scalars(select(TaskUpper.upper_task_id).where(TaskUpper.task_id == task.id)))
    if wanted == current:
        return False
    db.session.execute(delete(TaskUpper).where(TaskUpper.task_id == task.id,
                                               TaskUpper.upper_task_id.in_(list(current - wanted))))
    db.session.add_all(TaskUpper(task_id=task.id, upper_task_id=i) for i in sorted(wanted - current))
    db.session.flush()
    record(actor, "edit", "task", task.id, "Thực hiện đồng thời: " + (", ".join(f"#{i}" for i in sorted(wanted))
                                                                       or "(không)"),
           {"further_uppers": [sorted(current), sorted(wanted)]})
    events.task_changed.send(task, actor=actor, unit_ids=[], changes={"further_uppers": [sorted(current),
                                                                                        sorted(wanted)]},
                             amended_by=None)
    return True
