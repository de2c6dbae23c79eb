"""Deadlines on days off (BLDS 2015 art. 148(5), #12): a limit whose last day is a weekend or a public holiday runs to
the end of the next working day. The Tết case end to end: a report due on 17/02/2026 (Tết) is on time when
submitted on Monday 23/02/2026; no "overdue" reminder before that; task states follow; pages show both dates."""
import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.duties.helpers import PDF
from tracker.core.workdays import effective_due, effective_due_note
from tracker.duties import queries, services
from tracker.duties.jobs import send_due_reminders
from tracker.duties.models import ExpectedSubmission, Notification, Reminder
from tracker.duties.reminders import due_reminders
from tracker.plans import services as plan_services
from tracker.plans.models import Document, Task
from tracker.tasks import services as task_services
from tracker.tasks.deadlines import state_expr, state_of

TET = date(2026, 2, 17)  # Tuesday, first day of the lunar year Bính Ngọ; 16–20/2 are holidays, 21–22/2 a weekend
AFTER = date(2026, 2, 23)  # Monday: the limit ends at the end of this day


def test_effective_due_moves_past_days_off_only():
    assert effective_due(TET) == AFTER
    assert effective_due(date(2026, 2, 21)) == AFTER  # a Saturday
    assert effective_due(date(2026, 2, 13)) == date(2026, 2, 13)  # a Friday, a working day
    assert effective_due(date(2026, 9, 2)) == date(2026, 9, 3)  # National Day
    assert effective_due(None) is None
    assert effective_due_note(TET) == ", tính đến 23/02/2026 do trùng ngày nghỉ"
    assert effective_due_note(date(2026, 2, 13)) == ""


@pytest.fixture
def tet_duty(session, unit_named):
    plan = session.scalar(select(Document).where(Document.issuer_id == unit_named("Thành ủy Hà Nội").id))
    return services.create_duty(actor=None, document=plan, title="Báo cáo nhanh dịp Tết", kind="ad_hoc",
                                schedule="once", due_on=TET, recipient=plan.issuer, owners_mode="chosen",
                                owners=[unit_named("Đảng ủy phường Hoàn Kiếm"), unit_named("Đảng ủy xã Sóc Sơn")],
                                remind_before_days=2, repeat_every_days=1)


def _expected(session, duty, name):
    return session.scalar(select(ExpectedSubmission).join(ExpectedSubmission.unit).where(
        ExpectedSubmission.duty_id == duty.id, ExpectedSubmission.unit.has(name=name)))


def test_submission_on_the_next_working_day_is_on_time(session, tet_duty):
    on_time = _expected(session, tet_duty, "Đảng ủy phường Hoàn Kiếm")
    late = _expected(session, tet_duty, "Đảng ủy xã Sóc Sơn")
    assert (on_time.due_on, on_time.effective_due_on) == (TET, AFTER)
    services.submit(actor=None, expected=on_time, number_text="5-BC/ĐU", issued_on=AFTER, filename="bc.pdf",
                    content=PDF, today=AFTER, now=datetime(2026, 2, 23, 9))
    services.submit(actor=None, expected=late, number_text="6-BC/ĐU", issued_on=date(2026, 2, 24), filename="bc.pdf",
                    content=PDF, today=date(2026, 2, 24), now=datetime(2026, 2, 24, 9))
    assert on_time.status(date(2026, 3, 1)) == "on_time" and on_time.days_late == 0
    assert late.status(date(2026, 3, 1)) == "late" and late.days_late == 1
    sql = dict(session.execute(select(ExpectedSubmission.id, queries.status_expr(date(2026, 3, 1)))
                               .where(ExpectedSubmission.duty_id == tet_duty.id)).all())
    assert sql == {on_time.id: "on_time", late.id: "late"}
    # Not yet submitted during Tết: pending, not missing, until the limit has passed.
    assert _fresh_status(session, tet_duty, date(2026, 2, 20)) == "pending"
    assert _fresh_status(session, tet_duty, AFTER) == "pending"
    assert _fresh_status(session, tet_duty, date(2026, 2, 24)) == "missing"


def _fresh_status(session, duty, today):
    expected = _expected(session, duty, "Đảng ủy phường Hoàn Kiếm")
    expected.first_submitted_on = None
    return expected.status(today)


def test_reminders_follow_the_moved_date(session, tet_duty):
    assert due_reminders(TET, TET, 2, 1) == (("due_soon", 0),)  # on Tết itself: due soon, not "due today"
    assert due_reminders(TET, AFTER, 2, 1) == (("due_today", 0),)
    assert due_reminders(TET, date(2026, 2, 24), 2, 1)[0][0] == "overdue"
    kinds_by_day = {}
    for day in (date(2026, 2, 12), TET, date(2026, 2, 20), AFTER, date(2026, 2, 24)):
        send_due_reminders(now=datetime(day.year, day.month, day.day, 0, 30), today=day)
        kinds_by_day[day] = sorted({k for (k,) in session.execute(
            select(Reminder.kind).where(Reminder.duty_id == tet_duty.id))})
    assert "overdue" not in kinds_by_day[date(2026, 2, 20)] and "escalation" not in kinds_by_day[AFTER]
    assert "overdue" not in kinds_by_day[AFTER] and "due_today" in kinds_by_day[AFTER]
    assert {"overdue", "escalation"} <= set(kinds_by_day[date(2026, 2, 24)])
    messages = list(session.scalars(select(Notification.message).join(Reminder).where(Reminder.duty_id == tet_duty.id)))
    assert messages and all("hạn 17/02/2026, tính đến 23/02/2026 do trùng ngày nghỉ" in m.lower() for m in messages)


def test_task_due_on_tet_claimed_on_monday_is_on_time(session, unit_named):
    issuer = unit_named("Ủy ban nhân dân phường Vị Khê")
    document = plan_services.create_document(
        actor=None, doc_type="KH", number_text="3/KH-UBND", issued_on=date(2026, 1, 5), issued_year=None,
        issuer=issuer, issuer_name=None, title="Kế hoạch dịp Tết", body_md=None, place=None, signer_authority=None,
        signer_position=None, signer_name=None)
    task = task_services.create_task(actor=None, document=document, text="Trực Tết, báo cáo tình hình",
                                     assignments=[(unit_named("Công an phường Vị Khê"), "lead")], due_on=TET)
    assert task.effective_due_on == AFTER
    assert state_of(task, date(2026, 2, 20)) != "overdue" and state_of(task, AFTER) == "due_soon"
    assert state_of(task, date(2026, 2, 24)) == "overdue"
    sql = lambda today: session.scalar(select(state_expr(today)).where(Task.id == task.id))  # noqa: E731
    assert sql(date(2026, 2, 20)) == "due_soon" and sql(AFTER) == "due_soon" and sql(date(2026, 2, 24)) == "overdue"
    task_services.change_status(actor=None, task=task, status="claimed", today=AFTER)
    task_services.confirm_completion(actor=None, task=task, today=date(2026, 2, 25))
    assert state_of(task, date(2026, 3, 1)) == "done_on_time" == sql(date(2026, 3, 1))
    task.due_on = date(2026, 2, 13)  # a rescheduled date on a working day: the listener keeps them in step
    assert task.effective_due_on == date(2026, 2, 13)


def test_pages_show_the_written_date_and_the_effective_one(app, session, tet_duty, as_role):
    for url in (f"/duties/{tet_duty.id}", f"/duties/expected/{_expected(session, tet_duty, 'Đảng ủy xã Sóc Sơn').id}"):
        page = re.sub(r"<[^>]+>", "", as_role("admin").get(url).get_data(as_text=True))
        assert "17/02/2026, tính đến 23/02/2026 do trùng ngày nghỉ" in page, url
