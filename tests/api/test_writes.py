"""API writes: a progress update with files (multipart), claiming completion, submitting a report file, importing a
plan as a draft a person confirms; If-Match (412 on stale), Idempotency-Key (replay, 422 on another body)."""
from __future__ import annotations

import io

from tests.api.contract import Caller
from tests.conftest import login
from tests.duties.helpers import docx_bytes
from tests.formdata import form_fields
from tests.tasks.helpers import PDF
from tracker.plans.models import Task

WRITER = ("read", "write:updates", "write:submissions", "write:plans")


def test_post_update_with_a_file_then_download_it(api, session):
    caller = api("vanphong.vikhe", scopes=WRITER)
    etag = caller.get("/api/v1/tasks/3").headers["ETag"]
    response = caller.post("/api/v1/tasks/3/updates", headers={"If-Match": etag}, data={
        "note": "Đã tổ chức hội nghị triển khai, có biên bản kèm theo.", "progress": "60",
        "files": [(io.BytesIO(PDF), "bien-ban.pdf")]}, content_type="multipart/form-data")
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["progress"] == 60 and body["evidence"][0]["name"] == "bien-ban.pdf"
    assert response.headers["ETag"] != etag
    assert session.get(Task, 3).progress == 60
    listed = caller.get("/api/v1/tasks/3/updates?limit=200").get_json()["items"]
    assert body["id"] in [u["id"] for u in listed]
    download = caller.client.get(body["evidence"][0]["download"], headers=caller._headers(None))
    assert download.status_code == 200 and download.data == PDF


def test_stale_if_match_is_412_and_nothing_is_written(api, session):
    caller = api("vanphong.vikhe", scopes=WRITER)
    before = session.get(Task, 3).progress
    response = caller.post("/api/v1/tasks/3/updates", headers={"If-Match": '"task-3-v0"'},
                           data={"progress": "90"}, content_type="multipart/form-data")
    assert response.status_code == 412 and response.mimetype == "application/problem+json"
    assert "ETag" in response.get_json()["detail"]
    session.expire_all()
    assert session.get(Task, 3).progress == before


def test_a_bad_file_is_refused_in_vietnamese(api):
    caller = api("vanphong.vikhe", scopes=WRITER)
    response = caller.post("/api/v1/tasks/3/updates", data={"note": "x", "files": [(io.BytesIO(b"MZ\x90"), "a.pdf")]},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "không đúng định dạng" in response.get_json()["detail"]


def test_idempotency_key_replays_and_refuses_another_body(api, session):
    from tracker.tasks.models import TaskUpdate
    from sqlalchemy import func, select

    caller = api("vanphong.vikhe", scopes=WRITER)
    count = session.scalar(select(func.count(TaskUpdate.id)))
    key = {"Idempotency-Key": "dong-bo-2026-11-29-001"}
    first = caller.post("/api/v1/tasks/4/updates", headers=key, data={"note": "Lần một"},
                        content_type="multipart/form-data")
    again = caller.post("/api/v1/tasks/4/updates", headers=key, data={"note": "Lần một"},
                        content_type="multipart/form-data")
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert session.scalar(select(func.count(TaskUpdate.id))) == count + 1
    other = caller.post("/api/v1/tasks/4/updates", headers=key, data={"note": "Lần hai"},
                        content_type="multipart/form-data")
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["detail"]


def test_claim_by_the_lead_unit_and_refused_to_others(api, session):
    lead = api("vanphong.vikhe", scopes=WRITER)
    response = lead.post("/api/v1/tasks/1/claim", json={"note": "Đã hoàn thành, đề nghị xác nhận."})
    assert response.status_code == 201, response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Task, 1).status == "claimed"
    assert lead.post("/api/v1/tasks/1/claim", json={}).status_code == 409
    coordinating = api("congan.vikhe", scopes=WRITER)  # coordinates task 3, leads none of 1, 3, 4
    assert coordinating.post("/api/v1/tasks/3/claim", json={}).status_code == 403
    viewer = api("xem", scopes=WRITER)
    assert viewer.post("/api/v1/tasks/3/claim", json={}).status_code in (403, 404)


def test_submit_a_report_file_for_an_expected_submission(api, session):
    caller = api("vanphong.vikhe", scopes=WRITER)
    rows = caller.get("/api/v1/expected-submissions?limit=50").get_json()["items"]
    target = next(r for r in rows if r["review_state"] is None)
    etag = caller.get(f"/api/v1/expected-submissions/{target['id']}").headers["ETag"]
    response = caller.post(f"/api/v1/expected-submissions/{target['id']}/submissions", headers={"If-Match": etag},
                           data={"number_text": "45/BC-UBND", "issued_on": "2025-06-10",
                                 "file": (io.BytesIO(docx_bytes()), "bao-cao.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_data(as_text=True)
    detail = caller.get(f"/api/v1/expected-submissions/{target['id']}").get_json()
    assert detail["review_state"] == "pending" and detail["submissions"][0]["filename"] == "bao-cao.docx"
    stale = caller.post(f"/api/v1/expected-submissions/{target['id']}/submissions", headers={"If-Match": etag},
                        data={"number_text": "46/BC-UBND", "issued_on": "2025-06-11",
                              "file": (io.BytesIO(docx_bytes()), "bao-cao-2.docx")},
                        content_type="multipart/form-data")
    assert stale.status_code == 412


def test_plan_import_waits_as_a_draft_for_a_person_of_the_body(app, api, session):
    from tracker.plans.models import Document
    from sqlalchemy import func, select

    caller = api("vanphong.vikhe", scopes=WRITER)
    documents = session.scalar(select(func.count(Document.id)))
    text = ("ỦY BAN NHÂN DÂN PHƯỜNG VỊ KHÊ\nSố: /KH-UBND\nKẾ HOẠCH\nThực hiện công tác tiếp công dân năm 2027\n"
            "I. NHIỆM VỤ\n1. Công an phường chủ trì rà soát các vụ việc khiếu nại, hoàn thành trước 30/6/2027.\n")
    response = caller.post("/api/v1/plan-imports", data={"text": text}, content_type="multipart/form-data")
    assert response.status_code == 202, response.get_data(as_text=True)
    review = response.get_json()["review_url"]
    assert session.scalar(select(func.count(Document.id))) == documents  # nothing saved as a plan yet
    person = app.test_client()
    login(person, "vanphong.vikhe")
    page = person.get(review)
    assert page.status_code == 200 and "Xác nhận và lưu" in page.get_data(as_text=True)
    outsider = app.test_client()
    login(outsider, "noichinh.hanoi")
    assert outsider.get(review).status_code == 403
    # The draft waits on the import page of the body's people (not of others), and confirming it saves the plan
    # with the text it came from as its original.
    waiting = person.get("/documents/import/").get_data(as_text=True)
    assert "Bản nháp chờ duyệt" in waiting and review in waiting
    assert review not in outsider.get("/documents/import/").get_data(as_text=True)
    fields = form_fields(page.get_data(as_text=True), "review-form")
    saved = person.post("/documents/import/confirm", data=fields)
    assert saved.status_code == 302 and "/documents/" in saved.headers["Location"], saved.get_data(as_text=True)
    assert session.scalar(select(func.count(Document.id))) == documents + 1
    assert review not in person.get("/documents/import/").get_data(as_text=True)  # no longer waiting
    both = caller.post("/api/v1/plan-imports", data={"text": text, "file": (io.BytesIO(b"x"), "a.txt")},
                       content_type="multipart/form-data")
    assert both.status_code == 422


def test_plan_import_needs_an_importing_role(api):
    caller = api("congan.vikhe", scopes=WRITER)
    assert caller.post("/api/v1/plan-imports", data={"text": "KẾ HOẠCH"},
                       content_type="multipart/form-data").status_code == 403


def test_writes_need_no_csrf_token(api):
    caller = api("vanphong.vikhe", scopes=WRITER)
    assert isinstance(caller, Caller)
    response = caller.post("/api/v1/tasks/4/updates", data={"note": "Không cần mã CSRF"},
                           content_type="multipart/form-data")
    assert response.status_code == 201
