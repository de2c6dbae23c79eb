"""Per-user notification preferences and the read marks of the inbox (documents from above)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.timeutil import utcnow
from tracker.extensions import db

# What a person is told about; the labels are the rows of the settings page.
KINDS = {
    "task_assigned": "Được giao nhiệm vụ mới",
    "task_changed": "Nhiệm vụ được điều chỉnh",
    "task_withdrawn": "Nhiệm vụ bị thu hồi",
    "task_claimed": "Đơn vị báo hoàn thành, chờ xác nhận",
    "task_confirmed": "Nhiệm vụ được xác nhận hoàn thành",
    "task_refused": "Không xác nhận hoàn thành (thực hiện lại)",
    "task_pressed": "Đôn đốc nhiệm vụ",
    "mention": "Được nhắc đến trong trao đổi",
    "sub_received": "Nhận được báo cáo của đơn vị",
    "sub_returned": "Báo cáo bị trả lại",
    "sub_accepted": "Báo cáo được tiếp nhận",
    "reminder": "Nhắc hạn nộp báo cáo",
}
MODES = {"now": "Gửi thư ngay", "digest": "Gộp vào thư tổng hợp hằng ngày", "none": "Chỉ trong ứng dụng"}
DEFAULT_MODES = {"task_claimed": "now", "task_refused": "now", "task_pressed": "now", "sub_returned": "now"}


def default_mode(kind: str) -> str:
    return DEFAULT_MODES.get(kind, "digest")


class NotificationPreference(db.Model):
    """How one person wants to hear of one kind of event (absent: the kind's default)."""

    __tablename__ = "notification_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(10))

    __table_args__ = (UniqueConstraint("user_id", "kind"),)


class DocumentRead(db.Model):
    """When a person first opened a document of their inbox (unread ones are bold)."""

    __tablename__ = "document_read"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "document_id"),)
