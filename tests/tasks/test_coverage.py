"""Coverage of a province plan by its communes' plans, on the hand-built cascade of the reports tests."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from tests.reports.conftest import cascade  # noqa: F401 - the fixture
from tests.tasks.helpers import client_for
from tracker.extensions import db
from tracker.plans.models import Assignment, Task
from tracker.tasks import editing
from tracker.tasks.coverage import coverage


def _states(matrix):
    tasks = {t.id: i for i, t in enumerate(matrix.tasks)}
    return {row.body.name: [row.cells[t][0] for t in sorted(row.cells, key=tasks.get)] for row in matrix.rows}


def test_matrix_on_a_hand_built_cascade(session, cascade):  # noqa: F811
    matrix = coverage(cascade.province_plan)
    assert _states(matrix) == {
        "Xã An Thử": ["covered", "covered", "missing"],
        "Xã Bình Thử": ["missing", "covered", "missing"],
        "Xã Cường Thử": ["no_plan", "no_plan", "no_plan"]}
    assert [r.uncovered for r in matrix.rows] == [1, 2, 3] and matrix.bodies_without_plan == 1
    # A withdrawn lower task no longer covers; a withdrawn upper task leaves the matrix.
    for task in db.session.scalars(select(Task).where(Task.implements_task_id == cascade.tasks["reception"].id)).all():
        editing.withdraw_task(actor=None, task=task, reason="Trùng", today=date(2026, 6, 20))
    editing.withdraw_task(actor=None, task=cascade.tasks["supervise"], reason="Bỏ", today=date(2026, 6, 20))
    matrix = coverage(cascade.province_plan)
    assert len(matrix.tasks) == 2
    assert _states(matrix)["Xã Bình Thử"] == ["missing", "missing"]


def test_tasks_given_to_some_bodies_concern_only_them(session, cascade):  # noqa: F811
    db.session.add(Assignment(task_id=cascade.tasks["supervise"].id, unit_id=cascade.units["an_ubnd"].id,
                              role="coordinate"))
    db.session.flush()
    states = _states(coverage(cascade.province_plan))
    assert states["Xã An Thử"] == ["covered", "covered", "missing"]
    assert states["Xã Bình Thử"] == ["not_concerned", "covered", "not_concerned"]
    assert states["Xã Cường Thử"] == ["not_concerned"] * 3


def test_page_and_xlsx_for_the_province_only(app, session, cascade, unit_named):  # noqa: F811
    from tracker.auth.services import create_user

    create_user(actor=None, username="nc.thunghiem", full_name="Ban Nội chính", password="matkhau-demo",
                role="monitor", unit=cascade.units["office"])
    create_user(actor=None, username="vp.an", full_name="Văn phòng xã An", password="matkhau-demo",
                role="secretariat", unit=cascade.units["an_ubnd"])
    session.commit()
    url = f"/tasks/plan/{cascade.province_plan.id}/coverage"
    page = client_for(app, "nc.thunghiem").get(url).get_data(as_text=True)
    assert 'data-total="uncovered">Nhiệm vụ chưa cụ thể hóa: 6' in page and "12/KH-UBND" in page
    assert f'data-body="{cascade.units["cuong"].id}" data-uncovered="3"' in page
    xlsx = client_for(app, "nc.thunghiem").get(url + ".xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows[2][:4] == [3, "Xã Cường Thử", "Chưa có kế hoạch", 3]
    assert rows[0][4:] == ["Đã cụ thể hóa (1)", "Đã cụ thể hóa (1)", "Chưa cụ thể hóa"]
    covered, missing = sheet.cell(5, 5), sheet.cell(5, 7)
    assert covered.fill.fgColor.rgb.endswith("D1E7DD") and missing.fill.fgColor.rgb.endswith("F8D7DA")
    assert covered.alignment.wrap_text and missing.alignment.wrap_text and sheet.freeze_panes == "A5"
    assert client_for(app, "vp.an").get(url).status_code == 404  # a commune does not see its neighbours
    assert client_for(app, "noichinh.hanoi").get(url + ".xlsx").status_code == 404


def test_monitor_dashboard_counts_uncovered_per_body(app, session, cascade):  # noqa: F811
    from tracker.auth.services import create_user

    create_user(actor=None, username="nc.dash", full_name="Ban Nội chính", password="matkhau-demo",
                role="monitor", unit=cascade.units["office"])
    session.commit()
    page = client_for(app, "nc.dash").get("/tasks/monitor").get_data(as_text=True)
    assert f'coverage-card" data-plan="{cascade.province_plan.id}"' in page
    assert "Chưa có kế hoạch: 1/3" in page and "Nhiệm vụ chưa cụ thể hóa: 6" in page
    assert f'data-body="{cascade.units["cuong"].id}">Xã Cường Thử: <strong>3</strong> (chưa có kế hoạch)' in page
