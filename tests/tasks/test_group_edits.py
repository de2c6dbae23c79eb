"""A task given to a group ("UBND các xã, phường") through a plan's life: one entry on the manage page, in the .xlsx
exports and the plan's .docx; split and merge carry the group and its members; an edit changes or removes the group
as a whole; the drill-down in pages; who may do it. Runs on SQLite and PostgreSQL (DATABASE_URL)."""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.reports.conftest import cascade  # noqa: F401 - the fixture
from tests.tasks.helpers import client_for
from tests.tasks.test_groups import _bulk_communes
from tracker.core.audit import AuditLog
from tracker.core.exceptions import DomainError
from tracker.extensions import db
from tracker.duties.models import Notification
from tracker.plans.models import Assignment, GroupAssignment, Task
from tracker.reports.docx.plan import build_plan_docx
from tracker.reports.queries import plan_outline
from tracker.tasks import editing, groups
from tracker.tasks import services as task_services
from tracker.tasks.models import TaskUpdate

TODAY = date(2026, 6, 20)
MEMBERS = ["Ủy ban nhân dân xã An Thử", "Ủy ban nhân dân xã Bình Thử", "Ủy ban nhân dân xã Cường Thử"]


def _group(cascade, role="coordinate", task="reception"):  # noqa: F811
    return groups.assign_group(actor=None, task=cascade.tasks[task], area=cascade.units["province"],
                               kind="people_committee", level="commune", role=role, today=TODAY)


def _members(task_id: int) -> set[tuple[int, str, int | None]]:
    return set(db.session.execute(select(Assignment.unit_id, Assignment.role, Assignment.group_id)
                                  .where(Assignment.task_id == task_id)).all())


def _users(session, cascade):  # noqa: F811
    from tracker.auth.services import create_user

    u = cascade.units
    for username, role, unit in (("vp.thunghiem", "secretariat", u["office"]), ("ubnd.anthu", "secretariat",
                                                                                  u["an_ubnd"])):
        create_user(actor=None, username=username, full_name=username, password="matkhau-demo", role=role,
                    unit=unit)
    session.commit()


# --- one entry wherever the plan's tasks are listed ------------------------------------------------------------

def test_the_manage_page_shows_the_group_as_one_entry_with_its_rollup(app, session, cascade):  # noqa: F811
    group = _group(cascade)
    _users(session, cascade)
    page = client_for(app, "vp.thunghiem").get(f"/tasks/plan/{cascade.province_plan.id}/manage")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and text.count(f'data-group="{group.id}"') == 1
    start = text.index(f'id="task-{cascade.tasks["reception"].id}"')
    row = text[start:text.index("</li>", start)]
    assert "UBND các xã, phường (Tỉnh Thử Nghiệm)" in row and "(3 đơn vị)" in row
    assert "0/3 xã đã hoàn thành" in row and f"/tasks/group/{group.id}" in row
    assert "Công an tỉnh Thử Nghiệm" in row  # the units given the task on their own stay named
    assert not any(name in text for name in MEMBERS)


def test_exports_name_the_group_once_with_its_rollup(app, session, cascade):  # noqa: F811
    _group(cascade)
    _users(session, cascade)
    for username, url in (("vp.thunghiem", "/tasks/monitor/export.xlsx"), ("ubnd.anthu", "/tasks/export.xlsx")):
        response = client_for(app, username).get(url)
        assert response.status_code == 200, url
        sheet = load_workbook(io.BytesIO(response.get_data())).active
        cells = {row[2]: row[4] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
        units = cells["Tiếp công dân định kỳ"]
        assert units == ("Chủ trì: Công an tỉnh Thử Nghiệm\nPhối hợp: Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm, "
                         "UBND các xã, phường (Tỉnh Thử Nghiệm) (3 đơn vị: 0/3 xã đã hoàn thành)"), url


def test_the_plan_docx_names_the_group_not_its_members(session, cascade):  # noqa: F811
    _group(cascade, role="lead", task="supervise")
    content = build_plan_docx(cascade.province_plan, *plan_outline(cascade.province_plan))
    text = "\n".join(p.text for p in open_docx(io.BytesIO(content)).paragraphs)
    assert ("Giám sát việc giải quyết đơn thư (Chủ trì: UBND các xã, phường; Đề nghị: Ủy ban Mặt trận Tổ quốc "
            "Việt Nam tỉnh Thử Nghiệm") in text
    assert not any(name in text for name in MEMBERS)


# --- split, merge, edit ----------------------------------------------------------------------------------------

def test_a_split_part_keeps_the_group_and_its_members(session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    _users(session, cascade)
    group = _group(cascade)
    groups.remove_member(actor=None, group=group, unit=u["cuong_ubnd"], reason="Không có đơn thư")
    first, second = editing.split_task(actor=None, task=t["reception"], parts=["Lập lịch tiếp", "Tiếp công dân"],
                                       today=TODAY)
    copy = db.session.scalar(select(GroupAssignment).where(GroupAssignment.task_id == second.id))
    assert (copy.area_id, copy.kind, copy.level, copy.role, copy.label) == (
        group.area_id, group.kind, group.level, group.role, group.label)
    assert _members(second.id) == {(u["police"].id, "lead", None), (u["office"].id, "coordinate", None),
                                   (u["an_ubnd"].id, "coordinate", copy.id), (u["binh_ubnd"].id, "coordinate", copy.id)}
    assert groups.summaries([group], TODAY)[group.id].total == 2  # the first part keeps its group as it was
    log = db.session.scalar(select(AuditLog).where(AuditLog.entity_id == second.id, AuditLog.action == "group_assign"))
    assert f"tách từ nhiệm vụ #{first.id}" in log.summary and log.changes["members"] == 2
    told = [m for m in db.session.scalars(select(Notification.message).where(Notification.task_id == second.id))
            if "xã" in m]  # the province's office is told of its own new task too
    assert told == ["Nhiệm vụ mới (Phối hợp) cho Ủy ban nhân dân xã An Thử: “Tiếp công dân” (Kế hoạch số "
                    "77/KH-UBND ngày 02/04/2025, hạn 31/05/2026)."]


def test_a_merge_brings_the_group_and_the_merged_task_keeps_its_own(session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    group = _group(cascade, role="lead", task="supervise")
    task_services.post_update(actor=None, task=t["supervise"], unit_id=u["binh_ubnd"].id, today=TODAY,
                              note_md="Đã giám sát 3 vụ", progress=50)
    # Bình is named on its own on the target: it joins the group there; the target's lead gives way to no one
    # (a group that leads on the merged task coordinates on a target that has a lead).
    editing.edit_task(actor=None, task=t["reception"], text=t["reception"].text, section=None,
                      due_on=t["reception"].due_on, deadline_phrase=None,
                      assignments=[(u["police"], "lead"), (u["office"], "coordinate"), (u["binh_ubnd"], "request")],
                      today=TODAY)
    editing.merge_tasks(actor=None, target=t["reception"], others=[t["supervise"]], text=None, today=TODAY)
    moved = db.session.scalar(select(GroupAssignment).where(GroupAssignment.task_id == t["reception"].id))
    assert moved.role == "coordinate" and moved.id != group.id
    assert _members(t["reception"].id) == {
        (u["police"].id, "lead", None), (u["office"].id, "coordinate", None),
        (u["front"].id, "request", None), (u["binh_ubnd"].id, "request", moved.id),
        (u["an_ubnd"].id, "coordinate", moved.id), (u["cuong_ubnd"].id, "coordinate", moved.id)}
    # The merged task is withdrawn with its group and members as they were; Bình's update stays on it.
    assert t["supervise"].withdrawn_on == TODAY
    assert {(unit, role) for unit, role, gid in _members(t["supervise"].id) if gid == group.id} == {
        (u[k].id, "lead") for k in ("an_ubnd", "binh_ubnd", "cuong_ubnd")}
    assert db.session.scalar(select(func.count()).select_from(TaskUpdate).where(
        TaskUpdate.task_id == t["supervise"].id, TaskUpdate.unit_id == u["binh_ubnd"].id)) == 1
    # The communes' own tasks carrying out the target still roll up into the group there.
    assert groups.summaries([moved], TODAY)[moved.id].counts == {"in_progress": 2, "not_started": 1}


def test_a_lead_group_merged_into_a_task_without_lead_keeps_leading(session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    _group(cascade, role="lead", task="supervise")
    target = task_services.create_task(actor=None, document=cascade.province_plan, text="Giám sát chung",
                                       assignments=[(u["front"], "request"), (u["police"], "coordinate")],
                                       position=9)
    other = task_services.create_task(actor=None, document=cascade.province_plan, text="Báo cáo giám sát",
                                      assignments=[(u["office"], "lead")], position=10)
    editing.merge_tasks(actor=None, target=target, others=[t["supervise"], other], text="Giám sát", today=TODAY)
    moved = db.session.scalar(select(GroupAssignment).where(GroupAssignment.task_id == target.id))
    assert moved.role == "lead"
    own = {(unit, role) for unit, role, gid in _members(target.id) if gid is None}
    assert own == {(u["front"].id, "request"), (u["police"].id, "coordinate"), (u["office"].id, "coordinate")}


def test_an_edit_changes_or_removes_the_group_as_a_whole(session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    _users(session, cascade)
    group = _group(cascade)
    task = t["reception"]
    task_services.post_update(actor=None, task=task, unit_id=u["an_ubnd"].id, today=TODAY, note_md="Đã tiếp",
                              progress=30)
    session.commit()  # a savepoint: the refusals below roll back to it

    def edit(roles, assignments=((u["police"], "lead"), (u["office"], "coordinate"))):
        return editing.edit_task(actor=None, task=task, text=task.text, section=None, due_on=task.due_on,
                                 deadline_phrase=None, assignments=list(assignments), today=TODAY, groups=roles)

    with pytest.raises(DomainError, match="nhóm đơn vị chủ trì"):
        edit({group.id: "lead"})  # the police lead on their own
    db.session.rollback()
    with pytest.raises(DomainError, match="không thuộc nhiệm vụ"):
        edit({group.id + 999: "request"})
    db.session.rollback()
    version = task.version
    assert edit({group.id: "request"})["groups"][1] == [["UBND các xã, phường (Tỉnh Thử Nghiệm)", "Đề nghị"]]
    assert task.version == version + 1
    assert {role for _, role, gid in _members(task.id) if gid == group.id} == {"request"}
    assert edit({group.id: "lead"}, [(u["office"], "coordinate")])["assignments"]
    assert {role for _, role, gid in _members(task.id) if gid == group.id} == {"lead"}
    session.commit()
    with pytest.raises(DomainError, match="ít nhất một đơn vị"):
        edit({group.id: "remove"}, [])
    db.session.rollback()
    changes = edit({group.id: "remove"}, [(u["police"], "lead")])
    assert changes["groups"] == [[["UBND các xã, phường (Tỉnh Thử Nghiệm)", "Chủ trì"]], []]
    assert _members(task.id) == {(u["police"].id, "lead", None)}
    assert db.session.get(GroupAssignment, group.id) is None
    assert db.session.scalar(select(func.count()).select_from(TaskUpdate).where(  # An's update stays as history
        TaskUpdate.task_id == task.id, TaskUpdate.unit_id == u["an_ubnd"].id)) == 1
    log = db.session.scalar(select(AuditLog).where(AuditLog.entity_id == task.id, AuditLog.action == "group_change")
                            .order_by(AuditLog.id.desc()))
    assert "bỏ nhóm UBND các xã, phường" in log.summary and len(log.changes["unit_ids_removed"]) == 3
    told = [m for m in db.session.scalars(select(Notification.message).where(
        Notification.task_id == task.id, Notification.kind == "task_withdrawn")) if "xã" in m]
    assert len(told) == 1 and told[0].startswith("Nhiệm vụ đã thu hồi khỏi Ủy ban nhân dân xã An Thử, Ủy ban nhân "
                                                 "dân xã Bình Thử, Ủy ban nhân dân xã Cường Thử")


def test_the_edit_page_changes_a_group_and_refuses_bad_input_without_losing_it(app, session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    group = _group(cascade)
    _users(session, cascade)
    client = client_for(app, "vp.thunghiem")
    url = f"/tasks/{t['reception'].id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert f'name="group_role_{group.id}"' in page and "bỏ cả nhóm" in page
    form = {"csrf_token": csrf_token(client, url), "version": str(t["reception"].version), "text": "Tiếp dân",
            "unit_id": [str(u["police"].id), str(u["office"].id)], "role": ["lead", "coordinate"],
            "section_id": str(t["reception"].section_id)}
    for bad, message in (({f"group_role_{group.id}": "boss"}, "Vai trò của nhóm đơn vị không hợp lệ"),
                         ({"group_role_x1": "lead"}, "không thuộc nhiệm vụ này"),
                         ({f"group_role_{group.id}": "lead"}, "nhóm đơn vị chủ trì")):
        response = client.post(url, data={**form, **bad})
        text = response.get_data(as_text=True)
        assert response.status_code == 422 and message in text, bad
        assert "Tiếp dân" in text  # what was typed is shown again
        assert {r for _, r, gid in _members(t["reception"].id) if gid == group.id} == {"coordinate"}
    response = client.post(url, data={**form, f"group_role_{group.id}": "request"})
    assert response.status_code == 302
    assert {r for _, r, gid in _members(t["reception"].id) if gid == group.id} == {"request"}
    detail = client.get(f"/tasks/{t['reception'].id}").get_data(as_text=True)
    assert "Nhóm đơn vị:" in detail and "Đề nghị" in detail


# --- the drill-down in pages -----------------------------------------------------------------------------------

def test_the_drill_down_is_paged_with_counts_and_a_not_done_filter(app, session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    _bulk_communes(u["province"], 247)  # 250 communes
    group = _group(cascade)
    an_task = db.session.scalar(select(Task).where(Task.implements_task_id == t["reception"].id,
                                                   Task.text == "Tiếp công dân ở xã"))
    task_services.change_status(actor=None, task=an_task, status="claimed", today=TODAY)
    task_services.confirm_completion(actor=None, task=an_task, today=TODAY)
    page = groups.member_page(group, TODAY, per_page=100)
    assert page.summary.total == 250 and page.summary.done == 1 and page.pages == 3 and len(page.rows) == 100
    assert page.rows[0].state == "not_started" and list(page.iter_pages()) == [1, 2, 3]
    last = groups.member_page(group, TODAY, page=3, per_page=100)
    assert len(last.rows) == 50 and last.rows[-1].unit.name == "Ủy ban nhân dân xã An Thử"  # done comes last
    assert groups.member_page(group, TODAY, state="open", per_page=100).total == 249
    assert groups.member_page(group, TODAY, page=99, per_page=100).page == 3  # beyond the end: the last page
    assert list(groups.member_page(group, TODAY, page=9, per_page=10).iter_pages()) == [
        1, 2, None, 7, 8, 9, 10, 11, None, 24, 25]
    _users(session, cascade)
    client = client_for(app, "vp.thunghiem")
    html = client.get(f"/tasks/group/{group.id}?state=open&page=3").get_data(as_text=True)
    assert html.count('data-unit="') == 49 and "Đơn vị 201–249 trong 249 (chưa hoàn thành)" in html
    assert "Chưa hoàn thành: 249" in html and 'data-state="done"' not in html
    html = client.get(f"/tasks/group/{group.id}?page=abc&state=<x>").get_data(as_text=True)
    assert html.count('data-unit="') == 100
    member = client_for(app, "ubnd.anthu").get(f"/tasks/group/{group.id}").get_data(as_text=True)
    assert member.count('data-unit="') == 1 and "Tất cả: 250" in member


# --- who may change it -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("username, allowed", [("admin", True), ("vp.thunghiem", True), ("ubnd.anthu", False),
                                               ("vanphong.vikhe", False), ("xem", False)])
def test_only_the_plans_body_and_admins_change_a_group_task(app, session, cascade, username, allowed):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    group = _group(cascade)
    _users(session, cascade)
    client = client_for(app, username)
    task = t["reception"]
    token = csrf_token(client, "/")

    def version():
        return str(db.session.scalar(select(Task.version).where(Task.id == task.id)))

    responses = [client.get(f"/tasks/plan/{cascade.province_plan.id}/manage")]
    responses.append(client.post(f"/tasks/{task.id}/edit", data={
        "csrf_token": token, "version": version(), "text": "x", "unit_id": str(u["police"].id), "role": "lead",
        f"group_role_{group.id}": "remove"}))
    responses.append(client.post(f"/tasks/{task.id}/split", data={"csrf_token": token, "version": version(),
                                                                   "parts": "Một\nHai"}))
    responses.append(client.post(f"/tasks/plan/{cascade.province_plan.id}/merge", data={
        "csrf_token": token, "target_id": str(task.id), "merge_ids": [str(t["supervise"].id)]}))
    codes = [r.status_code for r in responses]
    if allowed:
        assert codes == [200, 302, 302, 302], codes
        assert db.session.get(GroupAssignment, group.id) is None
    else:
        assert all(code in (403, 404) for code in codes), codes
        assert db.session.get(GroupAssignment, group.id) is not None and groups.summaries(
            [group], TODAY)[group.id].total == 3
        assert db.session.scalar(select(func.count()).select_from(Task).where(
            Task.document_id == cascade.province_plan.id, Task.withdrawn_on.is_(None))) == 3
