"""Mail received by a real SMTP server on localhost (UTF-8 subject and body), the notification pages, the settings
page and the access sweep: nobody sees another person's notices or another body's inbox."""
from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from tests.conftest import csrf_token
from tracker.core.timeutil import today_vn
from tracker.duties.jobs import deliver_outbox
from tracker.duties.reminders import build_digests
from tracker.notifications import services
from tracker.notifications.models import NotificationPreference
from tracker.plans.models import Document, Task
from tracker.tasks import services as task_services


def _task(session, starts: str) -> Task:
    return session.scalar(select(Task).where(Task.text.startswith(starts)))


def test_mail_now_and_the_digest_reach_the_smtp_server(session, smtp_server, user_of, notices):
    officer, office = user_of("member"), user_of("secretariat")
    officer.email = "congan.vikhe@example.invalid"
    task = _task(session, "Nắm chắc diễn biến")
    task_services.change_status(actor=officer, task=task, status="claimed", today=today_vn())
    task_services.refuse_completion(actor=office, task=task, reason="Thiếu biên bản họp dân ở tổ dân phố Đông Hồ",
                                    today=today_vn())  # task_refused is mailed at once by default
    task_services.remind(actor=user_of("monitor"), task=task, body_md="Đề nghị khẩn trương hoàn thành.",
                         today=today_vn())
    services.save_preferences(user=officer, modes={"task_pressed": "digest"})
    task_services.remind(actor=user_of("monitor"), task=task, body_md="Nhắc lần hai: gửi trước thứ Sáu.",
                         today=today_vn())
    build_digests(date(2030, 3, 4), datetime(2030, 3, 4, 0, 5), user_ids=[officer.id])
    assert deliver_outbox() >= 3
    mine = [m for to, m in smtp_server if to == ["congan.vikhe@example.invalid"]]
    subjects = [m["Subject"] for m in mine]
    refused = next(m for m in mine if m["Subject"].startswith("[tracker] Không xác nhận hoàn thành"))
    assert "Nắm chắc diễn biến" in refused["Subject"]
    assert "Lý do: Thiếu biên bản họp dân ở tổ dân phố Đông Hồ" in refused.get_content()
    digest = next(m for m in mine if "thông báo cần lưu ý ngày 04/03/2030" in m["Subject"])
    body = digest.get_content()
    assert "Nhắc lần hai: gửi trước thứ Sáu." in body and "Kính gửi Đỗ" in body or "Kính gửi" in body
    # The notice mailed at once is not repeated in the digest.
    assert "Thiếu biên bản họp dân" not in body
    assert len([s for s in subjects if "cần lưu ý" in s]) == 1
    # Delivered mail is never sent twice.
    assert deliver_outbox() == 0


def test_bell_list_open_and_mark_read(session, as_role, user_of):
    officer = user_of("member")
    client = as_role("member")
    home = client.get("/").get_data(as_text=True)
    unread = int(re.search(r'id="bell"[^>]*>.*?badge[^>]*>(\d+)<', home, re.S).group(1))
    assert unread >= 4
    page = client.get("/notifications/").get_data(as_text=True)
    notice_id = int(re.search(r'href="/notifications/(\d+)"', page).group(1))
    response = client.get(f"/notifications/{notice_id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/tasks/")
    home = client.get("/").get_data(as_text=True)
    assert int(re.search(r'id="bell"[^>]*>.*?badge[^>]*>(\d+)<', home, re.S).group(1)) == unread - 1
    client.post("/notifications/read", data={"csrf_token": csrf_token(client, "/notifications/")})
    assert 'class="badge rounded-pill text-bg-danger' not in client.get("/notifications/").get_data(as_text=True)
    assert officer.id


def test_confirm_a_claim_from_the_notification(session, as_role, user_of):
    task = _task(session, "Nắm chắc diễn biến")
    task_services.change_status(actor=user_of("member"), task=task, status="claimed", today=today_vn())
    office = as_role("secretariat")
    page = office.get("/notifications/").get_data(as_text=True)
    assert "claim-actions" in page
    response = office.post(f"/tasks/{task.id}/refuse", data={
        "csrf_token": csrf_token(office, "/notifications/"), "version": task.version,
        "reason": "Chưa đủ hồ sơ", "next": "/notifications/"})
    assert response.headers["Location"] == "/notifications/"
    session.refresh(task)
    assert task.status == "redo"


def test_settings_change_email_and_preferences(session, as_role, user_of):
    client = as_role("member")
    officer = user_of("member")
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert 'name="mode_task_refused" value="now" aria-label' in page and "Chỉ trong ứng dụng" in page
    token = csrf_token(client, "/notifications/settings")
    form = {"csrf_token": token, "email": "Can.Bo@congan.vikhe.vn", "mode_task_assigned": "none",
            "mode_task_refused": "digest"}
    response = client.post("/notifications/settings", data=form)
    assert response.status_code == 302
    assert officer.email == "Can.Bo@congan.vikhe.vn"
    saved = dict(session.execute(select(NotificationPreference.kind, NotificationPreference.mode)
                                 .where(NotificationPreference.user_id == officer.id)).all())
    assert saved == {"task_assigned": "none", "task_refused": "digest"}


def test_settings_refuse_a_bad_address_and_keep_what_was_saved(session, as_role, user_of):
    client = as_role("member")
    officer = user_of("member")
    officer.email = "cu@example.invalid"
    session.commit()  # saved before the page (a failed save rolls back only its own work)
    token = csrf_token(client, "/notifications/settings")
    response = client.post("/notifications/settings", data={"csrf_token": token, "email": "không phải thư",
                                                             "mode_task_assigned": "none"})
    assert response.status_code == 422
    assert "Địa chỉ thư điện tử không hợp lệ" in response.get_data(as_text=True)
    session.refresh(officer)
    assert officer.email == "cu@example.invalid"
    assert session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == officer.id)) is None
    bad_mode = client.post("/notifications/settings", data={"csrf_token": token, "mode_task_assigned": "fax"})
    assert bad_mode.status_code == 422


def test_access_sweep(session, as_role, user_of):
    from tracker.duties.models import Notification

    officer_notice = session.scalar(select(Notification).where(Notification.user_id == user_of("member").id))
    for role in ("secretariat", "monitor", "viewer", "admin"):
        client = as_role(role)
        assert client.get(f"/notifications/{officer_notice.id}").status_code == 404
        assert f"/notifications/{officer_notice.id}\"" not in client.get("/notifications/").get_data(as_text=True)
    assert as_role("member").get("/notifications/inbox").status_code == 403
    assert as_role("viewer").get("/notifications/inbox").status_code == 403
    # A document of the Vị Khê inbox is not in Hà Nội's: opening it through the inbox is a 404 there.
    office = as_role("secretariat")
    inbox = office.get("/notifications/inbox").get_data(as_text=True)
    document_id = int(re.search(r'data-document="(\d+)"', inbox).group(1))
    assert as_role("monitor").get(f"/notifications/inbox/{document_id}").status_code == 404
    assert session.get(Document, document_id) is not None


def test_inbox_unread_then_read(session, as_role):
    office = as_role("secretariat")
    inbox = office.get("/notifications/inbox").get_data(as_text=True)
    item = re.search(r'<li class="list-group-item[^"]*" data-document="(\d+)" data-state="(\w+)"', inbox)
    assert "unread" in item.group(0) and item.group(2) == "planned"  # Vị Khê already has its plan of 160/KH-UBND
    document_id = item.group(1)
    assert office.get(f"/notifications/inbox/{document_id}").status_code == 302
    again = office.get("/notifications/inbox").get_data(as_text=True)
    assert "unread" not in re.search(rf'<li class="[^"]*" data-document="{document_id}"', again).group(0)


def test_every_notification_route_keeps_to_its_owner(app, session, user_of):
    """Sweep: every notifications.* route, called by people of other bodies and units with the Văn phòng's notice
    and inbox document, shows nothing of them and changes nothing of theirs."""
    from tests.conftest import login
    from tracker.duties.models import Notification
    from tracker.notifications.inbox import inbox_for
    from tracker.units.queries import body_id_of

    office = user_of("secretariat")
    task = _task(session, "Nắm chắc diễn biến")
    task_services.change_status(actor=user_of("member"), task=task, status="claimed", today=today_vn())
    notice = session.scalar(select(Notification).where(Notification.user_id == office.id,
                                                       Notification.kind == "task_claimed"))
    document = session.execute(inbox_for(office, body_id_of(office.unit_id))).first()[0]
    session.commit()
    values = {"notice_id": notice.id, "document_id": document.id}
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("notifications."):
            url = rule.rule
            for arg in rule.arguments:
                url = url.replace(f"<int:{arg}>", str(values[arg]))
            routes += [(rule.endpoint, m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    assert {e for e, _, _ in routes} >= {"notifications.index", "notifications.open_notice",
                                         "notifications.mark_all_read", "notifications.settings",
                                         "notifications.inbox", "notifications.open_document"}
    secret = notice.message[:40]
    for username in ("danguy.hoankiem", "noichinh.hanoi", "xem", "congan.vikhe"):
        client = app.test_client()
        login(client, username)
        token = csrf_token(client, "/notifications/settings")
        for endpoint, method, url in routes:
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={"csrf_token": token})
            body = response.get_data(as_text=True)
            assert secret not in body, (username, endpoint)
            if endpoint in ("notifications.open_notice", "notifications.open_document"):
                assert response.status_code in (403, 404), (username, endpoint, response.status_code)
    session.refresh(notice)
    assert notice.read_at is None
    from tracker.notifications.models import DocumentRead

    assert session.scalar(select(DocumentRead).where(DocumentRead.document_id == document.id)) is None


def test_inbox_also_lists_documents_naming_the_body_in_noi_nhan(session, as_role, unit_named, user_of):
    """A province's công văn with no task for the ward but sent to it (Nơi nhận) is in the ward's inbox, not in
    Hà Nội's."""
    from tracker.plans import services as plan_services
    from tracker.plans.models import DocumentRecipient

    province = unit_named("Ủy ban nhân dân tỉnh Ninh Bình")
    ward = unit_named("Ủy ban nhân dân phường Vị Khê")
    letter = plan_services.create_document(
        actor=user_of("admin"), doc_type="CV", number_text="77/UBND-NC", issued_on=date(2026, 6, 2),
        issued_year=2026, issuer=province, issuer_name=None, title="Về việc rà soát đơn thư tồn đọng",
        body_md="Đề nghị UBND các phường rà soát.", place=None, signer_authority=None, signer_position=None,
        signer_name=None)
    session.add(DocumentRecipient(document_id=letter.id, unit_id=ward.id, name="UBND phường Vị Khê"))
    session.flush()
    assert f'data-document="{letter.id}"' in as_role("secretariat").get("/notifications/inbox").get_data(as_text=True)
    assert f'data-document="{letter.id}"' not in as_role("monitor").get("/notifications/inbox").get_data(as_text=True)
