"""Webhooks inside one rolled-back transaction: the admin pages (register, secret once, URL refusals, log, resend),
the outbox written with the change and only for clients that may see it, signed deliveries to a real receiver."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.api.webhook_helpers import Receiver, make_client, subscribe
from tests.conftest import csrf_token
from tests.reports.conftest import TODAY as REPORT_DAY
from tests.reports.conftest import cascade  # noqa: F401 - fixture
from tests.tasks.conftest import TODAY, ward_plan  # noqa: F401 - fixture
from tracker.api.webhook_jobs import deliver_due
from tracker.api.webhook_models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription
from tracker.core.timeutil import utcnow
from tracker.tasks import services as task_services


@pytest.fixture(autouse=True)
def private_allowed(app, monkeypatch):
    """The receiver listens on 127.0.0.1: allowed in tests (WEBHOOK_ALLOW_PRIVATE), refused by default."""
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)


def _deliveries(session, sub) -> list[WebhookDelivery]:
    return list(session.scalars(select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub.id)
                                .order_by(WebhookDelivery.id)))


def _post(task, unit, actor=None, **extra):
    return task_services.post_update(actor=actor, task=task, unit_id=unit.id, today=TODAY, note_md="Đã triển khai",
                                     **extra)


# The admin pages.

def test_admin_registers_a_url_and_sees_the_secret_once(session, admin_client, as_role, ward_plan):
    client = make_client(session, ward_plan.units["ca"], "Hệ thống một cửa Công an")
    session.commit()
    assert as_role("secretariat").get("/admin/webhooks/").status_code == 403
    assert as_role("monitor").get("/admin/webhooks/create").status_code == 403
    with Receiver() as receiver:
        response = admin_client.post("/admin/webhooks/create", data={
            "csrf_token": csrf_token(admin_client, "/admin/webhooks/create"), "client_id": client.id,
            "url": receiver.url, "kinds": ["task.updated", "task.confirmed"]})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    sub = session.scalar(select(WebhookSubscription).where(WebhookSubscription.client_id == client.id))
    assert sub.kind_set == {"task.updated", "task.confirmed"} and sub.url == receiver.url
    assert "chỉ hiển thị một lần" in page and sub.secret in page and len(sub.secret) == 64
    for url in ("/admin/webhooks/", f"/admin/webhooks/{sub.id}", f"/admin/webhooks/{sub.id}/edit"):
        shown = admin_client.get(url)
        assert shown.status_code == 200 and sub.secret not in shown.get_data(as_text=True)
    old = sub.secret
    rotated = admin_client.post(f"/admin/webhooks/{sub.id}/rotate",
                                data={"csrf_token": csrf_token(admin_client, f"/admin/webhooks/{sub.id}")})
    session.refresh(sub)
    assert sub.secret != old and sub.secret in rotated.get_data(as_text=True)
    office = as_role("secretariat")
    assert office.post(f"/admin/webhooks/{sub.id}/rotate", data={"csrf_token": csrf_token(office, "/")}).status_code == 403
    for url in (f"/admin/webhooks/{sub.id}", f"/admin/webhooks/{sub.id}/edit"):
        assert office.get(url).status_code == 403
    _post(ward_plan.police_task, ward_plan.units["ca"], progress=1)
    [delivery] = _deliveries(session, sub)
    assert office.post(f"/admin/webhooks/deliveries/{delivery.id}/resend",
                       data={"csrf_token": csrf_token(office, "/")}).status_code == 403
    assert admin_client.get("/admin/webhooks/999999").status_code == 404


@pytest.mark.parametrize("url, message", [
    ("ftp://doitac.example.vn/hook", "phải bắt đầu bằng http:// hoặc https://"),
    ("javascript:alert(1)", "phải bắt đầu bằng http:// hoặc https://"),
    ("http://", "thiếu tên máy chủ"),
    ("https://user:pass@doitac.example.vn/", "không được chứa tên đăng nhập hay mật khẩu"),
    ("http://127.0.0.1:8080/hook", "trỏ tới mạng nội bộ hoặc máy chủ này"),
    ("http://localhost/hook", "trỏ tới mạng nội bộ hoặc máy chủ này"),
    ("http://169.254.169.254/latest/meta-data/", "trỏ tới mạng nội bộ hoặc máy chủ này"),
    ("http://10.1.2.3/hook", "trỏ tới mạng nội bộ hoặc máy chủ này"),
    ("http://[::1]/hook", "trỏ tới mạng nội bộ hoặc máy chủ này"),
    ("http://[::ffff:192.168.1.1]/hook", "trỏ tới mạng nội bộ hoặc máy chủ này"),
    ("http://khong-ton-tai.invalid/hook", "Không phân giải được tên máy chủ"),
    ("http://doitac.example.vn:99999/", "Cổng (port)"),
])
def test_invalid_urls_are_refused_in_vietnamese(session, app, admin_client, monkeypatch, ward_plan, url, message):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    client = make_client(session, ward_plan.units["ca"], "Đối tác")
    session.commit()
    response = admin_client.post("/admin/webhooks/create", data={
        "csrf_token": csrf_token(admin_client, "/admin/webhooks/create"), "client_id": client.id, "url": url,
        "kinds": ["task.updated"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert url.replace("&", "&amp;") in page  # the form keeps what was typed
    assert session.scalar(select(func.count(WebhookSubscription.id))) == 0


def test_private_addresses_only_with_the_flag_and_kinds_required(session, app, admin_client, monkeypatch, ward_plan):
    client = make_client(session, ward_plan.units["ca"], "Đối tác nội bộ")
    session.commit()
    form = {"client_id": client.id, "url": "http://127.0.0.1:9/hook"}
    none_chosen = admin_client.post("/admin/webhooks/create", data={
        **form, "csrf_token": csrf_token(admin_client, "/admin/webhooks/create")})
    assert none_chosen.status_code == 422 and "Hãy chọn ít nhất một loại sự kiện." in none_chosen.get_data(as_text=True)
    accepted = admin_client.post("/admin/webhooks/create", data={
        **form, "kinds": ["task.claimed"], "csrf_token": csrf_token(admin_client, "/admin/webhooks/create")})
    assert accepted.status_code == 200
    assert session.scalar(select(func.count(WebhookSubscription.id))) == 1


# The outbox.

def test_an_update_writes_one_event_and_a_delivery_per_client_that_may_see_it(session, ward_plan, unit_named,
                                                                                user_of):
    police = make_client(session, ward_plan.units["ca"], "Công an phường")
    outsider = make_client(session, unit_named("Đảng ủy phường Hoàn Kiếm"), "Hoàn Kiếm", role="secretariat")
    revoked = make_client(session, ward_plan.units["ca"], "Đã thu hồi")
    revoked.revoked_at = utcnow()
    no_read = make_client(session, ward_plan.units["ca"], "Không có quyền đọc", scopes="write:updates")
    confirmed_only = make_client(session, ward_plan.units["ca"], "Chỉ xác nhận")
    subs = {name: subscribe(session, c, "http://127.0.0.1:9/x") for name, c in
            (("police", police), ("outsider", outsider), ("revoked", revoked), ("no_read", no_read))}
    subs["confirmed_only"] = subscribe(session, confirmed_only, "http://127.0.0.1:9/x", kinds=("task.confirmed",))

    update = _post(ward_plan.police_task, ward_plan.units["ca"], actor=user_of("member"), progress=40)
    [delivery] = _deliveries(session, subs["police"])
    for name in ("outsider", "revoked", "no_read", "confirmed_only"):
        assert _deliveries(session, subs[name]) == [], name
    event = delivery.event
    assert event.kind == "task.updated" and len(event.id) == 36
    assert event.payload["task"] == {"id": ward_plan.police_task.id, "document_id": ward_plan.document.id,
                                     "status": ward_plan.police_task.status, "progress": 40,
                                     "due_on": "2026-06-17", "claimed_on": None, "confirmed_on": None}
    assert event.payload["update"]["id"] == update.id and event.payload["update"]["progress"] == 40
    assert "Đã triển khai" not in str(event.payload)  # ids and states only; the text is read through the API

    # A task of the MTTQ (requested), not of the police: nobody hears of it, and no event row is written.
    before = session.scalar(select(func.count()).select_from(WebhookEvent))
    _post(ward_plan.request_task, ward_plan.units["mttq"])
    assert session.scalar(select(func.count()).select_from(WebhookEvent)) == before


def test_a_rolled_back_change_leaves_no_event(session, ward_plan):
    sub = subscribe(session, make_client(session, ward_plan.units["ca"], "Công an"), "http://127.0.0.1:9/x")
    nested = session.begin_nested()
    _post(ward_plan.police_task, ward_plan.units["ca"], progress=10)
    assert len(_deliveries(session, sub)) == 1
    nested.rollback()
    assert _deliveries(session, sub) == [] and session.scalar(select(func.count()).select_from(WebhookEvent)) == 0


def test_claim_and_confirmation_are_told(session, ward_plan, user_of):
    sub = subscribe(session, make_client(session, ward_plan.units["ca"], "Công an"), "http://127.0.0.1:9/x")
    _post(ward_plan.police_task, ward_plan.units["ca"], actor=user_of("member"), status="claimed")
    task_services.confirm_completion(actor=None, task=ward_plan.police_task, today=TODAY)
    kinds = [d.event.kind for d in _deliveries(session, sub)]
    assert kinds == ["task.claimed", "task.updated", "task.confirmed"]
    claimed = _deliveries(session, sub)[0].event.payload
    assert claimed["unit_id"] == ward_plan.units["ca"].id and claimed["task"]["claimed_on"] == TODAY.isoformat()
    assert _deliveries(session, sub)[2].event.payload["task"]["status"] == "done"


def test_report_finalised_and_submission_received_reach_the_receiving_side_only(session, cascade, unit_named,
                                                                               user_of):
    from tracker.reports import services as report_services
    from tracker.reports.docx import build_report_docx

    central = make_client(session, cascade.central.issuer, "Văn phòng Chính phủ", role="secretariat")
    province = make_client(session, cascade.units["office"], "Văn phòng UBND tỉnh", role="secretariat")
    commune = make_client(session, cascade.units["an"], "Xã An Thử", role="secretariat")
    subs = {n: subscribe(session, c, "http://127.0.0.1:9/x") for n, c in
            (("central", central), ("province", province), ("commune", commune))}
    actor = user_of("secretariat")
    report = report_services.compile_report(actor=actor, expected=cascade.up, today=REPORT_DAY)
    report_services.save_draft(actor=actor, report=report, lock_version=None, content={
        "assessment_md": "Tốt.", "direction_md": "Tiếp tục.", "proposals_md": "Không."})
    report_services.finalise(actor=actor, report=report, number="45", issued_on=REPORT_DAY, lock_version=None,
                             today=REPORT_DAY, build_docx=build_report_docx)
    for name in ("central", "province"):
        told = {d.event.kind: d.event.payload for d in _deliveries(session, subs[name])}
        assert set(told) == {"submission.received", "report.finalised"}, name
        assert told["report.finalised"]["report"]["number_text"] == report.number_text
        assert told["submission.received"]["expected"]["id"] == cascade.up.id
    assert _deliveries(session, subs["commune"]) == []


# Delivery to a real receiver, the log page and resend.

def test_signed_delivery_log_and_resend(session, admin_client, ward_plan):
    with Receiver(script=[500]) as receiver:
        sub = subscribe(session, make_client(session, ward_plan.units["ca"], "Công an"), receiver.url)
        _post(ward_plan.police_task, ward_plan.units["ca"], progress=55)
        session.commit()
        start = utcnow()
        first = deliver_due(now=lambda: start)
        assert (first.delivered, first.retrying) == (0, 1)
        [delivery] = _deliveries(session, sub)
        assert delivery.state == "pending" and delivery.next_attempt_at == start + timedelta(minutes=1)
        log = admin_client.get(f"/admin/webhooks/{sub.id}").get_data(as_text=True)
        assert "HTTP 500" in log and delivery.event_id in log and "Gửi lại" in log

        # "Gửi lại" makes it due at once (no back-off wait); the same event id goes out again.
        response = admin_client.post(f"/admin/webhooks/deliveries/{delivery.id}/resend",
                                     data={"csrf_token": csrf_token(admin_client, f"/admin/webhooks/{sub.id}")})
        assert response.status_code == 302
        assert admin_client.post(f"/admin/webhooks/deliveries/{delivery.id}/resend").status_code == 400  # no CSRF
        assert deliver_due().delivered == 1
        session.refresh(delivery)
        assert delivery.state == "delivered" and delivery.attempts == 2
        # Resending a delivered event sends it once more, same id: the receiver's deduplication makes it a no-op.
        admin_client.post(f"/admin/webhooks/deliveries/{delivery.id}/resend",
                          data={"csrf_token": csrf_token(admin_client, f"/admin/webhooks/{sub.id}")})
        assert deliver_due().delivered == 1
    assert receiver.event_ids() == [delivery.event_id] * 3
    assert all(r.signature_ok(sub.secret) for r in receiver.requests)
    assert not receiver.requests[0].signature_ok("another-secret")
    got = receiver.requests[0]
    assert got.path == "/hooks/tracker" and got.headers["X-Tracker-Event"] == "task.updated"
    assert got.json["id"] == delivery.event_id and got.json["data"]["task"]["progress"] == 55
    assert {r.body for r in receiver.requests} == {got.body}  # the same body on every attempt
    attempts = list(session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery.id)
                                    .order_by(WebhookAttempt.attempt_no)))
    assert [(a.attempt_no, a.status_code, a.is_success) for a in attempts] == [(1, 500, False), (2, 200, True),
                                                                              (3, 200, True)]
    log = admin_client.get(f"/admin/webhooks/{sub.id}").get_data(as_text=True)
    assert "Đã gửi" in log and "Lần 3" in log
    assert admin_client.get("/admin/webhooks/").get_data(as_text=True).count(receiver.url) == 1


def test_attempts_run_out_and_the_url_is_checked_again_when_sending(session, app, monkeypatch, ward_plan):
    monkeypatch.setitem(app.config, "WEBHOOK_MAX_ATTEMPTS", 2)
    with Receiver(script=[503, 503, 503]) as receiver:
        sub = subscribe(session, make_client(session, ward_plan.units["ca"], "Công an"), receiver.url)
        _post(ward_plan.police_task, ward_plan.units["ca"], progress=5)
        start = utcnow()
        deliver_due(now=lambda: start)
        result = deliver_due(now=lambda: start + timedelta(minutes=1))
        assert result.failed == 1
        [delivery] = _deliveries(session, sub)
        assert delivery.state == "failed" and delivery.last_status_code == 503
        assert deliver_due(now=lambda: start + timedelta(days=1)).event_ids == []
        # A loopback receiver once the flag is off: refused at sending time too, nothing reaches it.
        monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
        _post(ward_plan.police_task, ward_plan.units["ca"], progress=6)
        deliver_due()
    assert len(receiver.requests) == 2
    last = _deliveries(session, sub)[-1]
    assert "mạng nội bộ" in last.last_error and last.last_status_code is None


def test_the_verification_example_in_the_docs_accepts_a_real_delivery_once(session, ward_plan):
    import re
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
    [example] = re.findall(r"```python\n(.*?)```", source.read_text(encoding="utf-8"), re.S)
    with Receiver() as receiver:
        sub = subscribe(session, make_client(session, ward_plan.units["ca"], "Công an"), receiver.url)
        _post(ward_plan.police_task, ward_plan.units["ca"], progress=70)
        deliver_due()
    [got] = receiver.requests
    partner: dict = {}
    exec(example.replace('b"…the secret shown once…"', repr(sub.secret.encode())).replace("    ...", "    pass"),
         partner)
    assert partner["handle"](got.headers, got.body) == 200
    assert partner["seen"] == {got.event_id}
    assert partner["handle"](got.headers, got.body) == 200 and len(partner["seen"]) == 1  # a retry: deduplicated
    assert partner["handle"](got.headers, got.body + b" ") == 401  # the body was changed on the way
    stale = {**got.headers, "X-Tracker-Timestamp": str(int(got.headers["X-Tracker-Timestamp"]) - 3600)}
    assert partner["handle"](stale, got.body) == 401


def test_https_receiver_verified_against_its_authority(session, app, monkeypatch, tmp_path, ward_plan):
    from tests.api.webhook_helpers import make_certificates

    ca, cert, key = make_certificates(tmp_path)
    with Receiver(tls=(cert, key)) as receiver:
        sub = subscribe(session, make_client(session, ward_plan.units["ca"], "Công an"), receiver.url)
        _post(ward_plan.police_task, ward_plan.units["ca"], progress=80)
        start = utcnow()
        # An authority the system does not trust: refused, nothing reaches the receiver's handler.
        assert deliver_due(now=lambda: start).retrying == 1
        [delivery] = _deliveries(session, sub)
        assert "CERTIFICATE_VERIFY_FAILED" in delivery.last_error and receiver.requests == []
        monkeypatch.setitem(app.config, "WEBHOOK_CA_FILE", ca)
        assert deliver_due(now=lambda: start + timedelta(minutes=1)).delivered == 1
    [got] = receiver.requests
    assert got.signature_ok(sub.secret) and got.event_id == delivery.event_id
