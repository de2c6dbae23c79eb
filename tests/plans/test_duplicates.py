"""Importing a document already in tracker: a bare reference is filled with its text and keeps its links; a
document held in full (same number and issuer, or same text) is refused with a link to open it."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.plans.test_importing import _plan
from tracker.plans.importing import save_reviewed_plan
from tracker.plans.models import Document, DocumentLink, Task
from tracker.plans.services import DuplicateDocument


def _reference(session, unit_named):
    """The province plan 160/KH-UBND is in the demo as a bare reference with the ward plan implementing it."""
    ref = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    return ref


def test_full_text_fills_the_bare_reference_and_keeps_its_links(session, user_of, unit_named):
    ref = _reference(session, unit_named)
    assert ref.is_reference
    below = set(session.scalars(select(DocumentLink.child_id).where(DocumentLink.parent_id == ref.id)))
    tasks_before = session.scalar(select(func.count(Task.id)).where(Task.document_id == ref.id))
    plan = _plan(unit_named, number_text="160/KH-UBND", issued_on=date(2026, 5, 13), issued_year=2026,
                 issuer_id=ref.issuer_id, title=ref.title, cited=[], body_text="# Kế hoạch 160\n\nToàn văn của tỉnh")
    doc = save_reviewed_plan(actor=user_of("admin"), plan=plan)  # the province's own body would do it too
    assert doc.id == ref.id and not doc.is_reference and doc.body_md.startswith("# Kế hoạch 160")
    assert set(session.scalars(select(DocumentLink.child_id).where(DocumentLink.parent_id == ref.id))) == below
    assert session.scalar(select(func.count(Task.id)).where(Task.document_id == ref.id)) == tasks_before + 1
    assert session.scalar(select(func.count(Document.id)).where(Document.number_text == "160/KH-UBND")) == 1


def test_a_document_held_in_full_is_refused_by_number_or_text(session, user_of, unit_named):
    first = save_reviewed_plan(actor=user_of("secretariat"), plan=_plan(unit_named, number_text="41/KH-UBND"))
    with pytest.raises(DuplicateDocument, match="đã có trong hệ thống") as by_number:
        save_reviewed_plan(actor=user_of("secretariat"), plan=_plan(unit_named, number_text="41/KH-UBND",
                                                                    body_text="Văn bản khác"))
    assert by_number.value.existing.id == first.id
    with pytest.raises(DuplicateDocument, match="Toàn văn này đã có") as by_text:
        save_reviewed_plan(actor=user_of("secretariat"), plan=_plan(unit_named, number_text="42/KH-UBND"))
    assert by_text.value.existing.id == first.id


def test_review_page_offers_to_open_the_existing_document(app, session):
    from tests.plans.test_import_routes import SEED_000, _upload, form_fields
    from tests.tasks.helpers import client_for

    client = client_for(app, "vanphong.vikhe")
    fields = form_fields(_upload(client, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")
    first = client.post("/documents/import/confirm", data=fields)
    assert first.status_code == 302
    first_id = int(first.location.rsplit("/", 1)[1])
    before = session.scalar(select(func.count(Document.id)))
    fields = form_fields(_upload(client, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")
    again = client.post("/documents/import/confirm", data=fields)
    page = again.get_data(as_text=True)
    assert again.status_code == 409 and "Toàn văn này đã có" in page
    assert f'href="/documents/{first_id}" class="alert-link" id="open-existing"' in page
    assert session.scalar(select(func.count(Document.id))) == before
