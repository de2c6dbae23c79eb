"""Documents, the implements-DAG between them, and plans decomposed into sections, tasks and assignments."""
from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint, event, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.timeutil import utcnow
from tracker.core.workdays import effective_due
from tracker.extensions import db
from tracker.units.models import Unit

DOC_TYPES = {
    "KL": "Kết luận", "CT": "Chỉ thị", "NQ": "Nghị quyết", "QĐi": "Quy định", "QĐ": "Quyết định",
    "KH": "Kế hoạch", "HD": "Hướng dẫn", "CV": "Công văn", "BC": "Báo cáo", "TB": "Thông báo",
    "ĐA": "Đề án", "CTr": "Chương trình", "NĐ": "Nghị định", "TT": "Thông tư", "K": "Khác",
}
RELATION_LABELS = {"implements": "Thực hiện", "cites": "Căn cứ/xét đề nghị", "mentions": "Nhắc đến",
                   "amends": "Sửa đổi, bổ sung"}
ROLE_LABELS = {"lead": "Chủ trì", "coordinate": "Phối hợp", "request": "Đề nghị"}
REVOKE_LABELS = {"withdrawn": "Thu hồi", "cancelled": "Bãi bỏ"}


class Document(db.Model):
    """A văn bản: a full document with text, or a bare reference (number, date, issuer, title)."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(10), index=True)
    # The number as written, canonicalised by core.docnumber: "463-KH/TU", "160/KH-UBND", "/KH-UBND".
    number_text: Mapped[str | None] = mapped_column(String(80))
    number: Mapped[str | None] = mapped_column(String(12))
    symbol: Mapped[str] = mapped_column(String(60), default="")
    number_key: Mapped[str | None] = mapped_column(String(80), index=True)
    issued_on: Mapped[date | None] = mapped_column(index=True)
    issued_year: Mapped[int | None] = mapped_column(index=True)
    place: Mapped[str | None] = mapped_column(String(120))
    issuer_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # The issuer's name as it was on the issue date: units are renamed, merged and dissolved.
    issuer_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(Text)
    signer_authority: Mapped[str | None] = mapped_column(String(120))
    signer_position: Mapped[str | None] = mapped_column(String(120))
    signer_name: Mapped[str | None] = mapped_column(String(120))
    # The full text (an imported plan's is 10–60 KB) is read only where one document is shown, exported or
    # indexed: a list of tasks or plans loads their documents, and carried every plan's text with them.
    body_md: Mapped[str | None] = mapped_column(Text, deferred=True)
    recipients: Mapped[list | None] = mapped_column(JSON)
    is_reference: Mapped[bool] = mapped_column(Boolean, default=True)
    # Readable by every user (upper directives are published); otherwise only by the bodies it concerns
    # (see permissions.can_view_document).
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Thu hồi / bãi bỏ: the plan stops from this date; its tasks are withdrawn, its duties stop.
    revoked_on: Mapped[date | None]
    revoked_kind: Mapped[str | None] = mapped_column(String(20))
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    issuer: Mapped[Unit | None] = relationship(lazy="joined")

    @property
    def type_label(self) -> str:
        return DOC_TYPES.get(self.doc_type, self.doc_type)

    @property
    def revoked_label(self) -> str:
        return REVOKE_LABELS.get(self.revoked_kind or "", "")

    @property
    def number_display(self) -> str:
        """"463-KH/TU", "160/KH-UBND", or "/KH-UBND (chưa có số)"."""
        if not self.number_text:
            return "(không số)"
        return self.number_text if self.number else f"{self.number_text} (chưa có số)"

    @property
    def date_display(self) -> str:
        if self.issued_on:
            return self.issued_on.strftime("%d/%m/%Y")
        return f"ngày … năm {self.issued_year}" if self.issued_year else "(chưa có ngày)"

    @property
    def short_name(self) -> str:
        """The one way the UI names a document, without its issuer: "Kế hoạch 160/KH-UBND ngày 13/5/2026",
        a draft "Kế hoạch (chưa có số) tháng 5/2026", a reference with only a year "Chỉ thị 05/CT-TTg năm 2024"."""
        number = self.number_text if self.number and self.number_text else "(chưa có số)"
        day = self.issued_on
        if day and self.number:
            when = f" ngày {day.day}/{day.month}/{day.year}"
        elif day:
            when = f" tháng {day.month}/{day.year}"
        else:
            when = f" năm {self.issued_year}" if self.issued_year else ""
        return f"{self.type_label} {number}{when}"

    @property
    def name(self) -> str:
        """short_name and its issuer: "Kế hoạch 160/KH-UBND ngày 13/5/2026 của UBND tỉnh Ninh Bình"."""
        issuer = (self.issuer_name or "").strip()
        return f"{self.short_name} của {issuer}" if issuer else self.short_name

    @property
    def file_stem(self) -> str:
        """name as a file name: no slashes or characters Windows refuses."""
        return re.sub(r'[\\/:*?"<>|]+', "-", self.name).strip(" .-")[:150]

    @property
    def label(self) -> str:
        """"Kế hoạch số 463-KH/TU ngày 07/03/2025"."""
        number = f" số {self.number_text}" if self.number else " (chưa có số)"
        if self.issued_on:
            return f"{self.type_label}{number} ngày {self.issued_on:%d/%m/%Y}"
        return f"{self.type_label}{number}, năm {self.issued_year}" if self.issued_year else f"{self.type_label}{number}"


class DocumentRecipient(db.Model):
    """A unit named in the document's Nơi nhận (the names stay in Document.recipients; this is the match)."""

    __tablename__ = "document_recipient"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (UniqueConstraint("document_id", "unit_id"),)


class DocumentLink(db.Model):
    """child → parent: the child document implements (or cites, or mentions) the parent. A DAG."""

    __tablename__ = "document_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(20), default="implements")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    child: Mapped[Document] = relationship(foreign_keys=[child_id])
    parent: Mapped[Document] = relationship(foreign_keys=[parent_id])

    __table_args__ = (UniqueConstraint("child_id", "parent_id", "relation"),)

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS.get(self.relation, self.relation)


class Section(db.Model):
    """A heading of a plan (I, II, 1, 2 ...): tasks hang under sections."""

    __tablename__ = "section"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)


class Task(db.Model):
    """A nhiệm vụ of a plan; `implements_task_id` links it to the upper plan's task it carries out."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="SET NULL"))
    implements_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"),
                                                           index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(20), default="unit")  # "unit" or "general"
    deadline_kind: Mapped[str | None] = mapped_column(String(20))
    due_on: Mapped[date | None] = mapped_column(index=True)
    # due_on moved past a weekend or holiday (BLDS 2015 art. 148(5)); kept in step by the listener below.
    effective_due_on: Mapped[date | None]
    deadline_spec: Mapped[dict | None] = mapped_column(JSON)
    deadline_phrase: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="not_started", index=True)
    progress: Mapped[int] = mapped_column(default=0)
    claimed_on: Mapped[date | None]
    # Who said "done": segregation of duties keeps that user from confirming their own claim.
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    confirmed_on: Mapped[date | None]
    source_lines: Mapped[list | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Every change of the row (status, progress, text, deadline, withdrawal): what an API partner syncs on.
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    # Thu hồi: from this date the task leaves every list and count; its history stays readable.
    withdrawn_on: Mapped[date | None] = mapped_column(index=True)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(lazy="raise")
    assignments: Mapped[list[Assignment]] = relationship(back_populates="task", cascade="all, delete-orphan",
                                                         lazy="raise")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def ordered_assignments(self) -> list[Assignment]:
        """Lead first, then coordinating, then requested units."""
        rank = list(ROLE_LABELS)
        return sorted(self.assignments, key=lambda a: (rank.index(a.role) if a.role in rank else 9, a.id))


class TaskUpper(db.Model):
    """One work, two tracks: a further upper task this task also carries out (thực hiện đồng thời), beside
    `Task.implements_task_id`; its progress counts in that upper task's roll-up too."""

    __tablename__ = "task_upper"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    upper_task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)

    __table_args__ = (UniqueConstraint("task_id", "upper_task_id"),)


def implementing(upper_ids):
    """SQL condition on Task: it carries out one of `upper_ids` (its main upper task, or a further one)."""
    return or_(Task.implements_task_id.in_(upper_ids),
               Task.id.in_(select(TaskUpper.task_id).where(TaskUpper.upper_task_id.in_(upper_ids))))


def task_live_on(on: date):
    """SQL condition on Task: not withdrawn on `on` (a task withdrawn later still counted for earlier dates)."""
    return or_(Task.withdrawn_on.is_(None), Task.withdrawn_on > on)


@event.listens_for(Task.due_on, "set")
def _task_effective_due(target: Task, value, _old, _initiator) -> None:
    target.effective_due_on = effective_due(value)


class Assignment(db.Model):
    """A unit's role on a task: lead (chủ trì), coordinate (phối hợp) or request (đề nghị)."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    role: Mapped[str] = mapped_column(String(20), default="lead")
    # Cán bộ phụ trách: the officer of the unit in charge of its part of the task ("Việc của tôi").
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # Given as a member of a group ("UBND các xã, phường"): the task's pages show the group as one line.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("group_assignment.id", ondelete="SET NULL"), index=True)

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship(lazy="joined")

    # (role, task_id): "is there a lead / a requested unit" over thousands of derived tasks reads this index only;
    # (unit_id, task_id): "the tasks of these units" (a province's visibility test) too.
    __table_args__ = (UniqueConstraint("task_id", "unit_id", "role"),
                      Index("ix_assignment_unit_task", "unit_id", "task_id"),
                      Index("ix_assignment_unit_role", "unit_id", "role"),
                      Index("ix_assignment_role_task", "role", "task_id"))

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


class GroupAssignment(db.Model):
    """A task given to a group: every unit of one kind and level within an area ("UBND các xã, phường" of a
    province). Each member holds its own Assignment (group_id points here); this row says how the group was
    chosen, by whom and when, so units created later in the area can be added to it."""

    __tablename__ = "group_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    kind: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20), default="lead")
    label: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    area: Mapped[Unit] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("task_id", "area_id", "kind", "level"),)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


class PendingAssignment(db.Model):
    """A role on a task waiting for a unit an admin has not created yet (see units.models.UnitProposal)."""

    __tablename__ = "pending_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("unit_proposal.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="lead")

    __table_args__ = (UniqueConstraint("proposal_id", "task_id", "role"),)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)
