"""Browser journey: the province's Ban Nội chính gives the province plan's first task to “UBND các xã, phường”
(the eight communes and wards of Ninh Bình: the demo's three, Vị Khê among them, and five added here), sees the members before confirming, then the group as one line
with its roll-up on the task and plan pages, and the drill-down to each commune's state."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.browser_support import login_page, shot
from tests.conftest import database_url, make_app, migrate_and_seed
from tracker.core.timeutil import today_vn
from tracker.extensions import db

pytestmark = pytest.mark.browser

COMMUNES = ["Xã Gia Hưng", "Xã Gia Phong", "Xã Gia Vân", "Xã Gia Lạc", "Xã Gia Trấn"]


def _seed_communes(app) -> None:
    """Five more communes of Ninh Bình with their UBND; Gia Hưng's own plan has carried the task out (done)."""
    from tracker.plans import services as plan_services
    from tracker.plans.models import Document, Task
    from tracker.tasks import services as task_services
    from tracker.units import services as unit_services
    from tracker.units.models import Unit

    with app.app_context():
        province = db.session.scalar(select(Unit).where(Unit.name == "Tỉnh Ninh Bình"))
        ubnds = {}
        for name in COMMUNES:
            commune = unit_services.create_unit(actor=None, name=name, parent=province, kind="locality",
                                                level="commune")
            ubnds[name] = unit_services.create_unit(actor=None, name=f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
                                                    parent=commune, kind="people_committee", level="commune")
        upper_plan = db.session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
        upper = db.session.scalar(select(Task).where(Task.document_id == upper_plan.id, Task.position == 1))
        own = plan_services.create_document(
            actor=None, doc_type="KH", number_text="21/KH-UBND", issued_on=today_vn() - timedelta(days=20),
            issued_year=None, issuer=ubnds["Xã Gia Hưng"], issuer_name=None, place=None,
            title="Thực hiện kế hoạch của UBND tỉnh về tiếp công dân", body_md=None, signer_authority=None,
            signer_position=None, signer_name=None)
        plan_services.link_documents(actor=None, child=own, parent=upper_plan)
        done = task_services.create_task(actor=None, document=own, text="Tiếp công dân định kỳ tại xã",
                                         assignments=[(ubnds["Xã Gia Hưng"], "lead")], implements=upper,
                                         due_on=today_vn() + timedelta(days=10))
        task_services.change_status(actor=None, task=done, status="claimed", today=today_vn())
        task_services.confirm_completion(actor=None, task=done, today=today_vn())
        db.session.commit()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    app = make_app(database_url(tmp_path_factory.mktemp("live_groups"), "_live_groups"))
    migrate_and_seed(app)
    _seed_communes(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()


def test_assign_to_the_communes_and_follow_the_group(live, browser):
    base, app = live
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN")
    page = context.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    login_page(page, base, "noichinh.ninhbinh")
    page.goto(f"{base}/documents/?q=160")
    page.locator("a", has_text="160/KH-UBND").first.click()
    page.click("text=Nhiệm vụ theo đơn vị")
    page.locator("a", has_text="UBND các xã, phường xây dựng kế hoạch").first.click()
    page.click("#assign-group")
    page.locator("#group-options a", has_text="UBND các xã, phường").click()
    members = page.locator("#group-members li")
    assert members.count() == 8
    assert "Ủy ban nhân dân xã Gia Trấn" in page.inner_text("#group-members")
    page.select_option("#role", "lead")
    shot(page, "group-assign-preview")
    page.click("#group-confirm button[type=submit]")
    page.wait_for_selector("#groups")
    line = page.locator("#groups .group-line")
    assert line.count() == 1 and "1/8 xã đã hoàn thành" in line.inner_text()
    assert page.locator("#assignments li").count() == 0  # the eight communes are the one group line
    shot(page, "group-task-detail")
    # A commune reports its part done (100 %): it shows as waiting for confirmation in the drill-down.
    with app.app_context():
        from tracker.plans.models import Document, Task
        from tracker.tasks import services as task_services
        from tracker.units.models import Unit

        plan = db.session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
        task = db.session.scalar(select(Task).where(Task.document_id == plan.id, Task.position == 1))
        unit = db.session.scalar(select(Unit).where(Unit.name == "Ủy ban nhân dân xã Gia Lạc"))
        task_services.post_update(actor=None, task=task, unit_id=unit.id, today=today_vn(),
                                  note_md="Đã tổ chức 4 buổi tiếp công dân", progress=100)
        task_id, plan_id = task.id, plan.id
        db.session.commit()
    page.reload()
    page.locator(".breadcrumb-item a", has_text="160/KH-UBND").click()  # the plan's tasks by unit
    plan_line = page.locator("#plan-groups .group-line")
    assert plan_line.count() == 1 and "1/8 xã đã hoàn thành" in plan_line.inner_text()
    shot(page, "group-plan-page")
    plan_line.locator("a[href*=\"/tasks/group/\"]").click()
    page.wait_for_selector("#group-members-table")
    rows = page.locator("#group-members-table tbody tr")
    assert rows.count() == 8
    states = {r.get_attribute("data-state") for r in rows.all()}
    assert states == {"done", "claimed", "in_progress", "not_started"}
    assert "Vị Khê" in page.inner_text("#group-members-table")  # its own derived plan: under way
    shot(page, "group-drill-down")
    page.locator("#group-summary a[data-count=claimed]").click()
    assert page.locator("#group-members-table tbody tr").count() == 1
    page.locator("#group-summary a[data-count=open]").click()  # “Chưa hoàn thành”: all but Gia Hưng
    assert page.locator("#group-members-table tbody tr").count() == 7
    assert "Đơn vị 1–7 trong 7 (chưa hoàn thành)" in page.inner_text("#members-shown")
    # The monitor's task list shows the group as one line with its member count, not eight names.
    page.goto(f"{base}/tasks/monitor")
    row = page.locator(f'tr.task-row[data-task="{task_id}"]')
    assert "(8 đơn vị)" in row.inner_text() and "Gia Lạc" not in row.inner_text()
    shot(page, "group-monitor-list")
    # The plan's manage page (where its tasks are edited): the group is one entry with its roll-up and the way
    # to its members; the edit page changes the group as a whole.
    page.goto(f"{base}/tasks/plan/{plan_id}/manage")
    entry = page.locator(f"#task-{task_id} .group-line")
    assert entry.count() == 1
    assert "UBND các xã, phường" in entry.inner_text() and "(8 đơn vị)" in entry.inner_text()
    assert "1/8 xã đã hoàn thành" in entry.inner_text()
    assert "Gia Lạc" not in page.inner_text("#plan-order")
    shot(page, "group-manage-page")
    page.locator(f"#task-{task_id} a", has_text="Sửa").click()
    assert page.locator("#edit-groups .group-line select").input_value() == "lead"
    assert not external
    context.close()
