"""Tracking tables: progress updates (never edited), their evidence files, and comments (reminders, refusals)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.units.models import Unit, User

STATUS_LABELS = {
    "not_started": "Chưa thực hiện", "in_progress": "Đang thực hiện", "claimed": "Chờ xác nhận",
    "done": "Đã hoàn thành", "paused": "Tạm dừng", "redo": "Thực hiện lại",
}
COMMENT_LABELS = {"reminder": "Đôn đốc", "refusal": "Không xác nhận hoàn thành", "confirmation": "Xác nhận"}


class TaskUpdate(db.Model):
    """A unit's dated progress note on a task. A record: a correction is a new row pointing at this one."""

    __tablename__ = "task_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reported_on: Mapped[date]
    status: Mapped[str | None] = mapped_column(String(20))
    progress: Mapped[int | None]
    note_md: Mapped[str] = mapped_column(Text, default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("task_update.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship(lazy="joined")
    author: Mapped[User | None] = relationship(lazy="joined")
    evidence: Mapped[list[Evidence]] = relationship(back_populates="update", lazy="selectin",
                                                    order_by="Evidence.id")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status or "", "")


class Evidence(db.Model):
    """A file attached to an update, stored under instance/uploads with a random name."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("task_update.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    update: Mapped[TaskUpdate] = relationship(back_populates="evidence")


class TaskComment(db.Model):
    """A comment on a task by someone outside the doing unit: a monitor's reminder, a refusal's reason."""

    __tablename__ = "task_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20), default="reminder")
    body_md: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")

    @property
    def kind_label(self) -> str:
        return COMMENT_LABELS.get(self.kind, self.kind)


class TaskEvent(db.Model):
    """A dated change of a task's work state, with the state after it: the history a report reads "as at" a date.

    `effective_on` is the day the change counts from (the date an update reports, the day of a confirmation);
    `recorded_at` is when it was entered, so data entered after a period's cut-off can be told apart."""

    __tablename__ = "task_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # status, confirm, refuse, update, backfill
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(default=0)
    claimed_on: Mapped[date | None]
    effective_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    __table_args__ = (Index("ix_task_event_task_effective", "task_id", "effective_on"),)
