"""Changing a plan's tasks through the pages: who may, each change end to end, bad input loses nothing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.tasks.helpers import client_for
from tracker.plans.models import Task


def _edit_data(client, task, **fields):
    data = {"csrf_token": csrf_token(client, f"/tasks/{task.id}/edit"), "version": str(task.version),
            "text": task.text, "due_on": task.due_on.isoformat() if task.due_on else "", "deadline_phrase": "",
            "section_id": "", "amended_by": ""}
    data.update(fields)
    return data


def test_secretariat_edits_deadline_and_units(session, as_role, ward_plan):
    client = as_role("secretariat")
    task, u = ward_plan.police_task, ward_plan.units
    assert "Điều chỉnh nhiệm vụ" in client.get(f"/tasks/{task.id}").get_data(as_text=True)
    data = _edit_data(client, task, due_on="2026-07-31")
    data["unit_id"] = [str(u["ca"].id), str(u["vp"].id), ""]
    data["role"] = ["lead", "coordinate", "coordinate"]
    response = client.post(f"/tasks/{task.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    task = session.get(Task, task.id)
    assert task.due_on.isoformat() == "2026-07-31"
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Điều chỉnh thời hạn, đơn vị thực hiện" in page


def _selects(page: str) -> list[str]:
    return re.findall(r'<select name="unit_id".*?</select>', page, flags=re.S)


def test_the_units_are_listed_only_in_the_rows_to_add(session, as_role, ward_plan):
    """A current row offers its unit or none; the three rows to add list every unit (a task given to 98
    communes had 101 full lists: an 18 MB page)."""
    client = as_role("secretariat")
    task, u = ward_plan.police_task, ward_plan.units
    selects = _selects(client.get(f"/tasks/{task.id}/edit").get_data(as_text=True))
    current, to_add = selects[:-3], selects[-3:]
    assert current and all(s.count("<option") == 2 and " selected>" in s for s in current)
    assert all(f'value="{u["vp"].id}"' in s and "selected" not in s for s in to_add)
    assert all(s.count("<option") == to_add[0].count("<option") > 3 for s in to_add)


def test_bad_edit_keeps_what_was_typed(session, as_role, ward_plan):
    client = as_role("secretariat")
    task, u = ward_plan.police_task, ward_plan.units
    data = _edit_data(client, task, text="Nội dung mới chưa lưu")
    data["unit_id"], data["role"] = [str(u["ca"].id), str(u["vp"].id)], ["lead", "lead"]
    response = client.post(f"/tasks/{task.id}/edit", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "một đơn vị chủ trì" in page and "Nội dung mới chưa lưu" in page
    # Both units picked are kept, each selected in its own row, and three rows to add follow.
    kept = _selects(page)
    assert len(kept) == 5 and f'value="{u["ca"].id}" selected' in kept[0]
    assert f'value="{u["vp"].id}" selected' in kept[1]
    session.expire_all()
    assert session.get(Task, task.id).text == "Bảo đảm an ninh trụ sở tiếp công dân"


def test_withdraw_split_move_merge_add(session, as_role, ward_plan):
    client = as_role("secretariat")
    u = ward_plan.units
    url = f"/tasks/{ward_plan.request_task.id}/edit"
    empty = client.post(f"/tasks/{ward_plan.request_task.id}/withdraw",
                        data={"csrf_token": csrf_token(client, url), "reason": " ",
                              "version": str(ward_plan.request_task.version)})
    assert empty.status_code == 422 and "lý do thu hồi" in empty.get_data(as_text=True)
    done = client.post(f"/tasks/{ward_plan.request_task.id}/withdraw",
                       data={"csrf_token": csrf_token(client, url), "reason": "Không còn phù hợp",
                             "version": str(ward_plan.request_task.version)})
    assert done.status_code == 302
    manage = client.get(f"/tasks/plan/{ward_plan.document.id}/manage").get_data(as_text=True)
    assert "Nhiệm vụ đã thu hồi" in manage and "Không còn phù hợp" in manage
    detail = client.get(f"/tasks/{ward_plan.request_task.id}").get_data(as_text=True)
    assert "Nhiệm vụ đã bị thu hồi ngày" in detail and "update-form" not in detail

    url = f"/tasks/{ward_plan.police_task.id}/edit"
    split = client.post(f"/tasks/{ward_plan.police_task.id}/split", data={
        "csrf_token": csrf_token(client, url), "version": str(ward_plan.police_task.version),
        "parts": "Bảo vệ trụ sở\r\nHướng dẫn công dân xếp hàng"})
    assert split.status_code == 302
    new_id = session.scalar(select(Task.id).where(Task.text == "Hướng dẫn công dân xếp hàng"))
    moved = client.post(f"/tasks/{new_id}/move", data={"csrf_token": csrf_token(client, url), "offset": "-1"})
    assert moved.status_code == 302
    order = session.scalars(select(Task.text).where(Task.document_id == ward_plan.document.id,
                                                    Task.withdrawn_on.is_(None)).order_by(Task.position)).all()
    assert order == ["Tiếp công dân định kỳ", "Hướng dẫn công dân xếp hàng", "Bảo vệ trụ sở"]

    merged = client.post(f"/tasks/plan/{ward_plan.document.id}/merge", data={
        "csrf_token": csrf_token(client, url), "target_id": str(ward_plan.police_task.id),
        "merge_ids": [str(new_id)], "text": ""})
    assert merged.status_code == 302
    session.expire_all()
    assert session.get(Task, new_id).withdrawn_on is not None

    add_url = f"/tasks/plan/{ward_plan.document.id}/add"
    add_page = client.get(add_url).get_data(as_text=True)  # its rows to add offer the plan's units
    assert f'<option value="{u["vp"].id}">Văn phòng HĐND và UBND phường</option>' in add_page
    added = client.post(add_url, data={"csrf_token": csrf_token(client, add_url), "text": "Tổng kết đợt tiếp dân",
                                       "due_on": "2026-08-01", "section_id": "", "amended_by": "",
                                       "unit_id": [str(u["vp"].id)], "role": ["lead"]})
    assert added.status_code == 302, added.get_data(as_text=True)
    assert session.scalar(select(Task.position).where(Task.text == "Tổng kết đợt tiếp dân")) == 5


@pytest.mark.parametrize("username,status", [("congan.vikhe", 403), ("noichinh.hanoi", 404), ("xem", 403),
                                             ("noichinh.ninhbinh", 403)])
def test_others_cannot_change_the_plans_tasks(app, session, ward_plan, username, status):
    """A unit given the task sees it but cannot change it; a monitor elsewhere does not even see it."""
    client = client_for(app, username)
    task = ward_plan.police_task
    token = csrf_token(client, "/tasks/")
    for method, url, data in [("get", f"/tasks/{task.id}/edit", None),
                              ("post", f"/tasks/{task.id}/withdraw", {"reason": "x", "csrf_token": token}),
                              ("post", f"/tasks/{task.id}/split", {"parts": "a\nb", "csrf_token": token}),
                              ("post", f"/tasks/{task.id}/move", {"offset": "1", "csrf_token": token}),
                              ("get", f"/tasks/plan/{ward_plan.document.id}/manage", None),
                              ("post", f"/tasks/plan/{ward_plan.document.id}/merge",
                               {"target_id": str(task.id), "merge_ids": [str(ward_plan.lead_task.id)],
                                "csrf_token": token}),
                              ("get", f"/tasks/plan/{ward_plan.document.id}/add", None)]:
        response = getattr(client, method)(url, data=data)
        assert response.status_code == status, (url, response.status_code)
    session.expire_all()
    assert session.get(Task, task.id).withdrawn_on is None
    assert "edit-task" not in client.get(f"/tasks/{task.id}").get_data(as_text=True)
