"""Saving a reviewed import: the plan, its cited documents and links, sections, tasks and assignments, in one go.

The review page (or the CLI) turns the parser's output into a ReviewedPlan the user has checked; only
`save_reviewed_plan` writes, and it writes everything or nothing (the caller commits once).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from blinker import Namespace
from sqlalchemy import select

from tracker.core import events
from tracker.core.exceptions import DomainError
from tracker.core.vntext import nfc
from tracker.extensions import db
from tracker.plans import services
from tracker.plans.duplicates import create_or_fill_document
from tracker.plans.import_jobs import keep_original
from tracker.plans.matching import UnitMatcher, match_document
from tracker.permissions import can_assign_to, can_create_unit, can_issue_as, is_admin
from tracker.plans.models import (RELATION_LABELS, ROLE_LABELS, Assignment, Document, DocumentLink, PendingAssignment,
                                  Section, Task)
from tracker.units import services as unit_services
from tracker.units.models import Unit, UnitProposal
from tracker.units.proposals import propose_unit

TASK_MAX = 20_000
# The reporting-duties domain builds on plans: it listens here instead of plans importing it.
plan_imported = Namespace().signal("plan-imported")


@dataclass
class CitedDoc:
    relation: str
    doc_type: str
    number_text: str | None
    issued_on: date | None
    issuer_name: str
    title: str
    existing_id: int | None = None


@dataclass
class UnitRef:
    role: str
    unit_id: int | None = None
    # A unit the text names that does not exist yet: an admin's import creates it under the issuer; anyone else's
    # becomes a proposal (UnitProposal) the role waits on.
    new_name: str | None = None
    # A group the text names ("UBND các xã, phường") that the user chose to expand: (kind, level) within the
    # issuer's area; the tasks domain gives the task to each member (plan_imported, groups=...).
    group: tuple[str, str] | None = None


@dataclass
class ReviewedSection:
    number: str
    title: str
    parent_index: int | None = None


@dataclass
class ReviewedTask:
    text: str
    section_index: int | None = None
    scope: str = "unit"
    deadline_phrase: str | None = None
    deadline_kind: str | None = None
    due_on: date | None = None
    deadline_spec: dict | None = None
    assignments: list[UnitRef] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)
    implements_task_id: int | None = None


@dataclass
class ReviewedPlan:
    doc_type: str
    number_text: str | None
    issued_on: date | None
    issued_year: int | None
    place: str | None
    issuer_id: int | None
    issuer_name: str | None
    title: str
    signer_authority: str | None
    signer_position: str | None
    signer_name: str | None
    body_text: str
    cited: list[CitedDoc] = field(default_factory=list)
    sections: list[ReviewedSection] = field(default_factory=list)
    tasks: list[ReviewedTask] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    # Reporting duties the user accepted, as rebuilt on the server from the reviewed text (review.py), never taken
    # from what the browser sent back.
    duties: list[dict] = field(default_factory=list)


def _cited_document(actor, cited: CitedDoc, matcher: UnitMatcher) -> Document:
    if cited.existing_id:
        existing = db.session.get(Document, cited.existing_id)
        if existing is None:
            raise DomainError("Văn bản được chọn để liên kết không còn tồn tại.")
        return existing
    existing = match_document(cited.number_text, cited.issued_on.year if cited.issued_on else None)
    if existing is not None:
        return existing
    issuer = matcher.match(cited.issuer_name).unit if cited.issuer_name else None
    return services.create_document(
        actor=actor, doc_type=cited.doc_type, number_text=cited.number_text, issued_on=cited.issued_on,
        issued_year=cited.issued_on.year if cited.issued_on else None, issuer=issuer,
        issuer_name=cited.issuer_name or (issuer.name if issuer else None) or "Chưa rõ cơ quan ban hành",
        title=cited.title or f"{cited.doc_type} {cited.number_text or ''}".strip(), body_md=None, place=None,
        signer_authority=None, signer_position=None, signer_name=None)


def _resolve_unit(actor, ref: UnitRef, issuer: Unit | None, created: dict[str, Unit | UnitProposal],
                  task_number: int) -> Unit | UnitProposal:
    """The unit a reviewed role names: an existing unit within the actor's reach, a unit an admin creates now, or,
    for everyone else, a proposal an admin decides on (the role waits for it)."""
    if ref.unit_id:
        unit = db.session.get(Unit, ref.unit_id)
        if unit is None:
            raise DomainError("Đơn vị được chọn không còn tồn tại.")
        if not can_assign_to(actor, unit):
            raise DomainError(f"Nhiệm vụ số {task_number}: không thể giao cho “{unit.name}” vì đơn vị này không thuộc "
                              "phạm vi cơ quan của bạn (kế hoạch không giao việc cho cơ quan cấp trên hay đơn vị "
                              "ngoài địa bàn). Hãy bỏ đơn vị này hoặc chọn đơn vị khác.")
        return unit
    name = nfc(ref.new_name or "")
    if not name:
        raise DomainError("Có nhiệm vụ giao cho đơn vị chưa được chọn: hãy chọn đơn vị hoặc nhập tên đơn vị mới.")
    if issuer is None:
        raise DomainError(f"Không thể tạo đơn vị mới “{name}” khi chưa chọn cơ quan ban hành.")
    key = name.lower()
    if key not in created:
        kind = "front" if "mặt trận" in key else "other"
        if can_create_unit(actor):
            created[key] = unit_services.create_unit(actor=actor, name=name, parent=issuer, kind=kind,
                                                     level=issuer.level)
        else:
            created[key] = propose_unit(actor=actor, name=name, parent=issuer, kind=kind,
                                        context=f"Nhập kế hoạch của {issuer.name}, nhiệm vụ số {task_number}")
    return created[key]


def _check_issuer(actor, issuer: Unit | None) -> None:
    if issuer is None:
        if not is_admin(actor):
            raise DomainError("Hãy chọn cơ quan ban hành trong cây đơn vị (cơ quan của bạn hoặc đơn vị trực thuộc).")
        return
    if not can_issue_as(actor, issuer):
        raise DomainError(f"Bạn không thể lưu kế hoạch do “{issuer.name}” ban hành: chỉ nhập được kế hoạch của cơ quan "
                          "mình và các đơn vị trực thuộc. Văn bản của cấp trên được ghi là văn bản căn cứ, "
                          "thực hiện.")


def save_reviewed_plan(*, actor, plan: ReviewedPlan, source_job_id: int | None = None) -> Document:
    """Create the plan and everything the user confirmed; raises DomainError (nothing kept) on bad input.
    `source_job_id`: the import job whose uploaded file is kept with the document as its original."""
    issuer = db.session.get(Unit, plan.issuer_id) if plan.issuer_id else None
    if plan.issuer_id and issuer is None:
        raise DomainError("Cơ quan ban hành không còn tồn tại.")
    _check_issuer(actor, issuer)
    document = create_or_fill_document(
        actor=actor, doc_type=plan.doc_type, number_text=plan.number_text, issued_on=plan.issued_on,
        issued_year=plan.issued_year, issuer=issuer, issuer_name=plan.issuer_name, title=plan.title,
        body_md=plan.body_text, place=plan.place, signer_authority=plan.signer_authority,
        signer_position=plan.signer_position, signer_name=plan.signer_name)
    services.set_recipients(document=document, names=list(plan.recipients))
    matcher = UnitMatcher(issuer)
    for cited in plan.cited:
        if cited.relation not in RELATION_LABELS:
            raise DomainError("Quan hệ với văn bản được trích dẫn không hợp lệ.")
        parent = _cited_document(actor, cited, matcher)
        if parent.id != document.id and not db.session.scalar(select(DocumentLink.id).where(
                DocumentLink.child_id == document.id, DocumentLink.parent_id == parent.id,
                DocumentLink.relation == cited.relation)):  # a filled reference keeps the links it had
            services.link_documents(actor=actor, child=document, parent=parent, relation=cited.relation)
    sections: list[Section] = []
    for position, sec in enumerate(plan.sections):
        parent = sections[sec.parent_index] if sec.parent_index is not None and sec.parent_index < position else None
        row = Section(document_id=document.id, parent_id=parent.id if parent else None, number=sec.number[:20],
                      title=nfc(sec.title), position=position)
        db.session.add(row)
        db.session.flush()
        sections.append(row)
    created_units: dict[str, Unit | UnitProposal] = {}
    groups: list[tuple[Task, int, str, tuple[str, str]]] = []  # (task, its number, role, (kind, level))
    implemented = set(db.session.scalars(select(DocumentLink.parent_id).where(
        DocumentLink.child_id == document.id, DocumentLink.relation == "implements")))
    for position, item in enumerate(plan.tasks):
        text = nfc(item.text)
        if not text:
            continue
        if len(text) > TASK_MAX:
            raise DomainError(f"Nhiệm vụ số {position + 1} quá dài (tối đa {TASK_MAX} ký tự).")
        if item.implements_task_id is not None:
            upper = db.session.get(Task, item.implements_task_id)
            if upper is None or upper.document_id not in implemented:
                raise DomainError(f"Nhiệm vụ số {position + 1} được gắn với một nhiệm vụ cấp trên không thuộc văn bản "
                                  "mà kế hoạch này thực hiện.")
        section = sections[item.section_index] if item.section_index is not None and \
            0 <= item.section_index < len(sections) else None
        task = Task(document_id=document.id, section_id=section.id if section else None, position=position,
                    text=text, scope=item.scope if item.scope in {"unit", "general"} else "unit",
                    deadline_kind=item.deadline_kind, due_on=item.due_on, deadline_spec=item.deadline_spec,
                    deadline_phrase=item.deadline_phrase, source_lines=item.source_lines or None,
                    implements_task_id=item.implements_task_id)
        db.session.add(task)
        db.session.flush()
        seen: set[tuple[int, str]] = set()
        for ref in item.assignments:
            if ref.role not in ROLE_LABELS:
                raise DomainError("Vai trò của đơn vị trong nhiệm vụ không hợp lệ.")
            if ref.group is not None:
                groups.append((task, position + 1, ref.role, ref.group))
                continue
            target = _resolve_unit(actor, ref, issuer, created_units, position + 1)
            if isinstance(target, UnitProposal):
                db.session.add(PendingAssignment(proposal_id=target.id, task_id=task.id, role=ref.role))
            elif (target.id, ref.role) not in seen:
                seen.add((target.id, ref.role))
                db.session.add(Assignment(task_id=task.id, unit_id=target.id, role=ref.role))
        if seen:
            events.task_assigned.send(task, actor=actor, unit_ids=sorted({u for u, _ in seen}),
                                      roles=dict(sorted(seen)))
    keep_original(document, source_job_id, actor=actor)
    db.session.flush()
    plan_imported.send(document, actor=actor, duties=plan.duties, groups=groups)
    return document
