"""Listeners of the domain events: each works from the signal alone (the sender and its keywords), finds who
must act, and fans a notice out through services.notify in the sender's transaction."""
from __future__ import annotations

from sqlalchemy import select

from tracker.core import events
from tracker.core.vntext import shorten
from tracker.extensions import db
from tracker.notifications import queries
from tracker.notifications.services import notify
from tracker.plans.models import ROLE_LABELS, Assignment, Document
from tracker.units.models import Unit
from tracker.units.queries import body_id_of

TEXT_MAX = 110


def _about(task) -> str:
    """“short task text” (plan label, deadline once)."""
    document = db.session.get(Document, task.document_id)
    due = f", hạn {task.due_on:%d/%m/%Y}" if task.due_on else (f", {task.deadline_phrase}" if task.deadline_phrase
                                                                  else "")
    return f"“{shorten(task.text, TEXT_MAX)}” ({document.label if document else 'kế hoạch'}{due})"


def _assigned_units(task) -> list[int]:
    return list(db.session.scalars(select(Assignment.unit_id).where(Assignment.task_id == task.id)))


def _unit_names(unit_ids, shown: int = 5) -> str:
    """“A, B, C” or, for a group of 3,300 communes, the first few names and “và 3.295 đơn vị khác”."""
    ids = list(dict.fromkeys(unit_ids))
    names = list(db.session.scalars(select(Unit.name).where(Unit.id.in_(ids)).order_by(Unit.sort_name)
                                    .limit(shown + 1)))
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" và {len(ids) - shown:,} đơn vị khác".replace(",", ".")


def _who(actor) -> str:
    return getattr(actor, "full_name", None) or "Hệ thống"


@events.task_assigned.connect
def on_assigned(task, actor=None, unit_ids=(), roles=None, **_):
    roles = roles or {}
    # People and names of every unit at once: a group of 3,300 communes costs two queries, plus one notice
    # batch per unit that has people.
    people = queries.people_by_unit(list(dict.fromkeys(unit_ids)))
    if not people:
        return
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(list(people)))).all())
    about = _about(task)
    for unit_id in dict.fromkeys(unit_ids):
        if unit_id not in people:
            continue
        role = ROLE_LABELS.get(roles.get(unit_id, ""), "")
        notify(kind="task_assigned", user_ids=people[unit_id], actor=actor, task_id=task.id,
               message=f"Nhiệm vụ mới{f' ({role})' if role else ''} cho {names.get(unit_id, '')}: {about}.")


@events.task_changed.connect
def on_changed(task, actor=None, unit_ids=(), changes=None, amended_by=None, **_):
    by = f" theo {amended_by.label}" if amended_by is not None else ""
    fields = ", ".join(changes or {}) if changes else ""
    notify(kind="task_changed", user_ids=queries.unit_people(unit_ids or _assigned_units(task)), actor=actor,
           task_id=task.id, message=f"Nhiệm vụ được điều chỉnh{by}{f' ({fields})' if fields else ''}: {_about(task)}.")


@events.task_withdrawn.connect
def on_withdrawn(task, actor=None, unit_ids=(), reason=None, **_):
    why = f" Lý do: {shorten(reason, 300)}" if reason else ""
    notify(kind="task_withdrawn", user_ids=queries.unit_people(unit_ids), actor=actor, task_id=task.id,
           message=f"Nhiệm vụ đã thu hồi khỏi {_unit_names(unit_ids)}: {_about(task)}.{why}")


@events.task_claimed.connect
def on_claimed(task, actor=None, unit_id=None, **_):
    document = db.session.get(Document, task.document_id)
    body = body_id_of(document.issuer_id) if document and document.issuer_id else None
    unit = f"{_unit_names([unit_id])} báo" if unit_id else "Đơn vị báo"
    notify(kind="task_claimed", user_ids=queries.body_people(body, ("secretariat",)), actor=actor, task_id=task.id,
           message=f"{unit} đã hoàn thành, chờ xác nhận: {_about(task)}.")


@events.task_confirmed.connect
def on_confirmed(task, actor=None, **_):
    notify(kind="task_confirmed", user_ids=queries.unit_people(_assigned_units(task)), actor=actor, task_id=task.id,
           message=f"{_who(actor)} đã xác nhận hoàn thành: {_about(task)}.")


@events.task_refused.connect
def on_refused(task, actor=None, reason=None, **_):
    notify(kind="task_refused", user_ids=queries.unit_people(_assigned_units(task)), actor=actor, task_id=task.id,
           message=f"Không xác nhận hoàn thành, yêu cầu thực hiện lại: {_about(task)}. "
                   f"Lý do: {shorten(reason or '', 400)}")


@events.task_pressed.connect
def on_pressed(task, actor=None, unit_ids=(), message=None, **_):
    notify(kind="task_pressed", user_ids=queries.unit_people(unit_ids or _assigned_units(task)), actor=actor,
           task_id=task.id, message=f"Đôn đốc {_about(task)}: {shorten(message or '', 600)}")


@events.task_commented.connect
def on_commented(task, actor=None, comment=None, mentioned=(), **_):
    body = shorten(getattr(comment, "body_md", "") or "", 300)
    notify(kind="mention", user_ids=list(mentioned), actor=actor, task_id=task.id,
           message=f"{_who(actor)} nhắc đến bạn trong trao đổi về {_about(task)}: {body}")


def _expected_about(expected) -> str:
    return (f"“{shorten(expected.duty.title, TEXT_MAX)}” – {expected.period_label} của {expected.unit.name}")


@events.submission_received.connect
def on_received(submission, actor=None, **_):
    from tracker.duties.models import ExpectedSubmission

    expected = db.session.get(ExpectedSubmission, submission.expected_id)
    body = body_id_of(expected.duty.via_id or expected.duty.recipient_id)
    notify(kind="sub_received", user_ids=queries.body_people(body, ("secretariat", "monitor")), actor=actor,
           expected_id=expected.id, message=f"Nhận được báo cáo {submission.number_text} (lần {submission.version}): "
                                            f"{_expected_about(expected)}.")


@events.submission_returned.connect
def on_returned(submission, actor=None, reason=None, **_):
    from tracker.duties.models import ExpectedSubmission

    expected = db.session.get(ExpectedSubmission, submission.expected_id)
    notify(kind="sub_returned", user_ids=queries.unit_people([expected.unit_id]), actor=actor,
           expected_id=expected.id, message=f"Báo cáo {submission.number_text} bị trả lại: {_expected_about(expected)}. "
                                            f"Lý do: {shorten(reason or '', 400)}")


@events.submission_accepted.connect
def on_accepted(submission, actor=None, **_):
    from tracker.duties.models import ExpectedSubmission

    expected = db.session.get(ExpectedSubmission, submission.expected_id)
    notify(kind="sub_accepted", user_ids=queries.unit_people([expected.unit_id]), actor=actor,
           expected_id=expected.id, message=f"Báo cáo {submission.number_text} đã được tiếp nhận: "
                                            f"{_expected_about(expected)}.")
