"""The unit task list as .xlsx: the builder's layout and guard, and the route honouring every filter and page."""
from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from tracker.plans.models import ROLE_LABELS
from tests.tasks.conftest import TODAY
from tracker.tasks import queries, services
from tracker.tasks.deadlines import STATE_LABELS
from tracker.tasks.export import HEADER_ROW, build_task_list_xlsx
from tracker.tasks.models import STATUS_LABELS

HEADERS = ["STT", "Kế hoạch", "Nhiệm vụ", "Vai trò", "Đơn vị chủ trì/phối hợp", "Thời hạn", "Trạng thái",
           "Tình trạng hạn", "Tiến độ (%)", "Ngày báo cáo hoàn thành"]


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _rows(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0] is not None]


def test_route_exports_every_task_of_the_unit_across_pages(as_role, ward_plan, monkeypatch):
    from tracker.tasks.routes import display

    monkeypatch.setattr(display, "PER_PAGE", 1)
    client = as_role("member")
    page = client.get("/tasks/").get_data(as_text=True)
    assert 'id="export-xlsx"' in page and "Tải Excel (.xlsx)" in page
    response = client.get("/tasks/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"] and ".xlsx" in response.headers["Content-Disposition"]
    ws = _sheet(response.data)
    assert "Công an phường Vị Khê" in ws["A1"].value and datetime.now().strftime("%Y") in ws["A1"].value
    assert [c.value for c in ws[HEADER_ROW]] == HEADERS
    assert all(c.font.bold for c in ws[HEADER_ROW]) and ws.freeze_panes == f"A{HEADER_ROW + 1}"
    rows = _rows(ws)
    total = int(page.split(" nhiệm vụ, xếp theo")[0].rsplit(">", 1)[-1])
    assert len(rows) == total > 1  # every page, not just the first
    assert [r[0] for r in rows] == list(range(1, total + 1))
    texts = {r[2]: r for r in rows}
    lead = texts["Tiếp công dân định kỳ"]
    assert lead[1] == "99/KH-UBND ngày 01/06/2026"
    assert lead[3] == "Phối hợp"
    assert lead[4] == "Chủ trì: Văn phòng HĐND và UBND phường\nPhối hợp: Công an phường Vị Khê"
    assert lead[5] == datetime(2026, 6, 30) and lead[6] == STATUS_LABELS["not_started"]
    assert lead[7] in STATE_LABELS.values() and lead[8] == 0 and lead[9] is None
    assert "Giám sát, phản biện xã hội" not in texts  # the MTTQ's task


def test_filters_are_honoured(as_role, ward_plan):
    client = as_role("member")
    rows = _rows(_sheet(client.get("/tasks/export.xlsx?role=coordinate").data))
    assert rows and all(r[3] == ROLE_LABELS["coordinate"] for r in rows)
    assert "Bảo đảm an ninh trụ sở tiếp công dân" not in {r[2] for r in rows}
    ws = _sheet(client.get(f"/tasks/export.xlsx?plan={ward_plan.document.id}&role=lead").data)
    assert [r[2] for r in _rows(ws)] == ["Bảo đảm an ninh trụ sở tiếp công dân"]
    assert ws["A2"].value.startswith("Lọc: Vai trò: Chủ trì") and "99/KH-UBND" in ws["A2"].value
    for state in ("overdue", "in_time"):
        labels = {r[7] for r in _rows(_sheet(client.get(f"/tasks/export.xlsx?state={state}").data))}
        assert labels <= {STATE_LABELS[state]}


def test_list_page_carries_filters_to_export_and_pages(as_role, ward_plan, monkeypatch):
    from tracker.tasks.routes import display

    monkeypatch.setattr(display, "PER_PAGE", 1)
    page = as_role("member").get(f"/tasks/?role=coordinate&plan={ward_plan.document.id}").get_data(as_text=True)
    export_href = page.split('id="export-xlsx" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "role=coordinate" in export_href and f"plan={ward_plan.document.id}" in export_href
    assert "page=" not in export_href


def test_export_needs_a_login_and_a_unit(client, as_role):
    assert client.get("/tasks/export.xlsx").status_code == 302
    assert as_role("admin").get("/tasks/export.xlsx").status_code in (200, 404)


def test_builder_guards_formulas_keeps_diacritics_and_real_dates(session, ward_plan):
    task = ward_plan.police_task
    task.text = '=HYPERLINK("http://x","bấm")'
    task.deadline_phrase = "+1 ngày"
    task.due_on = None
    task.claimed_on = date(2026, 6, 20)
    task.progress = 70
    services.create_task(actor=None, document=ward_plan.document, position=4,
                         text="@Thường xuyên rà soát, cập nhật Đảng ủy phường",
                         assignments=[(ward_plan.units["ca"], "lead")], deadline_kind="ongoing",
                         deadline_phrase="Thường xuyên")
    session.flush()
    rows = queries.all_rows(queries.unit_tasks(ward_plan.units["ca"].id, TODAY,
                                               queries.TaskFilters(plan_id=ward_plan.document.id, role="lead")))
    ws = _sheet(build_task_list_xlsx(rows, "-Nhiệm vụ của đơn vị: Công an phường Vị Khê"))
    assert ws["A1"].value == "-Nhiệm vụ của đơn vị: Công an phường Vị Khê" and ws["A1"].quotePrefix
    by_text = {r[2]: (i, r) for i, r in enumerate(_rows(ws))}
    index, first = by_text["=HYPERLINK(\"http://x\",\"bấm\")"]
    assert first[5] == "+1 ngày" and first[9] == datetime(2026, 6, 20) and first[8] == 70
    row = HEADER_ROW + 1 + index
    assert ws.cell(row, 3).data_type == "s" and ws.cell(row, 3).quotePrefix and ws.cell(row, 3).alignment.wrap_text
    assert ws.cell(row, 6).quotePrefix
    assert ws.cell(row, 10).is_date and ws.cell(row, 10).number_format == "DD/MM/YYYY"
    _, second = by_text["@Thường xuyên rà soát, cập nhật Đảng ủy phường"]
    assert second[5] == "Thường xuyên" and second[7] == STATE_LABELS["ongoing"] and second[3] == "Chủ trì"
    assert ws.column_dimensions["C"].width >= 40


def test_builder_with_no_rows_still_has_header(session):
    ws = _sheet(build_task_list_xlsx([], "Nhiệm vụ"))
    assert [c.value for c in ws[HEADER_ROW]] == HEADERS and _rows(ws) == []


def test_builder_sets_filter_print_titles_and_a_landscape_page(session, ward_plan):
    rows = queries.all_rows(queries.unit_tasks(ward_plan.units["ca"].id, TODAY, queries.TaskFilters()))
    ws = _sheet(build_task_list_xlsx(rows, "Nhiệm vụ", "Lọc: Vai trò: Chủ trì"))
    assert len(rows) > 1 and ws.auto_filter.ref == f"A{HEADER_ROW}:J{HEADER_ROW + len(rows)}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}" and ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:J1", "A2:J2"] and ws["A2"].font.i


def test_monitor_matrix_guards_formulas():
    from types import SimpleNamespace

    from tracker.duties.export import build_matrix_xlsx

    matrix = SimpleNamespace(
        duties=[SimpleNamespace(id=1, title="=cmd|' /C calc'!A0")],
        columns=[{"duty_id": 1, "key": "2026", "label": "Năm 2026", "rate": 0, "timely": 0}],
        rows=[{"unit_id": 5, "name": "+Đảng ủy phường", "parent": "@Tỉnh", "submitted": 0, "expected": 1, "due": 1,
               "rate": 0, "timely": 0}],
        cells={}, totals={"submitted": 0, "expected": 1, "due": 1, "rate": 0, "timely": 0})
    ws = _sheet(build_matrix_xlsx(matrix, "=Tình hình"))
    risky = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in risky} >= {"+Đảng ủy phường", "=Tình hình", "@Tỉnh"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert ws.freeze_panes == "C3" and ws.column_dimensions["A"].width == 40 and ws.column_dimensions["B"].width == 28
    assert ws["A2"].font.b and ws["A1"].font.b and ws["A1"].font.sz == 13
