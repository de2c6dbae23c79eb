"""The review's "Cần kiểm tra" list: unread header fields, tasks without a lead and units to be created are
listed with a link to their field or task, and flagged there; matched and new units look different."""
import io

from tests.conftest import csrf_token
from tracker.plans.review_checks import review_checks

PLAN = """ỦY BAN NHÂN DÂN
PHƯỜNG VỊ KHÊ

KẾ HOẠCH
Tuyên truyền pháp luật năm 2026

I. NHIỆM VỤ
1. Công an phường Vị Khê chủ trì tuyên truyền, trước ngày 30/6/2026.
2. Tổ chức hội nghị tổng kết trong quý IV/2026.
3. Trung tâm Văn hóa phường Vị Khê chủ trì tổ chức hội diễn văn nghệ.
"""


def _review(client, text):
    token = csrf_token(client, "/documents/import/")
    return client.post("/documents/import/", data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "kh.txt")},
                       content_type="multipart/form-data").get_data(as_text=True)


def test_review_lists_what_to_check_and_flags_each_field(as_role, session):
    body = _review(as_role("secretariat"), PLAN)
    assert "Cần kiểm tra (" in body
    assert 'href="#meta-number_text"' in body and "Chưa đọc được số, ký hiệu" in body
    assert 'href="#meta-issued_on"' in body and 'href="#meta-signer_name"' in body
    assert "Nhiệm vụ 2 chưa có đơn vị chủ trì." in body and 'href="#task-1"' in body
    assert "“Trung tâm Văn hóa phường Vị Khê” chưa có trong cây tổ chức, sẽ được tạo mới" in body
    assert 'is-invalid" name="meta-number_text"' in body
    assert 'unit-matched is-valid' in body and 'unit-new is-invalid' in body  # they look different
    assert 'data-check="1"' in body and 'id="only-checks"' in body and 'data-bulk-role="lead"' in body
    assert "import_checks.js" in body


def test_checks_of_a_complete_view_are_only_the_parser_warnings(app):
    view = {"meta": {"number_text": "5/KH-UBND", "issued_on": "2026-01-02", "issuer": "UBND", "issuer_id": 1,
                     "title": "Tiếp công dân", "signer_name": "Nguyễn Văn An", "source_lines": {}},
            "tasks": [{"text": "Làm việc", "lines": [9, 9], "assignments": [
                {"role": "lead", "unit": "Sở Tư pháp", "unit_id": 2, "written": ""}]}],
            "warnings": [{"code": "blank_date", "message": "Văn bản chưa ghi đủ ngày ký", "lines": [3, 3]}]}
    with app.app_context():
        checks = review_checks(view)
    assert [c["message"] for c in checks] == ["Văn bản chưa ghi đủ ngày ký"]
    assert view["meta"]["missing"] == [] and view["tasks"][0]["no_lead"] is False
