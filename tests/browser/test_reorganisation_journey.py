"""Browser journey: an admin defines a reorganisation with the unit pickers, reads the preview, and is told it
cannot be applied before its effective date."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def _pick(page, name: str, query: str, label: str) -> None:
    box = f"#item-form input[name={name}_query]"
    page.fill(box, query)
    choice = page.locator(f"#pick-{name}_id label", has_text=label).first
    for _ in range(3):  # the picker searches 300 ms after typing; on a loaded machine ask it again rather than hang
        try:
            choice.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            page.dispatch_event(box, "search")
    choice.locator("input").check()


def test_reorganisation_journey(live_server, page):
    page.goto(f"{live_server}/login")
    page.fill("#username", "admin")
    page.fill("#password", "matkhau-demo")
    page.click("button[type=submit]")
    page.goto(f"{live_server}/units/")
    page.click("text=Sắp xếp, sáp nhập đơn vị")
    page.fill("#name", "Hợp nhất Thanh tra tỉnh vào Ban Tiếp công dân tỉnh (thử)")
    page.fill("#effective_on", "2099-07-01")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#item-form")
    _pick(page, "old_unit", "thanh tra tinh", "Tỉnh Hà Tĩnh")
    _pick(page, "successor", "ban tiep cong dan tinh", "Tỉnh Hà Tĩnh")
    page.click("#item-form button[type=submit]")
    page.wait_for_selector("text=Đã thêm")
    preview = page.locator("#preview").inner_text()
    assert "Thanh tra tỉnh" in preview and "Ban Tiếp công dân tỉnh" in preview
    assert page.locator("#apply-form button").is_disabled()
    assert "Chỉ áp dụng được từ ngày 01/07/2099" in page.locator("#apply-form").inner_text()
    shot(page, "reorganisation-1-preview")
