"""Helpers of the webhook tests: a real HTTP receiver on localhost that records every request and answers from
a script of status codes (200 once it runs out), signature checks as docs/webhooks.md shows, API clients."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    started: float
    ended: float = 0.0

    @property
    def event_id(self) -> str:
        return self.headers["X-Tracker-Event-Id"]

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    def signature_ok(self, secret: str) -> bool:
        timestamp = self.headers["X-Tracker-Timestamp"]
        expected = hmac.new(secret.encode(), timestamp.encode() + b"." + self.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(self.headers["X-Tracker-Signature"], f"sha256={expected}")


@dataclass
class Receiver:
    """Start with `with Receiver() as r:`; `r.url` is where to post, `r.script` the next answers."""

    script: list[int] = field(default_factory=list)
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    in_flight: dict = field(default_factory=dict)
    overlaps: list[str] = field(default_factory=list)
    tls: tuple[str, str] | None = None  # (certificate, key) files: serve HTTPS as "localhost"

    def __post_init__(self):
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                got = Received(self.path, dict(self.headers.items()), body, time.monotonic())
                # One delivery = one event at one URL (two subscriptions hear the same event id).
                event_id = (self.headers.get("X-Tracker-Event-Id", ""), self.path)
                with receiver._lock:
                    if receiver.in_flight.get(event_id):
                        receiver.overlaps.append(event_id)
                    receiver.in_flight[event_id] = receiver.in_flight.get(event_id, 0) + 1
                    status = receiver.script.pop(0) if receiver.script else 200
                time.sleep(receiver.delay)
                with receiver._lock:
                    receiver.in_flight[event_id] -= 1
                    got.ended = time.monotonic()
                    receiver.requests.append(got)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/tracker"
        if self.tls:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            self.url = f"https://localhost:{self.server.server_port}/hooks/tracker"

    def __enter__(self) -> "Receiver":
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def event_ids(self) -> list[str]:
        return [r.event_id for r in self.requests]


def make_client(session, unit, name: str, role: str = "member", scopes: str = "read"):
    """An API client bound to `unit`, with its principal user (enabled, no usable password), as the API's admin
    pages would create it."""
    import secrets

    from tracker.api.models import ApiClient
    from tracker.units.models import User

    token = secrets.token_urlsafe(32)
    user = User(username=f"api-{secrets.token_hex(4)}", full_name=f"Ứng dụng {name}", password_hash="!",
                role=role, unit_id=unit.id, is_enabled=True)
    session.add(user)
    session.flush()
    client = ApiClient(name=name, unit_id=unit.id, user_id=user.id, scopes=scopes,
                       token_hash=hashlib.sha256(token.encode()).hexdigest(), token_prefix=token[:8])
    session.add(client)
    session.flush()
    return client


def subscribe(session, client, url: str, kinds=("task.updated", "task.claimed", "task.confirmed",
                                               "submission.received", "report.finalised")):
    """A subscription written directly (the admin page is tested on its own); returns it with its secret."""
    from tracker.api.webhook_models import WebhookSubscription
    from tracker.api.webhooks import generate_secret

    sub = WebhookSubscription(client_id=client.id, url=url, kinds=" ".join(kinds), secret=generate_secret(),
                              is_active=True)
    session.add(sub)
    session.flush()
    return sub


def make_certificates(folder) -> tuple[str, str, str]:
    """A throw-away certificate authority and a server certificate it signed for localhost / 127.0.0.1:
    (ca.pem, server.pem, server.key)."""
    import ipaddress
    from datetime import datetime, timedelta, timezone

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.now(timezone.utc)

    def build(subject, issuer, public_key, signing_key, ca: bool, names=()):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
                   .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
                   .not_valid_after(now + timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            builder = builder.add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
                critical=True).add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        else:
            builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False).add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        return builder.sign(signing_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tracker test CA")])
    ca = build(ca_name, ca_name, ca_key.public_key(), ca_key, True)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = build(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]), ca_name, key.public_key(),
                 ca_key, False, [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    paths = [str(folder / name) for name in ("ca.pem", "server.pem", "server.key")]
    for path, data in zip(paths, (ca.public_bytes(serialization.Encoding.PEM),
                                  leaf.public_bytes(serialization.Encoding.PEM),
                                  key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))):
        with open(path, "wb") as handle:
            handle.write(data)
    return tuple(paths)
