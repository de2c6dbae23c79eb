"""Browser journey: a hard-wrapped portal copy and a Word file with a table header are imported; the user fixes
what "Cần kiểm tra" lists (the number, a task without a lead, set for two tasks at once) and confirms. Unit fields
show names only; the chosen unit travels in a hidden id field."""
import docx
import pytest

from tests.browser.conftest import shot
from tests.browser_support import login_page

pytestmark = pytest.mark.browser

PORTAL = """Kế hoạch tuyên truyền pháp luật năm 2026 - Cổng thông tin điện tử phường Vị Khê
-------
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG VỊ KHÊ | Độc lập - Tự do - Hạnh phúc
Số:        /KH-UBND | Vị Khê, ngày 12 tháng 01 năm 2026

KẾ HOẠCH
Tuyên truyền, phổ biến giáo dục pháp luật
trên địa bàn phường năm 2026

Thực hiện Kế hoạch số 160/KH-UBND ngày 13/5/2026 của UBND tỉnh Ninh Bình, Ủy
ban nhân dân phường ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức pháp luật của cán bộ và Nhân dân trên địa bàn phường.

II. NHIỆM VỤ
1. Công an phường Vị Khê chủ trì tuyên truyền pháp luật về an ninh trật tự,
hoàn thành trước ngày 30/6/2026.
2. Tổ chức hội nghị phổ biến pháp luật cho các tổ dân phố trong quý II/2026.
3. Tổng hợp kết quả, báo cáo trước 17 giờ 00, ngày 15/12/2026.
4. Công an phường Vị Khê; Trung tâm Dịch vụ sự nghiệp công phường
Phối hợp kiểm tra an toàn phòng cháy tại các cơ sở kinh doanh trên địa bàn
phường, hoàn thành trong tháng 9/2026.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Bùi Quốc Trung
"""


def _word_plan(path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nPHƯỜNG VỊ KHÊ"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 25/KH-UBND"
    table.cell(1, 1).text = "Vị Khê, ngày 05 tháng 3 năm 2026"
    for text in ("KẾ HOẠCH", "Kiểm tra an toàn thực phẩm năm 2026", "I. NHIỆM VỤ",
                 "1. Trung tâm Dịch vụ sự nghiệp công phường chủ trì kiểm tra các cơ sở, hằng tháng.",
                 "2. Văn phòng HĐND và UBND phường tổng hợp, báo cáo trước ngày 20 hằng tháng.",
                 "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hùng"):
        document.add_paragraph(text)
    document.save(path)


def test_portal_copy_and_word_table_header(live_server, page, tmp_path):
    login_page(page, live_server, "vanphong.vikhe")
    portal = tmp_path / "cong-thong-tin.txt"
    portal.write_text(PORTAL, encoding="utf-8")
    page.goto(f"{live_server}/documents/import/")
    page.set_input_files("input[name=file]", str(portal))
    page.click("button:has-text('Đọc và rà soát')")
    page.wait_for_selector("#review-form")
    assert page.input_value("#meta-issuer").startswith("Ủy ban nhân dân phường Vị Khê")
    assert page.input_value("#meta-issued_on") == "12/01/2026"  # typed and shown dd/mm/yyyy
    checks = page.locator("#checks").inner_text()
    assert "Nhiệm vụ 2 chưa có đơn vị chủ trì" in checks and "Nhiệm vụ 3 chưa có đơn vị chủ trì" in checks
    assert "[#" not in page.content()  # no internal number in any field, option or message
    heading_task = page.locator("#task-3 input.unit-pick")  # "4. Công an phường Vị Khê; Trung tâm …" → two leads
    assert [heading_task.nth(k).input_value() for k in range(2)] == [
        "Công an phường Vị Khê", "Trung tâm Dịch vụ sự nghiệp công phường"]
    assert page.input_value("#task-3 input[name='t-3-a-0-unit_id']").isdigit()
    shot(page, "import-real-1-checks", full_page=False)

    page.check("#only-checks")
    assert page.locator("#task-0").is_hidden() and page.locator("#task-1").is_visible()
    page.locator("#task-1 .task-select").check()
    page.locator("#task-2 .task-select").check()
    page.fill("#bulk-unit", page.locator("#unit-options option[value^='Văn phòng HĐND và UBND phường']")
              .first.get_attribute("value"))
    page.click("button[data-bulk-role=lead]")
    option = page.locator("#unit-options option[value^='Văn phòng HĐND và UBND phường']").first
    assert page.input_value("input[name='t-1-a-0-unit_id']") == option.get_attribute("data-id")
    page.locator("#task-1 textarea").focus()
    assert page.locator(".src-line.hl").count() >= 1  # the source panel follows the task being edited
    page.fill("#meta-number_text", "15/KH-UBND")
    shot(page, "import-real-2-fixed", full_page=False)
    page.click("button:has-text('Xác nhận và lưu')")
    page.wait_for_selector("#tasks-by-unit")
    groups = page.locator("#tasks-by-unit").inner_text()
    assert "Văn phòng HĐND và UBND phường" in groups and "Công an phường Vị Khê" in groups
    shot(page, "import-real-3-saved", full_page=False)

    word = tmp_path / "ke-hoach.docx"
    _word_plan(word)
    page.goto(f"{live_server}/documents/import/")
    page.set_input_files("input[name=file]", str(word))
    page.click("button:has-text('Đọc và rà soát')")
    page.wait_for_selector("#review-form")
    assert page.input_value("#meta-number_text") == "25/KH-UBND"
    assert page.input_value("#meta-issued_on") == "05/03/2026"
    assert page.input_value("#meta-issuer").startswith("Ủy ban nhân dân phường Vị Khê")
    assert "Nguyễn Văn Hùng" == page.input_value("#meta-signer_name")
    shot(page, "import-real-4-word", full_page=False)
    page.click("button:has-text('Xác nhận và lưu')")
    page.wait_for_selector("#tasks-by-unit")
    assert "Trung tâm Dịch vụ sự nghiệp công phường" in page.locator("#tasks-by-unit").inner_text()
