"""Changing a plan's tasks when they are given to groups ("UBND các xã, phường"): a split part keeps the groups and
their members, a merge brings the merged tasks' groups to the task they are merged into (the withdrawn tasks keep
theirs as history), and an edit changes a group's role or takes the whole group off. Member rows are copied,
updated and deleted in set statements: a constant number of queries whatever the group's size."""
from __future__ import annotations

from sqlalchemy import delete, literal, select, update

from tracker.core import events
from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.extensions import db
from tracker.plans.models import ROLE_LABELS, Assignment, GroupAssignment, Task

REMOVE = "remove"  # the value of a group's role select that takes the whole group off the task


def _groups(task: Task) -> list[GroupAssignment]:
    return list(db.session.scalars(select(GroupAssignment).where(GroupAssignment.task_id == task.id)
                                   .order_by(GroupAssignment.id)))


def has_lead(task: Task) -> bool:
    """Whether a unit leads the task (on its own or as a member of a group)."""
    return bool(db.session.scalar(select(Assignment.id).where(Assignment.task_id == task.id,
                                                              Assignment.role == "lead").limit(1)))


def copy_groups(*, actor, source: Task, target: Task, why: str) -> list[tuple[GroupAssignment, list[int]]]:
    """Give `target` every group of `source` with its members as they stand (a member taken out stays out, a unit
    added later stays in). A group of the same area, kind and level already on `target` takes the members in; a
    member `target` already names keeps its place (one named on its own joins the group with its role, as when
    a group is assigned). A group that leads coordinates when `target` already has a lead. Returns (group, units
    newly given the task); they are told, and each group is on the target's timeline with `why`."""
    copied = []
    existing = {(g.area_id, g.kind, g.level): g for g in _groups(target)}
    for group in _groups(source):
        dest = existing.get((group.area_id, group.kind, group.level))
        if dest is None:
            role = "coordinate" if group.role == "lead" and has_lead(target) else group.role
            dest = GroupAssignment(task_id=target.id, area_id=group.area_id, kind=group.kind, level=group.level,
                                   role=role, label=group.label, created_by_id=getattr(actor, "id", None))
            db.session.add(dest)
            db.session.flush()
            existing[(group.area_id, group.kind, group.level)] = dest
        members = select(Assignment.unit_id).where(Assignment.group_id == group.id)
        on_target = select(Assignment.unit_id).where(Assignment.task_id == target.id)
        new = list(db.session.scalars(members.where(Assignment.unit_id.not_in(on_target))
                                      .order_by(Assignment.unit_id)))
        db.session.execute(update(Assignment).where(Assignment.task_id == target.id, Assignment.group_id.is_(None),
                                                    Assignment.unit_id.in_(members)).values(group_id=dest.id))
        db.session.execute(Assignment.__table__.insert().from_select(
            ["task_id", "unit_id", "role", "group_id"],
            select(literal(target.id), Assignment.unit_id, literal(dest.role), literal(dest.id))
            .where(Assignment.group_id == group.id, Assignment.unit_id.not_in(on_target))))
        record(actor, "group_assign", "task", target.id,
               f"Giao cho nhóm {dest.label} ({why}): {len(new)} đơn vị, vai trò {ROLE_LABELS[dest.role]}",
               {"group_id": dest.id, "from_group_id": group.id, "from_task_id": source.id, "role": dest.role,
                "members": len(new), "unit_ids": new})
        if new:
            events.task_assigned.send(target, actor=actor, unit_ids=new, roles=dict.fromkeys(new, dest.role))
        copied.append((dest, new))
    if copied:
        db.session.expire(target, ["assignments"])
    return copied


def change_groups(*, actor, task: Task, roles: dict[int, str]) -> dict:
    """Change the role of some of the task's groups as a whole, or take a group off (role REMOVE): its members no
    longer have the task, their posted updates stay as history. `roles` is {group id: role or REMOVE}; a group not
    of this task is refused. Returns {"groups": [before, after]} ([label, role label] lists) or {} when nothing
    changed; the members concerned are told."""
    groups = {g.id: g for g in _groups(task)}
    unknown = [gid for gid in roles if gid not in groups]
    if unknown:
        raise DomainError("Nhóm đơn vị được chọn không thuộc nhiệm vụ này.")
    if any(role not in ROLE_LABELS and role != REMOVE for role in roles.values()):
        raise DomainError("Vai trò của nhóm đơn vị không hợp lệ.")
    before = [[g.label, ROLE_LABELS[g.role]] for g in groups.values()]
    removed, changed = [], []
    for gid, role in roles.items():
        group = groups[gid]
        if role == REMOVE:
            removed.append(group)
        elif role != group.role:
            group.role = role
            changed.append(group)
    if not removed and not changed:
        return {}
    for group in changed:
        db.session.execute(update(Assignment).where(Assignment.group_id == group.id).values(role=group.role))
    gone: list[int] = []
    for group in removed:
        gone += db.session.scalars(select(Assignment.unit_id).where(Assignment.group_id == group.id))
        db.session.execute(delete(Assignment).where(Assignment.group_id == group.id))
        db.session.delete(group)
    db.session.flush()
    db.session.expire(task, ["assignments"])
    after = [[g.label, ROLE_LABELS[g.role]] for g in groups.values() if g not in removed]
    record(actor, "group_change", "task", task.id, "Điều chỉnh nhóm đơn vị: " + "; ".join(
        [f"bỏ nhóm {g.label}" for g in removed] + [f"{g.label} chuyển thành {ROLE_LABELS[g.role].lower()}"
                                                    for g in changed]),
        {"groups": [before, after], "removed": [{"group_id": g.id, "label": g.label} for g in removed],
         "unit_ids_removed": gone})
    if gone:
        events.task_withdrawn.send(task, actor=actor, unit_ids=gone, reason="Điều chỉnh đơn vị thực hiện: bỏ nhóm "
                                   + ", ".join(g.label for g in removed))
    if changed:
        members = list(db.session.scalars(select(Assignment.unit_id).where(
            Assignment.group_id.in_([g.id for g in changed]))))
        events.task_changed.send(task, actor=actor, unit_ids=members, changes={"vai trò của nhóm": 1})
    return {"groups": [before, after]}
