"""The compiled draft holds the right bodies, tasks, counts and updates of the period, and nothing outside it."""
from __future__ import annotations

from datetime import date

from tests.reports.conftest import TODAY
from tracker.reports import services
from tracker.reports.compile import draft_content
from tracker.reports.queries import compile_facts


def test_facts_of_the_province_for_the_half_year(cascade, session):
    facts = compile_facts(cascade.up, TODAY)
    assert [p.number_text for p in facts.own_plans] == ["77/KH-UBND"]
    assert facts.directive.number_text == "99-KL/TW"
    assert [(b.body.name, [p.number_text for p in b.plans]) for b in facts.bodies] == [
        ("Xã An Thử", ["12/KH-UBND"]), ("Xã Bình Thử", ["08/KH-UBND"]), ("Xã Cường Thử", [])]
    by_text = {row.task.text: row for row in facts.tasks}
    reception = by_text["Tiếp công dân định kỳ"]
    # The latest update per unit within 15/12/2025–14/6/2026: not the older one, not the ones outside.
    assert sorted(u.note_md for u in reception.updates) == ["MỚI: tiếp 25 lượt công dân, 3 vụ đông người",
                                                            "VĂN PHÒNG: tổng hợp 40 đơn thư"]
    assert by_text["Tuyên truyền Kết luận 99 đến cán bộ"].headline == "done_on_time"
    assert reception.headline == "open_overdue"
    assert by_text["Giám sát việc giải quyết đơn thư"].headline == "request_overdue"
    assert reception.below == {"open_overdue": 1, "open_in_time": 1} and reception.below_plans == 2
    assert by_text["Tuyên truyền Kết luận 99 đến cán bộ"].below == {"done_on_time": 1}
    assert facts.submissions == {"expected": 3, "on_time": 1, "late": 1, "missing": 1, "pending": 0,
                                 "as_of": "2026-06-20", "late_names": ["Ủy ban nhân dân xã Bình Thử"],
                                 "missing_names": ["Ủy ban nhân dân xã Cường Thử"]}


def test_draft_text_and_figures(cascade, session):
    content = draft_content(compile_facts(cascade.up, TODAY))
    assert content["title"] == ("Kết quả thực hiện Kết luận số 99-KL/TW ngày 10/01/2025 của Bộ Chính trị, "
                                "6 tháng đầu năm 2026")
    assert content["profile"] == "state" and content["symbol"] == "BC-UBND"
    assert content["issuer_name"] == "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM" and content["place"] == "Thử Nghiệm"
    assert "Kế hoạch số 500/KH-CP ngày 01/03/2025 của Chính phủ" in content["opening_md"]
    assert "từ ngày 15/12/2025 đến ngày 14/06/2026" in content["opening_md"]
    deployment = content["deployment_md"]
    assert "2/3 cơ quan, địa phương trực thuộc đã ban hành kế hoạch" in deployment
    assert "- Xã An Thử: Kế hoạch số 12/KH-UBND ngày 05/05/2025." in deployment
    assert "Chưa ban hành kế hoạch (1): Xã Cường Thử." in deployment
    assert "**3. Việc báo cáo của cấp dưới**" in deployment
    assert "Báo cáo muộn: Ủy ban nhân dân xã Bình Thử." in deployment
    assert "Chưa báo cáo: Ủy ban nhân dân xã Cường Thử." in deployment
    results = content["results_md"]
    # Grouped by outcome at the cut-off, the reported tasks with the units' own words, the lead's first.
    assert results.index("**1. Nhiệm vụ đã hoàn thành đúng hạn: 1 nhiệm vụ**") < \
        results.index("**2. Nhiệm vụ chưa hoàn thành, đã quá hạn: 2 nhiệm vụ**")
    assert results.index("Công an tỉnh Thử Nghiệm báo cáo (20/05/2026): “MỚI: tiếp 25 lượt") < \
        results.index("Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm báo cáo (02/04/2026): “VĂN PHÒNG")
    for outside in ("CŨ:", "CŨ HƠN", "SAU KỲ"):
        assert outside not in results
    assert "Cấp dưới: 2 nhiệm vụ tại 2 kế hoạch triển khai: 1 đang thực hiện trong hạn, 1 chưa hoàn thành, " \
           "quá hạn." in results
    # The request nobody reported on: not a block of its own, one line with its unit.
    assert "*1 nhiệm vụ chưa có báo cáo trong kỳ:* Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thử Nghiệm (1: Giám sát " \
           "việc giải quyết đơn thư)." in results
    assert results.count("Giám sát việc giải quyết đơn thư") == 1
    figures = content["facts"]
    assert figures["tasks"]["own"] == {"done_on_time": 1, "done_late": 0, "open_in_time": 0, "open_overdue": 1,
                                       "request_overdue": 1, "total": 3}
    assert figures["tasks"]["below"]["total"] == 3 and figures["tasks"]["below"]["done_on_time"] == 1
    assert figures["bodies"] == {"total": 3, "with_plan": 2}
    assert figures["period"]["start"] == "2025-12-15" and figures["has_data"] is True
    assert content["recipients_md"].startswith("- Chính phủ;")


def test_a_period_with_no_data_says_so(cascade, session, unit_named):
    from tracker.duties import services as duty_services

    lonely = unit_named("Ủy ban nhân dân xã Cường Thử")
    duty = duty_services.create_duty(
        actor=None, document=cascade.central, kind="periodic", schedule="quarter", first_year=2026, last_year=2026,
        recipient=unit_named("Chính phủ"), owners_mode="chosen", owners=[lonely], title="Báo cáo quý")
    session.flush()
    from sqlalchemy import select

    from tracker.duties.models import ExpectedSubmission

    expected = session.scalar(select(ExpectedSubmission).where(ExpectedSubmission.duty_id == duty.id,
                                                               ExpectedSubmission.period_key == "2026-Q2"))
    report = services.compile_report(actor=None, expected=expected, today=TODAY)
    assert report.facts["has_data"] is False and report.facts["tasks"] is None
    assert "chưa ghi nhận nhiệm vụ nào" in report.results_md
    assert "chưa ban hành kế hoạch riêng" in report.deployment_md


def test_compiling_twice_or_before_the_period_is_refused(cascade, session):
    import pytest

    from tracker.core.exceptions import DomainError

    with pytest.raises(DomainError, match="chưa thể tổng hợp"):
        services.compile_report(actor=None, expected=cascade.up, today=date(2025, 12, 1))
    services.compile_report(actor=None, expected=cascade.up, today=TODAY)
    with pytest.raises(DomainError, match="đã có báo cáo"):
        services.compile_report(actor=None, expected=cascade.up, today=TODAY)


def test_compiling_runs_a_fixed_number_of_queries(cascade, session, count_queries):
    session.expire_all()
    with count_queries() as small:
        compile_facts(cascade.up, TODAY)
    from tracker.tasks import services as task_services

    for n in range(5):
        task_services.create_task(actor=None, document=cascade.province_plan, text=f"Thêm {n}", position=10 + n,
                                  assignments=[(cascade.units["police"], "lead")], due_on=date(2026, 6, 1))
    session.flush()
    session.expire_all()
    with count_queries() as large:
        compile_facts(cascade.up, TODAY)
    assert large.count == small.count


def test_difficulties_and_proposals_are_quoted_from_the_updates(cascade, session):
    from tests.reports.conftest import _post

    _post(cascade.tasks["reception"], cascade.units["police"], date(2026, 6, 1),
          "Đã tiếp 30 lượt công dân. Khó khăn: thiếu phòng tiếp dân riêng. Đề nghị tỉnh bố trí kinh phí sửa chữa.")
    content = draft_content(compile_facts(cascade.up, TODAY))
    proposals = content["proposals_md"]
    assert "- Công an tỉnh Thử Nghiệm (Tiếp công dân định kỳ): “Khó khăn: thiếu phòng tiếp dân riêng.”" in proposals
    assert "“Đề nghị tỉnh bố trí kinh phí sửa chữa.”" in proposals and "30 lượt" not in proposals


def test_long_lists_of_a_province_go_to_an_annex(cascade, session, monkeypatch):
    import io

    from docx import Document as open_docx

    from tests.reports.test_docx import WRITTEN
    from tracker.reports import compile as compiling
    from tracker.reports.docx import build_report_docx

    monkeypatch.setattr(compiling, "ANNEX_AFTER", 2)  # the cascade has three communes; a province has a hundred
    monkeypatch.setattr(compiling, "ANNEX_NAMES", 1)
    report = services.compile_report(actor=None, expected=cascade.up, today=TODAY)
    assert "2/3 cơ quan, địa phương trực thuộc đã ban hành kế hoạch thực hiện; 1 chưa ban hành (danh sách tại Phụ " \
           "lục kèm theo)." in report.deployment_md and "- Xã An Thử:" not in report.deployment_md
    assert "Báo cáo muộn: 1 đơn vị" not in report.deployment_md  # one name fits the text
    annex = report.facts["annex"]
    assert annex["bodies"] == [["Xã An Thử", "Kế hoạch số 12/KH-UBND ngày 05/05/2025"],
                               ["Xã Bình Thử", "Kế hoạch số 08/KH-UBND ngày 09/06/2025"],
                               ["Xã Cường Thử", "Chưa ban hành"]]
    assert annex["reports"] == [["Ủy ban nhân dân xã Bình Thử", "Báo cáo muộn"],
                                ["Ủy ban nhân dân xã Cường Thử", "Chưa báo cáo"]]
    services.save_draft(actor=None, report=report, content=WRITTEN, lock_version=None)
    document = open_docx(io.BytesIO(build_report_docx(report)))
    body = document.element.body
    tags = [child.tag.rsplit("}", 1)[1] for child in body]
    signature = [i for i, child in enumerate(body) if child.tag.endswith("}tbl") and "Nơi nhận" in
                 "".join(child.itertext())][0]
    annex_title = [i for i, child in enumerate(body) if "".join(child.itertext()).startswith("PHỤ LỤC")][0]
    assert signature < annex_title and tags.count("tbl") >= 4
    last = document.tables[-1]
    assert [c.text for c in last.rows[0].cells] == ["STT", "Cơ quan, đơn vị", "Tình trạng"] and len(last.rows) == 3
