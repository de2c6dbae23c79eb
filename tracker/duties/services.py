"""Writes for reporting duties: define a duty, expect one submission per owing unit and period, submit
(new version on resubmission), accept or return, lock a period and reopen it for one unit."""
from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date, datetime, timedelta

from sqlalchemy import select

from tracker.core.audit import record
from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core.exceptions import DomainError
from tracker.core.periods import CUTOFFS, SCHEDULES, Period, one_off, periods_between
from tracker.core.timeutil import utcnow
from tracker.core.vntext import nfc
from tracker.duties.models import (DUTY_KINDS, OWNER_MODES, DutyOwner, ExpectedSubmission, PeriodLock,
                                   ReportingDuty, Submission, SubmissionFile)
from tracker.extensions import db
from tracker.plans.models import Document
from tracker.units.models import Unit
from tracker.units.queries import body_id_of

MAX_FILE = 10 * 1024 * 1024
MAX_YEARS = 10


def subordinate_bodies(issuer: Unit) -> list[Unit]:
    """"All directly subordinate bodies of the issuer": in each direct child locality of the issuer's
    locality, the unit of the issuer's kind (the ward's Đảng ủy for a Thành ủy), else the locality itself;
    when the locality has no child localities, the issuer's own direct children."""
    body_id = body_id_of(issuer.id)
    localities = list(db.session.scalars(select(Unit).where(
        Unit.parent_id == body_id, Unit.kind == "locality", Unit.effective_to.is_(None))))
    if not localities:
        return list(db.session.scalars(select(Unit).where(Unit.parent_id == issuer.id, Unit.effective_to.is_(None))
                                       .order_by(Unit.sort_name)))
    same_kind = {u.parent_id: u for u in db.session.scalars(select(Unit).where(
        Unit.parent_id.in_([loc.id for loc in localities]), Unit.kind == issuer.kind,
        Unit.effective_to.is_(None)).order_by(Unit.id.desc()))}
    return sorted((same_kind.get(loc.id, loc) for loc in localities), key=lambda u: u.sort_name)


def duty_periods(duty: ReportingDuty) -> list[Period]:
    """The periods a duty yields: one for a one-off duty, else every period of its years."""
    if duty.schedule == "once":
        return [one_off(duty.due_on)]
    return periods_between(duty.schedule, duty.first_year, duty.last_year, cutoff=duty.cutoff,
                           due_day=duty.due_day, month_offset=duty.due_month_offset)


def _check(*, title: str, kind: str, schedule: str, due_on: date | None, first_year: int | None,
           last_year: int | None, cutoff: str, due_day: int, due_month_offset: int, owners_mode: str,
           owners: list[Unit], remind_before_days: int, repeat_every_days: int, grace_days: int) -> str:
    title = nfc(title or "")
    if not title:
        raise DomainError("Hãy nhập nội dung phải báo cáo.")
    if len(title) > 1000:
        raise DomainError("Nội dung quá dài (tối đa 1000 ký tự).")
    if kind not in DUTY_KINDS or schedule not in SCHEDULES or cutoff not in CUTOFFS or owners_mode not in OWNER_MODES:
        raise DomainError("Loại chế độ báo cáo, kỳ báo cáo hoặc cách xác định đơn vị không hợp lệ.")
    if schedule == "once" and due_on is None:
        raise DomainError("Báo cáo một lần cần có hạn nộp (ví dụ 30/04/2025).")
    if schedule != "once":
        if not first_year or not last_year or not 2000 <= first_year <= last_year <= first_year + MAX_YEARS:
            raise DomainError(f"Báo cáo định kỳ cần từ năm đến năm hợp lệ (tối đa {MAX_YEARS} năm).")
        if not 1 <= due_day <= 31 or not 0 <= due_month_offset <= 2:
            raise DomainError("Ngày hạn nộp phải từ 1 đến 31, lùi tối đa 2 tháng sau tháng cuối kỳ.")
    if owners_mode == "chosen" and not owners:
        raise DomainError("Hãy chọn ít nhất một đơn vị phải báo cáo.")
    if not (0 <= remind_before_days <= 20 and 1 <= repeat_every_days <= 20 and 0 <= grace_days <= 90):
        raise DomainError("Số ngày nhắc trước (0–20), nhắc lại (1–20) hoặc ân hạn (0–90) không hợp lệ.")
    return title


def create_duty(*, actor, document: Document, title: str, kind: str, schedule: str, recipient: Unit,
                via: Unit | None = None, owners_mode: str = "subordinates", owners: list[Unit] | None = None,
                due_on: date | None = None, first_year: int | None = None, last_year: int | None = None,
                cutoff: str = "nd09", due_day: int = 18, due_month_offset: int = 0, remind_before_days: int = 3,
                repeat_every_days: int = 2, grace_days: int = 5) -> ReportingDuty:
    """Define a duty on a plan, resolve who owes it and expect one submission per owing unit and period."""
    owners = list(owners or [])
    title = _check(title=title, kind=kind, schedule=schedule, due_on=due_on, first_year=first_year,
                   last_year=last_year, cutoff=cutoff, due_day=due_day, due_month_offset=due_month_offset,
                   owners_mode=owners_mode, owners=owners, remind_before_days=remind_before_days,
                   repeat_every_days=repeat_every_days, grace_days=grace_days)
    if owners_mode == "subordinates":
        if document.issuer is None:
            raise DomainError("Văn bản chưa có cơ quan ban hành nên không xác định được cơ quan trực thuộc.")
        owners = subordinate_bodies(document.issuer)
        if not owners:
            raise DomainError("Cơ quan ban hành chưa có cơ quan trực thuộc nào trong cây đơn vị.")
    duty = ReportingDuty(document_id=document.id, title=title, kind=kind, schedule=schedule,
                         due_on=due_on if schedule == "once" else None, first_year=first_year, last_year=last_year,
                         cutoff=cutoff, due_day=due_day, due_month_offset=due_month_offset,
                         recipient_id=recipient.id, via_id=via.id if via else None, owners_mode=owners_mode,
                         remind_before_days=remind_before_days, repeat_every_days=repeat_every_days,
                         grace_days=grace_days, created_by_id=getattr(actor, "id", None))
    db.session.add(duty)
    db.session.flush()
    for unit in {u.id: u for u in owners}.values():
        db.session.add(DutyOwner(duty_id=duty.id, unit_id=unit.id))
    db.session.flush()
    count = generate_expected(duty)
    record(actor, "create", "duty", duty.id, f"Chế độ báo cáo “{title[:80]}”: {len(owners)} đơn vị, {count} kỳ nộp",
           {"schedule": schedule, "owners": len(owners)})
    return duty


def generate_expected(duty: ReportingDuty) -> int:
    """Add the missing expected submissions (owing unit × period); idempotent. Returns how many were added."""
    have = set(db.session.execute(select(ExpectedSubmission.unit_id, ExpectedSubmission.period_key)
                                  .where(ExpectedSubmission.duty_id == duty.id)))
    unit_ids = list(db.session.scalars(select(DutyOwner.unit_id).where(DutyOwner.duty_id == duty.id)))
    rows = [dict(duty_id=duty.id, unit_id=u, period_key=p.key, period_label=p.label, start_on=p.start_on,
                 end_on=p.end_on, due_on=p.due_on, versions=0, is_reopened=False)
            for p in duty_periods(duty) for u in unit_ids if (u, p.key) not in have]
    if rows:
        db.session.execute(ExpectedSubmission.__table__.insert(), rows)
    return len(rows)


def detect_file_kind(filename: str, content: bytes) -> str:
    """"pdf" or "docx", judged by the bytes (and matching the name); DomainError otherwise."""
    name = (filename or "").lower()
    if not content:
        raise DomainError("Tệp tải lên đang trống.")
    if len(content) > MAX_FILE:
        raise DomainError("Tệp vượt quá 10 MB.")
    if content.startswith(b"%PDF-"):
        kind = "pdf"
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        kind = "docx" if {"[Content_Types].xml", "word/document.xml"} <= names else None
    if kind is None:
        raise DomainError("Tệp không phải văn bản Word (.docx) hoặc PDF hợp lệ.")
    if not name.endswith("." + kind):
        raise DomainError(f"Nội dung tệp là {kind.upper()} nhưng tên tệp không có đuôi .{kind}.")
    return kind


def is_locked(expected: ExpectedSubmission) -> bool:
    """Whether the expected submission's period is locked (and not reopened for its unit)."""
    if expected.is_reopened:
        return False
    return db.session.scalar(select(PeriodLock.id).where(PeriodLock.duty_id == expected.duty_id,
                                                         PeriodLock.period_key == expected.period_key)) is not None


def submit(*, actor, expected: ExpectedSubmission, number_text: str, issued_on: date | None, filename: str,
           content: bytes, today: date, now: datetime | None = None, supplement: bool = False) -> Submission:
    """A unit sends its document: a new version (v1, or vN after a return); nothing earlier is overwritten.
    A `supplement` (báo cáo bổ sung) goes after the accepted report, as a new version for the receiver to accept."""
    kind = detect_file_kind(filename, content)
    try:
        number = str(parse_doc_number(number_text or ""))
    except DocNumberError as error:
        raise DomainError(str(error)) from error
    if issued_on is None:
        raise DomainError("Hãy nhập ngày của văn bản gửi.")
    if issued_on > today:
        raise DomainError("Ngày văn bản không thể sau ngày hôm nay.")
    if is_locked(expected):
        raise DomainError("Kỳ báo cáo đã khóa. Đề nghị cơ quan nhận báo cáo mở lại kỳ cho đơn vị.")
    if supplement and expected.review_state != "accepted":
        raise DomainError("Chỉ gửi báo cáo bổ sung sau khi báo cáo của kỳ đã được tiếp nhận.")
    if not supplement and expected.review_state in ("pending", "accepted"):
        raise DomainError("Báo cáo đã nộp và đang chờ hoặc đã được tiếp nhận; chỉ nộp lại khi bị trả lại.")
    blob = SubmissionFile(sha256=hashlib.sha256(content).hexdigest(), content=content)
    db.session.add(blob)
    db.session.flush()
    now = now or utcnow()
    version = expected.versions + 1
    row = Submission(expected_id=expected.id, version=version, number_text=number, issued_on=issued_on,
                     filename=nfc(filename)[-200:], size=len(content), file_id=blob.id, submitted_at=now,
                     submitted_on=today, submitted_by_id=getattr(actor, "id", None), state="pending",
                     content_type="application/pdf" if kind == "pdf" else
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    db.session.add(row)
    expected.versions = version
    expected.first_submitted_on = expected.first_submitted_on or today
    expected.last_submitted_at = now
    expected.review_state = "pending"
    db.session.flush()
    record(actor, "submit", "expected_submission", expected.id,
           f"Nộp báo cáo {number} (lần {version}) – {expected.period_label}")
    return row


def _latest_pending(expected: ExpectedSubmission, submission: Submission) -> None:
    if submission.expected_id != expected.id or submission.version != expected.versions:
        raise DomainError("Chỉ xử lý được phiên bản mới nhất của báo cáo.")
    if submission.state != "pending":
        raise DomainError("Báo cáo này đã được xử lý.")


def accept_submission(*, actor, expected: ExpectedSubmission, submission: Submission) -> None:
    """The receiving body accepts the latest version."""
    _latest_pending(expected, submission)
    submission.state, submission.reviewed_at, submission.reviewed_by_id = "accepted", utcnow(), actor.id
    expected.review_state = "accepted"
    db.session.flush()
    record(actor, "accept", "expected_submission", expected.id, f"Tiếp nhận báo cáo lần {submission.version}")


def return_submission(*, actor, expected: ExpectedSubmission, submission: Submission, comment: str) -> None:
    """The receiving body returns the latest version with a comment; the unit resubmits a new version."""
    comment = nfc(comment or "")
    if not comment:
        raise DomainError("Hãy ghi rõ lý do trả lại để đơn vị chỉnh sửa.")
    if len(comment) > 2000:
        raise DomainError("Lý do trả lại quá dài (tối đa 2000 ký tự).")
    _latest_pending(expected, submission)
    submission.state, submission.reviewed_at, submission.reviewed_by_id = "returned", utcnow(), actor.id
    submission.review_comment = comment
    expected.review_state = "returned"
    db.session.flush()
    record(actor, "return", "expected_submission", expected.id, f"Trả lại báo cáo lần {submission.version}: {comment}")


def lock_period(*, actor, duty: ReportingDuty, period_key: str, due_on: date, today: date) -> PeriodLock:
    """Close a period once its due date plus the duty's grace days have passed."""
    if today <= due_on + timedelta(days=duty.grace_days):
        raise DomainError(f"Chỉ khóa kỳ sau hạn nộp {due_on:%d/%m/%Y} cộng {duty.grace_days} ngày ân hạn.")
    if db.session.scalar(select(PeriodLock.id).where(PeriodLock.duty_id == duty.id,
                                                     PeriodLock.period_key == period_key)):
        raise DomainError("Kỳ báo cáo này đã khóa.")
    lock = PeriodLock(duty_id=duty.id, period_key=period_key, locked_by_id=actor.id)
    db.session.add(lock)
    db.session.flush()
    record(actor, "lock", "duty", duty.id, f"Khóa kỳ {period_key}")
    return lock


def reopen_for_unit(*, actor, expected: ExpectedSubmission) -> None:
    """Let one late unit submit into a locked period (audit logged)."""
    if expected.is_reopened:
        raise DomainError("Kỳ này đã được mở lại cho đơn vị.")
    expected.is_reopened = True
    db.session.flush()
    record(actor, "reopen", "expected_submission", expected.id,
           f"Mở lại kỳ {expected.period_label} cho {expected.unit.name}")


def mark_notifications_read(*, user, now: datetime) -> None:
    """Mark every unread notification of `user` as read."""
    from sqlalchemy import update

    from tracker.duties.models import Notification

    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=now))


from tracker.duties import imported  # noqa: E402,F401 - connects duties accepted on the import review page
