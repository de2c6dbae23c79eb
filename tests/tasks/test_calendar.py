"""The deadline feed: token page (shown once, revoke, replace, audit), the public .ics (RFC 5545 form,
what it contains and what it must not), permissions and a constant number of queries."""
from __future__ import annotations

import re
from datetime import date

from icalendar import Calendar
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.duties.helpers import quarterly_duty
from tracker.calendars.models import CalendarToken
from tracker.core.audit import AuditLog
from tracker.duties.models import ExpectedSubmission
from tracker.tasks import services

URL = re.compile(r'value="(http://localhost/calendar/([A-Za-z0-9_-]+)\.ics)"')


def new_feed_url(client) -> tuple[str, str]:
    """Press "Tạo đường dẫn" and read the URL shown once: (path, secret)."""
    response = client.post("/calendar/token", data={"csrf_token": csrf_token(client, "/calendar/")})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    url, secret = URL.search(response.get_data(as_text=True)).groups()
    return url.removeprefix("http://localhost"), secret


def unfold(body: bytes) -> list[str]:
    """RFC 5545 §3.1: lines end in CRLF; a line starting with a space continues the previous one."""
    text = body.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def events(body: bytes) -> dict[str, dict[str, str]]:
    """{UID: {property (with parameters): raw value}} from the unfolded lines."""
    found, current = {}, None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found[current["UID"]] = current
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def owed(session, unit, key: str, due_on: date, **facts) -> ExpectedSubmission:
    row = ExpectedSubmission(duty_id=quarterly_duty(session).id, unit_id=unit.id, period_key=key,
                             period_label=f"Kỳ thử {key}", start_on=date(2026, 7, 1), end_on=date(2026, 9, 30),
                             due_on=due_on, **facts)
    session.add(row)
    session.flush()
    return row


def test_token_page_shows_the_url_once_and_the_feed_lists_the_units_deadlines(app, session, as_role, ward_plan):
    member = as_role("member")
    page = member.get("/calendar/").get_data(as_text=True)
    assert "Bạn chưa có đường dẫn lịch nào" in page and "Google Calendar" in page and "iPhone" in page
    assert "Lịch công việc (.ics)" in member.get("/tasks/").get_data(as_text=True)  # in the user menu
    path, secret = new_feed_url(member)
    again = member.get("/calendar/").get_data(as_text=True)
    assert secret not in again and "đang hoạt động" in again
    stored = session.scalar(select(CalendarToken).where(CalendarToken.revoked_at.is_(None),
                                                        CalendarToken.user.has(username="congan.vikhe")))
    assert stored.token_hash != secret and len(stored.token_hash) == 64 and stored.last_used_at is None

    response = app.test_client().get(path)  # a calendar app: no session cookie
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.data)
    police, lead = ward_plan.police_task, ward_plan.lead_task
    event = found[f"task-{police.id}@localhost"]
    assert event["DTSTART;VALUE=DATE"] == "20260617" and event["DTEND;VALUE=DATE"] == "20260618"
    assert event["SUMMARY"] == "Hạn: Bảo đảm an ninh trụ sở tiếp công dân"
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    description = event["DESCRIPTION"]
    assert "Kế hoạch: Kế hoạch số 99/KH-UBND ngày 01/06/2026" in description
    assert "Vai trò: Chủ trì\\nTrạng thái: Chưa thực hiện (0%)" in description
    assert f"http://localhost/tasks/{police.id}" in description and event["URL"].endswith(f"/tasks/{police.id}")
    assert "Vai trò: Phối hợp" in found[f"task-{lead.id}@localhost"]["DESCRIPTION"]
    assert f"task-{ward_plan.request_task.id}@localhost" not in found  # the MTTQ's task
    assert set(events(app.test_client().get(path).data)) == set(found)  # stable UIDs
    assert session.get(CalendarToken, stored.id).last_used_at is not None
    created = session.scalar(select(AuditLog).where(AuditLog.entity == "calendar_token",
                                                    AuditLog.entity_id == stored.id))
    assert created.action == "create" and created.actor.username == "congan.vikhe"


def test_only_open_dated_tasks_and_owed_reports(app, session, as_role, ward_plan):
    ca, mttq = ward_plan.units["ca"], ward_plan.units["mttq"]
    ward_plan.lead_task.status = "done"
    services.create_task(actor=None, document=ward_plan.document, text="Tuần tra thường xuyên",
                         assignments=[(ca, "lead")], deadline_kind="ongoing", deadline_phrase="Thường xuyên")
    missing = owed(session, ca, "t-missing", date(2026, 6, 10))
    returned = owed(session, ca, "t-returned", date(2026, 6, 12), first_submitted_on=date(2026, 6, 11),
                    versions=1, review_state="returned")
    sent = owed(session, ca, "t-sent", date(2026, 6, 20), first_submitted_on=date(2026, 6, 18), versions=1)
    other = owed(session, mttq, "t-other", date(2026, 6, 25))
    session.commit()
    path, _ = new_feed_url(as_role("member"))
    found = events(app.test_client().get(path).data)
    tasks = {uid for uid in found if uid.startswith("task-")}
    assert f"task-{ward_plan.police_task.id}@localhost" in tasks
    assert f"task-{ward_plan.lead_task.id}@localhost" not in tasks  # done
    assert not any("Tuần tra thường xuyên" in e["SUMMARY"] for e in found.values())  # no due date
    assert {f"report-{missing.id}@localhost", f"report-{returned.id}@localhost"} <= set(found)
    assert f"report-{sent.id}@localhost" not in found and f"report-{other.id}@localhost" not in found
    report = found[f"report-{missing.id}@localhost"]
    assert report["SUMMARY"].startswith("Hạn nộp báo cáo: ") and report["SUMMARY"].endswith("(Kỳ thử t-missing)")
    assert report["DTSTART;VALUE=DATE"] == "20260610" and f"/duties/expected/{missing.id}" in report["URL"]
    assert "Tình trạng: Chưa nộp – quá hạn" in report["DESCRIPTION"]


def test_ics_escapes_folds_on_utf8_boundaries_and_round_trips(app, session, as_role, ward_plan):
    text = ("Rà soát, sửa đổi; bổ sung quy chế\\phối hợp giữa Đảng ủy, Ủy ban nhân dân và Ủy ban Mặt trận "
            "Tổ quốc Việt Nam phường về công tác tiếp công dân, giải quyết khiếu nại, tố cáo")
    ward_plan.police_task.text = text
    session.commit()
    path, _ = new_feed_url(as_role("member"))
    body = app.test_client().get(path).data
    physical = body.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75 and any(line.startswith(b" ") for line in physical)
    for line in physical:
        line.decode("utf-8")  # never cut inside a character
    event = events(body)[f"task-{ward_plan.police_task.id}@localhost"]
    assert event["SUMMARY"].startswith("Hạn: Rà soát\\, sửa đổi\\; bổ sung quy chế\\\\phối hợp")
    assert event["SUMMARY"].endswith("…") and len(event["SUMMARY"]) < len(text)
    assert "\\n\\nNhiệm vụ: Rà soát\\, sửa đổi" in event["DESCRIPTION"]
    parsed = {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    again = parsed[f"task-{ward_plan.police_task.id}@localhost"]
    assert f"Nhiệm vụ: {text}\n" in str(again["DESCRIPTION"])
    assert again.decoded("DTSTART") == date(2026, 6, 17)
    calendar = Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "Hạn công việc – Công an phường Vị Khê"


def test_revoked_replaced_unknown_and_disabled_tokens_give_404(app, session, as_role, user_of):
    member = as_role("member")
    first, _ = new_feed_url(member)
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 200
    second, _ = new_feed_url(member)  # a new URL revokes the old one
    assert anonymous.get(first).status_code == 404 and anonymous.get(second).status_code == 200
    response = member.post("/calendar/token/revoke", data={"csrf_token": csrf_token(member, "/calendar/")})
    assert response.status_code == 302
    assert anonymous.get(second).status_code == 404
    assert "Bạn chưa có đường dẫn lịch nào" in member.get("/calendar/").get_data(as_text=True)
    actions = list(session.scalars(select(AuditLog.action).where(AuditLog.entity == "calendar_token")
                                   .order_by(AuditLog.id)))
    assert actions == ["create", "revoke", "create", "revoke"]
    assert anonymous.get("/calendar/" + "A" * 43 + ".ics").status_code == 404
    assert anonymous.get("/calendar/x'or'1'='1.ics").status_code == 404
    third, _ = new_feed_url(member)
    user_of("member").is_enabled = False
    session.commit()
    assert anonymous.get(third).status_code == 404


def test_each_feed_shows_only_its_owners_unit(app, session, as_role, ward_plan):
    office_path, _ = new_feed_url(as_role("secretariat"))  # Văn phòng HĐND và UBND phường Vị Khê
    police_path, _ = new_feed_url(as_role("member"))
    office = events(app.test_client().get(office_path).data)
    police = events(app.test_client().get(police_path).data)
    assert f"task-{ward_plan.lead_task.id}@localhost" in office
    assert f"task-{ward_plan.police_task.id}@localhost" not in office
    assert f"task-{ward_plan.police_task.id}@localhost" in police
    assert all(ward_plan.request_task.text not in e["SUMMARY"] for e in list(office.values()) + list(police.values()))


def test_viewer_gets_own_calendar_and_pages_need_login_and_csrf(app, client, as_role):
    viewer = as_role("viewer")
    path, _ = new_feed_url(viewer)
    response = app.test_client().get(path)
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.data and b"X-WR-CALNAME" in response.data
    assert client.get("/calendar/").status_code == 302
    assert client.post("/calendar/token").status_code in (302, 400)
    assert viewer.post("/calendar/token", data={}).status_code == 400  # no CSRF token


def test_feed_runs_a_constant_number_of_queries(app, session, as_role, ward_plan, count_queries):
    path, _ = new_feed_url(as_role("member"))
    anonymous = app.test_client()
    with count_queries() as before:
        assert anonymous.get(path).status_code == 200
    ca, vp = ward_plan.units["ca"], ward_plan.units["vp"]
    for n in range(6):
        services.create_task(actor=None, document=ward_plan.document, text=f"Nhiệm vụ thêm {n}",
                             assignments=[(ca, "lead"), (vp, "coordinate")], due_on=date(2026, 7, n + 1),
                             position=10 + n)
        owed(session, ca, f"t-{n}", date(2026, 7, 10 + n))
    session.commit()
    with count_queries() as after:
        body = anonymous.get(path).data
    assert len(events(body)) >= 12
    assert after.count == before.count, "\n\n".join(s[:300] for s in after.statements)
