"""The duties' part when a plan is withdrawn, cancelled or deleted: say what it touches, stop what it set."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select

from tracker.core import events
from tracker.core.audit import record
from tracker.duties.models import ExpectedSubmission, ReportingDuty, Submission
from tracker.extensions import db
from tracker.plans.models import Document


def _duties(document: Document):
    return select(ReportingDuty.id).where(ReportingDuty.document_id == document.id)


def _open_periods(document: Document, today: date):
    return (ExpectedSubmission.duty_id.in_(_duties(document)), ExpectedSubmission.versions == 0,
            ExpectedSubmission.due_on > today)


@events.plan_effects.connect
def effects_on_duties(document: Document, *, today: date, **_) -> dict[str, int]:
    """Active duties the plan set, periods not yet due and not sent, and submissions already received."""
    active = select(func.count(ReportingDuty.id)).where(ReportingDuty.document_id == document.id,
                                                       ReportingDuty.is_active.is_(True))
    return {"duties": db.session.scalar(active) or 0,
            "open_periods": db.session.scalar(select(func.count(ExpectedSubmission.id))
                                              .where(*_open_periods(document, today))) or 0,
            "submissions": db.session.scalar(select(func.count(Submission.id)).join(
                ExpectedSubmission, ExpectedSubmission.id == Submission.expected_id).where(
                ExpectedSubmission.duty_id.in_(_duties(document)))) or 0}


@events.plan_revoked.connect
def stop_duties(document: Document, *, actor, today: date, **_) -> None:
    """The plan's duties stop (no more reminders); periods not yet due and not sent are cancelled."""
    for duty in db.session.scalars(select(ReportingDuty).where(ReportingDuty.document_id == document.id,
                                                               ReportingDuty.is_active.is_(True))):
        duty.is_active = False
        record(actor, "update", "duty", duty.id, f"Ngừng chế độ báo cáo do kế hoạch bị {document.revoked_label.lower()}",
               {"is_active": [True, False]})
    db.session.execute(delete(ExpectedSubmission).where(*_open_periods(document, today)))
    db.session.flush()
