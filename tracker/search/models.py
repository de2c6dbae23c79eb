"""The search index: one row per searchable thing, its text folded (no accents, no punctuation) for matching.

PostgreSQL matches with a GIN index on the `tsv` column (migration 0020), written from the folded text as an entry
is written (search.indexer; the folded text itself is not kept there, migration 0023); SQLite with an FTS5 table
over `folded`, kept in step by triggers (migration 0016). Both are raw DDL that the models do not describe; see
tracker.extensions.described_by_models.
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
    # A document's or report's heading and text (snippets are cut from it, as written); empty for a task, an
    # update or a unit, whose hit reads its own row (search.queries.hit_text).
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    folded: Mapped[str] = mapped_column(Text, default="")  # what is matched, folded (empty on PostgreSQL: tsv)
    year: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("kind", "ref_id"), Index("ix_search_entry_kind_year", "kind", "year"))
