"""A real SMTP server on localhost (aiosmtpd) that keeps what it receives, and helpers for notices."""
from __future__ import annotations

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tracker.duties.models import Notification


class Sink:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(monkeypatch):
    """Start an SMTP server on 127.0.0.1 and point tracker's SMTP settings at it; yields the received mails."""
    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_FROM", "tracker@example.invalid")
    monkeypatch.delenv("SMTP_STARTTLS", raising=False)
    monkeypatch.delenv("SMTP_USER", raising=False)
    try:
        yield sink.messages
    finally:
        controller.stop()


@pytest.fixture
def notices(session):
    """notices(user, kind=None) -> that person's notices made during the test (the demo's own left out)."""
    from sqlalchemy import func

    baseline = session.scalar(select(func.max(Notification.id))) or 0

    def _get(user, kind: str | None = None) -> list[Notification]:
        stmt = select(Notification).where(Notification.user_id == user.id, Notification.id > baseline) \
            .order_by(Notification.id)
        if kind:
            stmt = stmt.where(Notification.kind == kind)
        return list(session.scalars(stmt))
    return _get
