"""The search index: one row per searchable thing, its text folded (no accents, no punctuation) for matching.

PostgreSQL matches with a GIN index on the stored `tsv` column (to_tsvector('simple', folded), migration 0020);
SQLite with an FTS5 table kept in step by triggers (migration 0016). Both are raw DDL that the models do not
describe; see tracker.extensions.described_by_models.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.timeutil import utcnow
from tracker.extensions import db

KIND_LABELS = {"document": "Văn bản", "task": "Nhiệm vụ", "update": "Cập nhật tiến độ", "report": "Báo cáo",
               "unit": "Đơn vị"}


class SearchEntry(db.Model):
    __tablename__ = "search_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    ref_id: Mapped[int]
    parent_id: Mapped[int | None]  # an update's task: where its result links to
    title: Mapped[str] = mapped_column(Text, default="")  # what a result shows as its heading
    body: Mapped[str] = mapped_column(Text, default="")  # the text snippets are cut from (as written)
    folded: Mapped[str] = mapped_column(Text, default="")  # title and body folded: what is matched
    year: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("kind", "ref_id"), Index("ix_search_entry_kind_year", "kind", "year"))
