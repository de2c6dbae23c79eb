"""Routes: who may compile, edit, see; a final report refuses edits; finalise twice submits once; bad input."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.formdata import form_fields
from tests.tasks.helpers import client_for
from tracker.duties.models import ExpectedSubmission, ReportingDuty, Submission
from tracker.reports.models import Report


@pytest.fixture
def owed(session, unit_named):
    """Vị Khê's current half-year report on the province plan 160/KH-UBND (demo data)."""
    ubnd = unit_named("Ủy ban nhân dân phường Vị Khê")
    return session.scalars(select(ExpectedSubmission).join(ReportingDuty).where(
        ExpectedSubmission.unit_id == ubnd.id, ReportingDuty.schedule == "half")
        .order_by(ExpectedSubmission.start_on.desc())).all()


def _current(owed):
    from tracker.core.timeutil import today_vn

    today = today_vn()
    return next(e for e in owed if e.start_on <= today <= e.end_on)


def _set(data, **values):
    for key, value in values.items():
        data[key] = value  # MultiDict.update would add a second value instead
    return data


def _compile(client, expected) -> int:
    token = csrf_token(client, "/reports/")
    response = client.post(f"/reports/compile/{expected.id}", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    found = re.search(r"/reports/(\d+)$", response.location)
    return int(found.group(1))


def _write(client, report_id: int, **changes) -> None:
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    data = form_fields(page, "report-form")
    _set(data, assessment_md="Đạt kết quả tích cực.", direction_md="- Tiếp tục.", proposals_md="Không.")
    _set(data, **changes)
    response = client.post(f"/reports/{report_id}/save", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def _finalise(client, report_id: int, number="45"):
    from tracker.core.timeutil import today_vn

    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    data = form_fields(page, "finalise-form")
    _set(data, number=number, issued_on=today_vn().isoformat())
    return client.post(f"/reports/{report_id}/finalise", data=data, follow_redirects=True)


def test_the_ward_secretariat_compiles_writes_and_finalises_once(app, session, owed):
    client = client_for(app, "vanphong.vikhe")
    expected = _current(owed)
    listing = client.get("/reports/").get_data(as_text=True)
    assert expected.period_label in listing and "Lập báo cáo" in listing
    report_id = _compile(client, expected)
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "Còn trống: Đánh giá chung" in page and 'id="preview"' in page
    refused = _finalise(client, report_id).get_data(as_text=True)
    assert "Chưa thể hoàn thành: các mục sau còn trống" in refused
    _write(client, report_id)
    page = _finalise(client, report_id).get_data(as_text=True)
    assert "Đã hoàn thành báo cáo số 45/BC-UBND" in page
    again = client.post(f"/reports/{report_id}/finalise", data={
        "csrf_token": csrf_token(client, "/reports/"), "number": "45", "issued_on": "2026-01-01"},
        follow_redirects=True).get_data(as_text=True)
    assert "không gửi lại" in again
    assert session.scalar(select(func.count()).select_from(Submission)
                          .where(Submission.expected_id == expected.id)) == 1
    # A final report refuses saves through the route, and its page has no editor.
    data = {"csrf_token": csrf_token(client, "/reports/"), "title": "Sửa sau khi gửi", "lock_version": "1"}
    response = client.post(f"/reports/{report_id}/save", data=data, follow_redirects=True)
    assert "không thể sửa" in response.get_data(as_text=True)
    assert session.get(Report, report_id).title != "Sửa sau khi gửi"
    assert 'id="report-form"' not in client.get(f"/reports/{report_id}").get_data(as_text=True)
    docx = client.get(f"/reports/{report_id}/docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert "attachment" in docx.headers["Content-Disposition"]


def test_autosave_answers_json_and_reports_conflicts(app, session, owed):
    client = client_for(app, "vanphong.vikhe")
    report_id = _compile(client, _current(owed))
    data = form_fields(client.get(f"/reports/{report_id}").get_data(as_text=True), "report-form")
    _set(data, autosave="1", assessment_md="Nháp tự lưu")
    first = client.post(f"/reports/{report_id}/save", data=data)
    assert first.status_code == 200 and first.json["lock_version"] > int(data["lock_version"])
    data["assessment_md"] = "Từ tab cũ"
    stale = client.post(f"/reports/{report_id}/save", data=data)
    assert stale.status_code == 409 and "nơi khác" in stale.json["error"]
    assert session.get(Report, report_id).assessment_md == "Nháp tự lưu"


def test_preview_sanitises_markdown(app, session, owed):
    client = client_for(app, "vanphong.vikhe")
    report_id = _compile(client, _current(owed))
    data = form_fields(client.get(f"/reports/{report_id}").get_data(as_text=True), "report-form")
    data["assessment_md"] = "**đậm** <script>alert(1)</script> <img src=x onerror=alert(1)>"
    html = client.post(f"/reports/{report_id}/preview", data=data).get_data(as_text=True)
    assert "<strong>đậm</strong>" in html and "<script>" not in html and "onerror" not in html


def test_access(app, session, owed, as_role):
    owner = client_for(app, "vanphong.vikhe")
    expected = _current(owed)
    report_id = _compile(owner, expected)
    police = client_for(app, "congan.vikhe")  # a member of another unit of the ward
    assert police.post(f"/reports/compile/{expected.id}", data={"csrf_token": csrf_token(police, "/reports/")}) \
        .status_code == 403
    assert police.get(f"/reports/{report_id}").status_code == 403
    monitor = client_for(app, "noichinh.ninhbinh")
    assert monitor.get(f"/reports/{report_id}").status_code == 403  # drafts stay with the ward
    hanoi = client_for(app, "noichinh.hanoi")
    assert hanoi.get(f"/reports/{report_id}/docx").status_code == 403
    _write(owner, report_id)
    _finalise(owner, report_id)
    assert monitor.get(f"/reports/{report_id}").status_code == 200  # the receiving body reads the final one
    assert hanoi.get(f"/reports/{report_id}").status_code == 403
    assert as_role("viewer").get(f"/reports/{report_id}").status_code == 403
    assert app.test_client().get(f"/reports/{report_id}").status_code == 302  # to the login page


def test_bad_input_keeps_the_draft(app, session, owed):
    client = client_for(app, "vanphong.vikhe")
    report_id = _compile(client, _current(owed))
    _write(client, report_id, proposals_md="Giữ nguyên")
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    data = form_fields(page, "report-form")
    data["title"] = "   "
    response = client.post(f"/reports/{report_id}/save", data=data)
    assert response.status_code == 422 and "Trích yếu (tên báo cáo) không được để trống" in \
        response.get_data(as_text=True)
    data = form_fields(page, "finalise-form")
    _set(data, number="abc", issued_on="2026-13-45")
    text = client.post(f"/reports/{report_id}/finalise", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Không có tháng 13" in text
    report = session.get(Report, report_id)
    assert report.state == "draft" and report.proposals_md == "Giữ nguyên"


def test_the_receiving_monitor_reaches_the_report_from_the_submission(app, session, owed):
    owner = client_for(app, "vanphong.vikhe")
    expected = _current(owed)
    report_id = _compile(owner, expected)
    _write(owner, report_id)
    _finalise(owner, report_id)
    page = client_for(app, "noichinh.ninhbinh").get(f"/duties/expected/{expected.id}").get_data(as_text=True)
    assert f'href="/reports/{report_id}"' in page and "xem báo cáo trên hệ thống" in page


def test_a_body_lists_only_its_own_periods(app, session, owed):
    ward = client_for(app, "vanphong.vikhe").get("/reports/").get_data(as_text=True)
    province = client_for(app, "noichinh.ninhbinh").get("/reports/").get_data(as_text=True)
    assert "Ủy ban nhân dân phường Vị Khê" in ward
    assert "Ủy ban nhân dân phường Vị Khê" not in province  # the ward compiles its own report


def test_the_page_shows_the_annex_of_a_long_report(app, session, cascade, monkeypatch):
    from tests.reports.conftest import TODAY
    from tracker.reports import compile as compiling
    from tracker.reports import services

    monkeypatch.setattr(compiling, "ANNEX_AFTER", 2)  # three communes stand for a province's hundred
    report = services.compile_report(actor=None, expected=cascade.up, today=TODAY)
    session.commit()
    page = client_for(app, "admin").get(f"/reports/{report.id}").get_data(as_text=True)
    annex = page.split('id="annex"')[1]
    assert "PHỤ LỤC" in annex and "Xã Cường Thử" in annex and "Chưa ban hành" in annex
