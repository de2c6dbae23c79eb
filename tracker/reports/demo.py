"""Demo for reports: Ninh Bình's communes owe half-yearly results on the province plan 160/KH-UBND; Vị Khê's units
have posted progress this period (and one older update that a report for this period must leave out)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from tracker.core.timeutil import today_vn
from tracker.duties import services as duty_services
from tracker.duties.models import ExpectedSubmission
from tracker.extensions import db
from tracker.plans.models import Document, Task
from tracker.tasks import services as task_services
from tracker.units import services as unit_services
from tracker.units.models import Unit

OTHER_COMMUNES = [("Phường Hoa Lư", "Ủy ban nhân dân phường Hoa Lư", "15/BC-UBND"),
                  ("Xã Gia Viễn", "Ủy ban nhân dân xã Gia Viễn", None)]
UPDATES = [
    ("Văn phòng HĐND và UBND phường", 1, 200, "Tiếp 12 lượt công dân trong tháng; tiếp nhận 9 đơn, đã phân loại và "
     "chuyển 7 đơn đến cơ quan có thẩm quyền."),
    ("Văn phòng HĐND và UBND phường", 1, 8, "Đã tiếp nhận, phân loại 23 đơn; 19 đơn đã được giải quyết đúng hạn, 4 đơn "
     "đang xác minh. Cập nhật đầy đủ sổ tiếp công dân."),
    ("Công an phường Vị Khê", 1, 6, "Phối hợp bảo đảm an ninh tại trụ sở tiếp công dân trong 4 buổi tiếp định kỳ."),
    ("Công an phường Vị Khê", 3, 4, "Rà soát 3 vụ việc đông người có nguy cơ phức tạp; đã xây dựng phương án bảo đảm "
     "an ninh, trật tự."),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê", 7, 5, "Tổ chức 2 cuộc giám sát việc giải quyết đơn thư tại "
     "khu dân cư số 3 và số 5."),
]


def _unit(name: str) -> Unit:
    return db.session.scalars(select(Unit).where(Unit.name == name).order_by(Unit.id)).first()


def load_report_demo() -> None:
    """A half-yearly duty on the province plan, two more communes (one has sent its report), and progress
    updates of Vị Khê's units spread over this period and the previous one."""
    today = today_vn()
    province = _unit("Tỉnh Ninh Bình")
    ubnd = _unit("Ủy ban nhân dân tỉnh Ninh Bình")
    for locality_name, committee_name, _ in OTHER_COMMUNES:
        locality = unit_services.create_unit(actor=None, name=locality_name, parent=province, kind="locality",
                                             level="commune")
        unit_services.create_unit(actor=None, name=committee_name, parent=locality, kind="people_committee",
                                  level="commune")
    plan = db.session.scalars(select(Document).where(Document.issuer_id == ubnd.id,
                                                     Document.number_text == "160/KH-UBND")).one()
    office = db.session.scalars(select(Unit).where(Unit.parent_id == ubnd.id,
                                                   Unit.name.like("Văn phòng%"))).first()
    duty = duty_services.create_duty(
        actor=None, document=plan, kind="periodic", schedule="half", first_year=today.year,
        last_year=today.year + 1, due_day=18, recipient=ubnd, via=office,
        title="UBND các xã, phường báo cáo kết quả thực hiện Kết luận 107-KL/TW định kỳ 6 tháng, gửi UBND tỉnh "
              "(qua Văn phòng UBND tỉnh)")
    db.session.flush()
    current = db.session.scalars(select(ExpectedSubmission).where(
        ExpectedSubmission.duty_id == duty.id, ExpectedSubmission.start_on <= today,
        ExpectedSubmission.end_on >= today)).all()
    for expected in current:
        sent = next((n for _, c, n in OTHER_COMMUNES if c == expected.unit.name), None)
        if sent:
            on = max(expected.start_on, today - timedelta(days=2))
            duty_services.submit(actor=None, expected=expected, number_text=sent, issued_on=on,
                                 filename="bao-cao-6-thang.pdf", content=b"%PDF-1.4\n%%EOF\n", today=on,
                                 now=datetime(on.year, on.month, on.day, 3, 0))
    ward_plan = db.session.scalars(select(Document).where(Document.issuer_id == _unit(
        "Ủy ban nhân dân phường Vị Khê").id, Document.doc_type == "KH")).first()
    tasks = {t.position: t for t in db.session.scalars(select(Task).where(Task.document_id == ward_plan.id))}
    for unit_name, position, days_ago, note in UPDATES:
        task = tasks[position]
        unit = _unit(unit_name)
        on: date = today - timedelta(days=days_ago)
        task_services.post_update(actor=None, task=task, unit_id=unit.id, today=today, reported_on=on, note_md=note)
    db.session.flush()
