"""The Hà Nội monitor's journey in a real browser: late plans by 30/4/2025, a reminder, a late committee submits."""
from pathlib import Path

import pytest

from tests.browser_support import ARTIFACTS, live_app, login_page, logout_page
from tests.duties.helpers import docx_bytes


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    with live_app(tmp_path_factory.mktemp("live"), "_live_duties", WTF_CSRF_ENABLED=True) as url:
        yield url




def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"duties_{name}.png"), full_page=True)


@pytest.mark.browser
def test_monitor_sees_late_plans_reminds_and_the_cell_turns_late(live_url, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    page = context.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_url) else None)
    login_page(page, live_url, "noichinh.hanoi")
    page.click("nav >> text=Chế độ báo cáo")
    page.select_option("select[name=duty]", label=page.locator("select[name=duty] option").nth(1).inner_text())
    page.click("#filters button[type=submit]")
    cell = page.locator('tr[data-unit="Đảng ủy phường Hoàn Kiếm"] td[data-period="once"]')
    assert cell.get_attribute("data-status") == "missing"
    assert "Chưa nộp – quá hạn" in cell.inner_text()
    assert page.locator('td[data-period="once"][data-status="missing"]').count() == 2
    _shot(page, "1_dashboard_missing")
    page.click("a[data-remind]")
    assert page.locator("#remind-late-form input[name=expected_ids]:checked").count() == 2
    _shot(page, "2a_remind_asks_first")
    page.click("#send-reminders")
    assert "Đã gửi nhắc nhở tới 2 đơn vị" in page.locator(".alert").first.inner_text()
    _shot(page, "2_reminded")
    logout_page(page)

    login_page(page, live_url, "danguy.hoankiem")
    assert page.locator("#bell .badge").inner_text().strip() != ""
    page.click("#bell")
    page.locator("#notifications a").first.click()
    file = tmp_path / "ke-hoach-hoan-kiem.docx"
    file.write_bytes(docx_bytes("Kế hoạch thực hiện Kết luận 107-KL/TW"))
    page.fill("input[name=number_text]", "27-KH/ĐU")
    page.fill("input[name=issued_on]", "2025-05-05")
    page.set_input_files("input[name=file]", str(file))
    page.click("#submit-form button[type=submit]")
    assert "Đã nộp báo cáo (lần 1)" in page.content()
    assert "Nộp muộn" in page.locator("#status").inner_text()
    _shot(page, "3_committee_submitted")
    logout_page(page)

    login_page(page, live_url, "noichinh.hanoi")
    page.goto(f"{live_url}/duties/")
    cell = page.locator('tr[data-unit="Đảng ủy phường Hoàn Kiếm"] td[data-period="once"]')
    assert cell.get_attribute("data-status") == "late"
    assert "Nộp muộn" in cell.inner_text() and "ngày" in cell.inner_text()
    _shot(page, "4_dashboard_late")
    assert external == []
    context.close()
    assert Path(ARTIFACTS / "duties_4_dashboard_late.png").exists()
