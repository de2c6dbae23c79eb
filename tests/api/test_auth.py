"""API authentication: bearer tokens only (cookies refused), tokens kept hashed, revoked and rotated tokens refused at
once, the principal user never signs in on the pages, scopes narrow what the predicates allow, rate limits per
client, admin pages to manage clients."""
from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from tests.api.conftest import bearer
from tests.api.contract import check
from tests.conftest import csrf_token, login
from tracker.api.models import ApiClient


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_no_token_is_refused_with_a_problem(client, openapi):
    response = client.get("/api/v1/tasks")
    check(openapi, "GET", "/api/v1/tasks", response)
    _problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_session_cookie_alone_is_refused(as_role, openapi):
    browser = as_role("admin")
    assert browser.get("/admin/api-clients").status_code == 200  # the cookie works on the pages
    response = browser.get("/api/v1/tasks")
    body = _problem(response, 401)
    assert "cookie" in body["detail"]
    # and a write with the cookie and no CSRF token gets no further than authentication either
    assert browser.post("/api/v1/tasks/1/claim", json={}).status_code == 401


def test_wrong_token_refused(client):
    body = _problem(client.get("/api/v1/me", headers=bearer("trk_not-a-real-token")), 401)
    assert "không hợp lệ" in body["detail"]


def test_token_is_stored_only_as_its_hash(make_client, session):
    client, token = make_client()
    assert token.startswith("trk_") and len(token) > 40
    row = session.get(ApiClient, client.id)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.token_hash, row.token_prefix) and token.startswith(row.token_prefix)


def test_revoked_token_refused_at_once(client, make_client, session):
    from tracker.api import services

    api_client, token = make_client()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    services.revoke_client(actor=None, client=api_client)
    session.commit()
    _problem(client.get("/api/v1/me", headers=bearer(token)), 401)


def test_rotated_token_replaces_the_old_one_at_once(client, make_client, session):
    from tracker.api import services

    api_client, old = make_client()
    new = services.rotate_client(actor=None, client=api_client)
    session.commit()
    _problem(client.get("/api/v1/me", headers=bearer(old)), 401)
    assert client.get("/api/v1/me", headers=bearer(new)).get_json()["id"] == api_client.id


def test_the_principal_never_signs_in_on_the_pages(client, make_client, session):
    import pytest

    from tracker.auth import services as auth
    from tracker.core.exceptions import DomainError

    api_client, token = make_client()
    principal = api_client.user
    for password in ("", token, "!api-client", "matkhau-demo"):
        response = login(client, principal.username, password)
        assert response.status_code in (400, 401), password
        with pytest.raises(DomainError):
            auth.authenticate(principal.username, password)
    with pytest.raises(DomainError, match="ứng dụng API"):
        auth.update_user(actor=None, user=principal, full_name="x", role="admin", unit=None, email=None,
                         is_enabled=True, password="mot-mat-khau-dai")
    assert client.get("/").status_code == 302  # still signed out


def test_read_scope_cannot_write(api):
    caller = api("vanphong.vikhe", scopes=["read"])
    body = _problem(caller.post("/api/v1/tasks/1/claim", json={}), 403)
    assert "write:updates" in body["detail"]


def test_scopes_change_takes_effect_on_the_next_call(client, make_client, session):
    from tracker.api import services

    api_client, token = make_client(scopes=["read", "write:updates"])
    services.update_scopes(actor=None, client=api_client, scopes=["read"])
    session.commit()
    _problem(client.post("/api/v1/tasks/1/claim", json={}, headers=bearer(token)), 403)


def test_rate_limit_counts_per_client(app, client, make_client):
    _, first = make_client()
    _, second = make_client()
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        for _ in range(3):
            assert client.get("/api/v1/me", headers=bearer(first)).status_code == 200
        body = _problem(client.get("/api/v1/me", headers=bearer(first)), 429)
        assert "quá số lần" in body["detail"]
        assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200
    finally:
        app.config["API_RATE_LIMIT"] = "600 per minute; 20000 per hour"


def test_admin_creates_rotates_and_revokes_with_the_token_shown_once(as_role, session, unit_named):
    admin = as_role("admin")
    unit = unit_named("Công an phường Vị Khê")
    page = admin.post("/admin/api-clients/create", data={
        "csrf_token": csrf_token(admin, "/admin/api-clients/create"), "name": "Hệ thống một cửa Vị Khê",
        "unit_id": str(unit.id), "role": "member", "scopes": ["read", "write:updates"]})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    token = re.search(r'id="token" readonly value="([^"]+)"', page.get_data(as_text=True)).group(1)
    row = session.scalar(select(ApiClient).where(ApiClient.name == "Hệ thống một cửa Vị Khê"))
    assert row.scope_set == {"read", "write:updates"} and row.user.role == "member" and row.unit_id == unit.id
    listing = admin.get("/admin/api-clients").get_data(as_text=True)
    assert "Hệ thống một cửa Vị Khê" in listing and token not in listing and row.token_prefix in listing
    assert admin.get("/api/v1/me", headers=bearer(token)).get_json()["unit_id"] == unit.id

    rotated = admin.post(f"/admin/api-clients/{row.id}/rotate", data={"csrf_token": csrf_token(admin, "/admin/api-clients")})
    new = re.search(r'id="token" readonly value="([^"]+)"', rotated.get_data(as_text=True)).group(1)
    assert new != token
    assert admin.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert admin.get("/api/v1/me", headers=bearer(new)).status_code == 200

    admin.post(f"/admin/api-clients/{row.id}/revoke", data={"csrf_token": csrf_token(admin, "/admin/api-clients")})
    assert admin.get("/api/v1/me", headers=bearer(new)).status_code == 401
    assert "Đã thu hồi" in admin.get("/admin/api-clients").get_data(as_text=True)


def test_only_admins_manage_clients(as_role):
    for role in ("monitor", "secretariat", "member", "viewer"):
        assert as_role(role).get("/admin/api-clients").status_code == 403


def test_admin_refuses_an_admin_principal_and_a_client_without_read(as_role, unit_named):
    admin = as_role("admin")
    unit = unit_named("Công an phường Vị Khê")
    for role, scopes in (("admin", ["read"]), ("member", ["write:updates"])):
        page = admin.post("/admin/api-clients/create", data={
            "csrf_token": csrf_token(admin, "/admin/api-clients/create"), "name": "X", "unit_id": str(unit.id),
            "role": role, "scopes": scopes})
        assert page.status_code == 422


def test_spec_and_docs_page_are_served_without_external_urls(client, openapi):
    assert openapi["openapi"] == "3.1.0"
    assert openapi["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html and "<script>" not in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert client.get("/static/js/api_docs.js").status_code == 200
