"""Writes for reports: compile a draft, save (versioned drafts), recompile, restore, finalise (number, date,
immutable, submitted upward once) and start a corrected version."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from sqlalchemy import event, func, inspect, select

from tracker.core import events
from tracker.core.audit import record
from tracker.core.exceptions import ConflictError, DomainError
from tracker.core.timeutil import utcnow
from tracker.core.vntext import nfc
from tracker.duties import services as duty_services
from tracker.duties.models import ExpectedSubmission
from tracker.extensions import db
from tracker.reports.compile import draft_content
from tracker.reports.docx import current_template, file_name
from tracker.reports.models import CONTENT_FIELDS, FIELD_LABELS, REQUIRED_SECTIONS, Report, ReportRevision
from tracker.reports.queries import compile_facts

LIMITS = {"issuer_upper": 200, "issuer_name": 200, "place": 120, "title": 1000, "signer_authority": 120,
          "signer_position": 120, "signer_name": 120}
TEXT_LIMIT = 200_000
AUTOSAVE_WINDOW = timedelta(minutes=10)
NUMBER = re.compile(r"^\d{1,6}$")


class FinalReportError(DomainError):
    """Raised when anything tries to change a finalised report."""


@event.listens_for(Report, "before_update")
def _final_is_final(_mapper, _connection, target: Report) -> None:
    """A finalised report is a record: refuse any change to it, whatever code path tries (service level guard)."""
    if getattr(target, "_finalising", False):
        return  # the finalisation itself, within finalise()
    was = inspect(target).attrs.state.history
    if target.state == "final" or (was.deleted and was.deleted[0] == "final"):
        raise FinalReportError("Báo cáo đã hoàn thành và gửi đi; không thể sửa. Hãy tạo bản sửa đổi (phiên bản mới).")


def _require_draft(report: Report) -> None:
    if report.is_final:
        raise FinalReportError("Báo cáo đã hoàn thành và gửi đi; không thể sửa. Hãy tạo bản sửa đổi (phiên bản mới).")


def _check_version(report: Report, lock_version: int | None) -> None:
    if lock_version is not None and lock_version != report.lock_version:
        raise ConflictError("Dự thảo vừa được lưu ở nơi khác (tab hoặc người khác). Nội dung bạn vừa gõ vẫn ở trong "
                            "khung soạn thảo; hãy sao chép lại rồi tải lại trang.")


def _revise(report: Report, actor, kind: str, now: datetime) -> ReportRevision:
    number = (db.session.scalar(select(func.max(ReportRevision.number))
                                .where(ReportRevision.report_id == report.id)) or 0) + 1
    revision = ReportRevision(report_id=report.id, number=number, kind=kind, content=report.content(),
                              saved_at=now, saved_by_id=getattr(actor, "id", None))
    db.session.add(revision)
    return revision


def compile_report(*, actor, expected: ExpectedSubmission, today: date, now: datetime | None = None) -> Report:
    """A new draft (version 1) for the expected submission, compiled from what tracker knows on `today`."""
    if db.session.scalar(select(Report.id).where(Report.expected_id == expected.id).limit(1)) is not None:
        raise DomainError("Kỳ này đã có báo cáo; hãy mở dự thảo hiện có hoặc tạo bản sửa đổi.")
    if expected.start_on > today:
        raise DomainError(f"Kỳ báo cáo bắt đầu từ {expected.start_on:%d/%m/%Y}; chưa thể tổng hợp.")
    now = now or utcnow()
    content = draft_content(compile_facts(expected, today))
    report = Report(expected_id=expected.id, unit_id=expected.unit_id, version_no=1, state="draft",
                    template_name=current_template(content["profile"]), compiled_on=today,
                    created_by_id=getattr(actor, "id", None), created_at=now, updated_at=now, **content)
    db.session.add(report)
    db.session.flush()
    _revise(report, actor, "compile", now)
    db.session.flush()
    record(actor, "create", "report", report.id, f"Tổng hợp dự thảo báo cáo {expected.period_label} – "
           f"{expected.unit.name}", {"expected_id": expected.id})
    return report


def _clean(content: dict) -> dict:
    cleaned = {}
    for name in CONTENT_FIELDS:
        if name not in content:
            continue
        raw = unicodedata.normalize("NFC", content[name] or "").replace("\r\n", "\n")
        value = raw.strip() if name.endswith("_md") else raw if name == "signer_authority" else nfc(raw)
        limit = LIMITS.get(name, TEXT_LIMIT)
        if len(value) > limit:
            raise DomainError(f"Mục “{FIELD_LABELS.get(name, name)}” quá dài (tối đa {limit:,} ký tự)."
                              .replace(",", "."))
        cleaned[name] = value.strip()
    if "title" in cleaned and not cleaned["title"]:
        raise DomainError("Trích yếu (tên báo cáo) không được để trống.")
    if "issuer_name" in cleaned and not cleaned["issuer_name"]:
        raise DomainError("Tên cơ quan ban hành không được để trống.")
    return cleaned


def save_draft(*, actor, report: Report, content: dict, lock_version: int | None, autosave: bool = False,
               now: datetime | None = None) -> ReportRevision | None:
    """Store the edited fields and keep a revision; autosaves by the same person within ten minutes share one
    revision. Returns the revision, or None when nothing changed."""
    _require_draft(report)
    _check_version(report, lock_version)
    cleaned = _clean(content)
    if all(getattr(report, k) == v for k, v in cleaned.items()):
        return None
    now = now or utcnow()
    for name, value in cleaned.items():
        setattr(report, name, value)
    report.updated_at = now
    db.session.flush()
    last = db.session.scalars(select(ReportRevision).where(ReportRevision.report_id == report.id)
                              .order_by(ReportRevision.number.desc()).limit(1)).first()
    if autosave and last is not None and last.kind == "autosave" and last.saved_by_id == getattr(actor, "id", None) \
            and now - last.saved_at < AUTOSAVE_WINDOW:
        last.content, last.saved_at = report.content(), now
        db.session.flush()
        return last
    revision = _revise(report, actor, "autosave" if autosave else "save", now)
    db.session.flush()
    if not autosave:
        record(actor, "update", "report", report.id, f"Lưu dự thảo báo cáo (bản lưu {revision.number})")
    return revision


def recompile(*, actor, report: Report, lock_version: int | None, today: date, now: datetime | None = None) -> None:
    """Refresh the figures and sections I–II as at the period's cut-off; the writer's sections stay, the previous
    text is kept as a revision, and late data that changed the figures is named in the report."""
    _require_draft(report)
    _check_version(report, lock_version)
    now = now or utcnow()
    content = draft_content(compile_facts(report.expected, today), previous=report.facts)
    for name in ("opening_md", "deployment_md", "results_md", "facts"):
        setattr(report, name, content[name])
    report.compiled_on, report.updated_at = today, now
    db.session.flush()
    _revise(report, actor, "compile", now)
    db.session.flush()
    record(actor, "update", "report", report.id, f"Tổng hợp lại số liệu kỳ báo cáo (ngày chốt "
           f"{date.fromisoformat(report.facts['as_of']):%d/%m/%Y})", {"changes": report.facts.get("changes")})


def restore(*, actor, report: Report, revision: ReportRevision, lock_version: int | None,
            now: datetime | None = None) -> None:
    """Bring back an earlier saved draft (itself kept as a new revision)."""
    _require_draft(report)
    _check_version(report, lock_version)
    now = now or utcnow()
    for name in CONTENT_FIELDS:
        if name in revision.content:
            setattr(report, name, revision.content[name])
    report.updated_at = now
    db.session.flush()
    _revise(report, actor, "restore", now)
    db.session.flush()
    record(actor, "update", "report", report.id, f"Khôi phục bản lưu {revision.number}")


def missing_sections(report: Report) -> list[str]:
    """Labels of the required sections still empty."""
    return [label for name, label in REQUIRED_SECTIONS.items() if not (getattr(report, name) or "").strip()]


def finalise(*, actor, report: Report, number: str, issued_on: date | None, lock_version: int | None, today: date,
             build_docx, now: datetime | None = None) -> None:
    """Give the report its number and date, make it immutable and submit it (the .docx) as the unit's report
    for the duty's period. A second press finds it final and changes nothing."""
    if report.is_final:
        raise FinalReportError(f"Báo cáo đã hoàn thành và gửi ngày {report.issued_on:%d/%m/%Y}; không gửi lại.")
    _check_version(report, lock_version)
    missing = missing_sections(report)
    if missing:
        raise DomainError("Chưa thể hoàn thành: các mục sau còn trống – " + "; ".join(missing) + ".")
    number = (number or "").strip()
    if not NUMBER.match(number):
        raise DomainError("Số báo cáo phải là số (ví dụ 45); ký hiệu được thêm tự động.")
    if issued_on is None:
        raise DomainError("Hãy nhập ngày ban hành báo cáo.")
    if issued_on > today:
        raise DomainError("Ngày ban hành không thể sau ngày hôm nay.")
    expected = report.expected
    if issued_on < expected.start_on:
        raise DomainError(f"Ngày ban hành không thể trước ngày đầu kỳ báo cáo ({expected.start_on:%d/%m/%Y}).")
    now = now or utcnow()
    report.number_text = f"{int(number)}-{report.symbol}" if report.profile == "party" else \
        f"{int(number)}/{report.symbol}"
    report.issued_on = issued_on
    report._finalising = True
    try:
        report.state, report.finalised_at, report.finalised_by_id, report.updated_at = "final", now, actor.id, now
        content = build_docx(report)
        submission = duty_services.submit(actor=actor, expected=expected, number_text=report.number_text,
                                          issued_on=issued_on, filename=file_name("BC", report.number_text,
                                                                                  issued_on, "docx"),
                                          content=content, today=today, now=now, supplement=report.is_supplement)
        report.submission_id = submission.id
        db.session.flush()
        _revise(report, actor, "final", now)
        db.session.flush()
    finally:
        report._finalising = False
    record(actor, "submit", "report", report.id, f"Hoàn thành và gửi báo cáo số {report.number_text} "
           f"(phiên bản {report.version_no}) – {expected.period_label}", {"submission_id": submission.id})
    events.report_finalised.send(report, actor=actor, submission=submission)


def start_correction(*, actor, report: Report, now: datetime | None = None) -> Report:
    """A new draft version copying a finalised report; the final one stays as it was."""
    if not report.is_final:
        raise DomainError("Chỉ tạo bản sửa đổi từ báo cáo đã hoàn thành.")
    latest = db.session.scalar(select(func.max(Report.version_no)).where(Report.expected_id == report.expected_id))
    if latest != report.version_no:
        raise DomainError("Đã có phiên bản mới hơn của báo cáo này.")
    now = now or utcnow()
    copy = Report(expected_id=report.expected_id, unit_id=report.unit_id, version_no=report.version_no + 1,
                  corrects_id=report.id, state="draft", profile=report.profile, template_name=report.template_name,
                  symbol=report.symbol, facts=report.facts, compiled_on=report.compiled_on,
                  created_by_id=getattr(actor, "id", None), created_at=now, updated_at=now, **report.content())
    db.session.add(copy)
    db.session.flush()
    _revise(copy, actor, "save", now)
    db.session.flush()
    record(actor, "create", "report", copy.id, f"Tạo bản sửa đổi (phiên bản {copy.version_no}) của báo cáo "
           f"{report.number_text}", {"corrects_id": report.id})
    return copy


def start_supplement(*, actor, report: Report, today: date, now: datetime | None = None) -> Report:
    """A báo cáo bổ sung for the same period, after the report was accepted: the figures compiled again as at the
    period's cut-off (late data named against the accepted report), the writer's sections carried over."""
    if not report.is_final or report.is_supplement:
        raise DomainError("Chỉ lập báo cáo bổ sung cho báo cáo chính thức đã hoàn thành.")
    if report.expected.review_state != "accepted":
        raise DomainError("Báo cáo bổ sung chỉ lập được sau khi báo cáo của kỳ đã được tiếp nhận.")
    open_draft = db.session.scalar(select(Report.id).where(Report.expected_id == report.expected_id,
                                                           Report.state == "draft").limit(1))
    if open_draft is not None:
        raise DomainError("Kỳ này đang có một dự thảo (bổ sung hoặc sửa đổi); hãy hoàn thành dự thảo đó trước.")
    now = now or utcnow()
    content = draft_content(compile_facts(report.expected, today), previous=report.facts)
    latest = db.session.scalar(select(func.max(Report.version_no)).where(Report.expected_id == report.expected_id))
    opening = (f"Bổ sung Báo cáo số {report.number_text} ngày {report.issued_on:%d/%m/%Y}. "
               + content["opening_md"])
    fields = {name: getattr(report, name) for name in CONTENT_FIELDS}
    fields.update(opening_md=opening, deployment_md=content["deployment_md"], results_md=content["results_md"],
                  title=f"Bổ sung {report.title[:1].lower()}{report.title[1:]}")
    supplement = Report(expected_id=report.expected_id, unit_id=report.unit_id, version_no=latest + 1,
                        kind="supplement", supplements_id=report.id, state="draft", profile=report.profile,
                        template_name=current_template(report.profile), symbol=report.symbol, facts=content["facts"],
                        compiled_on=today, created_by_id=getattr(actor, "id", None), created_at=now, updated_at=now,
                        **fields)
    db.session.add(supplement)
    db.session.flush()
    _revise(supplement, actor, "compile", now)
    db.session.flush()
    record(actor, "create", "report", supplement.id, f"Lập báo cáo bổ sung cho báo cáo {report.number_text}",
           {"supplements_id": report.id})
    return supplement


from tracker.reports import plan_submission  # noqa: E402,F401 - a saved plan meets the plan duty it answers
