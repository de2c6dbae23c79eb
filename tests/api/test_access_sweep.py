"""The API's access sweep: every object route × clients of units in different relations (own unit, the body above,
a sibling ward, another province, a viewer, a monitor) × scopes. An object answers 200 exactly when the pages'
predicate lets the client's principal see it (404 otherwise), every list holds exactly what the predicates allow, and
no write succeeds without its scope and its predicate: 0 leaks."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from tests.api.conftest import bearer
from tracker.duties.models import ExpectedSubmission, Submission
from tracker.permissions import (can_post_task_update, can_submit_report, can_view_document, can_view_expected,
                                 can_view_report, can_view_task)
from tracker.plans.models import Document, Task
from tracker.reports.models import Report
from tracker.tasks.models import Evidence, TaskUpdate

# The demo users whose units the clients are bound to, and what they are to the ward Vị Khê's tasks.
RELATIONS = {
    "vanphong.vikhe": "the ward's own secretariat (Vị Khê)",
    "congan.vikhe": "a unit of the ward (member)",
    "danguy.hoankiem": "a ward of another province (Hà Nội)",
    "noichinh.hanoi": "another province's monitor",
    "noichinh.ninhbinh": "the province above the ward (monitor)",
    "xem": "a viewer of the province",
}
WRITES = ["read", "write:updates", "write:submissions", "write:plans"]


def _objects(session):
    return {
        "task": list(session.scalars(select(Task))),
        "document": list(session.scalars(select(Document))),
        "expected": list(session.scalars(select(ExpectedSubmission))),
        "report": list(session.scalars(select(Report))),
    }


def _list_ids(client, token, url):
    ids, cursor = set(), None
    while True:
        page = client.get(url + (f"&cursor={cursor}" if cursor else ""), headers=bearer(token))
        assert page.status_code == 200, page.get_data(as_text=True)
        body = page.get_json()
        ids |= {item["id"] for item in body["items"]}
        cursor = body["next_cursor"]
        if not cursor:
            return ids


@pytest.mark.parametrize("like", list(RELATIONS))
def test_reads_follow_the_pages_predicates(client, session, make_client, like):
    api_client, token = make_client(like)
    user = api_client.user
    objects = _objects(session)
    leaks, misses = [], []

    def expect(url, allowed):
        status = client.get(url, headers=bearer(token)).status_code
        if allowed and status != 200:
            misses.append((url, status))
        if not allowed and status != 404:
            leaks.append((url, status))

    for task in objects["task"]:
        visible = can_view_task(user, task)
        expect(f"/api/v1/tasks/{task.id}", visible)
        expect(f"/api/v1/tasks/{task.id}/updates", visible)
    for document in objects["document"]:
        expect(f"/api/v1/documents/{document.id}", can_view_document(user, document))
        if document.doc_type == "KH":
            expect(f"/api/v1/plans/{document.id}", can_view_document(user, document))
    for row in objects["expected"]:
        expect(f"/api/v1/expected-submissions/{row.id}", can_view_expected(user, row))
    for report in objects["report"]:
        expect(f"/api/v1/reports/{report.id}/docx", can_view_report(user, report))
    for evidence in session.scalars(select(Evidence)):
        expect(f"/api/v1/evidence/{evidence.id}", can_view_task(user, session.get(Task, evidence.task_id)))
    for submission in session.scalars(select(Submission)):
        expect(f"/api/v1/submissions/{submission.id}/file",
               can_view_expected(user, session.get(ExpectedSubmission, submission.expected_id)))

    lists = {
        "/api/v1/tasks?limit=200": {t.id for t in objects["task"] if can_view_task(user, t)},
        "/api/v1/documents?limit=200": {d.id for d in objects["document"] if can_view_document(user, d)},
        "/api/v1/expected-submissions?limit=200": {e.id for e in objects["expected"] if can_view_expected(user, e)},
        "/api/v1/reports?limit=200": {r.id for r in objects["report"] if can_view_report(user, r)},
        "/api/v1/updates?limit=200": {u.id for u in session.scalars(select(TaskUpdate))
                                      if can_view_task(user, session.get(Task, u.task_id))},
    }
    for url, allowed in lists.items():
        listed = _list_ids(client, token, url)
        leaks += [(url, extra) for extra in listed - allowed]
        misses += [(url, missing) for missing in allowed - listed]
    assert leaks == [], f"{RELATIONS[like]}: {leaks}"
    assert misses == [], f"{RELATIONS[like]}: {misses}"


@pytest.mark.parametrize("like", list(RELATIONS))
def test_writes_need_scope_and_predicate(client, session, make_client, like):
    reader, read_token = make_client(like, scopes=["read"])
    writer, write_token = make_client(like, scopes=WRITES)
    leaks = []
    for task in session.scalars(select(Task).order_by(Task.id)):
        for token, may in ((read_token, False), (write_token, can_post_task_update(writer.user, task))):
            response = client.post(f"/api/v1/tasks/{task.id}/updates", data={"note": "Rà soát quyền ghi"},
                                   headers=bearer(token), content_type="multipart/form-data")
            if (response.status_code == 201) != may:
                leaks.append((task.id, token == write_token, response.status_code))
    for row in session.scalars(select(ExpectedSubmission).order_by(ExpectedSubmission.id).limit(40)):
        response = client.post(f"/api/v1/expected-submissions/{row.id}/submissions", headers=bearer(read_token),
                               data={"number_text": "1/BC", "issued_on": "2025-01-02",
                                     "file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf")},
                               content_type="multipart/form-data")
        if response.status_code == 201:
            leaks.append(("submission without scope", row.id))
        if not can_submit_report(writer.user, row):
            response = client.post(f"/api/v1/expected-submissions/{row.id}/submissions", headers=bearer(write_token),
                                   data={"number_text": "1/BC", "issued_on": "2025-01-02",
                                         "file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf")},
                                   content_type="multipart/form-data")
            if response.status_code == 201:
                leaks.append(("submission without predicate", row.id))
    assert leaks == [], f"{RELATIONS[like]}: {leaks}"
