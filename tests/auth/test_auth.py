"""Login, logout, session protection and CSRF."""
from tests.conftest import ROLE_USERS, csrf_token, login


def test_login_and_logout_really_ends_the_session(app, session):
    c = app.test_client()
    response = login(c, "admin")
    assert response.status_code == 302
    assert c.get("/").status_code == 200
    cookie = c.get_cookie("session")
    token = csrf_token(c, "/")
    response = c.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert c.get("/").status_code == 302  # back to login
    # A stolen copy of the old cookie no longer works either: the session version was bumped.
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_wrong_password_gets_a_vietnamese_message(app, session):
    c = app.test_client()
    response = login(c, "admin", "sai-mat-khau")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    response = login(c, "khong-ton-tai", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_every_role_can_log_in(app, session):
    for role, username in ROLE_USERS.items():
        c = app.test_client()
        assert login(c, username).status_code == 302, role


def test_passwords_are_hashed(session, user_of):
    user = user_of("admin")
    assert user.password_hash.startswith("scrypt:") and "matkhau" not in user.password_hash


def test_login_without_csrf_token_is_refused(app, session):
    c = app.test_client()
    response = c.post("/login", data={"username": "admin", "password": "matkhau-demo"})
    assert response.status_code == 400
    assert "mã bảo mật (CSRF)" in response.get_data(as_text=True)
    assert c.get("/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(app, session):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        c = app.test_client()
        token = csrf_token(c, "/login")
        response = c.post(f"/login?next={target}", data={"username": "admin", "password": "matkhau-demo",
                                                         "csrf_token": token})
        assert response.status_code == 302 and response.location == "/", target
    c = app.test_client()
    token = csrf_token(c, "/login")
    response = c.post("/login?next=/units/", data={"username": "admin", "password": "matkhau-demo",
                                                   "csrf_token": token})
    assert response.location == "/units/"


def test_session_cookie_flags(app, session):
    c = app.test_client()
    response = login(c, "admin")
    header = " ".join(response.headers.getlist("Set-Cookie"))
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["REMEMBER_COOKIE_HTTPONLY"]


def test_pages_need_login(client):
    for url in ("/", "/units/", "/documents/", "/admin/audit"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url
