"""The reminder sweep under a fake clock: due soon, due today, overdue repeating and escalating, catch-up after
downtime, one digest per person a day, the one-click reminder; every reminder exactly once."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.duties.helpers import PDF
from tracker.duties import services
from tracker.duties.jobs import send_due_reminders
from tracker.duties.models import ExpectedSubmission, Notification, OutboxMail, Reminder
from tracker.duties.reminders import due_reminders, remind_late_units
from tracker.duties.queries import unread_count
from tracker.plans.models import Document
from tracker.units.models import User

DUE = date(2025, 6, 18)  # a Wednesday, no holiday near


@pytest.fixture
def duty(session, unit_named):
    plan = session.scalar(select(Document).where(Document.issuer_id == unit_named("Thành ủy Hà Nội").id))
    return services.create_duty(actor=None, document=plan, title="Báo cáo chuyên đề", kind="ad_hoc",
                                schedule="once", due_on=DUE, recipient=plan.issuer, owners_mode="chosen",
                                owners=[unit_named("Đảng ủy phường Hoàn Kiếm"), unit_named("Đảng ủy xã Sóc Sơn")],
                                remind_before_days=3, repeat_every_days=2)


def sweep(day: date):
    return send_due_reminders(now=datetime(day.year, day.month, day.day, 0, 30), today=day)


def keys(session, duty):
    return sorted(session.execute(select(Reminder.kind, Reminder.repeat_no, Reminder.unit_id)
                                  .where(Reminder.duty_id == duty.id)).all())


def mine(session, username: str, duty) -> list[Notification]:
    user = session.scalar(select(User).where(User.username == username))
    return list(session.scalars(select(Notification).join(Reminder).where(
        Notification.user_id == user.id, Reminder.duty_id == duty.id).order_by(Notification.id)))


def test_due_reminders_rule():
    assert due_reminders(DUE, date(2025, 6, 12), 3, 2) == ()
    assert due_reminders(DUE, date(2025, 6, 13), 3, 2) == (("due_soon", 0),)
    assert due_reminders(DUE, DUE, 3, 2) == (("due_today", 0),)
    assert due_reminders(DUE, date(2025, 6, 19), 3, 2) == (("overdue", 0), ("escalation", 0))
    assert due_reminders(DUE, date(2025, 6, 21), 3, 2) == (("overdue", 0), ("escalation", 0))  # Saturday
    assert due_reminders(DUE, date(2025, 6, 23), 3, 2) == (("overdue", 1), ("escalation", 1))


def test_timeline_sends_each_reminder_once(session, duty):
    for day in [date(2025, 6, 12), date(2025, 6, 13), date(2025, 6, 13), date(2025, 6, 16), DUE, DUE]:
        sweep(day)
    assert [k for k, _, _ in keys(session, duty)] == ["due_soon"] * 2 + ["due_today"] * 2
    assert [n.kind for n in mine(session, "danguy.hoankiem", duty)] == ["due_soon", "due_today"]
    for day in [date(2025, 6, 19), date(2025, 6, 20), date(2025, 6, 23), date(2025, 6, 23)]:
        sweep(day)
    assert [(k, r) for k, r, _ in keys(session, duty)].count(("overdue", 1)) == 2
    notes = mine(session, "danguy.hoankiem", duty)
    assert [n.kind for n in notes] == ["due_soon", "due_today", "overdue", "overdue"]
    assert notes[0].superseded_at is not None and notes[1].superseded_at is not None
    monitor = [n.kind for n in mine(session, "noichinh.hanoi", duty)]
    assert monitor == ["escalation"] * 4  # two units × repeats 0 and 1


def test_catch_up_after_downtime_sends_the_current_reminder_once(session, duty):
    sweep(date(2025, 6, 10))
    assert keys(session, duty) == []
    # Down from 11/6 to 24/6: the due-soon and due-today moments passed unseen.
    first = sweep(date(2025, 6, 25))
    second = sweep(date(2025, 6, 25))
    assert {(k, r) for k, r, _ in keys(session, duty)} == {("overdue", 2), ("escalation", 2)}
    assert len(keys(session, duty)) == 4 and second.reminders == 0 and first.reminders >= 4
    assert [n.kind for n in mine(session, "danguy.hoankiem", duty)] == ["overdue"]


def test_submitted_units_get_no_more_reminders(session, duty, unit_named):
    expected = session.scalar(select(ExpectedSubmission).where(
        ExpectedSubmission.duty_id == duty.id, ExpectedSubmission.unit_id == unit_named("Đảng ủy phường Hoàn Kiếm").id))
    services.submit(actor=None, expected=expected, number_text="2-BC/ĐU", issued_on=DUE, filename="bc.pdf",
                    content=PDF, today=DUE)
    sweep(date(2025, 6, 23))
    assert {u for _, _, u in keys(session, duty)} == {unit_named("Đảng ủy xã Sóc Sơn").id}
    assert mine(session, "danguy.hoankiem", duty) == []


def test_one_digest_per_person_per_day(session, duty, user_of):
    sweep(date(2025, 6, 19))
    sweep(date(2025, 6, 19))
    monitor = user_of("monitor")
    mails = list(session.scalars(select(OutboxMail).where(OutboxMail.user_id == monitor.id)))
    assert [m.key for m in mails] == [f"digest:{monitor.id}:2025-06-19"]
    assert "Đảng ủy xã Sóc Sơn" in mails[0].body and "Đảng ủy phường Hoàn Kiếm" in mails[0].body
    assert unread_count(monitor) >= 2


def test_one_click_reminder_reaches_late_units_once_a_day(session, duty, user_of):
    day = date(2025, 6, 20)
    assert remind_late_units(actor=user_of("monitor"), duty=duty, today=day, now=datetime(2025, 6, 20, 3)) == 2
    assert remind_late_units(actor=user_of("monitor"), duty=duty, today=day, now=datetime(2025, 6, 20, 4)) == 0
    assert [n.kind for n in mine(session, "danguy.hoankiem", duty)] == ["manual"]
    assert session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.key.like("manual:%"))) >= 1
