"""Users and sessions: loading by (id, session version), authenticating, ending every session on logout."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.core.audit import changed, record, snapshot
from tracker.core.exceptions import DomainError
from tracker.extensions import db
from tracker.units.models import ROLE_LABELS, Unit, User

LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
MIN_PASSWORD = 10
_dummy_hash: list[str] = []
_USER_LOADING = (joinedload(User.unit).options(lazyload(Unit.aliases), lazyload(Unit.parent)),)


def _compare_with_dummy(password: str) -> None:
    """Spend the time a real check costs, so an unknown name answers as slowly as a wrong password."""
    if not _dummy_hash:
        _dummy_hash.append(generate_password_hash("không-phải-mật-khẩu-của-ai", method="scrypt"))
    check_password_hash(_dummy_hash[0], password)


def check_password_policy(password: str, username: str) -> None:
    """Length, not composition (NIST SP 800-63B): at least MIN_PASSWORD characters, not the user name."""
    if len(password or "") < MIN_PASSWORD:
        raise DomainError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự (nên dùng một cụm từ dễ nhớ).")
    if len(password) > 200:
        raise DomainError("Mật khẩu tối đa 200 ký tự.")
    if password.strip().lower() == (username or "").strip().lower():
        raise DomainError("Mật khẩu không được trùng tên đăng nhập.")


def load_user(session_id: str) -> User | None:
    """Flask-Login loader: the cookie holds "id:version"; a bumped version invalidates old cookies."""
    try:
        user_id, version = (int(part) for part in session_id.split(":", 1))
    except (ValueError, AttributeError):
        return None
    # Every request loads its user: with the unit's name, not the unit's aliases or parent (no page header shows
    # them; they load on first use where a page needs them).
    user = db.session.get(User, user_id, options=_USER_LOADING)
    if user is None or user.session_version != version or not user.is_enabled:
        return None
    return user


def authenticate(username: str, password: str) -> User:
    """The user with these credentials; one vague message for every failure (no user enumeration)."""
    user = db.session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None:
        _compare_with_dummy(password or "")
        raise DomainError(LOGIN_FAILED)
    if not user.check_password(password or "") or _is_api_principal(user):
        raise DomainError(LOGIN_FAILED)
    if not user.is_enabled:
        raise DomainError("Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên.")
    return user


def _is_api_principal(user: User) -> bool:
    """An API client's principal user acts only through its bearer token, never through a page session."""
    from tracker.api.services import is_principal

    return is_principal(user.id)


def end_sessions(user: User) -> None:
    """Invalidate every outstanding session of the user (logout, password change)."""
    user.session_version += 1
    db.session.flush()


def create_user(*, actor, username: str, full_name: str, password: str, role: str, unit: Unit | None,
                email: str | None = None) -> User:
    """Add a user with a hashed password."""
    username = (username or "").strip().lower()
    if not username or len(username) > 60:
        raise DomainError("Tên đăng nhập không hợp lệ (1–60 ký tự).")
    if role not in ROLE_LABELS:
        raise DomainError("Vai trò không hợp lệ.")
    check_password_policy(password, username)
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise DomainError(f"Tên đăng nhập “{username}” đã được dùng.")
    user = User(username=username, full_name=full_name.strip(), role=role, unit_id=unit.id if unit else None,
                email=email)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(actor, "create", "user", user.id, f"Tạo người dùng “{username}”",
           snapshot(user, ["username", "full_name", "role", "unit_id"]))
    return user


def update_user(*, actor, user: User, full_name: str, role: str, unit: Unit | None, email: str | None,
                is_enabled: bool, password: str | None) -> User:
    """Change a user's profile, role, unit or password; disabling or a new password ends their sessions."""
    if _is_api_principal(user):
        raise DomainError("Đây là người dùng đại diện của một ứng dụng API: quản lý ở trang “Ứng dụng API” "
                          "(không đặt mật khẩu, không mở khóa đăng nhập).")
    if role not in ROLE_LABELS:
        raise DomainError("Vai trò không hợp lệ.")
    if actor is not None and actor.id == user.id and (role != "admin" or not is_enabled):
        raise DomainError("Bạn không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.")
    fields = ["full_name", "role", "unit_id", "email", "is_enabled"]
    before = snapshot(user, fields)
    user.full_name, user.role, user.email, user.is_enabled = full_name.strip(), role, email, is_enabled
    user.unit_id = unit.id if unit else None
    if password:
        check_password_policy(password, user.username)
        user.set_password(password)
    if password or not is_enabled:
        end_sessions(user)
    db.session.flush()
    diff = changed(before, user)
    if password:
        diff["password"] = ["***", "***"]
    if diff:
        record(actor, "update", "user", user.id, f"Cập nhật người dùng “{user.username}”", diff)
    return user


def change_own_password(*, user: User, current: str, new: str) -> None:
    """The user's new password after checking the current one; every other session of the user ends."""
    if not user.check_password(current or ""):
        raise DomainError("Mật khẩu hiện tại không đúng.")
    if new == current:
        raise DomainError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    check_password_policy(new, user.username)
    user.set_password(new)
    end_sessions(user)
    record(user, "password", "user", user.id, f"Người dùng “{user.username}” đổi mật khẩu")
