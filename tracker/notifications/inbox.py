"""Văn bản đến: the documents from above that give the user's body work or list it in Nơi nhận, with their state for
that body."""
from __future__ import annotations

from sqlalchemy import Select, case, exists, false, func, literal, or_, select
from sqlalchemy.orm import aliased

from tracker.duties.models import ExpectedSubmission, ReportingDuty
from tracker.extensions import db
from tracker.notifications.models import DocumentRead
from tracker.notifications.queries import own_unit_ids
from tracker.plans.models import Assignment, Document, DocumentLink, DocumentRecipient, Task
from tracker.units.queries import body_id_of

STATES = {"new": "Chưa triển khai", "planned": "Đã có kế hoạch", "reported": "Đã báo cáo"}
STATE_BADGES = {"new": "danger", "planned": "primary", "reported": "success"}


def inbox_body_id(user) -> int | None:
    """The body whose inbox the user reads (admins and users without a unit have none)."""
    if getattr(user, "role", None) in (None, "admin") or not getattr(user, "unit_id", None):
        return None
    return body_id_of(user.unit_id)


def _state(own):
    child = aliased(Document)
    planned = exists(select(DocumentLink.id).join(child, child.id == DocumentLink.child_id)
                     .where(DocumentLink.parent_id == Document.id, child.issuer_id.in_(own)))
    reported = exists(select(ExpectedSubmission.id).join(ReportingDuty, ReportingDuty.id == ExpectedSubmission.duty_id)
                      .where(ReportingDuty.document_id == Document.id, ExpectedSubmission.unit_id.in_(own),
                             ExpectedSubmission.first_submitted_on.is_not(None)))
    return case((reported, "reported"), (planned, "planned"), else_="new")


def inbox_for(user, body_id: int | None) -> Select:
    """(Document, state, is_read) of every document not issued by the body that assigns one of its own units a
    task or names one in its Nơi nhận, newest first; scoped in SQL."""
    if body_id is None:
        return select(Document, literal("new").label("state"), false().label("is_read")).where(false())
    own = own_unit_ids(body_id)
    assigned = select(Task.document_id).join(Assignment, Assignment.task_id == Task.id).where(
        Assignment.unit_id.in_(own))
    listed = select(DocumentRecipient.document_id).where(DocumentRecipient.unit_id.in_(own))
    is_read = exists(select(DocumentRead.id).where(DocumentRead.user_id == user.id,
                                                   DocumentRead.document_id == Document.id))
    return (select(Document, _state(own).label("state"), is_read.label("is_read"))
            .where(or_(Document.id.in_(assigned), Document.id.in_(listed)),
                   or_(Document.issuer_id.is_(None), Document.issuer_id.not_in(own)))
            .order_by(Document.issued_on.desc().nulls_last(), Document.id.desc()))


def inbox_counts(user, body_id: int | None) -> dict[str, int]:
    """{"new": …, "unread": …, "total": …} of the inbox in one query."""
    if body_id is None:
        return {"new": 0, "unread": 0, "total": 0}
    rows = inbox_for(user, body_id).order_by(None).subquery()
    stmt = select(func.count(), func.sum(case((rows.c.state == "new", 1), else_=0)),
                  func.sum(case((rows.c.is_read.is_(False), 1), else_=0)))
    total, new, unread = db.session.execute(stmt.select_from(rows)).one()
    return {"total": total or 0, "new": new or 0, "unread": unread or 0}


def in_inbox(user, body_id: int | None, document_id: int) -> bool:
    if body_id is None:
        return False
    return bool(db.session.scalar(select(exists(inbox_for(user, body_id).where(Document.id == document_id)
                                                .order_by(None).subquery().select()))))


__all__ = ["STATES", "STATE_BADGES", "inbox_for", "inbox_counts", "in_inbox"]
