"""Browser journey: a ward clerk cannot save another city's plan; a new unit name becomes a proposal that an admin
creates, and the waiting task is assigned to it."""
from pathlib import Path

import pytest

from tests.browser.conftest import shot
from tests.browser_support import login_page

pytestmark = pytest.mark.browser
SEEDS = Path(__file__).resolve().parent.parent / "plans" / "seeds"


def _upload(page, base: str, seed: str) -> None:
    page.goto(f"{base}/documents/import/")
    page.set_input_files("input[name=file]", str(SEEDS / seed))
    page.click("button:has-text('Đọc và rà soát')")
    page.wait_for_selector("#review-form")


def test_scope_and_unit_proposal_journey(live_server, page):
    login_page(page, live_server, "vanphong.vikhe")
    _upload(page, live_server, "003_c0c4a446407c5a94.txt")  # Thành ủy Hà Nội's plan, read by a ward of Ninh Bình
    shot(page, "scope-1-other-city-plan", full_page=False)
    page.click("button:has-text('Xác nhận và lưu')")
    page.wait_for_selector(".alert-danger")
    assert "Chưa lưu gì cả" in page.locator(".alert-danger").first.inner_text()

    _upload(page, live_server, "000_c7c61f0ecab3ec8b.txt")
    field = page.locator("input[name$='-unit'][value^='Công an phường Vị Khê']").first
    field.fill("Tổ dân phố số 3 phường Vị Khê")
    page.click("button:has-text('Xác nhận và lưu')")
    page.wait_for_selector("#tasks-by-unit")
    assert "Đã lưu" in page.locator(".alert-success").inner_text()

    page.context.clear_cookies()  # another person, at another desk
    login_page(page, live_server, "admin")
    page.goto(f"{live_server}/units/")
    page.click("text=Đề xuất tạo đơn vị")
    page.click("text=Tổ dân phố số 3 phường Vị Khê")
    shot(page, "scope-2-proposal", full_page=False)
    page.click("button:has-text('Tạo đơn vị')")
    page.wait_for_selector(".alert-success")
    assert "các nhiệm vụ chờ đã được giao" in page.locator(".alert-success").inner_text()
    page.goto(f"{live_server}/units/?q=to dan pho so 3")
    page.click("#search-results a >> nth=0")
    shot(page, "scope-3-created-unit", full_page=False)
