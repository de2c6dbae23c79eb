"""Browser journey: the ward's Văn phòng derives the ward plan from the province plan with three lines of real
roles (Công an leads with Văn phòng, Văn phòng leads, MTTQ requested), downloads its .docx and finds the units
in it, then edits one task's deadline and withdraws another."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as open_docx

from tests.browser_support import live_app, login_page, shot

pytestmark = pytest.mark.browser

CA = "Công an phường Vị Khê"
VP = "Văn phòng HĐND và UBND phường"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with live_app(tmp_path_factory.mktemp("live_living"), "_live_living") as url:
        yield url


def _option_value(page, select: str, label: str) -> str:
    return page.locator(f"{select} option", has_text=label).first.get_attribute("value")


def _covered(page) -> int:
    """Tasks of the ward's plans carrying out the province plan's first task, as the coverage matrix shows them."""
    cell = page.locator("#coverage tr", has_text="Phường Vị Khê").locator("td[data-task]").first
    text = cell.inner_text().strip()
    return int(text.split()[-1]) if text.startswith("✓") else 0


def test_derive_download_edit_withdraw_journey(live, browser):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live) else None)
    monitor = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN").new_page()
    login_page(monitor, live, "noichinh.ninhbinh")
    monitor.goto(f"{live}/documents/?q=160")
    monitor.locator("a", has_text="160/KH-UBND").first.click()
    monitor.click("text=Nhiệm vụ theo đơn vị")
    monitor.click("text=Mức độ cụ thể hóa")
    covered_before = _covered(monitor)
    login_page(page, live, "vanphong.vikhe")

    page.goto(f"{live}/documents/?q=160")
    page.locator("a", has_text="160/KH-UBND").first.click()
    page.click("text=Nhiệm vụ theo đơn vị")
    page.click("text=Xây dựng kế hoạch thực hiện")
    page.wait_for_selector("#derive-form")
    card = page.locator(".derive-item").first
    key = card.get_attribute("id").split("-")[1]
    page.fill("#title", "Kế hoạch tiếp công dân, giải quyết khiếu nại, tố cáo năm 2026 của phường Vị Khê")
    page.fill("#issued_on", "2026-06-15")
    page.fill(f"#text_{key}_0", "Bảo đảm an ninh, trật tự tại trụ sở tiếp công dân của phường")
    page.select_option(f"#lead_{key}_0", _option_value(page, f"#lead_{key}_0", CA))
    page.select_option(f"#coord_{key}_0", [_option_value(page, f"#coord_{key}_0", VP)])
    page.fill(f"#due_{key}_0", "2026-07-31")
    page.fill(f"#text_{key}_1", "Tiếp nhận, phân loại, xử lý đơn thư khiếu nại, tố cáo theo quy định")
    page.select_option(f"#lead_{key}_1", _option_value(page, f"#lead_{key}_1", VP))
    page.fill(f"#due_{key}_1", "2026-08-15")
    page.fill(f"#text_{key}_2", "Giám sát việc tiếp công dân, giải quyết khiếu nại, tố cáo trên địa bàn")
    page.select_option(f"#lead_{key}_2", "")
    page.select_option(f"#req_{key}_2", [_option_value(page, f"#req_{key}_2", MTTQ)])
    page.fill("#signer_name", "Bùi Quốc Trung")
    shot(page, "living_1_derive_form")
    page.click("#derive-form button[type=submit]")
    page.wait_for_selector("text=Đã xây dựng kế hoạch thực hiện.")
    groups = page.locator(".unit-group")
    assert groups.count() == 3
    names = " ".join(groups.all_inner_texts())
    assert CA in names and VP in names and MTTQ in names
    shot(page, "living_2_ward_plan_by_unit")

    page.click("nav[aria-label=breadcrumb] >> a >> nth=0")
    with page.expect_download() as info:
        page.click("#plan-docx")
    document = open_docx(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Chủ trì: {CA}; Phối hợp: {VP}" in text
    assert f"Chủ trì: {VP}" in text and f"Đề nghị: {MTTQ}" in text
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Bùi Quốc Trung" in cells and f"- {MTTQ}" in cells

    page.click("text=Nhiệm vụ theo đơn vị")
    page.click("text=Điều chỉnh nhiệm vụ")
    page.wait_for_selector("#plan-order")
    shot(page, "living_3_manage")
    page.locator(".task-row", has_text="Tiếp nhận, phân loại").get_by_role("link", name="Sửa").click()
    page.fill("#due_on", "2026-09-30")
    page.click("#edit-form button[type=submit]")
    page.wait_for_selector("text=Đã điều chỉnh nhiệm vụ.")
    assert "30/09/2026" in page.inner_text("body")
    assert page.locator("#timeline .timeline-entry", has_text="Điều chỉnh thời hạn").count() == 1
    assert "Thời hạn: 15/08/2026 → 30/09/2026" in page.inner_text("#timeline .change-diff")
    shot(page, "living_4_deadline_edited")

    page.click("#edit-task")
    page.fill("#reason", "Nội dung đã được thực hiện trong nhiệm vụ chủ trì của Công an phường")
    page.click("#withdraw-form button[type=submit]")
    page.wait_for_selector("text=Đã thu hồi nhiệm vụ")
    assert page.locator("#withdrawn-note").is_visible()
    assert page.locator("#update-form").count() == 0
    shot(page, "living_5_withdrawn")

    page.click("nav[aria-label=breadcrumb] >> a >> nth=1")
    page.wait_for_selector(".unit-group")
    assert "Tiếp nhận, phân loại, xử lý đơn thư" not in page.inner_text("body")
    shot(page, "living_6_plan_after_withdrawal")
    assert external == []
    context.close()

    monitor.reload()
    assert _covered(monitor) == covered_before + 2  # three lines derived, one withdrawn since
    shot(monitor, "living_7_coverage_matrix")
