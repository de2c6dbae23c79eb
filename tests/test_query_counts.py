"""Issue 20: the monitor view, its .xlsx and the search run the same number of SQL statements whether 10 or
1,000 rows match (speed itself is measured in bench/, never here)."""
import re
from datetime import date

from tracker.plans.models import Assignment, Task
from tests.reports.conftest import cascade  # noqa: F401 - the fixture
from tracker.search.indexer import reindex_all

WORD = "quanhzzz"


def _plan(session, unit, title):
    from tracker.plans import services as plan_services

    document = plan_services.create_document(
        actor=None, doc_type="KH", number_text=None, issued_on=None, issued_year=2026, issuer=unit,
        issuer_name=None, title=title, body_md=None, place=None, signer_authority=None, signer_position=None,
        signer_name=None)
    session.flush()
    return document


def _tasks(session, document_id, lead_id, other_ids, n, start=0):
    """`n` tasks with the marker word, each led by one unit with others coordinating (several assignments per
    row, so a list that loaded them per task would show)."""
    tasks = [Task(document_id=document_id, text=f"Nhiệm vụ đo số {start + i} tuần tra {WORD}", position=start + i,
                  due_on=date(2026, 6, 1 + i % 28), status=("done", "in_progress", "claimed", "not_started")[i % 4])
             for i in range(n)]
    session.add_all(tasks)
    session.flush()
    session.add_all([Assignment(task_id=t.id, unit_id=lead_id, role="lead") for t in tasks]
                    + [Assignment(task_id=t.id, unit_id=u, role="coordinate") for t in tasks for u in other_ids])
    session.commit()


def _count(client, count_queries, url):
    client.get(url)  # warm: the first request after login fills the user's caches
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    # Loading the signed-in user is one statement per request in service; the test's long-lived session may or
    # may not still hold the user between two requests, so that statement is left out of the comparison.
    return sum(1 for s in counter.statements if not re.match(r'\s*SELECT "?user"?\.id', s)), response


def test_monitor_view_export_and_search_queries_constant(session, as_role, count_queries, unit_named):
    police = unit_named("Công an phường Vị Khê").id
    ubnd = unit_named("Ủy ban nhân dân phường Vị Khê")
    others = [ubnd.id, unit_named("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê").id]
    document = _plan(session, ubnd, "Kế hoạch đo số câu lệnh").id
    _tasks(session, document, police, others, 10)
    reindex_all()
    session.commit()
    client = as_role("secretariat")
    urls = ["/tasks/monitor", f"/tasks/monitor?q={WORD}", f"/tasks/monitor/export.xlsx?q={WORD}",
            f"/search/?q={WORD}", f"/search/?q=tuan+tra+{WORD}&kind=task"]
    small = {}
    for url in urls:
        small[url], response = _count(client, count_queries, url)
    assert "10 nhiệm vụ, xếp" in _count(client, count_queries, urls[1])[1].get_data(as_text=True)

    _tasks(session, document, police, others, 990, start=10)
    reindex_all()
    session.commit()
    large = {}
    for url in urls:
        large[url], response = _count(client, count_queries, url)
        if url == urls[1]:
            page = response.get_data(as_text=True)
            assert "1000 nhiệm vụ, xếp" in page and page.count('class="task-row"') == 50
        if url == urls[2]:
            import io

            from openpyxl import load_workbook
            sheet = load_workbook(io.BytesIO(response.get_data())).active
            assert sum(1 for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]) == 1000
        if url == urls[3]:
            assert response.get_data(as_text=True).count(WORD) >= 20  # a full page of hits
    assert small == large, {u: large[u] for u in urls}
    # The monitor view: its plans in a statement of their own, and on PostgreSQL the visible task ids read first
    # (after asking whether the ids kept from an earlier request still hold: core.generations). The search also
    # asks which plans were issued in the user's bodies (the bodies, then the kept issuers' bodies).
    assert large["/tasks/monitor"] <= 16 and large[urls[3]] <= 9, large


def test_group_task_pages_same_queries_for_3_or_303_members(app, session, cascade, count_queries):  # noqa: F811
    """A task given to “UBND các xã, phường”: the drill-down (paged), the plan's manage page, the task's page and
    edit page, both .xlsx exports and the plan's .docx cost as many statements for 303 communes as for 3."""
    from tests.tasks.helpers import client_for
    from tests.tasks.test_groups import _bulk_communes
    from tracker.auth.services import create_user
    from tracker.core.timeutil import today_vn
    from tracker.tasks import groups

    u, t = cascade.units, cascade.tasks
    group = groups.assign_group(actor=None, task=t["reception"], area=u["province"], kind="people_committee",
                                level="commune", role="coordinate", today=today_vn())
    create_user(actor=None, username="vp.demcau", full_name="Văn phòng tỉnh", password="matkhau-demo",
                role="secretariat", unit=u["office"])
    create_user(actor=None, username="ubnd.demcau", full_name="Văn thư xã An", password="matkhau-demo",
                role="secretariat", unit=u["an_ubnd"])
    session.commit()
    province, member = client_for(app, "vp.demcau"), client_for(app, "ubnd.demcau")
    task_id, plan_id = t["reception"].id, cascade.province_plan.id
    urls = [(province, f"/tasks/group/{group.id}"), (province, f"/tasks/group/{group.id}?state=open&page=2"),
            (member, f"/tasks/group/{group.id}"), (province, f"/tasks/plan/{plan_id}/manage"),
            (province, f"/tasks/{task_id}"), (province, f"/tasks/{task_id}/edit"),
            (province, "/tasks/monitor/export.xlsx"), (member, "/tasks/export.xlsx"),
            (province, f"/reports/plan/{plan_id}/docx"), (province, f"/tasks/plan/{plan_id}"),
            (province, f"/documents/{plan_id}"), (member, f"/tasks/{task_id}")]
    small = {(i, url): _count(client, count_queries, url)[0] for i, (client, url) in enumerate(urls)}
    _bulk_communes(u["province"], 300)
    assert groups.add_new_members(actor=None, group=group, today=today_vn()) == 300
    session.commit()
    large = {}
    for i, (client, url) in enumerate(urls):
        large[i, url], response = _count(client, count_queries, url)
        if i == 0:
            assert response.get_data(as_text=True).count('data-unit="') == 100
    assert small == large, {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    # 16 here, in the test's written transaction: the unit tree's answers (a body, "is within") are kept between
    # page views under the visibility generation, asked once per page view; in service they are then not read.
    assert large[0, f"/tasks/group/{group.id}"] <= 16, large


def test_task_detail_loads_no_member_of_a_group(app, session, cascade, count_queries):  # noqa: F811
    """The task's page shows a group of 3 or 303 communes as one line with its roll-up: the same statements, and
    not one member's assignment or unit read as a row (they are counted in SQL)."""
    from sqlalchemy import event

    from tests.tasks.helpers import client_for
    from tests.tasks.test_groups import _bulk_communes
    from tracker.auth.services import create_user
    from tracker.core.timeutil import today_vn
    from tracker.plans.models import Assignment
    from tracker.tasks import groups
    from tracker.units.models import Unit

    u, t = cascade.units, cascade.tasks
    group = groups.assign_group(actor=None, task=t["reception"], area=u["province"], kind="people_committee",
                                level="commune", role="coordinate", today=today_vn())
    create_user(actor=None, username="vp.chitiet", full_name="Văn phòng tỉnh", password="matkhau-demo",
                role="secretariat", unit=u["office"])
    session.commit()
    client = client_for(app, "vp.chitiet")
    url = f"/tasks/{t['reception'].id}"
    loaded = {"assignment": 0, "unit": 0}

    def on_load(kind):
        def count(target, context, *attrs):  # noqa: ANN001 - "refresh" also passes the attributes
            loaded[kind] += 1
        return count

    def measure():
        for kind in loaded:
            loaded[kind] = 0
        listeners = [(model, name, on_load(kind)) for model, kind in ((Assignment, "assignment"), (Unit, "unit"))
                     for name in ("load", "refresh")]
        for target, name, fn in listeners:
            event.listen(target, name, fn)
        session.expire_all()  # every row the page needs is read again, as in a fresh request
        try:
            statements, response = _count(client, count_queries, url)
        finally:
            for target, name, fn in listeners:
                event.remove(target, name, fn)
        page = response.get_data(as_text=True)
        return statements, dict(loaded), page

    small, small_loaded, page = measure()
    assert "0/3 xã đã hoàn thành" in page
    _bulk_communes(u["province"], 300)
    assert groups.add_new_members(actor=None, group=group, today=today_vn()) == 300
    session.commit()
    large, large_loaded, page = measure()
    assert "0/303 xã đã hoàn thành" in page
    assert small == large and small_loaded == large_loaded, (small, large, small_loaded, large_loaded)
    assert large_loaded["assignment"] < 10 and large_loaded["unit"] < 20, large_loaded


def test_api_and_calendar_read_a_group_as_one_line(app, session, cascade, count_queries):  # noqa: F811
    """The API's task, list and plan, and a member's calendar feed, read a group of 3 or 303 communes with the
    same statements: the group is one line with its counts, its members are not listed as assignments."""
    from tracker.api import services as api_services
    from tests.tasks.test_groups import _bulk_communes
    from tracker.auth.services import create_user
    from tracker.calendars.services import issue_token
    from tracker.core.timeutil import today_vn
    from tracker.tasks import groups
    from tracker.units.models import User

    u, t = cascade.units, cascade.tasks
    task, plan_id = t["reception"], cascade.province_plan.id
    group = groups.assign_group(actor=None, task=task, area=u["province"], kind="people_committee",
                                level="commune", role="coordinate", today=today_vn())
    create_user(actor=None, username="ubnd.lich", full_name="Văn thư xã An", password="matkhau-demo",
                role="secretariat", unit=u["an_ubnd"])
    admin = session.query(User).filter_by(username="admin").one()
    _, token = api_services.create_client(actor=admin, name="Hệ thống của tỉnh", unit=u["office"],
                                          role="secretariat", scopes=["read"])
    feed = issue_token(actor=session.query(User).filter_by(username="ubnd.lich").one())
    session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    urls = [f"/api/v1/tasks/{task.id}", f"/api/v1/plans/{plan_id}", f"/api/v1/tasks?plan_id={plan_id}&limit=100"]

    def measure():
        counts, bodies = {}, {}
        for url in urls:
            client.get(url, headers=headers)
            with count_queries() as counter:
                response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            counts[url], bodies[url] = counter.count, response.get_json()
        with count_queries() as counter:
            response = client.get(f"/calendar/{feed}.ics")
        assert response.status_code == 200
        counts["feed"] = counter.count
        return counts, bodies

    def the_task(bodies, url):
        body = bodies[url]
        if url == urls[0]:
            return body
        return next(item for item in body["tasks" if "tasks" in body else "items"] if item["id"] == task.id)

    small, bodies = measure()
    for url in urls:
        item = the_task(bodies, url)
        assert [(g["id"], g["members"], g["done"]) for g in item["groups"]] == [(group.id, 3, 0)], url
        assert u["an_ubnd"].id not in [a["unit_id"] for a in item["assignments"]], url
    _bulk_communes(u["province"], 300)
    assert groups.add_new_members(actor=None, group=group, today=today_vn()) == 300
    session.commit()
    large, bodies = measure()
    for url in urls:
        item = the_task(bodies, url)
        assert [(g["id"], g["members"]) for g in item["groups"]] == [(group.id, 303)], url
        assert len(item["assignments"]) < 10, url
    assert small == large, (small, large)
