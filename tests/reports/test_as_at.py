"""A report tells the truth for its period: figures and states as at the data window's cut-off, built here from
a hand-made history entered on fixed dates (time-machine), and late data named when it changes them."""
from __future__ import annotations

from datetime import date, datetime

import time_machine
from sqlalchemy import select

from tests.reports.conftest import _doc, _unit
from tracker.duties import services as duty_services
from tracker.duties.models import ExpectedSubmission
from tracker.plans import services as plan_services
from tracker.reports import services
from tracker.tasks import services as task_services


def _at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 3), tick=False)


def _history(session, unit_named):
    """Quý II/2026 runs 15/03–14/06/2026 (NĐ 09), due 18/06."""
    with _at(date(2026, 1, 5)):
        province = _unit("Tỉnh Lịch Sử", unit_named("Trung ương"), "locality")
        ward = _unit("Phường Lịch Sử", province, "locality", "commune")
        ubnd = _unit("Ủy ban nhân dân phường Lịch Sử", ward, "people_committee", "commune")
        police = _unit("Công an phường Lịch Sử", ward, "police", "commune")
        upper = _doc("5/KH-UBND", date(2025, 12, 20), _unit("Ủy ban nhân dân tỉnh Lịch Sử", province,
                                                            "people_committee"), "Kế hoạch của tỉnh")
        plan = _doc("10/KH-UBND", date(2026, 1, 2), ubnd, "Thực hiện Kế hoạch 5/KH-UBND của tỉnh")
        plan_services.link_documents(actor=None, child=plan, parent=upper)
        create = task_services.create_task
        tasks = {
            "a": create(actor=None, document=plan, position=1, text="Nhiệm vụ A", assignments=[(police, "lead")],
                        due_on=date(2026, 3, 31)),
            "b": create(actor=None, document=plan, position=2, text="Nhiệm vụ B", assignments=[(police, "lead")],
                        due_on=date(2026, 6, 30)),
            "c": create(actor=None, document=plan, position=3, text="Nhiệm vụ C", assignments=[(ubnd, "lead")],
                        due_on=date(2026, 5, 31)),
        }
        duty = duty_services.create_duty(
            actor=None, document=upper, kind="periodic", schedule="quarter", first_year=2026, last_year=2026,
            recipient=province, owners_mode="chosen", owners=[ubnd], title="Báo cáo quý")
    with _at(date(2026, 4, 10)):
        task_services.change_status(actor=None, task=tasks["a"], status="claimed", today=date(2026, 4, 10))
    with _at(date(2026, 5, 1)):
        task_services.post_update(actor=None, task=tasks["b"], unit_id=police.id, today=date(2026, 5, 1),
                                  note_md="Đã triển khai 40%", progress=40, status="in_progress")
    with _at(date(2026, 6, 15)):
        later = _doc("11/KH-UBND", date(2026, 6, 15), ubnd, "Kế hoạch ban hành sau ngày chốt")
        plan_services.link_documents(actor=None, child=later, parent=upper)
        create(actor=None, document=later, text="Nhiệm vụ D sau kỳ", assignments=[(police, "lead")],
               due_on=date(2026, 7, 1))
    with _at(date(2026, 6, 16)):
        task_services.post_update(actor=None, task=tasks["b"], unit_id=police.id, today=date(2026, 6, 16),
                                  note_md="SAU NGÀY CHỐT: đã xong", status="claimed")
    with _at(date(2026, 6, 17)):
        task_services.confirm_completion(actor=None, task=tasks["a"], today=date(2026, 6, 17))
    session.flush()
    expected = session.scalar(select(ExpectedSubmission).where(ExpectedSubmission.duty_id == duty.id,
                                                               ExpectedSubmission.period_key == "2026-Q2"))
    return tasks, police, expected


def test_states_are_those_at_the_cutoff_not_today(session, unit_named):
    tasks, _, expected = _history(session, unit_named)
    assert (expected.start_on, expected.end_on) == (date(2026, 3, 15), date(2026, 6, 14))
    with _at(date(2026, 6, 20)):
        report = services.compile_report(actor=None, expected=expected, today=date(2026, 6, 20))
    figures = report.facts
    # Today A is done (late) and B waits for confirmation; at 14/06 A was only claimed (late), B in progress.
    assert tasks["a"].status == "done" and tasks["b"].status == "claimed"
    assert figures["as_of"] == "2026-06-14"
    assert figures["tasks"]["own"] == {"done_on_time": 0, "done_late": 0, "open_in_time": 1, "open_overdue": 2,
                                       "request_overdue": 0, "total": 3}
    assert figures["task_states"] == {str(tasks["a"].id): "open_overdue", str(tasks["b"].id): "open_in_time",
                                      str(tasks["c"].id): "open_overdue"}
    assert "11/KH-UBND" not in report.deployment_md + report.results_md and "Nhiệm vụ D" not in report.results_md
    assert "SAU NGÀY CHỐT" not in report.results_md and "Đã triển khai 40%" in report.results_md
    assert "Số liệu tính đến hết ngày 14/06/2026" in report.results_md
    assert figures["late_entries"] == 0 and "nhập muộn" not in report.results_md


def test_recompiling_next_month_gives_the_same_figures(session, unit_named):
    _, _, expected = _history(session, unit_named)
    with _at(date(2026, 6, 20)):
        report = services.compile_report(actor=None, expected=expected, today=date(2026, 6, 20))
    first, first_text = dict(report.facts), report.results_md
    with _at(date(2026, 7, 20)):
        services.recompile(actor=None, report=report, lock_version=None, today=date(2026, 7, 20))
    again = report.facts
    for key in ("as_of", "tasks", "task_states", "updates", "bodies", "submissions", "late_entries"):
        assert again[key] == first[key], key
    assert "changes" not in again and report.results_md == first_text


def test_late_data_changes_the_figures_and_is_named(session, unit_named):
    tasks, _, expected = _history(session, unit_named)
    with _at(date(2026, 6, 20)):
        report = services.compile_report(actor=None, expected=expected, today=date(2026, 6, 20))
    with _at(date(2026, 7, 2)):
        # Entered in July, dated 30/05: the ward claims C before its deadline of 31/05.
        task_services.post_update(actor=None, task=tasks["c"], unit_id=expected.unit_id,
                                  today=date(2026, 7, 2), reported_on=date(2026, 5, 30),
                                  note_md="Đã hoàn thành ngày 30/5 (nhập muộn)", status="claimed")
    with _at(date(2026, 7, 20)):
        services.recompile(actor=None, report=report, lock_version=None, today=date(2026, 7, 20))
    figures = report.facts
    assert figures["tasks"]["own"]["open_in_time"] == 2 and figures["tasks"]["own"]["open_overdue"] == 1
    assert figures["task_states"][str(tasks["c"].id)] == "open_in_time"
    assert figures["late_entries"] == 2  # the update and the claim it carried
    assert figures["changes"]["since"] == "2026-06-20"
    assert "“Nhiệm vụ C”: chưa hoàn thành, quá hạn → đang thực hiện trong hạn" in figures["changes"]["lines"]
    assert "So với lần tổng hợp ngày 20/06/2026, số liệu thay đổi" in report.results_md
    assert "Có 2 cập nhật của kỳ được nhập sau ngày chốt số liệu" in report.results_md
    assert "Đã hoàn thành ngày 30/5 (nhập muộn)" in report.results_md
