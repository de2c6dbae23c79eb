"""API clients: create (with its principal user), rotate and revoke tokens. A token is shown once and kept only as
its SHA-256; services flush, the route commits."""
from __future__ import annotations

import secrets

from sqlalchemy import select

from tracker.api.framework import hash_token
from tracker.api.models import SCOPES, ApiClient
from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.core.timeutil import utcnow
from tracker.core.vntext import nfc
from tracker.extensions import db
from tracker.units.models import Unit, User

# The roles a principal may take (never admin: a partner system is bound to its unit subtree).
PRINCIPAL_ROLES = {"secretariat": "Văn phòng tổng hợp", "monitor": "Theo dõi, giám sát (Ban Nội chính)",
                   "member": "Cán bộ đơn vị", "viewer": "Chỉ xem"}
# Not a Werkzeug hash: no password ever matches it.
NO_PASSWORD = "!api-client"


def new_token() -> str:
    """A fresh token: a recognisable prefix and 256 random bits."""
    return "trk_" + secrets.token_urlsafe(32)


def _check(name: str, scopes: list[str], role: str) -> tuple[str, str]:
    name = nfc(name or "").strip()
    if not name or len(name) > 200:
        raise DomainError("Tên ứng dụng phải có từ 1 đến 200 ký tự.")
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise DomainError("Phạm vi không hợp lệ: " + ", ".join(sorted(unknown)))
    if "read" not in scopes:
        raise DomainError("Ứng dụng nào cũng cần phạm vi “read” (đọc dữ liệu).")
    if role not in PRINCIPAL_ROLES:
        raise DomainError("Vai trò của ứng dụng không hợp lệ (không cấp quyền quản trị cho ứng dụng).")
    return name, " ".join(s for s in SCOPES if s in scopes)


def create_client(*, actor, name: str, unit: Unit, role: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """A client bound to `unit` and `scopes`, acting as a new principal user of that unit who can never log in on
    the pages (a password hash nothing matches, refused by auth.services.authenticate, not editable as a user; it
    stays enabled because the permission predicates, like Flask-Login, treat a disabled user as signed out).
    Returns the client and its token (shown once)."""
    if unit is None:
        raise DomainError("Hãy chọn đơn vị của ứng dụng.")
    name, scope_text = _check(name, scopes, role)
    token = new_token()
    principal = User(username=f"api-{secrets.token_hex(6)}", full_name=f"Ứng dụng: {name}"[:120], role=role,
                     unit_id=unit.id, is_enabled=True, password_hash=NO_PASSWORD)
    db.session.add(principal)
    db.session.flush()
    client = ApiClient(name=name, unit_id=unit.id, user_id=principal.id, scopes=scope_text,
                       token_hash=hash_token(token), token_prefix=token[:12], created_by_id=getattr(actor, "id", None))
    db.session.add(client)
    db.session.flush()
    record(actor, "create", "api_client", client.id, f"Tạo ứng dụng API “{name}”",
           {"unit_id": unit.id, "role": role, "scopes": scope_text})
    return client, token


def rotate_client(*, actor, client: ApiClient) -> str:
    """A new token; the old one stops working at once."""
    if client.revoked_at is not None:
        raise DomainError("Ứng dụng đã bị thu hồi; không đổi mã được.")
    token = new_token()
    client.token_hash, client.token_prefix, client.rotated_at = hash_token(token), token[:12], utcnow()
    db.session.flush()
    record(actor, "rotate", "api_client", client.id, f"Đổi mã truy cập của ứng dụng “{client.name}”")
    return token


def revoke_client(*, actor, client: ApiClient) -> None:
    """The client's token stops working at once, for good (a new client is needed to connect again)."""
    if client.revoked_at is not None:
        return
    client.revoked_at = utcnow()
    db.session.flush()
    record(actor, "revoke", "api_client", client.id, f"Thu hồi ứng dụng API “{client.name}”")


def update_scopes(*, actor, client: ApiClient, scopes: list[str]) -> None:
    """Change what the client may do; effective on its next call."""
    _, scope_text = _check(client.name, scopes, client.user.role)
    if scope_text != client.scopes:
        record(actor, "update", "api_client", client.id, f"Đổi phạm vi của ứng dụng “{client.name}”",
               {"scopes": [client.scopes, scope_text]})
        client.scopes = scope_text
        db.session.flush()


def is_principal(user_id: int) -> bool:
    """Whether the user is an API client's principal (never a person)."""
    return db.session.scalar(select(ApiClient.id).where(ApiClient.user_id == user_id)) is not None


def principal_unit_id(user_id: int) -> int | None:
    """The unit of the API client whose principal is this user, or None for a person."""
    return db.session.scalar(select(ApiClient.unit_id).where(ApiClient.user_id == user_id))


def clients() -> list[ApiClient]:
    return list(db.session.scalars(select(ApiClient).order_by(ApiClient.revoked_at.is_not(None), ApiClient.name)))
