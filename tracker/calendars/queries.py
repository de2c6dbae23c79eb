"""Reads for the deadline feed: the owner of a token, a user's active token, the open dated tasks and the
reports the user's unit still owes."""
from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from tracker.calendars.models import CalendarToken
from tracker.duties.models import ReportingDuty
from tracker.duties.queries import E, owed_by_user, status_expr
from tracker.extensions import db
from tracker.plans.models import Document, Task
from tracker.tasks import queries as task_queries
from tracker.tasks.deadlines import OPEN_STATUSES
from tracker.units.models import Unit, User

OWED_STATUSES = ("pending", "missing", "returned")


def hash_token(raw: str) -> str:
    """What is stored for a token: its SHA-256 in hex (the token itself is shown once, never kept)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def token_by_secret(raw: str) -> CalendarToken | None:
    """The active token with this secret whose owner is still enabled, with the owner and unit; one query."""
    return db.session.scalar(select(CalendarToken).join(User, User.id == CalendarToken.user_id)
                             .where(CalendarToken.token_hash == hash_token(raw), CalendarToken.revoked_at.is_(None),
                                    User.is_enabled.is_(True))
                             .options(joinedload(CalendarToken.user).joinedload(User.unit).lazyload(Unit.aliases)))


def active_token(user) -> CalendarToken | None:
    """The user's current (not revoked) token, if any."""
    return db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id,
                                                         CalendarToken.revoked_at.is_(None))
                             .order_by(CalendarToken.id.desc()).limit(1))


def feed_tasks(user, today: date) -> list:
    """(Task, role, state) of the user's unit list that are still open and have a due date, with their plans; one
    query. A task's other units are not read: an event names the user's unit's role only (a task given to 3,300
    communes is not 3,300 rows)."""
    if not user.unit_id:
        return []
    stmt = task_queries.unit_tasks(user.unit_id, today, task_queries.TaskFilters()) \
        .where(Task.status.in_(OPEN_STATUSES), Task.due_on.is_not(None))
    return db.session.execute(stmt.options(joinedload(Task.document).lazyload(Document.issuer))).all()


def feed_submissions(user, today: date) -> list:
    """(ExpectedSubmission, status) the user's unit still has to send (not sent yet, or returned); one query."""
    status = status_expr(today)
    stmt = owed_by_user(user, today).join(ReportingDuty, ReportingDuty.id == E.duty_id) \
        .where(status.in_(OWED_STATUSES), ReportingDuty.is_active.is_(True)) \
        .options(joinedload(E.unit).lazyload(Unit.aliases),
                 joinedload(E.duty).options(joinedload(ReportingDuty.recipient).lazyload(Unit.aliases),
                                            lazyload(ReportingDuty.via),
                                            joinedload(ReportingDuty.document).lazyload(Document.issuer)))
    return db.session.execute(stmt).all()
