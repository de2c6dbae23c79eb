"""Reporting duties, expected submissions per unit and period, submissions with versions, locks,
reminders (the exactly-once key), in-app notifications and the mail outbox."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.periods import SCHEDULES
from tracker.core.timeutil import utcnow
from tracker.core.workdays import effective_due
from tracker.extensions import db
from tracker.plans.models import Document
from tracker.units.models import Unit, User

DUTY_KINDS = {"plan": "Xây dựng và gửi kế hoạch", "periodic": "Báo cáo định kỳ", "ad_hoc": "Báo cáo đột xuất"}
OWNER_MODES = {"subordinates": "Tất cả cơ quan trực thuộc cơ quan ban hành", "chosen": "Các đơn vị được chọn"}
STATUS_LABELS = {"pending": "Chưa đến hạn", "on_time": "Đã nộp đúng hạn", "late": "Nộp muộn",
                 "missing": "Chưa nộp – quá hạn", "returned": "Bị trả lại – chờ nộp lại"}
STATUS_COLOURS = {"pending": "secondary", "on_time": "success", "late": "warning", "missing": "danger",
                  "returned": "info"}
REVIEW_LABELS = {"pending": "Chờ tiếp nhận", "accepted": "Đã tiếp nhận", "returned": "Trả lại"}
REMINDER_KINDS = {"due_soon": "Sắp đến hạn", "due_today": "Đến hạn hôm nay", "overdue": "Quá hạn",
                  "escalation": "Báo cáo cấp theo dõi: quá hạn", "manual": "Đôn đốc"}


class ReportingDuty(db.Model):
    """A chế độ báo cáo set by a plan: who owes what, to whom, via whom, and when."""

    __tablename__ = "reporting_duty"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="periodic")
    schedule: Mapped[str] = mapped_column(String(20), default="once")
    cutoff: Mapped[str] = mapped_column(String(20), default="nd09")
    due_on: Mapped[date | None]
    due_day: Mapped[int] = mapped_column(default=18)
    due_month_offset: Mapped[int] = mapped_column(default=0)
    first_year: Mapped[int | None]
    last_year: Mapped[int | None]
    recipient_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    via_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    owners_mode: Mapped[str] = mapped_column(String(20), default="subordinates")
    remind_before_days: Mapped[int] = mapped_column(default=3)
    repeat_every_days: Mapped[int] = mapped_column(default=2)
    grace_days: Mapped[int] = mapped_column(default=5)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    document: Mapped[Document] = relationship(lazy="joined")
    recipient: Mapped[Unit] = relationship(foreign_keys=[recipient_id], lazy="joined")
    via: Mapped[Unit | None] = relationship(foreign_keys=[via_id], lazy="joined")
    owners: Mapped[list[DutyOwner]] = relationship(back_populates="duty", cascade="all, delete-orphan",
                                                   lazy="raise")

    @property
    def kind_label(self) -> str:
        return DUTY_KINDS.get(self.kind, self.kind)

    @property
    def schedule_label(self) -> str:
        return SCHEDULES.get(self.schedule, self.schedule)


class DutyOwner(db.Model):
    """A unit that owes the duty (resolved once from the tree, or chosen)."""

    __tablename__ = "duty_owner"

    id: Mapped[int] = mapped_column(primary_key=True)
    duty_id: Mapped[int] = mapped_column(ForeignKey("reporting_duty.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)

    duty: Mapped[ReportingDuty] = relationship(back_populates="owners")
    unit: Mapped[Unit] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("duty_id", "unit_id"),)


class ExpectedSubmission(db.Model):
    """One owing unit's report for one period; the submission facts are denormalised here so the
    dashboard computes every status in SQL."""

    __tablename__ = "expected_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    duty_id: Mapped[int] = mapped_column(ForeignKey("reporting_duty.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    period_key: Mapped[str] = mapped_column(String(20))
    period_label: Mapped[str] = mapped_column(String(60))
    start_on: Mapped[date]
    end_on: Mapped[date]
    due_on: Mapped[date] = mapped_column(index=True)
    # due_on moved past a weekend or holiday (BLDS 2015 art. 148(5)): what on time, overdue and reminders use.
    effective_due_on: Mapped[date | None]
    # The first version's date decides on time or late; later versions are corrections.
    first_submitted_on: Mapped[date | None]
    last_submitted_at: Mapped[datetime | None]
    review_state: Mapped[str | None] = mapped_column(String(20))
    versions: Mapped[int] = mapped_column(default=0)
    is_reopened: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    duty: Mapped[ReportingDuty] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("duty_id", "unit_id", "period_key"),
                      Index("ix_expected_submission_duty_period", "duty_id", "period_key"))

    def status(self, today: date) -> str:
        """pending / on_time / late / missing / returned (the same rule as queries.status_expr)."""
        if self.review_state == "returned":
            return "returned"
        due = self.limit_on
        if self.first_submitted_on is not None:
            return "on_time" if self.first_submitted_on <= due else "late"
        return "missing" if due < today else "pending"

    @property
    def limit_on(self) -> date:
        """The day the time limit really ends (the written due date, moved past a day off)."""
        return self.effective_due_on or effective_due(self.due_on)

    @property
    def days_late(self) -> int:
        if self.first_submitted_on is None:
            return 0
        return max(0, (self.first_submitted_on - self.limit_on).days)


@event.listens_for(ExpectedSubmission.due_on, "set")
def _expected_effective_due(target: ExpectedSubmission, value, _old, _initiator) -> None:
    target.effective_due_on = effective_due(value)


class SubmissionFile(db.Model):
    """A submitted document's content: its SHA-256 key in the file store (tracker/core/storage.py)."""

    __tablename__ = "submission_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))


class Submission(db.Model):
    """One version of a unit's submitted document; never changed after submission except its review."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    expected_id: Mapped[int] = mapped_column(ForeignKey("expected_submission.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(default=1)
    number_text: Mapped[str] = mapped_column(String(80))
    issued_on: Mapped[date]
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    file_id: Mapped[int] = mapped_column(ForeignKey("submission_file.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_on: Mapped[date]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # A plan-submission duty met by the plan itself: the plan saved in tracker (its .docx is the file).
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))

    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id], lazy="joined")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id], lazy="joined")

    __table_args__ = (UniqueConstraint("expected_id", "version"),)

    @property
    def state_label(self) -> str:
        return REVIEW_LABELS.get(self.state, self.state)


class PeriodLock(db.Model):
    """A period closed by the receiving body after due date + grace; late units need a reopening."""

    __tablename__ = "period_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    duty_id: Mapped[int] = mapped_column(ForeignKey("reporting_duty.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(20))
    locked_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("duty_id", "period_key"),)


class Reminder(db.Model):
    """One reminder event; its UNIQUE key is what makes racing schedulers send it exactly once."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    duty_id: Mapped[int] = mapped_column(ForeignKey("reporting_duty.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    period_key: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    repeat_no: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("duty_id", "unit_id", "period_key", "kind", "repeat_no",
                                       name="uq_reminder_key"),)


class Notification(db.Model):
    """An in-app message for one person (the bell); stale "due soon" ones are superseded by overdue."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("reminder.id", ondelete="CASCADE"))
    expected_id: Mapped[int | None] = mapped_column(ForeignKey("expected_submission.id", ondelete="CASCADE"),
                                                    index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    # "digest" (the daily mail), "now" (mailed at once, so the digest skips it) or "none" (in-app only).
    mail_mode: Mapped[str] = mapped_column(String(10), default="digest", server_default="digest")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime | None]
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_mail.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("reminder_id", "user_id"),
                      Index("ix_notification_user_unread", "user_id", "read_at"))

    @property
    def kind_label(self) -> str:
        from tracker.notifications.models import KINDS

        return REMINDER_KINDS.get(self.kind) or KINDS.get(self.kind, self.kind)


class OutboxMail(db.Model):
    """Mail to send (SMTP when configured) or kept here for an admin to read; one digest per person a day."""

    __tablename__ = "outbox_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class SweepRun(db.Model):
    """One run of a scheduled sweep, so /healthz can say when the scheduler last worked."""

    __tablename__ = "sweep_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    finished_at: Mapped[datetime] = mapped_column(default=utcnow)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    reminders: Mapped[int] = mapped_column(default=0)
