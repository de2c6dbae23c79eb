"""Who is told of each event (fan-out), as each person chose (mail now, daily digest, in-app only)."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tracker.core.timeutil import today_vn
from tracker.duties import services as duty_services
from tracker.duties.models import ExpectedSubmission, OutboxMail, ReportingDuty
from tracker.duties.reminders import build_digests
from tracker.notifications import services
from tracker.plans.models import Task
from tracker.tasks import services as task_services
from tracker.units.models import User

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _task(session, starts: str) -> Task:
    return session.scalar(select(Task).where(Task.text.startswith(starts)))


def _user(session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


@pytest.fixture
def police_task(session):
    return _task(session, "Nắm chắc diễn biến")  # Công an leads, Văn phòng coordinates


def test_claim_tells_the_assigning_office_only(session, police_task, user_of, notices):
    office, officer, monitor = user_of("secretariat"), user_of("member"), user_of("monitor")
    task_services.change_status(actor=officer, task=police_task, status="claimed", today=today_vn())
    [notice] = notices(office, "task_claimed")
    assert notice.task_id == police_task.id and "Công an phường Vị Khê báo đã hoàn thành" in notice.message
    assert notices(officer, "task_claimed") == [] and notices(monitor, "task_claimed") == []
    # The province's Văn phòng did not assign it: nothing for another body.
    assert notices(_user(session, "noichinh.ninhbinh"), "task_claimed") == []


def test_confirm_and_refuse_tell_the_units_with_the_reason(session, police_task, user_of, notices):
    office, officer = user_of("secretariat"), user_of("member")
    task_services.change_status(actor=officer, task=police_task, status="claimed", today=today_vn())
    task_services.refuse_completion(actor=office, task=police_task, reason="Chưa có số liệu vụ việc đông người",
                                    today=today_vn())
    [refused] = notices(officer, "task_refused")
    assert "Lý do: Chưa có số liệu vụ việc đông người" in refused.message
    assert notices(office, "task_refused") == []  # never the actor
    task_services.change_status(actor=officer, task=police_task, status="claimed", today=today_vn())
    task_services.confirm_completion(actor=office, task=police_task, today=today_vn())
    assert len(notices(officer, "task_confirmed")) == 1


def test_pressing_tells_only_the_chosen_units(session, police_task, user_of, unit_named, notices):
    officer, office, monitor = user_of("member"), user_of("secretariat"), user_of("monitor")
    ca = unit_named("Công an phường Vị Khê")
    task_services.remind(actor=monitor, task=police_task, body_md="Đề nghị báo cáo trước thứ Sáu.",
                         today=today_vn(), unit_ids=[ca.id])
    [pressed] = notices(officer, "task_pressed")
    assert pressed.message.endswith("Đề nghị báo cáo trước thứ Sáu.")
    assert notices(office, "task_pressed") == []  # Văn phòng coordinates but was not chosen


def test_new_task_tells_the_assigned_units(session, police_task, user_of, unit_named, notices):
    from tracker.plans.models import Document

    document = session.get(Document, police_task.document_id)
    task = task_services.create_task(actor=user_of("secretariat"), document=document, text="Rà soát sổ tiếp dân.",
                                     assignments=[(unit_named("Công an phường Vị Khê"), "lead")],
                                     due_on=date(2030, 1, 15))
    [assigned] = notices(user_of("member"), "task_assigned")[-1:]
    assert assigned.task_id == task.id and "(Chủ trì)" in assigned.message and "hạn 15/01/2030" in assigned.message


def _hanoi_expected(session, ward: str) -> ExpectedSubmission:
    return session.scalar(select(ExpectedSubmission).join(ReportingDuty).where(
        ReportingDuty.kind == "plan", ExpectedSubmission.unit.has(name=f"Đảng ủy {ward}")))


def test_submission_received_returned_accepted(session, user_of, notices):
    committee = _user(session, "danguy.hoankiem")
    monitor = user_of("monitor")
    expected = _hanoi_expected(session, "phường Hoàn Kiếm")
    row = duty_services.submit(actor=committee, expected=expected, number_text="21-KH/ĐU",
                               issued_on=date(2025, 5, 2), filename="kh.pdf", content=PDF, today=date(2025, 5, 2))
    [received] = notices(monitor, "sub_received")
    assert received.expected_id == expected.id and "21-KH/ĐU" in received.message
    duty_services.return_submission(actor=monitor, expected=expected, submission=row, comment="Thiếu phụ lục")
    [returned] = notices(committee, "sub_returned")
    assert returned.message.endswith("Lý do: Thiếu phụ lục")
    second = duty_services.submit(actor=committee, expected=expected, number_text="22-KH/ĐU",
                                  issued_on=date(2025, 5, 6), filename="kh.pdf", content=PDF, today=date(2025, 5, 6))
    duty_services.accept_submission(actor=monitor, expected=expected, submission=second)
    assert len(notices(committee, "sub_accepted")) == 1


@pytest.mark.parametrize("mode", ["now", "digest", "none"])
def test_preference_decides_the_mail(session, police_task, user_of, notices, mode):
    officer, office = user_of("member"), user_of("secretariat")
    officer.email = "congan.vikhe@example.invalid"
    services.save_preferences(user=officer, modes={"task_refused": mode})
    task_services.change_status(actor=officer, task=police_task, status="claimed", today=today_vn())
    task_services.refuse_completion(actor=office, task=police_task, reason="Bổ sung biên bản", today=today_vn())
    [notice] = notices(officer, "task_refused")
    assert notice.mail_mode == mode
    now_mail = session.scalar(select(OutboxMail).where(OutboxMail.key == f"notice:{notice.id}"))
    assert (now_mail is not None) == (mode == "now")
    day = date(2030, 3, 4)
    build_digests(day, datetime(2030, 3, 4, 0, 5), user_ids=[officer.id])
    digest = session.scalar(select(OutboxMail).where(OutboxMail.key == f"digest:{officer.id}:{day.isoformat()}"))
    in_digest = digest is not None and "Bổ sung biên bản" in digest.body
    assert in_digest == (mode == "digest")


def test_digest_leaves_out_reminders_when_turned_off(session, user_of, notices):
    from tracker.duties.jobs import send_due_reminders

    committee = _user(session, "danguy.hoankiem")
    services.save_preferences(user=committee, modes={"reminder": "none"})
    send_due_reminders(now=datetime(2025, 5, 12, 0, 5), today=date(2025, 5, 12), use_lock=False)
    assert notices(committee)  # still told in the app
    digest = session.scalar(select(OutboxMail).where(OutboxMail.key == f"digest:{committee.id}:2025-05-12"))
    assert digest is None or "Quá hạn" not in digest.body
    monitor = user_of("monitor")
    theirs = session.scalar(select(OutboxMail).where(OutboxMail.key == f"digest:{monitor.id}:2025-05-12"))
    assert theirs is not None and "thông báo cần lưu ý ngày 12/05/2025" in theirs.subject
