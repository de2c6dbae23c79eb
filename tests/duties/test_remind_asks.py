"""Reminding late units asks first: the late units ticked, an editable message, a preview; the notice is never
cut mid-word and says the deadline once."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from tests.conftest import csrf_token, login
from tests.duties.helpers import plan_duty
from tracker.duties.models import Notification, Reminder
from tracker.duties.reminders import message_for
from tracker.units.models import User

TITLE = ("Các cấp ủy trực thuộc xây dựng kế hoạch thực hiện Kết luận 107-KL/TW, gửi Ban Thường vụ Thành ủy "
         "(qua Ban Nội chính Thành ủy)")


def test_message_is_never_cut_mid_word_and_says_the_deadline_once():
    text = message_for("manual", TITLE, "Đảng ủy xã Sóc Sơn", "Hạn 30/04/2025", date(2025, 4, 30))
    assert "Thàn”" not in text and "Thành ủy)”" in text
    assert text.count("30/04/2025") == 1
    long = message_for("manual", "Báo cáo " + "kết quả thực hiện nhiệm vụ " * 20, "Đảng ủy xã Sóc Sơn",
                       "Quý I/2025", date(2025, 3, 18), "Đề nghị gửi ngay.")
    quoted = re.search(r"“(.*)”", long).group(1)
    assert quoted.endswith("…") and quoted[:-1].split()[-1] in {"kết", "quả", "thực", "hiện", "nhiệm", "vụ"}
    assert "(Quý I/2025, hạn 18/03/2025). Đề nghị gửi ngay." in long


def _ask(client, duty):
    page = client.get(f"/duties/{duty.id}/remind?back=/duties/").get_data(as_text=True)
    options = dict((unit, int(value)) for value, unit in re.findall(
        r'name="expected_ids" type="checkbox" value="(\d+)">\s*<span class="me-auto">([^<]+?) <', page))
    return page, options


def test_monitor_reminds_one_of_two_with_an_edited_message(app, session, as_role):
    duty = plan_duty(session)
    monitor = as_role("monitor")
    page, options = _ask(monitor, duty)
    assert set(options) == {"Đảng ủy phường Hoàn Kiếm", "Đảng ủy xã Sóc Sơn"}
    assert page.count("checked") >= 2 and "Đề nghị đơn vị khẩn trương hoàn thành và gửi báo cáo." in page
    token = csrf_token(monitor, f"/duties/{duty.id}/remind")
    chosen = [options["Đảng ủy phường Hoàn Kiếm"]]
    note = "Đề nghị gửi kế hoạch trước 17 giờ thứ Sáu; liên hệ đồng chí Hà."
    preview = monitor.post(f"/duties/{duty.id}/remind", data={
        "csrf_token": token, "expected_ids": chosen, "note": note, "action": "preview"}).get_data(as_text=True)
    # 30/4 is a holiday: the notice says when the limit really ends, once, then the sender's note.
    assert ("Thành ủy)” (Hạn 30/04/2025, tính đến 05/05/2025 do trùng ngày nghỉ). "
            f"<span class=\"preview-note\">{note}</span>") in preview
    assert "1 đơn vị sẽ nhận" in preview
    assert session.scalar(select(Reminder).where(Reminder.kind == "manual")) is None  # a preview sends nothing
    sent = monitor.post(f"/duties/{duty.id}/remind", data={
        "csrf_token": token, "expected_ids": chosen, "note": note, "action": "send", "back": "/duties/"})
    assert sent.status_code == 302 and sent.headers["Location"] == "/duties/"
    committee = session.scalar(select(User).where(User.username == "danguy.hoankiem"))
    [notice] = session.scalars(select(Notification).where(Notification.user_id == committee.id,
                                                          Notification.kind == "manual"))
    assert notice.message.endswith(note) and notice.message.count("30/04/2025") == 1
    reminded = set(session.scalars(select(Reminder.unit_id).where(Reminder.kind == "manual")))
    assert reminded == {committee.unit_id}


def test_nothing_chosen_or_someone_else_is_refused(session, as_role, app):
    duty = plan_duty(session)
    monitor = as_role("monitor")
    token = csrf_token(monitor, f"/duties/{duty.id}/remind")
    empty = monitor.post(f"/duties/{duty.id}/remind", data={"csrf_token": token, "note": "x", "action": "send"})
    assert empty.status_code == 422 and "Hãy chọn ít nhất một đơn vị" in empty.get_data(as_text=True)
    assert session.scalar(select(Reminder).where(Reminder.kind == "manual")) is None
    other = app.test_client()
    login(other, "noichinh.ninhbinh")
    assert other.get(f"/duties/{duty.id}/remind").status_code == 403
    assert as_role("member").get(f"/duties/{duty.id}/remind").status_code == 403
