"""Fixtures for the tasks domain: a ward plan of Vị Khê with tasks for its units, an upload folder."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tracker.plans import services as plan_services
from tracker.tasks import services

TODAY = date(2026, 6, 15)  # a Monday


@dataclass
class WardPlan:
    document: object
    lead_task: object  # Văn phòng leads, Công an coordinates
    police_task: object  # Công an leads
    request_task: object  # MTTQ requested
    units: dict


@pytest.fixture(autouse=True)
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "FILE_ROOT", str(tmp_path / "files"))
    return tmp_path / "files"


@pytest.fixture
def ward_plan(session, unit_named) -> WardPlan:
    units = {
        "ubnd": unit_named("Ủy ban nhân dân phường Vị Khê"),
        "vp": unit_named("Văn phòng HĐND và UBND phường", within="Phường Vị Khê"),
        "ca": unit_named("Công an phường Vị Khê"),
        "mttq": unit_named("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê"),
    }
    document = plan_services.create_document(
        actor=None, doc_type="KH", number_text="99/KH-UBND", issued_on=date(2026, 6, 1), issued_year=None,
        issuer=units["ubnd"], issuer_name=None, title="Kế hoạch thử nghiệm theo dõi nhiệm vụ", body_md=None,
        place=None, signer_authority=None, signer_position=None, signer_name=None)
    lead = services.create_task(actor=None, document=document, text="Tiếp công dân định kỳ",
                                assignments=[(units["vp"], "lead"), (units["ca"], "coordinate")],
                                due_on=date(2026, 6, 30), position=1)
    police = services.create_task(actor=None, document=document, text="Bảo đảm an ninh trụ sở tiếp công dân",
                                  assignments=[(units["ca"], "lead")], due_on=date(2026, 6, 17), position=2)
    request = services.create_task(actor=None, document=document, text="Giám sát, phản biện xã hội",
                                   assignments=[(units["mttq"], "request")], due_on=date(2026, 6, 1), position=3)
    session.commit()  # a savepoint: a route's rollback after a refused input keeps the fixture
    return WardPlan(document, lead, police, request, units)
