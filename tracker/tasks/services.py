"""Writes on tasks: create and assign, progress updates with evidence, status with confirmation, reminders."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tracker.core import events
from tracker.core.audit import record
from tracker.core.exceptions import ConflictError, DomainError
from tracker.core.vntext import nfc
from tracker.extensions import db
from tracker.permissions import confirm_conflict
from tracker.plans.models import ROLE_LABELS, Assignment, Document, Task
from tracker.tasks import uploads
from tracker.tasks.models import STATUS_LABELS, Evidence, TaskComment, TaskEvent, TaskUpdate
from tracker.units.models import Unit

NOTE_MAX = 20_000
TEXT_MAX = 5_000
CONFLICT = "Người khác đã cập nhật nhiệm vụ này trước bạn"
# What the lead unit may set; "done" only comes from the assigning body's confirmation.
LEAD_STATUSES = ("not_started", "in_progress", "paused", "claimed")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _flush(task: Task) -> None:
    """Flush; the version column turns a concurrent write into a ConflictError."""
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError(f"{CONFLICT}. Hãy tải lại trang để xem trạng thái mới nhất.") from error


def _history(task: Task, kind: str, on: date, actor) -> None:
    """Keep the state the task is in after a change, dated from `on`: reports read it as at a period's end."""
    db.session.add(TaskEvent(task_id=task.id, kind=kind, status=task.status, progress=task.progress or 0,
                             claimed_on=task.claimed_on, effective_on=on, actor_id=getattr(actor, "id", None)))


def check_version(task: Task, expected_version: int | None) -> None:
    """Refuse a change made from a stale page: someone changed the task after the form was shown."""
    if expected_version is not None and task.version != expected_version:
        raise ConflictError(f"{CONFLICT}: trạng thái hiện tại là “{STATUS_LABELS.get(task.status, task.status)}”, "
                            f"tiến độ {task.progress}%. Hãy xem lại trước khi cập nhật.")


def create_task(*, actor, document: Document, text: str, assignments: list[tuple[Unit, str]],
                due_on: date | None = None, deadline_kind: str | None = None, deadline_phrase: str | None = None,
                implements: Task | None = None, position: int = 0) -> Task:
    """Add a task to a plan with its units and roles (chủ trì / phối hợp / đề nghị)."""
    text = nfc(text or "").strip()
    if not text:
        raise DomainError("Nội dung nhiệm vụ không được để trống.")
    if len(text) > TEXT_MAX:
        raise DomainError(f"Nội dung nhiệm vụ quá dài (tối đa {TEXT_MAX} ký tự).")
    if not assignments:
        raise DomainError("Hãy giao nhiệm vụ cho ít nhất một đơn vị.")
    for _, role in assignments:
        if role not in ROLE_LABELS:
            raise DomainError("Vai trò của đơn vị không hợp lệ.")
    task = Task(document_id=document.id, text=text, due_on=due_on, deadline_kind=deadline_kind,
                deadline_phrase=deadline_phrase, implements_task_id=implements.id if implements else None,
                position=position, status="not_started", progress=0)
    task.assignments = [Assignment(unit_id=unit.id, role=role) for unit, role in dict.fromkeys(
        (u, r) for u, r in assignments)]
    db.session.add(task)
    db.session.flush()
    record(actor, "create", "task", task.id, f"Tạo nhiệm vụ: {_short(text)}",
           {"document_id": document.id, "due_on": due_on.isoformat() if due_on else None,
            "implements_task_id": task.implements_task_id,
            "assignments": [[unit.name, ROLE_LABELS[role]] for unit, role in assignments]})
    events.task_assigned.send(task, actor=actor, unit_ids=[a.unit_id for a in task.assignments],
                              roles={a.unit_id: a.role for a in task.assignments})
    return task


def _assigned(task: Task) -> list[tuple[int, str]]:
    """(unit id, role) of the task's assignments, read without touching the raise-loaded relationship."""
    return list(db.session.execute(select(Assignment.unit_id, Assignment.role)
                                   .where(Assignment.task_id == task.id).order_by(Assignment.id)).all())


def _lead_unit_id(task: Task) -> int | None:
    roles = {role: unit_id for unit_id, role in reversed(_assigned(task))}
    return roles.get("lead") or roles.get("request")


def change_status(*, actor, task: Task, status: str, today: date, expected_version: int | None = None,
                  on: date | None = None, claiming_unit_id: int | None = None) -> Task:
    """The lead unit sets the work state; "Chờ xác nhận" records the claim date that decides on time or late.
    `on` is the date the change counts from when a dated update reports it (default: today)."""
    check_version(task, expected_version)
    if status not in LEAD_STATUSES:
        raise DomainError("Trạng thái không hợp lệ: “Đã hoàn thành” chỉ do cơ quan giao nhiệm vụ xác nhận.")
    if task.status == "done":
        raise DomainError("Nhiệm vụ đã được xác nhận hoàn thành; không thể đổi trạng thái.")
    if status == task.status:
        return task
    before = task.status
    task.status = status
    if status == "claimed":
        task.claimed_on = on or today
        task.claimed_by_id = getattr(actor, "id", None)
        task.progress = 100
    else:
        task.claimed_on = None
        task.claimed_by_id = None
    _history(task, "status", on or today, actor)
    _flush(task)
    record(actor, "status", "task", task.id, f"{STATUS_LABELS[before]} → {STATUS_LABELS[status]}",
           {"status": [before, status], "claimed_on": task.claimed_on.isoformat() if task.claimed_on else None})
    if status == "claimed":
        events.task_claimed.send(task, actor=actor, unit_id=claiming_unit_id or _lead_unit_id(task))
    return task


def _require_claimed(task: Task, actor) -> None:
    if task.status != "claimed":
        raise DomainError("Chỉ xác nhận được nhiệm vụ đang ở trạng thái “Chờ xác nhận”.")
    if actor is not None:  # None: a system step (demo data, migrations), not a person deciding
        conflict = confirm_conflict(actor, task)
        if conflict:
            raise DomainError(conflict)


def confirm_completion(*, actor, task: Task, today: date, expected_version: int | None = None) -> Task:
    """The assigning body confirms the claim: the task is done; on time or late stays judged on the claim date."""
    check_version(task, expected_version)
    _require_claimed(task, actor)
    task.status = "done"
    task.confirmed_on = today
    _history(task, "confirm", today, actor)
    _flush(task)
    record(actor, "confirm", "task", task.id, "Xác nhận hoàn thành",
           {"status": ["claimed", "done"], "claimed_on": task.claimed_on.isoformat() if task.claimed_on else None})
    events.task_confirmed.send(task, actor=actor)
    return task


def refuse_completion(*, actor, task: Task, reason: str, today: date,
                      expected_version: int | None = None) -> Task:
    """The assigning body refuses the claim with a reason: back to the unit as "Thực hiện lại"."""
    check_version(task, expected_version)
    _require_claimed(task, actor)
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError("Hãy ghi rõ lý do không xác nhận hoàn thành.")
    if len(reason) > NOTE_MAX:
        raise DomainError(f"Lý do quá dài (tối đa {NOTE_MAX} ký tự).")
    comment = TaskComment(task_id=task.id, author_id=getattr(actor, "id", None), kind="refusal", body_md=reason)
    db.session.add(comment)
    task.status = "redo"
    task.claimed_on = None
    task.claimed_by_id = None
    _history(task, "refuse", today, actor)
    _flush(task)
    record(actor, "refuse", "task", task.id, "Không xác nhận hoàn thành, yêu cầu thực hiện lại",
           {"status": ["claimed", "redo"], "comment_id": comment.id})
    events.task_refused.send(task, actor=actor, reason=reason)
    return task


def remind(*, actor, task: Task, body_md: str, today: date, unit_ids: list[int] | None = None) -> TaskComment:
    """A monitor's reminder (đôn đốc) to the chosen assigned units (all of them when none are chosen), kept as a
    comment the units see on the task."""
    body_md = nfc(body_md or "").strip()
    if not body_md:
        raise DomainError("Hãy nhập nội dung đôn đốc.")
    if len(body_md) > NOTE_MAX:
        raise DomainError(f"Nội dung quá dài (tối đa {NOTE_MAX} ký tự).")
    assigned = [unit_id for unit_id, _ in _assigned(task)]
    if unit_ids is not None:
        if not unit_ids:
            raise DomainError("Hãy chọn ít nhất một đơn vị để đôn đốc.")
        if set(unit_ids) - set(assigned):
            raise DomainError("Chỉ đôn đốc được các đơn vị được giao nhiệm vụ này.")
    chosen = list(dict.fromkeys(unit_ids)) if unit_ids else assigned
    comment = TaskComment(task_id=task.id, author_id=getattr(actor, "id", None), kind="reminder", body_md=body_md)
    db.session.add(comment)
    db.session.flush()
    record(actor, "remind", "task", task.id, f"Đôn đốc: {_short(body_md)}",
           {"comment_id": comment.id, "unit_ids": chosen})
    events.task_pressed.send(task, actor=actor, unit_ids=chosen, message=body_md)
    return comment


def post_update(*, actor, task: Task, unit_id: int, today: date, note_md: str, reported_on: date | None = None,
                progress: int | None = None, status: str | None = None, files: list[uploads.Upload] | None = None,
                corrects: TaskUpdate | None = None, expected_version: int | None = None) -> TaskUpdate:
    """A unit's progress update with evidence; a record, never edited (a correction is a new update)."""
    check_version(task, expected_version)
    if task.withdrawn_on is not None:
        raise DomainError("Nhiệm vụ đã bị thu hồi; không gửi thêm cập nhật được.")
    note_md = nfc(note_md or "").replace("\r\n", "\n").strip()
    files = uploads.check(list(files or []))
    reported_on = reported_on or today
    if not note_md and not files and progress is None and not status:
        raise DomainError("Cập nhật trống: hãy nhập nội dung, tiến độ hoặc đính kèm tệp.")
    if len(note_md) > NOTE_MAX:
        raise DomainError(f"Nội dung cập nhật quá dài (tối đa {NOTE_MAX} ký tự).")
    if progress is not None and not 0 <= progress <= 100:
        raise DomainError("Tiến độ phải từ 0 đến 100%.")
    if reported_on > today:
        raise DomainError("Ngày cập nhật không được sau ngày hôm nay.")
    if reported_on < today - timedelta(days=366):
        raise DomainError("Ngày cập nhật quá xa trong quá khứ.")
    if corrects is not None and corrects.task_id != task.id:
        raise DomainError("Cập nhật được đính chính không thuộc nhiệm vụ này.")
    if task.status == "done" and status:
        raise DomainError("Nhiệm vụ đã được xác nhận hoàn thành; không thể đổi trạng thái.")
    if status and status != task.status:
        change_status(actor=actor, task=task, status=status, today=today, on=reported_on,
                      claiming_unit_id=unit_id)
    # A member of a group ("UBND các xã") reports its own part: its progress stays on its update and in the
    # group's drill-down, not on the task all the members share.
    for_group = db.session.scalar(select(Assignment.id).where(
        Assignment.task_id == task.id, Assignment.unit_id == unit_id, Assignment.group_id.is_not(None)).limit(1))
    if progress is not None and task.status != "done" and progress != task.progress and for_group is None:
        task.progress = progress
        _history(task, "update", reported_on, actor)
    update = TaskUpdate(task_id=task.id, unit_id=unit_id, author_id=getattr(actor, "id", None),
                        reported_on=reported_on, status=status or None, progress=progress, note_md=note_md,
                        corrects_id=corrects.id if corrects else None)
    db.session.add(update)
    _flush(task)
    for upload in files:
        key = uploads.store(upload)
        db.session.add(Evidence(update_id=update.id, task_id=task.id, original_name=upload.name,
                                stored_name=key, kind=upload.kind, size=len(upload.data), sha256=key))
    _flush(task)
    summary = ("Đính chính cập nhật" if corrects else "Cập nhật tiến độ") + (f" {progress}%" if progress is not None
                                                                              else "")
    record(actor, "post", "task", task.id, summary, {"update_id": update.id, "progress": progress,
                                                       "files": [u.name for u in files],
                                                       "corrects_id": corrects.id if corrects else None})
    events.task_updated.send(task, actor=actor, update=update)
    return update


MENTION_RE = re.compile(r"(?<![\w.@])@([a-z0-9][a-z0-9._-]*[a-z0-9])", re.IGNORECASE)


def post_comment(*, actor, task: Task, body_md: str, mentionable: dict[str, int], today: date) -> TaskComment:
    """An exchange on the task (trao đổi), apart from progress updates; @username tells the named people, who
    must be among `mentionable` (people of the task's units and of the assigning body)."""
    body_md = nfc(body_md or "").replace("\r\n", "\n").strip()
    if not body_md:
        raise DomainError("Hãy nhập nội dung trao đổi.")
    if len(body_md) > NOTE_MAX:
        raise DomainError(f"Nội dung trao đổi quá dài (tối đa {NOTE_MAX} ký tự).")
    named = list(dict.fromkeys(m.lower() for m in MENTION_RE.findall(body_md)))
    unknown = [n for n in named if n not in mentionable]
    if unknown:
        raise DomainError("Không nhắc đến được " + ", ".join(f"@{n}" for n in unknown)
                          + ": chỉ nhắc được người của các đơn vị liên quan đến nhiệm vụ.")
    comment = TaskComment(task_id=task.id, author_id=getattr(actor, "id", None), kind="comment", body_md=body_md)
    db.session.add(comment)
    db.session.flush()
    record(actor, "comment", "task", task.id, f"Trao đổi: {_short(body_md)}",
           {"comment_id": comment.id, "mentions": named})
    events.task_commented.send(task, actor=actor, comment=comment, mentioned=[mentionable[n] for n in named])
    return comment
