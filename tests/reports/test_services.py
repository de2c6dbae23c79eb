"""Drafts are versioned, finalising numbers, locks and submits once, a final report never changes."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.reports.conftest import TODAY
from tracker.core.exceptions import ConflictError, DomainError
from tracker.duties.models import Submission
from tracker.reports import services
from tracker.reports.docx import build_report_docx
from tracker.reports.models import ReportRevision

WRITTEN = {"assessment_md": "Kết quả tốt; hạn chế: còn chậm.", "direction_md": "- Tiếp tục",
           "proposals_md": "Không có."}


@pytest.fixture
def draft(cascade, session, user_of):
    return services.compile_report(actor=user_of("secretariat"), expected=cascade.up, today=TODAY)


def _finalise(report, actor, number="45", on=TODAY):
    services.finalise(actor=actor, report=report, number=number, issued_on=on, lock_version=report.lock_version,
                      today=TODAY, build_docx=build_report_docx)


def test_saves_are_revisions_and_autosaves_coalesce(draft, session, user_of):
    actor = user_of("secretariat")
    start = datetime(2026, 6, 20, 8, 0)
    first = services.save_draft(actor=actor, report=draft, content={"assessment_md": "A"},
                                lock_version=draft.lock_version, autosave=True, now=start)
    second = services.save_draft(actor=actor, report=draft, content={"assessment_md": "AB"},
                                 lock_version=draft.lock_version, autosave=True, now=start + timedelta(minutes=3))
    assert first.id == second.id and second.content["assessment_md"] == "AB"
    third = services.save_draft(actor=actor, report=draft, content={"assessment_md": "ABC"},
                                lock_version=draft.lock_version, now=start + timedelta(minutes=4))
    assert third.number == first.number + 1 and third.kind == "save"
    assert services.save_draft(actor=actor, report=draft, content={"assessment_md": "ABC"},
                               lock_version=draft.lock_version) is None
    kinds = session.scalars(select(ReportRevision.kind).where(ReportRevision.report_id == draft.id)
                            .order_by(ReportRevision.number)).all()
    assert kinds == ["compile", "autosave", "save"]


def test_a_stale_editor_is_told_and_loses_nothing(draft, session, user_of):
    seen = draft.lock_version
    services.save_draft(actor=user_of("secretariat"), report=draft, content={"assessment_md": "tab 1"},
                        lock_version=seen)
    with pytest.raises(ConflictError, match="vừa được lưu ở nơi khác"):
        services.save_draft(actor=user_of("secretariat"), report=draft, content={"assessment_md": "tab 2"},
                            lock_version=seen)
    assert draft.assessment_md == "tab 1"


def test_restore_brings_back_an_earlier_draft(draft, session, user_of):
    actor = user_of("secretariat")
    services.save_draft(actor=actor, report=draft, content={"proposals_md": "bản 1"}, lock_version=None)
    services.save_draft(actor=actor, report=draft, content={"proposals_md": "bản 2"}, lock_version=None)
    earlier = session.scalar(select(ReportRevision).where(ReportRevision.report_id == draft.id,
                                                          ReportRevision.number == 2))
    services.restore(actor=actor, report=draft, revision=earlier, lock_version=draft.lock_version)
    assert draft.proposals_md == "bản 1"


def test_finalising_needs_the_written_sections_and_a_number(draft, session, user_of):
    actor = user_of("secretariat")
    with pytest.raises(DomainError) as error:
        _finalise(draft, actor)
    assert "Đánh giá chung" in str(error.value) and "Đề xuất, kiến nghị" in str(error.value)
    services.save_draft(actor=actor, report=draft, content=WRITTEN, lock_version=None)
    for number, on, message in (("45/BC", TODAY, "phải là số"), ("", TODAY, "phải là số"),
                                ("45", TODAY + timedelta(days=1), "sau ngày hôm nay"),
                                ("45", date(2025, 12, 1), "trước ngày đầu kỳ")):
        with pytest.raises(DomainError, match=message):
            _finalise(draft, actor, number, on)
    assert draft.state == "draft" and draft.number_text is None


def test_finalise_submits_once_and_the_report_is_then_immutable(draft, session, user_of):
    actor = user_of("secretariat")
    services.save_draft(actor=actor, report=draft, content=WRITTEN, lock_version=None)
    _finalise(draft, actor)
    session.flush()
    assert draft.state == "final" and draft.number_text == "45/BC-UBND" and draft.issued_on == TODAY
    expected = draft.expected
    assert expected.versions == 1 and expected.first_submitted_on == TODAY and expected.review_state == "pending"
    submission = session.get(Submission, draft.submission_id)
    assert submission.number_text == "45/BC-UBND" and submission.filename.endswith(".docx")
    with pytest.raises(DomainError, match="không gửi lại"):
        _finalise(draft, actor)
    assert session.scalar(select(func.count()).select_from(Submission)
                          .where(Submission.expected_id == expected.id)) == 1
    for change in (lambda: services.save_draft(actor=actor, report=draft, content={"title": "khác"},
                                               lock_version=None),
                   lambda: services.recompile(actor=actor, report=draft, lock_version=None, today=TODAY)):
        with pytest.raises(services.FinalReportError):
            change()
    # Even code that bypasses the services cannot change a final report.
    draft.title = "Sửa lén"
    with pytest.raises(services.FinalReportError):
        session.flush()
    session.rollback()


def test_a_correction_is_a_new_version_and_the_old_one_stays(draft, session, user_of):
    actor = user_of("secretariat")
    services.save_draft(actor=actor, report=draft, content=WRITTEN, lock_version=None)
    _finalise(draft, actor)
    copy = services.start_correction(actor=actor, report=draft)
    assert copy.version_no == 2 and copy.corrects_id == draft.id and copy.state == "draft"
    assert copy.assessment_md == draft.assessment_md and draft.state == "final"
    with pytest.raises(DomainError, match="Chỉ tạo bản sửa đổi"):
        services.start_correction(actor=actor, report=copy)
    with pytest.raises(DomainError, match="phiên bản mới hơn"):
        services.start_correction(actor=actor, report=draft)
    services.save_draft(actor=actor, report=copy, content={"assessment_md": "Bổ sung số liệu"}, lock_version=None)
    session.commit()
    ids = draft.id, copy.id
    # The first version was not returned: the duty refuses a second submission until it is.
    with pytest.raises(DomainError, match="chỉ nộp lại khi bị trả lại"):
        _finalise(copy, actor, "46")
    session.rollback()
    draft, copy = session.get(services.Report, ids[0]), session.get(services.Report, ids[1])
    assert copy.state == "draft"
    from tracker.duties import services as duty_services

    duty_services.return_submission(actor=user_of("admin"), expected=draft.expected,
                                    submission=session.get(Submission, draft.submission_id), comment="Thiếu số liệu")
    _finalise(copy, actor, "46")
    assert draft.expected.versions == 2 and copy.number_text == "46/BC-UBND" and draft.number_text == "45/BC-UBND"


def test_an_oversized_section_is_refused_in_vietnamese_and_nothing_changes(draft, session, user_of):
    before = draft.results_md
    with pytest.raises(DomainError, match="Mục “II. Kết quả thực hiện” quá dài"):
        services.save_draft(actor=user_of("secretariat"), report=draft, content={"results_md": "x" * 200_001},
                            lock_version=None)
    assert draft.results_md == before
