"""The day flows, in Chromium, counted in clicks and fields (after logging in): (1) the ward's Văn phòng turns the
province plan from its inbox into the ward plan; (2) the Công an officer sees the new task on the home page and
reports it done; (3) the Văn phòng confirms the claim from its home page; (4) the Hà Nội Ban Nội chính sees the
late bodies and reminds two of them with an edited message."""
from __future__ import annotations

import pytest

from tests.browser_support import live_app, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("live_daily")
    with live_app(tmp, "_live_daily", UPLOAD_DIR=str(tmp / "uploads")) as url:
        yield url


class Counted:
    """A page whose clicks and filled fields are counted (what the user does, not what the test checks)."""

    def __init__(self, page):
        self.page, self.clicks, self.fields = page, 0, 0

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self.clicks += 1

    def fill(self, selector: str, value: str) -> None:
        self.page.fill(selector, value)
        self.fields += 1

    def select(self, selector: str, **option) -> None:
        self.page.select_option(selector, **option)
        self.fields += 1


def _login(browser, base: str, username: str) -> Counted:
    page = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN").new_page()
    page.external = []
    page.on("request", lambda r: page.external.append(r.url) if not r.url.startswith(base) else None)
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", "matkhau-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return Counted(page)


def test_the_day_flows(live, browser):
    base = live
    task_text = "Công an phường rà soát, báo cáo các vụ việc khiếu nại đông người trên địa bàn"

    # (1) Văn phòng: inbox -> derive form pointed at the province plan -> the ward plan, task to Công an.
    office = _login(browser, base, "vanphong.vikhe")
    office.click("nav >> text=Văn bản đến")
    row = office.page.locator("#inbox li", has_text="160/KH-UBND")
    assert "unread" in row.get_attribute("class")
    shot(office.page, "daily_1_inbox")
    office.click("#inbox li:has-text('160/KH-UBND') a.derive")
    item = office.page.locator(".derive-item").first
    lead_id = item.locator("select[id^='lead_']").first.get_attribute("id")  # the first line of the upper task
    text_id = item.locator("textarea").first.get_attribute("id")
    office.select(f"#{lead_id}", label="Công an phường Vị Khê")
    office.fill(f"#{text_id}", task_text)
    shot(office.page, "daily_1_derive")
    office.click("#derive-form button[type=submit]")
    assert "Đã xây dựng kế hoạch thực hiện" in office.page.content()
    shot(office.page, "daily_1_ward_plan")
    journey1 = (office.clicks, office.fields)

    # (2) Công an: the new task is on the home page; one update reports it done.
    police = _login(browser, base, "congan.vikhe")
    assert int(police.page.locator("#todo-fresh [data-count]").get_attribute("data-count")) >= 5
    shot(police.page, "daily_2_police_home")
    police.click(f"#urgent-tasks a:has-text('{task_text[:40]}')")
    police.fill("#note_md", "Đã rà soát **3 vụ việc** đông người; đã báo cáo UBND phường.")
    police.fill("#progress", "100")
    police.select("#update-form #status", value="claimed")
    police.click("#update-form button[type=submit]")
    assert "Đã gửi cập nhật tiến độ" in police.page.content()
    shot(police.page, "daily_2_update_posted")
    journey2 = (police.clicks, police.fields)

    # (3) Văn phòng: the claim waits on its home page; confirm in place.
    office = _login(browser, base, "vanphong.vikhe")
    assert office.page.locator("#todo-claims [data-count]").get_attribute("data-count") == "1"
    shot(office.page, "daily_3_office_home_claim")
    office.click("li.claim button:has-text('Xác nhận hoàn thành')")
    assert "Đã xác nhận hoàn thành" in office.page.content()
    assert office.page.locator("#todo-claims [data-count]").get_attribute("data-count") == "0"
    shot(office.page, "daily_3_confirmed")
    journey3 = (office.clicks, office.fields)

    # (4) Ban Nội chính Hà Nội: late bodies on the home page; remind two with an edited message.
    monitor = _login(browser, base, "noichinh.hanoi")
    monitor.page.locator("#late-bodies", has_text="Đảng ủy phường Hoàn Kiếm").wait_for(timeout=10_000)
    shot(monitor.page, "daily_4_monitor_home")
    monitor.click("#to-remind li:has-text('Các cấp ủy trực thuộc') a[data-remind]")
    # A click waits for the navigation to commit, not for the page's scripts: typing before app.js has run would
    # leave the live preview's input handler unattached (seen once on a loaded machine).
    monitor.page.wait_for_load_state("load")
    assert monitor.page.locator("input[name=expected_ids]:checked").count() == 2
    monitor.fill("#note", "Đề nghị gửi kế hoạch trước 17 giờ thứ Sáu tuần này.")
    # The live preview follows the typing (an input handler): wait for it rather than read it at once.
    monitor.page.locator("#remind-preview", has_text="17 giờ thứ Sáu tuần này.").wait_for(timeout=10_000)
    shot(monitor.page, "daily_4_remind_preview")
    monitor.click("#send-reminders")
    assert "Đã gửi nhắc nhở tới 2 đơn vị" in monitor.page.content()
    shot(monitor.page, "daily_4_reminded")
    journey4 = (monitor.clicks, monitor.fields)

    committee = _login(browser, base, "danguy.hoankiem")
    committee.page.click("#bell")
    assert "17 giờ thứ Sáu" in committee.page.locator("#notifications").inner_text()
    shot(committee.page, "daily_4_committee_bell")
    committee.page.click("text=Cài đặt nhận thông báo")
    committee.page.fill("#email", "vu.minh.tam@hoankiem.example.vn")
    committee.page.check("input[name=mode_task_assigned][value=now]")
    committee.page.click("button:has-text('Lưu cài đặt')")
    assert "Đã lưu cài đặt thông báo" in committee.page.content()
    assert committee.page.is_checked("input[name=mode_task_assigned][value=now]")
    shot(committee.page, "daily_5_settings")

    for counted in (office, police, monitor, committee):
        assert counted.page.external == []
    print(f"\nclicks, fields: J1 {journey1}, J2 {journey2}, J3 {journey3}, J4 {journey4}")
    assert journey1[0] + journey1[1] < 10 and journey4[0] + journey4[1] < 5
