"""The plan-submission duty met by the plan itself: a body that saves the plan it owed has submitted it."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.core import events
from tracker.core.audit import record
from tracker.core.timeutil import utcnow
from tracker.duties.models import ExpectedSubmission, ReportingDuty, Submission
from tracker.duties.services import is_locked, store_submission_file
from tracker.extensions import db
from tracker.plans.models import Document, DocumentLink
from tracker.units.models import UnitClosure
from tracker.units.queries import body_id_of, subtree_ids

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def owed_plan_submission(document: Document) -> ExpectedSubmission | None:
    """The open expected submission of a "plan" duty that `document` answers: the duty is set by a plan that
    `document` implements, and the owing unit is the plan's issuer or a unit above it within the same body."""
    if document.issuer_id is None or document.doc_type != "KH":
        return None
    parents = select(DocumentLink.parent_id).where(DocumentLink.child_id == document.id,
                                                   DocumentLink.relation == "implements")
    above = select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == document.issuer_id)
    body = body_id_of(document.issuer_id)
    stmt = (select(ExpectedSubmission).join(ReportingDuty, ReportingDuty.id == ExpectedSubmission.duty_id)
            .where(ReportingDuty.kind == "plan", ReportingDuty.is_active.is_(True),
                   ReportingDuty.document_id.in_(parents), ExpectedSubmission.unit_id.in_(above),
                   ExpectedSubmission.unit_id.in_(subtree_ids(body)),
                   (ExpectedSubmission.versions == 0) | (ExpectedSubmission.review_state == "returned"))
            .order_by(ExpectedSubmission.due_on, ExpectedSubmission.id))
    return next((e for e in db.session.scalars(stmt) if not is_locked(e)), None)


def submit_plan(*, actor, expected: ExpectedSubmission, document: Document, content: bytes, filename: str,
                today: date) -> Submission:
    """Record the plan as the unit's submission on `today`, linked to the plan; its .docx is the file."""
    blob = store_submission_file(content)
    version = expected.versions + 1
    issued_on = document.issued_on if document.issued_on and document.issued_on <= today else today
    row = Submission(expected_id=expected.id, version=version, number_text=(document.number_text or
                                                                         "(chưa có số)")[:80],
                     issued_on=issued_on, filename=filename[-200:], content_type=DOCX, size=len(content),
                     file_id=blob.id, submitted_on=today, submitted_by_id=getattr(actor, "id", None), state="pending",
                     document_id=document.id, submitted_at=utcnow())
    db.session.add(row)
    expected.versions = version
    expected.first_submitted_on = expected.first_submitted_on or today
    expected.last_submitted_at = row.submitted_at
    expected.review_state = "pending"
    db.session.flush()
    record(actor, "submit", "expected_submission", expected.id,
           f"Nộp kế hoạch {document.label} (lưu trên hệ thống, lần {version}) – {expected.period_label}",
           {"document_id": document.id, "submission_id": row.id})
    events.submission_received.send(row, actor=actor)
    return row
