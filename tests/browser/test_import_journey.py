"""Browser journey: upload seed 000, fix one unit on the review page, confirm, see the plan's tasks by unit."""
from pathlib import Path

import pytest

from tests.browser.conftest import shot
from tests.browser_support import login_page

pytestmark = pytest.mark.browser
SEED = Path(__file__).resolve().parent.parent / "plans" / "seeds" / "000_c7c61f0ecab3ec8b.txt"


def test_import_journey(live_server, page):
    login_page(page, live_server, "vanphong.vikhe")
    page.goto(f"{live_server}/documents/")
    page.click("text=Nhập kế hoạch từ tệp")
    page.set_input_files("input[name=file]", str(SEED))
    page.click("button:has-text('Đọc và rà soát')")
    page.wait_for_selector("#review-form")
    assert "Bùi Quốc Trung" in page.input_value("input[name=meta-signer_name]")
    page.click("#task-0 .src-link")
    assert page.locator(".src-line.hl").count() >= 1
    shot(page, "import-1-review", full_page=False)

    # The parser read "Công an phường" as Công an phường Vị Khê; the user reassigns that task to the service centre.
    field = page.locator("input[name$='-unit'][value^='Công an phường Vị Khê']").first
    name = field.get_attribute("name")
    field.fill("")
    field.fill("Trung tâm Dịch vụ sự nghiệp công phường")
    page.click("button:has-text('Xác nhận và lưu')")
    page.wait_for_selector("#tasks-by-unit")
    assert "Đã lưu" in page.locator(".alert-success").inner_text()
    groups = page.locator("#tasks-by-unit").inner_text()
    for unit in ("Văn phòng HĐND và UBND phường", "Công an phường Vị Khê", "Trung tâm Dịch vụ sự nghiệp công phường",
                 "Ủy ban Mặt trận Tổ quốc Việt Nam phường Vị Khê"):
        assert unit in groups, unit
    assert name
    shot(page, "import-2-plan", full_page=False)
