"""Admin user management: create, edit, disable; passwords hashed; rules enforced; audited."""
from sqlalchemy import select

from tests.conftest import csrf_token, login
from tracker.core.audit import AuditLog
from tracker.units.models import User


def test_admin_creates_and_disables_a_user(app, admin_client, session, unit_named):
    unit = unit_named("Công an phường Vị Khê")
    token = csrf_token(admin_client, "/admin/users/create")
    response = admin_client.post("/admin/users/create", data={
        "csrf_token": token, "username": "CanBo.Moi", "full_name": "Cán bộ mới", "role": "member",
        "unit_id": str(unit.id), "password": "mat-khau-123", "email": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    user = session.scalar(select(User).where(User.username == "canbo.moi"))
    assert user.unit_id == unit.id and user.check_password("mat-khau-123")
    assert session.scalar(select(AuditLog).where(AuditLog.entity == "user", AuditLog.entity_id == user.id))
    other = app.test_client()
    assert login(other, "canbo.moi", "mat-khau-123").status_code == 302
    token = csrf_token(admin_client, f"/admin/users/{user.id}/edit")
    response = admin_client.post(f"/admin/users/{user.id}/edit", data={
        "csrf_token": token, "full_name": "Cán bộ mới", "role": "member", "unit_id": str(unit.id), "email": ""})
    assert response.status_code == 302
    assert other.get("/").status_code == 302  # disabled: the open session ends too
    assert login(app.test_client(), "canbo.moi", "mat-khau-123").status_code == 401


def test_bad_user_input_is_explained(admin_client, session):
    token = csrf_token(admin_client, "/admin/users/create")
    response = admin_client.post("/admin/users/create", data={
        "csrf_token": token, "username": "admin", "full_name": "Trùng", "role": "viewer", "password": "mot-cum-tu-du-dai"})
    assert response.status_code == 422 and "đã được dùng" in response.get_data(as_text=True)
    response = admin_client.post("/admin/users/create", data={
        "csrf_token": token, "username": "ngan", "full_name": "Ngắn", "role": "viewer", "password": "123"})
    assert "ít nhất 10 ký tự" in response.get_data(as_text=True)
    assert session.scalar(select(User).where(User.username == "ngan")) is None


def test_only_admins_manage_users(as_role):
    c = as_role("monitor")
    assert c.get("/admin/users").status_code == 403
    assert c.get("/admin/users/create").status_code == 403
