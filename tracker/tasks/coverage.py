"""Coverage of an upper plan: for each subordinate body, which upper tasks its own plan carries out
(implements_task_id), which it does not, and which bodies have no plan at all; five queries whatever the size."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from tracker.extensions import db
from tracker.plans.models import Assignment, Document, DocumentLink, Task, TaskUpper
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of, body_ids_of

COVERED, MISSING, NO_PLAN, NOT_CONCERNED = "covered", "missing", "no_plan", "not_concerned"
CELL_LABELS = {COVERED: "Đã cụ thể hóa", MISSING: "Chưa cụ thể hóa", NO_PLAN: "Chưa có kế hoạch",
               NOT_CONCERNED: "Không giao"}


@dataclass
class BodyRow:
    body: Unit
    plans: list[Document] = field(default_factory=list)
    cells: dict[int, tuple[str, int]] = field(default_factory=dict)  # upper task id -> (state, lower tasks)

    @property
    def uncovered(self) -> int:
        return sum(1 for state, _ in self.cells.values() if state in (MISSING, NO_PLAN))

    @property
    def has_plan(self) -> bool:
        return bool(self.plans)


@dataclass
class Coverage:
    document: Document
    tasks: list[Task]
    rows: list[BodyRow]

    @property
    def bodies_without_plan(self) -> int:
        return sum(1 for r in self.rows if not r.has_plan)

    @property
    def uncovered(self) -> int:
        return sum(r.uncovered for r in self.rows)


def subordinate_bodies(document: Document) -> list[Unit]:
    """The bodies right below the plan issuer's body (the communes of a province), active, in Vietnamese order."""
    body = body_id_of(document.issuer_id) if document.issuer_id else None
    if body is None:
        return []
    return list(db.session.scalars(select(Unit).where(Unit.parent_id == body, Unit.kind == "locality",
                                                      Unit.effective_to.is_(None))
                                   .options(lazyload(Unit.aliases), lazyload(Unit.parent)).order_by(Unit.sort_name)))


def coverage(document: Document) -> Coverage:
    """The matrix of subordinate bodies × the plan's live tasks. A task concerns a body when the plan gives it to
    a unit of that body; a plan that names no unit of any subordinate body ("các địa phương xây dựng kế hoạch")
    asks every body for every task."""
    tasks = list(db.session.scalars(select(Task).where(Task.document_id == document.id, Task.withdrawn_on.is_(None))
                                    .order_by(Task.position, Task.id)))
    bodies = subordinate_bodies(document)
    rows = {b.id: BodyRow(b) for b in bodies}
    if not tasks or not bodies:
        return Coverage(document, tasks, list(rows.values()))
    task_ids = [t.id for t in tasks]
    body_ids = list(rows)
    concerned = set(db.session.execute(
        select(UnitClosure.ancestor_id, Assignment.task_id).distinct()
        .join(Assignment, Assignment.unit_id == UnitClosure.descendant_id)
        .where(Assignment.task_id.in_(task_ids), UnitClosure.ancestor_id.in_(body_ids))).all())
    lower = (select(DocumentLink.child_id).where(DocumentLink.parent_id == document.id,
                                                DocumentLink.relation == "implements"))
    plans = db.session.execute(
        select(UnitClosure.ancestor_id, Document).join(Document, Document.issuer_id == UnitClosure.descendant_id)
        .where(Document.id.in_(lower), Document.revoked_on.is_(None), UnitClosure.ancestor_id.in_(body_ids))
        .options(lazyload(Document.issuer)).order_by(Document.issued_on, Document.id)).all()
    body_of_plan = {}
    for body_id, plan in plans:
        rows[body_id].plans.append(plan)
        body_of_plan[plan.id] = body_id
    # The lower plans' tasks that carry out an upper task, counted per plan, then per body.
    covered: dict[tuple[int, int], int] = {}
    if body_of_plan:
        for document_id, task_id, count in db.session.execute(
                select(Task.document_id, Task.implements_task_id, func.count(Task.id))
                .where(Task.implements_task_id.in_(task_ids), Task.withdrawn_on.is_(None),
                       Task.document_id.in_(list(body_of_plan)))
                .group_by(Task.document_id, Task.implements_task_id)):
            key = (body_of_plan[document_id], task_id)
            covered[key] = covered.get(key, 0) + count
        for document_id, task_id, count in db.session.execute(
                select(Task.document_id, TaskUpper.upper_task_id, func.count(Task.id))
                .join(TaskUpper, TaskUpper.task_id == Task.id)
                .where(TaskUpper.upper_task_id.in_(task_ids), Task.withdrawn_on.is_(None),
                       Task.document_id.in_(list(body_of_plan)))
                .group_by(Task.document_id, TaskUpper.upper_task_id)):
            key = (body_of_plan[document_id], task_id)
            covered[key] = covered.get(key, 0) + count
    for body_id, row in rows.items():
        for task_id in task_ids:
            count = covered.get((body_id, task_id), 0)
            if count:
                row.cells[task_id] = (COVERED, count)
            elif not concerned or (body_id, task_id) in concerned:
                row.cells[task_id] = (MISSING if row.plans else NO_PLAN, 0)
            else:
                row.cells[task_id] = (NOT_CONCERNED, 0)
    return Coverage(document, tasks, list(rows.values()))


def own_plans_coverage(body_id: int | None, limit: int = 3) -> list[Coverage]:
    """For a monitor's dashboard: the coverage of the latest plans issued by the body itself (not by a body below
    it) that have subordinate bodies; one matrix per plan."""
    if body_id is None:
        return []
    own = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == body_id)
    candidates = list(db.session.scalars(select(Document).where(
        Document.doc_type == "KH", Document.revoked_on.is_(None), Document.issuer_id.in_(own))
        .options(lazyload(Document.issuer))
        .order_by(Document.issued_on.desc().nulls_last(), Document.id.desc()).limit(limit * 4)))
    bodies = body_ids_of(d.issuer_id for d in candidates)
    result = []
    for document in candidates:
        if bodies[document.issuer_id] != body_id:
            continue
        matrix = coverage(document)
        if matrix.rows:
            result.append(matrix)
        if len(result) == limit:
            break
    return result
