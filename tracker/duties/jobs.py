"""Scheduled sweeps of the duties domain: send the reminders due now (exactly once), mail the outbox,
and the scheduler process that runs them."""
from __future__ import annotations

import os
import smtplib
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage

from sqlalchemy import func, or_, select, text

from tracker.core.timeutil import today_vn, utcnow
from tracker.core.workdays import add_working_days
from tracker.duties.models import ExpectedSubmission, Notification, OutboxMail, Reminder, ReportingDuty, SweepRun
from tracker.duties.reminders import (build_digests, claim_reminders, due_reminders, message_for, monitors_of,
                                      supersede_stale, unit_users)
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.queries import body_id_of

LEADER_LOCK_KEY = 0x7472_6163_6B31  # "track1": one cluster-wide sweep at a time
MAX_REMIND_BEFORE = 20
_local_leader = threading.Lock()


@dataclass
class SweepResult:
    """What one sweep did."""

    skipped: bool = False
    reminders: int = 0
    notifications: int = 0
    digests: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


@contextmanager
def leader_lock():
    """Yield True when this process may sweep: a PostgreSQL advisory lock held until the sweep's transaction
    ends (a second scheduler gets False and stays idle); on SQLite a process-local lock."""
    if db.session.get_bind().dialect.name == "postgresql":
        yield bool(db.session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LEADER_LOCK_KEY}))
        return
    # Write first, as BEGIN IMMEDIATE would: a concurrent sweep then waits on busy_timeout instead of failing
    # to upgrade its read lock.
    db.session.execute(text("UPDATE reminder SET id = id WHERE 1 = 0"))
    acquired = _local_leader.acquire(blocking=False)
    try:
        yield acquired
    finally:
        if acquired:
            _local_leader.release()


def _open_rows(today: date):
    horizon = add_working_days(today, MAX_REMIND_BEFORE)
    stmt = (select(ExpectedSubmission.id, ExpectedSubmission.duty_id, ExpectedSubmission.unit_id,
                   ExpectedSubmission.period_key, ExpectedSubmission.period_label, ExpectedSubmission.due_on,
                   ReportingDuty.title, ReportingDuty.remind_before_days, ReportingDuty.repeat_every_days,
                   ReportingDuty.recipient_id, ReportingDuty.via_id, Unit.name.label("unit_name"))
            .join(ReportingDuty, ReportingDuty.id == ExpectedSubmission.duty_id)
            .join(Unit, Unit.id == ExpectedSubmission.unit_id)
            .where(ReportingDuty.is_active.is_(True),
                   func.coalesce(ExpectedSubmission.effective_due_on, ExpectedSubmission.due_on) <= horizon,
                   or_(ExpectedSubmission.first_submitted_on.is_(None), ExpectedSubmission.review_state == "returned"))
            .order_by(ExpectedSubmission.id))
    return list(db.session.execute(stmt))


def _sent_keys(rows) -> set[tuple]:
    """Reminder keys already claimed for these rows' duties and periods (one query), so a repeated sweep skips
    them without an insert; the unique key still decides any race."""
    if not rows:
        return set()
    stmt = select(Reminder.duty_id, Reminder.unit_id, Reminder.period_key, Reminder.kind, Reminder.repeat_no).where(
        Reminder.duty_id.in_({r.duty_id for r in rows}), Reminder.period_key.in_({r.period_key for r in rows}),
        Reminder.kind != "manual")
    return {tuple(k) for k in db.session.execute(stmt)}


def send_due_reminders(now: datetime | None = None, today: date | None = None, *,
                       use_lock: bool = True) -> SweepResult:
    """Send every reminder due at `today` that was never sent: due soon (N working days ahead), due today,
    overdue every K working days (escalated to the receiving body's monitors), then one digest mail per
    person. Idempotent: the unique reminder key makes a repeated or concurrent run insert nothing.
    The caller commits."""
    now, today = now or utcnow(), today or today_vn()
    with leader_lock() as leader:
        if use_lock and not leader:
            return SweepResult(skipped=True)
        result = SweepResult()
        rows = _open_rows(today)
        users = unit_users(sorted({r.unit_id for r in rows}))
        bodies = {d: body_id_of(d) for d in {r.via_id or r.recipient_id for r in rows}}
        monitors = monitors_of(sorted({b for b in bodies.values() if b}))
        sent = _sent_keys(rows)
        wanted = [(row, kind, repeat) for row in rows
                  for kind, repeat in due_reminders(row.due_on, today, row.remind_before_days, row.repeat_every_days)
                  if (row.duty_id, row.unit_id, row.period_key, kind, repeat) not in sent]
        won = claim_reminders([dict(duty_id=r.duty_id, unit_id=r.unit_id, period_key=r.period_key, kind=k,
                                    repeat_no=n) for r, k, n in wanted], now)
        notes, overdue = [], []
        for row, kind, repeat in wanted:
            reminder_id = won.get((row.duty_id, row.unit_id, row.period_key, kind, repeat))
            if reminder_id is None:
                continue
            if kind == "overdue":
                overdue.append(row.id)
            targets = (monitors.get(bodies[row.via_id or row.recipient_id], []) if kind == "escalation"
                       else users.get(row.unit_id, []))
            result.reminders += 1
            result.kinds[kind] = result.kinds.get(kind, 0) + 1
            message = message_for(kind, row.title, row.unit_name, row.period_label, row.due_on)
            notes += [dict(user_id=u, reminder_id=reminder_id, expected_id=row.id, kind=kind, message=message,
                           created_at=now) for u in dict.fromkeys(targets)]
        supersede_stale(overdue, now)
        if notes:
            db.session.execute(Notification.__table__.insert(), notes)
        result.notifications = len(notes)
        result.digests = build_digests(today, now)
        db.session.flush()
        return result


def deliver_outbox(limit: int = 200) -> int:
    """Send unsent outbox mail through SMTP when SMTP_HOST is set; otherwise mail stays in the outbox for an
    admin to read. Returns the number sent. The caller commits."""
    host = os.environ.get("SMTP_HOST", "").strip()
    if not host:
        return 0
    sender = os.environ.get("SMTP_FROM", "tracker@localhost")
    mails = list(db.session.scalars(select(OutboxMail).where(OutboxMail.sent_at.is_(None),
                                                             OutboxMail.to_address.is_not(None)).limit(limit)))
    sent = 0
    with smtplib.SMTP(host, int(os.environ.get("SMTP_PORT", "25")), timeout=30) as smtp:
        if os.environ.get("SMTP_STARTTLS") == "1":
            smtp.starttls()
        if os.environ.get("SMTP_USER"):
            smtp.login(os.environ["SMTP_USER"], os.environ.get("SMTP_PASSWORD", ""))
        for mail in mails:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = sender, mail.to_address, mail.subject
            message.set_content(mail.body)
            try:
                smtp.send_message(message)
            except smtplib.SMTPException as error:
                mail.error = str(error)[:500]
                continue
            mail.sent_at = utcnow()
            sent += 1
    return sent


def run_sweep(app) -> SweepResult:
    """One committed sweep in its own app context (the scheduler's job and `flask tracker remind`): reorganisations
    whose date has come are applied first, so reminders go to the successors."""
    from tracker.units.reorganisation import apply_due

    with app.app_context():
        try:
            applied = apply_due(today=today_vn())
            db.session.commit()
            for reorg in applied:
                app.logger.info("reorganisation applied: %s (%s)", reorg.id, reorg.name)
            result = send_due_reminders()
            db.session.commit()
            if not result.skipped:
                deliver_outbox()
            db.session.add(SweepRun(name="send_due_reminders", skipped=result.skipped, reminders=result.reminders))
            db.session.commit()
            app.logger.info("reminder sweep: skipped=%s reminders=%s notifications=%s digests=%s", result.skipped,
                            result.reminders, result.notifications, result.digests)
            return result
        except Exception:
            db.session.rollback()
            raise


def run_scheduler(app, hour: int = 7, minute: int = 0, deliver_every_minutes: int = 5) -> None:
    """Block forever running the sweep every morning (Asia/Ho_Chi_Minh) and once at start-up to catch up; mail
    that people asked to receive at once goes out every few minutes, webhooks every minute."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    from tracker.api.retention import run_prune as run_api_prune
    from tracker.api.webhook_jobs import run_deliveries as run_webhook_deliveries
    from tracker.notifications.jobs import run_delivery
    from tracker.plans.jobs import run_import_sweep

    scheduler = BlockingScheduler(timezone="Asia/Ho_Chi_Minh", job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600})
    scheduler.add_job(run_sweep, "cron", args=[app], hour=hour, minute=minute, id="send_due_reminders")
    scheduler.add_job(run_sweep, "date", args=[app], id="catch_up")
    scheduler.add_job(run_delivery, "interval", args=[app], minutes=deliver_every_minutes, id="deliver_outbox")
    scheduler.add_job(run_webhook_deliveries, "interval", args=[app], minutes=1, id="deliver_webhooks")
    scheduler.add_job(run_import_sweep, "interval", args=[app], hours=1, id="sweep_import_jobs")
    scheduler.add_job(run_api_prune, "cron", args=[app], hour=3, minute=30, id="prune_api_records")
    scheduler.start()
