"""The webhook delivery sweep: claim a due delivery in a short transaction, POST it signed (no transaction held),
record the outcome; retried with exponential back-off. Run every minute by the scheduler process and by
`flask --app app webhooks deliver`."""
from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import or_, select, update

from tracker.api.models import ApiClient
from tracker.api.webhook_models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription
from tracker.api.webhooks import check_target
from tracker.core.exceptions import DomainError
from tracker.core.timeutil import utcnow
from tracker.extensions import db

DEFAULTS = {"WEBHOOK_TIMEOUT": 10, "WEBHOOK_MAX_ATTEMPTS": 8, "WEBHOOK_BATCH": 200}
USER_AGENT = "tracker-webhooks/1"
RESPONSE_KEEP = 64 * 1024  # read at most this much of a receiver's answer


def setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def backoff(failures: int) -> timedelta:
    """The wait after the n-th consecutive failure: 1, 2, 4, 8 … minutes."""
    return timedelta(minutes=2 ** (max(failures, 1) - 1))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of "<timestamp>.<body>" under the subscription's secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def event_body(event_id: str, kind: str, created_at: datetime, payload: dict) -> bytes:
    """The JSON body: identical on every attempt of an event."""
    return json.dumps({"id": event_id, "kind": kind, "created_at": created_at.isoformat() + "Z", "data": payload},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass
class Claim:
    """A delivery this sender holds until `until`, as plain values (nothing lazy-loads while sending)."""

    delivery_id: int
    token: str
    attempt_no: int
    until: datetime
    url: str
    secret: str
    event_id: str
    kind: str
    body: bytes


@dataclass
class Outcome:
    status_code: int | None = None
    error: str | None = None
    duration_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass
class DeliveryResult:
    """What one sweep did."""

    delivered: int = 0
    failed: int = 0
    retrying: int = 0
    event_ids: list[str] = field(default_factory=list)


def claim_next(now: datetime, lease: timedelta) -> Claim | None:
    """Take the oldest due delivery of an active subscription: on PostgreSQL the row is locked with SKIP LOCKED
    (a concurrent sender takes another), on SQLite the transaction began IMMEDIATE (one writer at a time); the
    UPDATE re-checks the claim either way. The caller commits at once."""
    due = (WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= now,
           or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now))
    stmt = (select(WebhookDelivery.id)
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .join(ApiClient, ApiClient.id == WebhookSubscription.client_id)
            .where(*due, WebhookSubscription.is_active.is_(True), ApiClient.revoked_at.is_(None))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(1))
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=WebhookDelivery, skip_locked=True)
    delivery_id = db.session.scalar(stmt)
    if delivery_id is None:
        return None
    token, until = str(uuid.uuid4()), now + lease
    taken = db.session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id == delivery_id, *due)
        .values(claimed_until=until, claim_token=token, attempts=WebhookDelivery.attempts + 1)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        return None
    row = db.session.execute(
        select(WebhookDelivery.attempts, WebhookSubscription.url, WebhookSubscription.secret, WebhookEvent.id,
               WebhookEvent.kind, WebhookEvent.created_at, WebhookEvent.payload)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id == delivery_id)).one()
    return Claim(delivery_id=delivery_id, token=token, attempt_no=row.attempts, until=until, url=row.url,
                 secret=row.secret, event_id=row.id, kind=row.kind,
                 body=event_body(row.id, row.kind, row.created_at, row.payload))


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A connection to the first of the checked addresses that answers."""
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as failed:
            error = failed
    raise error or OSError("no address")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the addresses that were checked, not to whatever the name resolves to a moment later (DNS
    rebinding would otherwise bypass the SSRF check)."""

    def __init__(self, host, port, addresses, timeout):  # noqa: ANN001
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self):
        self.sock = _connect(self._addresses, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is verified against the URL's host name (SNI), not the address; the
    system's authorities are trusted, plus those of WEBHOOK_CA_FILE."""

    def __init__(self, host, port, addresses, timeout, cafile=None):  # noqa: ANN001
        context = ssl.create_default_context()
        if cafile:
            context.load_verify_locations(cafile=cafile)
        super().__init__(host, port, timeout=timeout, context=context)
        self._addresses = addresses

    def connect(self):
        self.sock = self._context.wrap_socket(_connect(self._addresses, self.port, self.timeout),
                                              server_hostname=self.host)


def post(claim: Claim, *, timeout: float, private_ok: bool, cafile: str | None = None) -> Outcome:
    """POST the claim's body, signed, to its URL; redirects are not followed (a failure). Never raises."""
    started = time.monotonic()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
               "X-Tracker-Event-Id": claim.event_id, "X-Tracker-Event": claim.kind,
               "X-Tracker-Timestamp": timestamp, "X-Tracker-Signature": sign(claim.secret, timestamp, claim.body),
               "X-Tracker-Attempt": str(claim.attempt_no)}
    outcome = Outcome()
    try:
        host, port, addresses = check_target(claim.url, private_ok=private_ok)
        parts = urlsplit(claim.url)
        conn = (_PinnedHTTPSConnection(host, port, addresses, timeout, cafile) if parts.scheme == "https"
                else _PinnedHTTPConnection(host, port, addresses, timeout))
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request("POST", path, body=claim.body, headers=headers)
            response = conn.getresponse()
            response.read(RESPONSE_KEEP)
            outcome.status_code = response.status
            if not outcome.ok:
                outcome.error = f"Máy nhận trả lời HTTP {response.status} {response.reason}".strip()
        finally:
            conn.close()
    except DomainError as error:
        outcome.error = str(error)
    except (OSError, http.client.HTTPException) as error:
        outcome.error = f"Lỗi kết nối: {type(error).__name__}: {error}"[:500]
    except Exception as error:  # noqa: BLE001 - one odd URL or answer must not stop the sweep for everyone
        current_app.logger.exception("webhook delivery %s", claim.delivery_id)
        outcome.error = f"Lỗi khi gửi: {type(error).__name__}: {error}"[:500]
    outcome.duration_ms = int((time.monotonic() - started) * 1000)
    return outcome


def record_outcome(claim: Claim, outcome: Outcome, started_at: datetime, now: datetime, max_attempts: int) -> str:
    """Log the attempt and move the delivery on (delivered / back-off / failed), only while this sender still
    holds it; returns the new state ("lost" when the claim ran out and another sender took it: that one decides).
    Plain statements: nothing of the subscription or client is loaded. The caller commits."""
    db.session.execute(WebhookAttempt.__table__.insert().values(
        delivery_id=claim.delivery_id, attempt_no=claim.attempt_no, started_at=started_at,
        duration_ms=outcome.duration_ms, status_code=outcome.status_code, error=outcome.error,
        is_success=outcome.ok))
    held = (WebhookDelivery.id == claim.delivery_id, WebhookDelivery.claim_token == claim.token)
    failures = db.session.scalar(select(WebhookDelivery.failures).where(*held))
    if failures is None:
        return "lost"
    values = {"claimed_until": None, "claim_token": None, "last_status_code": outcome.status_code,
              "last_error": outcome.error}
    if outcome.ok:
        state = "delivered"
        values.update(state=state, delivered_at=now, failures=0)
    else:
        failures += 1
        state = "failed" if failures >= max_attempts else "pending"
        values.update(state=state, failures=failures)
        if state == "pending":
            values["next_attempt_at"] = now + backoff(failures)
    db.session.execute(update(WebhookDelivery).where(*held).values(**values)
                       .execution_options(synchronize_session=False))
    return state


def deliver_due(now=None, limit: int | None = None) -> DeliveryResult:
    """Send every delivery due now, one at a time: claim and commit, POST with no transaction open, record and
    commit. Each delivery is sent by one sender at a time; a sender that dies mid-way leaves its claim to run out
    and the delivery is sent again with the same event id (the receiver deduplicates). `now` is a callable
    (tests move the clock). Commits."""
    clock = now or utcnow
    timeout, max_attempts = setting("WEBHOOK_TIMEOUT"), setting("WEBHOOK_MAX_ATTEMPTS")
    lease = timedelta(seconds=3 * timeout + 60)
    private_ok = bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE"))
    cafile = current_app.config.get("WEBHOOK_CA_FILE") or None
    result = DeliveryResult()
    for _ in range(limit or setting("WEBHOOK_BATCH")):
        try:
            claim = claim_next(clock(), lease)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        if claim is None:
            break
        started_at = clock()
        outcome = post(claim, timeout=timeout, private_ok=private_ok, cafile=cafile)
        try:
            state = record_outcome(claim, outcome, started_at, clock(), max_attempts)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        result.event_ids.append(claim.event_id)
        if state == "delivered":
            result.delivered += 1
        elif state == "failed":
            result.failed += 1
        elif state == "pending":
            result.retrying += 1
    return result


def run_deliveries(app) -> DeliveryResult:
    """The scheduler's job: one sweep in its own app context."""
    with app.app_context():
        try:
            result = deliver_due()
            if result.event_ids:
                app.logger.info("webhooks: delivered=%s retrying=%s failed=%s", result.delivered, result.retrying,
                                result.failed)
            return result
        finally:
            db.session.remove()


webhooks_cli = AppGroup("webhooks", help="Webhook gửi sự kiện cho hệ thống đối tác.")


@webhooks_cli.command("deliver")
def deliver_command() -> None:
    """Send the webhook deliveries due now (safe beside the scheduler: a delivery is claimed before sending)."""
    result = deliver_due()
    click.echo(f"Đã gửi thành công {result.delivered}, chờ gửi lại {result.retrying}, thất bại {result.failed}.")


@webhooks_cli.command("prune")
def prune_command() -> None:
    """Remove finished webhook events past WEBHOOK_RETENTION_DAYS and kept Idempotency-Key answers past
    API_IDEMPOTENCY_HOURS (the scheduler does it daily)."""
    from tracker.api.retention import prune

    result = prune()
    click.echo(f"Đã xóa {result.events} sự kiện webhook đã gửi xong quá hạn lưu và "
               f"{result.idempotency_keys} khóa Idempotency-Key hết hạn.")
