"""Outgoing webhooks' tables: subscriptions per API client, the event outbox, one delivery per subscription and
its attempt log."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.api.models import ApiClient
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.units.models import User

# The event kinds a subscription may ask for, as named in the X-Tracker-Event header.
EVENT_KINDS = {
    "task.updated": "Cập nhật tiến độ nhiệm vụ",
    "task.claimed": "Đơn vị báo hoàn thành (chờ xác nhận)",
    "task.confirmed": "Xác nhận hoàn thành nhiệm vụ",
    "submission.received": "Nhận được báo cáo theo kỳ",
    "report.finalised": "Báo cáo kết quả đã hoàn thành và gửi",
}
DELIVERY_STATES = {"pending": "Chờ gửi", "delivered": "Đã gửi", "failed": "Thất bại"}


class WebhookSubscription(db.Model):
    """A URL of an API client that receives the chosen event kinds, signed with `secret`.

    The secret is kept as it was generated, not hashed: unlike a token we only compare, the app itself must sign
    every delivery with it (HMAC needs the key), so a hash would be useless. It is shown to the admin once, at
    creation or rotation, and never displayed again."""

    __tablename__ = "webhook_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    kinds: Mapped[str] = mapped_column(String(200))  # space-separated keys of EVENT_KINDS
    secret: Mapped[str] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    secret_rotated_at: Mapped[datetime | None]

    client: Mapped[ApiClient] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def kind_set(self) -> frozenset[str]:
        return frozenset(self.kinds.split())

    @property
    def kind_labels(self) -> list[str]:
        return [label for kind, label in EVENT_KINDS.items() if kind in self.kind_set]


class WebhookEvent(db.Model):
    """One domain event told to partners: its id is what the receiver deduplicates on, the same on every retry."""

    __tablename__ = "webhook_event"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a UUID4
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)


class WebhookDelivery(db.Model):
    """The event for one subscription: pending until the receiver answers 2xx (delivered) or the attempts run
    out (failed). A sender claims it by setting `claimed_until` and a fresh `claim_token` in a short transaction;
    nobody else takes it before the claim runs out, so two schedulers never send it at the same time."""

    __tablename__ = "webhook_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("webhook_event.id", ondelete="CASCADE"))
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscription.id", ondelete="CASCADE"),
                                                 index=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)  # every attempt ever, numbering the log
    failures: Mapped[int] = mapped_column(default=0)  # failed attempts since the last success or resend: the back-off
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(36))
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[WebhookEvent] = relationship(lazy="joined")
    subscription: Mapped[WebhookSubscription] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("event_id", "subscription_id"),
                      Index("ix_webhook_delivery_due", "state", "next_attempt_at"))

    @property
    def state_label(self) -> str:
        return DELIVERY_STATES.get(self.state, self.state)


class WebhookAttempt(db.Model):
    """One POST of a delivery: when, how long, the receiver's status code or the network error."""

    __tablename__ = "webhook_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id", ondelete="CASCADE"))
    attempt_no: Mapped[int]
    started_at: Mapped[datetime]
    duration_ms: Mapped[int] = mapped_column(default=0)
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    is_success: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("delivery_id", "attempt_no"),)
