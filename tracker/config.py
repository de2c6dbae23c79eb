"""Configuration from the environment: DATABASE_URL overrides the SQLite default under instance/."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else generated once into instance/secret_key (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url or f"sqlite:///{instance_path / 'tracker.db'}"


def build_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """The app's settings; `overrides` (tests) win over the environment."""
    overrides = dict(overrides or {})
    url = overrides.get("SQLALCHEMY_DATABASE_URI") or _database_url(instance_path)
    secure = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    config = {
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": url,
        # JIT compilation costs PostgreSQL ~0.7 s per roll-up query here and buys nothing for OLTP pages. A
        # statement psycopg has prepared (run 5 times on a connection: a search's, whatever its words) is planned
        # for its values each time: the generic plan of a common phrase's search, blind to how many entries match,
        # was twice as slow (140 → 300 ms for the centre); the data are too skewed (a commune, the centre) for
        # one plan to fit all.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True,
                                      "connect_args": {"options": "-c jit=off -c plan_cache_mode=force_custom_plan"}}
        if url.startswith("postgresql") else {},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "10")) * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "DUE_SOON_WORKING_DAYS": int(os.environ.get("DUE_SOON_WORKING_DAYS", "3")),
        "PAGE_SIZE": 50,
        # SQLite only: how long a writer waits for the write lock before the request is answered 503.
        "SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000")),
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        # Login throttling: counts live in one process (memory://) unless RATELIMIT_STORAGE_URI names a shared
        # store, e.g. redis://127.0.0.1:6379 (required with several gunicorn workers or servers).
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed (0: none, the default): the
        # client's own address is what per-address login throttling counts.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0") or 0),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Scans: jobs run side by side in the web process, pages of one job side by side, and how long an upload
        # waits for its confirmation before the hourly sweep deletes it.
        "OCR_WORKERS": int(os.environ.get("OCR_WORKERS", "1")),
        "OCR_PAGE_WORKERS": int(os.environ.get("OCR_PAGE_WORKERS", "2")),
        "IMPORT_JOB_RETENTION_DAYS": float(os.environ.get("IMPORT_JOB_RETENTION_DAYS", "7")),
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per minute; 20 per hour"),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 10 minutes; 100 per day"),
        # Outgoing webhooks (docs/webhooks.md). Private and loopback targets are refused (SSRF) unless allowed.
        "WEBHOOK_ALLOW_PRIVATE": os.environ.get("WEBHOOK_ALLOW_PRIVATE", "0") == "1",
        "WEBHOOK_TIMEOUT": int(os.environ.get("WEBHOOK_TIMEOUT", "10")),
        "WEBHOOK_MAX_ATTEMPTS": int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8")),
        "WEBHOOK_RETENTION_DAYS": int(os.environ.get("WEBHOOK_RETENTION_DAYS", "90")),
        "API_IDEMPOTENCY_HOURS": int(os.environ.get("API_IDEMPOTENCY_HOURS", "48")),
        # Extra CA certificates (PEM) for partners whose HTTPS certificate an internal authority issued.
        "WEBHOOK_CA_FILE": os.environ.get("WEBHOOK_CA_FILE", ""),
        # The JSON API (flask-smorest): the OpenAPI 3.1 document at /api/v1/openapi.json, calls counted per client.
        "API_TITLE": "tracker API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "600 per minute; 20000 per hour"),
        "API_PAGE_MAX": 200,
    }
    config.update(overrides)
    return config
