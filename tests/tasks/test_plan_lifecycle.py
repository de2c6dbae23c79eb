"""Withdrawing or cancelling a plan: the effects said first, tasks withdrawn, duties stopped, records kept;
an admin deletes a mistaken import only while nothing was posted on it."""
from __future__ import annotations


import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.tasks.conftest import TODAY
from tests.tasks.helpers import client_for
from tracker.core.audit import AuditLog
from tracker.core.exceptions import DomainError
from tracker.duties import services as duty_services
from tracker.duties.models import ExpectedSubmission, ReportingDuty
from tracker.plans.models import Document, Task
from tracker.tasks import services
from tracker.tasks.plan_lifecycle import delete_plan, plan_effects, revoke_plan


def _duty(plan, owner):
    return duty_services.create_duty(actor=None, document=plan, title="Báo cáo quý", kind="periodic",
                                     schedule="quarter", first_year=2026, last_year=2026, recipient=plan.issuer,
                                     owners_mode="chosen", owners=[owner])


def test_revoke_withdraws_tasks_stops_duties_and_says_so_first(session, ward_plan, user_of):
    duty = _duty(ward_plan.document, ward_plan.units["vp"])
    services.post_update(actor=user_of("member"), task=ward_plan.police_task, unit_id=ward_plan.units["ca"].id,
                         today=TODAY, note_md="Đã làm", progress=10)
    effects = plan_effects(ward_plan.document, TODAY)
    assert (effects["tasks"], effects["updates"], effects["duties"], effects["open_periods"]) == (3, 1, 1, 3)
    with pytest.raises(DomainError, match="lý do"):
        revoke_plan(actor=None, document=ward_plan.document, kind="withdrawn", reason=" ", today=TODAY)
    revoke_plan(actor=user_of("secretariat"), document=ward_plan.document, kind="cancelled",
                reason="Bãi bỏ theo Quyết định số 12/QĐ-UBND", today=TODAY)
    live = session.scalar(select(func.count(Task.id)).where(Task.document_id == ward_plan.document.id,
                                                            Task.withdrawn_on.is_(None)))
    assert live == 0 and ward_plan.police_task.withdrawn_reason.startswith("Kế hoạch bị bãi bỏ")
    assert session.get(ReportingDuty, duty.id).is_active is False
    kept = list(session.scalars(select(ExpectedSubmission).where(ExpectedSubmission.duty_id == duty.id)))
    assert [e.due_on <= TODAY for e in kept] == [True]  # the past period kept as history, three not yet due gone
    assert ward_plan.document.revoked_kind == "cancelled"
    with pytest.raises(DomainError, match="đã bị bãi bỏ"):
        revoke_plan(actor=None, document=ward_plan.document, kind="withdrawn", reason="x", today=TODAY)


def test_delete_only_while_nothing_posted(session, ward_plan, user_of):
    services.post_update(actor=user_of("member"), task=ward_plan.police_task, unit_id=ward_plan.units["ca"].id,
                         today=TODAY, note_md="Đã làm")
    with pytest.raises(DomainError, match="1 cập nhật tiến độ đã gửi"):
        delete_plan(actor=user_of("admin"), document=ward_plan.document, today=TODAY)
    assert session.get(Document, ward_plan.document.id) is not None


def test_admin_deletes_a_mistaken_import(session, ward_plan, user_of):
    document_id, task_id = ward_plan.document.id, ward_plan.police_task.id
    from tracker.search.models import SearchEntry

    assert ("task", task_id) in session.execute(select(SearchEntry.kind, SearchEntry.ref_id)).all()
    _duty(ward_plan.document, ward_plan.units["vp"])
    delete_plan(actor=user_of("admin"), document=ward_plan.document, today=TODAY)
    session.expire_all()
    assert session.get(Document, document_id) is None and session.get(Task, task_id) is None
    from tracker.search.models import SearchEntry

    left = session.execute(select(SearchEntry.kind, SearchEntry.ref_id)).all()
    assert ("document", document_id) not in left and ("task", task_id) not in left
    assert ("task", ward_plan.lead_task.id) not in left
    assert session.scalar(select(AuditLog.summary).where(AuditLog.entity == "document",
                                                         AuditLog.entity_id == document_id,
                                                         AuditLog.action == "delete")).startswith("Xóa văn bản")


def test_pages_preview_revoke_and_refuse_others(app, session, as_role, ward_plan):
    office = as_role("secretariat")
    url = f"/tasks/plan/{ward_plan.document.id}/revoke"
    page = office.get(url).get_data(as_text=True)
    assert 'data-effect="tasks"><strong>3</strong>' in page
    assert client_for(app, "congan.vikhe").get(url).status_code == 403
    assert client_for(app, "noichinh.hanoi").get(url).status_code == 404
    assert office.get(f"/tasks/plan/{ward_plan.document.id}/delete").status_code == 403
    empty = office.post(url, data={"csrf_token": csrf_token(office, url), "kind": "withdrawn", "reason": ""})
    assert empty.status_code == 422 and "Hãy ghi rõ lý do" in empty.get_data(as_text=True)
    done = office.post(url, data={"csrf_token": csrf_token(office, url), "kind": "withdrawn",
                                  "reason": "Thu hồi theo Công văn 5/UBND"})
    assert done.status_code == 302
    detail = office.get(f"/documents/{ward_plan.document.id}").get_data(as_text=True)
    assert "revoked-note" in detail and "Thu hồi theo Công văn 5/UBND" in detail
    admin = as_role("admin")
    delete_url = f"/tasks/plan/{ward_plan.document.id}/delete"
    assert 'data-effect="tasks"><strong>0</strong>' in admin.get(delete_url).get_data(as_text=True)
    unconfirmed = admin.post(delete_url, data={"csrf_token": csrf_token(admin, delete_url), "confirm": "có"})
    assert unconfirmed.status_code == 422
    deleted = admin.post(delete_url, data={"csrf_token": csrf_token(admin, delete_url), "confirm": "xóa"})
    assert deleted.status_code == 302
    session.expire_all()
    assert session.get(Document, ward_plan.document.id) is None
