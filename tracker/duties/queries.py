"""Reads for duties: scoped duty lists, a unit's submissions to make, the monitor's matrix (constant number
of queries at any size), submission history, notifications and the outbox."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from flask import abort, g, has_request_context, request
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased, joinedload, lazyload

from tracker.duties.models import (STATUS_LABELS, ExpectedSubmission, Notification, OutboxMail, PeriodLock,
                                   ReportingDuty, Submission)
from tracker.core.db import among
from tracker.extensions import db
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of, subtree_ids

E = ExpectedSubmission


def get_duty_or_404(duty_id: int) -> ReportingDuty:
    return db.session.get(ReportingDuty, duty_id) or abort(404)


def get_expected_or_404(expected_id: int) -> ExpectedSubmission:
    return db.session.get(ExpectedSubmission, expected_id) or abort(404)


def get_submission_or_404(submission_id: int) -> Submission:
    return db.session.get(Submission, submission_id) or abort(404)


def status_expr(today: date):
    """The status of an expected submission as SQL (same rule as ExpectedSubmission.status)."""
    due = limit_expr()
    return case((E.review_state == "returned", "returned"),
                (and_(E.first_submitted_on.is_not(None), E.first_submitted_on <= due), "on_time"),
                (E.first_submitted_on.is_not(None), "late"),
                (due < today, "missing"), else_="pending")


def limit_expr():
    """SQL: the day the submission's time limit really ends (written due date moved past a day off)."""
    return func.coalesce(E.effective_due_on, E.due_on)


def duties_for_user(user) -> Select:
    """Duties the user follows: all for an admin; for monitors and secretariats those received by a unit
    within their body."""
    stmt = select(ReportingDuty).order_by(ReportingDuty.id)
    if user.role == "admin":
        return stmt
    body = body_id_of(user.unit_id) if user.unit_id else None
    if body is None or user.role not in ("monitor", "secretariat"):
        return stmt.where(False)
    return stmt.where(ReportingDuty.recipient_id.in_(subtree_ids(body)))


def owed_by_user(user, today: date) -> Select:
    """The expected submissions of the units the user works in (their unit and its ancestors), newest due first."""
    if not user.unit_id:
        return select(E, status_expr(today)).where(False)
    mine = select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == user.unit_id)
    return select(E, status_expr(today)).where(E.unit_id.in_(mine)).order_by(E.due_on.desc(), E.id)


def submissions_of(expected: ExpectedSubmission) -> list[Submission]:
    """Every version, newest first."""
    return list(db.session.scalars(select(Submission).where(Submission.expected_id == expected.id)
                                   .order_by(Submission.version.desc())))


def locked_keys(duty_id: int) -> set[str]:
    return set(db.session.scalars(select(PeriodLock.period_key).where(PeriodLock.duty_id == duty_id)))


def period_summary(duty: ReportingDuty, today: date) -> list[dict]:
    """Per period of one duty: expected, submitted, on time, due date, lock state (one query + locks)."""
    status = status_expr(today)
    stmt = (select(E.period_key, E.period_label, E.due_on, func.count(E.id),
                   func.sum(case((status.in_(("on_time", "late")), 1), else_=0)),
                   func.sum(case((status == "on_time", 1), else_=0)), _owed(today, status))
            .where(E.duty_id == duty.id).group_by(E.period_key, E.period_label, E.due_on).order_by(E.due_on))
    locks = locked_keys(duty.id)
    return [dict(key=k, label=label, due_on=due, expected=n, submitted=s or 0, on_time=o or 0, locked=k in locks,
                 due=d or 0, rate=_rate(s, d), timely=_rate(o, d))
            for k, label, due, n, s, o, d in db.session.execute(stmt)]


def _owed(today: date, status):
    """How many reports are owed by now: the period's deadline has passed, or the report is already in.
    Rates divide by this, so a period not yet due does not pull a body's rate down (1 of 4 is not 25 %)."""
    return func.sum(case((or_(E.due_on < today, status.in_(("on_time", "late"))), 1), else_=0))


def _rate(part, whole) -> float:
    return round(100.0 * (part or 0) / whole, 1) if whole else 0.0


@dataclass
class Matrix:
    """Display-ready dashboard: columns (duty, period), rows (unit, rates), cells, column and total rates."""

    duties: list
    all_duties: list
    columns: list[dict]
    rows: list[dict]
    cells: dict = field(default_factory=dict)
    total_rows: int = 0
    page: int = 1
    pages: int = 1
    duty_totals: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)

    @cached_property
    def duty_titles(self) -> dict[int, str]:
        """{duty id: title}: a chart names each column's duty (looked up per column in the template, a filter over
        the duties per column was a fifth of the centre's page)."""
        return {d.id: d.title for d in self.duties}


def matrix(user, today: date, *, duty_id: int | None = None, period_key: str | None = None,
           status: str | None = None, level: str | None = None, page: int = 1, per_page: int = 50) -> Matrix:
    """The monitor's matrix of owing units × duty periods in five queries whatever the size (six on a page past
    the last)."""
    # One read of the (SQL-scoped) duties feeds both the filter's drop-down and the chosen columns.
    # A matrix names a duty, its recipient and the unit it goes through: not its plan, nor the units' other names.
    all_duties = list(db.session.scalars(duties_for_user(user).options(
        lazyload(ReportingDuty.document), joinedload(ReportingDuty.recipient).lazyload(Unit.aliases),
        joinedload(ReportingDuty.via).lazyload(Unit.aliases))))
    duties = [d for d in all_duties if duty_id is None or d.id == duty_id]
    ids = [d.id for d in duties]
    scope = [E.duty_id.in_(ids)] + ([E.period_key == period_key] if period_key else [])
    if level:
        scope.append(E.unit_id.in_(select(Unit.id).where(Unit.level == level)))
    st = status_expr(today)
    submitted = func.sum(case((st.in_(("on_time", "late")), 1), else_=0))
    on_time = func.sum(case((st == "on_time", 1), else_=0))
    owed = _owed(today, st)
    col_stmt = (select(E.duty_id, E.period_key, E.period_label, E.due_on, func.count(E.id), submitted, on_time, owed)
                .where(*scope).group_by(E.duty_id, E.period_key, E.period_label, E.due_on)
                .order_by(E.duty_id, E.due_on, E.period_key))
    columns = [dict(duty_id=d, key=k, label=lab, due_on=due, expected=n, submitted=s or 0, on_time=o or 0, due=w or 0,
                    rate=_rate(s, w), timely=_rate(o, w))
               for d, k, lab, due, n, s, o, w in db.session.execute(col_stmt)]
    # Each unit's counts first, then its names: the groups are few (a unit per row), the expected rows many, and
    # joining the names before grouping sorted every expected row by name (on disk at the centre's 27,000).
    having = [func.sum(case((st == status, 1), else_=0)) > 0] if status in STATUS_LABELS else []
    counts = (select(E.unit_id, func.count(E.id).label("expected"), submitted.label("submitted"),
                     on_time.label("on_time"), owed.label("owed"))
              .where(*scope).group_by(E.unit_id).having(*having).subquery("unit_counts"))
    parent = aliased(Unit)
    row_stmt = (select(counts.c.unit_id, Unit.name, parent.name, counts.c.expected, counts.c.submitted,
                       counts.c.on_time, counts.c.owed, func.count().over())  # the rows of every page, read once
                .join(Unit, Unit.id == counts.c.unit_id).outerjoin(parent, parent.id == Unit.parent_id)
                .order_by(parent.sort_name, Unit.sort_name, counts.c.unit_id))

    def read_rows(page: int) -> tuple[list, int]:
        found = db.session.execute(row_stmt.limit(per_page).offset((page - 1) * per_page)).all()
        return found, found[0][-1] if found else 0

    page = max(page, 1)
    found, total_rows = read_rows(page)
    if not found and page > 1:  # past the last page: the last page, as the links would have it
        total_rows = db.session.scalar(select(func.count()).select_from(counts)) or 0
        page = max(1, -(-total_rows // per_page))
        found, total_rows = read_rows(page) if total_rows else ([], 0)
    pages = max(1, -(-total_rows // per_page))
    rows = [dict(unit_id=u, name=name, parent=pname, expected=n, submitted=s or 0, on_time=o or 0, due=w or 0,
                 rate=_rate(s, w), timely=_rate(o, w))
            for u, name, pname, n, s, o, w, _ in found]
    cells: dict = {}
    if rows:
        cell_stmt = (select(E.id, E.unit_id, E.duty_id, E.period_key, st, E.first_submitted_on, limit_expr(),
                            E.versions).where(*scope))
        if having or len(rows) < total_rows:  # some owing units are not shown: these rows' cells only
            cell_stmt = cell_stmt.where(among(E.unit_id, [r["unit_id"] for r in rows]))
        # On the session's connection, not the ORM's execute: plain columns, and the centre's 27,000 cells (its
        # .xlsx) came back in half the time.
        for eid, unit_id, d, key, cell_status, first, due, versions in db.session.connection().execute(cell_stmt).all():
            cells[(unit_id, d, key)] = dict(id=eid, status=cell_status, label=STATUS_LABELS[cell_status],
                                            days_late=max(0, (first - due).days) if first else 0,
                                            versions=versions)
    duty_totals: dict = {}
    for c in columns:
        t = duty_totals.setdefault(c["duty_id"], dict(expected=0, submitted=0, on_time=0, due=0, periods=0))
        t["expected"] += c["expected"]
        t["due"] += c["due"]
        t["submitted"] += c["submitted"]
        t["on_time"] += c["on_time"]
        t["periods"] += 1
    totals = dict(expected=sum(c["expected"] for c in columns), submitted=sum(c["submitted"] for c in columns),
                  on_time=sum(c["on_time"] for c in columns), due=sum(c["due"] for c in columns))
    for t in list(duty_totals.values()) + [totals]:
        t["rate"], t["timely"] = _rate(t["submitted"], t["due"]), _rate(t["on_time"], t["due"])
    return Matrix(duties=duties, all_duties=all_duties, columns=columns, rows=rows, cells=cells,
                  total_rows=total_rows, page=page, pages=pages, duty_totals=duty_totals, totals=totals)


TASK_NEWS_KINDS = ("task_assigned", "task_changed", "task_withdrawn", "task_refused", "task_pressed", "mention")


@dataclass(frozen=True)
class UnreadCounts:
    total: int  # the bell
    task_news: int  # about the user's tasks (TASK_NEWS_KINDS): the home page's "mới"
    escalations: int  # escalations not superseded: a monitor's home page


def unread_counts(user) -> UnreadCounts:
    """The user's unread notifications, counted in one query once per page view: the bell in the page's header
    and the home page read the same row (three counts were three queries)."""
    memo = g.setdefault("unread_counts", {}) if has_request_context() and request.method in ("GET", "HEAD") \
        else None
    if memo is not None and user.id in memo:
        return memo[user.id]
    row = db.session.execute(select(
        func.count(Notification.id),
        func.count(case((Notification.kind.in_(TASK_NEWS_KINDS), Notification.id))),
        func.count(case(((Notification.kind == "escalation") & Notification.superseded_at.is_(None),
                         Notification.id))))
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))).one()
    counts = UnreadCounts(row[0] or 0, row[1] or 0, row[2] or 0)
    if memo is not None:
        memo[user.id] = counts
    return counts


def unread_count(user) -> int:
    """Unread notifications for the bell."""
    return unread_counts(user).total


def outbox() -> Select:
    return select(OutboxMail).order_by(OutboxMail.id.desc())


def candidate_units(document) -> list[Unit]:
    """Units a duty on `document` may name (recipient, via, owners): the issuer's body and two levels below."""
    body = body_id_of(document.issuer_id) if document.issuer_id else None
    if body is None:
        return []
    stmt = (select(Unit).join(UnitClosure, UnitClosure.descendant_id == Unit.id)
            .where(UnitClosure.ancestor_id == body, UnitClosure.depth <= 2, Unit.effective_to.is_(None))
            .order_by(UnitClosure.depth, Unit.sort_name).limit(500))
    return list(db.session.scalars(stmt))


def duties_of_document(document_id: int) -> list[ReportingDuty]:
    return list(db.session.scalars(select(ReportingDuty).where(ReportingDuty.document_id == document_id)
                                   .order_by(ReportingDuty.id)))


def last_sweep():
    """When the reminder sweep last finished (UTC), or None."""
    from tracker.duties.models import SweepRun

    return db.session.scalar(select(func.max(SweepRun.finished_at)).where(SweepRun.name == "send_due_reminders"))
