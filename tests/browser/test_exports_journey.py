"""Browser journey: Công an phường downloads its filtered task list as .xlsx, then makes a calendar feed URL
from the user menu, copies it, and a calendar client fetches it; revoking it shuts the feed."""
from __future__ import annotations

import io
import urllib.error
import urllib.request

import pytest
from openpyxl import load_workbook

from tests.browser_support import live_app, login_page, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with live_app(tmp_path_factory.mktemp("live_exports"), "_live_exports") as url:
        yield url


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own live server
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def test_xlsx_and_calendar_feed_journey(live, browser):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live) else None)
    login_page(page, live, "congan.vikhe")

    page.goto(f"{live}/tasks/?role=lead")
    listed = page.locator(".task-row").count()
    shot(page, "exports_1_task_list", full_page=False)
    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    download = download_info.value
    assert download.suggested_filename.startswith("nhiem-vu-cong-an-phuong-vi-khe-")
    ws = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert len(rows) >= listed > 0 and {r[3] for r in rows} == {"Chủ trì"}

    page.click("#user-menu button")
    page.click("text=Lịch công việc (.ics)")
    page.wait_for_selector("h1:has-text('Lịch công việc (.ics)')")
    page.click("#create-calendar")
    url = page.input_value("#calendar-url")
    assert url.startswith(f"{live}/calendar/") and url.endswith(".ics")
    page.click("button[data-copy]")
    page.wait_for_selector("button:has-text('Đã sao chép')")
    shot(page, "exports_2_calendar_token")
    status, body, kind = _fetch(url)
    assert status == 200 and kind.startswith("text/calendar") and b"BEGIN:VEVENT" in body

    page.goto(f"{live}/calendar/")
    page.click("#revoke-calendar")
    page.wait_for_selector("text=Đã thu hồi đường dẫn lịch")
    assert _fetch(url)[0] == 404
    assert external == []
    context.close()
