"""Demo tasks: the Ninh Bình province plan's tasks and the Vị Khê ward plan deriving from them."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tracker.core.timeutil import today_vn
from tracker.core.workdays import add_working_days
from tracker.extensions import db
from tracker.plans.models import Document, Task
from tracker.tasks import services
from tracker.units.models import Unit
from tracker.units.queries import subtree_ids


def _unit(name: str, within: Unit | None = None) -> Unit:
    stmt = select(Unit).where(Unit.name == name)
    if within is not None:
        stmt = stmt.where(Unit.id.in_(subtree_ids(within.id)))
    return db.session.scalars(stmt.limit(1)).one()


def _plan(number_text: str | None, issuer: Unit) -> Document:
    stmt = select(Document).where(Document.issuer_id == issuer.id, Document.doc_type == "KH")
    if number_text:
        stmt = stmt.where(Document.number_text == number_text)
    return db.session.scalars(stmt.limit(1)).one()


def load_task_demo() -> None:
    """Add tasks with assignments to the demo plans (idempotent: does nothing when tasks exist)."""
    if db.session.scalar(select(Task.id).limit(1)) is not None:
        return
    today = today_vn()
    province = _unit("Tỉnh Ninh Bình")
    ward = _unit("Phường Vị Khê")
    ubnd_tinh = _unit("Ủy ban nhân dân tỉnh Ninh Bình")
    ubnd = _unit("Ủy ban nhân dân phường Vị Khê")
    vp = _unit("Văn phòng HĐND và UBND phường", within=ward)
    ca = _unit("Công an phường Vị Khê")
    mttq = _unit("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê")
    center = _unit("Trung tâm Dịch vụ sự nghiệp công phường", within=ward)
    police_nb = _unit("Công an tỉnh Ninh Bình", within=province)
    create = services.create_task

    nb160 = _plan("160/KH-UBND", ubnd_tinh)
    upper = create(actor=None, document=nb160, position=1, due_on=today + timedelta(days=40),
                   text="UBND các xã, phường xây dựng kế hoạch và tổ chức thực hiện nghiêm công tác tiếp công dân, "
                        "giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh trên địa bàn; báo cáo kết quả về UBND tỉnh.",
                   assignments=[(ubnd, "lead")])
    create(actor=None, document=nb160, position=2, deadline_kind="ongoing", deadline_phrase="Thường xuyên",
           text="Công an tỉnh chỉ đạo bảo đảm an ninh, trật tự tại các điểm tiếp công dân; xử lý nghiêm hành vi lợi "
                "dụng khiếu nại, tố cáo để gây rối.", assignments=[(police_nb, "lead")])

    vk = _plan(None, ubnd)
    rows = [
        ("Chủ trì, tham mưu UBND phường thực hiện công tác tiếp công dân; tiếp nhận, phân loại, xử lý đơn khiếu "
         "nại, tố cáo, kiến nghị, phản ánh theo quy định của pháp luật.", [(vp, "lead"), (ca, "coordinate")],
         today + timedelta(days=30), None, "in_progress"),
        ("Theo dõi, đôn đốc việc giải quyết đơn thư của các bộ phận chuyên môn; quản lý, cập nhật đầy đủ sổ sách, "
         "hồ sơ, dữ liệu về công tác tiếp công dân.", [(vp, "lead")], None, "ongoing", "in_progress"),
        ("Nắm chắc diễn biến tình hình khiếu nại, tố cáo trên địa bàn; nhất là các vụ việc đông người, phức tạp, "
         "kéo dài có nguy cơ phát sinh “điểm nóng” về an ninh, trật tự.", [(ca, "lead"), (vp, "coordinate")],
         add_working_days(today, 2), None, "in_progress"),
        ("Thực hiện tốt công tác bảo đảm an ninh, an toàn tại trụ sở tiếp công dân; kịp thời xử lý các tình huống "
         "phát sinh trong quá trình tiếp công dân.", [(ca, "lead")], today - timedelta(days=5), None, "done"),
        ("Tăng cường công tác quản lý địa bàn, quản lý đối tượng; chủ động phòng ngừa, ngăn chặn các hành vi tụ "
         "tập đông người, gây rối trật tự công cộng.", [(ca, "lead")], today - timedelta(days=10), None,
         "not_started"),
        ("Phối hợp đẩy mạnh công tác thông tin, tuyên truyền chủ trương của Đảng, chính sách pháp luật về tiếp "
         "công dân, giải quyết khiếu nại, tố cáo.", [(center, "lead")], today + timedelta(days=60), None,
         "not_started"),
        ("Tăng cường công tác giám sát, phản biện xã hội đối với việc thực hiện pháp luật về tiếp công dân, giải "
         "quyết khiếu nại, tố cáo.", [(mttq, "request")], today - timedelta(days=3), None, "in_progress"),
    ]
    for position, (text, units, due_on, kind, status) in enumerate(rows, start=1):
        task = create(actor=None, document=vk, text=text, assignments=units, due_on=due_on, deadline_kind=kind,
                      deadline_phrase="Thường xuyên" if kind == "ongoing" else None, implements=upper,
                      position=position)
        if status == "done":
            services.change_status(actor=None, task=task, status="claimed", today=today - timedelta(days=7))
            services.confirm_completion(actor=None, task=task, today=today - timedelta(days=6))
        elif status != "not_started":
            services.change_status(actor=None, task=task, status=status, today=today)
    db.session.flush()
