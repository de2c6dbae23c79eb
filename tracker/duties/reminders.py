"""Reminder primitives shared by the sweep and the monitor's one-click reminder: which reminders are due,
an insert that does nothing on a duplicate key, notifications to the right people, daily digests."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tracker.core.vntext import shorten
from tracker.core.workdays import add_working_days, effective_due, effective_due_note, working_days_between
from tracker.duties.models import REMINDER_KINDS, Notification, OutboxMail, Reminder
from tracker.extensions import db
from tracker.units.models import UnitClosure, User

UNIT_ROLES = ("secretariat", "member", "monitor")
DIGEST_ITEMS = 100


@lru_cache(maxsize=4096)
def due_reminders(due_on: date, today: date, before: int, every: int) -> tuple[tuple[str, int], ...]:
    """The reminders an open submission is owed today, as (kind, repeat number).

    The written due date is first moved past a weekend or holiday (effective_due). Before it: one "due soon" from `before` working days ahead; on the date: "due today";
    after it: "overdue" (and its escalation) numbered by blocks of `every` working days, so a sweep after
    days of downtime sends the current one once and never a stale "due soon".
    """
    due_on = effective_due(due_on)  # a limit ending on a day off runs to the next working day
    if today < due_on:
        return (("due_soon", 0),) if add_working_days(due_on, -before) <= today else ()
    if today == due_on:
        return (("due_today", 0),)
    repeat = max(working_days_between(due_on, today) - 1, 0) // max(every, 1)
    return (("overdue", repeat), ("escalation", repeat))


def insert_ignore(table, values: dict, keys: list[str]) -> int | None:
    """INSERT ... ON CONFLICT DO NOTHING (PostgreSQL) / INSERT OR IGNORE (SQLite); the new id or None."""
    dialect = db.session.get_bind().dialect.name
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = builder(table).values(**values).on_conflict_do_nothing(index_elements=keys).returning(table.c.id)
    return db.session.execute(stmt).scalar()


def add_reminder(*, duty_id: int, unit_id: int, period_key: str, kind: str, repeat_no: int, now: datetime,
                 sent_by_id: int | None = None) -> int | None:
    """Claim one reminder key; None when another run (or an earlier one) already sent it."""
    return insert_ignore(Reminder.__table__, dict(duty_id=duty_id, unit_id=unit_id, period_key=period_key,
                                                  kind=kind, repeat_no=repeat_no, created_at=now,
                                                  sent_by_id=sent_by_id),
                         ["duty_id", "unit_id", "period_key", "kind", "repeat_no"])


KEY = ("duty_id", "unit_id", "period_key", "kind", "repeat_no")


def claim_reminders(candidates: list[dict], now: datetime, chunk: int = 500) -> dict[tuple, int]:
    """Insert many reminder keys at once, ON CONFLICT DO NOTHING; returns {key: id} of those this run won.
    Candidates go in a fixed order so that two racing runs wait on each other instead of deadlocking."""
    won: dict[tuple, int] = {}
    if not candidates:
        return won
    table = Reminder.__table__
    builder = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    ordered = sorted(candidates, key=lambda c: tuple(c[k] for k in KEY))
    for start in range(0, len(ordered), chunk):
        values = [dict(c, created_at=now) for c in ordered[start:start + chunk]]
        stmt = (builder(table).values(values).on_conflict_do_nothing(index_elements=list(KEY))
                .returning(table.c.id, *[table.c[k] for k in KEY]))
        for row in db.session.execute(stmt):
            won[tuple(row[1:])] = row[0]
    return won


def unit_users(unit_ids: list[int]) -> dict[int, list[int]]:
    """Enabled users working in each owing unit (or below it), in one query."""
    out: dict[int, list[int]] = {u: [] for u in unit_ids}
    if not unit_ids:
        return out
    stmt = (select(UnitClosure.ancestor_id, User.id).join(User, User.unit_id == UnitClosure.descendant_id)
            .where(UnitClosure.ancestor_id.in_(unit_ids), User.is_enabled.is_(True), User.role.in_(UNIT_ROLES))
            .order_by(User.id))
    for unit_id, user_id in db.session.execute(stmt):
        out[unit_id].append(user_id)
    return out


def monitors_of(body_ids: list[int]) -> dict[int, list[int]]:
    """Monitors (Ban Nội chính) working within each receiving body, in one query."""
    out: dict[int, list[int]] = {b: [] for b in body_ids}
    if not body_ids:
        return out
    stmt = (select(UnitClosure.ancestor_id, User.id).join(User, User.unit_id == UnitClosure.descendant_id)
            .where(UnitClosure.ancestor_id.in_(body_ids), User.is_enabled.is_(True), User.role == "monitor")
            .order_by(User.id))
    for body_id, user_id in db.session.execute(stmt):
        out[body_id].append(user_id)
    return out


def notify(*, reminder_id: int, user_ids: list[int], expected_id: int, kind: str, message: str,
           now: datetime) -> int:
    """One in-app notification per person for a freshly claimed reminder."""
    rows = [dict(user_id=u, reminder_id=reminder_id, expected_id=expected_id, kind=kind, message=message,
                 created_at=now) for u in dict.fromkeys(user_ids)]
    if rows:
        db.session.execute(Notification.__table__.insert(), rows)
    return len(rows)


def supersede_stale(expected_ids: list[int], now: datetime, chunk: int = 500) -> None:
    """An overdue notice replaces unread "due soon"/"due today" ones for the same submissions."""
    for start in range(0, len(expected_ids), chunk):
        db.session.execute(update(Notification).where(
            Notification.expected_id.in_(expected_ids[start:start + chunk]),
            Notification.kind.in_(("due_soon", "due_today")), Notification.read_at.is_(None))
            .values(read_at=now, superseded_at=now))


TITLE_MAX = 160


def message_for(kind: str, duty_title: str, unit_name: str, period_label: str, due_on: date,
                note: str | None = None) -> str:
    """The Vietnamese text of a reminder: the title cut at a word, never mid-word; the deadline said once (a
    one-off period's label is already "Hạn dd/mm/yyyy"); the sender's own words after it."""
    head = REMINDER_KINDS.get(kind, kind)
    deadline = f"{due_on:%d/%m/%Y}"
    when = period_label if deadline in period_label else f"{period_label}, hạn {deadline}"
    text = f"{head}: {unit_name} – “{shorten(duty_title, TITLE_MAX)}” ({when}{effective_due_note(due_on)})."
    note = " ".join((note or "").split())
    return f"{text} {note}" if note else text


def build_digests(today: date, now: datetime, kind: str = "digest", user_ids: list[int] | None = None) -> int:
    """One mail per person per day gathering their not-yet-mailed notifications (reminders and task events
    alike) as each person chose: notices mailed at once already carry their mail, "in-app only" ones and
    reminders of someone who turned reminder mail off stay out. Returns mails created."""
    from tracker.notifications.models import NotificationPreference as Pref

    reminder_mail_off = exists(select(Pref.id).where(Pref.user_id == Notification.user_id, Pref.kind == "reminder",
                                                     Pref.mode == "none"))
    stmt = (select(Notification.id, Notification.user_id, Notification.message, User.email, User.full_name)
            .join(User, User.id == Notification.user_id)
            .where(Notification.digest_id.is_(None), Notification.superseded_at.is_(None),
                   Notification.read_at.is_(None), Notification.mail_mode == "digest",
                   ~and_(Notification.kind.in_(list(REMINDER_KINDS)), reminder_mail_off))
            .order_by(Notification.user_id, Notification.id))
    if user_ids is not None:
        stmt = stmt.where(Notification.user_id.in_(user_ids))
    per_user: dict[int, list] = {}
    for row in db.session.execute(stmt):
        per_user.setdefault(row.user_id, []).append(row)
    made = 0
    for user_id, rows in per_user.items():
        body = "\n".join([f"Kính gửi {rows[0].full_name},", "", "Các việc cần lưu ý hôm nay:"]
                         + [f"- {r.message}" for r in rows[:DIGEST_ITEMS]]
                         + ([f"- và {len(rows) - DIGEST_ITEMS} thông báo khác."] if len(rows) > DIGEST_ITEMS else [])
                         + ["", "Xem chi tiết tại mục Thông báo của tracker."])
        mail_id = insert_ignore(OutboxMail.__table__, dict(
            key=f"{kind}:{user_id}:{today.isoformat()}", user_id=user_id, to_address=rows[0].email,
            subject=f"[tracker] {len(rows)} thông báo cần lưu ý ngày {today:%d/%m/%Y}", body=body, created_at=now),
            ["key"])
        if mail_id is not None:
            made += 1
            db.session.execute(update(Notification).where(and_(
                Notification.id.in_([r.id for r in rows]), Notification.digest_id.is_(None)))
                .values(digest_id=mail_id))
    return made


def late_rows(duty, today: date, period_key: str | None = None) -> list:
    """(id, unit_id, period_key, period_label, due_on, name) of the duty's submissions overdue and not in (or
    returned), one query: what the monitor may remind."""
    from sqlalchemy import or_

    from tracker.duties.models import ExpectedSubmission as E
    from tracker.units.models import Unit

    stmt = (select(E.id, E.unit_id, E.period_key, E.period_label, E.due_on, Unit.name)
            .join(Unit, Unit.id == E.unit_id)
            .where(E.duty_id == duty.id, func.coalesce(E.effective_due_on, E.due_on) < today,
                   or_(E.first_submitted_on.is_(None), E.review_state == "returned")).order_by(E.due_on, Unit.sort_name))
    if period_key:
        stmt = stmt.where(E.period_key == period_key)
    return list(db.session.execute(stmt))


NOTE_MAX = 1000


def remind_late_units(*, actor, duty, today: date, now: datetime, period_key: str | None = None,
                      expected_ids: list[int] | None = None, note: str | None = None) -> int:
    """The monitor's reminder to the late units they chose (all late ones when None), with their own words:
    once per unit, period and day, in-app at once and by a mail per person. Returns the number of units reminded."""
    from tracker.core.audit import record
    from tracker.core.exceptions import DomainError

    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise DomainError(f"Nội dung nhắc quá dài (tối đa {NOTE_MAX} ký tự).")
    rows = late_rows(duty, today, period_key)
    if expected_ids is not None:
        if not expected_ids:
            raise DomainError("Hãy chọn ít nhất một đơn vị để nhắc.")
        if set(expected_ids) - {r.id for r in rows}:
            raise DomainError("Chỉ nhắc được các đơn vị đang chậm nộp báo cáo này.")
        rows = [r for r in rows if r.id in set(expected_ids)]
    users = unit_users(sorted({r.unit_id for r in rows}))
    reminded = 0
    for row in rows:
        reminder_id = add_reminder(duty_id=duty.id, unit_id=row.unit_id, period_key=row.period_key, kind="manual",
                                   repeat_no=today.toordinal(), now=now, sent_by_id=getattr(actor, "id", None))
        if reminder_id is None:
            continue
        reminded += 1
        notify(reminder_id=reminder_id, user_ids=users.get(row.unit_id, []), expected_id=row.id, kind="manual",
               now=now, message=message_for("manual", duty.title, row.name, row.period_label, row.due_on, note))
    if reminded:
        build_digests(today, now, kind="manual", user_ids=sorted({u for r in rows for u in users.get(r.unit_id, [])}))
        record(actor, "remind", "duty", duty.id, f"Đôn đốc {reminded} đơn vị chưa nộp báo cáo",
               {"expected_ids": [r.id for r in rows], "note": note or None})
    return reminded
