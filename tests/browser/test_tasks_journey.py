"""Browser journey: Công an phường posts an update with a file, the ward's Văn phòng sees and confirms it,
the province's monitor sees the roll-up change. Real Chromium against a live server on its own database."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import ARTIFACTS, live_app
from tests.tasks.helpers import PDF

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("live_tasks")
    with live_app(tmp, "_live_tasks", FILE_ROOT=str(tmp / "files")) as url:
        yield url, tmp


def _login(browser, base: str, username: str):
    page = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN").new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", "matkhau-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.external = external
    return page


def _done_on_time(page) -> int:
    return int(page.locator('[data-total="done_on_time"]').inner_text())


def test_update_confirm_rollup_journey(live, browser):
    base, tmp = live
    ARTIFACTS.mkdir(exist_ok=True)
    evidence = tmp / "bien-ban-kiem-tra.pdf"
    evidence.write_bytes(PDF)

    monitor = _login(browser, base, "noichinh.ninhbinh")
    monitor.goto(f"{base}/tasks/monitor")
    monitor.click("text=UBND các xã, phường xây dựng kế hoạch")
    monitor.click("text=Tổng hợp kết quả cấp dưới")
    rollup_url = monitor.url
    before = _done_on_time(monitor)
    monitor.screenshot(path=str(ARTIFACTS / "tasks_1_rollup_before.png"), full_page=True)

    police = _login(browser, base, "congan.vikhe")
    police.click("text=Nhiệm vụ")
    police.wait_for_selector("h1:has-text('Nhiệm vụ của đơn vị')")
    police.screenshot(path=str(ARTIFACTS / "tasks_2_unit_list.png"), full_page=True)
    police.click("text=Nắm chắc diễn biến tình hình khiếu nại")
    police.fill("#note_md", "Đã rà soát **5 vụ việc** đông người; lập biên bản kiểm tra.")
    police.fill("#progress", "100")
    police.select_option("#update-form #status", "claimed")
    police.set_input_files("#files", str(evidence))
    police.click("#update-form button[type=submit]")
    police.wait_for_selector("text=Đã gửi cập nhật tiến độ.")
    assert police.locator("#timeline").get_by_text("bien-ban-kiem-tra.pdf").count() == 1
    police.screenshot(path=str(ARTIFACTS / "tasks_3_update_posted.png"), full_page=True)
    task_url = police.url

    office = _login(browser, base, "vanphong.vikhe")
    office.goto(task_url)
    assert office.locator(".update-note strong").inner_text() == "5 vụ việc"
    with office.expect_download() as download_info:
        office.locator("#timeline a", has_text="bien-ban-kiem-tra.pdf").click(modifiers=["Alt"])
    assert Path(download_info.value.path()).read_bytes() == PDF
    office.screenshot(path=str(ARTIFACTS / "tasks_4_office_sees_update.png"), full_page=True)
    office.click("#confirm-form button[type=submit]")
    office.wait_for_selector("text=Đã xác nhận hoàn thành.")
    assert office.locator('[data-status="done"]').first.is_visible()
    office.click("nav[aria-label=breadcrumb] a:has-text('Kế hoạch (chưa có số)')")
    office.wait_for_selector(".unit-group")
    assert office.locator(".unit-group").count() >= 4
    office.screenshot(path=str(ARTIFACTS / "tasks_6_plan_by_unit.png"), full_page=True)
    office.click("text=Tiến độ hệ thống kế hoạch")
    office.wait_for_selector(".cascade-tree")
    office.screenshot(path=str(ARTIFACTS / "tasks_7_cascade_progress.png"), full_page=True)

    monitor.goto(rollup_url)
    assert _done_on_time(monitor) == before + 1
    monitor.click("#rollup-table a:has-text('Kế hoạch (chưa có số)')")
    assert monitor.locator("#drill").get_by_text("Nắm chắc diễn biến tình hình khiếu nại").count() == 1
    monitor.screenshot(path=str(ARTIFACTS / "tasks_5_rollup_after.png"), full_page=True)
    for page in (monitor, police, office):
        assert page.external == [], page.external
