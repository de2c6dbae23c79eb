"""API clients: a partner system bound to a unit subtree and scopes, known by a token stored only as its SHA-256."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.units.models import Unit, User

# What a client may do beyond reading; `read` is needed for everything.
SCOPES = {
    "read": "Đọc dữ liệu",
    "write:updates": "Gửi cập nhật tiến độ, báo hoàn thành",
    "write:submissions": "Nộp báo cáo theo kỳ",
    "write:plans": "Nhập kế hoạch (bản nháp chờ duyệt)",
}


class ApiClient(db.Model):
    """One partner system. It acts as its own principal `user` (a user of `unit_id`, never able to log in
    on the pages), so every call is checked by the same permission predicates as the pages, narrowed by
    `scopes`. Usable while `revoked_at` is empty; rotating replaces `token_hash` at once."""

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    scopes: Mapped[str] = mapped_column(String(200), default="read")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, shown in the admin list so a leaked token can be recognised.
    token_prefix: Mapped[str] = mapped_column(String(16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rotated_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship(lazy="joined")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiIdempotency(db.Model):
    """A POST made with an Idempotency-Key: the first answer is kept, a replay of the same request gets it again,
    the same key with another body is refused (422). Keys are per client."""

    __tablename__ = "api_idempotency"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (UniqueConstraint("client_id", "key"),)
