"""A task given to a group ("UBND các xã, phường" of a province): each member unit holds its own assignment; the
group is one line with its roll-up ("82/102 xã đã hoàn thành") and a drill-down to each member's state. Writes
flush and never commit; reads take a constant number of queries whatever the group's size."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, delete, func, insert, select, union_all
from sqlalchemy.orm import aliased, lazyload

from tracker.core import events
from tracker.core.audit import record
from tracker.core.db import among
from tracker.core.exceptions import DomainError
from tracker.extensions import db
from tracker.plans.models import ROLE_LABELS, Assignment, Document, GroupAssignment, Task, TaskUpper, task_live_on
from tracker.tasks.models import TaskUpdate
from tracker.units import groups as unit_groups
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of

MEMBER_STATES = {"done": "Đã hoàn thành", "claimed": "Báo hoàn thành, chờ xác nhận",
                 "in_progress": "Đang thực hiện", "not_started": "Chưa thực hiện"}
MEMBER_BADGES = {"done": "success", "claimed": "info", "in_progress": "primary", "not_started": "secondary"}
NOUNS = {"commune": "xã", "district": "huyện"}


def noun_of(group: GroupAssignment) -> str:
    """What the roll-up counts: “xã” for a commune group, “đơn vị” otherwise."""
    return NOUNS.get(group.level, "đơn vị")


def issuer_area(document: Document) -> Unit | None:
    """The area a plan's groups are taken from: the issuer's body (the province of a UBND tỉnh plan)."""
    body = body_id_of(document.issuer_id) if document.issuer_id else None
    return db.session.get(Unit, body) if body else None


def _assigned_ids(task: Task) -> set[int]:
    return set(db.session.scalars(select(Assignment.unit_id).where(Assignment.task_id == task.id)))


def _add_members(task: Task, group: GroupAssignment, unit_ids: list[int]) -> None:
    """Insert the members' assignments in one statement (3,300 communes are one executemany)."""
    if unit_ids:
        db.session.execute(insert(Assignment), [
            {"task_id": task.id, "unit_id": unit_id, "role": group.role, "group_id": group.id} for unit_id in unit_ids])
    db.session.expire(task, ["assignments"])


def assign_group(*, actor, task: Task, area: Unit, kind: str, level: str, role: str, today: date) -> GroupAssignment:
    """Give the task to every unit of `kind` and `level` within `area` on `today`, each its own assignment with
    `role`; units the task already names keep their role. Refused for a withdrawn or confirmed task, an area
    outside the issuing body, an empty group, a second lead, or the same group twice."""
    if role not in ROLE_LABELS:
        raise DomainError("Vai trò của nhóm đơn vị không hợp lệ.")
    if task.withdrawn_on is not None:
        raise DomainError("Nhiệm vụ đã bị thu hồi; không giao thêm được.")
    if task.status == "done":
        raise DomainError("Nhiệm vụ đã được xác nhận hoàn thành; không giao thêm được.")
    document = db.session.get(Document, task.document_id)
    body = issuer_area(document)
    if body is None or not db.session.scalar(select(func.count()).select_from(UnitClosure).where(
            UnitClosure.ancestor_id == body.id, UnitClosure.descendant_id == area.id)):
        raise DomainError("Nhóm đơn vị phải thuộc địa bàn của cơ quan ban hành kế hoạch.")
    if db.session.scalar(select(GroupAssignment.id).where(
            GroupAssignment.task_id == task.id, GroupAssignment.area_id == area.id, GroupAssignment.kind == kind,
            GroupAssignment.level == level)):
        raise DomainError("Nhiệm vụ đã được giao cho nhóm này.")
    wanted = list(db.session.scalars(unit_groups.member_ids(area.id, kind, level, today)
                                     .order_by(Unit.sort_name, Unit.id)))
    if not wanted:
        raise DomainError(f"Không có đơn vị nào thuộc nhóm “{unit_groups.group_label(kind, level)}” trong "
                          f"{area.name}.")
    # A member the task already names one by one (the ward a plan's text named) joins the group with its role.
    own = {a.unit_id: a for a in db.session.scalars(select(Assignment).where(
        Assignment.task_id == task.id, Assignment.group_id.is_(None)))}
    members = set(wanted)
    if role == "lead" and any(a.role == "lead" and unit_id not in members for unit_id, a in own.items()):
        raise DomainError("Nhiệm vụ đã có đơn vị chủ trì ngoài nhóm; hãy giao nhóm với vai trò phối hợp hoặc đề "
                          "nghị, hoặc bỏ đơn vị chủ trì trước.")
    label = unit_groups.group_label(kind, level)
    group = GroupAssignment(task_id=task.id, area_id=area.id, kind=kind, level=level, role=role,
                            label=f"{label} ({area.name})"[:200], created_by_id=getattr(actor, "id", None))
    db.session.add(group)
    db.session.flush()
    taken = _assigned_ids(task)  # also members of another group of the task: they stay there
    joined = [unit_id for unit_id in wanted if unit_id in own]
    for unit_id in joined:
        own[unit_id].group_id = group.id
    new = [unit_id for unit_id in wanted if unit_id not in taken]
    _add_members(task, group, new)
    db.session.flush()
    record(actor, "group_assign", "task", task.id,
           f"Giao cho nhóm {group.label}: {len(new) + len(joined)} đơn vị, vai trò {ROLE_LABELS[role]}",
           {"group_id": group.id, "area_id": area.id, "kind": kind, "level": level, "role": role,
            "members": len(new) + len(joined), "joined": joined, "unit_ids": new})
    if new:
        events.task_assigned.send(task, actor=actor, unit_ids=new, roles=dict.fromkeys(new, role))
    return group


def new_member_ids(group: GroupAssignment, today: date) -> list[int]:
    """Units that belong to the group today but are not on its task (created in the area after the assignment)."""
    on_task = select(Assignment.unit_id).where(Assignment.task_id == group.task_id)
    return list(db.session.scalars(unit_groups.member_ids(group.area_id, group.kind, group.level, today)
                                   .where(Unit.id.not_in(on_task)).order_by(Unit.sort_name, Unit.id)))


def add_new_members(*, actor, group: GroupAssignment, today: date) -> int:
    """Add to an open group assignment the units created in its area since (an explicit action); returns how
    many. A withdrawn or confirmed task is not open."""
    task = db.session.get(Task, group.task_id)
    if task.withdrawn_on is not None or task.status == "done":
        raise DomainError("Nhiệm vụ đã thu hồi hoặc đã hoàn thành; không bổ sung đơn vị vào nhóm được.")
    new = new_member_ids(group, today)
    if not new:
        return 0
    _add_members(task, group, new)
    db.session.flush()
    record(actor, "group_add", "task", task.id, f"Bổ sung {len(new)} đơn vị mới vào nhóm {group.label}",
           {"group_id": group.id, "unit_ids": new})
    events.task_assigned.send(task, actor=actor, unit_ids=new, roles=dict.fromkeys(new, group.role))
    return len(new)


def remove_member(*, actor, group: GroupAssignment, unit: Unit, reason: str) -> None:
    """Take one member out of the group (it no longer has the task; its posted updates stay as history)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Hãy ghi lý do bỏ đơn vị khỏi nhóm.")
    task = db.session.get(Task, group.task_id)
    if task.withdrawn_on is not None:
        raise DomainError("Nhiệm vụ đã bị thu hồi; không thể điều chỉnh.")
    gone = db.session.execute(delete(Assignment).where(Assignment.group_id == group.id,
                                                       Assignment.unit_id == unit.id)).rowcount
    if not gone:
        raise DomainError(f"“{unit.name}” không thuộc nhóm này.")
    db.session.expire(task, ["assignments"])
    record(actor, "group_remove", "task", task.id, f"Bỏ {unit.name} khỏi nhóm {group.label}: {reason[:300]}",
           {"group_id": group.id, "unit_id": unit.id, "reason": reason[:2000]})
    events.task_withdrawn.send(task, actor=actor, unit_ids=[unit.id], reason=reason)


# --- reads ---------------------------------------------------------------------------------------------------

@dataclass
class MemberRow:
    unit: Unit
    state: str
    progress: int | None = None
    derived: int = 0
    updates: int = 0

    @property
    def state_label(self) -> str:
        return MEMBER_STATES[self.state]


@dataclass
class GroupSummary:
    group: GroupAssignment
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get("done", 0)

    @property
    def headline(self) -> str:
        """“82/102 xã đã hoàn thành”."""
        return f"{self.done}/{self.total} {noun_of(self.group)} đã hoàn thành"


def groups_of(task_ids: list[int]) -> dict[int, list[GroupAssignment]]:
    """{task id: its group assignments}, one query."""
    result: dict[int, list[GroupAssignment]] = {}
    if task_ids:
        for group in db.session.scalars(select(GroupAssignment).where(among(GroupAssignment.task_id, task_ids))
                                        .options(lazyload(GroupAssignment.area)).order_by(GroupAssignment.id)):
            result.setdefault(group.task_id, []).append(group)
    return result


def summaries_for_tasks(task_ids: list[int], today: date) -> dict[int, GroupSummary]:
    """{group id: its roll-up} for every group of `task_ids` (a plan's manage page, an export); five queries."""
    return summaries([g for gs in groups_of(task_ids).values() for g in gs], today)


def _derived_counts(ids: list[int], task_ids, today: date):
    """SQL: (group id, member unit, total, done, claimed) of the live tasks of each member's own lower plans that
    carry out the task of the groups `ids` (`task_ids`: those groups' tasks, a list or a SELECT)."""
    links = union_all(
        select(Task.id.label("task_id"), Task.implements_task_id.label("upper_id"))
        .where(Task.implements_task_id.in_(task_ids)),
        select(TaskUpper.task_id, TaskUpper.upper_task_id).where(TaskUpper.upper_task_id.in_(task_ids))).subquery()
    member = aliased(Assignment)
    return (select(member.group_id, member.unit_id, func.count().label("total"),
                   func.sum(case((Task.status == "done", 1), else_=0)).label("done"),
                   func.sum(case((Task.status.in_(("done", "claimed")), 1), else_=0)).label("claimed"))
            .select_from(links).join(Task, Task.id == links.c.task_id)
            .join(Document, Document.id == Task.document_id)
            .join(UnitClosure, UnitClosure.descendant_id == Document.issuer_id)
            .join(GroupAssignment, GroupAssignment.task_id == links.c.upper_id)
            .join(member, (member.group_id == GroupAssignment.id) & (member.unit_id == UnitClosure.ancestor_id))
            .where(GroupAssignment.id.in_(ids), task_live_on(today), Document.revoked_on.is_(None))
            .group_by(member.group_id, member.unit_id))


def _member_facts(groups: list[GroupAssignment], today: date):
    """Per (group, member unit): its own lower plans' tasks that carry out the group's task (counted, done,
    claimed) and its own updates on the task (count, highest progress, a claim); three queries."""
    ids = [g.id for g in groups]
    task_ids = list({g.task_id for g in groups})
    members = db.session.execute(
        select(Assignment.group_id, Assignment.unit_id, Unit.sort_name).join(Unit, Unit.id == Assignment.unit_id)
        .where(Assignment.group_id.in_(ids), unit_groups.active_on(today))).all()
    member = aliased(Assignment)
    derived = {}
    for group_id, unit_id, total, done, claimed in db.session.execute(_derived_counts(ids, task_ids, today)):
        derived[(group_id, unit_id)] = (total, done or 0, claimed or 0)
    updates = {}
    for group_id, unit_id, count, progress, claimed in db.session.execute(
            select(member.group_id, member.unit_id, func.count(TaskUpdate.id), func.max(TaskUpdate.progress),
                   func.max(case((TaskUpdate.status == "claimed", 1), else_=0)))
            .join(TaskUpdate, (TaskUpdate.task_id == member.task_id) & (TaskUpdate.unit_id == member.unit_id))
            .where(member.group_id.in_(ids)).group_by(member.group_id, member.unit_id)):
        updates[(group_id, unit_id)] = (count, progress, bool(claimed))
    return members, derived, updates


def _state(task_done: bool, derived, updates) -> str:
    total, done, claimed = derived or (0, 0, 0)
    count, progress, claim = updates or (0, None, False)
    if task_done or (total and done == total):
        return "done"
    if (total and claimed == total) or claim or progress == 100:
        return "claimed"
    return "in_progress" if total or count else "not_started"


def _task_status(groups: list[GroupAssignment]) -> dict[int, str]:
    ids = list({g.task_id for g in groups})
    return dict(db.session.execute(select(Task.id, Task.status).where(Task.id.in_(ids))).all()) if ids else {}


def summaries(groups: list[GroupAssignment], today: date) -> dict[int, GroupSummary]:
    """{group id: its roll-up} for many groups at once (a plan's page, a task's page); one query whatever the
    sizes, returning a few counts per group, never a row per member (a group of 3,300 communes is four numbers).
    Members whose unit no longer exists on `today` are left out; a removed member has no assignment."""
    result = {g.id: GroupSummary(g) for g in groups}
    if not groups:
        return result
    for group_id, state, count in db.session.execute(_state_counts([g.id for g in groups], today)):
        result[group_id].counts[state] = count
    return result


def _state_counts(ids: list[int], today: date):
    """SQL: (group id, member state, members) of the groups `ids`; the state is _state's rule, member by member,
    in the database."""
    task_ids = select(GroupAssignment.task_id).where(GroupAssignment.id.in_(ids))
    derived = _derived_counts(ids, task_ids, today).subquery()
    posted = aliased(Assignment)
    updates = (select(posted.group_id, posted.unit_id, func.count(TaskUpdate.id).label("count"),
                      func.max(TaskUpdate.progress).label("progress"),
                      func.max(case((TaskUpdate.status == "claimed", 1), else_=0)).label("claim"))
               .join(TaskUpdate, (TaskUpdate.task_id == posted.task_id) & (TaskUpdate.unit_id == posted.unit_id))
               .where(posted.group_id.in_(ids)).group_by(posted.group_id, posted.unit_id).subquery())
    total = func.coalesce(derived.c.total, 0)
    state = case(
        ((Task.status == "done") | ((total > 0) & (derived.c.done == total)), "done"),
        (((total > 0) & (derived.c.claimed == total)) | (updates.c.claim == 1) | (updates.c.progress == 100),
         "claimed"),
        ((total > 0) | (func.coalesce(updates.c.count, 0) > 0), "in_progress"),
        else_="not_started")
    states = (select(Assignment.group_id, state.label("state"))
              .join(Unit, Unit.id == Assignment.unit_id).join(Task, Task.id == Assignment.task_id)
              .outerjoin(derived, (derived.c.group_id == Assignment.group_id)
                         & (derived.c.unit_id == Assignment.unit_id))
              .outerjoin(updates, (updates.c.group_id == Assignment.group_id)
                         & (updates.c.unit_id == Assignment.unit_id))
              .where(Assignment.group_id.in_(ids), unit_groups.active_on(today)).subquery())
    return select(states.c.group_id, states.c.state, func.count()).group_by(states.c.group_id, states.c.state)


OPEN = "open"  # the drill-down's filter "Chưa hoàn thành": every state but done
FILTERS = {OPEN: "Chưa hoàn thành", **MEMBER_STATES}


@dataclass
class MemberPage:
    summary: GroupSummary  # the whole group's counts by state
    rows: list[MemberRow]  # this page's members
    total: int  # members matching the filter (and the user's scope)
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def iter_pages(self, edge: int = 2, around: int = 2):
        """Page numbers for the pager (_macros.pager), None where some are skipped: 1 2 … 7 8 9 … 33 34."""
        last = 0
        for number in range(1, self.pages + 1):
            if number <= edge or number > self.pages - edge or abs(number - self.page) <= around:
                if last and number != last + 1:
                    yield None
                yield number
                last = number


def _member_states(group: GroupAssignment, today: date):
    """[(unit id, sort name, state, derived facts, update facts)] of every member; four queries, no Unit loaded."""
    status = _task_status([group])
    members, derived, updates = _member_facts([group], today)
    done = status.get(group.task_id) == "done"
    return [(unit_id, sort_name, _state(done, derived.get((group.id, unit_id)), updates.get((group.id, unit_id))),
             derived.get((group.id, unit_id)), updates.get((group.id, unit_id)))
            for _, unit_id, sort_name in members]


def member_page(group: GroupAssignment, today: date, state: str | None = None, within: int | None = None,
                page: int = 1, per_page: int = 100) -> MemberPage:
    """The drill-down, one page: members not done first, then by name; `state` one of FILTERS; `within` only the
    members inside that unit (a member commune sees its own line). Six queries whatever the group's size: the
    states of all members are computed from three grouped queries, only the page's units are loaded."""
    states = _member_states(group, today)
    summary = GroupSummary(group)
    for _, _, st, _, _ in states:
        summary.counts[st] = summary.counts.get(st, 0) + 1
    if within is not None:
        inside = set(db.session.scalars(select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == within)))
        states = [item for item in states if item[0] in inside]
    if state == OPEN:
        states = [item for item in states if item[2] != "done"]
    elif state is not None:
        states = [item for item in states if item[2] == state]
    rank = list(MEMBER_STATES)
    states.sort(key=lambda item: (-rank.index(item[2]), item[1] or "", item[0]))
    page = max(1, min(page, max(1, -(-len(states) // per_page))))
    shown = states[(page - 1) * per_page:page * per_page]
    ids = [item[0] for item in shown]
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids))
                                                 .options(lazyload(Unit.aliases), lazyload(Unit.parent)))} \
        if ids else {}
    rows = [MemberRow(units[unit_id], st, progress=upd[1] if upd else None, derived=facts[0] if facts else 0,
                      updates=upd[0] if upd else 0) for unit_id, _, st, facts, upd in shown]
    return MemberPage(summary, rows, len(states), page, per_page)


def member_rows(group: GroupAssignment, today: date, state: str | None = None,
                within: int | None = None) -> list[MemberRow]:
    """Every member with its state (those not done first, then by name), optionally one state or only the members
    within the unit `within`: the whole drill-down in one list (pages use member_page)."""
    return member_page(group, today, state, within, per_page=10**9).rows


def open_member_ids(group: GroupAssignment, today: date) -> list[int]:
    """Members that have not finished (a reminder presses only them); four queries, no Unit loaded."""
    return [unit_id for unit_id, _, st, _, _ in _member_states(group, today) if st != "done"]


def grouped_unit_ids(task_id: int) -> set[int]:
    """Units holding the task as members of a group (left out of per-unit lists: the group is one line)."""
    return set(db.session.scalars(select(Assignment.unit_id).where(Assignment.task_id == task_id,
                                                                  Assignment.group_id.is_not(None))))


def plan_groups(user, document: Document, today: date) -> list[tuple[Task, GroupAssignment, GroupSummary]]:
    """The group assignments of a plan's live tasks the user may see, each with its roll-up; five queries."""
    from tracker.tasks.queries import visible_clause

    rows = db.session.execute(
        select(Task, GroupAssignment).join(GroupAssignment, GroupAssignment.task_id == Task.id)
        .where(Task.document_id == document.id, visible_clause(user), task_live_on(today))
        .options(lazyload(GroupAssignment.area)).order_by(Task.position, Task.id, GroupAssignment.id)).all()
    sums = summaries([g for _, g in rows], today)
    return [(task, group, sums[group.id]) for task, group in rows]


def drill_scope(user, task: Task) -> int | None:
    """Whose members a user may see one by one on the drill-down: everyone's (None) for admins and the assigning
    side (the plan issuer within the user's scope); else only the members within the user's own scope."""
    from tracker.tasks.queries import scope_unit_id

    if getattr(user, "role", None) == "admin":
        return None
    scope = scope_unit_id(user)
    document = db.session.get(Document, task.document_id)
    if scope and document.issuer_id and db.session.scalar(select(func.count()).select_from(UnitClosure).where(
            UnitClosure.ancestor_id == scope, UnitClosure.descendant_id == document.issuer_id)):
        return None
    return scope or -1


def open_groups_for(unit: Unit, today: date, limit: int = 20) -> list[tuple[GroupAssignment, Task]]:
    """Open group assignments (task live, not confirmed) whose group `unit` belongs to but whose task it does not
    have yet: offered on the unit's page once an admin has created it; one query."""
    if not unit.active_on(today):
        return []
    on_task = select(Assignment.id).where(Assignment.task_id == GroupAssignment.task_id,
                                          Assignment.unit_id == unit.id)
    stmt = (select(GroupAssignment, Task).join(Task, Task.id == GroupAssignment.task_id)
            .join(UnitClosure, (UnitClosure.ancestor_id == GroupAssignment.area_id)
                  & (UnitClosure.descendant_id == unit.id) & (UnitClosure.depth > 0))
            .where(GroupAssignment.kind == unit.kind, GroupAssignment.level == unit.level,
                   Task.withdrawn_on.is_(None), Task.status != "done", ~on_task.exists())
            .options(lazyload(GroupAssignment.area)).order_by(GroupAssignment.id).limit(limit))
    return [(group, task) for group, task in db.session.execute(stmt)]


def get_group_or_404(group_id: int) -> GroupAssignment:
    from flask import abort

    group = db.session.get(GroupAssignment, group_id) if group_id is not None and group_id < 2**31 else None
    if group is None:
        abort(404)
    return group
