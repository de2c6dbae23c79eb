"""The audit log: who changed what, when; written by services, listed for admins."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.timeutil import utcnow
from tracker.extensions import db

ACTION_LABELS = {
    "create": "Tạo mới", "update": "Cập nhật", "delete": "Xóa", "move": "Chuyển đơn vị cha",
    "retire": "Giải thể/chấm dứt", "link": "Liên kết", "unlink": "Bỏ liên kết", "login": "Đăng nhập",
    "alias": "Tên gọi khác",
    "submit": "Nộp báo cáo", "accept": "Tiếp nhận", "return": "Trả lại", "lock": "Khóa kỳ", "reopen": "Mở lại kỳ",
    "remind": "Đôn đốc", "status": "Đổi trạng thái", "confirm": "Xác nhận hoàn thành",
    "refuse": "Trả lại, thực hiện lại", "post": "Cập nhật tiến độ",
    "revoke": "Thu hồi",
    "edit": "Điều chỉnh", "withdraw": "Thu hồi nhiệm vụ", "split": "Tách nhiệm vụ", "merge": "Gộp nhiệm vụ",
}


class AuditLog(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship("User", lazy="joined")

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(obj: Any, fields: list[str]) -> dict:
    """The current values of `fields` on `obj`, JSON-ready."""
    return {f: _plain(getattr(obj, f)) for f in fields}


def changed(before: dict, obj: Any) -> dict:
    """{field: [old, new]} for the fields of `before` whose value differs on `obj` now."""
    after = snapshot(obj, list(before))
    return {f: [before[f], after[f]] for f in before if before[f] != after[f]}


def record(actor: Any, action: str, entity: str, entity_id: int | None, summary: str,
           changes: dict | None = None) -> AuditLog:
    """Add one audit row in the caller's transaction (flushed, never committed here)."""
    row = AuditLog(actor_id=getattr(actor, "id", None), action=action, entity=entity,
                   entity_id=entity_id, summary=summary, changes=changes or None)
    db.session.add(row)
    db.session.flush()
    return row
