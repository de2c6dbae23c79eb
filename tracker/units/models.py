"""The organisation tree: units, their closure table, name history, aliases, and users.

Subtrees use a **closure table** (`unit_closure`: one row per ancestor/descendant pair, depth 0
for the unit itself). "Everything below a province" is then one indexed equality join,
`WHERE ancestor_id = :province`, that costs the same on SQLite and PostgreSQL and whose plan does
not depend on the tree's depth; with ~100,000 units in a tree 5-6 levels deep the table holds
~500,000 narrow rows. A recursive CTE would walk the tree on every read (reads dominate: every task
list, dashboard and permission check is scoped by subtree), and a materialised path needs LIKE
prefix scans whose index use differs between the two engines. Moves, which are rare admin actions,
rewrite the closure rows of the moved subtree in two set-based statements.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.core.timeutil import utcnow
from tracker.core.vntext import expand_abbreviations, fold, name_key
from tracker.extensions import db

KIND_LABELS = {
    "locality": "Địa bàn",
    "party_committee": "Cấp ủy Đảng",
    "party_board": "Cơ quan tham mưu của cấp ủy",
    "people_council": "Hội đồng nhân dân",
    "people_committee": "Ủy ban nhân dân",
    "agency": "Cơ quan chuyên môn",
    "inspectorate": "Thanh tra",
    "police": "Công an",
    "court": "Tòa án",
    "procuracy": "Viện Kiểm sát",
    "front": "Mặt trận Tổ quốc",
    "mass_org": "Tổ chức chính trị - xã hội",
    "service_center": "Đơn vị sự nghiệp",
    "central_body": "Cơ quan Trung ương",
    "other": "Khác",
}
LEVEL_LABELS = {"central": "Trung ương", "province": "Tỉnh/Thành phố", "district": "Huyện",
                "commune": "Xã/Phường"}
ROLE_LABELS = {
    "admin": "Quản trị hệ thống",
    "monitor": "Theo dõi, giám sát (Ban Nội chính)",
    "secretariat": "Văn phòng tổng hợp",
    "member": "Cán bộ đơn vị",
    "viewer": "Chỉ xem",
}
# Mass organisations and the Front are "requested", never "assigned" (see DOMAIN.md).
REQUEST_KINDS = {"front", "mass_org"}


class Unit(db.Model):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(30), default="other")
    level: Mapped[str] = mapped_column(String(20), default="province")
    name_key: Mapped[str] = mapped_column(String(220), index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(240), default="", index=True)
    effective_from: Mapped[date | None]
    effective_to: Mapped[date | None]
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[parent_id],
                                               lazy="joined", innerjoin=False, join_depth=1)
    successor: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[successor_id])
    aliases: Mapped[list[UnitAlias]] = relationship(back_populates="unit", cascade="all, delete-orphan",
                                                    order_by="UnitAlias.name", lazy="select")

    __table_args__ = (UniqueConstraint("parent_id", "name_key"),)

    @property
    def is_active(self) -> bool:
        return self.effective_to is None

    def active_on(self, day: date) -> bool:
        """Whether the unit existed on `day`."""
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    def refresh_keys(self) -> None:
        """Recompute the matching and search keys after a name or alias change."""
        self.name_key = name_key(self.name)
        names = [self.name, self.short_name or ""] + [a.name for a in self.aliases]
        folded = {fold(n) for n in names if n} | {fold(expand_abbreviations(n)) for n in names if n}
        self.search_text = " | ".join(sorted(folded))
        self.sort_name = fold(self.name)[:240]

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name}>"


class UnitClosure(db.Model):
    """Ancestor/descendant pairs of the unit tree (depth 0 = the unit itself)."""

    __tablename__ = "unit_closure"

    ancestor_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True)
    descendant_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True)
    depth: Mapped[int]

    __table_args__ = (Index("ix_unit_closure_descendant", "descendant_id", "depth"),)


class UnitAlias(db.Model):
    """Another name a text may use for a unit ("UB MTTQ tỉnh", "Thanh tra thành phố")."""

    __tablename__ = "unit_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(220), index=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")

    __table_args__ = (UniqueConstraint("unit_id", "name_key"),)


class UnitName(db.Model):
    """A name the unit carried over a period, so old documents show the name they were issued under."""

    __tablename__ = "unit_name"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="member")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on logout and password change: every outstanding session cookie stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship(lazy="joined")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


REORGANISATION_STATES = {"draft": "Dự thảo", "applied": "Đã áp dụng"}
USER_ACTIONS = {"move": "Chuyển sang đơn vị kế thừa", "disable": "Khóa tài khoản"}


class Reorganisation(db.Model):
    """A dated change of the organisation (a merger of provinces, a split): old units mapped to successors,
    previewed, then applied in one transaction on or after `effective_on`."""

    __tablename__ = "reorganisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    effective_on: Mapped[date] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    applied_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    items: Mapped[list[ReorganisationItem]] = relationship(back_populates="reorganisation",
                                                           cascade="all, delete-orphan", lazy="selectin",
                                                           order_by="ReorganisationItem.id")


class ReorganisationItem(db.Model):
    """One old unit: its default successor (which takes everything not reassigned) and what becomes of its
    users. A split adds ReorganisationOverride rows sending single tasks or duties to another successor."""

    __tablename__ = "reorganisation_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    reorganisation_id: Mapped[int] = mapped_column(ForeignKey("reorganisation.id", ondelete="CASCADE"), index=True)
    old_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    successor_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    users_action: Mapped[str] = mapped_column(String(20), default="move")

    reorganisation: Mapped[Reorganisation] = relationship(back_populates="items")
    old_unit: Mapped[Unit] = relationship(foreign_keys=[old_unit_id], lazy="joined")
    successor: Mapped[Unit] = relationship(foreign_keys=[successor_id], lazy="joined")

    __table_args__ = (UniqueConstraint("reorganisation_id", "old_unit_id"),)


class ReorganisationOverride(db.Model):
    """In a split: one task or reporting duty of an old unit goes to a successor other than the default."""

    __tablename__ = "reorganisation_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("reorganisation_item.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "task" or "duty"
    object_id: Mapped[int]
    successor_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))

    __table_args__ = (UniqueConstraint("item_id", "kind", "object_id"),)
PROPOSAL_STATUS_LABELS = {"pending": "Chờ duyệt", "created": "Đã tạo đơn vị", "mapped": "Đã gắn với đơn vị có sẵn",
                          "rejected": "Không tạo"}


class UnitProposal(db.Model):
    """"Đề xuất tạo đơn vị": a unit an editor's plan names that the tree lacks; only an admin creates units, so the
    name waits here (with what was to be assigned to it) until an admin creates it, maps it to an existing
    unit, or declines."""

    __tablename__ = "unit_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="other")
    context: Mapped[str] = mapped_column(Text, default="")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))

    parent: Mapped[Unit] = relationship(foreign_keys=[parent_id])
    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id])
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])

    @property
    def status_label(self) -> str:
        return PROPOSAL_STATUS_LABELS.get(self.status, self.status)
