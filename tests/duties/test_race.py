"""Two schedulers at the same moment against a real, committed database: every reminder exists exactly once."""
import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.conftest import committed_app
from tracker.duties.jobs import send_due_reminders
from tracker.duties.models import Notification, OutboxMail, Reminder
from tracker.extensions import db

TODAY = date(2025, 5, 12)


@pytest.fixture(scope="module")
def race_app(tmp_path_factory):
    with committed_app(tmp_path_factory, "_race") as app:
        yield app


def _counts(app):
    with app.app_context():
        out = (db.session.scalar(select(func.count(Reminder.id))),
               # The demo's task and submission events leave notices (and mail sent at once) of their own.
               db.session.scalar(select(func.count(Notification.id)).where(Notification.reminder_id.is_not(None))),
               db.session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.key.not_like("notice:%"))),
               db.session.scalar(select(func.count()).select_from(
                   select(Notification.reminder_id, Notification.user_id).where(Notification.reminder_id.is_not(None))
                   .group_by(Notification.reminder_id, Notification.user_id).subquery())))
        db.session.remove()
        return out


def _race(app, day: date, use_lock: bool) -> list:
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results.append(send_due_reminders(now=datetime(day.year, day.month, day.day, 0, 5), today=day,
                                                  use_lock=use_lock))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results


def test_two_racing_schedulers_insert_each_reminder_once(race_app):
    results = _race(race_app, TODAY, use_lock=False)
    reminders, notifications, mails, distinct = _counts(race_app)
    assert reminders > 0 and notifications > 0
    assert sum(r.reminders for r in results) == reminders
    assert sum(r.notifications for r in results) == notifications == distinct
    assert sum(r.digests for r in results) == mails
    # The leader lock: the second scheduler stays idle or finds nothing left to send.
    again = _race(race_app, TODAY, use_lock=True)
    assert sum(r.reminders for r in again) == 0
    assert _counts(race_app) == (reminders, notifications, mails, distinct)


def test_restart_after_downtime_sends_each_missed_reminder_once(race_app):
    before = _counts(race_app)
    later = date(2025, 5, 26)
    _race(race_app, later, use_lock=True)
    _race(race_app, later, use_lock=False)
    after = _counts(race_app)
    with race_app.app_context():
        kinds = set(db.session.scalars(select(Reminder.kind).where(Reminder.created_at >= datetime(2025, 5, 26))))
        repeats = db.session.execute(select(Reminder.duty_id, Reminder.unit_id, Reminder.period_key, Reminder.kind,
                                            func.count()).group_by(Reminder.duty_id, Reminder.unit_id,
                                                                   Reminder.period_key, Reminder.kind,
                                                                   Reminder.repeat_no)
                                     .having(func.count() > 1)).all()
        db.session.remove()
    assert after[0] > before[0] and after[1] == after[3] and repeats == []
    assert "due_soon" not in kinds


def test_cli_remind_runs_one_committed_sweep(race_app):
    result = race_app.test_cli_runner().invoke(args=["tracker", "remind"])
    assert result.exit_code == 0, result.output
    assert "lượt nhắc" in result.output
    again = race_app.test_cli_runner().invoke(args=["tracker", "remind"])
    assert "Đã gửi 0 lượt nhắc" in again.output
