"""Shared helpers for the duties tests: the demo duties and real docx/pdf bytes."""
import io
from datetime import date

from docx import Document as Docx
from sqlalchemy import select

from tracker.duties.models import ExpectedSubmission, ReportingDuty

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def docx_bytes(text: str = "Báo cáo") -> bytes:
    doc = Docx()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plan_duty(session) -> ReportingDuty:
    return session.scalar(select(ReportingDuty).where(ReportingDuty.kind == "plan"))


def quarterly_duty(session) -> ReportingDuty:
    return session.scalar(select(ReportingDuty).where(ReportingDuty.schedule == "quarter"))


def expected_for(session, duty, unit_name: str, key: str = "once") -> ExpectedSubmission:
    return session.scalar(select(ExpectedSubmission).join(ExpectedSubmission.unit).where(
        ExpectedSubmission.duty_id == duty.id, ExpectedSubmission.period_key == key,
        ExpectedSubmission.unit.has(name=unit_name)))


TODAY = date(2025, 5, 12)
