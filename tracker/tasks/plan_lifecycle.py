"""A plan withdrawn (thu hồi) or cancelled (bãi bỏ) with its effects said first, and an admin's hard delete of a
mistaken import while nothing was posted on it."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.core import events
from tracker.core.audit import record, snapshot
from tracker.core.exceptions import DomainError
from tracker.core.vntext import nfc
from tracker.extensions import db
from tracker.plans.models import REVOKE_LABELS, Document, DocumentLink, Task
from tracker.tasks.editing import REASON_MAX, withdraw_task
from tracker.tasks.models import TaskComment, TaskUpdate

EFFECT_LABELS = {
    "tasks": "nhiệm vụ đang theo dõi sẽ bị thu hồi (không còn trong danh sách, số liệu)",
    "derived": "nhiệm vụ của kế hoạch cấp dưới đang thực hiện các nhiệm vụ này (giữ nguyên, do cơ quan cấp dưới "
               "quyết định)",
    "updates": "cập nhật tiến độ đã gửi (giữ nguyên làm hồ sơ)",
    "lower_plans": "kế hoạch cấp dưới thực hiện kế hoạch này",
    "duties": "chế độ báo cáo sẽ ngừng (không còn đôn đốc)",
    "open_periods": "kỳ báo cáo chưa đến hạn, chưa nộp sẽ bị hủy",
    "submissions": "báo cáo đã nộp (giữ nguyên làm hồ sơ)",
}


def plan_effects(document: Document, today: date) -> dict[str, int]:
    """What withdrawing, cancelling or deleting the plan touches, counted; other domains add theirs."""
    live = select(Task.id).where(Task.document_id == document.id, Task.withdrawn_on.is_(None))
    mine = select(Task.id).where(Task.document_id == document.id)
    effects = {
        "tasks": db.session.scalar(select(func.count()).select_from(live.subquery())) or 0,
        "derived": db.session.scalar(select(func.count(Task.id)).where(Task.implements_task_id.in_(mine),
                                                                       Task.document_id != document.id)) or 0,
        "updates": db.session.scalar(select(func.count(TaskUpdate.id)).where(TaskUpdate.task_id.in_(mine))) or 0,
        "lower_plans": db.session.scalar(select(func.count(DocumentLink.id)).where(
            DocumentLink.parent_id == document.id, DocumentLink.relation == "implements")) or 0,
    }
    for _, extra in events.plan_effects.send(document, today=today):
        for key, value in (extra or {}).items():
            effects[key] = effects.get(key, 0) + value
    return effects


def revoke_plan(*, actor, document: Document, kind: str, reason: str, today: date) -> dict[str, int]:
    """Thu hồi / bãi bỏ: from today the plan's tasks are withdrawn and its duties stop; everything posted stays."""
    if document.doc_type != "KH":
        raise DomainError("Chỉ thu hồi, bãi bỏ được kế hoạch.")
    if kind not in REVOKE_LABELS:
        raise DomainError("Hãy chọn thu hồi hoặc bãi bỏ.")
    if document.revoked_on is not None:
        raise DomainError(f"Kế hoạch đã bị {document.revoked_label.lower()} ngày {document.revoked_on:%d/%m/%Y}.")
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError("Hãy ghi rõ lý do (và văn bản) thu hồi, bãi bỏ kế hoạch.")
    if len(reason) > REASON_MAX:
        raise DomainError(f"Lý do quá dài (tối đa {REASON_MAX} ký tự).")
    effects = plan_effects(document, today)
    label = REVOKE_LABELS[kind]
    for task in db.session.scalars(select(Task).where(Task.document_id == document.id, Task.withdrawn_on.is_(None))
                                   .order_by(Task.position, Task.id)):
        withdraw_task(actor=actor, task=task, reason=f"Kế hoạch bị {label.lower()}: {reason}", today=today)
    document.revoked_on, document.revoked_kind, document.revoked_reason = today, kind, reason
    db.session.flush()
    record(actor, "revoke", "document", document.id, f"{label} {document.label}: {reason}",
           {"kind": kind, "revoked_on": today.isoformat(), "effects": effects})
    events.plan_revoked.send(document, actor=actor, today=today, kind=kind)
    return effects


def delete_plan(*, actor, document: Document, today: date) -> None:
    """Delete a mistaken import outright (admins): refused once anything was posted on it or built from it."""
    effects = plan_effects(document, today)
    comments = db.session.scalar(select(func.count(TaskComment.id)).where(TaskComment.task_id.in_(
        select(Task.id).where(Task.document_id == document.id)))) or 0
    blocking = {k: effects.get(k, 0) for k in ("updates", "derived", "lower_plans", "submissions")}
    blocking["comments"] = comments
    if any(blocking.values()):
        raise DomainError("Không thể xóa: kế hoạch đã có dữ liệu phát sinh (" + ", ".join(
            f"{n} {EFFECT_LABELS.get(k, 'ý kiến, đôn đốc').split(' (')[0]}" for k, n in blocking.items() if n)
            + "). Hãy thu hồi hoặc bãi bỏ kế hoạch thay vì xóa.")
    record(actor, "delete", "document", document.id, f"Xóa văn bản nhập nhầm: {document.label}",
           {**snapshot(document, ["doc_type", "number_text", "issued_on", "issuer_name", "title"]),
            "tasks": effects.get("tasks", 0)})
    # Through the ORM, so that listeners (the search index) see every row that goes; the database cascades the
    # rest (sections, links, duties and their expected periods).
    for task in db.session.scalars(select(Task).where(Task.document_id == document.id)
                                   .options(selectinload(Task.assignments))):
        db.session.delete(task)
    db.session.flush()
    db.session.delete(document)
    db.session.flush()
