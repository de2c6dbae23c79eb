"""Browser journey: log in, open the unit tree, search "uy ban mat tran", open the cascade of 107-KL/TW, log out."""
import pytest

from tests.browser.conftest import shot
from tests.browser_support import logout_page

pytestmark = pytest.mark.browser


def test_foundation_journey(live_server, page):
    page.goto(f"{live_server}/login")
    page.fill("#username", "noichinh.hanoi")
    page.fill("#password", "sai")
    page.click("button[type=submit]")
    assert page.locator(".alert-danger").inner_text().startswith("Tên đăng nhập hoặc mật khẩu không đúng")
    page.fill("#username", "noichinh.hanoi")
    page.fill("#password", "matkhau-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    shot(page, "foundation-1-home")

    page.click("text=Đơn vị")
    page.wait_for_selector("#unit-tree")
    page.click("#unit-tree summary:has-text('Trung ương')")
    page.wait_for_selector("#unit-tree >> text=Tỉnh Ninh Bình")
    page.click("#unit-tree summary:has-text('Tỉnh Ninh Bình')")
    page.wait_for_selector("#unit-tree >> text=Phường Vị Khê")
    shot(page, "foundation-2-tree")

    page.fill("main input[name=q]", "uy ban mat tran")
    page.press("main input[name=q]", "Enter")
    page.wait_for_selector("#search-results")
    results = page.locator("#search-results").inner_text()
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê" in results
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội" in results
    shot(page, "foundation-3-search")

    page.click("nav >> text=Văn bản")
    page.fill("main input[name=q]", "107-KL/TW")
    page.press("main input[name=q]", "Enter")
    page.click("#documents a:has-text('Kết luận 107-KL/TW ngày')")
    page.click("text=Xem hệ thống văn bản")
    page.wait_for_selector("#cascade-counts")
    tree = page.locator(".cascade-tree").inner_text()
    # Hà Nội's monitor reads the city's plan and the central one, not other provinces' plans (#12 finding 9).
    assert "Thành ủy Hà Nội" in tree and "Thanh tra Chính phủ" in tree
    assert "Ủy ban nhân dân tỉnh Hà Tĩnh" not in tree and "Ủy ban nhân dân phường Vị Khê" not in tree
    assert "2" in page.locator("#cascade-counts").inner_text()
    shot(page, "foundation-4-cascade")

    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "foundation-5-cascade-phone")
    logout_page(page)
    assert "Bạn đã đăng xuất." in page.content()
    page.goto(f"{live_server}/units/")
    assert "/login" in page.url
