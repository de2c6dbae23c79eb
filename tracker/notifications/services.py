"""Writes of the notification domain: fan a notice out to people by their preference, mark notices read,
save preferences and the user's e-mail."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import delete, update

from tracker.core.exceptions import DomainError
from tracker.core.timeutil import utcnow
from tracker.core.vntext import nfc, shorten
from tracker.duties.models import Notification, OutboxMail
from tracker.extensions import db
from tracker.notifications import queries
from tracker.notifications.models import KINDS, MODES, NotificationPreference

SUBJECT_MAX = 200
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def notify(*, kind: str, user_ids, message: str, actor=None, task_id: int | None = None,
           expected_id: int | None = None, now: datetime | None = None) -> list[Notification]:
    """One in-app notice per person (never to the actor who caused it); those who chose "now" also get a mail
    in the outbox at once (marked so the daily digest skips it), "none" never get mail."""
    now = now or utcnow()
    actor_id = getattr(actor, "id", None)
    people = queries.recipients([u for u in dict.fromkeys(user_ids) if u != actor_id], kind)
    notices = []
    for user_id, email, full_name, mode in people:
        notice = Notification(user_id=user_id, kind=kind, message=message, task_id=task_id,
                              expected_id=expected_id, mail_mode=mode, created_at=now)
        db.session.add(notice)
        notices.append((notice, email, full_name))
    if not notices:
        return []
    db.session.flush()
    for notice, email, full_name in notices:
        if notice.mail_mode != "now":
            continue
        mail = OutboxMail(key=f"notice:{notice.id}", user_id=notice.user_id, to_address=email, created_at=now,
                          subject=shorten(f"[tracker] {KINDS.get(kind, kind)}: {message}", SUBJECT_MAX),
                          body="\n".join([f"Kính gửi {full_name},", "", message, "",
                                          "Xem chi tiết tại mục Thông báo của tracker."]))
        db.session.add(mail)
        db.session.flush()
        notice.digest_id = mail.id
    db.session.flush()
    return [n for n, _, _ in notices]


def mark_read(*, notice: Notification, now: datetime) -> None:
    """Mark one notice read (opening it from the bell)."""
    if notice.read_at is None:
        notice.read_at = now
        db.session.flush()


def mark_all_read(*, user, now: datetime) -> int:
    """Mark every unread notice of `user` read; returns how many."""
    result = db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                           Notification.read_at.is_(None)).values(read_at=now))
    return result.rowcount or 0


def save_preferences(*, user, modes: dict[str, str]) -> None:
    """Replace the user's choices; a kind set to its default is simply not stored."""
    from tracker.notifications.models import default_mode

    for kind, mode in modes.items():
        if kind not in KINDS or mode not in MODES:
            raise DomainError("Lựa chọn nhận thông báo không hợp lệ.")
    db.session.execute(delete(NotificationPreference).where(NotificationPreference.user_id == user.id))
    for kind, mode in modes.items():
        if mode != default_mode(kind):
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, mode=mode))
    db.session.flush()


def change_email(*, user, email: str) -> None:
    """A person sets the address their mail goes to (empty: no mail, in-app only)."""
    from tracker.core.audit import record

    email = nfc(email or "").strip()
    if email and (len(email) > 200 or not EMAIL_RE.match(email)):
        raise DomainError(f"Địa chỉ thư điện tử không hợp lệ: “{shorten(email, 60)}”.")
    if (user.email or "") == email:
        return
    before = user.email
    user.email = email or None
    db.session.flush()
    record(user, "email", "user", user.id, "Đổi địa chỉ thư điện tử", {"email": [before, user.email]})


def mark_document_read(*, user, document_id: int, now: datetime) -> None:
    """Remember that the user opened a document of their inbox (once; a second opening changes nothing)."""
    from tracker.duties.reminders import insert_ignore
    from tracker.notifications.models import DocumentRead

    insert_ignore(DocumentRead.__table__, dict(user_id=user.id, document_id=document_id, read_at=now),
                  ["user_id", "document_id"])
