"""Segregation of duties (#12 finding 8): whoever claimed a task, and anyone of its lead unit, never confirms it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.tasks.conftest import TODAY
from tests.tasks.helpers import client_for
from tracker import permissions as p
from tracker.auth.services import create_user
from tracker.core.exceptions import DomainError
from tracker.plans.models import Task
from tracker.tasks import services
from tracker.units.models import User


@pytest.fixture
def ward_office(session, ward_plan, unit_named):
    """A second secretariat of the ward body in the UBND (not in Văn phòng), and one more inside Văn phòng."""
    outside = create_user(actor=None, username="thuky.ubnd.vikhe", full_name="Thư ký UBND", password="matkhau-demo",
                          role="secretariat", unit=ward_plan.units["ubnd"])
    inside = create_user(actor=None, username="vp2.vikhe", full_name="Chuyên viên Văn phòng", password="matkhau-demo",
                         role="secretariat", unit=ward_plan.units["vp"])
    session.commit()
    return outside, inside


def test_claimer_and_lead_unit_cannot_confirm(session, ward_plan, ward_office, user_of):
    outside, inside = ward_office
    office = user_of("secretariat")  # works in Văn phòng, the lead unit of lead_task
    task = ward_plan.lead_task
    services.change_status(actor=office, task=task, status="claimed", today=TODAY)
    assert task.claimed_by_id == office.id
    assert p.is_assigning_body(office, task) and not p.can_confirm_task(office, task)
    assert "người đã báo hoàn thành" in p.confirm_conflict(office, task)
    assert not p.can_confirm_task(inside, task)
    assert "đơn vị chủ trì" in p.confirm_conflict(inside, task)
    for actor in (office, inside):
        with pytest.raises(DomainError, match="không thể"):
            services.confirm_completion(actor=actor, task=task, today=TODAY)
        with pytest.raises(DomainError, match="không thể"):
            services.refuse_completion(actor=actor, task=task, reason="Tự từ chối", today=TODAY)
    assert task.status == "claimed"
    assert p.can_confirm_task(outside, task)
    services.confirm_completion(actor=outside, task=task, today=TODAY)
    assert task.status == "done"


def test_admin_who_claimed_cannot_confirm_own_claim(session, ward_plan, ward_office, user_of):
    admin = user_of("admin")
    task = ward_plan.police_task
    services.change_status(actor=admin, task=task, status="claimed", today=TODAY)
    assert not p.can_confirm_task(admin, task)
    with pytest.raises(DomainError, match="người đã báo hoàn thành"):
        services.confirm_completion(actor=admin, task=task, today=TODAY)
    assert p.can_confirm_task(user_of("secretariat"), task)  # Văn phòng does not lead the police's task


def test_refusal_clears_claimer(session, ward_plan, ward_office, user_of):
    outside, _ = ward_office
    task = ward_plan.police_task
    services.change_status(actor=user_of("member"), task=task, status="claimed", today=TODAY)
    services.refuse_completion(actor=outside, task=task, reason="Thiếu biên bản", today=TODAY)
    assert task.claimed_by_id is None and task.status == "redo"


def test_task_page_explains_and_route_refuses(app, session, ward_plan, ward_office, as_role):
    office = as_role("secretariat")
    url = f"/tasks/{ward_plan.lead_task.id}"
    office.post(f"{url}/status", data={"csrf_token": csrf_token(office, url), "status": "claimed"})
    assert session.get(Task, ward_plan.lead_task.id).status == "claimed"
    page = office.get(url).get_data(as_text=True)
    assert 'id="confirm-blocked"' in page and 'id="confirm-form"' not in page
    assert "không thể tự xác nhận" in page
    assert office.post(f"{url}/confirm", data={"csrf_token": csrf_token(office, url)}).status_code == 403
    assert session.get(Task, ward_plan.lead_task.id).status == "claimed"
    other = client_for(app, "thuky.ubnd.vikhe")
    page = other.get(url).get_data(as_text=True)
    assert 'id="confirm-form"' in page and 'id="confirm-blocked"' not in page
    assert other.post(f"{url}/confirm", data={"csrf_token": csrf_token(other, url)}).status_code == 302
    assert session.get(Task, ward_plan.lead_task.id).status == "done"
    assert session.scalar(select(User.id).where(User.username == "thuky.ubnd.vikhe"))
