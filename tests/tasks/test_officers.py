"""Inside a unit: its own people name the officer in charge of its part of a task; the officer sees it under
"Việc của tôi"; nobody else may name one, and the officer must belong to the unit."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.tasks.conftest import TODAY
from tests.tasks.helpers import client_for
from tracker.auth.services import create_user
from tracker.core.exceptions import DomainError
from tracker.plans.models import Assignment
from tracker.tasks import editing
from tracker.tasks.officers import my_tasks, name_officer
from tracker.units.models import User


def _assignment(session, task, unit):
    return session.scalar(select(Assignment).where(Assignment.task_id == task.id, Assignment.unit_id == unit.id))


def test_name_officer_and_my_tasks(session, ward_plan, user_of):
    officer = create_user(actor=None, username="canbo.ca", full_name="Trần Văn Phụ Trách", password="matkhau-demo",
                          role="member", unit=ward_plan.units["ca"])
    assignment = _assignment(session, ward_plan.police_task, ward_plan.units["ca"])
    with pytest.raises(DomainError, match="người của đơn vị"):
        name_officer(actor=None, assignment=assignment, officer=user_of("secretariat"), today=TODAY)
    name_officer(actor=user_of("member"), assignment=assignment, officer=officer, today=TODAY)
    rows = session.execute(my_tasks(officer, TODAY)).all()
    assert [r[0].id for r in rows] == [ward_plan.police_task.id]
    editing.withdraw_task(actor=None, task=ward_plan.police_task, reason="Thôi", today=TODAY)
    assert session.execute(my_tasks(officer, TODAY)).all() == []


def test_pages(app, session, ward_plan):
    create_user(actor=None, username="canbo.ca2", full_name="Lê Thị Phụ Trách", password="matkhau-demo",
                role="member", unit=ward_plan.units["ca"])
    session.commit()
    task = ward_plan.police_task
    assignment = _assignment(session, task, ward_plan.units["ca"])
    police = client_for(app, "congan.vikhe")
    url = f"/tasks/{task.id}"
    page = police.get(url).get_data(as_text=True)
    assert "officer-form" in page and "Lê Thị Phụ Trách" in page
    officer_id = session.scalar(select(User.id).where(User.username == "canbo.ca2"))
    office = client_for(app, "vanphong.vikhe")  # the plan's secretariat is not the police's head
    assert office.post(f"{url}/officer", data={"csrf_token": csrf_token(office, url), "assignment_id": assignment.id,
                                               "officer_id": officer_id}).status_code == 403
    done = police.post(f"{url}/officer", data={"csrf_token": csrf_token(police, url), "assignment_id": assignment.id,
                                               "officer_id": officer_id})
    assert done.status_code == 302
    assert "phụ trách: Lê Thị Phụ Trách" in police.get(url).get_data(as_text=True)
    mine = client_for(app, "canbo.ca2").get("/tasks/mine").get_data(as_text=True)
    assert "Việc của tôi" in mine and task.text in mine
    outsider = client_for(app, "noichinh.hanoi")
    assert outsider.post(f"{url}/officer", data={"csrf_token": csrf_token(outsider, "/"), "assignment_id": assignment.id,
                                                 "officer_id": officer_id}).status_code == 404
