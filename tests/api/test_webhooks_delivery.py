"""Webhook delivery against a real, committed database and a real receiver on localhost: retried after two
failures with one event id, nothing sent twice after a scheduler restart or by two senders racing."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from tests.api.webhook_helpers import Receiver, make_client, subscribe
from tests.conftest import database_url, make_app, migrate_and_seed
from tracker.api.webhook_jobs import claim_next, deliver_due
from tracker.api.webhook_models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription
from tracker.core.timeutil import today_vn, utcnow
from tracker.extensions import db
from tracker.plans.models import Assignment, Task
from tracker.tasks import services as task_services
from tracker.units.models import Unit, User

POLICE = "Công an phường Vị Khê"


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    url = database_url(tmp_path_factory.mktemp("webhooks"), "_webhooks")
    app = make_app(url, WEBHOOK_ALLOW_PRIVATE=True)
    migrate_and_seed(app)
    with app.app_context():
        db.engine.dispose()
    return url


def _app(url):
    """A fresh app on the same database: what a restarted scheduler (or a second one) is."""
    return make_app(url, WEBHOOK_ALLOW_PRIVATE=True)


@pytest.fixture
def live(live_url):
    app = _app(live_url)
    yield app
    with app.app_context():
        for model in (WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription):
            db.session.execute(delete(model))
        db.session.commit()
        db.engine.dispose()


def _police_task(session):
    unit = session.scalar(select(Unit).where(Unit.name == POLICE))
    task = session.scalar(select(Task).join(Assignment, Assignment.task_id == Task.id)
                          .where(Assignment.unit_id == unit.id, Task.status != "done", Task.withdrawn_on.is_(None))
                          .order_by(Task.id).limit(1))
    return unit, task


def _subscribe(app, url: str, name: str = "Công an") -> tuple[int, str]:
    with app.app_context():
        unit, _ = _police_task(db.session)
        sub = subscribe(db.session, make_client(db.session, unit, name), url)
        db.session.commit()
        out = sub.id, sub.secret
        db.session.remove()
        return out


def _post_updates(app, count: int) -> None:
    """`count` progress updates on a police task, each committed as a page would."""
    with app.app_context():
        unit, task = _police_task(db.session)
        member = db.session.scalar(select(User).where(User.username == "congan.vikhe"))
        for n in range(count):
            task_services.post_update(actor=member, task=task, unit_id=unit.id, today=today_vn(),
                                      note_md=f"Cập nhật {n}", progress=n % 100)
            db.session.commit()
        db.session.remove()


def _deliver(app, now=None):
    with app.app_context():
        try:
            return deliver_due(now=now)
        finally:
            db.session.remove()


def _deliveries(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(select(WebhookDelivery.event_id, WebhookDelivery.state, WebhookDelivery.attempts)
                                  .order_by(WebhookDelivery.id)).all()
        db.session.remove()
        return [tuple(r) for r in rows]


def test_fails_twice_then_delivered_on_the_third_attempt_with_one_event_id(live):
    with Receiver(script=[500, 500]) as receiver:
        sub_id, secret = _subscribe(live, receiver.url)
        _post_updates(live, 1)
        start = utcnow()
        assert _deliver(live, lambda: start).retrying == 1
        assert _deliver(live, lambda: start + timedelta(seconds=59)).event_ids == []  # back-off: 1 minute
        assert _deliver(live, lambda: start + timedelta(minutes=1)).retrying == 1
        assert _deliver(live, lambda: start + timedelta(minutes=2, seconds=59)).event_ids == []  # then 2 minutes
        assert _deliver(live, lambda: start + timedelta(minutes=3)).delivered == 1
        assert _deliver(live, lambda: start + timedelta(days=1)).event_ids == []
    [(event_id, state, attempts)] = _deliveries(live)
    assert (state, attempts) == ("delivered", 3)
    assert receiver.event_ids() == [event_id] * 3
    assert all(r.signature_ok(secret) for r in receiver.requests)
    assert [r.headers["X-Tracker-Attempt"] for r in receiver.requests] == ["1", "2", "3"]


def test_a_restarted_scheduler_sends_nothing_twice(live, live_url):
    with Receiver() as receiver:
        _subscribe(live, receiver.url)
        _post_updates(live, 3)
        assert _deliver(live).delivered == 3
        # The scheduler restarts: a new app, a new connection pool, the same database.
        assert _deliver(_app(live_url)).event_ids == []

        # A sender dies after claiming (committed) and before sending: its claim holds the delivery until it
        # runs out, then the next sweep sends it once, with the event id it always had.
        _post_updates(live, 1)
        with live.app_context():
            now = utcnow()
            claim = claim_next(now, timedelta(seconds=90))
            db.session.commit()
            db.session.remove()
        restarted = _app(live_url)
        assert _deliver(restarted, lambda: now + timedelta(seconds=30)).event_ids == []
        assert _deliver(restarted, lambda: now + timedelta(seconds=91)).event_ids == [claim.event_id]
        assert _deliver(_app(live_url), lambda: now + timedelta(hours=1)).event_ids == []
    ids = receiver.event_ids()
    assert len(ids) == 4 and len(set(ids)) == 4 and ids[-1] == claim.event_id
    assert {state for _, state, _ in _deliveries(live)} == {"delivered"}


def test_two_senders_at_once_never_send_the_same_delivery(live, live_url):
    with Receiver(delay=0.03) as receiver:
        _subscribe(live, receiver.url + "?client=1", "Công an 1")
        _subscribe(live, receiver.url + "?client=2", "Công an 2")
        _post_updates(live, 15)  # 30 deliveries: two clients hear of each update
        apps, results, errors = [_app(live_url), _app(live_url)], [], []
        barrier = threading.Barrier(2)

        def run(app):
            try:
                barrier.wait(timeout=10)
                results.append(_deliver(app))
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)

        threads = [threading.Thread(target=run, args=(a,)) for a in apps]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert not errors, errors
    assert sum(r.delivered for r in results) == 30
    assert all(r.delivered > 0 for r in results), [r.delivered for r in results]  # both really worked
    sent = [(r.event_id, r.path) for r in receiver.requests]
    assert len(sent) == len(set(sent)) == 30 and len({r.event_id for r in receiver.requests}) == 15
    # Each event reached each subscription once; no delivery was in flight twice at the same moment.
    with live.app_context():
        per_delivery = db.session.execute(select(WebhookAttempt.delivery_id)).scalars().all()
        db.session.remove()
    assert len(per_delivery) == len(set(per_delivery)) == 30
    assert receiver.overlaps == []


def test_the_cli_command_delivers(live):
    with Receiver() as receiver:
        _subscribe(live, receiver.url)
        _post_updates(live, 2)
        result = live.test_cli_runner().invoke(args=["webhooks", "deliver"])
    assert result.exit_code == 0, result.output
    assert "Đã gửi thành công 2, chờ gửi lại 0, thất bại 0." in result.output
    assert len(receiver.requests) == 2
