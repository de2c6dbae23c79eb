"""A browser set to English still shows and takes dates as dd/mm/yyyy: the calendar is Vietnamese, a typed
30112026 is 30/11/2026, an impossible date comes back in Vietnamese with the rest of the form kept."""
from __future__ import annotations

import re

import pytest

from tests.browser_support import login_page, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width, height", [(390, 844), (1366, 768)])
def test_dates_in_an_english_browser(live_server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US",
                                  extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    login_page(page, live_server, "vanphong.vikhe")
    page.goto(f"{live_server}/documents/create")
    field = page.locator("input[name=issued_on]")
    assert field.get_attribute("type") == "text" and field.get_attribute("placeholder") == "dd/mm/yyyy"
    page.click("input[name=issued_on] ~ .date-button")
    calendar = page.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    assert "Tháng" in calendar.inner_text() or "CN" in calendar.inner_text()  # Vietnamese months / weekdays
    shot(page, f"dates-picker-{width}", full_page=False)
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text=re.compile(r"^15$")).click()
    assert re.fullmatch(r"15/\d{2}/\d{4}", field.input_value())

    field.fill("31/02/2026")
    page.fill("textarea[name=title]", "Kế hoạch thử ngày tháng")
    page.fill("input[name=number_text]", f"{width}/KH-UBND")
    page.fill("input[name=issuer_name]", "UBND phường Vị Khê")
    page.click("form button[type=submit]:has-text('Lưu văn bản')")
    page.wait_for_selector(".invalid-feedback")
    assert "Tháng 2/2026 không có ngày 31." in page.inner_text("body")
    assert page.input_value("textarea[name=title]") == "Kế hoạch thử ngày tháng"
    assert page.input_value("input[name=issued_on]") == "31/02/2026"
    shot(page, f"dates-refused-{width}")

    page.fill("input[name=issued_on]", "30112026")
    page.click("form button[type=submit]:has-text('Lưu văn bản')")
    page.wait_for_url(re.compile(r"/documents/\d+$"))
    assert f"Kế hoạch {width}/KH-UBND ngày 30/11/2026" in page.inner_text("body")
    shot(page, f"dates-saved-{width}")
    context.close()
