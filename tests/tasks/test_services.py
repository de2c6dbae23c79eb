"""Task services: work states and confirmation, updates as records, reminders, audit rows, optimistic locking."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.tasks.conftest import TODAY
from tracker.core.audit import AuditLog
from tracker.core.exceptions import ConflictError, DomainError
from tracker.tasks import services
from tracker.tasks.models import TaskComment, TaskUpdate
from tracker.tasks.queries import timeline


def _audit(session, task):
    return [row.action for row in session.scalars(select(AuditLog).where(
        AuditLog.entity == "task", AuditLog.entity_id == task.id).order_by(AuditLog.id))]


def test_claim_confirm_flow_judges_on_claim_date(session, ward_plan, user_of):
    task = ward_plan.police_task  # due 17/6
    services.change_status(actor=user_of("member"), task=task, status="in_progress", today=TODAY)
    services.change_status(actor=user_of("member"), task=task, status="claimed", today=date(2026, 6, 16))
    assert (task.status, task.claimed_on, task.progress) == ("claimed", date(2026, 6, 16), 100)
    services.confirm_completion(actor=user_of("secretariat"), task=task, today=date(2026, 6, 25))
    assert task.status == "done" and task.confirmed_on == date(2026, 6, 25)
    from tracker.tasks.deadlines import state_of

    assert state_of(task, date(2026, 6, 25), 3) == "done_on_time"  # confirmed late, claimed in time
    assert _audit(session, task) == ["create", "status", "status", "confirm"]


def test_refuse_needs_reason_and_sends_back(session, ward_plan, user_of):
    task = ward_plan.police_task
    services.change_status(actor=user_of("member"), task=task, status="claimed", today=TODAY)
    with pytest.raises(DomainError, match="lý do"):
        services.refuse_completion(actor=user_of("secretariat"), task=task, reason="  ", today=TODAY)
    services.refuse_completion(actor=user_of("secretariat"), task=task, reason="Thiếu biên bản", today=TODAY)
    assert task.status == "redo" and task.claimed_on is None
    assert session.scalar(select(TaskComment.kind).where(TaskComment.task_id == task.id)) == "refusal"


def test_lead_cannot_set_done_and_done_is_final(session, ward_plan, user_of):
    task = ward_plan.police_task
    with pytest.raises(DomainError, match="xác nhận"):
        services.change_status(actor=user_of("member"), task=task, status="done", today=TODAY)
    with pytest.raises(DomainError, match="Chờ xác nhận"):
        services.confirm_completion(actor=user_of("secretariat"), task=task, today=TODAY)
    services.change_status(actor=user_of("member"), task=task, status="claimed", today=TODAY)
    services.confirm_completion(actor=user_of("secretariat"), task=task, today=TODAY)
    with pytest.raises(DomainError, match="đã được xác nhận"):
        services.change_status(actor=user_of("member"), task=task, status="in_progress", today=TODAY)


def test_update_is_a_record_and_correction_is_new(session, ward_plan, user_of):
    task = ward_plan.lead_task
    first = services.post_update(actor=user_of("member"), task=task, unit_id=ward_plan.units["ca"].id,
                                 today=TODAY, note_md="Đã tiếp 12 lượt công dân", progress=30)
    fix = services.post_update(actor=user_of("member"), task=task, unit_id=ward_plan.units["ca"].id,
                               today=TODAY, note_md="Số đúng là 15 lượt", progress=35, corrects=first)
    assert fix.corrects_id == first.id and first.note_md == "Đã tiếp 12 lượt công dân"
    assert task.progress == 35
    entries = timeline(task)
    assert [e.log.action for e in entries] == ["create", "post", "post"]
    assert entries[2].update.id == fix.id


@pytest.mark.parametrize("fields,message", [
    ({"note_md": ""}, "trống"), ({"note_md": "x", "progress": 120}, "0 đến 100"),
    ({"note_md": "x", "reported_on": date(2026, 6, 16)}, "sau ngày hôm nay"),
    ({"note_md": "x" * 20_001}, "quá dài"),
])
def test_update_validation(session, ward_plan, user_of, fields, message):
    with pytest.raises(DomainError, match=message):
        services.post_update(actor=user_of("member"), task=ward_plan.lead_task, unit_id=ward_plan.units["ca"].id,
                             today=TODAY, **fields)
    assert session.scalar(select(TaskUpdate.id).where(TaskUpdate.task_id == ward_plan.lead_task.id)) is None


def test_reminder_is_a_comment_with_audit(session, ward_plan, user_of):
    comment = services.remind(actor=user_of("monitor"), task=ward_plan.request_task, body_md="Đề nghị báo cáo",
                              today=TODAY)
    assert comment.kind == "reminder"
    assert _audit(session, ward_plan.request_task)[-1] == "remind"
    assert timeline(ward_plan.request_task)[-1].comment.id == comment.id
    with pytest.raises(DomainError):
        services.remind(actor=user_of("monitor"), task=ward_plan.request_task, body_md=" ", today=TODAY)


def test_stale_form_gets_conflict_with_newer_state(session, ward_plan, user_of):
    task = ward_plan.police_task
    seen = task.version
    services.change_status(actor=user_of("member"), task=task, status="in_progress", today=TODAY,
                           expected_version=seen)
    with pytest.raises(ConflictError, match="Người khác đã cập nhật nhiệm vụ này trước bạn.*Đang thực hiện"):
        services.change_status(actor=user_of("admin"), task=task, status="paused", today=TODAY,
                               expected_version=seen)
    assert task.status == "in_progress"


def test_derive_plan_splits_and_links(session, ward_plan, user_of):
    from tracker.plans.models import DocumentLink, Task
    from tracker.tasks.derive import DerivedItem, derive_plan, split_text

    assert split_text("- Một\n- Hai") == ["Một", "Hai"]
    assert split_text("Một dòng\n- không tách") == ["Một dòng - không tách"]
    upper = ward_plan.lead_task
    lower = derive_plan(actor=user_of("secretariat"), upper=ward_plan.document, issuer=ward_plan.units["ca"],
                        title="Kế hoạch của Công an phường", number_text=None, issued_on=None, today=TODAY,
                        items=[DerivedItem(upper, "- Lập tổ công tác\n- Trực tại trụ sở", ward_plan.units["ca"],
                                           None),
                               DerivedItem(ward_plan.police_task, "   ", ward_plan.units["ca"], None)])
    tasks = session.scalars(select(Task).where(Task.document_id == lower.id).order_by(Task.position)).all()
    assert [t.text for t in tasks] == ["Lập tổ công tác", "Trực tại trụ sở"]
    assert {t.implements_task_id for t in tasks} == {upper.id} and tasks[0].due_on == upper.due_on
    assert session.scalar(select(DocumentLink.parent_id).where(DocumentLink.child_id == lower.id)) == \
        ward_plan.document.id
    with pytest.raises(DomainError, match="đơn vị chủ trì"):
        derive_plan(actor=None, upper=ward_plan.document, issuer=ward_plan.units["ca"], title="X",
                    number_text=None, issued_on=None, today=TODAY, items=[DerivedItem(upper, "Việc", None, None)])
