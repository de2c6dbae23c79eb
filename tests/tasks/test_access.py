"""Access sweep: every tasks route, as users of the wrong unit or body, gives 403/404 and never the data.
Markdown notes against XSS payloads. The unit list and the roll-up run a constant number of queries."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.tasks.conftest import TODAY
from tests.tasks.helpers import PDF, client_for
from tracker.auth.services import create_user
from tracker.plans.models import Assignment, Document, Task
from tracker.tasks import groups, services
from tracker.tasks.uploads import Upload

SECRET = "Bảo đảm an ninh trụ sở tiếp công dân"


@pytest.fixture
def outsiders(app, session, unit_named):
    """Clients of users who must not see the Vị Khê tasks: another province's monitor, another ward's
    police member and secretariat, a member of a sibling unit in the same ward for the police's own task."""
    create_user(actor=None, username="congan.thinhdan", full_name="Người ngoài", password="matkhau-demo",
                role="member", unit=unit_named("Công an phường Thịnh Đán"))
    create_user(actor=None, username="vp.thinhdan", full_name="Văn phòng khác", password="matkhau-demo",
                role="secretariat", unit=unit_named("Bộ phận Văn phòng – Thống kê phường"))
    create_user(actor=None, username="mttq.vikhe", full_name="Cán bộ MTTQ", password="matkhau-demo",
                role="member", unit=unit_named("Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê"))
    session.commit()
    return {name: client_for(app, name) for name in ("noichinh.hanoi", "congan.thinhdan", "vp.thinhdan",
                                                      "mttq.vikhe")}


def _urls(app, ward_plan, evidence_id, group_id):
    values = {"task_id": ward_plan.police_task.id, "document_id": ward_plan.document.id,
              "evidence_id": evidence_id, "group_id": group_id}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("tasks."):
            url = rule.rule
            for arg in rule.arguments:
                url = url.replace(f"<int:{arg}>", str(values[arg]))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, url


def test_every_route_refuses_the_wrong_unit(app, session, ward_plan, outsiders, user_of, unit_named):
    update = services.post_update(actor=user_of("member"), task=ward_plan.police_task,
                                  unit_id=ward_plan.units["ca"].id, today=TODAY, note_md=SECRET,
                                  files=[Upload("mat.pdf", PDF)])
    # The police task is also given to a group (the ward's public service centres): the group's pages are swept too.
    group = groups.assign_group(actor=None, task=ward_plan.police_task, area=unit_named("Phường Vị Khê"),
                                kind="service_center", level="commune", role="coordinate", today=TODAY)
    session.commit()
    routes = list(_urls(app, ward_plan, update.evidence[0].id, group.id))
    assert {e for e, _, _ in routes} >= {"tasks.index", "tasks.monitor", "tasks.detail", "tasks.plan",
                                        "tasks.rollup", "tasks.evidence", "tasks.post_update", "tasks.status",
                                        "tasks.confirm", "tasks.refuse", "tasks.remind", "tasks.derive",
                                        "tasks.assign_group", "tasks.group_detail", "tasks.group_add_new",
                                        "tasks.group_remove"}
    checked = 0
    for username, client in outsiders.items():
        token = csrf_token(client, "/")
        for endpoint, method, url in routes:
            if method == "GET":
                response = client.get(url + ("?plan=%d" % ward_plan.document.id if endpoint == "tasks.rollup" else ""))
            else:
                response = client.post(url, data={"csrf_token": token, "note_md": "x", "status": "claimed",
                                                  "reason": "x", "body_md": "x", "title": "x"})
            body = response.get_data()
            if body[:2] == b"PK":  # an .xlsx list: its cells, not its compressed bytes
                import io

                from openpyxl import load_workbook
                sheet = load_workbook(io.BytesIO(body)).active
                body = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row).encode()
            assert SECRET.encode() not in body and PDF not in body, (username, endpoint, method)
            if endpoint in ("tasks.index", "tasks.export", "tasks.monitor", "tasks.monitor_export",
                            "tasks.mine"):  # own view
                assert response.status_code in (200, 403), (username, endpoint)
            elif endpoint == "tasks.cascade":  # the plan is readable only by those it concerns (#12 finding 9)
                assert response.status_code == (200 if username == "mttq.vikhe" else 404), (username, endpoint)
            elif endpoint == "tasks.plan" and username == "mttq.vikhe":
                assert response.status_code == 200  # MTTQ has its own task in this plan; it sees only that one
            else:
                assert response.status_code in (403, 404), (username, endpoint, method, response.status_code)
            checked += 1
    assert checked == len(routes) * len(outsiders)
    assert session.get(Task, ward_plan.police_task.id).status == "not_started"


def test_anonymous_is_sent_to_login(client, ward_plan):
    response = client.get(f"/tasks/{ward_plan.police_task.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[bấm vào](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p onclick=\"alert(1)\">x</p>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "![x](x\" onerror=\"alert(1))",
    "<body onload=alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
]


def test_update_notes_are_sanitised(session, as_role, ward_plan, user_of):
    for payload in XSS:
        services.post_update(actor=user_of("member"), task=ward_plan.police_task, unit_id=ward_plan.units["ca"].id,
                             today=TODAY, note_md=f"Ghi chú {payload}")
        services.remind(actor=user_of("admin"), task=ward_plan.police_task, body_md=payload, today=TODAY)
    session.commit()
    page = as_role("secretariat").get(f"/tasks/{ward_plan.police_task.id}").get_data(as_text=True)
    notes = "".join(re.findall(r'<div class="(?:update|comment)-note">(.*?)</div>', page, re.S))
    assert notes.count("Ghi chú") == len(XSS)
    lowered = notes.lower()
    for bad in ("<script", "<img", "<svg", "<iframe", "<object", "<math", "<body", "javascript:", "data:text",
                "style=", "&#106;avascript"):
        assert bad not in lowered, bad
    assert not re.search(r"<[^>]+\son\w+\s*=", notes, re.I)


def _bulk_tasks(session, document, unit, n, implements=None):
    tasks = [Task(document_id=document.id, text=f"Nhiệm vụ số {i}", position=i, due_on=TODAY,
                  implements_task_id=implements.id if implements else None,
                  status=("done", "in_progress", "claimed", "not_started")[i % 4]) for i in range(n)]
    session.add_all(tasks)
    session.flush()
    session.add_all([Assignment(task_id=t.id, unit_id=unit.id, role="lead") for t in tasks])
    session.commit()


def _new_plan(session, unit, title):
    from tracker.plans import services as plan_services

    document = plan_services.create_document(
        actor=None, doc_type="KH", number_text=None, issued_on=None, issued_year=2026, issuer=unit,
        issuer_name=None, title=title, body_md=None, place=None, signer_authority=None, signer_position=None,
        signer_name=None)
    session.commit()
    return document


def _count_page(client, count_queries, url):
    client.get(url)  # warm: the first request after login loads the user's caches
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count, response.get_data(as_text=True)


def test_unit_list_queries_constant(session, as_role, count_queries, unit_named):
    unit = unit_named("Công an phường Vị Khê")
    client = as_role("member")
    _bulk_tasks(session, _new_plan(session, unit, "Kế hoạch đo 0"), unit, 10)
    small, page = _count_page(client, count_queries, "/tasks/")
    small_filtered, _ = _count_page(client, count_queries, "/tasks/?state=due_soon&role=lead&status=in_progress")
    assert "Nhiệm vụ số 9" in page
    for k in range(1, 5):
        _bulk_tasks(session, _new_plan(session, unit, f"Kế hoạch đo {k}"), unit, 50 if k < 4 else 40)
    large, page = _count_page(client, count_queries, "/tasks/")
    large_filtered, _ = _count_page(client, count_queries, "/tasks/?state=due_soon&role=lead&status=in_progress")
    assert page.count('class="task-row"') == 50  # one page of the 200+
    assert (small, small_filtered) == (large, large_filtered)
    assert large <= 10


def test_rollup_queries_constant(session, as_role, count_queries, unit_named):
    ward_unit = unit_named("Ủy ban nhân dân phường Vị Khê")
    upper_doc = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    upper = session.scalar(select(Task).where(Task.document_id == upper_doc.id).order_by(Task.position))
    client = as_role("secretariat")
    _bulk_tasks(session, _new_plan(session, ward_unit, "Kế hoạch cấp dưới 0"), ward_unit, 3, upper)
    small, page = _count_page(client, count_queries, f"/tasks/{upper.id}/rollup")
    assert page.count("data-plan=") == 2  # with the demo ward plan
    for k in range(1, 20):
        _bulk_tasks(session, _new_plan(session, ward_unit, f"Kế hoạch cấp dưới {k}"), ward_unit, 10, upper)
    large, page = _count_page(client, count_queries, f"/tasks/{upper.id}/rollup")
    assert page.count("data-plan=") == 21
    assert small == large and large <= 10
    assert 'data-total="tasks"' not in page and '<div class="h5 mb-0" data-total="bodies">1</div>' in page


def test_permission_matrix(session, ward_plan, outsiders, user_of):
    from tracker import permissions as p
    from tracker.units.models import User

    mttq = session.scalar(select(User).where(User.username == "mttq.vikhe"))
    monitor_nb = session.scalar(select(User).where(User.username == "noichinh.ninhbinh"))
    member, office, viewer, monitor_hn = user_of("member"), user_of("secretariat"), user_of("viewer"), \
        user_of("monitor")
    lead, police, request = ward_plan.lead_task, ward_plan.police_task, ward_plan.request_task
    assert p.can_post_task_update(member, lead) and not p.can_set_task_status(member, lead)  # coordinates
    assert p.can_set_task_status(member, police) and not p.can_confirm_task(member, police)
    assert p.can_set_task_status(mttq, request) and not p.can_view_task(mttq, police)  # a request: MTTQ acts
    assert p.can_confirm_task(office, police) and p.can_remind_task(office, police)
    assert p.can_view_task(viewer, police) and not p.can_post_task_update(viewer, police)
    assert p.can_view_task(monitor_nb, police) and p.can_remind_task(monitor_nb, police)
    assert not p.can_post_task_update(monitor_nb, police) and not p.can_confirm_task(monitor_nb, police)
    assert not any(f(monitor_hn, police) for f in (p.can_view_task, p.can_remind_task, p.can_post_task_update,
                                                   p.can_set_task_status, p.can_confirm_task))
