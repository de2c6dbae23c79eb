"""What the API and the webhooks keep, and for how long: kept answers of Idempotency-Key requests
(`API_IDEMPOTENCY_HOURS`, default 48: a client retries a lost answer within minutes, not days) and webhook events
whose every delivery is finished (delivered or failed) for `WEBHOOK_RETENTION_DAYS` (default 90: the admin's
delivery log reaches back that far). Pending deliveries are never removed, whatever their age. Run daily by the
scheduler process and by `flask --app app webhooks prune`; deleting what is already gone does nothing, so two
schedulers running it is harmless."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, exists, select

from tracker.api.models import ApiIdempotency
from tracker.api.webhook_models import WebhookAttempt, WebhookDelivery, WebhookEvent
from tracker.core.timeutil import utcnow
from tracker.extensions import db

FINISHED = ("delivered", "failed")
BATCH = 1000


@dataclass
class Pruned:
    idempotency_keys: int = 0
    events: int = 0


def _positive(name: str, default: int) -> int:
    return max(int(current_app.config.get(name, default)), 1)


def prune(now: datetime | None = None) -> Pruned:
    """Delete what has outlived its retention, in batches of BATCH events (each batch its own commit)."""
    now = now or utcnow()
    result = Pruned()
    keys_before = now - timedelta(hours=_positive("API_IDEMPOTENCY_HOURS", 48))
    result.idempotency_keys = db.session.execute(
        delete(ApiIdempotency).where(ApiIdempotency.created_at < keys_before)).rowcount or 0
    db.session.commit()
    events_before = now - timedelta(days=_positive("WEBHOOK_RETENTION_DAYS", 90))
    unfinished = exists(select(WebhookDelivery.id).where(WebhookDelivery.event_id == WebhookEvent.id,
                                                         WebhookDelivery.state.not_in(FINISHED)))
    while True:
        ids = list(db.session.scalars(select(WebhookEvent.id).where(WebhookEvent.created_at < events_before,
                                                                    ~unfinished).limit(BATCH)))
        if not ids:
            break
        deliveries = select(WebhookDelivery.id).where(WebhookDelivery.event_id.in_(ids))
        db.session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(deliveries)))
        db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.event_id.in_(ids)))
        db.session.execute(delete(WebhookEvent).where(WebhookEvent.id.in_(ids)))
        db.session.commit()
        result.events += len(ids)
    return result


def run_prune(app) -> Pruned:
    """The scheduler's daily job, in its own app context."""
    with app.app_context():
        try:
            result = prune()
            if result.idempotency_keys or result.events:
                app.logger.info("api retention: %s idempotency keys, %s webhook events removed",
                                result.idempotency_keys, result.events)
            return result
        finally:
            db.session.remove()
