"""Issuing and revoking calendar feed tokens (audited); a new token always revokes the old one."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select

from tracker.calendars.models import CalendarToken
from tracker.calendars.queries import hash_token
from tracker.core.audit import record
from tracker.core.timeutil import utcnow
from tracker.extensions import db


def revoke_tokens(*, actor, now: datetime | None = None) -> int:
    """Revoke every active token of `actor`; returns how many were revoked."""
    now = now or utcnow()
    tokens = list(db.session.scalars(select(CalendarToken).where(CalendarToken.user_id == actor.id,
                                                                 CalendarToken.revoked_at.is_(None))))
    for token in tokens:
        token.revoked_at = now
        record(actor, "revoke", "calendar_token", token.id, "Thu hồi đường dẫn lịch công việc (.ics)")
    db.session.flush()
    return len(tokens)


def issue_token(*, actor) -> str:
    """A new secret feed token for `actor` (old ones revoked); returns the secret, which is stored hashed."""
    revoke_tokens(actor=actor)
    raw = secrets.token_urlsafe(32)
    token = CalendarToken(user_id=actor.id, token_hash=hash_token(raw))
    db.session.add(token)
    db.session.flush()
    record(actor, "create", "calendar_token", token.id, "Tạo đường dẫn lịch công việc (.ics)")
    return raw


def mark_used(token: CalendarToken, now: datetime | None = None) -> None:
    """Note when a calendar last fetched the feed (shown to the owner, so a leaked URL can be noticed)."""
    token.last_used_at = now or utcnow()
    db.session.flush()
