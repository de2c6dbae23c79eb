"""Saving a reviewed import: all or nothing, cited documents matched or created, unknown units created (admins) or
proposed (everyone else)."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.core.exceptions import DomainError
from tracker.plans.importing import CitedDoc, ReviewedPlan, ReviewedSection, ReviewedTask, UnitRef, save_reviewed_plan
from tracker.plans.models import Assignment, Document, DocumentLink, Section, Task
from tracker.units.models import Unit, UnitProposal


def _plan(unit_named, **over):
    issuer = unit_named("Ủy ban nhân dân phường Vị Khê")
    police = unit_named("Công an phường Vị Khê")
    plan = ReviewedPlan(
        doc_type="KH", number_text="/KH-UBND", issued_on=None, issued_year=2026, place="Vị Khê",
        issuer_id=issuer.id, issuer_name=None, title="Kế hoạch thử nhập", signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_position="CHỦ TỊCH", signer_name="Nguyễn Văn A", body_text="# Kế hoạch\n\nNội dung",
        cited=[CitedDoc("implements", "KH", "160/KH-UBND", date(2026, 5, 13), "UBND tỉnh Ninh Bình", ""),
               CitedDoc("mentions", "CT", "99-CT/TW", date(2014, 5, 26), "Bộ Chính trị", "Chỉ thị thử")],
        sections=[ReviewedSection("II", "NHIỆM VỤ CỤ THỂ"), ReviewedSection("3", "Công an phường", 0)],
        tasks=[ReviewedTask("Nắm chắc tình hình khiếu nại, tố cáo.", 1, assignments=[
                   UnitRef("lead", police.id), UnitRef("coordinate", None, "Tổ dân phố số 5")],
                   deadline_phrase="thường xuyên", deadline_kind="ongoing", source_lines=[70, 71]),
               ReviewedTask("   ", 1)],
        recipients=["UBND tỉnh", "Lưu: VT"])
    for key, value in over.items():
        setattr(plan, key, value)
    return plan


def test_save_creates_everything_once(session, user_of, unit_named):
    doc = save_reviewed_plan(actor=user_of("secretariat"), plan=_plan(unit_named))
    assert doc.issuer_name == "Ủy ban nhân dân phường Vị Khê" and not doc.is_reference
    links = {(l.parent.number_text, l.relation) for l in session.scalars(
        select(DocumentLink).where(DocumentLink.child_id == doc.id))}
    assert links == {("160/KH-UBND", "implements"), ("99-CT/TW", "mentions")}
    assert session.scalar(select(func.count(Document.id)).where(Document.number_text == "160/KH-UBND")) == 1
    new_ref = session.scalar(select(Document).where(Document.number_text == "99-CT/TW"))
    assert new_ref.is_reference and new_ref.issuer.name == "Bộ Chính trị"
    tasks = list(session.scalars(select(Task).where(Task.document_id == doc.id)))
    assert len(tasks) == 1 and tasks[0].deadline_kind == "ongoing" and tasks[0].source_lines == [70, 71]
    section = session.get(Section, tasks[0].section_id)
    assert section.title == "Công an phường" and session.get(Section, section.parent_id).number == "II"
    roles = {(a.unit.name, a.role) for a in session.scalars(select(Assignment).where(Assignment.task_id == tasks[0].id))}
    assert roles == {("Công an phường Vị Khê", "lead")}
    # A secretariat does not create units: the unknown name waits as a proposal, with its role, for an admin.
    assert session.scalar(select(Unit).where(Unit.name == "Tổ dân phố số 5")) is None
    proposal = session.scalar(select(UnitProposal).where(UnitProposal.name == "Tổ dân phố số 5"))
    assert proposal.status == "pending" and proposal.parent.name == "Ủy ban nhân dân phường Vị Khê"
    assert doc.recipients == ["UBND tỉnh", "Lưu: VT"]


def test_an_admin_import_creates_the_units_it_names(session, user_of, unit_named):
    doc = save_reviewed_plan(actor=user_of("admin"), plan=_plan(unit_named))
    task = session.scalar(select(Task).where(Task.document_id == doc.id))
    roles = {(a.unit.name, a.role) for a in session.scalars(select(Assignment).where(Assignment.task_id == task.id))}
    assert roles == {("Công an phường Vị Khê", "lead"), ("Tổ dân phố số 5", "coordinate")}
    created = session.scalar(select(Unit).where(Unit.name == "Tổ dân phố số 5"))
    assert created.parent.name == "Ủy ban nhân dân phường Vị Khê"
    assert session.scalar(select(func.count(UnitProposal.id))) == 0


def test_bad_item_saves_nothing(session, user_of, unit_named):
    before = session.scalar(select(func.count(Document.id)))
    plan = _plan(unit_named, tasks=[ReviewedTask("Nhiệm vụ", None, assignments=[UnitRef("lead")])])
    nested = session.begin_nested()
    with pytest.raises(DomainError, match="chưa được chọn"):
        save_reviewed_plan(actor=user_of("secretariat"), plan=plan)
    nested.rollback()
    assert session.scalar(select(func.count(Document.id))) == before


def test_open_tasks_of_a_dissolved_unit_move_to_its_successor(session, user_of, unit_named):
    from tracker.units.services import retire_unit

    doc = save_reviewed_plan(actor=user_of("admin"), plan=_plan(unit_named))
    task = session.scalar(select(Task).where(Task.document_id == doc.id))
    new_unit = session.scalar(select(Unit).where(Unit.name == "Tổ dân phố số 5"))
    successor = unit_named("Công an phường Vị Khê")
    retire_unit(actor=user_of("admin"), unit=new_unit, retired_on=date(2026, 7, 1), successor=successor)
    roles = {(a.unit_id, a.role) for a in session.scalars(select(Assignment).where(Assignment.task_id == task.id))}
    assert roles == {(successor.id, "lead"), (successor.id, "coordinate")}
