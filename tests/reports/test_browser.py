"""The ward secretariat compiles, edits, finalises and downloads its half-year report in Chromium; the province
monitor sees the ward's cell turn green."""
from __future__ import annotations

import hashlib
import io

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser_support import live_app, login_page, logout_page, shot
from tracker.core.periods import periods_between
from tracker.core.timeutil import today_vn

WARD = "Ủy ban nhân dân phường Vị Khê"


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    with live_app(tmp_path_factory.mktemp("live"), "_live_reports", WTF_CSRF_ENABLED=True) as url:
        yield url




def _ward_cell(page, base: str):
    today = today_vn()
    key = next(p.key for p in periods_between("half", today.year - 1, today.year + 1)
               if p.start_on <= today <= p.end_on)
    page.goto(f"{base}/duties/")
    option = page.locator("select[name=duty] option", has_text="6 tháng").first
    page.select_option("select[name=duty]", value=option.get_attribute("value"))
    page.click("#filters button[type=submit]")
    return page.locator(f'tr[data-unit="{WARD}"] td[data-period="{key}"]')


@pytest.mark.browser
def test_ward_reports_upward_and_the_province_sees_it(live_url, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    external, errors = [], []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_url) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    login_page(page, live_url, "noichinh.ninhbinh")
    assert _ward_cell(page, live_url).get_attribute("data-status") == "pending"
    logout_page(page)

    login_page(page, live_url, "vanphong.vikhe")
    page.click("nav >> text=Báo cáo kết quả")
    page.locator("#periods tr", has_text="6 tháng").locator("button", has_text="Lập báo cáo").first.click()
    page.wait_for_load_state()
    assert "Đã tổng hợp dự thảo báo cáo" in page.locator(".alert").first.inner_text()
    assert "chưa có báo cáo trong kỳ" in page.locator("#preview").inner_text()
    page.fill("textarea[name=assessment_md]", "**Kết quả:** tiếp 12 lượt công dân, giải quyết 19/23 đơn.\n\n"
                                              "**Hạn chế:** còn 4 đơn đang xác minh.")
    page.fill("textarea[name=direction_md]", "- Tiếp tục tổ chức tiếp công dân định kỳ.")
    page.fill("textarea[name=proposals_md]", "Đề nghị UBND tỉnh tổ chức tập huấn nghiệp vụ.")
    # A locator, not wait_for_function: evaluating a string would need 'unsafe-eval', which the CSP refuses.
    expect(page.locator("#preview")).to_contain_text("tập huấn nghiệp vụ")
    assert page.locator("#preview strong", has_text="Kết quả:").count() == 1
    shot(page, "reports_1_editor")
    page.click("#report-form button[type=submit]")
    assert "Đã lưu dự thảo." in page.locator(".alert").first.inner_text()
    page.fill("#finalise-form input[name=number]", "45")
    page.fill("#finalise-form input[name=issued_on]", today_vn().isoformat())
    page.click("#finalise-form button[type=submit]")
    assert "Đã hoàn thành báo cáo số 45/BC-UBND" in page.locator(".alert").first.inner_text()
    assert page.locator("#state").inner_text() == "Đã hoàn thành, đã gửi"
    assert page.locator("#report-form").count() == 0
    shot(page, "reports_2_final")
    with page.expect_download() as info:
        page.click("#download")
    saved = tmp_path / "bao-cao.docx"
    info.value.save_as(saved)
    document = Document(io.BytesIO(saved.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and any("tập huấn nghiệp vụ" in t for t in texts)
    assert info.value.suggested_filename.startswith("BC-45-UBND-")
    # PDF out, signed outside, uploaded back: the signed copy becomes the official one.
    with page.expect_download(timeout=180_000) as info:
        page.click("#download-pdf")
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.name.endswith(".pdf")
    page.set_input_files("#signed-file", str(pdf))
    page.click("#signed-form button[type=submit]")
    assert "Đã lưu bản đã ký làm bản chính thức" in page.locator(".alert").first.inner_text()
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert page.locator("#signed-sha").inner_text() == digest
    shot(page, "reports_2b_signed")
    expected_url = page.locator("a", has_text="Xem tình trạng tiếp nhận").get_attribute("href")
    logout_page(page)

    login_page(page, live_url, "noichinh.ninhbinh")
    cell = _ward_cell(page, live_url)
    assert cell.get_attribute("data-status") == "on_time"
    assert "Đã nộp đúng hạn" in cell.inner_text()
    shot(page, "reports_3_monitor_green")
    page.goto(f"{live_url}{expected_url}")
    link = page.locator("a.signed-link")
    assert link.count() == 1 and "Bản đã ký (PDF)" in link.inner_text()
    with page.expect_download() as info:
        link.click()
    received = tmp_path / "nhan.pdf"
    info.value.save_as(received)
    assert hashlib.sha256(received.read_bytes()).hexdigest() == digest
    shot(page, "reports_4_receiver_signed")
    assert external == [] and errors == []
    context.close()
