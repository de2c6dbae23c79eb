"""Compiled implementation reports: one row per version (draft, then final and immutable) and its saved drafts."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.timeutil import utcnow
from tracker.duties.models import ExpectedSubmission, Submission, SubmissionFile
from tracker.extensions import db
from tracker.units.models import Unit, User

STATE_LABELS = {"draft": "Dự thảo", "final": "Đã hoàn thành, đã gửi"}
PROFILE_LABELS = {"state": "Cơ quan nhà nước (Nghị định 30/2020/NĐ-CP)",
                  "party": "Cơ quan Đảng (Hướng dẫn 36-HD/VPTW)"}
# The parts of a report a person edits; the compiled facts (statistics, list of bodies) are a snapshot in `facts`.
CONTENT_FIELDS = ("issuer_upper", "issuer_name", "place", "title", "opening_md", "deployment_md", "results_md",
                  "assessment_md", "direction_md", "proposals_md", "signer_authority", "signer_position", "signer_name",
                  "recipients_md")
FIELD_LABELS = {"issuer_upper": "Cơ quan chủ quản", "issuer_name": "Cơ quan ban hành", "place": "Địa danh",
                "title": "Trích yếu", "opening_md": "Mở đầu", "deployment_md": "I. Tình hình triển khai",
                "results_md": "II. Kết quả thực hiện", "assessment_md": "III. Đánh giá chung",
                "direction_md": "IV. Phương hướng, nhiệm vụ", "proposals_md": "V. Đề xuất, kiến nghị",
                "signer_authority": "Thẩm quyền ký", "signer_position": "Chức vụ người ký",
                "signer_name": "Họ tên người ký", "recipients_md": "Nơi nhận"}
REQUIRED_SECTIONS = {"assessment_md": "Đánh giá chung (kết quả, hạn chế và nguyên nhân)",
                     "direction_md": "Phương hướng, nhiệm vụ thời gian tới",
                     "proposals_md": "Đề xuất, kiến nghị"}


class Report(db.Model):
    """A báo cáo kết quả thực hiện for one owing unit, duty and period. A correction is a new row (version n+1)
    pointing at the one it corrects; a final row is never changed."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    expected_id: Mapped[int] = mapped_column(ForeignKey("expected_submission.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    version_no: Mapped[int] = mapped_column(default=1)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    # "main", or "supplement": a báo cáo bổ sung sent after the main report of the period was accepted.
    kind: Mapped[str] = mapped_column(String(20), default="main", server_default="main")
    supplements_id: Mapped[int | None] = mapped_column(ForeignKey("report.id", name="fk_report_supplements_id_report"))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    profile: Mapped[str] = mapped_column(String(10), default="state")
    template_name: Mapped[str] = mapped_column(String(60))
    issuer_upper: Mapped[str] = mapped_column(String(200), default="")  # the line above the issuer in the header
    issuer_name: Mapped[str] = mapped_column(String(200))
    symbol: Mapped[str] = mapped_column(String(60))  # "BC-UBND" (state) or "BC/ĐU" (party)
    number_text: Mapped[str | None] = mapped_column(String(80))
    issued_on: Mapped[date | None]
    place: Mapped[str] = mapped_column(String(120), default="")
    title: Mapped[str] = mapped_column(Text)
    opening_md: Mapped[str] = mapped_column(Text, default="")
    deployment_md: Mapped[str] = mapped_column(Text, default="")
    results_md: Mapped[str] = mapped_column(Text, default="")
    assessment_md: Mapped[str] = mapped_column(Text, default="")
    direction_md: Mapped[str] = mapped_column(Text, default="")
    proposals_md: Mapped[str] = mapped_column(Text, default="")
    signer_authority: Mapped[str] = mapped_column(String(120), default="")
    signer_position: Mapped[str] = mapped_column(String(120), default="")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    recipients_md: Mapped[str] = mapped_column(Text, default="")
    # Figures compiled from tracker (statistics table, bodies, period): shown as tables, not retyped.
    facts: Mapped[dict] = mapped_column(JSON)
    compiled_on: Mapped[date]
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finalised_at: Mapped[datetime | None]
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    lock_version: Mapped[int] = mapped_column(default=1)

    expected: Mapped[ExpectedSubmission] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id], lazy="joined")
    finalised_by: Mapped[User | None] = relationship(foreign_keys=[finalised_by_id], lazy="joined")
    submission: Mapped[Submission | None] = relationship(lazy="select")

    __table_args__ = (UniqueConstraint("expected_id", "version_no"),)
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_final(self) -> bool:
        return self.state == "final"

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def is_supplement(self) -> bool:
        return self.kind == "supplement"

    @property
    def doc_kind(self) -> str:
        return "BÁO CÁO BỔ SUNG" if self.is_supplement else "BÁO CÁO"

    @property
    def number_line(self) -> str:
        """"Số: 45/BC-UBND" (state), "Số 45-BC/ĐU" (party); the number is blank until finalised."""
        number = (self.number_text or "").split("/")[0].split("-")[0] if self.number_text else ""
        if self.profile == "party":
            return f"Số {number or '     '}-{self.symbol}"
        return f"Số: {number or '     '}/{self.symbol}"

    def content(self) -> dict:
        return {name: getattr(self, name) for name in CONTENT_FIELDS}


class ReportRevision(db.Model):
    """A saved draft (explicit save, autosave or recompile): drafts are versioned, nothing typed is lost."""

    __tablename__ = "report_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20), default="save")  # compile, save, autosave, final
    content: Mapped[dict] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    saved_by: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("report_id", "number"),)

    KIND_LABELS = {"compile": "Tổng hợp số liệu", "save": "Lưu dự thảo", "autosave": "Tự động lưu",
                   "final": "Hoàn thành", "restore": "Khôi phục"}

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS.get(self.kind, self.kind)


class SignedCopy(db.Model):
    """The signed PDF (digital signature, or the stamped scan) of a finalised report or an issued plan: the official
    copy once uploaded. Never replaced: a later upload is a new row and the newest is the one shown first."""

    __tablename__ = "signed_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    file_id: Mapped[int] = mapped_column(ForeignKey("submission_file.id"))
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")  # what the number check found ("bản quét", a mismatch)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    uploaded_by: Mapped[User | None] = relationship(lazy="joined")
    file: Mapped[SubmissionFile] = relationship(lazy="raise")

    __table_args__ = (Index("ix_signed_copy_report_id", "report_id"), Index("ix_signed_copy_document_id", "document_id"))
