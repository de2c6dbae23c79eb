"""Deriving a lower plan with real assignments: several lines per upper task, each with its lead, coordinators,
requested bodies and date; units limited to the deriving body; place, signer and Nơi nhận in the .docx."""
from __future__ import annotations

import io

import pytest
from docx import Document as open_docx
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.tasks.conftest import TODAY
from tracker.core.exceptions import DomainError
from tracker.plans.models import Document, Task
from tracker.tasks.derive import DerivedItem, PlanHeader, derive_plan


def _upper(session):
    upper = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    return upper, session.scalar(select(Task).where(Task.document_id == upper.id).order_by(Task.position))


def _roles(session, task):
    session.refresh(task, ["assignments"])
    return sorted((a.unit.name, a.role) for a in task.assignments)


def test_three_lines_with_their_own_roles_and_dates_reach_the_docx(session, as_role, ward_plan):
    upper, upper_task = _upper(session)
    u = ward_plan.units
    office = as_role("secretariat")
    url = f"/tasks/derive/{upper.id}"
    form = office.get(url).get_data(as_text=True)
    assert f'id="text_{upper_task.id}_2"' in form and 'value="Vị Khê"' in form
    key = upper_task.id
    response = office.post(url, data={
        "csrf_token": csrf_token(office, url), "title": "Kế hoạch tiếp công dân của phường", "number_text": "",
        "issued_on": "2026-06-15", "issuer_id": str(u["ubnd"].id), "place": "Vị Khê",
        "signer_authority": "KT. CHỦ TỊCH", "signer_position": "PHÓ CHỦ TỊCH", "signer_name": "Bùi Quốc Trung",
        "recipients": "", f"include_{key}": "1",
        f"text_{key}_0": "Bảo đảm an ninh điểm tiếp công dân", f"lead_{key}_0": str(u["ca"].id),
        f"coord_{key}_0": [str(u["vp"].id)], f"due_{key}_0": "2026-07-15",
        f"text_{key}_1": "Tiếp nhận, phân loại đơn thư", f"lead_{key}_1": str(u["vp"].id),
        f"due_{key}_1": "2026-08-01",
        f"text_{key}_2": "Giám sát việc tiếp công dân", f"lead_{key}_2": "", f"req_{key}_2": [str(u["mttq"].id)]})
    assert response.status_code == 302, response.get_data(as_text=True)
    lower = session.scalar(select(Document).where(Document.title == "Kế hoạch tiếp công dân của phường"))
    tasks = session.scalars(select(Task).where(Task.document_id == lower.id).order_by(Task.position)).all()
    assert [t.text for t in tasks] == ["Bảo đảm an ninh điểm tiếp công dân", "Tiếp nhận, phân loại đơn thư",
                                       "Giám sát việc tiếp công dân"]
    assert _roles(session, tasks[0]) == [("Công an phường Vị Khê", "lead"),
                                         ("Văn phòng HĐND và UBND phường", "coordinate")]
    assert _roles(session, tasks[1]) == [("Văn phòng HĐND và UBND phường", "lead")]
    assert _roles(session, tasks[2]) == [("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê", "request")]
    assert [t.due_on.isoformat() if t.due_on else None for t in tasks][:2] == ["2026-07-15", "2026-08-01"]
    assert {t.implements_task_id for t in tasks} == {upper_task.id}
    assert lower.recipients[-1] == "Lưu: VT." and "Công an phường Vị Khê" in lower.recipients

    docx = office.get(f"/reports/plan/{lower.id}/docx")
    assert docx.status_code == 200
    document = open_docx(io.BytesIO(docx.data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for table in document.tables for row in table.rows for c in row.cells)
    assert "Chủ trì: Công an phường Vị Khê; Phối hợp: Văn phòng HĐND và UBND phường" in text
    assert "Chủ trì: Văn phòng HĐND và UBND phường" in text
    assert "Đề nghị: Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê" in text
    assert "Vị Khê, ngày 15 tháng 6 năm 2026" in cells and "Bùi Quốc Trung" in cells
    assert "PHÓ CHỦ TỊCH" in cells and "- Công an phường Vị Khê" in cells


def test_units_outside_the_deriving_body_are_refused(session, ward_plan, unit_named):
    upper, upper_task = _upper(session)
    with pytest.raises(DomainError, match="địa bàn"):
        derive_plan(actor=None, upper=upper, issuer=ward_plan.units["ubnd"], title="X", number_text=None,
                    issued_on=None, today=TODAY, items=[DerivedItem(
                        upper_task, "Việc", ward_plan.units["ca"], None,
                        coordinators=(unit_named("Ban Nội chính Thành ủy"),))])
    with pytest.raises(DomainError, match="chủ trì"):
        derive_plan(actor=None, upper=upper, issuer=ward_plan.units["ubnd"], title="X", number_text=None,
                    issued_on=None, today=TODAY, items=[DerivedItem(upper_task, "Việc", None, None)])


def test_header_recipients_given_are_kept(session, ward_plan):
    from tracker.core import events

    upper, upper_task = _upper(session)
    told = []

    def listener(task, **kwargs):
        told.append(sorted(kwargs["roles"].items()))
    events.task_assigned.connect(listener)
    try:
        lower = derive_plan(actor=None, upper=upper, issuer=ward_plan.units["ubnd"], title="Kế hoạch Y",
                            number_text=None, issued_on=None, today=TODAY,
                            items=[DerivedItem(upper_task, "Việc", ward_plan.units["vp"], None,
                                               coordinators=(ward_plan.units["vp"], ward_plan.units["ca"]))],
                            header=PlanHeader(place="Vị Khê", recipients=["- UBND tỉnh;", "", "Lưu: VT."]))
    finally:
        events.task_assigned.disconnect(listener)
    assert told == [sorted({ward_plan.units["vp"].id: "lead", ward_plan.units["ca"].id: "coordinate"}.items())]
    assert lower.recipients == ["UBND tỉnh;", "Lưu: VT."] and lower.place == "Vị Khê"
    task = session.scalar(select(Task).where(Task.document_id == lower.id))
    assert _roles(session, task) == [("Công an phường Vị Khê", "coordinate"), ("Văn phòng HĐND và UBND phường", "lead")]


def test_a_line_from_outside_the_body_is_refused_by_the_page(session, as_role, ward_plan, unit_named):
    upper, upper_task = _upper(session)
    office = as_role("secretariat")
    url = f"/tasks/derive/{upper.id}"
    key = upper_task.id
    response = office.post(url, data={
        "csrf_token": csrf_token(office, url), "title": "Giữ tiêu đề này", "issuer_id": str(ward_plan.units["ubnd"].id),
        f"include_{key}": "1", f"text_{key}_0": "Việc", f"lead_{key}_0": str(unit_named("Ban Nội chính Thành ủy").id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "không thuộc cơ quan của bạn" in page and "Giữ tiêu đề này" in page


def test_the_form_offers_the_bodys_own_units_and_localities_not_their_insides(app, session):
    """A province's derive form lists its organs and the communes below it, not the units inside each commune (a
    province's 2,450 units in every select made a 33 MB page; the centre's 83,000 a gigabyte)."""
    from tests.tasks.helpers import client_for
    from tracker.units.models import Unit, User

    user = session.scalar(select(User).where(User.username == "noichinh.ninhbinh"))
    ward = session.scalar(select(Unit).where(Unit.name == "Phường Vị Khê"))
    inside = session.scalar(select(Unit).where(Unit.name == "Công an phường Vị Khê"))
    upper = next(d for d in session.scalars(select(Document).where(Document.doc_type == "KH"))
                 if client_for(app, user.username).get(f"/tasks/derive/{d.id}").status_code == 200)
    page = client_for(app, user.username).get(f"/tasks/derive/{upper.id}").get_data(as_text=True)
    assert f'<option value="{ward.id}"' in page
    assert f'<option value="{inside.id}"' not in page


def test_each_upper_task_comes_once_with_the_bodys_lead_first(session, ward_plan, unit_named):
    """concerning_tasks picks one assignment per task in SQL: the body's lead when it has one (the form proposes its
    unit as the first line's lead), else the first coordinator; requested-only and withdrawn tasks are left out."""
    from tracker.tasks import queries, services

    u = ward_plan.units
    both = services.create_task(actor=None, document=ward_plan.document, text="Phối hợp trước, chủ trì sau",
                                assignments=[(u["ca"], "coordinate"), (u["vp"], "lead")], due_on=None, position=4)
    gone = services.create_task(actor=None, document=ward_plan.document, text="Việc đã rút",
                                assignments=[(u["vp"], "lead")], due_on=None, position=5)
    gone.withdrawn_on = gone.created_at.date() if gone.created_at else ward_plan.document.issued_on
    session.flush()
    ward = unit_named("Phường Vị Khê")
    got = [(task.text, assignment.unit.name, assignment.role)
           for task, assignment in queries.concerning_tasks(ward_plan.document, ward.id)]
    assert got == [("Tiếp công dân định kỳ", "Văn phòng HĐND và UBND phường", "lead"),
                   ("Bảo đảm an ninh trụ sở tiếp công dân", "Công an phường Vị Khê", "lead"),
                   ("Phối hợp trước, chủ trì sau", "Văn phòng HĐND và UBND phường", "lead")]
