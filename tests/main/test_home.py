"""Việc cần làm: the home page per role on the demo data (counts asserted), a fixed number of queries, and the
Văn phòng confirming a claim from it."""
import re

from sqlalchemy import func, select

from tracker.core.timeutil import today_vn
from tracker.plans.models import Task
from tracker.tasks import services


def counts(html: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2)) for m in re.finditer(
        r'<a class="list-group-item[^"]*" href="[^"]*" id="(todo-[a-z-]+)">.*?data-count="(\d+)"', html, re.S)}


def _demo_task(session, starts: str) -> Task:
    return session.scalar(select(Task).where(Task.text.startswith(starts)))


def test_unit_officer_sees_the_units_work(as_role):
    html = as_role("member").get("/").get_data(as_text=True)
    got = counts(html)
    # Công an phường Vị Khê: one task 10 days late, one due in 2 working days, nothing refused yet; four tasks
    # assigned by the demo plan are unread notices.
    assert got["todo-overdue-unit"] == 1 and got["todo-due-soon"] == 1 and got["todo-redo"] == 0
    assert got["todo-fresh"] == 4
    assert "Tăng cường công tác quản lý địa bàn" in html  # the overdue task is listed, linked
    assert 'href="/tasks/?state=overdue"' in html
    assert html.count(" is-new") == 3  # the open ones of the four, still unread
    assert "Tổng quan" not in html and "Đơn vị đang hoạt động" not in html  # no national counts


def test_opening_the_notice_takes_the_new_mark_off(session, as_role, user_of):
    from tracker.duties.models import Notification

    task = _demo_task(session, "Tăng cường công tác quản lý địa bàn")
    notice = session.scalar(select(Notification).where(Notification.user_id == user_of("member").id,
                                                       Notification.task_id == task.id))
    client = as_role("member")
    assert client.get(f"/notifications/{notice.id}").status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert html.count(" is-new") == 2 and counts(html)["todo-fresh"] == 3


def test_refused_task_shows_as_redo_for_the_unit(session, as_role, user_of):
    task = _demo_task(session, "Nắm chắc diễn biến")
    services.change_status(actor=user_of("member"), task=task, status="claimed", today=today_vn())
    services.refuse_completion(actor=user_of("secretariat"), task=task, reason="Thiếu số liệu", today=today_vn())
    got = counts(as_role("member").get("/").get_data(as_text=True))
    assert got["todo-redo"] == 1


def test_office_confirms_a_claim_from_home(session, as_role, user_of):
    office = as_role("secretariat")
    before = counts(office.get("/").get_data(as_text=True))
    assert before["todo-claims"] == 0
    assert before["todo-compile"] == 4 and before["todo-missing"] == 0 and before["todo-inbox-new"] == 0
    task = _demo_task(session, "Nắm chắc diễn biến")
    services.change_status(actor=user_of("member"), task=task, status="claimed", today=today_vn())
    html = office.get("/").get_data(as_text=True)
    assert counts(html)["todo-claims"] == 1 and f'data-task="{task.id}"' in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = office.post(f"/tasks/{task.id}/confirm", data={"csrf_token": token, "version": task.version,
                                                             "next": "/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    session.refresh(task)
    assert task.status == "done"
    assert counts(office.get("/").get_data(as_text=True))["todo-claims"] == 0


def test_next_never_leaves_the_site(session, as_role, user_of):
    office = as_role("secretariat")
    task = _demo_task(session, "Nắm chắc diễn biến")
    services.change_status(actor=user_of("member"), task=task, status="claimed", today=today_vn())
    html = office.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = office.post(f"/tasks/{task.id}/confirm", data={"csrf_token": token, "version": task.version,
                                                             "next": "//evil.example/"})
    assert response.headers["Location"] == f"/tasks/{task.id}"


def test_monitor_sees_late_bodies_and_overdue_tasks(as_role):
    html = as_role("monitor").get("/").get_data(as_text=True)
    got = counts(html)
    # Hà Nội: of five ward committees, Hoàn Kiếm, Sóc Sơn never sent their plan (due 30/4/2025), Cầu Giấy sent it
    # late, and quarterly reports are missing here and there: five committees late or missing.
    assert got["todo-late"] == 5
    assert "Đảng ủy phường Hoàn Kiếm" in html and "Đảng ủy xã Sóc Sơn" in html
    assert got["todo-escalations"] == 0 and got["todo-overdue"] == 0
    reminders = re.findall(r'<span class="me-auto">([^<]{20})[^<]*<strong>(\d+)</strong> đơn vị chưa nộp', html)
    # Quarterly reports: every committee owes at least one past quarter; the plan due 30/4/2025: Hoàn Kiếm, Sóc Sơn.
    assert reminders == [("Báo cáo kết quả thực", "5"), ("Các cấp ủy trực thuộ", "2")]


def test_admin_sees_the_machinery(as_role):
    html = as_role("admin").get("/").get_data(as_text=True)
    got = counts(html)
    assert got["todo-no-email"] >= 1 and "todo-sweep" in html
    assert "todo-claims" not in html and "todo-late" not in html


def test_viewer_has_no_todo_lists(as_role):
    html = as_role("viewer").get("/").get_data(as_text=True)
    assert counts(html) == {} and "chỉ có quyền xem" in html


def test_home_runs_a_fixed_number_of_queries(as_role, session, user_of, count_queries, monkeypatch):
    # Visible task ids kept between requests (core.generations, PostgreSQL) would make the first count the kept
    # path's and the second, after writes in this transaction, the reading path's: both counted reading.
    from tracker.core import generations

    monkeypatch.setattr(generations, "_generation", lambda name: None)
    clients = {role: as_role(role) for role in ("member", "secretariat", "monitor", "admin")}
    first = {}
    for role, client in clients.items():
        client.get("/")
        with count_queries() as counter:
            client.get("/")
        first[role] = counter.count
    # More work in the data (two claims waiting, a refusal to redo) does not mean more queries.
    for starts in ("Nắm chắc diễn biến", "Tăng cường công tác quản lý địa bàn"):
        services.change_status(actor=user_of("member"), task=_demo_task(session, starts), status="claimed",
                               today=today_vn())
    services.refuse_completion(actor=user_of("secretariat"), task=_demo_task(session, "Nắm chắc diễn biến"),
                               reason="Bổ sung số liệu", today=today_vn())
    # The monitor's counts are counted over the whole area apart from the first rows listed under them (the overdue
    # count once summed the listed 8 units only), and its own units are read once: 16.
    for role, limit in (("member", 9), ("secretariat", 13), ("monitor", 16), ("admin", 5)):
        with count_queries() as counter:
            assert clients[role].get("/").status_code == 200
        assert counter.count == first[role] <= limit, (role, counter.count, counter.statements)


def test_monitor_overdue_count_is_the_whole_area_not_the_units_listed(app, session):
    """A monitor at the body above the demo plans, every open task made overdue: the home count is the monitor
    view's count, however many lead units there are (it once added up the first eight units listed under it)."""
    from datetime import timedelta

    from tests.conftest import PASSWORD, login
    from tracker.plans.models import Assignment, Document
    from tracker.units.models import Unit, UnitClosure, User

    past = today_vn() - timedelta(days=40)
    session.execute(Task.__table__.update().where(Task.status.in_(("not_started", "in_progress", "paused")))
                    .values(due_on=past, effective_due_on=past, deadline_kind="date"))
    issuers = select(Document.issuer_id).join(Task, Task.document_id == Document.id)
    top = session.scalar(select(Unit).join(UnitClosure, UnitClosure.ancestor_id == Unit.id)
                         .where(UnitClosure.descendant_id.in_(issuers), Unit.kind == "locality",
                                Unit.parent_id.is_not(None)).order_by(UnitClosure.depth.desc()))
    monitor = User(username="noichinh.test", full_name="Giám sát thử", role="monitor", unit_id=top.id)
    monitor.set_password(PASSWORD)
    session.add(monitor)
    session.commit()
    client = app.test_client()
    assert login(client, "noichinh.test").status_code == 302
    html = client.get("/tasks/monitor?state=overdue").get_data(as_text=True)
    shown = int(re.search(r"(\d+) nhiệm vụ, xếp theo", html).group(1))
    home = client.get("/").get_data(as_text=True)
    listed = [int(n) for n in re.findall(r"<li>[^<:]+: (\d+)</li>",
                                         home.split("Nhiệm vụ quá hạn theo đơn vị chủ trì")[1])]
    assert shown > 0 and counts(home)["todo-overdue"] == shown
    assert 0 < len(listed) <= 8 and listed == sorted(listed, reverse=True)
    lead_units = session.scalar(select(func.count(func.distinct(Assignment.unit_id))).join(Task)
                                .where(Assignment.role == "lead", Task.due_on == past))
    assert len(listed) == min(lead_units, 8)
    # The units listed are those with the most overdue tasks (only those are looked up for their names).
    per_unit = session.scalars(select(func.count()).select_from(Assignment).join(Task)
                               .where(Assignment.role == "lead", Task.due_on == past).group_by(Assignment.unit_id))
    assert listed == sorted(per_unit, reverse=True)[:8]
