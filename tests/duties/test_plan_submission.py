"""The plan-submission duty met by the plan itself: deriving (or importing) the owed plan records the expected
submission as submitted that day, linked to the plan, with the plan's .docx as the file."""
from __future__ import annotations

import io
from datetime import date

from docx import Document as open_docx
from sqlalchemy import select

from tracker.core import storage
from tracker.duties import services
from tracker.duties.models import ExpectedSubmission, Submission, SubmissionFile
from tracker.plans import services as plan_services
from tracker.plans.importing import plan_imported
from tracker.plans.models import Document, Task
from tracker.tasks.derive import DerivedItem, derive_plan

TODAY = date(2026, 6, 15)


def _owed(session, unit_named, owner_name: str):
    upper = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    duty = services.create_duty(actor=None, document=upper, title="Các xã, phường xây dựng kế hoạch, gửi UBND tỉnh",
                                kind="plan", schedule="once", due_on=date(2026, 6, 30), recipient=upper.issuer,
                                owners_mode="chosen", owners=[unit_named(owner_name)])
    expected = session.scalar(select(ExpectedSubmission).where(ExpectedSubmission.duty_id == duty.id))
    return upper, expected


def test_deriving_the_owed_plan_submits_it(session, unit_named, user_of):
    upper, expected = _owed(session, unit_named, "Ủy ban nhân dân phường Vị Khê")
    assert expected.status(TODAY) == "pending"
    upper_task = session.scalar(select(Task).where(Task.document_id == upper.id).order_by(Task.position))
    lower = derive_plan(actor=user_of("secretariat"), upper=upper, issuer=unit_named("Ủy ban nhân dân phường Vị Khê"),
                        title="Kế hoạch của phường", number_text="88/KH-UBND", issued_on=date(2026, 6, 12),
                        items=[DerivedItem(upper_task, "Tiếp công dân", unit_named("Công an phường Vị Khê"), None)],
                        today=TODAY)
    assert expected.first_submitted_on == TODAY and expected.status(TODAY) == "on_time"
    submission = session.scalar(select(Submission).where(Submission.expected_id == expected.id))
    assert submission.document_id == lower.id and submission.number_text == "88/KH-UBND"
    assert submission.issued_on == date(2026, 6, 12) and submission.submitted_by_id == user_of("secretariat").id
    session.commit()  # the stored file moves into place when the saving transaction commits
    content = storage.read(session.get(SubmissionFile, submission.file_id).sha256)
    assert "Tiếp công dân" in "\n".join(p.text for p in open_docx(io.BytesIO(content)).paragraphs)


def test_a_plan_of_another_body_or_not_implementing_meets_nothing(session, unit_named):
    upper, expected = _owed(session, unit_named, "Ủy ban nhân dân phường Vị Khê")
    other = plan_services.create_document(
        actor=None, doc_type="KH", number_text="3/KH-UBND", issued_on=TODAY, issued_year=None,
        issuer=unit_named("Ủy ban nhân dân phường Vị Khê"), issuer_name=None, title="Kế hoạch khác", body_md=None,
        place=None, signer_authority=None, signer_position=None, signer_name=None)
    plan_imported.send(other, actor=None, duties=[])  # implements nothing
    assert expected.versions == 0
    police = plan_services.create_document(
        actor=None, doc_type="KH", number_text="4/KH-CAP", issued_on=TODAY, issued_year=None,
        issuer=unit_named("Công an phường Vị Khê"), issuer_name=None, title="Kế hoạch của Công an", body_md=None,
        place=None, signer_authority=None, signer_position=None, signer_name=None)
    plan_services.link_documents(actor=None, child=police, parent=upper)
    plan_imported.send(police, actor=None, duties=[])  # another unit's plan: not the one UBND phường owes
    assert expected.versions == 0
    plan_services.link_documents(actor=None, child=other, parent=upper)
    plan_imported.send(other, actor=None, duties=[])  # an imported plan answering the duty
    assert expected.versions == 1 and expected.review_state == "pending"
    plan_imported.send(other, actor=None, duties=[])  # already submitted: not twice
    assert expected.versions == 1
