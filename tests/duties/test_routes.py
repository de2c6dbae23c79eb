"""Duty pages: dashboard matrix (constant queries), export, submit/review through forms, reminders, permissions."""
import io
import re
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tests.duties.helpers import PDF, docx_bytes, expected_for, plan_duty
from tracker.duties import services
from tracker.duties.models import ExpectedSubmission, ReportingDuty, Submission
from tracker.plans.models import Document
from tracker.units import services as unit_services


def committee_client(app):
    client = app.test_client()
    assert login(client, "danguy.hoankiem").status_code == 302
    return client


def test_dashboard_shows_the_matrix_with_rates(session, as_role):
    page = as_role("monitor").get("/duties/").get_data(as_text=True)
    assert "Theo dõi nộp báo cáo" in page and 'id="matrix"' in page
    assert "Đảng ủy phường Hoàn Kiếm" in page and "Quý I/2025" in page
    assert page.count('data-status="late"') >= 1 and page.count('data-status="missing"') >= 1
    assert "Đã nộp <strong>3/5</strong> (60\u00a0%)" in page


def test_dashboard_filters_by_status_and_period(session, as_role):
    duty = plan_duty(session)
    page = as_role("monitor").get(f"/duties/?duty={duty.id}&status=missing").get_data(as_text=True)
    rows = re.findall(r'<tr data-unit="([^"]+)"', page)
    assert sorted(rows) == ["Đảng ủy phường Hoàn Kiếm", "Đảng ủy xã Sóc Sơn"]


def _grow(session, n: int, name: str = "Đảng bộ thử nghiệm") -> None:
    city = session.scalar(select(services.Unit).where(services.Unit.name == "Thành phố Hà Nội"))
    plan = session.scalar(select(Document).where(Document.issuer_id == session.scalar(
        select(services.Unit.id).where(services.Unit.name == "Thành ủy Hà Nội"))))
    owners = [unit_services.create_unit(actor=None, name=f"{name} {i}", parent=city,
                                        kind="party_committee") for i in range(n)]
    services.create_duty(actor=None, document=plan, title=f"Báo cáo thử {name} {n}", kind="periodic",
                         schedule="quarter", first_year=2025, last_year=2025, recipient=plan.issuer,
                         owners_mode="chosen", owners=owners)
    session.flush()


def test_dashboard_runs_a_constant_number_of_queries(session, as_role, count_queries):
    client = as_role("monitor")
    # Both counts in a transaction that has written: on PostgreSQL nothing kept between requests is used then.
    _grow(session, 1, "Đảng bộ trước")
    client.get("/duties/")
    with count_queries() as small:
        assert client.get("/duties/").status_code == 200
    _grow(session, 60)
    with count_queries() as large:
        page = client.get("/duties/").get_data(as_text=True)
    assert "Đảng bộ thử nghiệm 5" in page and 'class="pagination' in page
    assert large.count == small.count, (small.count, large.count)


def test_matrix_pages_count_every_unit_and_a_page_past_the_end_shows_the_last(session, user_of):
    from tracker.duties.queries import matrix

    _grow(session, 60)
    monitor_user, today = user_of("monitor"), date(2025, 12, 31)
    everything = matrix(monitor_user, today, per_page=1_000_000)
    assert everything.pages == 1 and everything.total_rows == len(everything.rows) > 60
    units_with_cells = {unit_id for unit_id, _, _ in everything.cells}
    assert units_with_cells == {r["unit_id"] for r in everything.rows}
    first = matrix(monitor_user, today, per_page=25)
    assert first.total_rows == everything.total_rows and first.pages == -(-first.total_rows // 25)
    assert [r["unit_id"] for r in first.rows] == [r["unit_id"] for r in everything.rows[:25]]
    assert {unit_id for unit_id, _, _ in first.cells} == {r["unit_id"] for r in first.rows}
    past = matrix(monitor_user, today, per_page=25, page=first.pages + 7)
    assert past.page == first.pages and past.rows and past.total_rows == first.total_rows
    assert [r["unit_id"] for r in past.rows] == [r["unit_id"] for r in everything.rows[(first.pages - 1) * 25:]]
    assert matrix(monitor_user, today, per_page=25, page=-3).page == 1
    # A status filter keeps only the units with such a cell, and only their cells, even when they fit on one page.
    late = matrix(monitor_user, today, per_page=1_000_000, status="late")
    assert 0 < late.total_rows == len(late.rows) < everything.total_rows
    assert {unit_id for unit_id, _, _ in late.cells} == {r["unit_id"] for r in late.rows}
    assert all(any(c["status"] == "late" for (u, _, _), c in late.cells.items() if u == r["unit_id"])
               for r in late.rows)


def test_export_xlsx_opens_and_guards_formulas(session, as_role):
    response = as_role("monitor").get("/duties/export.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Đảng ủy phường Cầu Giấy" in values and any(str(v).startswith("Nộp muộn") for v in values)
    assert all(c.quotePrefix for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and c.value[:1] in "=+-@")
    # Each status keeps its own colour (the fills are copied from the first cell of each status).
    fills = {}
    for row in ws.iter_rows(min_row=3):
        for c in row[2:]:
            if isinstance(c.value, str) and c.fill.fgColor.rgb not in (None, "00000000"):
                fills.setdefault(c.value.split(" (")[0], set()).add(c.fill.fgColor.rgb[-6:])
    assert fills.get("Nộp muộn") == {"FFEB9C"}, fills
    assert all(len(colours) == 1 for colours in fills.values()), fills


def test_committee_submits_late_then_monitor_returns_and_it_resubmits(app, session, as_role):
    duty = plan_duty(session)
    expected = expected_for(session, duty, "Đảng ủy phường Hoàn Kiếm")
    client = committee_client(app)
    url = f"/duties/expected/{expected.id}"
    token = csrf_token(client, url)
    bad = client.post(f"{url}/submit", data={"csrf_token": token, "number_text": "5-KH/ĐU", "issued_on": "2025-05-06",
                                             "file": (io.BytesIO(b"not a document"), "ke-hoach.pdf")},
                      content_type="multipart/form-data", follow_redirects=True)
    assert "không phải văn bản Word" in bad.get_data(as_text=True) and expected.versions == 0
    good = client.post(f"{url}/submit", data={"csrf_token": token, "number_text": "5-KH/ĐU", "issued_on": "2025-05-06",
                                              "file": (io.BytesIO(docx_bytes()), "ke-hoach.docx")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "Đã nộp báo cáo (lần 1)" in good.get_data(as_text=True)
    session.refresh(expected)
    assert expected.status(date(2026, 1, 1)) == "late"
    monitor = as_role("monitor")
    first = session.scalar(select(Submission).where(Submission.expected_id == expected.id))
    monitor_token = csrf_token(monitor, url)
    empty = monitor.post(f"/duties/submissions/{first.id}/return", data={"csrf_token": monitor_token, "comment": ""},
                         follow_redirects=True)
    assert "lý do" in empty.get_data(as_text=True)
    monitor.post(f"/duties/submissions/{first.id}/return", data={"csrf_token": monitor_token,
                                                                 "comment": "Bổ sung phụ lục"})
    client.post(f"{url}/submit", data={"csrf_token": token, "number_text": "6-KH/ĐU", "issued_on": "2025-05-07",
                                       "file": (io.BytesIO(PDF), "ke-hoach-2.pdf")}, content_type="multipart/form-data")
    page = monitor.get(url).get_data(as_text=True)
    assert "Bổ sung phụ lục" in page and "6-KH/ĐU" in page and "5-KH/ĐU" in page
    download = monitor.get(f"/duties/submissions/{first.id}/file")
    assert download.status_code == 200 and download.data.startswith(b"PK")


def test_other_units_cannot_submit_or_see(session, as_role):
    expected = expected_for(session, plan_duty(session), "Đảng ủy phường Hoàn Kiếm")
    member = as_role("member")
    assert member.get(f"/duties/expected/{expected.id}").status_code == 404
    token = csrf_token(member, "/notifications/")
    response = member.post(f"/duties/expected/{expected.id}/submit", data={"csrf_token": token})
    assert response.status_code == 403
    assert as_role("viewer").get("/duties/export.xlsx").status_code == 403
    assert as_role("monitor").get("/duties/outbox").status_code == 403


def test_one_click_reminder_lights_the_committees_bell(app, session, as_role):
    duty = plan_duty(session)
    monitor = as_role("monitor")
    ask = monitor.get(f"/duties/{duty.id}/remind?back=/duties/").get_data(as_text=True)
    ids = re.findall(r'<input checked[^>]*name="expected_ids" type="checkbox" value="(\d+)"', ask)
    assert len(ids) == 2 and "Xem trước thông báo" in ask
    token = csrf_token(monitor, f"/duties/{duty.id}/remind")
    page = monitor.post(f"/duties/{duty.id}/remind", data={"csrf_token": token, "back": "/duties/", "action": "send",
                                                          "expected_ids": ids, "note": "Đề nghị gửi ngay."},
                        follow_redirects=True).get_data(as_text=True)
    assert "Đã gửi nhắc nhở tới 2 đơn vị" in page
    committee = committee_client(app)
    home = committee.get("/duties/mine").get_data(as_text=True)
    assert re.search(r'id="bell"[^>]*>.*?badge[^>]*>1<', home, re.S)
    notes = committee.get("/notifications/").get_data(as_text=True)
    assert "Đôn đốc" in notes and "Đảng ủy phường Hoàn Kiếm" in notes
    assert "Chưa nộp – quá hạn" in home
    outbox = as_role("admin").get("/duties/outbox").get_data(as_text=True)
    assert "danguy.hoankiem@example.invalid" in outbox


def test_define_a_duty_on_the_plan_by_form(session, as_role):
    plan = session.scalar(select(ReportingDuty)).document
    client = as_role("monitor")
    url = f"/duties/new/{plan.id}"
    token = csrf_token(client, url)
    before = session.scalar(select(func.count(ExpectedSubmission.id)))
    bad = client.post(url, data={"csrf_token": token, "title": "Báo cáo năm", "kind": "periodic", "schedule": "year",
                                 "recipient_id": plan.issuer_id, "via_id": 0, "owners_mode": "subordinates",
                                 "cutoff": "nd09", "due_day": 18, "due_month_offset": 0, "remind_before_days": 3,
                                 "repeat_every_days": 2, "grace_days": 5})
    assert bad.status_code == 422 and "từ năm đến năm" in bad.get_data(as_text=True)
    assert session.scalar(select(func.count(ExpectedSubmission.id))) == before
    ok = client.post(url, data={"csrf_token": token, "title": "Báo cáo năm", "kind": "periodic", "schedule": "year",
                                "first_year": 2025, "last_year": 2026, "recipient_id": plan.issuer_id, "via_id": 0,
                                "owners_mode": "subordinates", "cutoff": "nd09", "due_day": 25,
                                "due_month_offset": 0, "remind_before_days": 3, "repeat_every_days": 2,
                                "grace_days": 5})
    assert ok.status_code == 302
    assert session.scalar(select(func.count(ExpectedSubmission.id))) == before + 10


def test_level_filter_keeps_commune_committees(session, as_role):
    page = as_role("monitor").get("/duties/?level=commune").get_data(as_text=True)
    assert "Đảng ủy phường Ba Đình" in page
    assert 'id="matrix"' not in as_role("monitor").get("/duties/?level=central").get_data(as_text=True)
