"""Outgoing webhooks: register a client's URL (checked against SSRF), its signing secret, the outbox writer the
event listeners call, the admin's resend, and the reads of the admin pages."""
from __future__ import annotations

import ipaddress
import secrets
import socket
import uuid
from datetime import datetime
from typing import Callable
from urllib.parse import urlsplit

from flask import abort, current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, lazyload

from tracker.api.models import ApiClient
from tracker.api.webhook_models import (EVENT_KINDS, WebhookAttempt, WebhookDelivery, WebhookEvent,
                                        WebhookSubscription)
from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.units.models import User

URL_MAX = 500


class FieldError(DomainError):
    """A refused input, naming the form field it belongs to ("url", "kinds")."""

    def __init__(self, message: str, field: str = "url"):
        super().__init__(message)
        self.field = field


def generate_secret() -> str:
    """A fresh signing secret: 256 random bits, hex (64 characters)."""
    return secrets.token_hex(32)


def allow_private() -> bool:
    """Whether URLs on private, loopback or link-local addresses are allowed (WEBHOOK_ALLOW_PRIVATE; tests, a
    partner inside the same private network)."""
    return bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE"))


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public Internet (not private, loopback, link-local, multicast, reserved,
    the cloud metadata address 169.254.169.254 included)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (DomainError in Vietnamese when it does not)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FieldError(f"Không phân giải được tên máy chủ “{host}”.") from error
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_target(url: str, *, private_ok: bool) -> tuple[str, int, list[str]]:
    """Refuse what a webhook may not call: not http/https, no host, credentials in the URL, or (unless
    `private_ok`) a host that resolves to any non-public address: a URL must not make the server reach into its
    own network (SSRF). Returns (host, port, addresses)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FieldError("Địa chỉ nhận phải bắt đầu bằng http:// hoặc https://.")
    if not parts.hostname:
        raise FieldError("Địa chỉ nhận thiếu tên máy chủ.")
    if parts.username or parts.password:
        raise FieldError("Địa chỉ nhận không được chứa tên đăng nhập hay mật khẩu.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FieldError("Cổng (port) trong địa chỉ nhận không hợp lệ.") from error
    addresses = resolve(parts.hostname, port)
    if not private_ok and not all(is_public_address(a) for a in addresses):
        raise FieldError(f"Địa chỉ nhận “{parts.hostname}” trỏ tới mạng nội bộ hoặc máy chủ này; "
                          "chỉ chấp nhận địa chỉ công khai trên Internet.")
    return parts.hostname, port, addresses


def clean_url(url: str) -> str:
    """The URL as typed, trimmed and checked (DomainError with a Vietnamese message)."""
    url = (url or "").strip()
    if not url:
        raise FieldError("Hãy nhập địa chỉ nhận (URL).")
    if len(url) > URL_MAX:
        raise FieldError(f"Địa chỉ nhận quá dài (tối đa {URL_MAX} ký tự).")
    if any(ch.isspace() for ch in url):
        raise FieldError("Địa chỉ nhận không được chứa khoảng trắng.")
    check_target(url, private_ok=allow_private())
    return url


def _clean_kinds(kinds) -> str:
    chosen = [k for k in EVENT_KINDS if k in set(kinds or ())]
    if not chosen:
        raise FieldError("Hãy chọn ít nhất một loại sự kiện.", "kinds")
    return " ".join(chosen)


def create_subscription(*, actor, client: ApiClient, url: str, kinds) -> tuple[WebhookSubscription, str]:
    """Register `url` for `client`'s chosen event kinds; returns the subscription and its secret (shown once)."""
    if not client.is_active:
        raise DomainError("Ứng dụng kết nối đã bị thu hồi; không đăng ký nhận sự kiện được.")
    secret = generate_secret()
    sub = WebhookSubscription(client_id=client.id, url=clean_url(url), kinds=_clean_kinds(kinds), secret=secret,
                              created_by_id=getattr(actor, "id", None), is_active=True)
    db.session.add(sub)
    db.session.flush()
    record(actor, "create", "webhook", sub.id, f"Đăng ký webhook {sub.url} cho “{client.name}”",
           {"kinds": sub.kinds.split()})
    return sub, secret


def update_subscription(*, actor, sub: WebhookSubscription, url: str, kinds, is_active: bool) -> None:
    """Change the URL, the event kinds or switch the subscription off (pending deliveries wait while it is off)."""
    before = {"url": sub.url, "kinds": sub.kinds, "is_active": sub.is_active}
    sub.url, sub.kinds, sub.is_active = clean_url(url), _clean_kinds(kinds), bool(is_active)
    after = {"url": sub.url, "kinds": sub.kinds, "is_active": sub.is_active}
    db.session.flush()
    record(actor, "update", "webhook", sub.id, f"Sửa webhook {sub.url}",
           {k: [before[k], after[k]] for k in before if before[k] != after[k]})


def rotate_secret(*, actor, sub: WebhookSubscription) -> str:
    """A new secret at once (the old one stops signing); returned to be shown once."""
    sub.secret = generate_secret()
    sub.secret_rotated_at = utcnow()
    db.session.flush()
    record(actor, "update", "webhook", sub.id, f"Đổi khóa ký webhook {sub.url}")
    return sub.secret


def resend(*, actor, delivery: WebhookDelivery, now: datetime | None = None) -> None:
    """Send a delivery again at the next sweep, with the same event id and a fresh attempt budget. Refused while
    a sender holds it (it is being sent now)."""
    now = now or utcnow()
    if delivery.claimed_until is not None and delivery.claimed_until > now:
        raise DomainError("Sự kiện này đang được gửi; hãy thử lại sau ít phút.")
    delivery.state, delivery.failures, delivery.next_attempt_at = "pending", 0, now
    db.session.flush()
    record(actor, "update", "webhook", delivery.subscription_id,
           f"Gửi lại sự kiện {delivery.event_id} ({delivery.event.kind})", {"delivery_id": delivery.id})


def enqueue(kind: str, payload: dict, may_see: Callable[[object], bool]) -> WebhookEvent | None:
    """The outbox: one event row and one delivery per active subscription of an active client that wants `kind`
    and whose principal user `may_see` the thing, in the caller's transaction. Nothing is written when nobody
    hears of it."""
    subs = db.session.scalars(
        select(WebhookSubscription).join(ApiClient, ApiClient.id == WebhookSubscription.client_id)
        .where(WebhookSubscription.is_active.is_(True), ApiClient.revoked_at.is_(None),
               WebhookSubscription.kinds.contains(kind, autoescape=True))
        # The predicates read the principal's role and unit id only: no units (and their aliases) loaded.
        .options(lazyload(WebhookSubscription.created_by),
                 joinedload(WebhookSubscription.client).lazyload(ApiClient.unit),
                 joinedload(WebhookSubscription.client).joinedload(ApiClient.user).lazyload(User.unit))
        .order_by(WebhookSubscription.id)).all()
    verdicts: dict[int, bool] = {}
    chosen = []
    for sub in subs:
        client = sub.client
        if kind not in sub.kind_set or "read" not in client.scope_set:
            continue
        if client.id not in verdicts:
            verdicts[client.id] = bool(may_see(client.user))
        if verdicts[client.id]:
            chosen.append(sub)
    if not chosen:
        return None
    now = utcnow()
    event = WebhookEvent(id=str(uuid.uuid4()), kind=kind, payload=payload, created_at=now)
    db.session.add(event)
    db.session.flush()
    db.session.execute(WebhookDelivery.__table__.insert(), [
        {"event_id": event.id, "subscription_id": sub.id, "state": "pending", "attempts": 0, "failures": 0,
         "next_attempt_at": now, "created_at": now} for sub in chosen])
    return event


# Reads of the admin pages.

def get_subscription_or_404(sub_id: int) -> WebhookSubscription:
    return db.session.get(WebhookSubscription, sub_id) or abort(404)


def get_delivery_or_404(delivery_id: int) -> WebhookDelivery:
    return db.session.get(WebhookDelivery, delivery_id) or abort(404)


def subscriptions_with_counts() -> list[tuple[WebhookSubscription, dict[str, int]]]:
    """Every subscription (client, URL) with its deliveries counted by state, in two queries."""
    subs = list(db.session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.client_id,
                                                                        WebhookSubscription.id)))
    counts: dict[int, dict[str, int]] = {}
    for sub_id, state, n in db.session.execute(
            select(WebhookDelivery.subscription_id, WebhookDelivery.state, func.count())
            .group_by(WebhookDelivery.subscription_id, WebhookDelivery.state)):
        counts.setdefault(sub_id, {})[state] = n
    return [(sub, counts.get(sub.id, {})) for sub in subs]


def deliveries_of(sub: WebhookSubscription) -> Select:
    """A subscription's deliveries, newest event first."""
    return (select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub.id)
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()))


def attempts_of(deliveries) -> dict[int, list[WebhookAttempt]]:
    """The attempts of the listed deliveries (one query), oldest first."""
    ids = [d.id for d in deliveries]
    out: dict[int, list[WebhookAttempt]] = {i: [] for i in ids}
    if ids:
        for attempt in db.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(ids))
                                          .order_by(WebhookAttempt.attempt_no)):
            out[attempt.delivery_id].append(attempt)
    return out


def active_clients() -> list[ApiClient]:
    return list(db.session.scalars(select(ApiClient).where(ApiClient.revoked_at.is_(None)).order_by(ApiClient.name)))
