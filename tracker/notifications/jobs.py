"""Scheduled sweep of the notification domain: mail what people asked to receive at once (the daily digest is
built by the reminder sweep in tracker.duties.jobs, so each person still gets one digest a day)."""
from __future__ import annotations

from tracker.duties.jobs import deliver_outbox
from tracker.extensions import db


def run_delivery(app) -> int:
    """One committed delivery of the outbox in its own app context (the scheduler runs it every few minutes);
    idempotent: a sent mail carries its sent time and is never sent again."""
    with app.app_context():
        try:
            sent = deliver_outbox()
            db.session.commit()
            return sent
        except Exception:
            db.session.rollback()
            raise
