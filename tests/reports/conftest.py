"""A province cascade with fixed dates: the province plan (sections, tasks, updates in and outside 2026-H1), two
communes with derived plans and one without, duties up (province → central) and down (communes → province)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import select

from tracker.duties import services as duty_services
from tracker.duties.models import ExpectedSubmission
from tracker.extensions import db
from tracker.plans import services as plan_services
from tracker.plans.models import Section
from tracker.tasks import services as task_services
from tracker.units import services as unit_services

TODAY = date(2026, 6, 20)  # 2026-H1 runs 15/12/2025 – 14/6/2026, due 18/6/2026
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass
class Cascade:
    units: dict
    central: object
    province_plan: object
    tasks: dict
    up: object  # the province's expected submission for 2026-H1 (owed to the central body)
    down_duty: object


def _unit(name, parent, kind, level="province"):
    return unit_services.create_unit(actor=None, name=name, parent=parent, kind=kind, level=level)


def _doc(number, issued_on, issuer, title, doc_type="KH"):
    return plan_services.create_document(
        actor=None, doc_type=doc_type, number_text=number, issued_on=issued_on, issued_year=None, issuer=issuer,
        issuer_name=None, title=title, body_md=None, place=None, signer_authority=None, signer_position=None,
        signer_name=None)


def _send(expected, number, on):
    duty_services.submit(actor=None, expected=expected, number_text=number, issued_on=on, filename="bc.pdf",
                         content=PDF, today=on, now=datetime(on.year, on.month, on.day, 3))


def _post(task, unit, on, note):
    task_services.post_update(actor=None, task=task, unit_id=unit.id, today=on, reported_on=on, note_md=note)


@pytest.fixture
def cascade(session, unit_named) -> Cascade:
    root = unit_named("Trung ương")
    gov = unit_named("Chính phủ")
    province = _unit("Tỉnh Thử Nghiệm", root, "locality")
    u = {"province": province}
    u["ubnd"] = _unit("Ủy ban nhân dân tỉnh Thử Nghiệm", province, "people_committee")
    u["office"] = _unit("Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm", u["ubnd"], "agency")
    u["police"] = _unit("Công an tỉnh Thử Nghiệm", province, "police")
    u["front"] = _unit("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thử Nghiệm", province, "front")
    for key, name in (("an", "Xã An Thử"), ("binh", "Xã Bình Thử"), ("cuong", "Xã Cường Thử")):
        u[key] = _unit(name, province, "locality", "commune")
        u[f"{key}_ubnd"] = _unit(f"Ủy ban nhân dân {name[0].lower()}{name[1:]}", u[key], "people_committee", "commune")
    kl = _doc("99-KL/TW", date(2025, 1, 10), unit_named("Bộ Chính trị"), "Về một chủ trương thử nghiệm", "KL")
    central = _doc("500/KH-CP", date(2025, 3, 1), gov, "Thực hiện Kết luận số 99-KL/TW")
    plan = _doc("77/KH-UBND", date(2025, 4, 2), u["ubnd"], "Thực hiện Kết luận số 99-KL/TW trên địa bàn tỉnh")
    plan_services.link_documents(actor=None, child=central, parent=kl)
    plan_services.link_documents(actor=None, child=plan, parent=central)
    first = Section(document_id=plan.id, number="1.", title="Công tác tuyên truyền", position=1)
    second = Section(document_id=plan.id, number="2.", title="Tiếp công dân, giải quyết khiếu nại", position=2)
    db.session.add_all([first, second])
    db.session.flush()
    create = task_services.create_task
    t = {
        "propaganda": create(actor=None, document=plan, position=1, text="Tuyên truyền Kết luận 99 đến cán bộ",
                             assignments=[(u["office"], "lead")], due_on=date(2026, 3, 31)),
        "reception": create(actor=None, document=plan, position=2, text="Tiếp công dân định kỳ",
                            assignments=[(u["police"], "lead"), (u["office"], "coordinate")],
                            due_on=date(2026, 5, 31)),
        "supervise": create(actor=None, document=plan, position=3, text="Giám sát việc giải quyết đơn thư",
                            assignments=[(u["front"], "request")], due_on=date(2026, 5, 1)),
    }
    t["propaganda"].section_id = first.id
    t["reception"].section_id = second.id
    t["supervise"].section_id = second.id
    task_services.change_status(actor=None, task=t["propaganda"], status="claimed", today=date(2026, 3, 20))
    task_services.confirm_completion(actor=None, task=t["propaganda"], today=date(2026, 3, 25))
    task_services.change_status(actor=None, task=t["reception"], status="in_progress", today=date(2026, 1, 5))
    _post(t["reception"], u["police"], date(2025, 11, 30), "CŨ: cập nhật trước kỳ báo cáo")
    _post(t["reception"], u["police"], date(2026, 2, 10), "CŨ HƠN: tiếp 10 lượt công dân")
    _post(t["reception"], u["police"], date(2026, 5, 20), "MỚI: tiếp 25 lượt công dân, 3 vụ đông người")
    _post(t["reception"], u["office"], date(2026, 4, 2), "VĂN PHÒNG: tổng hợp 40 đơn thư")
    _post(t["reception"], u["police"], date(2026, 6, 16), "SAU KỲ: cập nhật sau ngày chốt số liệu")
    # Communes: An and Bình derive plans (An's tasks: one done on time, one overdue); Cường has none.
    an_plan = _doc("12/KH-UBND", date(2025, 5, 5), u["an_ubnd"], "Thực hiện Kế hoạch 77/KH-UBND của UBND tỉnh")
    binh_plan = _doc("08/KH-UBND", date(2025, 6, 9), u["binh_ubnd"], "Thực hiện Kế hoạch 77/KH-UBND")
    plan_services.link_documents(actor=None, child=an_plan, parent=plan)
    plan_services.link_documents(actor=None, child=binh_plan, parent=plan)
    done = create(actor=None, document=an_plan, position=1, text="Tuyên truyền ở xã", implements=t["propaganda"],
                  assignments=[(u["an_ubnd"], "lead")], due_on=date(2026, 3, 1))
    task_services.change_status(actor=None, task=done, status="claimed", today=date(2026, 2, 20))
    task_services.confirm_completion(actor=None, task=done, today=date(2026, 2, 21))
    create(actor=None, document=an_plan, position=2, text="Tiếp công dân ở xã", implements=t["reception"],
           assignments=[(u["an_ubnd"], "lead")], due_on=date(2026, 4, 30))
    create(actor=None, document=binh_plan, position=1, text="Tiếp công dân ở xã Bình", implements=t["reception"],
           assignments=[(u["binh_ubnd"], "lead")], due_on=date(2026, 12, 31))
    up_duty = duty_services.create_duty(
        actor=None, document=central, kind="periodic", schedule="half", first_year=2026, last_year=2026,
        recipient=gov, owners_mode="chosen", owners=[u["ubnd"]], title="Các tỉnh báo cáo kết quả 6 tháng, năm")
    down = duty_services.create_duty(
        actor=None, document=plan, kind="periodic", schedule="half", first_year=2026, last_year=2026,
        recipient=u["ubnd"], via=u["office"], title="UBND cấp xã báo cáo kết quả 6 tháng")
    db.session.flush()
    expected = {e.unit_id: e for e in db.session.scalars(select(ExpectedSubmission).where(
        ExpectedSubmission.duty_id == down.id, ExpectedSubmission.period_key == "2026-H1"))}
    _send(expected[u["an_ubnd"].id], "20/BC-UBND", date(2026, 6, 10))
    _send(expected[u["binh_ubnd"].id], "21/BC-UBND", date(2026, 6, 19))
    up = db.session.scalar(select(ExpectedSubmission).where(ExpectedSubmission.duty_id == up_duty.id,
                                                            ExpectedSubmission.period_key == "2026-H1"))
    session.commit()
    return Cascade(u, central, plan, t, up, down)
