"""Reads for changing a plan's tasks: its tasks in order, its sections, the units it may name, amending documents."""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.plans.models import Assignment, Document, DocumentLink, Section, Task
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of

# Units two levels below the issuing body: its own organs and their sections, and the bodies just below it
# (a province names its communes, not each commune's offices).
ASSIGNABLE_DEPTH = 2


def plan_tasks_in_order(document: Document) -> tuple[list[tuple[Task, Section | None]], list[Task]]:
    """(live tasks with their section, in plan order; withdrawn tasks, latest first); one query. Their units come
    from `queries.unit_lines` (a group is one line, not its 3,300 members)."""
    stmt = (select(Task, Section).outerjoin(Section, Section.id == Task.section_id)
            .where(Task.document_id == document.id).order_by(Task.position, Task.id))
    live, withdrawn = [], []
    for task, section in db.session.execute(stmt):
        if task.withdrawn_on is None:
            live.append((task, section))
        else:
            withdrawn.append(task)
    withdrawn.sort(key=lambda t: (t.withdrawn_on, t.id), reverse=True)
    return live, withdrawn


def own_pairs(task: Task) -> list[tuple[int, str]]:
    """(unit id, role) of the units given the task one by one, in the order given (a group's members are its
    own line, read by queries.unit_lines); one query."""
    return [tuple(row) for row in db.session.execute(
        select(Assignment.unit_id, Assignment.role).where(Assignment.task_id == task.id,
                                                          Assignment.group_id.is_(None)).order_by(Assignment.id))]


def plan_sections(document: Document) -> list[Section]:
    return list(db.session.scalars(select(Section).where(Section.document_id == document.id)
                                   .order_by(Section.position, Section.id)))


class UnitChoice(NamedTuple):
    """A unit a task form offers: what its list shows and sends."""
    id: int
    name: str


def assignable_units(document: Document, extra_ids: list[int] = ()) -> list[UnitChoice]:
    """Active units the plan may give tasks to (near the issuing body, see ASSIGNABLE_DEPTH), plus `extra_ids`
    (the units a task already names), in Vietnamese order: their ids and names only (a province's 2,450 units
    loaded whole were a third of its task form); the route loads the units a submitted form chooses."""
    body = body_id_of(document.issuer_id) if document.issuer_id else None
    near = (select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == body,
                                                    UnitClosure.depth <= ASSIGNABLE_DEPTH)
            if body is not None else select(Unit.id).where(Unit.id == -1))
    stmt = (select(Unit.id, Unit.name)
            .where(or_(Unit.id.in_(near) & Unit.effective_to.is_(None), Unit.id.in_(list(extra_ids))))
            .order_by(Unit.sort_name))
    return [UnitChoice(*row) for row in db.session.execute(stmt)]


def amending_documents(document: Document) -> list[Document]:
    """Documents registered as amending the plan (relation "sửa đổi, bổ sung"), newest first."""
    stmt = (select(Document).join(DocumentLink, DocumentLink.child_id == Document.id)
            .where(DocumentLink.parent_id == document.id, DocumentLink.relation == "amends")
            .order_by(Document.issued_on.desc().nulls_last(), Document.id.desc()))
    return list(db.session.scalars(stmt))


def plan_tasks_by_ids(document: Document, ids: list[int]) -> list[Task]:
    """Tasks of the plan among `ids` (for a merge; their units are read by the service, a group's members never
    loaded as objects)."""
    if not ids:
        return []
    return list(db.session.scalars(select(Task).where(Task.document_id == document.id, Task.id.in_(ids))
                                   .order_by(Task.position, Task.id)))
