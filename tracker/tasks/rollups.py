"""Roll-up reads: what lower plans made of an upper task, and each plan's completion; constant query counts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import lazyload, selectinload

from tracker.extensions import db
from tracker.plans.models import Document, Task, implementing, task_live_on
from tracker.tasks.deadlines import headline_expr, headline_of, is_request_expr, state_expr, urgency_expr
from tracker.tasks.queries import visible_clause


def descendants_cte(task_id: int):
    """Recursive CTE (id, branch, depth) of every task implementing `task_id` (as its main upper task or as a
    further one, "thực hiện đồng thời"), directly or further down;
    `branch` is the directly derived plan the task descends from (a province's plan under a central task)."""
    base = (select(Task.id.label("id"), Task.document_id.label("branch"), literal(1).label("depth"))
            .where(implementing([task_id])))
    cte = base.cte("derived", recursive=True)
    step = (select(Task.id, cte.c.branch, cte.c.depth + 1).join(cte, Task.implements_task_id == cte.c.id)
            .where(cte.c.depth < 20))
    return cte.union_all(step)


@dataclass
class RollupRow:
    document: Document  # the directly derived plan
    counts: dict  # headline bucket -> tasks, over the whole branch below it
    total: int
    plans: int  # plans in the branch, at every level
    bodies: int


def rollup(task: Task, today: date) -> tuple[list[RollupRow], dict]:
    """Per directly derived plan, the headline counts of everything below it; one pass over the derived tasks
    (grouped by branch, plan, issuer and state) and one query for the plans, whatever the size."""
    cte = descendants_cte(task.id)
    state = state_expr(today)
    # Only an overdue task needs the request test (a correlated lookup): CASE skips it for the others.
    request = case((state == "overdue", is_request_expr()), else_=False)
    stmt = (select(cte.c.branch, Task.document_id, Document.issuer_id, state, request, func.count())
            .select_from(cte).join(Task, Task.id == cte.c.id).join(Document, Document.id == Task.document_id)
            .where(task_live_on(today))
            .group_by(cte.c.branch, Task.document_id, Document.issuer_id, state, request))
    per_branch: dict[int, dict] = {}
    plans: dict[int, set] = {}
    bodies: dict[int, set] = {}
    for branch, document_id, issuer_id, name, is_request, count in db.session.execute(stmt):
        bucket = headline_of(name, bool(is_request))
        counts = per_branch.setdefault(branch, {})
        counts[bucket] = counts.get(bucket, 0) + count
        plans.setdefault(branch, set()).add(document_id)
        bodies.setdefault(branch, set()).add(issuer_id)
    if not per_branch:
        return [], {"plans": 0, "bodies": 0, "tasks": 0}
    docs = {d.id: d for d in db.session.scalars(select(Document).where(Document.id.in_(list(per_branch)))
                                                 .options(lazyload(Document.issuer)))}
    rows = [RollupRow(docs[i], counts, sum(counts.values()), len(plans[i]), len(bodies[i]))
            for i, counts in per_branch.items()]
    rows.sort(key=lambda r: (r.document.issuer_name, r.document.id))
    totals: dict[str, int] = {}
    for row in rows:
        for name, count in row.counts.items():
            totals[name] = totals.get(name, 0) + count
    totals.update(plans=sum(r.plans for r in rows), bodies=len(set().union(*bodies.values()) - {None}),
                  tasks=sum(r.total for r in rows))
    return rows, totals


def derived_tasks(user, task: Task, document_id: int, today: date) -> list:
    """Drill-down: (Task, state) of the derived tasks in one lower plan that the user may see."""
    state = state_expr(today)
    stmt = (select(Task, state).where(Task.id.in_(select(descendants_cte(task.id).c.id)),
                                      Task.document_id == document_id, visible_clause(user), task_live_on(today))
            .options(selectinload(Task.assignments)).order_by(urgency_expr(state), Task.position, Task.id))
    return db.session.execute(stmt).all()


def plan_progress(user, document_ids: list[int], today: date) -> dict[int, dict]:
    """{plan id: {headline bucket: count, "total": n}} over the tasks the user may see; one query."""
    if not document_ids:
        return {}
    bucket = headline_expr(today)
    stmt = (select(Task.document_id, bucket, func.count()).where(Task.document_id.in_(document_ids),
                                                                 visible_clause(user), task_live_on(today))
            .group_by(Task.document_id, bucket))
    result: dict[int, dict] = {}
    for document_id, name, count in db.session.execute(stmt):
        counts = result.setdefault(document_id, {"total": 0})
        counts[name] = count
        counts["total"] += count
    for counts in result.values():
        done = counts.get("done_on_time", 0) + counts.get("done_late", 0)
        counts["done_percent"] = round(100 * done / counts["total"]) if counts["total"] else 0
    return result
