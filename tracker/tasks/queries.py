"""Reads of tasks: scoped in SQL to what the user may see, with deadline states computed by the database."""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from flask import abort, g, has_request_context, request
from sqlalchemy import Select, all_, any_, case, exists, inspect, false, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased, joinedload, lazyload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from tracker.core import fulltext, generations
from tracker.core.audit import AuditLog
from tracker.core.db import among, int_array
from tracker.extensions import db
from tracker.plans.models import ROLE_LABELS, Assignment, Document, GroupAssignment, Task, task_live_on
from tracker.tasks.deadlines import is_request_expr, state_expr, urgency_expr
from tracker.tasks.models import Evidence, TaskComment, TaskUpdate
from tracker.units.groups import group_label
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of, is_whole_tree, subtree_ids

BODY_SCOPED_ROLES = {"monitor", "secretariat"}
UNITS_SHOWN = 8  # per role in a list's row
LISTED_IDS_MAX = 50_000  # above it (never seen in a province) the list keeps the set inside its statements


def get_task_or_404(task_id: int, units: bool = True) -> Task:
    """The task with its plan and (unless `units` is False: a page that reads them itself) its assignments
    loaded, or 404."""
    options = [joinedload(Task.document).lazyload(Document.issuer)]
    if units:  # one statement however many units (a group's 3,300 communes); their other names are not read here
        options.append(selectinload(Task.assignments).joinedload(Assignment.unit).lazyload(Unit.aliases))
    task = db.session.scalar(select(Task).where(Task.id == task_id).options(*options))
    if task is None:
        abort(404)
    return task


def own_assignments(task: Task) -> list[tuple[Assignment, User | None]]:
    """The units given the task on their own (not as members of a group: a group is one line with its
    roll-up), lead first, then coordinating, then requested, each with its unit and officer in charge; one
    query, whatever the size of the task's groups."""
    from tracker.units.models import User

    rank = case({role: i for i, role in enumerate(ROLE_LABELS)}, value=Assignment.role, else_=len(ROLE_LABELS))
    return [(assignment, officer) for assignment, officer in db.session.execute(
        select(Assignment, User).outerjoin(User, User.id == Assignment.officer_id)
        .where(Assignment.task_id == task.id, Assignment.group_id.is_(None))
        .options(joinedload(Assignment.unit).options(lazyload(Unit.aliases), lazyload(Unit.parent)))
        .order_by(rank, Assignment.id))]


def scope_unit_id(user) -> int | None:
    """The unit whose subtree the user sees: their body for monitors and secretariats, else their own unit."""
    if not user.unit_id:
        return None
    if user.role not in BODY_SCOPED_ROLES:
        return user.unit_id
    cache = g.setdefault("tasks_body_ids", {})
    if user.unit_id not in cache:
        cache[user.unit_id] = body_id_of(user.unit_id)
    return cache[user.unit_id]


def visible_clause(user):
    """SQL condition on Task: the user may see it (an assigned unit, or for a body the issuer, in scope)."""
    if getattr(user, "role", None) == "admin":
        return true()
    scope = scope_unit_id(user) if getattr(user, "is_authenticated", False) else None
    if scope is None:
        return false()
    visible = _visible_ids(user, scope)
    if visible is None:
        other = aliased(Assignment)
        # The nation: every unit is below the scope, so "assigned to a unit in scope" is "assigned at all" (an
        # index probe per task) and "issued in scope" is "issued by a unit"; the set of a million assignments
        # below the root is never built (as a hashed subplan it outgrew work_mem and PostgreSQL fell back to a
        # linear search per task: minutes).
        assigned_any = exists(select(other.id).where(other.task_id == Task.id))
        if user.role not in BODY_SCOPED_ROLES:
            return assigned_any
        return or_(Task.document_id.in_(select(Document.id).where(Document.issuer_id.is_not(None))), assigned_any)
    # One non-correlated set, computed once (a correlated EXISTS per task scans the subtree for every task), and a
    # single IN so the planner makes it a semi-join (an OR of two INs needs hashed subplans held in work_mem).
    return Task.id.in_(visible)


def _visible_ids(user, scope: int) -> Select | None:
    """SELECT of the ids of the tasks the user may see below `scope` (assigned to a unit in it, or for a body also
    issued by one), or None where that is every task of the tree."""
    if is_whole_tree(scope):
        return None
    other = aliased(Assignment)  # never correlated with an outer query that joins Assignment itself
    assigned = select(other.task_id).join(UnitClosure, UnitClosure.descendant_id == other.unit_id) \
        .where(UnitClosure.ancestor_id == scope)
    if user.role not in BODY_SCOPED_ROLES:
        return assigned
    issued_task = aliased(Task)
    issued = select(issued_task.id).where(issued_task.document_id.in_(
        select(Document.id).where(Document.issuer_id.in_(subtree_ids(scope)))))
    return assigned.union(issued)


def visible_id_list(user) -> array | None:
    """PostgreSQL: the ids of every task the user may see below their scope, read once per request, or None where
    that set is not worth reading (an admin, the whole tree, more than LISTED_IDS_MAX tasks, SQLite)."""
    if getattr(user, "role", None) == "admin" or not getattr(user, "is_authenticated", False) \
            or not fulltext.is_postgresql():
        return None
    cache = g.setdefault("tasks_visible_ids", {})
    key = (user.id, user.unit_id, user.role)
    if key not in cache:
        scope = scope_unit_id(user)
        body_scoped = user.role in BODY_SCOPED_ROLES

        def read() -> array | None:
            visible = _visible_ids(user, scope) if scope is not None else None
            ids = array("i", db.session.scalars(visible)) if visible is not None else None
            return ids if ids is None or len(ids) <= LISTED_IDS_MAX else None
        # Kept between requests until an assignment, a plan or the unit tree changes (core.generations), as an
        # array of 4-byte ints: a province's 2,000 ids take 8 kB in each worker, not 70.
        cache[key] = generations.kept(generations.VISIBILITY, ("visible", scope, body_scoped), read)
    return cache[key]


def hidden_id_list(user) -> array | None:
    """PostgreSQL, a body whose scope is the whole tree (the centre): the ids of the few tasks it may NOT see (no
    unit given them, and a plan issued by nobody in the tree), read once per request; None elsewhere."""
    if getattr(user, "role", None) not in BODY_SCOPED_ROLES or not fulltext.is_postgresql():
        return None
    scope = scope_unit_id(user)
    if scope is None or not is_whole_tree(scope):
        return None
    cache = g.setdefault("tasks_hidden_ids", {})
    if scope not in cache:
        def read() -> array | None:
            ids = array("i", db.session.scalars(
                select(Task.id).join(Document, Document.id == Task.document_id)
                .where(Document.issuer_id.is_(None),
                       ~exists(select(Assignment.id).where(Assignment.task_id == Task.id)))
                .limit(LISTED_IDS_MAX + 1)))
            return ids if len(ids) <= LISTED_IDS_MAX else None
        cache[scope] = generations.kept(generations.VISIBILITY, ("hidden",), read)
    return cache[scope]


def listed_clause(user, column=None):
    """visible_clause(user) for a list of every visible task (the monitor view and its export) or for many rows
    naming a task (`column`, e.g. the search's matches). On PostgreSQL the ids are read first, once, and given to
    the statements as an array (hashed by PostgreSQL): inside them the planner expected 15 times too many tasks
    (a province's 30,000 assignments reach 2,000 tasks) and hashed all 66,000 tasks of the country, twice per
    page (the count and the rows); asked per search match, it re-read the province's units for each match."""
    column = Task.id if column is None else column
    ids = visible_id_list(user)
    if ids is not None:
        return column == any_(int_array(ids)) if ids else false()
    hidden = hidden_id_list(user)
    if hidden is not None:  # the centre: every task but these (asked of each of 66,000 tasks or 29,000 matches)
        return column != all_(int_array(hidden or [0]))
    if column is Task.id:
        return visible_clause(user)
    return exists(select(Task.id).where(Task.id == column, visible_clause(user)))


def task_visible(user, task: Task) -> bool:
    """Whether the user may see this task; asked once per task in a page view (a detail page's permission
    helpers ask it four times)."""
    memo = g.setdefault("tasks_visible", {}) if has_request_context() and request.method in ("GET", "HEAD") \
        else None
    key = (getattr(user, "id", None), task.id)
    if memo is not None and key in memo:
        return memo[key]
    known = _known_visible(user) if memo is not None else None
    visible = known(task.id) if known is not None else \
        bool(db.session.scalar(select(exists().where(Task.id == task.id, visible_clause(user)))))
    if memo is not None:
        memo[key] = visible
    return visible


def visible_task_ids(user, task_ids: list[int]) -> set[int]:
    """Those of `task_ids` the user may see, in one query; remembered for the page view like task_visible."""
    memo = g.setdefault("tasks_visible", {}) if has_request_context() and request.method in ("GET", "HEAD") \
        else None
    user_id = getattr(user, "id", None)
    missing = [i for i in task_ids if memo is None or (user_id, i) not in memo]
    known = _known_visible(user) if memo is not None and missing else None
    if known is not None:
        seen = {i for i in missing if known(i)}
    else:
        seen = set(db.session.scalars(select(Task.id).where(Task.id.in_(missing), visible_clause(user)))) \
            if missing else set()
    if memo is None:
        return seen
    for task_id in missing:
        memo[(user_id, task_id)] = task_id in seen
    return {i for i in task_ids if memo[(user_id, i)]}


def _known_visible(user):
    """In a page view, a test of a task id against what the user may see without asking the database, where that
    is known already: an administrator sees all; a body or unit has its visible ids kept (visible_id_list), the
    centre the few it may not see (hidden_id_list). None where only SQL can tell (SQLite, a scope too large to
    list). A task's page asked twice (the task, then the tasks it implements), 2 ms of its 30."""
    if getattr(user, "role", None) == "admin":
        return lambda task_id: True
    if not getattr(user, "is_authenticated", False):
        return None
    cache = g.setdefault("tasks_known_visible", {})
    key = (user.id, user.unit_id, user.role)
    if key not in cache:
        ids, hidden = visible_id_list(user), None
        if ids is None:
            hidden = hidden_id_list(user)
        if ids is not None:
            cache[key] = frozenset(ids).__contains__
        elif hidden is not None:
            hidden_set = frozenset(hidden)
            cache[key] = lambda task_id: task_id not in hidden_set
        else:
            cache[key] = None
    return cache[key]


def roles_on(user, task: Task) -> set[str]:
    """The roles on `task` of the user's unit or of a unit above it (a sub-unit acts for its unit); a group
    member's role is prefixed "group_"."""
    if not getattr(user, "unit_id", None):
        return set()
    cache = g.setdefault("tasks_roles", {})
    key = (user.id, task.id)
    if key not in cache:
        above = select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == user.unit_id)
        # A member of a group assignment ("UBND các xã") holds its role as "group_<role>": it reports on its own
        # part, but the shared work state is not one commune's to set for all.
        cache[key] = {role if group_id is None else f"group_{role}" for role, group_id in db.session.execute(
            select(Assignment.role, Assignment.group_id).where(
                Assignment.task_id == task.id, Assignment.unit_id.in_(above)))}
    return cache[key]


def acting_unit_id(user, task: Task) -> int | None:
    """The assigned unit the user acts for on this task (lead first), or the lead unit for an admin."""
    above = select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == user.unit_id)
    order = [a for a in task.assignments if a.role == "lead"] + [a for a in task.assignments if a.role != "lead"]
    ids = set(db.session.scalars(above)) if user.unit_id else set()
    for assignment in order:
        if assignment.unit_id in ids:
            return assignment.unit_id
    return order[0].unit_id if order and user.role == "admin" else None


def is_request_roles(roles) -> bool:
    """A request (đề nghị), from the roles a task's units hold: nobody leads, some unit is requested (the Python
    twin of deadlines.is_request_expr)."""
    roles = set(roles)
    return "lead" not in roles and "request" in roles


def is_request_task(task: Task) -> bool:
    """A request (đề nghị): nobody leads, some unit is requested."""
    if "assignments" not in inspect(task).unloaded:
        return is_request_roles(a.role for a in task.assignments)
    return bool(db.session.scalar(select(is_request_expr()).where(Task.id == task.id)))


def issuer_body_id(task: Task) -> int | None:
    """The body that assigned the task: the nearest locality of the plan's issuer."""
    issuer_id = db.session.scalar(select(Document.issuer_id).where(Document.id == task.document_id))
    return body_id_of(issuer_id) if issuer_id else None


def user_body_id(user) -> int | None:
    return body_id_of(user.unit_id) if getattr(user, "unit_id", None) else None


@dataclass
class TaskFilters:
    role: str | None = None
    status: str | None = None
    state: str | None = None
    plan_id: int | None = None
    q: str | None = None  # words the task's text must contain (folded, through the search index)


def _filtered(stmt: Select, state, filters: TaskFilters) -> Select:
    if filters.status:
        stmt = stmt.where(Task.status == filters.status)
    if filters.state:
        stmt = stmt.where(state == filters.state)
    if filters.plan_id:
        stmt = stmt.where(Task.document_id == filters.plan_id)
    matching = fulltext.matching_ids("task", filters.q) if filters.q else None
    if matching is not None:
        stmt = stmt.where(Task.id.in_(matching))
    return stmt


def unit_tasks(unit_id: int, today: date, filters: TaskFilters) -> Select:
    """(Task, role, state) of every task where the unit leads, coordinates or is requested, most urgent first."""
    state = state_expr(today)
    stmt = (select(Task, Assignment.role.label("role"), state.label("state"))
            .join(Assignment, Assignment.task_id == Task.id).where(Assignment.unit_id == unit_id, task_live_on(today)))
    if filters.role:
        stmt = stmt.where(Assignment.role == filters.role)
    stmt = _filtered(stmt, state, filters)
    return stmt.order_by(urgency_expr(state), Task.due_on.asc().nulls_last(), Task.document_id, Task.position,
                         Task.id)


def subtree_tasks(user, today: date, filters: TaskFilters) -> Select:
    """(Task, role, state) of every task the user may see (a monitor's body subtree), most urgent first."""
    state = state_expr(today)
    stmt = select(Task, literal(None).label("role"), state.label("state")).where(listed_clause(user),
                                                                                 task_live_on(today))
    if filters.role:
        stmt = stmt.where(exists(select(Assignment.id).where(Assignment.task_id == Task.id,
                                                             Assignment.role == filters.role)))
    stmt = _filtered(stmt, state, filters)
    return stmt.order_by(urgency_expr(state), Task.due_on.asc().nulls_last(), Task.document_id, Task.position,
                         Task.id)


@dataclass
class TaskPage:
    rows: list
    total: int
    page: int
    per_page: int
    groups: list = field(default_factory=list)
    units: dict = field(default_factory=dict)  # unit_lines() of the page's tasks

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def unit_roles(self, task_id: int) -> list[tuple[str, list, int]]:
        """The task's UnitLines as [(role, first lines, how many more)], one entry per role in unit_lines' order: a
        list shows "Phối hợp: A; B; C … và 14 đơn vị khác" once, rather than a badge before each of a task's
        twenty units (all of them are on the task's page)."""
        roles: dict[str, list] = {}
        for line in self.units.get(task_id, []):
            roles.setdefault(line.role, []).append(line)
        shown = []
        for role, lines in roles.items():
            units = [line for line in lines if line.group_id is None]
            total = len(lines) - len(units) + (units[0].total_in_role or len(units) if units else 0)
            if total <= UNITS_SHOWN + 2:
                shown.append((role, lines, 0))
            else:
                shown.append((role, lines[:UNITS_SHOWN], total - min(len(lines), UNITS_SHOWN)))
        return shown


def _listed(stmt: Select) -> Select:
    """The loading a task list needs: the plans of the page's tasks in a second statement (joined into the list's
    own, PostgreSQL hashed all 3,300 plans of the country before sorting a province's tasks), the units from
    `unit_lines`."""
    return stmt.options(selectinload(Task.document).lazyload(Document.issuer))


class UnitLine(NamedTuple):
    """One line of a task's units: a unit given the task on its own (members is None), or a group as one entry
    with its member count; `short` names the group without its area ("UBND các xã, phường")."""
    role: str
    name: str
    members: int | None = None
    group_id: int | None = None
    area_id: int | None = None
    short: str | None = None
    total_in_role: int | None = None  # with unit_lines(per_role=…): how many units the task has in this role

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def unit_lines(task_ids: list[int], per_role: int | None = None,
               joined: bool = False) -> dict[int, list[UnitLine]]:
    """{task id: its UnitLines, lead first, then coordinating, then requested (units before groups within a
    role)}, two queries: a task given to the 3,302 communes of the country is one line of a list, not 3,302 names
    (its members are on the group's page). `joined`: the units given a task on their own in one role are one line,
    their names joined by ", " (an export's cell)."""
    lines: dict[int, list] = {task_id: [] for task_id in task_ids}
    if not task_ids:
        return lines
    direct = (select(Assignment.task_id, Assignment.role, Assignment.unit_id, Assignment.id)
              .where(among(Assignment.task_id, task_ids), Assignment.group_id.is_(None)))
    if per_role is not None:
        # A list shows a few units per role (TaskPage.unit_roles); a task of the centre given one by one to
        # hundreds of units would load every name. The rest are counted, not read.
        numbered = direct.add_columns(
            func.row_number().over(partition_by=(Assignment.task_id, Assignment.role), order_by=Assignment.id)
            .label("n"),
            func.count().over(partition_by=(Assignment.task_id, Assignment.role)).label("total")).subquery()
        # The name read per kept line (an index probe each): joined, PostgreSQL hashed all 83,000 units.
        name = select(Unit.name).where(Unit.id == numbered.c.unit_id).scalar_subquery()
        stmt = (select(numbered.c.task_id, numbered.c.role, name, numbered.c.total)
                .where(numbered.c.n <= per_role).order_by(numbered.c.task_id, numbered.c.id))
    elif joined and fulltext.is_postgresql():
        # An export's 2,000 tasks have 30,000 units: one row per task and role, the names joined in SQL.
        direct = direct.subquery()
        stmt = (select(direct.c.task_id, direct.c.role,
                       func.string_agg(Unit.name, aggregate_order_by(literal(", "), direct.c.id)),
                       literal(None).label("total"))
                .join(Unit, Unit.id == direct.c.unit_id).group_by(direct.c.task_id, direct.c.role)
                .order_by(direct.c.task_id, func.min(direct.c.id)))
    else:
        direct = direct.subquery()
        stmt = (select(direct.c.task_id, direct.c.role, Unit.name, literal(None).label("total"))
                .join(Unit, Unit.id == direct.c.unit_id).order_by(direct.c.task_id, direct.c.id))
    for task_id, role, name, total in db.session.execute(stmt):
        task_lines = lines[task_id]
        if joined and task_lines and task_lines[-1].role == role and task_lines[-1].group_id is None:
            task_lines[-1] = task_lines[-1]._replace(name=f"{task_lines[-1].name}, {name}")
        else:
            task_lines.append(UnitLine(role, name, total_in_role=total))
    for group_id, task_id, role, label, kind, level, area_id, members in db.session.execute(
            select(GroupAssignment.id, GroupAssignment.task_id, GroupAssignment.role, GroupAssignment.label,
                   GroupAssignment.kind, GroupAssignment.level, GroupAssignment.area_id, func.count(Assignment.id))
            .join(Assignment, Assignment.group_id == GroupAssignment.id)
            .where(among(GroupAssignment.task_id, task_ids))
            .group_by(GroupAssignment.id, GroupAssignment.task_id, GroupAssignment.role, GroupAssignment.label,
                      GroupAssignment.kind, GroupAssignment.level, GroupAssignment.area_id)
            .order_by(GroupAssignment.id)):
        lines[task_id].append(UnitLine(role, label, members, group_id, area_id, group_label(kind, level)))
    rank = {role: i for i, role in enumerate(ROLE_LABELS)}
    for task_lines in lines.values():
        task_lines.sort(key=lambda line: rank.get(line.role, 9))  # stable: units, then groups, per role
    return lines


def all_rows(stmt: Select) -> list:
    """Every (Task, role, state) row of a list, for an export; two queries however many rows (a selectin load
    would ask for the assignments 500 tasks at a time)."""
    rows = db.session.execute(stmt.options(joinedload(Task.document).lazyload(Document.issuer))).all()
    tasks = {row[0].id: row[0] for row in rows}
    by_task: dict[int, list[Assignment]] = {task_id: [] for task_id in tasks}
    if tasks:
        for assignment in db.session.scalars(
                select(Assignment).where(among(Assignment.task_id, tasks))
                .options(joinedload(Assignment.unit).options(lazyload(Unit.aliases), lazyload(Unit.parent)))
                .order_by(Assignment.task_id, Assignment.id)):
            by_task[assignment.task_id].append(assignment)
    for task_id, assignments in by_task.items():
        if "assignments" in inspect(tasks[task_id]).unloaded:
            set_committed_value(tasks[task_id], "assignments", assignments)
    return rows


class ExportTask(NamedTuple):
    """What a task list's .xlsx shows of a task (tasks.export), read as columns: building 2,000 Task objects was
    a quarter of a province's export."""
    id: int
    document_id: int
    text: str
    due_on: date | None
    deadline_phrase: str | None
    status: str
    progress: int | None
    claimed_on: date | None
    document: Document


EXPORT_COLUMNS = (Task.id, Task.document_id, Task.text, Task.due_on, Task.deadline_phrase, Task.status,
                  Task.progress, Task.claimed_on)


def export_rows(stmt: Select) -> tuple[list, dict[int, list[UnitLine]]]:
    """Every (ExportTask, role, state) row of a (Task, role, state) list and {task id: its UnitLines}, for an
    .xlsx; four queries however many rows or group members (a group is one line, its members are not loaded)."""
    role, state = stmt.selected_columns["role"], stmt.selected_columns["state"]
    found = db.session.execute(stmt.with_only_columns(*EXPORT_COLUMNS, role, state)).all()
    plans = {d.id: d for d in db.session.scalars(
        select(Document).where(among(Document.id, {row[1] for row in found})).options(lazyload(Document.issuer)))}
    rows = [(ExportTask(*row[:8], plans[row[1]]), row[8], row[9]) for row in found]
    return rows, unit_lines([row[0].id for row in rows], joined=True)


def paged(stmt: Select, page: int, per_page: int) -> TaskPage:
    """One page of (Task, role, state) rows in four queries (count, rows, units, groups), grouped by plan. (A
    window count in the rows query would save the count's pass over a province's few thousand tasks, but makes
    PostgreSQL buffer every wide row of the nation's 66,000 first: seconds.)"""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = db.session.execute(_listed(stmt).limit(per_page).offset((page - 1) * per_page)).all()
    groups: dict[int, tuple[Document, list]] = {}
    for row in rows:
        groups.setdefault(row[0].document_id, (row[0].document, []))[1].append(row)
    return TaskPage(rows, total, page, per_page, list(groups.values()),
                    unit_lines([row[0].id for row in rows], per_role=UNITS_SHOWN + 2))


class PlanUnit(NamedTuple):
    """A unit heading a plan's "tasks by unit" page: what the page shows and sorts by."""
    id: int
    name: str
    sort_name: str


class PlanLine(NamedTuple):
    """A unit's part in a task on that page (its role; a group's members have lines of their own elsewhere)."""
    unit_id: int
    role: str


def plan_tasks_by_unit(user, document: Document, today: date, unit_id: int | None = None
                       ) -> list[tuple[PlanUnit, list]]:
    """The plan's visible tasks grouped by assigned unit: [(unit, [(task, line, state)])], units by name, each
    unit's tasks most urgent first; three queries. The plan's tasks are read once (a province plan's 20, not once
    per each of the 2,000 (task, unit) rows: loading those as objects was half of the page's 180 ms), then its
    units' roles as plain rows, then the names of those units (a subquery per row cost 2,000 lookups; joined,
    PostgreSQL hashed every unit). With `unit_id`, that unit's group only (a folded card opened on its own)."""
    state = state_expr(today)
    tasks = {task.id: (task, st, urgency) for task, st, urgency in db.session.execute(
        # listed_clause: the kept visible ids (PostgreSQL), not the province's 30,000 assignments walked again
        # inside the statement for a plan's 20 tasks (20 of its 31 ms)
        select(Task, state, urgency_expr(state)).where(Task.document_id == document.id, listed_clause(user),
                                                       task_live_on(today)))}
    if not tasks:
        return []
    per_task: dict[int, list] = {task_id: [] for task_id in tasks}
    for task_id, assigned_id, role in db.session.execute(
            select(Assignment.task_id, Assignment.unit_id, Assignment.role)
            .where(among(Assignment.task_id, tasks), Assignment.group_id.is_(None),  # a group's members are one
                   true() if unit_id is None else Assignment.unit_id == unit_id)):  # line of their own (groups.py)
        per_task[task_id].append((assigned_id, role))
    # Each unit's tasks most urgent first: the tasks ranked once and their rows dealt to the units in that order,
    # not a sort key per row; one line object per unit and role.
    by_unit: dict[int, list] = {}
    lines: dict[tuple[int, str], PlanLine] = {}
    for task_id in sorted(tasks, key=lambda i: (tasks[i][2], tasks[i][0].position, i)):
        task, st, _ = tasks[task_id]
        for key in per_task[task_id]:
            line = lines.get(key)
            if line is None:
                line = lines[key] = PlanLine(*key)
            rows = by_unit.get(key[0])
            if rows is None:
                rows = by_unit[key[0]] = []
            rows.append((task, line, st))
    units = [PlanUnit(uid, name, sort_name or "") for uid, name, sort_name in db.session.execute(
        select(Unit.id, Unit.name, Unit.sort_name).where(among(Unit.id, by_unit)))]
    units.sort(key=lambda unit: (unit.sort_name, unit.id))
    return [(unit, by_unit[unit.id]) for unit in units]


def plan_in_scope(user, document: Document) -> bool:
    """The user's body issued the plan, or the user may see at least one of its tasks."""
    if getattr(user, "role", None) == "admin":
        return True
    scope = scope_unit_id(user)
    if scope is None:
        return False
    issued = document.issuer_id is not None and user.role in BODY_SCOPED_ROLES and bool(db.session.scalar(
        select(exists().where(UnitClosure.ancestor_id == scope, UnitClosure.descendant_id == document.issuer_id))))
    return issued or bool(db.session.scalar(select(exists().where(Task.document_id == document.id,
                                                                  listed_clause(user)))))


def concerning_tasks(document: Document, body_id: int) -> list[tuple[Task, Assignment]]:
    """Tasks of an upper plan led or coordinated by a unit of `body_id`'s subtree (for deriving a plan), each with
    one such assignment: a lead first (the derive form proposes its unit as the line's lead), then the earliest.
    Picked in SQL: a province's 20 tasks of a national plan reach 2,000 of its units."""
    ranked = (select(Assignment.id.label("assignment_id"), Assignment.task_id,
                     func.row_number().over(partition_by=Assignment.task_id,
                                            order_by=(case((Assignment.role == "lead", 0), else_=1), Assignment.id))
                     .label("rank"))
              .join(Task, Task.id == Assignment.task_id)
              .where(Task.document_id == document.id, Task.withdrawn_on.is_(None),
                     Assignment.unit_id.in_(subtree_ids(body_id)), Assignment.role.in_(("lead", "coordinate")))
              .subquery())
    stmt = (select(Task, Assignment).join(ranked, ranked.c.task_id == Task.id)
            .join(Assignment, Assignment.id == ranked.c.assignment_id)
            .where(ranked.c.rank == 1).order_by(Task.position, Task.id))
    return [(task, assignment) for task, assignment in db.session.execute(stmt)]


def body_units(body_id: int) -> list[Unit]:
    """Active units a body's plan gives tasks to, for choosing its issuer and the units of its tasks: the body's
    own units and the localities right below it, as the import review offers (plans.review.body_units). Every
    unit of its subtree (a province's 2,450, the centre's 83,000) made the derive form a list per select: 33 MB
    and 3.5 s for a province, 1.1 GB for the centre."""
    from tracker.plans.matching import own_units

    return list(db.session.scalars(own_units(body_id).options(lazyload(Unit.parent))))


@dataclass
class TimelineEntry:
    log: AuditLog
    update: TaskUpdate | None = None
    comment: TaskComment | None = None


def timeline(task: Task) -> list[TimelineEntry]:
    """The task's history from the audit log, with its updates (and files) and comments attached; 4 queries."""
    from tracker.units.models import User

    logs = list(db.session.scalars(select(AuditLog).where(AuditLog.entity == "task", AuditLog.entity_id == task.id)
                                   .order_by(AuditLog.at, AuditLog.id)))
    # The page names units, never their other names: no unit's aliases are loaded.
    names_only = (lazyload(Unit.aliases), lazyload(Unit.parent))
    updates = {u.id: u for u in db.session.scalars(
        select(TaskUpdate).where(TaskUpdate.task_id == task.id)
        .options(joinedload(TaskUpdate.unit).options(*names_only),
                 joinedload(TaskUpdate.author).joinedload(User.unit).options(*names_only)))}
    comments = {c.id: c for c in db.session.scalars(
        select(TaskComment).where(TaskComment.task_id == task.id)
        .options(joinedload(TaskComment.author).joinedload(User.unit).options(*names_only)))}
    entries = []
    for log in logs:
        changes = log.changes or {}
        entries.append(TimelineEntry(log, updates.get(changes.get("update_id")),
                                     comments.get(changes.get("comment_id"))))
    return entries


def get_evidence_or_404(evidence_id: int) -> Evidence:
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None:
        abort(404)
    return evidence


def request_flags(task_ids: list[int]) -> dict[int, bool]:
    """{task id: is a request task} for many tasks in one query."""
    if not task_ids:
        return {}
    return dict(db.session.execute(select(Task.id, is_request_expr()).where(Task.id.in_(task_ids))).all())


def mentionable_users(task: Task) -> dict[str, tuple[int, str]]:
    """{username: (id, full name)} of enabled people who may be @mentioned on the task: those working in its
    assigned units (or below) and in the unit that issued the plan (or below), one query."""
    from tracker.units.models import User

    units = select(Assignment.unit_id).where(Assignment.task_id == task.id).union(
        select(Document.issuer_id).where(Document.id == task.document_id, Document.issuer_id.is_not(None)))
    below = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id.in_(units))
    stmt = (select(User.username, User.id, User.full_name)
            .where(User.unit_id.in_(below), User.is_enabled.is_(True), User.role != "viewer").order_by(User.username))
    return {name: (uid, full) for name, uid, full in db.session.execute(stmt)}
