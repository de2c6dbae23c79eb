"""Browser journey: upload a scanned plan, watch the OCR progress, review beside the page image, correct the
number, confirm, download the original file from the plan page."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import shot
from tests.browser_support import login_page
from tests.scan_corpus import CACHE, scan_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SEED = Path(__file__).resolve().parent.parent / "plans" / "seeds" / "000_c7c61f0ecab3ec8b.txt"


def _seed_scan() -> Path:
    """The seed plan (issued by a demo ward) printed by LibreOffice, its first two pages scanned at 200 dpi."""
    pdf = CACHE / "seed000.pdf"
    if not pdf.exists():
        work = CACHE / "seed-lo"
        work.mkdir(parents=True, exist_ok=True)
        (work / "seed000.txt").write_bytes(SEED.read_bytes())
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(work), str(work / "seed000.txt")], check=True, capture_output=True,
                       timeout=240)
        (work / "seed000.pdf").replace(pdf)
    return scan_of(pdf, 200, pages=2)


def test_scanned_plan_journey(live_server, page, tmp_path):
    scan = _seed_scan()
    login_page(page, live_server, "vanphong.vikhe")
    page.goto(f"{live_server}/documents/import/")
    assert "40 trang" in page.inner_text("main")
    page.set_input_files("input[name=file]", str(scan))
    page.click("button:has-text('Đọc và rà soát')")
    page.wait_for_selector("#job-progress")
    status = page.inner_text("#job-progress")
    assert "Đang" in status and ("/2" in status or "2 trang" in status) or "Đã nhận dạng xong" in status, status
    shot(page, "scan-1-progress", full_page=False)
    page.wait_for_selector("#review-form", timeout=300_000)  # htmx polls, then the server redirects to the review

    assert "nhận dạng chữ (OCR)" in page.inner_text("#ocr-notice")
    assert page.locator("#ocr-pages img").count() == 2
    page.locator("#ocr-pages img").first.wait_for()
    assert page.evaluate("document.querySelector('#ocr-pages img').naturalWidth") > 500
    assert page.input_value("input[name=meta-issuer]").startswith("Ủy ban nhân dân phường Vị Khê")
    shot(page, "scan-2-review", full_page=False)

    page.fill("input[name=meta-number_text]", "171/KH-UBND")  # the scan's number is read and corrected by hand
    page.click("button:has-text('Xác nhận và lưu')")
    page.wait_for_selector("#original-file")
    assert "171/KH-UBND" in page.inner_text("main")
    shot(page, "scan-3-plan", full_page=False)
    with page.expect_download() as download:
        page.click("#original-file a")
    saved = tmp_path / "goc.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == scan.read_bytes()
