"""Browser journey: the top bar's search box, accents left out, finds a plan by what its text says."""
import pytest

from tests.browser.conftest import shot
from tests.browser_support import login_page

pytestmark = pytest.mark.browser


def test_search_from_the_top_bar(live_server, page):
    login_page(page, live_server, "vanphong.vikhe")
    page.fill("nav input[name=q]", "tiep cong dan khieu nai")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_selector("#search-results")
    first = page.locator("#search-results li").first
    assert first.locator("mark").count() >= 2
    shot(page, "search-1-results", full_page=False)
    page.select_option("#search-kind", "unit")
    page.fill("#search-q", "107 KL/TW")
    page.click("main button:has-text('Tìm')")
    page.wait_for_selector("text=Không tìm thấy kết quả nào")
    page.select_option("#search-kind", "")
    page.click("main button:has-text('Tìm')")
    page.wait_for_selector("#search-results")
    assert "107-KL/TW" in page.locator("#search-results li").first.inner_text()
    # Narrowed to the ward's police: every hit is its task, its update or the unit itself, and turning back to
    # the form shows the unit still chosen.
    page.fill("#search-q", "cong an")
    page.select_option("#search-unit", label="Công an phường Vị Khê")
    page.click("main button:has-text('Tìm')")
    page.wait_for_selector("#search-results")
    assert "unit=" in page.url
    kinds = page.locator("#search-results li .text-muted.small").all_inner_texts()
    assert kinds and all(k.split(" · ")[0] in ("Nhiệm vụ", "Cập nhật tiến độ", "Đơn vị") for k in kinds), kinds
    assert page.locator("#search-unit option:checked").inner_text() == "Công an phường Vị Khê"
    shot(page, "search-2-unit-filter", full_page=False)
