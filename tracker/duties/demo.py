"""Demo reporting duties: Hà Nội's subordinate committees owe their plans by 30/4/2025 and quarterly results."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from tracker.auth.services import create_user
from tracker.duties import services
from tracker.extensions import db
from tracker.plans.models import Document
from tracker.units import services as unit_services
from tracker.units.models import Unit

HANOI_WARDS = ["Phường Ba Đình", "Phường Hoàn Kiếm", "Phường Cầu Giấy", "Phường Hà Đông", "Xã Sóc Sơn"]
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _unit(name: str, within: int | None = None) -> Unit:
    stmt = select(Unit).where(Unit.name == name)
    if within is not None:
        stmt = stmt.where(Unit.parent_id == within)
    return db.session.scalars(stmt.order_by(Unit.id)).first()


def _send(actor, expected, number: str, on: date) -> None:
    services.submit(actor=actor, expected=expected, number_text=number, issued_on=on, filename="bao-cao.pdf",
                    content=DEMO_PDF, today=on, now=datetime(on.year, on.month, on.day, 2, 0))


def load_duties_demo(password: str) -> None:
    """Committees under Thành phố Hà Nội, a committee user, two duties on the Hà Nội plan and some submissions."""
    city = _unit("Thành phố Hà Nội")
    committees = {}
    for ward in HANOI_WARDS:
        locality = unit_services.create_unit(actor=None, name=ward, parent=city, kind="locality", level="commune")
        lower = ward[0].lower() + ward[1:]
        committees[ward] = unit_services.create_unit(actor=None, name=f"Đảng ủy {lower}", parent=locality,
                                                     kind="party_committee", level="commune")
    create_user(actor=None, username="danguy.hoankiem", full_name="Vũ Minh Tâm", password=password, role="member",
                unit=committees["Phường Hoàn Kiếm"], email="danguy.hoankiem@example.invalid")
    issuer = _unit("Thành ủy Hà Nội")
    plan = db.session.scalars(select(Document).where(Document.issuer_id == issuer.id,
                                                     Document.doc_type == "KH")).first()
    via = _unit("Ban Nội chính Thành ủy", within=issuer.id)
    plans = services.create_duty(
        actor=None, document=plan, kind="plan", schedule="once", due_on=date(2025, 4, 30), recipient=issuer, via=via,
        title="Các cấp ủy trực thuộc xây dựng kế hoạch thực hiện Kết luận 107-KL/TW, gửi Ban Thường vụ Thành ủy "
              "(qua Ban Nội chính Thành ủy)")
    results = services.create_duty(
        actor=None, document=plan, kind="periodic", schedule="quarter", first_year=2025, last_year=2026, due_day=18,
        recipient=issuer, via=via, title="Báo cáo kết quả thực hiện Kết luận 107-KL/TW định kỳ hằng quý")
    db.session.flush()
    expected = {(e.duty_id, e.unit.name, e.period_key): e for e in db.session.scalars(
        select(services.ExpectedSubmission).where(services.ExpectedSubmission.duty_id.in_([plans.id, results.id])))}
    for ward, number, on in [("Phường Ba Đình", "12-KH/ĐU", date(2025, 4, 22)),
                             ("Phường Cầu Giấy", "08-KH/ĐU", date(2025, 5, 9)),
                             ("Phường Hà Đông", "15-KH/ĐU", date(2025, 4, 28))]:
        lower = ward[0].lower() + ward[1:]
        _send(None, expected[(plans.id, f"Đảng ủy {lower}", "once")], number, on)
    for ward, key, number, on in [("Phường Ba Đình", "2025-Q1", "20-BC/ĐU", date(2025, 3, 17)),
                                  ("Phường Ba Đình", "2025-Q2", "31-BC/ĐU", date(2025, 6, 16)),
                                  ("Phường Hà Đông", "2025-Q1", "18-BC/ĐU", date(2025, 3, 25)),
                                  ("Xã Sóc Sơn", "2025-Q2", "09-BC/ĐU", date(2025, 6, 18))]:
        lower = ward[0].lower() + ward[1:]
        _send(None, expected[(results.id, f"Đảng ủy {lower}", key)], number, on)
