"""Unit pages: browsing, searching, and admin actions refused with clear messages on bad input."""
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tracker.units.models import Unit


def _count(session):
    return session.scalar(select(func.count(Unit.id)))


def test_tree_and_lazy_children(admin_client, unit_named):
    page = admin_client.get("/units/").get_data(as_text=True)
    assert "Trung ương" in page
    root = unit_named("Trung ương")
    children = admin_client.get(f"/units/{root.id}/children").get_data(as_text=True)
    for name in ("Bộ Chính trị", "Ban Nội chính Trung ương", "Tỉnh Tây Ninh", "Thành phố Hà Nội", "Tỉnh Hà Tĩnh",
                 "Tỉnh Ninh Bình", "Tỉnh Thái Nguyên", "Chính phủ"):
        assert name in children


def test_search_page_finds_the_front_three_ways(as_role):
    c = as_role("viewer")
    for q in ("uy ban mat tran", "Ủy ban MTTQ", "Uỷ ban Mặt trận"):
        body = c.get("/units/", query_string={"q": q}).get_data(as_text=True)
        assert "Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê" in body, q


def test_non_admin_cannot_post_admin_routes(as_role, session, unit_named):
    ward = unit_named("Phường Vị Khê")
    for role in ("monitor", "secretariat", "member", "viewer"):
        c = as_role(role)
        token = csrf_token(c, "/documents/")
        before = _count(session)
        for url in (f"/units/create?parent_id={ward.id}", f"/units/{ward.id}/edit", f"/units/{ward.id}/move",
                    f"/units/{ward.id}/retire", f"/units/{ward.id}/aliases"):
            response = c.post(url, data={"csrf_token": token, "name": "X", "kind": "other", "level": "commune"})
            assert response.status_code == 403, (role, url)
        assert _count(session) == before
        assert c.get("/admin/audit").status_code == 403


def test_form_without_csrf_token_is_refused(admin_client, session, unit_named):
    ward = unit_named("Phường Vị Khê")
    before = _count(session)
    response = admin_client.post(f"/units/create?parent_id={ward.id}",
                                 data={"name": "Tổ dân phố 9", "kind": "other", "level": "commune"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert _count(session) == before


def test_admin_creates_renames_and_sees_duplicate_message(admin_client, session, unit_named):
    ward = unit_named("Phường Vị Khê")
    url = f"/units/create?parent_id={ward.id}"
    token = csrf_token(admin_client, url)
    response = admin_client.post(url, data={"csrf_token": token, "name": "Tổ dân phố 9", "kind": "other",
                                            "level": "commune"})
    assert response.status_code == 302
    before = _count(session)
    response = admin_client.post(url, data={"csrf_token": token, "name": "tổ dân phố  9", "kind": "other",
                                            "level": "commune"})
    assert response.status_code == 422
    assert "Đã có đơn vị “Tổ dân phố 9”" in response.get_data(as_text=True)
    assert _count(session) == before


def test_overlong_name_is_refused_with_message(admin_client, session, unit_named):
    ward = unit_named("Phường Vị Khê")
    url = f"/units/create?parent_id={ward.id}"
    token = csrf_token(admin_client, url)
    before = _count(session)
    response = admin_client.post(url, data={"csrf_token": token, "name": "Đ" * 250, "kind": "other",
                                            "level": "commune"})
    assert response.status_code == 422 and "Tối đa 200 ký tự." in response.get_data(as_text=True)
    assert _count(session) == before


def test_move_under_own_child_via_route(admin_client, session, unit_named):
    province = unit_named("Tỉnh Ninh Bình")
    ward = unit_named("Phường Vị Khê")
    url = f"/units/{province.id}/move"
    token = csrf_token(admin_client, url)
    response = admin_client.post(url, data={"csrf_token": token, "parent_id": str(ward.id)})
    assert response.status_code == 422
    assert "cấp dưới của nó" in response.get_data(as_text=True)
    session.expire_all()
    assert unit_named("Tỉnh Ninh Bình").parent.name == "Trung ương"


def test_retire_asks_for_successor_and_shows_it(admin_client, session, unit_named):
    unit = unit_named("Sở Tư pháp Ninh Bình")
    successor = unit_named("Ủy ban nhân dân tỉnh Ninh Bình")
    page = admin_client.get(f"/units/{unit.id}/retire").get_data(as_text=True)
    assert "Đơn vị kế thừa" in page
    token = csrf_token(admin_client, f"/units/{unit.id}/retire")
    response = admin_client.post(f"/units/{unit.id}/retire", data={
        "csrf_token": token, "retired_on": "2025-06-30", "successor_id": str(successor.id)})
    assert response.status_code == 302
    detail = admin_client.get(f"/units/{unit.id}").get_data(as_text=True)
    assert "Chấm dứt hoạt động từ 30/06/2025" in detail and successor.name in detail


def test_alias_added_through_the_page(admin_client, unit_named):
    unit = unit_named("Công an phường Vị Khê")
    token = csrf_token(admin_client, f"/units/{unit.id}")
    admin_client.post(f"/units/{unit.id}/aliases", data={"csrf_token": token, "name": "CA phường Vị Khê"})
    body = admin_client.get("/units/", query_string={"q": "ca phuong vi khe"}).get_data(as_text=True)
    assert "Công an phường Vị Khê" in body
