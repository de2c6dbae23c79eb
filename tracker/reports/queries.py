"""Reads for reports: the facts a draft is compiled from (in a fixed number of queries), and report lists."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import abort
from sqlalchemy import Select, and_, case, func, literal, select, union_all
from sqlalchemy.orm import aliased, selectinload

from tracker.duties.models import ExpectedSubmission, ReportingDuty
from tracker.duties.queries import status_expr
from tracker.extensions import db
from tracker.plans.models import Assignment, Document, DocumentLink, Section, Task, TaskUpper, task_live_on
from tracker.plans.queries import _walk, ancestor_ids
from tracker.reports.models import Report, ReportRevision
from tracker.tasks.deadlines import headline_expr, headline_of, is_request_expr, state_expr
from tracker.tasks.models import TaskUpdate
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of, subtree_ids

DIRECTIVE_TYPES = ("KL", "CT", "NQ", "QĐi", "HD")
HEADLINES = ("done_on_time", "done_late", "open_in_time", "open_overdue", "request_overdue")


def get_report_or_404(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    return report


def versions_of(expected_id: int) -> list[Report]:
    """Every report version compiled for one expected submission, newest first."""
    return list(db.session.scalars(select(Report).where(Report.expected_id == expected_id)
                                   .order_by(Report.version_no.desc())))


def reports_by_submission(expected_id: int) -> dict[int, int]:
    """{submission id: report id} for the finalised reports of one expected submission."""
    return dict(db.session.execute(select(Report.submission_id, Report.id).where(
        Report.expected_id == expected_id, Report.submission_id.is_not(None))).all())


def revisions_of(report_id: int, limit: int = 30) -> list[ReportRevision]:
    """Saved drafts, newest first."""
    return list(db.session.scalars(select(ReportRevision).where(ReportRevision.report_id == report_id)
                                   .order_by(ReportRevision.number.desc()).limit(limit)))


def get_revision_or_404(report: Report, number: int) -> ReportRevision:
    revision = db.session.scalar(select(ReportRevision).where(ReportRevision.report_id == report.id,
                                                              ReportRevision.number == number))
    if revision is None:
        abort(404)
    return revision


def reports_for_user(user) -> Select:
    """Reports of the user's own body (its organs), newest version first."""
    from tracker.plans.matching import own_units

    stmt = select(Report).order_by(Report.version_no.desc(), Report.updated_at.desc(), Report.id.desc())
    body = body_id_of(user.unit_id) if getattr(user, "unit_id", None) else None
    if body is None:
        return stmt.where(literal(False))
    return stmt.where(Report.unit_id.in_(own_units(body).with_only_columns(Unit.id).order_by(None)))


def owed_for_compiling(user, today: date) -> list[tuple[ExpectedSubmission, str]]:
    """The expected submissions of periodic or ad hoc duties owed by the user's own body (its organs, not the
    communes below it, which compile their own), with their status, newest due first."""
    from tracker.plans.matching import own_units

    body = body_id_of(user.unit_id) if getattr(user, "unit_id", None) else None
    if body is None:
        return []
    units = own_units(body).with_only_columns(Unit.id).order_by(None)
    stmt = (select(ExpectedSubmission, status_expr(today)).join(ReportingDuty)
            .where(ExpectedSubmission.unit_id.in_(units), ReportingDuty.kind != "plan",
                   ExpectedSubmission.start_on <= today)
            .order_by(ExpectedSubmission.due_on.desc(), ExpectedSubmission.id).limit(200))
    return [(e, s) for e, s in db.session.execute(stmt)]


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
    roles: list[Role] = field(default_factory=list)  # in assignment order
    updates: list[TaskUpdate] = field(default_factory=list)  # the latest per unit within the period
    below: dict = field(default_factory=dict)  # headline -> count over every task derived from it
    below_plans: int = 0


@dataclass
class BodyPlan:
    body: Unit
    plans: list[Document]


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
    today: date

    @property
    def has_data(self) -> bool:
        return bool(self.tasks or self.own_plans or self.bodies or (self.submissions or {}).get("expected"))


def _directive(upper: Document) -> Document:
    """The highest directive (KL, CT, NQ...) the upper plan implements, else the upper plan itself."""
    ids = ancestor_ids(upper.id)
    if not ids:
        return upper
    found = db.session.scalars(select(Document).where(Document.id.in_(ids), Document.doc_type.in_(DIRECTIVE_TYPES))
                               .order_by(Document.issued_on.desc().nulls_last(), Document.id)).first()
    return found or upper


def _own_plans(upper: Document, unit_id: int) -> list[Document]:
    """Plans issued in the owing unit's subtree that implement the upper plan, directly or further down."""
    walk = _walk(upper.id, upward=False)
    stmt = (select(Document).where(Document.id.in_(select(walk.c.node)), Document.doc_type == "KH",
                                   Document.issuer_id.in_(subtree_ids(unit_id)))
            .order_by(Document.issued_on.nulls_last(), Document.id))
    return list(db.session.scalars(stmt))


def _plan_tasks(plan_ids: list[int], today: date, *, upper_id: int | None = None,
                unit_id: int | None = None) -> list[TaskFacts]:
    """The tasks of the plans (or, for `upper_id`, those the upper plan gives to the owing unit's subtree),
    with their section, deadline state, headline bucket and roles; two queries (tasks, then roles as plain rows:
    a province task names a hundred communes)."""
    stmt = (select(Task, Section, state_expr(today), headline_expr(today))
            .outerjoin(Section, Section.id == Task.section_id).where(task_live_on(today)))
    if upper_id is not None:
        mine = select(Assignment.task_id).where(Assignment.unit_id.in_(subtree_ids(unit_id)))
        stmt = stmt.where(Task.document_id == upper_id, Task.id.in_(mine))
    else:
        stmt = stmt.where(Task.document_id.in_(plan_ids))
    stmt = stmt.order_by(Task.document_id, func.coalesce(Section.position, 0), Task.position, Task.id)
    rows = [TaskFacts(t, s, state, headline) for t, s, state, headline in db.session.execute(stmt)]
    by_id = {row.task.id: row for row in rows}
    if by_id:
        for task_id, role, name in db.session.execute(
                select(Assignment.task_id, Assignment.role, Unit.name).join(Unit, Unit.id == Assignment.unit_id)
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


def _below(facts: list[TaskFacts], today: date) -> None:
    """Roll-up of every task derived (at any depth) from each task: headline counts and plans, in one pass."""
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
    state = state_expr(today)
    # Only an overdue task needs the request test (a correlated lookup): CASE skips it for the others.
    request = case((state == "overdue", is_request_expr()), else_=False)
    rows = db.session.execute(select(cte.c.root, Task.document_id, state, request, func.count())
                              .select_from(cte).join(Task, Task.id == cte.c.id).where(task_live_on(today))
                              .group_by(cte.c.root, Task.document_id, state, request))
    plans: dict[int, set] = {}
    for root, document_id, name, is_request, count in rows:
        bucket = headline_of(name, bool(is_request))
        by_id[root].below[bucket] = by_id[root].below.get(bucket, 0) + count
        plans.setdefault(root, set()).add(document_id)
    for root, documents in plans.items():
        by_id[root].below_plans = len(documents)


def _subordinate_plans(body: Unit, parents: list[int]) -> list[BodyPlan]:
    """Each locality directly under the body, with the plans issued in it implementing one of `parents`
    (the body's own plans or the upper plan); two queries whatever the number of localities."""
    localities = list(db.session.scalars(select(Unit).where(Unit.parent_id == body.id, Unit.kind == "locality",
                                                            Unit.effective_to.is_(None)).order_by(Unit.sort_name)))
    if not localities:
        return []
    result = {loc.id: BodyPlan(loc, []) for loc in localities}
    child = aliased(Document)
    stmt = (select(child, UnitClosure.ancestor_id)
            .join(DocumentLink, and_(DocumentLink.child_id == child.id, DocumentLink.relation == "implements"))
            .join(UnitClosure, UnitClosure.descendant_id == child.issuer_id)
            .where(DocumentLink.parent_id.in_(parents), child.doc_type == "KH",
                   UnitClosure.ancestor_id.in_(list(result)))
            .order_by(child.issued_on.nulls_last(), child.id))
    seen: set[tuple[int, int]] = set()  # a plan implementing two of `parents` comes twice (no DISTINCT on JSON)
    for document, locality_id in db.session.execute(stmt):
        if (document.id, locality_id) not in seen:
            seen.add((document.id, locality_id))
            result[locality_id].plans.append(document)
    return list(result.values())


def _submissions(plan_ids: list[int], start_on: date, end_on: date, today: date) -> dict | None:
    """What the body's subordinates owed it for the period under the duties set by its own plans."""
    if not plan_ids:
        return None
    status = status_expr(today)
    stmt = (select(status, func.count()).select_from(ExpectedSubmission).join(ReportingDuty)
            .where(ReportingDuty.document_id.in_(plan_ids), ExpectedSubmission.end_on >= start_on,
                   ExpectedSubmission.end_on <= end_on)
            .group_by(status))
    counts = {name: count for name, count in db.session.execute(stmt)}
    if not counts:
        return None
    return {"expected": sum(counts.values()), "on_time": counts.get("on_time", 0), "late": counts.get("late", 0),
            "missing": counts.get("missing", 0) + counts.get("returned", 0), "pending": counts.get("pending", 0)}


def compile_facts(expected: ExpectedSubmission, today: date) -> Facts:
    """Everything tracker knows that belongs in the unit's report for the expected submission's period."""
    duty = expected.duty
    upper = db.session.get(Document, duty.document_id)
    body = db.session.get(Unit, body_id_of(expected.unit_id) or expected.unit_id)
    own = _own_plans(upper, expected.unit_id)
    own_ids = [d.id for d in own]
    if own_ids:
        tasks, from_upper = _plan_tasks(own_ids, today), False
    else:
        tasks, from_upper = _plan_tasks([], today, upper_id=upper.id, unit_id=expected.unit_id), True
    _latest_updates(tasks, expected.start_on, expected.end_on)
    _below(tasks, today)
    bodies = _subordinate_plans(body, own_ids or [upper.id])
    return Facts(expected=expected, duty=duty, upper=upper, directive=_directive(upper), body=body, own_plans=own,
                 tasks=tasks, from_upper=from_upper, bodies=bodies,
                 submissions=_submissions(own_ids, expected.start_on, expected.end_on, today), today=today)


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


def plan_outline(document: Document) -> tuple[list[tuple[str, list[Task]]], list[Document]]:
    """(section heading, tasks) in plan order with assignments loaded, and the documents the plan implements;
    three queries."""
    stmt = (select(Task, Section).outerjoin(Section, Section.id == Task.section_id)
            .where(Task.document_id == document.id, Task.withdrawn_on.is_(None))
            .options(selectinload(Task.assignments))
            .order_by(func.coalesce(Section.position, 0), Task.position, Task.id))
    groups: list[tuple[str, list[Task]]] = []
    for task, section in db.session.execute(stmt):
        heading = f"{section.number} {section.title}".strip() if section else ""
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(task)
    parents = list(db.session.scalars(select(Document).join(DocumentLink, DocumentLink.parent_id == Document.id)
                                      .where(DocumentLink.child_id == document.id,
                                             DocumentLink.relation == "implements")
                                      .order_by(Document.issued_on.nulls_last(), Document.id)))
    return groups, parents
