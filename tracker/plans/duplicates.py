"""Saving an imported document that may already be in tracker: a bare reference is filled with the full text
(keeping its links); a document already held in full, by number and issuer or by its text, is refused with a way
to open it."""
from __future__ import annotations

from sqlalchemy import func, select

from tracker.core.audit import record
from tracker.extensions import db
from tracker.plans import services
from tracker.plans.models import Document, DocumentLink
from tracker.plans.services import DuplicateDocument


def _same_text(body_md: str | None) -> Document | None:
    """A document holding exactly this text (line endings and outer blanks aside)."""
    text = (body_md or "").replace("\r\n", "\n")
    if not text.strip():
        return None
    return db.session.scalars(select(Document).where(Document.body_md.in_(list({text, text.strip()})))
                              .order_by(Document.id).limit(1)).first()


def create_or_fill_document(*, actor, **fields) -> Document:
    """Create the document, or fill the bare reference with the same number, year and issuer. Raises
    DuplicateDocument when the document (by number and issuer, or by its full text) is already held in full."""
    same = _same_text(fields.get("body_md"))
    if same is not None:
        raise DuplicateDocument(f"Toàn văn này đã có trong hệ thống: {same.label} của {same.issuer_name}.", same)
    try:
        return services.create_document(actor=actor, **fields)
    except DuplicateDocument as duplicate:
        existing = duplicate.existing
        if not existing.is_reference or not (fields.get("body_md") or "").strip():
            raise
    links = db.session.scalar(select(func.count(DocumentLink.id)).where(
        (DocumentLink.child_id == existing.id) | (DocumentLink.parent_id == existing.id))) or 0
    services.update_document(actor=actor, document=existing, **fields)
    record(actor, "update", "document", existing.id, f"Bổ sung toàn văn cho văn bản tham chiếu {existing.label}",
           {"filled_reference": True, "links_kept": links})
    return existing
