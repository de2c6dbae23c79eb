"""Duty services: owing units from the tree, expected submissions, submit with versions, status, review, locks."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.duties.helpers import PDF, TODAY, docx_bytes, expected_for, plan_duty, quarterly_duty
from tracker.core.audit import AuditLog
from tracker.core.exceptions import DomainError
from tracker.duties import queries, services
from tracker.duties.models import ExpectedSubmission, Submission
from tracker.plans.models import Document


def test_subordinate_bodies_are_the_child_localities_committees(session, unit_named):
    names = [u.name for u in services.subordinate_bodies(unit_named("Thành ủy Hà Nội"))]
    assert len(names) == 5
    assert set(names) == {"Đảng ủy phường Ba Đình", "Đảng ủy phường Hoàn Kiếm", "Đảng ủy phường Cầu Giấy",
                          "Đảng ủy phường Hà Đông", "Đảng ủy xã Sóc Sơn"}


def test_without_child_localities_the_issuers_direct_children_owe(session, unit_named):
    names = {u.name for u in services.subordinate_bodies(unit_named("Ủy ban nhân dân tỉnh Hà Tĩnh"))}
    assert "Thanh tra tỉnh" in names and "Sở Tư pháp Hà Tĩnh" in names


def test_periodic_duty_expects_one_row_per_unit_and_period(session, user_of, unit_named):
    plan = session.scalar(select(Document).where(Document.issuer_id == unit_named("Thành ủy Hà Nội").id))
    chosen = [unit_named("Đảng ủy phường Ba Đình"), unit_named("Đảng ủy xã Sóc Sơn")]
    duty = services.create_duty(actor=user_of("monitor"), document=plan, title="Báo cáo 6 tháng", kind="periodic",
                                schedule="half", first_year=2025, last_year=2026, recipient=plan.issuer,
                                owners_mode="chosen", owners=chosen, due_day=25)
    rows = list(session.scalars(select(ExpectedSubmission).where(ExpectedSubmission.duty_id == duty.id)))
    assert len(rows) == 2 * 4
    assert {r.period_label for r in rows} == {"6 tháng đầu năm 2025", "6 tháng cuối năm 2025",
                                              "6 tháng đầu năm 2026", "6 tháng cuối năm 2026"}
    assert services.generate_expected(duty) == 0
    assert session.scalar(select(AuditLog).where(AuditLog.entity == "duty", AuditLog.entity_id == duty.id))


@pytest.mark.parametrize("fields, message", [
    (dict(schedule="once", due_on=None), "hạn nộp"),
    (dict(schedule="quarter", first_year=2025, last_year=2040), "tối đa"),
    (dict(schedule="once", due_on=date(2025, 4, 30), owners_mode="chosen"), "ít nhất một đơn vị"),
    (dict(schedule="once", due_on=date(2025, 4, 30), title="  "), "nội dung"),
])
def test_bad_duty_is_refused_and_nothing_saved(session, user_of, unit_named, fields, message):
    plan = session.scalar(select(Document).where(Document.issuer_id == unit_named("Thành ủy Hà Nội").id))
    before = session.scalar(select(func.count(ExpectedSubmission.id)))
    args = dict(title="Báo cáo", kind="plan", recipient=plan.issuer) | fields
    with pytest.raises(DomainError, match=message):
        services.create_duty(actor=user_of("monitor"), document=plan, **args)
    assert session.scalar(select(func.count(ExpectedSubmission.id))) == before


def test_status_on_time_late_missing_pending_returned(session):
    duty = plan_duty(session)
    statuses = {e.unit.name: e.status(TODAY) for e in session.scalars(
        select(ExpectedSubmission).where(ExpectedSubmission.duty_id == duty.id))}
    assert statuses["Đảng ủy phường Ba Đình"] == "on_time"
    assert statuses["Đảng ủy phường Cầu Giấy"] == "late"
    assert statuses["Đảng ủy phường Hoàn Kiếm"] == "missing"
    assert expected_for(session, duty, "Đảng ủy phường Cầu Giấy").days_late == 4  # from Mon 5/5: 30/4–4/5 are days off
    assert expected_for(session, duty, "Đảng ủy phường Hoàn Kiếm").status(date(2025, 4, 30)) == "pending"
    sql = dict(session.execute(select(ExpectedSubmission.unit_id, queries.status_expr(TODAY))
                               .where(ExpectedSubmission.duty_id == duty.id)).all())
    assert sorted(sql.values()) == sorted(statuses.values())


def test_submit_return_resubmit_keeps_every_version(session, user_of):
    duty = plan_duty(session)
    expected = expected_for(session, duty, "Đảng ủy phường Hoàn Kiếm")
    first = services.submit(actor=None, expected=expected, number_text="21-KH/ĐU", issued_on=date(2025, 5, 10),
                            filename="ke-hoach.docx", content=docx_bytes(), today=TODAY)
    assert expected.status(TODAY) == "late" and expected.days_late == 7  # limit ran to 5/5
    with pytest.raises(DomainError, match="chỉ nộp lại khi bị trả lại"):
        services.submit(actor=None, expected=expected, number_text="22-KH/ĐU", issued_on=TODAY,
                        filename="a.pdf", content=PDF, today=TODAY)
    monitor = user_of("monitor")
    with pytest.raises(DomainError, match="lý do"):
        services.return_submission(actor=monitor, expected=expected, submission=first, comment=" ")
    services.return_submission(actor=monitor, expected=expected, submission=first, comment="Thiếu phụ lục")
    assert expected.status(TODAY) == "returned"
    second = services.submit(actor=None, expected=expected, number_text="23-KH/ĐU",
                             issued_on=TODAY, filename="ke-hoach-v2.pdf", content=PDF, today=TODAY)
    services.accept_submission(actor=monitor, expected=expected, submission=second)
    versions = queries.submissions_of(expected)
    assert [(s.version, s.state) for s in versions] == [(2, "accepted"), (1, "returned")]
    assert versions[1].review_comment == "Thiếu phụ lục" and expected.days_late == 7


@pytest.mark.parametrize("filename, content, message", [
    ("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "không phải"),
    ("bao-cao.docx", PDF, "đuôi .pdf"),
    ("bao-cao.pdf", b"", "trống"),
])
def test_file_is_checked_by_content(session, filename, content, message):
    expected = expected_for(session, plan_duty(session), "Đảng ủy xã Sóc Sơn")
    with pytest.raises(DomainError, match=message):
        services.submit(actor=None, expected=expected, number_text="1-KH/ĐU", issued_on=TODAY, filename=filename,
                        content=content, today=TODAY)
    assert expected.versions == 0 and session.scalar(
        select(func.count(Submission.id)).where(Submission.expected_id == expected.id)) == 0


def test_bad_number_or_future_date_is_refused(session):
    expected = expected_for(session, plan_duty(session), "Đảng ủy xã Sóc Sơn")
    with pytest.raises(DomainError, match="không phải số"):
        services.submit(actor=None, expected=expected, number_text="abc", issued_on=TODAY, filename="a.pdf",
                        content=PDF, today=TODAY)
    with pytest.raises(DomainError, match="sau ngày hôm nay"):
        services.submit(actor=None, expected=expected, number_text="3-KH/ĐU", issued_on=date(2025, 6, 1),
                        filename="a.pdf", content=PDF, today=TODAY)


def test_lock_after_grace_then_reopen_for_one_unit(session, user_of):
    duty, monitor = plan_duty(session), user_of("monitor")
    with pytest.raises(DomainError, match="ân hạn"):
        services.lock_period(actor=monitor, duty=duty, period_key="once", due_on=duty.due_on, today=date(2025, 5, 2))
    services.lock_period(actor=monitor, duty=duty, period_key="once", due_on=duty.due_on, today=TODAY)
    late = expected_for(session, duty, "Đảng ủy xã Sóc Sơn")
    with pytest.raises(DomainError, match="đã khóa"):
        services.submit(actor=None, expected=late, number_text="5-KH/ĐU", issued_on=TODAY, filename="a.pdf",
                        content=PDF, today=TODAY)
    services.reopen_for_unit(actor=monitor, expected=late)
    services.submit(actor=None, expected=late, number_text="5-KH/ĐU", issued_on=TODAY, filename="a.pdf",
                    content=PDF, today=TODAY)
    assert late.status(TODAY) == "late"
    assert session.scalar(select(AuditLog).where(AuditLog.action == "reopen", AuditLog.entity_id == late.id))
    assert quarterly_duty(session) is not None
