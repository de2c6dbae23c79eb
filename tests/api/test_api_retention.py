"""Retention: finished webhook events past WEBHOOK_RETENTION_DAYS go with their deliveries and attempts; an event
with a delivery still pending stays whatever its age; kept Idempotency-Key answers go after API_IDEMPOTENCY_HOURS.
The scheduler's daily job and `flask webhooks prune` do the same."""
from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from tests.api.webhook_helpers import make_client, subscribe
from tracker.api.models import ApiIdempotency
from tracker.api.retention import prune
from tracker.api.webhook_models import WebhookAttempt, WebhookDelivery, WebhookEvent
from tracker.core.timeutil import utcnow
from tracker.units.models import Unit


def _event(session, sub, age: timedelta, state: str, now) -> str:
    event = WebhookEvent(id=str(uuid.uuid4()), kind="task.updated", payload={"task": 1}, created_at=now - age)
    delivery = WebhookDelivery(event=event, subscription_id=sub.id, state=state, attempts=1, created_at=now - age)
    session.add_all([event, delivery])
    session.flush()
    session.add(WebhookAttempt(delivery_id=delivery.id, attempt_no=1, started_at=now - age, status_code=200,
                               is_success=state == "delivered"))
    return event.id


def test_prune_keeps_what_is_recent_or_pending(app, session):
    now = utcnow()
    unit = session.scalar(select(Unit).where(Unit.name == "Công an phường Vị Khê"))
    client = make_client(session, unit, "Một cửa")
    sub = subscribe(session, client, "https://example.org/hook")
    old_done = _event(session, sub, timedelta(days=91), "delivered", now)
    old_failed = _event(session, sub, timedelta(days=120), "failed", now)
    old_pending = _event(session, sub, timedelta(days=200), "pending", now)
    recent = _event(session, sub, timedelta(days=10), "delivered", now)
    for key, age in (("old", timedelta(hours=49)), ("fresh", timedelta(hours=2))):
        session.add(ApiIdempotency(client_id=client.id, key=key, request_hash="x" * 64, status=201, body="{}",
                                   headers={}, created_at=now - age))
    session.commit()

    with app.app_context():
        result = prune(now)

    assert (result.events, result.idempotency_keys) == (2, 1)
    left = set(session.scalars(select(WebhookEvent.id)))
    assert {recent, old_pending} <= left and not {old_done, old_failed} & left
    assert session.scalar(select(func.count(WebhookDelivery.id)).where(
        WebhookDelivery.event_id.in_([old_done, old_failed]))) == 0
    assert session.scalar(select(func.count(WebhookAttempt.id))) == 2
    assert list(session.scalars(select(ApiIdempotency.key))) == ["fresh"]
    with app.app_context():
        assert prune(now).events == 0  # nothing twice


def test_prune_command_says_what_it_removed(app, session):
    result = app.test_cli_runner().invoke(args=["webhooks", "prune"])
    assert result.exit_code == 0, result.output
    assert "sự kiện webhook" in result.output and "Idempotency-Key" in result.output
