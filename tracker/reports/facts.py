"""The facts a report is compiled from, as they stood at the end of the period's data window (in a fixed number
of queries): plans issued by then, task states from their dated history, updates dated within the window."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from tracker.core.timeutil import VN_TZ
from tracker.duties.models import ExpectedSubmission, ReportingDuty
from tracker.extensions import db
from tracker.plans.models import Assignment, Document, DocumentLink, Section, Task, TaskUpper, task_live_on
from tracker.plans.queries import _walk, ancestor_ids
from tracker.tasks.deadlines import headline_expr, headline_of, is_request_expr, state_expr
from tracker.tasks.history import as_at
from tracker.tasks.models import TaskEvent, TaskUpdate
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of, subtree_ids

DIRECTIVE_TYPES = ("KL", "CT", "NQ", "QĐi", "HD")
HEADLINES = ("done_on_time", "done_late", "open_in_time", "open_overdue", "request_overdue")


@dataclass(frozen=True)
class Role:
    role: str
    unit_name: str


@dataclass
class TaskFacts:
    task: Task
    section: Section | None
    state: str
    headline: str
    status: str = "not_started"  # the work state at the cut-off, not today's
    progress: int = 0
    claimed_on: date | None = None
    roles: list[Role] = field(default_factory=list)  # in assignment order
    updates: list[TaskUpdate] = field(default_factory=list)  # the latest per unit within the period
    below: dict = field(default_factory=dict)  # headline -> count over every task derived from it
    below_plans: int = 0


@dataclass
class BodyPlan:
    body: Unit
    plans: list[Document]


@dataclass(frozen=True)
class LateEntry:
    """A change dated within the window but entered after its cut-off (late data)."""
    task_id: int
    what: str  # "update" or "status"
    dated_on: date
    entered_on: date


@dataclass
class Facts:
    expected: ExpectedSubmission
    duty: ReportingDuty
    upper: Document  # the plan carrying the duty
    directive: Document  # the document at the top of the chain (107-KL/TW)
    body: Unit  # the owing unit's locality
    own_plans: list[Document]
    tasks: list[TaskFacts]
    from_upper: bool  # no own plan: the upper plan's tasks given to the body are reported instead
    bodies: list[BodyPlan]
    submissions: dict | None
    today: date  # the day of compiling
    cutoff: date = None  # the end of the data window: every figure is as it stood that day
    late: list[LateEntry] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.tasks or self.own_plans or self.bodies or (self.submissions or {}).get("expected"))


def cutoff_moment(cutoff: date) -> datetime:
    """The end of the cut-off day in Vietnam, as the naive UTC of the *_at columns."""
    local = datetime.combine(cutoff + timedelta(days=1), time(0), tzinfo=VN_TZ)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def issued_by(document, cutoff: date):
    """A document counts for the period when issued by the cut-off (one with no date: entered by then)."""
    return or_(document.issued_on <= cutoff,
               and_(document.issued_on.is_(None), document.created_at < cutoff_moment(cutoff)))


def _directive(upper: Document) -> Document:
    """The highest directive (KL, CT, NQ...) the upper plan implements, else the upper plan itself."""
    ids = ancestor_ids(upper.id)
    if not ids:
        return upper
    found = db.session.scalars(select(Document).where(Document.id.in_(ids), Document.doc_type.in_(DIRECTIVE_TYPES))
                               .order_by(Document.issued_on.desc().nulls_last(), Document.id)).first()
    return found or upper


def _own_plans(upper: Document, unit_id: int, cutoff: date) -> list[Document]:
    """Plans issued by the cut-off in the owing unit's subtree that implement the upper plan, at any depth."""
    walk = _walk(upper.id, upward=False)
    stmt = (select(Document).where(Document.id.in_(select(walk.c.node)), Document.doc_type == "KH",
                                   Document.issuer_id.in_(subtree_ids(unit_id)), issued_by(Document, cutoff))
            .order_by(Document.issued_on.nulls_last(), Document.id))
    return list(db.session.scalars(stmt))


def _plan_tasks(plan_ids: list[int], cutoff: date, *, upper_id: int | None = None,
                unit_id: int | None = None) -> list[TaskFacts]:
    """The tasks of the plans (or, for `upper_id`, those the upper plan gives to the owing unit's subtree),
    with their section, work and deadline state as at the cut-off, headline bucket and roles; two queries
    (tasks, then roles as plain rows: a province task names a hundred communes)."""
    joins, (status, claimed_on, progress) = as_at(cutoff, progress=True)
    state = state_expr(cutoff, status=status, claimed_on=claimed_on)
    stmt = select(Task, Section, state, headline_expr(cutoff, state=state), status, progress, claimed_on)
    stmt = stmt.select_from(Task).outerjoin(Section, Section.id == Task.section_id)
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    stmt = stmt.where(task_live_on(cutoff))  # a task withdrawn by the cut-off is out of the report
    if upper_id is not None:
        mine = select(Assignment.task_id).where(Assignment.unit_id.in_(subtree_ids(unit_id)))
        stmt = stmt.where(Task.document_id == upper_id, Task.id.in_(mine))
    else:
        stmt = stmt.where(Task.document_id.in_(plan_ids))
    stmt = stmt.order_by(Task.document_id, func.coalesce(Section.position, 0), Task.position, Task.id)
    rows = [TaskFacts(t, s, st, h, status=w, progress=p, claimed_on=c)
            for t, s, st, h, w, p, c in db.session.execute(stmt)]
    by_id = {row.task.id: row for row in rows}
    if by_id:
        # The unit's name read per row: joined, PostgreSQL may hash all 83,000 units for a report's assignments.
        unit_name = select(Unit.name).where(Unit.id == Assignment.unit_id).scalar_subquery()
        for task_id, role, name in db.session.execute(
                select(Assignment.task_id, Assignment.role, unit_name)
                .where(Assignment.task_id.in_(list(by_id))).order_by(Assignment.id)):
            by_id[task_id].roles.append(Role(role, name))
    return rows


def _latest_updates(facts: list[TaskFacts], start_on: date, end_on: date) -> None:
    """Attach, per task, each unit's latest update reported within [start_on, end_on]; one query."""
    by_id = {f.task.id: f for f in facts}
    if not by_id:
        return
    latest = (select(func.max(TaskUpdate.id)).where(TaskUpdate.task_id.in_(list(by_id)),
                                                    TaskUpdate.reported_on >= start_on,
                                                    TaskUpdate.reported_on <= end_on)
              .group_by(TaskUpdate.task_id, TaskUpdate.unit_id))
    for update in db.session.scalars(select(TaskUpdate).where(TaskUpdate.id.in_(latest))
                                     .order_by(TaskUpdate.reported_on.desc(), TaskUpdate.id.desc())):
        by_id[update.task_id].updates.append(update)


def _late_entries(facts: list[TaskFacts], start_on: date, cutoff: date) -> list[LateEntry]:
    """Updates and changes of state dated within the window but entered after the cut-off; two queries."""
    ids = [f.task.id for f in facts]
    if not ids:
        return []
    moment = cutoff_moment(cutoff)
    out = [LateEntry(t, "update", on, at.date()) for t, on, at in db.session.execute(
        select(TaskUpdate.task_id, TaskUpdate.reported_on, TaskUpdate.created_at)
        .where(TaskUpdate.task_id.in_(ids), TaskUpdate.reported_on >= start_on, TaskUpdate.reported_on <= cutoff,
               TaskUpdate.created_at >= moment))]
    out += [LateEntry(t, "status", on, at.date()) for t, on, at in db.session.execute(
        select(TaskEvent.task_id, TaskEvent.effective_on, TaskEvent.recorded_at)
        .where(TaskEvent.task_id.in_(ids), TaskEvent.kind != "update", TaskEvent.effective_on <= cutoff,
               TaskEvent.recorded_at >= moment))]
    return sorted(out, key=lambda e: (e.dated_on, e.task_id, e.what))


def _below(facts: list[TaskFacts], cutoff: date) -> None:
    """Roll-up, as at the cut-off, of every task derived (at any depth) from each task in plans issued by then:
    headline counts and plans, in one pass."""
    by_id = {f.task.id: f for f in facts}
    if not by_id:
        return
    # One work, two tracks: a task that also carries out another upper task counts under that one too.
    first = union_all(select(Task.id.label("id"), Task.implements_task_id.label("root"))
                      .where(Task.implements_task_id.in_(list(by_id))),
                      select(TaskUpper.task_id.label("id"), TaskUpper.upper_task_id.label("root"))
                      .where(TaskUpper.upper_task_id.in_(list(by_id)))).subquery("first_level")
    base = select(first.c.id, first.c.root, literal(1).label("depth"))
    cte = base.cte("below", recursive=True)
    cte = cte.union_all(select(Task.id, cte.c.root, cte.c.depth + 1)
                        .join(cte, Task.implements_task_id == cte.c.id).where(cte.c.depth < 20))
    joins, (status, claimed_on) = as_at(cutoff)
    state = state_expr(cutoff, status=status, claimed_on=claimed_on)
    # Only an overdue task needs the request test (a correlated lookup): CASE skips it for the others.
    request = case((state == "overdue", is_request_expr()), else_=False)
    stmt = (select(cte.c.root, Task.document_id, state, request, func.count())
            .select_from(cte).join(Task, Task.id == cte.c.id).join(Document, Document.id == Task.document_id))
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    rows = db.session.execute(stmt.where(issued_by(Document, cutoff), task_live_on(cutoff))
                              .group_by(cte.c.root, Task.document_id, state, request))
    plans: dict[int, set] = {}
    for root, document_id, name, is_request, count in rows:
        bucket = headline_of(name, bool(is_request))
        by_id[root].below[bucket] = by_id[root].below.get(bucket, 0) + count
        plans.setdefault(root, set()).add(document_id)
    for root, documents in plans.items():
        by_id[root].below_plans = len(documents)


def _subordinate_plans(body: Unit, parents: list[int], cutoff: date) -> list[BodyPlan]:
    """Each locality directly under the body, with the plans issued in it by the cut-off implementing one of
    `parents` (the body's own plans or the upper plan); two queries whatever the number of localities."""
    localities = list(db.session.scalars(select(Unit).where(Unit.parent_id == body.id, Unit.kind == "locality",
                                                            Unit.effective_to.is_(None)).order_by(Unit.sort_name)))
    if not localities:
        return []
    result = {loc.id: BodyPlan(loc, []) for loc in localities}
    child = aliased(Document)
    stmt = (select(child, UnitClosure.ancestor_id)
            .join(DocumentLink, and_(DocumentLink.child_id == child.id, DocumentLink.relation == "implements"))
            .join(UnitClosure, UnitClosure.descendant_id == child.issuer_id)
            .where(DocumentLink.parent_id.in_(parents), child.doc_type == "KH", issued_by(child, cutoff),
                   UnitClosure.ancestor_id.in_(list(result)))
            .order_by(child.issued_on.nulls_last(), child.id))
    seen: set[tuple[int, int]] = set()  # a plan implementing two of `parents` comes twice (no DISTINCT on JSON)
    for document, locality_id in db.session.execute(stmt):
        if (document.id, locality_id) not in seen:
            seen.add((document.id, locality_id))
            result[locality_id].plans.append(document)
    return list(result.values())


def _submissions(plan_ids: list[int], start_on: date, end_on: date, as_of: date) -> dict | None:
    """What the body's subordinates owed it for the period under its own plans' duties, as it stands on `as_of`
    (the day of compiling: a report received since is late data, which a recompile names): figures, and the
    names of the late and the missing."""
    if not plan_ids:
        return None
    e = ExpectedSubmission
    sent = and_(e.first_submitted_on.is_not(None), e.first_submitted_on <= as_of)
    status = case((and_(sent, e.review_state == "returned"), "returned"),
                  (and_(sent, e.first_submitted_on <= e.due_on), "on_time"), (sent, "late"),
                  (e.due_on < as_of, "missing"), else_="pending")
    stmt = (select(status, Unit.name).select_from(e).join(ReportingDuty).join(Unit, Unit.id == e.unit_id)
            .where(ReportingDuty.document_id.in_(plan_ids), e.end_on >= start_on, e.end_on <= end_on)
            .order_by(Unit.sort_name, e.id))
    names: dict[str, list[str]] = {}
    for name, unit_name in db.session.execute(stmt):
        names.setdefault(name, []).append(unit_name)
    if not names:
        return None
    counts = {name: len(units) for name, units in names.items()}
    return {"expected": sum(counts.values()), "on_time": counts.get("on_time", 0), "late": counts.get("late", 0),
            "missing": counts.get("missing", 0) + counts.get("returned", 0), "pending": counts.get("pending", 0),
            "as_of": as_of.isoformat(), "late_names": names.get("late", []),
            "missing_names": names.get("missing", []) + names.get("returned", [])}


def compile_facts(expected: ExpectedSubmission, today: date) -> Facts:
    """Everything tracker knows that belongs in the unit's report for the expected submission's period, as it
    stood at the end of the period's data window (never later than today)."""
    duty = expected.duty
    cutoff = min(expected.end_on, today)
    upper = db.session.get(Document, duty.document_id)
    body = db.session.get(Unit, body_id_of(expected.unit_id) or expected.unit_id)
    own = _own_plans(upper, expected.unit_id, cutoff)
    own_ids = [d.id for d in own]
    if own_ids:
        tasks, from_upper = _plan_tasks(own_ids, cutoff), False
    else:
        tasks, from_upper = _plan_tasks([], cutoff, upper_id=upper.id, unit_id=expected.unit_id), True
    _latest_updates(tasks, expected.start_on, cutoff)
    _below(tasks, cutoff)
    bodies = _subordinate_plans(body, own_ids or [upper.id], cutoff)
    submissions = _submissions(own_ids, expected.start_on, expected.end_on, today)
    return Facts(expected=expected, duty=duty, upper=upper, directive=_directive(upper), body=body, own_plans=own,
                 tasks=tasks, from_upper=from_upper, bodies=bodies, submissions=submissions, today=today,
                 cutoff=cutoff, late=_late_entries(tasks, expected.start_on, cutoff))


def headline_totals(rows: list[TaskFacts]) -> dict:
    """{headline: count, "total": n} over the given tasks."""
    totals = {name: 0 for name in HEADLINES}
    for row in rows:
        totals[row.headline] = totals.get(row.headline, 0) + 1
    totals["total"] = len(rows)
    return totals


def below_totals(rows: list[TaskFacts]) -> dict:
    """The same over every derived task, counted once per root task."""
    totals = {name: 0 for name in HEADLINES}
    for row in rows:
        for name, count in row.below.items():
            totals[name] = totals.get(name, 0) + count
    totals["total"] = sum(totals[name] for name in HEADLINES)
    return totals
