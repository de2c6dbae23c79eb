"""Changing a saved plan's tasks: edit, add, withdraw (thu hồi), split, merge, move. Every change is audited with
its before/after on the task's timeline; posted updates are never touched; the units concerned are told."""
from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, select

from tracker.core import events
from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.core.timeutil import utcnow
from tracker.core.vntext import nfc
from tracker.extensions import db
from tracker.permissions import can_assign_to
from tracker.plans.models import ROLE_LABELS, Assignment, Document, Section, Task
from tracker.tasks import group_edits
from tracker.tasks.services import TEXT_MAX, _flush, _short, check_version, create_task
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of

REASON_MAX = 2_000
ROLE_RANK = {"lead": 0, "coordinate": 1, "request": 2}


def _text(value: str) -> str:
    text = nfc(value or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError("Nội dung nhiệm vụ không được để trống.")
    if len(text) > TEXT_MAX:
        raise DomainError(f"Nội dung nhiệm vụ quá dài (tối đa {TEXT_MAX} ký tự).")
    return text


def _require_live(task: Task) -> None:
    if task.withdrawn_on is not None:
        raise DomainError(f"Nhiệm vụ #{task.id} đã bị thu hồi ngày {task.withdrawn_on:%d/%m/%Y}; không thể điều chỉnh.")


def _cite(amended_by: Document | None) -> dict:
    return {"amended_by": amended_by.id, "amended_by_label": amended_by.label} if amended_by else {}


def _summary(text: str, amended_by: Document | None) -> str:
    return f"{text} (theo {amended_by.label})" if amended_by else text


def _own(task: Task) -> list[Assignment]:
    """The task's assignments given one by one (a group's members, maybe 3,300, are never loaded as objects):
    from the loaded collection when a page loaded it, else one query."""
    if "assignments" not in inspect(task).unloaded:
        return [a for a in task.assignments if a.group_id is None]
    return list(db.session.scalars(select(Assignment).where(Assignment.task_id == task.id,
                                                            Assignment.group_id.is_(None)).order_by(Assignment.id)))


def _pairs(task: Task) -> list[tuple[int, str]]:
    """(unit, role) the task gives one by one; members of a group assignment are kept apart (tasks/groups.py)."""
    return sorted((a.unit_id, a.role) for a in _own(task))


def _check_against_groups(task: Task, assignments: list[tuple[Unit, str]]) -> bool:
    """Whether the task has group members (kept as they are by an edit); a unit named one by one must not be one
    of them, and a group that leads leaves no room for another lead. Two queries, not one row per member."""
    grouped = db.session.execute(select(Assignment.role).where(Assignment.task_id == task.id,
                                                               Assignment.group_id.is_not(None))
                                 .group_by(Assignment.role)).scalars().all()
    if grouped:
        named = [unit.id for unit, _ in assignments]
        members = set(db.session.scalars(select(Assignment.unit_id).where(
            Assignment.task_id == task.id, Assignment.group_id.is_not(None), Assignment.unit_id.in_(named)))) \
            if named else set()
        clash = [unit.name for unit, _ in assignments if unit.id in members]
        if clash:
            raise DomainError("Đơn vị đã được giao nhiệm vụ trong một nhóm: " + ", ".join(clash[:5]) + ".")
        if "lead" in grouped and any(role == "lead" for _, role in assignments):
            raise DomainError("Nhiệm vụ đã giao cho một nhóm đơn vị chủ trì; các đơn vị khác là phối hợp.")
    return bool(grouped)


def _set_own(task: Task, pairs: list[tuple[int, str]], grouped: bool) -> None:
    """Make the units given one by one exactly `pairs`, keeping the rows of pairs that stay (their officer);
    through the task's collection (loaded if need be) when it holds no group, else row by row: a group's members
    are not loaded."""
    if not grouped and "assignments" in inspect(task).unloaded:
        db.session.refresh(task, ["assignments"])
    own = _own(task)
    kept = {(a.unit_id, a.role): a for a in own}
    gone = [a for a in own if (a.unit_id, a.role) not in set(pairs)]
    new = [Assignment(task_id=task.id, unit_id=u, role=r) for u, r in pairs if (u, r) not in kept]
    if "assignments" not in inspect(task).unloaded:
        for assignment in gone:
            task.assignments.remove(assignment)
        task.assignments.extend(new)
    else:
        for assignment in gone:
            db.session.delete(assignment)
        db.session.add_all(new)


def _names(pairs) -> list[list[str]]:
    ids = [unit_id for unit_id, _ in pairs]
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all()) if ids else {}
    return [[names.get(unit_id, str(unit_id)), ROLE_LABELS[role]] for unit_id, role in pairs]


def check_assignments(document: Document, assignments: list[tuple[Unit, str]],
                      keep: frozenset[int] | set[int] = frozenset(), actor=None) -> None:
    """Units and roles a plan may name: a valid role each, one lead at most, and units of the issuing body's area
    that the actor may give tasks to (a unit already on the task may stay)."""
    if not assignments:
        raise DomainError("Hãy giao nhiệm vụ cho ít nhất một đơn vị.")
    if any(role not in ROLE_LABELS for _, role in assignments):
        raise DomainError("Vai trò của đơn vị không hợp lệ.")
    if len({unit.id for unit, role in assignments if role == "lead"}) > 1:
        raise DomainError("Mỗi nhiệm vụ chỉ có một đơn vị chủ trì; các đơn vị khác là phối hợp.")
    if len({unit.id for unit, _ in assignments}) < len(assignments):
        raise DomainError("Một đơn vị chỉ giữ một vai trò trong một nhiệm vụ.")
    body = body_id_of(document.issuer_id) if document.issuer_id else None
    new = {unit.id for unit, _ in assignments} - set(keep)
    if body is None or not new:
        return
    inside = set(db.session.scalars(select(UnitClosure.descendant_id).where(
        UnitClosure.ancestor_id == body, UnitClosure.descendant_id.in_(new))))
    outside = [unit.name for unit, _ in assignments if unit.id in new - inside]
    if outside:
        raise DomainError("Đơn vị không thuộc địa bàn của cơ quan ban hành kế hoạch: " + ", ".join(outside) + ".")
    refused = [unit.name for unit, _ in assignments if unit.id in new and actor is not None
               and not can_assign_to(actor, unit)]
    if refused:
        raise DomainError("Bạn không được giao nhiệm vụ cho đơn vị ngoài cơ quan của mình: " + ", ".join(refused) + ".")


def _check_section(task_document_id: int, section: Section | None) -> None:
    if section is not None and section.document_id != task_document_id:
        raise DomainError("Mục được chọn không thuộc kế hoạch này.")


def edit_task(*, actor, task: Task, text: str, section: Section | None, due_on: date | None,
              deadline_phrase: str | None, assignments: list[tuple[Unit, str]], today: date,
              amended_by: Document | None = None, expected_version: int | None = None,
              groups: dict[int, str] | None = None) -> dict:
    """Change a task's text, section, deadline, units and roles; `groups` ({group id: role or "remove"}) changes
    a group of units as a whole (group_edits.change_groups). Returns {field: [before, after]} (empty when nothing
    changed). Units that lose the task keep their posted updates; new units are told they have it."""
    check_version(task, expected_version)
    _require_live(task)
    text = _text(text)
    _check_section(task.document_id, section)
    before_pairs = _pairs(task)
    group_changes = group_edits.change_groups(actor=actor, task=task, roles=groups) if groups else {}
    grouped = _check_against_groups(task, assignments)
    if assignments or not grouped:  # a task given to a group alone may name no unit one by one
        check_assignments(db.session.get(Document, task.document_id), assignments,
                          keep={u for u, _ in before_pairs}, actor=actor)
    phrase = nfc(deadline_phrase or "").strip() or None
    before = {"text": task.text, "section_id": task.section_id, "due_on": task.due_on, "deadline_phrase":
              task.deadline_phrase}
    task.text, task.section_id, task.due_on = text, section.id if section else None, due_on
    if phrase != task.deadline_phrase or due_on != before["due_on"]:
        task.deadline_phrase = phrase
        task.deadline_kind = "date" if due_on else (task.deadline_kind if phrase else None)
    after_pairs = sorted((unit.id, role) for unit, role in assignments)
    if after_pairs != before_pairs:
        _set_own(task, after_pairs, grouped)
    changes = {f: [_plain(before[f]), _plain(getattr(task, f))] for f in before if before[f] != getattr(task, f)}
    if after_pairs != before_pairs:
        changes["assignments"] = [_names(before_pairs), _names(after_pairs)]
    if group_changes and not changes:
        task.updated_at = utcnow()  # the groups alone changed: the task's version still moves on
        _flush(task)
        return group_changes
    if not changes:
        return {}
    _flush(task)
    labels = {"text": "nội dung", "section_id": "mục", "due_on": "thời hạn", "deadline_phrase": "thời hạn",
              "assignments": "đơn vị thực hiện"}
    what = ", ".join(dict.fromkeys(labels[f] for f in changes))
    record(actor, "edit", "task", task.id, _summary(f"Điều chỉnh {what}", amended_by), {**changes, **_cite(amended_by)})
    before_units, after_units = {u for u, _ in before_pairs}, {u for u, _ in after_pairs}
    gained, lost = sorted(after_units - before_units), sorted(before_units - after_units)
    events.task_changed.send(task, actor=actor, unit_ids=sorted(before_units | after_units), changes=changes,
                             amended_by=amended_by)
    if gained:
        events.task_assigned.send(task, actor=actor, unit_ids=gained,
                                  roles={u: r for u, r in after_pairs if u in gained})
    if lost:
        events.task_withdrawn.send(task, actor=actor, unit_ids=lost, reason="Điều chỉnh đơn vị thực hiện")
    return {**changes, **group_changes}


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _next_position(document_id: int) -> int:
    return (db.session.scalar(select(db.func.max(Task.position)).where(Task.document_id == document_id)) or 0) + 1


def add_task(*, actor, document: Document, text: str, section: Section | None, due_on: date | None,
             deadline_phrase: str | None, assignments: list[tuple[Unit, str]], today: date,
             amended_by: Document | None = None) -> Task:
    """Add a task to a saved plan (at its end); its units are told."""
    text = _text(text)
    _check_section(document.id, section)
    check_assignments(document, assignments, actor=actor)
    task = create_task(actor=actor, document=document, text=text, assignments=assignments, due_on=due_on,
                       deadline_kind="date" if due_on else None, deadline_phrase=nfc(deadline_phrase or "").strip()
                       or None, position=_next_position(document.id))
    task.section_id = section.id if section else None
    _flush(task)
    if amended_by is not None:
        record(actor, "edit", "task", task.id, _summary("Bổ sung nhiệm vụ", amended_by), _cite(amended_by))
    return task  # create_task has told the units (task_assigned)


def withdraw_task(*, actor, task: Task, reason: str, today: date, amended_by: Document | None = None,
                  expected_version: int | None = None) -> Task:
    """Thu hồi: from today the task leaves every list and count; its updates and timeline stay readable."""
    check_version(task, expected_version)
    _require_live(task)
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError("Hãy ghi rõ lý do thu hồi nhiệm vụ.")
    if len(reason) > REASON_MAX:
        raise DomainError(f"Lý do quá dài (tối đa {REASON_MAX} ký tự).")
    task.withdrawn_on, task.withdrawn_reason = today, reason
    _flush(task)
    record(actor, "withdraw", "task", task.id, _summary(f"Thu hồi nhiệm vụ: {_short(reason)}", amended_by),
           {"withdrawn_on": [None, today.isoformat()], "reason": reason, **_cite(amended_by)})
    unit_ids = sorted(set(db.session.scalars(select(Assignment.unit_id).where(Assignment.task_id == task.id))))
    events.task_withdrawn.send(task, actor=actor, unit_ids=unit_ids, reason=reason)
    return task


def _shift_after(task: Task, count: int) -> None:
    """Make room for `count` tasks right after `task` in its plan's order."""
    later = db.session.scalars(select(Task).where(Task.document_id == task.document_id, Task.id != task.id,
                                                  Task.position > task.position))
    for other in later:
        other.position += count


def split_task(*, actor, task: Task, parts: list[str], today: date, amended_by: Document | None = None,
               expected_version: int | None = None) -> list[Task]:
    """Split a task into several: the task keeps the first part (and its updates); each further part becomes a new
    task right after it with the same units, roles, groups of units, section, deadline and upper task."""
    check_version(task, expected_version)
    _require_live(task)
    parts = [_text(p) for p in parts if (p or "").strip()]
    if len(parts) < 2:
        raise DomainError("Hãy nhập ít nhất hai phần (mỗi dòng một nhiệm vụ) để tách.")
    before_text = task.text
    _shift_after(task, len(parts) - 1)
    task.text = parts[0]
    pairs = _pairs(task)
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_([u for u, _ in pairs])))}
    upper = db.session.get(Task, task.implements_task_id) if task.implements_task_id else None
    created = []
    for offset, part in enumerate(parts[1:], start=1):
        new = create_task(actor=actor, document=db.session.get(Document, task.document_id), text=part,
                          assignments=[(units[u], r) for u, r in pairs], due_on=task.due_on,
                          deadline_kind=task.deadline_kind, deadline_phrase=task.deadline_phrase, implements=upper,
                          position=task.position + offset)
        new.section_id, new.deadline_spec = task.section_id, task.deadline_spec
        created.append(new)
    _flush(task)
    for new in created:  # each part keeps the task's groups and their members
        group_edits.copy_groups(actor=actor, source=task, target=new, why=f"tách từ nhiệm vụ #{task.id}")
    for new in created:
        record(actor, "split", "task", new.id, _summary(f"Tách từ nhiệm vụ #{task.id}", amended_by),
               {"split_from": task.id, **_cite(amended_by)})
    record(actor, "split", "task", task.id,
           _summary(f"Tách thành {len(parts)} nhiệm vụ: #{task.id}, " + ", ".join(f"#{t.id}" for t in created),
                    amended_by),
           {"text": [before_text, task.text], "split_into": [t.id for t in created], **_cite(amended_by)})
    unit_ids = sorted({u for u, _ in pairs})
    events.task_changed.send(task, actor=actor, unit_ids=unit_ids, changes={"text": [before_text, task.text]},
                             amended_by=amended_by)
    return [task] + created  # create_task has told the units of each new task (task_assigned)


def merge_tasks(*, actor, target: Task, others: list[Task], text: str | None, today: date,
                amended_by: Document | None = None) -> Task:
    """Merge tasks of one plan into `target`: it takes the units of all (the strongest role of each unit) and the
    given text; the others are withdrawn ("gộp vào #…") with their updates kept; tasks derived from them below now
    carry out `target`, so the roll-ups continue."""
    others = [t for t in others if t.id != target.id]
    if not others:
        raise DomainError("Hãy chọn ít nhất một nhiệm vụ khác để gộp.")
    for task in [target] + others:
        _require_live(task)
        if task.document_id != target.document_id:
            raise DomainError("Chỉ gộp được các nhiệm vụ của cùng một kế hoạch.")
    # A merged task's groups come to the target with their members (the merged task keeps its own as history).
    for task in others:
        group_edits.copy_groups(actor=actor, source=task, target=target, why=f"gộp từ nhiệm vụ #{task.id}")
    grouped = dict(db.session.execute(select(Assignment.unit_id, Assignment.role).where(
        Assignment.task_id == target.id, Assignment.group_id.is_not(None))).all())
    best: dict[int, str] = {}
    rank = {t.id: i for i, t in enumerate([target] + others)}
    own = sorted(db.session.execute(select(Assignment.task_id, Assignment.unit_id, Assignment.role).where(
        Assignment.task_id.in_(list(rank)), Assignment.group_id.is_(None))).all(), key=lambda r: rank[r[0]])
    for _, unit_id, role in own:
        if unit_id in grouped:  # a member of one of the target's groups now: the group names it
            continue
        if unit_id not in best or ROLE_RANK[role] < ROLE_RANK[best[unit_id]]:
            best[unit_id] = role
    # One lead: a group of the target that leads, else the target's own lead, else the first met; the other
    # leads coordinate.
    target_lead = next((u for t, u, r in own if t == target.id and r == "lead"), None)
    leads = [u for u, r in best.items() if r == "lead"]
    keep_lead = None if "lead" in grouped.values() else (
        target_lead if target_lead is not None else (leads[0] if leads else None))
    for unit_id in leads:
        if unit_id != keep_lead:
            best[unit_id] = "coordinate"
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(list(best))))}
    merged_text = text if (text or "").strip() else "\n".join([target.text] + [t.text for t in others])
    edit_task(actor=actor, task=target, text=merged_text, section=db.session.get(Section, target.section_id)
              if target.section_id else None, due_on=target.due_on, deadline_phrase=target.deadline_phrase,
              assignments=[(units[u], r) for u, r in best.items()], today=today, amended_by=amended_by)
    other_ids = [t.id for t in others]
    for below in db.session.scalars(select(Task).where(Task.implements_task_id.in_(other_ids))):
        record(actor, "edit", "task", below.id, f"Nhiệm vụ cấp trên #{below.implements_task_id} được gộp vào "
               f"#{target.id}", {"implements_task_id": [below.implements_task_id, target.id]})
        below.implements_task_id = target.id
    for task in others:
        withdraw_task(actor=actor, task=task, reason=f"Gộp vào nhiệm vụ #{target.id}", today=today,
                      amended_by=amended_by)
    record(actor, "merge", "task", target.id, _summary("Gộp nhiệm vụ " + ", ".join(f"#{i}" for i in other_ids)
                                                       + " vào nhiệm vụ này", amended_by),
           {"merged": other_ids, **_cite(amended_by)})
    return target


def move_task(*, actor, task: Task, offset: int, today: date) -> Task:
    """Move a task up (-1) or down (+1) among its plan's live tasks; the plan's order is renumbered 1..n."""
    _require_live(task)
    if offset not in (-1, 1):
        raise DomainError("Chỉ chuyển được lên hoặc xuống một vị trí.")
    order = list(db.session.scalars(select(Task).where(Task.document_id == task.document_id,
                                                       Task.withdrawn_on.is_(None))
                                    .order_by(Task.position, Task.id)))
    index = next(i for i, t in enumerate(order) if t.id == task.id)
    other = index + offset
    if not 0 <= other < len(order):
        raise DomainError("Nhiệm vụ đã ở " + ("đầu" if offset < 0 else "cuối") + " kế hoạch.")
    order[index], order[other] = order[other], order[index]
    before = task.position
    for position, item in enumerate(order, start=1):
        if item.position != position:
            item.position = position
    _flush(task)
    record(actor, "move", "task", task.id, f"Chuyển vị trí trong kế hoạch: {before} → {task.position}",
           {"position": [before, task.position]})
    return task
