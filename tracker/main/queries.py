"""Việc cần làm: what the signed-in user must do today, by role, each count scoped in SQL (a fixed number of
queries whatever the size)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import joinedload

from tracker.duties.models import ExpectedSubmission as E
from tracker.duties.models import Notification, OutboxMail, Reminder, ReportingDuty
from tracker.duties.queries import status_expr, unread_counts
from tracker.extensions import db
from tracker.notifications.inbox import inbox_counts
from tracker.notifications.queries import own_unit_ids
from tracker.plans.models import Assignment, Document, Task
from tracker.tasks.deadlines import OPEN_STATUSES, state_expr, urgency_expr
from tracker.tasks.queries import listed_clause
from tracker.units.models import Unit, UnitClosure, User
from tracker.units.queries import body_id_of

UNIT_ROLES = ("member", "secretariat", "monitor")
LIST_MAX = 8


@dataclass
class Home:
    """Display-ready sections of the home page; each count comes with the list it counts (first few rows)."""

    unit: dict | None = None
    office: dict | None = None
    monitor: dict | None = None
    admin: dict | None = None
    inbox: dict = field(default_factory=dict)


def _owed_rows(status):
    """Columns (never the mapped rows: their units would load aliases) of open expected submissions, soonest first."""
    return (select(E.id, E.period_label, E.due_on, ReportingDuty.title, status.label("status"))
            .join(ReportingDuty, ReportingDuty.id == E.duty_id)
            .where(ReportingDuty.is_active.is_(True), or_(E.first_submitted_on.is_(None), E.review_state == "returned"))
            .order_by(E.due_on, E.id))


def unit_todo(user, today: date) -> dict:
    """The user's unit: tasks overdue, due soon, to redo, open; newly assigned or changed; reports owed next."""
    state = state_expr(today)
    mine = select(Assignment.task_id).where(Assignment.unit_id == user.unit_id)
    is_open = Task.status.in_(OPEN_STATUSES) & (Task.status != "claimed")
    counts = db.session.execute(select(
        func.sum(case(((state == "overdue") & is_open, 1), else_=0)),
        func.sum(case(((state == "due_soon") & is_open, 1), else_=0)),
        func.sum(case((Task.status == "redo", 1), else_=0)),
        func.sum(case((is_open, 1), else_=0))).where(Task.id.in_(mine))).one()
    fresh_notice = exists(select(Notification.id).where(
        Notification.user_id == user.id, Notification.task_id == Task.id, Notification.read_at.is_(None),
        Notification.kind.in_(("task_assigned", "task_changed"))))
    urgent = list(db.session.execute(
        select(Task, state.label("state"), fresh_notice.label("is_new")).where(Task.id.in_(mine), is_open)
        .options(joinedload(Task.document).lazyload(Document.issuer))
        .order_by(urgency_expr(state), Task.due_on.asc().nulls_last(), Task.id).limit(LIST_MAX)))
    fresh = unread_counts(user).task_news
    above = select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == user.unit_id)
    st = status_expr(today)
    owed = list(db.session.execute(_owed_rows(st).where(E.unit_id.in_(above)).limit(3)))
    return dict(overdue=counts[0] or 0, due_soon=counts[1] or 0, redo=counts[2] or 0, open=counts[3] or 0,
                urgent=urgent, fresh=fresh, owed=owed)


def office_todo(user, body_id: int, today: date) -> dict:
    """The Văn phòng: claims to confirm, reports the body owes, subordinates' missing plans and reports."""
    own = own_unit_ids(body_id)
    claims = list(db.session.scalars(
        select(Task).join(Document, Document.id == Task.document_id)
        .where(Task.status == "claimed", Document.issuer_id.in_(own))
        .options(joinedload(Task.document).lazyload(Document.issuer)).order_by(Task.claimed_on, Task.id)))
    st = status_expr(today)
    to_compile = list(db.session.execute(_owed_rows(st).where(E.unit_id.in_(own)).limit(LIST_MAX)))
    missing = db.session.execute(
        select(func.count(E.id), func.count(func.distinct(E.unit_id)))
        .join(ReportingDuty, ReportingDuty.id == E.duty_id)
        .where(ReportingDuty.recipient_id.in_(own), ReportingDuty.is_active.is_(True), st == "missing")).one()
    return dict(claims=claims, to_compile=to_compile, missing=missing[0] or 0, missing_units=missing[1] or 0)


def monitor_todo(user, body_id: int, today: date) -> dict:
    """The Ban Nội chính: bodies late or missing in the area, overdue tasks by unit, escalations received.

    Counts are counted in SQL over the whole area; the lists under them show the first few rows only (the centre
    watches 20,000 late or overdue units at national scale)."""
    area = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == body_id)
    st = status_expr(today)
    owed_late = (select(E.unit_id, st.label("status")).join(ReportingDuty, ReportingDuty.id == E.duty_id)
                 .where(ReportingDuty.recipient_id.in_(area), ReportingDuty.is_active.is_(True),
                        st.in_(("missing", "late"))))
    per_unit = owed_late.subquery()
    late_units, missing_units = db.session.execute(select(
        func.count(func.distinct(per_unit.c.unit_id)),
        func.count(func.distinct(case((per_unit.c.status == "missing", per_unit.c.unit_id)))))).one()
    missing = func.sum(case((per_unit.c.status == "missing", 1), else_=0))
    late = list(db.session.execute(
        select(Unit.id, Unit.name, missing.label("missing"),
               func.sum(case((per_unit.c.status == "late", 1), else_=0)).label("late"))
        .join(per_unit, per_unit.c.unit_id == Unit.id)
        .group_by(Unit.id, Unit.name, Unit.sort_name).order_by(missing.desc(), Unit.sort_name).limit(LIST_MAX)))
    state = state_expr(today)
    overdue_tasks = db.session.scalar(select(func.count(Task.id)).where(listed_clause(user), state == "overdue"))
    # One lead assignment per (task, unit): counting rows counts tasks. Grouped by the unit's id first, then only
    # the units with at least the LIST_MAX-th largest count are looked up for their names (the centre's 20,000
    # units with an overdue task were each read to sort them by name, a third of its home page).
    by_lead = (select(Assignment.unit_id, func.count().label("tasks"))
               .join(Task, Task.id == Assignment.task_id)
               .where(listed_clause(user), state == "overdue", Assignment.role == "lead")
               .group_by(Assignment.unit_id).cte("by_lead"))
    last_listed = (select(by_lead.c.tasks).order_by(by_lead.c.tasks.desc()).offset(LIST_MAX - 1).limit(1)
                   .scalar_subquery())
    overdue = list(db.session.execute(
        select(Unit.id, Unit.name, by_lead.c.tasks).join(by_lead, by_lead.c.unit_id == Unit.id)
        .where(by_lead.c.tasks >= func.coalesce(last_listed, 0))
        .order_by(by_lead.c.tasks.desc(), Unit.sort_name).limit(LIST_MAX)))
    to_remind = list(db.session.execute(
        select(ReportingDuty.id, ReportingDuty.title, func.count(func.distinct(E.unit_id)).label("units"))
        .join(E, E.duty_id == ReportingDuty.id)
        .where(ReportingDuty.recipient_id.in_(area), ReportingDuty.is_active.is_(True), E.due_on < today,
               or_(E.first_submitted_on.is_(None), E.review_state == "returned"))
        .group_by(ReportingDuty.id, ReportingDuty.title)
        .order_by(func.count(func.distinct(E.unit_id)).desc(), ReportingDuty.id).limit(LIST_MAX)))
    escalations = unread_counts(user).escalations
    return dict(late=late, late_units=late_units or 0, to_remind=to_remind, missing_units=missing_units or 0,
                overdue=overdue, overdue_tasks=overdue_tasks or 0, escalations=escalations)


def admin_todo() -> dict:
    """The administrator: the scheduler's last sweep, the outbox backlog, users without e-mail (one query)."""
    last_sweep = select(func.max(Reminder.created_at)).where(Reminder.kind != "manual").scalar_subquery()
    backlog = select(func.count(OutboxMail.id)).where(OutboxMail.sent_at.is_(None)).scalar_subquery()
    failed = select(func.count(OutboxMail.id)).where(OutboxMail.sent_at.is_(None),
                                                     OutboxMail.error.is_not(None)).scalar_subquery()
    no_email = select(func.count(User.id)).where(User.is_enabled.is_(True),
                                                 or_(User.email.is_(None), User.email == "")).scalar_subquery()
    row = db.session.execute(select(last_sweep, backlog, failed, no_email)).one()
    return dict(last_sweep=row[0], backlog=row[1] or 0, failed=row[2] or 0, no_email=row[3] or 0)


def home_for(user, today: date) -> Home:
    """The sections the user's role calls for."""
    home = Home()
    role = user.role
    if role == "admin":
        home.admin = admin_todo()
        return home
    body_id = body_id_of(user.unit_id) if user.unit_id else None
    if role in UNIT_ROLES and user.unit_id:
        home.unit = unit_todo(user, today)
    if body_id is not None and role in ("secretariat", "monitor"):
        home.inbox = inbox_counts(user, body_id)
    if role == "secretariat" and body_id is not None:
        home.office = office_todo(user, body_id, today)
    if role == "monitor" and body_id is not None:
        home.monitor = monitor_todo(user, body_id, today)
    return home
