"""Login throttling per account and per address, equal timing for unknown users, changing and resetting passwords."""
import time

from sqlalchemy import select

from tests.conftest import PASSWORD, csrf_token, login
from tracker.units.models import User


def _attempt(client, username, password, address="10.0.0.1"):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_wrong_passwords_for_one_account_are_throttled_then_even_the_right_one_waits(app, session):
    client = app.test_client()
    statuses = [_attempt(client, "xem", f"sai-{n}", f"10.0.1.{n}").status_code for n in range(8)]
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429] * 3
    right = _attempt(client, "xem", PASSWORD, "10.0.2.1")
    assert right.status_code == 429
    page = right.get_data(as_text=True)
    assert "Thử quá nhiều lần" in page and "đợi vài phút" in page
    # Another account from the same addresses is unaffected.
    assert _attempt(client, "admin", PASSWORD, "10.0.1.1").status_code == 302


def test_one_address_trying_many_accounts_is_throttled(app, session):
    client = app.test_client()
    statuses = [_attempt(client, f"khong-co-{n}", "sai-mat-khau", "10.9.9.9").status_code for n in range(32)]
    assert statuses[:30] == [401] * 30 and statuses[30:] == [429, 429]
    assert _attempt(client, "admin", PASSWORD, "10.9.9.8").status_code == 302


def test_unknown_user_takes_as_long_as_a_wrong_password(app, session):
    from tracker.auth import services
    from tracker.core.exceptions import DomainError

    def timed(username):
        started = time.perf_counter()
        try:
            services.authenticate(username, "sai-mat-khau-nhe")
        except DomainError:
            pass
        return time.perf_counter() - started

    timed("khong-ton-tai")  # the dummy hash is made once
    known = min(timed("admin") for _ in range(3))
    unknown = min(timed("khong-ton-tai") for _ in range(3))
    assert unknown > known / 3, (known, unknown)  # was ~11 ms against ~216 ms


def test_user_changes_own_password_and_other_sessions_end(app, session):
    here, elsewhere = app.test_client(), app.test_client()
    assert login(here, "xem").status_code == 302 and login(elsewhere, "xem").status_code == 302
    token = csrf_token(here, "/account/password")
    short = here.post("/account/password", data={"csrf_token": token, "current": PASSWORD, "new": "ngan-qua",
                                                 "confirm": "ngan-qua"})
    assert short.status_code == 422 and "ít nhất 10 ký tự" in short.get_data(as_text=True)
    wrong = here.post("/account/password", data={"csrf_token": token, "current": "sai", "new": "mot cum tu dai",
                                                 "confirm": "mot cum tu dai"})
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng" in wrong.get_data(as_text=True)
    ok = here.post("/account/password", data={"csrf_token": token, "current": PASSWORD,
                                              "new": "trời hôm nay xanh", "confirm": "trời hôm nay xanh"})
    assert ok.status_code == 302
    assert here.get("/").status_code == 200          # this session goes on
    assert elsewhere.get("/").status_code == 302     # the other one is logged out
    assert login(app.test_client(), "xem", "trời hôm nay xanh").status_code == 302


def test_password_equal_to_username_is_refused(app, session):
    import pytest

    from tracker.auth.services import check_password_policy
    from tracker.core.exceptions import DomainError

    with pytest.raises(DomainError, match="trùng tên đăng nhập"):
        check_password_policy("Noichinh.Hanoi", "noichinh.hanoi")
    check_password_policy("chỉ cần đủ dài", "xem")  # no composition rules


def test_admin_resets_a_password(app, session, admin_client):
    user = session.scalar(select(User).where(User.username == "xem"))
    page = admin_client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert "password" in page
    token = csrf_token(admin_client, f"/admin/users/{user.id}/edit")
    response = admin_client.post(f"/admin/users/{user.id}/edit", data={
        "csrf_token": token, "full_name": user.full_name, "role": user.role, "unit_id": str(user.unit_id or ""),
        "email": user.email or "", "is_enabled": "y", "password": "mật khẩu do quản trị đặt"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    assert login(app.test_client(), "xem", "mật khẩu do quản trị đặt").status_code == 302


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(tmp_path):
    """Per-address throttling counts the client, not the proxy: with TRUSTED_PROXIES the forwarded address wins;
    without it a forged X-Forwarded-For is ignored."""
    from flask import request

    from tests.conftest import make_app

    for hops, expected in ((1, "203.0.113.7"), (0, "127.0.0.1")):
        proxied = make_app(f"sqlite:///{tmp_path / f'proxy{hops}.db'}", TRUSTED_PROXIES=hops)
        proxied.add_url_rule("/_address", "address", lambda: request.remote_addr)
        answer = proxied.test_client().get("/_address", headers={"X-Forwarded-For": "203.0.113.7"},
                                           environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert answer.get_data(as_text=True) == expected, hops
