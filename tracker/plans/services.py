"""Writes to documents: register (full text or bare reference), edit, link into the implements-DAG."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.core.audit import changed, record, snapshot
from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core.exceptions import DomainError
from tracker.core.vntext import fold, nfc
from tracker.extensions import db
from tracker.plans.models import DOC_TYPES, RELATION_LABELS, Assignment, Document, DocumentLink, PendingAssignment, Task
from tracker.plans.queries import ancestor_ids
from tracker.units.models import Unit
from tracker.units.proposals import proposal_decided
from tracker.units.queries import name_on
from tracker.units.services import unit_retired

TITLE_MAX = 2000
BODY_MAX = 500_000
_FIELDS = ["doc_type", "number_text", "issued_on", "issued_year", "issuer_id", "issuer_name", "title",
           "place", "signer_authority", "signer_position", "signer_name", "is_reference"]


def _apply_number(document: Document, number_text: str | None) -> None:
    if not (number_text or "").strip():
        document.number_text = document.number = document.number_key = None
        document.symbol = ""
        return
    try:
        parsed = parse_doc_number(number_text)
    except DocNumberError as error:
        raise DomainError(str(error)) from error
    document.number_text = str(parsed)
    document.number = parsed.number
    document.symbol = parsed.symbol
    document.number_key = parsed.key


def _limit(value: str | None, label: str, maximum: int) -> str | None:
    value = nfc(value or "") or None
    if value and len(value) > maximum:
        raise DomainError(f"{label} quá dài (tối đa {maximum} ký tự).")
    return value


def _fill(document: Document, *, doc_type: str, number_text: str | None, issued_on: date | None,
          issued_year: int | None, issuer: Unit | None, issuer_name: str | None, title: str,
          body_md: str | None, place: str | None, signer_authority: str | None, signer_position: str | None,
          signer_name: str | None) -> None:
    if doc_type not in DOC_TYPES:
        raise DomainError("Loại văn bản không hợp lệ.")
    title = _limit(title, "Trích yếu", TITLE_MAX)
    if not title:
        raise DomainError("Trích yếu (tiêu đề) văn bản không được để trống.")
    if issued_year is not None and not 1945 <= issued_year <= 2100:
        raise DomainError("Năm ban hành không hợp lệ.")
    if issued_on and issued_year and issued_on.year != issued_year:
        raise DomainError("Ngày ban hành và năm ban hành không khớp nhau.")
    if body_md and len(body_md) > BODY_MAX:
        raise DomainError(f"Nội dung văn bản quá dài (tối đa {BODY_MAX:,} ký tự).".replace(",", "."))
    _apply_number(document, number_text)
    document.doc_type = doc_type
    document.issued_on = issued_on
    document.issued_year = issued_on.year if issued_on else issued_year
    document.issuer_id = issuer.id if issuer else None
    document.issuer_name = (_limit(issuer_name, "Tên cơ quan ban hành", 200)
                            or (name_on(issuer, issued_on) if issuer else ""))
    if not document.issuer_name:
        raise DomainError("Hãy chọn cơ quan ban hành hoặc nhập tên cơ quan ban hành.")
    document.title = title
    document.body_md = body_md.replace("\r\n", "\n") if body_md and body_md.strip() else None
    document.is_reference = document.body_md is None
    document.place = _limit(place, "Địa danh", 120)
    document.signer_authority = _limit(signer_authority, "Thẩm quyền ký", 120)
    document.signer_position = _limit(signer_position, "Chức vụ người ký", 120)
    document.signer_name = _limit(signer_name, "Người ký", 120)
    document.search_text = fold(" ".join(filter(None, [document.number_text, document.title,
                                                       document.issuer_name, document.type_label])))


def _check_duplicate(document: Document) -> None:
    if not document.number:
        return
    stmt = select(Document).where(Document.number_key == document.number_key,
                                  Document.issued_year == document.issued_year)
    stmt = stmt.where(Document.issuer_id == document.issuer_id if document.issuer_id
                      else Document.issuer_name == document.issuer_name)
    if document.id:
        stmt = stmt.where(Document.id != document.id)
    if db.session.scalars(stmt.limit(1)).first():
        raise DomainError(f"Văn bản số {document.number_text} năm {document.issued_year or '?'} của "
                          f"{document.issuer_name} đã có trong hệ thống.")


def create_document(*, actor, **fields) -> Document:
    """Register a document; without text it is a bare reference (number, date, issuer, title)."""
    document = Document()
    with db.session.no_autoflush:
        _fill(document, **fields)
        _check_duplicate(document)
    document.created_by_id = getattr(actor, "id", None)
    db.session.add(document)
    db.session.flush()
    record(actor, "create", "document", document.id, f"Tạo văn bản {document.label}",
           snapshot(document, _FIELDS))
    return document


def update_document(*, actor, document: Document, **fields) -> Document:
    """Edit a document's metadata or text; the change is audited."""
    before = snapshot(document, _FIELDS)
    with db.session.no_autoflush:
        _fill(document, **fields)
        _check_duplicate(document)
    db.session.flush()
    diff = changed(before, document)
    if diff:
        record(actor, "update", "document", document.id, f"Cập nhật văn bản {document.label}", diff)
    return document


def link_documents(*, actor, child: Document, parent: Document, relation: str = "implements") -> DocumentLink:
    """Record that `child` implements (cites, mentions) `parent`; a cycle of implements is refused."""
    if relation not in RELATION_LABELS:
        raise DomainError("Loại liên kết không hợp lệ.")
    if child.id == parent.id:
        raise DomainError("Một văn bản không thể thực hiện chính nó.")
    exists = db.session.scalar(select(DocumentLink.id).where(
        DocumentLink.child_id == child.id, DocumentLink.parent_id == parent.id, DocumentLink.relation == relation))
    if exists:
        raise DomainError("Liên kết này đã có.")
    if relation == "implements" and child.id in ancestor_ids(parent.id):
        raise DomainError(f"Không thể liên kết: {parent.label} đã (trực tiếp hoặc gián tiếp) thực hiện "
                          f"{child.label}, liên kết này sẽ tạo thành vòng lặp.")
    link = DocumentLink(child_id=child.id, parent_id=parent.id, relation=relation)
    db.session.add(link)
    db.session.flush()
    record(actor, "link", "document", child.id, f"{child.label} — {RELATION_LABELS[relation].lower()} — "
           f"{parent.label}", {"parent_id": parent.id, "relation": relation})
    return link


def unlink_documents(*, actor, link: DocumentLink) -> None:
    record(actor, "unlink", "document", link.child_id, "Bỏ liên kết văn bản",
           {"parent_id": link.parent_id, "relation": link.relation})
    db.session.delete(link)
    db.session.flush()


@unit_retired.connect
def hand_over_open_tasks(unit: Unit, *, successor: Unit | None, actor) -> int:
    """A dissolved unit's assignments on tasks not yet confirmed done move to its successor."""
    if successor is None:
        return 0
    rows = list(db.session.scalars(select(Assignment).join(Task, Task.id == Assignment.task_id).where(
        Assignment.unit_id == unit.id, Task.confirmed_on.is_(None))))
    held = set(db.session.execute(select(Assignment.task_id, Assignment.role).where(
        Assignment.unit_id == successor.id, Assignment.task_id.in_([a.task_id for a in rows]))).all()) if rows else set()
    for assignment in rows:
        if (assignment.task_id, assignment.role) in held:
            db.session.delete(assignment)
        else:
            assignment.unit_id = successor.id
    db.session.flush()
    if rows:
        record(actor, "update", "unit", unit.id, f"Chuyển {len(rows)} nhiệm vụ đang mở của “{unit.name}” sang "
               f"“{successor.name}”", {"tasks": sorted({a.task_id for a in rows})})
    return len(rows)


@proposal_decided.connect
def assign_proposed_unit(proposal, *, actor) -> int:
    """The unit an admin created (or mapped) for a proposal takes the task roles that waited on it."""
    rows = list(db.session.scalars(select(PendingAssignment).where(PendingAssignment.proposal_id == proposal.id)))
    held = set(db.session.execute(select(Assignment.task_id, Assignment.role).where(
        Assignment.unit_id == proposal.unit_id, Assignment.task_id.in_([r.task_id for r in rows])))) if rows else set()
    for row in rows:
        if (row.task_id, row.role) not in held:
            held.add((row.task_id, row.role))
            db.session.add(Assignment(task_id=row.task_id, unit_id=proposal.unit_id, role=row.role))
        db.session.delete(row)
    db.session.flush()
    if rows:
        record(actor, "update", "unit_proposal", proposal.id, f"Giao {len(rows)} vai trò trong nhiệm vụ cho đơn vị "
               f"mới tạo theo đề xuất “{proposal.name}”", {"tasks": sorted({r.task_id for r in rows})})
    return len(rows)
