"""Task pages end to end through the test client: lists, updates with files, status, confirmation, reminders."""
from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.tasks.helpers import PDF, client_for
from tracker.plans.models import Document, DocumentLink, Task
from tracker.tasks.models import Evidence, TaskComment


def test_unit_list_grouped_filtered_and_urgent_first(as_role, ward_plan):
    client = as_role("member")
    page = client.get("/tasks/").get_data(as_text=True)
    assert "Nhiệm vụ của đơn vị: Công an phường Vị Khê" in page
    assert ward_plan.document.title[:30] in page and "Tiếp công dân định kỳ" in page
    assert "Giám sát, phản biện xã hội" not in page  # MTTQ's task, not the police's
    overdue = client.get("/tasks/?state=overdue").get_data(as_text=True)
    assert 'data-state="overdue"' in overdue and 'data-state="in_time"' not in overdue
    coord = client.get("/tasks/?role=coordinate").get_data(as_text=True)
    assert "Tiếp công dân định kỳ" in coord and "Bảo đảm an ninh trụ sở" not in coord
    states = [s for s in ("overdue", "due_soon", "in_time") if f'data-state="{s}"' in page]
    positions = [page.index(f'data-state="{s}"') for s in states]
    assert positions == sorted(positions)


def test_member_posts_update_with_file_and_office_sees_it(app, as_role, ward_plan, upload_dir):
    member = as_role("member")
    url = f"/tasks/{ward_plan.police_task.id}"
    token = csrf_token(member, url)
    response = member.post(f"{url}/updates", data={
        "csrf_token": token, "version": str(ward_plan.police_task.version), "note_md": "Đã bố trí **2 cán bộ** trực",
        "progress": "60", "status": "in_progress", "files": (io.BytesIO(PDF), "bien-ban.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    office = as_role("secretariat")
    page = office.get(url).get_data(as_text=True)
    assert "<strong>2 cán bộ</strong>" in page and "bien-ban.pdf" in page, page[-3000:]
    assert "60\u00a0%" in page or "60 %" in page or "60%" in page
    evidence = app.extensions["sqlalchemy"].session.scalar(
        select(Evidence).where(Evidence.task_id == ward_plan.police_task.id))
    download = office.get(f"/tasks/evidence/{evidence.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert client_for(app, "noichinh.hanoi").get(f"/tasks/evidence/{evidence.id}").status_code == 404


def test_bad_file_keeps_what_was_typed(as_role, ward_plan):
    member = as_role("member")
    url = f"/tasks/{ward_plan.police_task.id}"
    response = member.post(f"{url}/updates", data={
        "csrf_token": csrf_token(member, url), "note_md": "Ghi chú quan trọng không được mất",
        "files": (io.BytesIO(b"MZ\x90"), "x.pdf")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "không đúng định dạng" in page
    assert "Ghi chú quan trọng không được mất" in page


def test_stale_status_form_gets_conflict_with_newer_state(session, as_role, ward_plan):
    member = as_role("member")
    url = f"/tasks/{ward_plan.police_task.id}"
    stale = str(ward_plan.police_task.version)
    first = member.post(f"{url}/status", data={"csrf_token": csrf_token(member, url), "version": stale,
                                               "status": "paused"})
    assert first.status_code == 302
    second = member.post(f"{url}/status", data={"csrf_token": csrf_token(member, url), "version": stale,
                                                "status": "in_progress"})
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Người khác đã cập nhật nhiệm vụ này trước bạn" in page and 'data-status="paused"' in page
    assert session.get(Task, ward_plan.police_task.id).status == "paused"


def test_only_lead_sets_status_and_only_assigning_body_confirms(session, as_role, ward_plan):
    member = as_role("member")
    lead_task = f"/tasks/{ward_plan.lead_task.id}"  # police only coordinates here
    assert member.post(f"{lead_task}/status", data={"csrf_token": csrf_token(member, lead_task),
                                                    "status": "claimed"}).status_code == 403
    police = f"/tasks/{ward_plan.police_task.id}"
    member.post(f"{police}/status", data={"csrf_token": csrf_token(member, police), "status": "claimed"})
    assert member.post(f"{police}/confirm", data={"csrf_token": csrf_token(member, police)}).status_code == 403
    office = as_role("secretariat")
    refused = office.post(f"{police}/refuse", data={"csrf_token": csrf_token(office, police), "reason": "Thiếu ảnh"})
    assert refused.status_code == 302 and session.get(Task, ward_plan.police_task.id).status == "redo"
    assert "Thiếu ảnh" in member.get(police).get_data(as_text=True)
    member.post(f"{police}/status", data={"csrf_token": csrf_token(member, police), "status": "claimed"})
    office.post(f"{police}/confirm", data={"csrf_token": csrf_token(office, police)})
    assert session.get(Task, ward_plan.police_task.id).status == "done"


def test_monitor_reads_subtree_and_reminds(app, session, ward_plan):
    monitor = client_for(app, "noichinh.ninhbinh")
    listing = monitor.get("/tasks/monitor").get_data(as_text=True)
    assert "Giám sát, phản biện xã hội" in listing and "Bảo đảm an ninh trụ sở" in listing
    url = f"/tasks/{ward_plan.request_task.id}"
    page = monitor.get(url).get_data(as_text=True)
    assert "update-form" not in page and "status-form" not in page and "remind-form" in page
    assert monitor.post(f"{url}/updates", data={"csrf_token": csrf_token(monitor, url),
                                                "note_md": "x"}).status_code == 403
    assert re.search(rf'<input checked[^>]*name="unit_ids" type="checkbox" value="{ward_plan.units["mttq"].id}"', page)
    assert re.search(r'<input[^>]*name="unit_ids"[^>]*required', page) is None  # any one of them will do
    nobody = monitor.post(f"{url}/remind", data={"csrf_token": csrf_token(monitor, url),
                                                 "body_md": "Đề nghị báo cáo trước thứ Sáu"})
    assert nobody.status_code == 422 and "Hãy chọn ít nhất một đơn vị" in nobody.get_data(as_text=True)
    response = monitor.post(f"{url}/remind", data={"csrf_token": csrf_token(monitor, url),
                                                   "unit_ids": ward_plan.units["mttq"].id,
                                                   "body_md": "Đề nghị báo cáo trước thứ Sáu"})
    assert response.status_code == 302
    assert session.scalar(select(TaskComment.kind).where(TaskComment.task_id == ward_plan.request_task.id)) \
        == "reminder"
    assert "Đề nghị báo cáo trước thứ Sáu" in client_for(app, "vanphong.vikhe").get(url).get_data(as_text=True)


def test_monitor_row_names_each_role_once_and_shortens_long_unit_lists(app, session, ward_plan):
    from tracker.plans import services as plan_services
    from tracker.tasks import services
    from tracker.units import services as unit_services

    ward = ward_plan.units["ubnd"].parent
    extra = [unit_services.create_unit(actor=None, name=f"Tổ dân phố số {n} phường Vị Khê", parent=ward,
                                       kind="agency", level="commune") for n in range(1, 13)]
    services.create_task(actor=None, document=ward_plan.document, text="Rà soát đơn thư tồn đọng", position=4,
                         assignments=[(ward_plan.units["ca"], "lead")] + [(unit, "coordinate") for unit in extra])
    session.commit()
    listing = client_for(app, "noichinh.ninhbinh").get("/tasks/monitor").get_data(as_text=True)
    row = re.search(r'<tr class="task-row"[^>]*>\s*<td><a[^>]*>Rà soát đơn thư tồn đọng.*?</tr>', listing, re.S).group(0)
    assert row.count(">Phối hợp<") == 1 and row.count(">Chủ trì<") == 1
    assert "Tổ dân phố số 8 phường" in row and "Tổ dân phố số 9 phường" not in row
    assert "… và 4 đơn vị khác" in row
    # The lead task's two units, each role once; a short list is never cut.
    lead_row = re.search(r'<tr class="task-row"[^>]*>\s*<td><a[^>]*>Tiếp công dân định kỳ.*?</tr>', listing, re.S).group(0)
    assert "Công an phường Vị Khê" in lead_row and "đơn vị khác" not in lead_row
    task_page = client_for(app, "noichinh.ninhbinh").get(
        "/tasks/" + re.search(r'data-task="(\d+)">\s*<td><a[^>]*>Rà soát', listing).group(1)).get_data(as_text=True)
    assert all(f"Tổ dân phố số {n} phường Vị Khê" in task_page for n in range(1, 13))


def test_plan_page_groups_by_unit(as_role, ward_plan):
    page = as_role("secretariat").get(f"/tasks/plan/{ward_plan.document.id}").get_data(as_text=True)
    for name in ("Công an phường Vị Khê", "Văn phòng HĐND và UBND phường",
                 "Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê"):
        assert name in page
    assert page.count('class="card mb-3 unit-group"') == 3


def test_plan_page_folds_the_cards_past_its_budget_and_opens_one_unit(as_role, ward_plan, monkeypatch):
    """Past the budget of lines a unit's card keeps its counts and links to the unit's own card: a page of its
    own without script, the card alone for htmx; a unit with no task in the plan is not found."""
    from tracker.tasks.routes import display

    monkeypatch.setattr(display, "PLAN_LINES_BUDGET", 1)
    office = as_role("secretariat")
    url = f"/tasks/plan/{ward_plan.document.id}"
    page = office.get(url).get_data(as_text=True)
    assert page.count('class="card mb-3 unit-group"') == 3 and page.count("unit-unfold") == 2  # the first is whole
    police = ward_plan.units["ca"]
    assert f'href="{url}?unit={police.id}"' not in page  # Công an comes first: whole, over the budget or not
    folded = re.findall(r'href="[^"]*\?unit=(\d+)"', page)
    assert len(folded) == 2 and str(police.id) not in folded
    own = office.get(f"{url}?unit={police.id}").get_data(as_text=True)
    assert "list-group-item" in office.get(f"{url}?unit={folded[0]}").get_data(as_text=True)
    assert own.count('class="card mb-3 unit-group"') == 1 and "unit-unfold" not in own
    assert "Bảo đảm an ninh trụ sở tiếp công dân" in own and "Chỉ hiển thị nhiệm vụ của Công an phường Vị Khê" in own
    response = office.get(f"{url}?unit={police.id}", headers={"HX-Request": "true"})
    card = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert card.startswith('<div class="card mb-3 unit-group" id="unit-') and "<html" not in card
    assert card.count("list-group-item") == 2
    assert office.get(f"{url}?unit={ward_plan.units['ubnd'].id}").status_code == 404


def test_derive_plan_links_tasks_and_documents(session, as_role, ward_plan):
    upper = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    upper_task = session.scalar(select(Task).where(Task.document_id == upper.id).order_by(Task.position))
    office = as_role("secretariat")
    url = f"/tasks/derive/{upper.id}"
    form = office.get(url).get_data(as_text=True)
    assert upper_task.text[:40] in form
    ca = ward_plan.units["ca"]
    response = office.post(url, data={
        "csrf_token": csrf_token(office, url), "title": "Kế hoạch thực hiện 160/KH-UBND của phường",
        "number_text": "", "issued_on": "2026-06-15", "issuer_id": str(ward_plan.units["ubnd"].id),
        f"include_{upper_task.id}": "1", f"text_{upper_task.id}_0": "Công an phường bảo đảm an ninh điểm tiếp dân",
        f"lead_{upper_task.id}_0": str(ca.id), f"due_{upper_task.id}_0": "2026-07-31"})
    assert response.status_code == 302, response.get_data(as_text=True)
    lower = session.scalar(select(Document).where(Document.title == "Kế hoạch thực hiện 160/KH-UBND của phường"))
    assert session.scalar(select(DocumentLink.relation).where(DocumentLink.child_id == lower.id,
                                                              DocumentLink.parent_id == upper.id)) == "implements"
    task = session.scalar(select(Task).where(Task.document_id == lower.id))
    assert task.implements_task_id == upper_task.id and task.text.startswith("Công an phường")
    rollup = office.get(f"/tasks/{upper_task.id}/rollup").get_data(as_text=True)
    assert f'data-plan="{lower.id}"' in rollup


def test_derive_refuses_empty_and_keeps_form(session, as_role, ward_plan):
    upper = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    office = as_role("secretariat")
    url = f"/tasks/derive/{upper.id}"
    before = session.scalar(select(func.count(Document.id)))
    response = office.post(url, data={"csrf_token": csrf_token(office, url), "title": "Tiêu đề giữ lại",
                                      "issuer_id": str(ward_plan.units["ubnd"].id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "ít nhất một nhiệm vụ" in page and "Tiêu đề giữ lại" in page
    assert session.scalar(select(func.count(Document.id))) == before


def test_cascade_progress_counts_only_visible_tasks(app, session, as_role):
    kl = session.scalar(select(Document).where(Document.number_text == "107-KL/TW"))
    vikhe = session.scalar(select(Document).where(Document.issuer_name == "Ủy ban nhân dân phường Vị Khê"))
    page = client_for(app, "noichinh.ninhbinh").get(f"/tasks/cascade/{kl.id}").get_data(as_text=True)
    assert f'data-plan="{vikhe.id}"' in page and "7 nhiệm vụ" in page and "Hoàn thành 14\u00a0%" in page
    outsider = client_for(app, "noichinh.hanoi").get(f"/tasks/cascade/{kl.id}").get_data(as_text=True)
    assert "7 nhiệm vụ" not in outsider and "chưa có nhiệm vụ bạn được xem" in outsider


def test_cascade_progress_folds_deep_branches_into_links_to_their_own_page(app, session, monkeypatch):
    """Past the budget, a branch is a link to its own progress page (the directive's 3,300 commune plans were
    one 1.5 MB page), and that page shows what was folded."""
    import re

    from tracker.tasks.routes import display

    kl = session.scalar(select(Document).where(Document.number_text == "107-KL/TW"))
    client = client_for(app, "noichinh.ninhbinh")
    whole = client.get(f"/tasks/cascade/{kl.id}").get_data(as_text=True)
    monkeypatch.setattr(display, "CASCADE_BUDGET", 1)
    folded = client.get(f"/tasks/cascade/{kl.id}").get_data(as_text=True)
    branches = re.findall(r'href="/tasks/cascade/(\d+)" data-branch="\d+">Xem tiến độ (\d+) văn bản', folded)
    assert branches and "data-branch" not in whole
    assert folded.count("data-plan=") < whole.count("data-plan=")
    branch_id, below = branches[0]
    page = client.get(f"/tasks/cascade/{branch_id}").get_data(as_text=True)
    assert page.count("data-plan=") >= 1 + min(int(below), 1)


def test_detail_marks_a_request_not_a_led_task(as_role, ward_plan):
    """A task nobody leads and some body is requested to do (đề nghị) says so on its page; a led task does not."""
    office = as_role("secretariat")
    request_page = office.get(f"/tasks/{ward_plan.request_task.id}").get_data(as_text=True)
    led_page = office.get(f"/tasks/{ward_plan.lead_task.id}").get_data(as_text=True)
    assert "Đề nghị — không tính là đơn vị cấp dưới chậm" in request_page
    assert "Đề nghị — không tính là đơn vị cấp dưới chậm" not in led_page
