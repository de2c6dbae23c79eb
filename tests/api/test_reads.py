"""API reads: the same rows the pages' scoped queries give, keyset pages that add up to the whole list, updated_since,
Vietnamese folding in unit search, implements links, plans with tasks, ETags."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tracker.core.timeutil import utcnow
from tracker.plans.models import Task
from tracker.tasks.queries import visible_clause


def _all(caller, url: str, limit: int = 2) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        page = caller.get(url + ("&" if "?" in url else "?") + f"limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, page.get_data(as_text=True)
        body = page.get_json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            return items
        assert pages < 500


def test_task_pages_add_up_to_what_the_pages_show(api, session):
    caller = api("vanphong.vikhe")
    principal_tasks = caller  # noqa: F841
    from tracker.api.models import ApiClient

    client = session.scalars(select(ApiClient).order_by(ApiClient.id.desc())).first()
    expected = sorted(session.scalars(select(Task.id).where(visible_clause(client.user))))
    listed = [t["id"] for t in _all(caller, "/api/v1/tasks")]
    assert sorted(listed) == expected and len(listed) == len(set(listed)) and expected


def test_updated_since_returns_only_what_changed(api, session):
    caller = api("vanphong.vikhe")
    everything = _all(caller, "/api/v1/tasks", limit=50)
    changed = session.get(Task, everything[0]["id"])
    mark = utcnow()
    changed.progress = (changed.progress + 7) % 100
    session.commit()
    since = (mark - timedelta(seconds=0)).isoformat() + "Z"
    recent = caller.get(f"/api/v1/tasks?updated_since={since}").get_json()["items"]
    assert [t["id"] for t in recent] == [changed.id]
    assert recent[0]["version"] == everything[0]["version"] + 1


def test_a_stale_cursor_is_a_problem_not_a_crash(api):
    caller = api()
    for bad in ("abc", "W10", "bnVsbA", "WyJ4IiwgMV0"):
        response = caller.get(f"/api/v1/tasks?cursor={bad}")
        assert response.status_code == 422 and response.mimetype == "application/problem+json"


def test_unit_search_folds_tone_marks_and_accents(api):
    caller = api()
    a = [u["id"] for u in caller.get("/api/v1/units?q=Ủy ban nhân dân phường Vị Khê").get_json()["items"]]
    b = [u["id"] for u in caller.get("/api/v1/units?q=uỷ ban nhan dan phuong vi khe").get_json()["items"]]
    assert a and a == b


def test_unit_subtree_and_detail(api, unit_named):
    caller = api()
    ward = unit_named("Ủy ban nhân dân phường Vị Khê")
    parent = caller.get(f"/api/v1/units/{ward.id}").get_json()
    assert parent["path"] and parent["path"][0]["name"] == "Trung ương"
    within = {u["id"] for u in _all(caller, f"/api/v1/units?within={ward.parent_id}", limit=50)}
    assert ward.id in within and ward.parent_id in within
    assert caller.get("/api/v1/units/999999").status_code == 404


def test_document_detail_lists_implements_links(api, session):
    from tracker.plans.models import DocumentLink

    caller = api("vanphong.vikhe")
    link = session.scalars(select(DocumentLink)).first()
    body = caller.get(f"/api/v1/documents/{link.child_id}")
    if body.status_code == 200:
        assert link.parent_id in [d["document_id"] for d in body.get_json()["implements"]]
    upper = caller.get(f"/api/v1/documents/{link.parent_id}").get_json()
    assert link.child_id in [d["document_id"] for d in upper["implemented_by"]] or body.status_code == 404


def test_plan_with_tasks_and_assignments(api, session):
    caller = api("vanphong.vikhe")
    task = caller.get("/api/v1/tasks?limit=1").get_json()["items"][0]
    plan = caller.get(f"/api/v1/plans/{task['plan_id']}").get_json()
    assert task["id"] in [t["id"] for t in plan["tasks"]]
    assert all(t["assignments"] for t in plan["tasks"])


def test_task_etag_and_updates_with_evidence_links(api):
    caller = api("vanphong.vikhe")
    response = caller.get("/api/v1/tasks/1")
    assert response.headers["ETag"] == f'"task-1-v{response.get_json()["version"]}"'
    updates = caller.get("/api/v1/tasks/1/updates").get_json()["items"]
    for update in updates:
        for evidence in update["evidence"]:
            assert evidence["download"] == f"/api/v1/evidence/{evidence['id']}"


def test_expected_submissions_duties_reports_and_deadlines(api):
    owing = api("vanphong.vikhe")
    rows = _all(owing, "/api/v1/expected-submissions", limit=3)
    assert rows and {r["status"] for r in rows} <= {"pending", "on_time", "late", "missing", "returned"}
    detail = owing.get(f"/api/v1/expected-submissions/{rows[0]['id']}")
    assert detail.headers["ETag"].startswith('"expected-')
    monitor = api("noichinh.ninhbinh")
    assert _all(monitor, "/api/v1/duties", limit=5)
    assert monitor.get("/api/v1/reports").status_code == 200
    calendar = owing.get("/api/v1/deadlines?from=2024-01-01&to=2024-12-31").get_json()
    assert all("2024-01-01" <= item["due_on"] or item["effective_due_on"] for item in calendar["items"])
    assert owing.get("/api/v1/deadlines?from=2024-01-01&to=2026-01-01").status_code == 422


def test_one_rule_for_a_list_of_expected_reports(session):
    """permissions.viewable_expected_ids (a whole list in two queries) allows exactly what can_view_expected allows
    row by row, for every demo user."""
    from tracker.duties.models import ExpectedSubmission
    from tracker.permissions import can_view_expected, viewable_expected_ids
    from tracker.units.models import User

    expecteds = list(session.scalars(select(ExpectedSubmission)))
    users = list(session.scalars(select(User)))
    assert expecteds and len(users) > 5
    seen_some = 0
    for user in users:
        one_by_one = {e.id for e in expecteds if can_view_expected(user, e)}
        assert viewable_expected_ids(user, expecteds) == one_by_one, user.username
        seen_some += bool(one_by_one) and len(one_by_one) < len(expecteds)
    assert seen_some  # someone sees some rows and not others


def test_deadlines_and_expected_lists_ask_a_fixed_number_of_statements(api, count_queries):
    """A page of a body's owed reports: as many statements for one owing unit as for all of them (asked per row,
    the deadlines of a province cost a statement per owing unit)."""
    monitor = api("noichinh.ninhbinh")
    counts = {}
    for url in ("/api/v1/deadlines?from=2025-01-01&to=2025-12-31", "/api/v1/expected-submissions?limit=1",
                "/api/v1/expected-submissions?limit=100"):
        monitor.get(url)
        with count_queries() as counted:
            body = monitor.get(url).get_json()
        counts[url] = (counted.count, len(body["items"]))
    few, many = counts["/api/v1/expected-submissions?limit=1"], counts["/api/v1/expected-submissions?limit=100"]
    assert many[1] > few[1] and many[0] == few[0], counts
