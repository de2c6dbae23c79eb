"""The webhook admin pages in Chromium: register a URL, copy the secret shown once, read the delivery log and
resend; no serious axe-core violation and no sideways scroll at phone and desktop widths; screenshots."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.api.webhook_helpers import Receiver, make_client
from tests.browser_support import shot
from tests.conftest import PASSWORD, database_url, make_app, migrate_and_seed
from tracker.api.webhook_jobs import deliver_due
from tracker.api.webhook_models import WebhookSubscription
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.plans.models import Assignment, Task
from tracker.tasks import services as task_services
from tracker.units.models import Unit

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "browser" / "vendor" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                                          resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    app = make_app(database_url(tmp_path_factory.mktemp("live_webhooks"), "_live_webhooks"),
                   WEBHOOK_ALLOW_PRIVATE=True)
    migrate_and_seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with app.app_context():
        db.engine.dispose()


def _check(page, name: str) -> None:
    for width, height in ((360, 740), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
        assert page.evaluate(AXE_RUN) == [], f"{name} @{width}"
        scroll = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll[0] <= scroll[1] + 1, f"{name} @{width} scrolls sideways: {scroll}"
        shot(page, f"webhooks-{name}-{width}")


def test_admin_registers_reads_the_log_and_resends(browser, live):
    app, base = live
    with app.app_context():
        police = db.session.scalar(select(Unit).where(Unit.name == "Công an phường Vị Khê"))
        client = make_client(db.session, police, "Hệ thống một cửa Công an phường")
        db.session.commit()
        client_id = client.id
        db.session.remove()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    with Receiver(script=[500]) as receiver:
        page.goto(f"{base}/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.goto(f"{base}/admin/webhooks/create")
        _check(page, "form")
        page.select_option("select[name=client_id]", str(client_id))
        page.fill("input[name=url]", "http://127.0.0.1:1/khong-dung")
        page.click("main button[type=submit]")
        assert page.locator(".invalid-feedback").count() == 1  # no kind chosen
        assert "Hãy chọn ít nhất một loại sự kiện." in page.content()
        page.fill("input[name=url]", receiver.url)
        page.check("input[value='task.updated']")
        page.check("input[value='task.claimed']")
        page.click("main button[type=submit]")
        secret = page.input_value("#webhook-secret")
        _check(page, "secret")
        with app.app_context():
            sub = db.session.scalar(select(WebhookSubscription).where(WebhookSubscription.client_id == client_id))
            assert secret == sub.secret and sub.kind_set == {"task.updated", "task.claimed"}
            task = db.session.scalar(select(Task).join(Assignment, Assignment.task_id == Task.id)
                                     .where(Assignment.unit_id == police.id, Task.status != "done").limit(1))
            task_services.post_update(actor=None, task=task, unit_id=police.id, today=today_vn(),
                                      note_md="Đã tổ chức lực lượng", progress=30)
            db.session.commit()
            deliver_due()
            db.session.remove()
        page.click("text=Xem nhật ký gửi")
        assert "HTTP 500" in page.content() and secret not in page.content()
        _check(page, "log")
        page.click("#delivery-log button:has-text('Gửi lại')")
        assert "Đã xếp lịch gửi lại sự kiện" in page.content()
        with app.app_context():
            assert deliver_due().delivered == 1
            db.session.remove()
        page.reload()
        assert "Đã gửi" in page.content() and "Lần 2" in page.content()
        shot(page, "webhooks-log-delivered")
    context.close()
    assert len(receiver.requests) == 2 and len(set(receiver.event_ids())) == 1
    assert all(r.signature_ok(secret) for r in receiver.requests)
