"""Assigning a task to a group of units ("UBND các xã, phường"): resolving the group within the issuer's area,
one assignment per member in one flush, the one-line roll-up and its drill-down, units created later, members and
tasks withdrawn out of the counts, and who may do what."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, insert, select

from tests.conftest import csrf_token
from tests.reports.conftest import cascade  # noqa: F401 - the fixture
from tests.tasks.helpers import client_for
from tracker.core.exceptions import DomainError
from tracker.core.vntext import fold
from tracker.extensions import db
from tracker.plans.models import Assignment, GroupAssignment, Task
from tracker.tasks import editing, groups
from tracker.tasks import services as task_services
from tracker.tasks.models import TaskUpdate
from tracker.units import groups as unit_groups
from tracker.units import services as unit_services
from tracker.units.models import Unit, UnitClosure

TODAY = date(2026, 6, 20)


def _group(cascade, role="coordinate", task="reception"):  # noqa: F811
    return groups.assign_group(actor=None, task=cascade.tasks[task], area=cascade.units["province"],
                               kind="people_committee", level="commune", role=role, today=TODAY)


def test_a_group_is_a_kind_of_unit_within_the_area(session, cascade, unit_named):  # noqa: F811
    u = cascade.units
    names = [x.name for x in unit_groups.members(u["province"].id, "people_committee", "commune", TODAY)]
    assert names == ["Ủy ban nhân dân xã An Thử", "Ủy ban nhân dân xã Bình Thử", "Ủy ban nhân dân xã Cường Thử"]
    options = {(o.kind, o.level): o for o in unit_groups.available_groups(u["province"].id, TODAY)}
    assert options[("people_committee", "commune")].members == 3
    assert options[("people_committee", "commune")].label == "UBND các xã, phường"
    assert options[("locality", "commune")].members == 3
    # Another province's communes are not members; a retired commune UBND is not either, from its end date.
    unit_services.retire_unit(actor=None, unit=u["cuong_ubnd"], retired_on=date(2026, 6, 1), successor=None)
    assert unit_groups.count_members(u["province"].id, "people_committee", "commune", TODAY) == 2
    assert unit_groups.count_members(u["province"].id, "people_committee", "commune", date(2026, 5, 31)) == 3
    ninh_binh = unit_named("Tỉnh Ninh Bình")
    assert u["an_ubnd"].id not in {x.id for x in unit_groups.members(ninh_binh.id, "people_committee", "commune",
                                                                       TODAY)}


@pytest.mark.parametrize("phrase, expected", [
    ("UBND các xã, phường", ("people_committee", "commune")),
    ("Ủy ban nhân dân các xã, phường, đặc khu", ("people_committee", "commune")),
    ("Các sở, ban, ngành", ("agency", "province")),
    ("các sở, ban, ngành tỉnh", ("agency", "province")),
    ("Đảng ủy các xã", ("party_committee", "commune")),
    ("Ủy ban MTTQ các xã, phường", ("front", "commune")),
    ("Các xã, phường", ("locality", "commune")),
    ("UBND các huyện", ("people_committee", "district")),
    ("các cơ quan, đơn vị", None),
])
def test_group_phrases_of_plans(phrase, expected):
    assert unit_groups.group_from_name(phrase) == expected


def test_each_member_gets_its_assignment_and_the_group_rolls_up(session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    group = _group(cascade)
    rows = db.session.execute(select(Assignment.unit_id, Assignment.role, Assignment.group_id)
                              .where(Assignment.task_id == t["reception"].id)).all()
    members = {(unit_id, role) for unit_id, role, group_id in rows if group_id == group.id}
    assert members == {(u[k].id, "coordinate") for k in ("an_ubnd", "binh_ubnd", "cuong_ubnd")}
    assert {(unit_id, role) for unit_id, role, group_id in rows if group_id is None} == {
        (u["police"].id, "lead"), (u["office"].id, "coordinate")}
    assert group.label == "UBND các xã, phường (Tỉnh Thử Nghiệm)"
    # An and Bình have their own plan's task carrying out this one (open); Cường has nothing yet.
    summary = groups.summaries([group], TODAY)[group.id]
    assert summary.counts == {"in_progress": 2, "not_started": 1}
    assert summary.headline == "0/3 xã đã hoàn thành"
    an_task = db.session.scalar(select(Task).where(Task.implements_task_id == t["reception"].id,
                                                   Task.text == "Tiếp công dân ở xã"))
    task_services.change_status(actor=None, task=an_task, status="claimed", today=TODAY)
    task_services.confirm_completion(actor=None, task=an_task, today=TODAY)
    task_services.post_update(actor=None, task=t["reception"], unit_id=u["cuong_ubnd"].id, today=TODAY,
                              note_md="Đã tổ chức tiếp công dân", progress=100)
    rows = {r.unit.name: r.state for r in groups.member_rows(group, TODAY)}
    assert rows == {"Ủy ban nhân dân xã An Thử": "done", "Ủy ban nhân dân xã Bình Thử": "in_progress",
                    "Ủy ban nhân dân xã Cường Thử": "claimed"}
    assert groups.summaries([group], TODAY)[group.id].headline == "1/3 xã đã hoàn thành"
    # The roll-up counts states in SQL, the drill-down member by member in Python: one rule.
    assert groups.summaries([group], TODAY)[group.id].counts == groups.member_page(group, TODAY).summary.counts \
        == {"done": 1, "in_progress": 1, "claimed": 1}
    assert [r.unit.name for r in groups.member_rows(group, TODAY, "claimed")] == ["Ủy ban nhân dân xã Cường Thử"]
    # A member reports on its part; the task's shared state and progress are not one commune's to set for all.
    assert t["reception"].status == "in_progress" and t["reception"].progress == 0


def test_refusals(session, cascade, unit_named):  # noqa: F811
    t = cascade.tasks
    with pytest.raises(DomainError, match="đã có đơn vị chủ trì"):
        _group(cascade, role="lead")
    with pytest.raises(DomainError, match="địa bàn"):
        groups.assign_group(actor=None, task=t["reception"], area=unit_named("Tỉnh Ninh Bình"),
                            kind="people_committee", level="commune", role="coordinate", today=TODAY)
    with pytest.raises(DomainError, match="Không có đơn vị nào"):
        groups.assign_group(actor=None, task=t["reception"], area=cascade.units["province"], kind="court",
                            level="commune", role="coordinate", today=TODAY)
    _group(cascade)
    with pytest.raises(DomainError, match="đã được giao cho nhóm này"):
        _group(cascade)
    with pytest.raises(DomainError, match="đã được xác nhận hoàn thành"):
        _group(cascade, task="propaganda")


def test_a_unit_created_later_joins_an_open_group(session, cascade):  # noqa: F811
    u = cascade.units
    group = _group(cascade, role="lead", task="supervise")
    commune = unit_services.create_unit(actor=None, name="Xã Đông Thử", parent=u["province"], kind="locality",
                                        level="commune")
    ubnd = unit_services.create_unit(actor=None, name="Ủy ban nhân dân xã Đông Thử", parent=commune,
                                     kind="people_committee", level="commune")
    assert groups.new_member_ids(group, TODAY) == [ubnd.id]
    assert groups.add_new_members(actor=None, group=group, today=TODAY) == 1
    assert groups.add_new_members(actor=None, group=group, today=TODAY) == 0
    assert db.session.scalar(select(Assignment.role).where(Assignment.unit_id == ubnd.id,
                                                           Assignment.group_id == group.id)) == "lead"
    assert groups.summaries([group], TODAY)[group.id].total == 4
    editing.withdraw_task(actor=None, task=cascade.tasks["supervise"], reason="Bỏ", today=TODAY)
    with pytest.raises(DomainError, match="thu hồi"):
        groups.add_new_members(actor=None, group=group, today=TODAY)


def test_withdrawn_members_and_tasks_leave_the_counts(session, cascade, user_of):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    group = _group(cascade)
    task_services.post_update(actor=None, task=t["reception"], unit_id=u["cuong_ubnd"].id, today=TODAY,
                              note_md="Ghi nhận", progress=40)
    groups.remove_member(actor=None, group=group, unit=u["cuong_ubnd"], reason="Không có đơn thư")
    summary = groups.summaries([group], TODAY)[group.id]
    assert summary.total == 2 and "Ủy ban nhân dân xã Cường Thử" not in {
        r.unit.name for r in groups.member_rows(group, TODAY)}
    assert db.session.scalar(select(func.count()).select_from(TaskUpdate).where(  # its update stays as history
        TaskUpdate.task_id == t["reception"].id, TaskUpdate.unit_id == u["cuong_ubnd"].id)) == 1
    # Bình's own task carrying this one out is withdrawn: Bình has nothing under way any more.
    binh_task = db.session.scalar(select(Task).where(Task.implements_task_id == t["reception"].id,
                                                     Task.text == "Tiếp công dân ở xã Bình"))
    editing.withdraw_task(actor=None, task=binh_task, reason="Trùng", today=TODAY)
    assert groups.summaries([group], TODAY)[group.id].counts == {"in_progress": 1, "not_started": 1}
    # The whole task withdrawn: its group leaves the plan's page.
    admin = user_of("admin")
    assert [g.id for _, g, _ in groups.plan_groups(admin, cascade.province_plan, TODAY)] == [group.id]
    editing.withdraw_task(actor=None, task=t["reception"], reason="Hết hiệu lực", today=TODAY)
    assert groups.plan_groups(admin, cascade.province_plan, TODAY) == []


def test_editing_the_task_keeps_its_group(session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    group = _group(cascade)
    editing.edit_task(actor=None, task=t["reception"], text="Tiếp công dân định kỳ hằng tháng", section=None,
                      due_on=t["reception"].due_on, deadline_phrase=None, assignments=[(u["police"], "lead")],
                      today=TODAY)
    assert groups.summaries([group], TODAY)[group.id].total == 3
    with pytest.raises(DomainError, match="trong một nhóm"):
        editing.edit_task(actor=None, task=t["reception"], text="x", section=None, due_on=None,
                          deadline_phrase=None, assignments=[(u["police"], "lead"), (u["an_ubnd"], "coordinate")],
                          today=TODAY)


def _bulk_communes(province: Unit, count: int) -> None:
    """`count` communes, each with its UBND, inserted in bulk (ids, closure rows), as a national tree holds."""
    ancestors = db.session.execute(select(UnitClosure.ancestor_id, UnitClosure.depth)
                                   .where(UnitClosure.descendant_id == province.id)).all()
    next_id = (db.session.scalar(select(func.max(Unit.id))) or 0) + 1
    units, closure = [], []
    for i in range(count):
        commune, ubnd = next_id, next_id + 1
        next_id += 2
        for uid, parent, name, kind in ((commune, province.id, f"Xã Số {i:04d}", "locality"),
                                        (ubnd, commune, f"Ủy ban nhân dân xã Số {i:04d}", "people_committee")):
            units.append({"id": uid, "parent_id": parent, "name": name, "kind": kind, "level": "commune",
                          "name_key": fold(name), "search_text": fold(name), "sort_name": fold(name)})
        closure += [{"ancestor_id": commune, "descendant_id": commune, "depth": 0},
                    {"ancestor_id": ubnd, "descendant_id": ubnd, "depth": 0},
                    {"ancestor_id": commune, "descendant_id": ubnd, "depth": 1}]
        for ancestor, depth in ancestors:
            closure += [{"ancestor_id": ancestor, "descendant_id": commune, "depth": depth + 1},
                        {"ancestor_id": ancestor, "descendant_id": ubnd, "depth": depth + 2}]
    db.session.execute(insert(Unit), units)
    db.session.execute(insert(UnitClosure), closure)
    db.session.flush()


def test_3300_members_in_one_flush_with_a_constant_number_of_queries(session, cascade, count_queries):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    _bulk_communes(u["province"], 3_297)  # with the cascade's three: 3,300 communes
    with count_queries() as counter:
        group = _group(cascade)
    assert db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.group_id == group.id)) == 3_300
    assert counter.count <= 15, counter.statements
    with count_queries() as counter:
        summary = groups.summaries([group], TODAY)[group.id]
    assert summary.total == 3_300 and summary.counts["in_progress"] == 2
    assert counter.count <= 5, counter.statements
    with count_queries() as counter:
        rows = groups.member_rows(group, TODAY)
    assert len(rows) == 3_300 and counter.count <= 6
    # The task's page and the plan's page show the group as one line, in a bounded number of queries.
    assert db.session.get(GroupAssignment, group.id).task_id == t["reception"].id


def test_pages_and_who_may_change_the_group(app, session, cascade):  # noqa: F811
    from tracker.auth.services import create_user

    u, t = cascade.units, cascade.tasks
    create_user(actor=None, username="vp.thunghiem", full_name="Văn phòng tỉnh", password="matkhau-demo",
                role="secretariat", unit=u["office"])
    create_user(actor=None, username="ubnd.anthu", full_name="Văn thư xã An", password="matkhau-demo",
                role="secretariat", unit=u["an_ubnd"])
    session.commit()
    province = client_for(app, "vp.thunghiem")
    page = province.get(f"/tasks/{t['reception'].id}/group")
    assert page.status_code == 200 and "UBND các xã, phường" in page.get_data(as_text=True)
    page = province.get(f"/tasks/{t['reception'].id}/group?kind=people_committee&level=commune")
    text = page.get_data(as_text=True)
    assert "Ủy ban nhân dân xã Bình Thử" in text and "Giao cho 3 đơn vị" in text
    response = province.post(f"/tasks/{t['reception'].id}/group", data={
        "csrf_token": csrf_token(province, f"/tasks/{t['reception'].id}/group"), "kind": "people_committee",
        "level": "commune", "role": "coordinate"})
    assert response.status_code == 302
    group = db.session.scalar(select(GroupAssignment).where(GroupAssignment.task_id == t["reception"].id))
    detail = province.get(f"/tasks/{t['reception'].id}").get_data(as_text=True)
    assert "0/3 xã đã hoàn thành" in detail and f'data-group="{group.id}"' in detail
    assert "Ủy ban nhân dân xã Bình Thử" not in detail  # the members are one line, not three
    plan = province.get(f"/tasks/plan/{cascade.province_plan.id}").get_data(as_text=True)
    assert plan.count(f'data-group="{group.id}"') == 1 and "Ủy ban nhân dân xã Cường Thử" not in plan
    drill = province.get(f"/tasks/group/{group.id}").get_data(as_text=True)
    assert drill.count('data-unit="') == 3 and "Bổ sung vào nhóm" not in drill and "Bỏ khỏi nhóm" in drill
    # A member commune sees the group and only its own line; it cannot change the group or give the task to one.
    member = client_for(app, "ubnd.anthu")
    drill = member.get(f"/tasks/group/{group.id}").get_data(as_text=True)
    assert drill.count('data-unit="') == 1 and f'data-unit="{u["an_ubnd"].id}"' in drill and "Bỏ khỏi nhóm" not in drill
    token = csrf_token(member, f"/tasks/{t['reception'].id}")
    assert member.get(f"/tasks/{t['reception'].id}/group").status_code == 403
    assert member.post(f"/tasks/group/{group.id}/add-new", data={"csrf_token": token}).status_code == 403
    assert member.post(f"/tasks/group/{group.id}/remove", data={
        "csrf_token": token, "unit_id": u["an_ubnd"].id, "reason": "Không muốn làm"}).status_code == 403
    assert groups.summaries([group], TODAY)[group.id].total == 3
    # The province removes one with a reason.
    token = csrf_token(province, f"/tasks/group/{group.id}")
    response = province.post(f"/tasks/group/{group.id}/remove", data={
        "csrf_token": token, "unit_id": u["cuong_ubnd"].id, "reason": "Không có đơn thư"})
    assert response.status_code == 302
    assert groups.summaries([group], TODAY)[group.id].total == 2


GROUP_PLAN = """ỦY BAN NHÂN DÂN
TỈNH THỬ NGHIỆM
Số: 90/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thử Nghiệm, ngày 10 tháng 6 năm 2026

KẾ HOẠCH
Tuyên truyền, phổ biến pháp luật về tiếp công dân năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ và Nhân dân.

II. NHIỆM VỤ
1. Tổ chức tuyên truyền Luật Tiếp công dân đến từng thôn, tổ dân phố.
Cơ quan thực hiện: UBND các xã, phường.
Thời gian thực hiện: trước ngày 30/9/2026.
2. Tổng hợp kết quả tuyên truyền, báo cáo UBND tỉnh.
Cơ quan chủ trì: Công an tỉnh Thử Nghiệm.
Thời gian thực hiện: trước ngày 15/10/2026.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


def _review(client):
    import io

    from tests.formdata import form_fields

    token = csrf_token(client, "/documents/import/")
    page = client.post("/documents/import/", data={"csrf_token": token, "file": (
        io.BytesIO(GROUP_PLAN.encode()), "kh90.txt")}, content_type="multipart/form-data").get_data(as_text=True)
    return page, form_fields(page, "review-form")


def test_the_import_review_expands_a_group_named_in_the_text(app, session, cascade):  # noqa: F811
    from tracker.auth.services import create_user
    from tracker.plans.models import Document

    u = cascade.units
    create_user(actor=None, username="vp.thunghiem", full_name="Văn phòng tỉnh", password="matkhau-demo",
                role="secretariat", unit=u["office"])
    session.commit()
    client = client_for(app, "vp.thunghiem")
    page, fields = _review(client)
    assert "Giao cho từng đơn vị của nhóm “UBND các xã, phường” (3 đơn vị" in page
    assert "t-0-a-0-expand" not in fields  # offered, not ticked: nothing changes unless the user asks
    crafted = fields.copy()
    crafted["t-0-a-0-expand"] = "court/planet"
    response = client.post("/documents/import/confirm", data=crafted)
    assert response.status_code == 422 and "Nhóm đơn vị được chọn không hợp lệ" in response.get_data(as_text=True)
    fields["t-0-a-0-expand"] = "people_committee/commune"
    response = client.post("/documents/import/confirm", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    document = db.session.scalar(select(Document).where(Document.number_text == "90/KH-UBND"))
    first = db.session.scalar(select(Task).where(Task.document_id == document.id).order_by(Task.position))
    group = db.session.scalar(select(GroupAssignment).where(GroupAssignment.task_id == first.id))
    assert (group.kind, group.level, group.role, group.area_id) == ("people_committee", "commune", "lead",
                                                                     u["province"].id)
    assert set(db.session.scalars(select(Assignment.unit_id).where(Assignment.group_id == group.id))) == {
        u["an_ubnd"].id, u["binh_ubnd"].id, u["cuong_ubnd"].id}


def test_a_member_named_one_by_one_joins_the_group(session, cascade):  # noqa: F811
    u, t = cascade.units, cascade.tasks
    editing.edit_task(actor=None, task=t["supervise"], text=t["supervise"].text, section=None,
                      due_on=t["supervise"].due_on, deadline_phrase=None,
                      assignments=[(u["an_ubnd"], "lead"), (u["front"], "request")], today=TODAY)
    group = _group(cascade, role="lead", task="supervise")
    rows = set(db.session.execute(select(Assignment.unit_id, Assignment.role, Assignment.group_id)
                                  .where(Assignment.task_id == t["supervise"].id)).all())
    assert rows == {(u["an_ubnd"].id, "lead", group.id), (u["binh_ubnd"].id, "lead", group.id),
                    (u["cuong_ubnd"].id, "lead", group.id), (u["front"].id, "request", None)}


def test_a_new_unit_is_offered_the_open_groups_of_its_area(app, session, cascade, as_role):  # noqa: F811
    u = cascade.units
    group = _group(cascade)
    closed = _group(cascade, task="supervise", role="lead")
    editing.withdraw_task(actor=None, task=cascade.tasks["supervise"], reason="Bỏ", today=TODAY)
    session.commit()
    admin = as_role("admin")
    commune = unit_services.create_unit(actor=None, name="Xã Đông Thử", parent=u["province"], kind="locality",
                                        level="commune")
    session.commit()
    response = admin.post(f"/units/create?parent_id={commune.id}", data={
        "csrf_token": csrf_token(admin, f"/units/create?parent_id={commune.id}"),
        "name": "Ủy ban nhân dân xã Đông Thử", "kind": "people_committee", "level": "commune"})
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bổ sung vào nhóm" in page and f"/tasks/group/{group.id}/add-new" in page
    assert f"/tasks/group/{closed.id}/add-new" not in page  # its task was withdrawn: not open
    admin.post(f"/tasks/group/{group.id}/add-new", data={"csrf_token": csrf_token(admin, "/")})
    assert groups.summaries([group], TODAY)[group.id].total == 4
    assert "Bổ sung vào nhóm" not in admin.get(response.headers["Location"]).get_data(as_text=True)


def test_the_group_page_presses_only_the_members_not_done(app, session, cascade):  # noqa: F811
    from tracker.auth.services import create_user
    from tracker.tasks.models import TaskComment

    u, t = cascade.units, cascade.tasks
    group = _group(cascade)
    an_task = db.session.scalar(select(Task).where(Task.implements_task_id == t["reception"].id,
                                                   Task.text == "Tiếp công dân ở xã"))
    task_services.change_status(actor=None, task=an_task, status="claimed", today=TODAY)
    task_services.confirm_completion(actor=None, task=an_task, today=TODAY)
    create_user(actor=None, username="vp.thunghiem", full_name="Văn phòng tỉnh", password="matkhau-demo",
                role="secretariat", unit=u["office"])
    session.commit()
    client = client_for(app, "vp.thunghiem")
    token = csrf_token(client, f"/tasks/group/{group.id}")
    response = client.post(f"/tasks/group/{group.id}/remind", data={"csrf_token": token,
                                                                    "body_md": "Đề nghị khẩn trương báo cáo"})
    assert response.status_code == 302
    from tracker.core.audit import AuditLog

    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "remind").order_by(AuditLog.id.desc()))
    assert sorted(log.changes["unit_ids"]) == sorted([u["binh_ubnd"].id, u["cuong_ubnd"].id])
    assert db.session.scalar(select(func.count()).select_from(TaskComment).where(
        TaskComment.task_id == t["reception"].id, TaskComment.kind == "reminder")) == 1


def test_the_monitor_list_shows_a_group_as_one_line(app, session, cascade, count_queries):  # noqa: F811
    from tracker.auth.services import create_user

    u, t = cascade.units, cascade.tasks
    create_user(actor=None, username="vp.danhsach", full_name="Văn phòng tỉnh", password="matkhau-demo",
                role="secretariat", unit=u["office"])
    _group(cascade)
    session.commit()
    province = client_for(app, "vp.danhsach")
    row = _row(province.get("/tasks/monitor").get_data(as_text=True), t["reception"].id)
    assert "(3 đơn vị)" in row and "Ủy ban nhân dân xã Bình Thử" not in row
    _bulk_communes(u["province"], 300)
    session.commit()
    with count_queries() as counter:
        row = _row(province.get("/tasks/monitor").get_data(as_text=True), t["reception"].id)
    assert "(3 đơn vị)" in row  # communes created later join only when someone adds them
    assert groups.add_new_members(actor=None, group=db.session.scalar(select(GroupAssignment)), today=TODAY) == 300
    session.commit()
    with count_queries() as more:
        row = _row(province.get("/tasks/monitor").get_data(as_text=True), t["reception"].id)
    assert "(303 đơn vị)" in row and more.count == counter.count


def _row(page: str, task_id: int) -> str:
    start = page.index(f'data-task="{task_id}"')
    return page[start:page.index("</tr>", start)]
