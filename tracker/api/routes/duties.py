"""Reporting duties, expected submissions with their states, submitting a report file, compiled reports (.docx,
PDF) and the deadlines calendar."""
from __future__ import annotations

import io
from datetime import timedelta

from flask import send_file
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from tracker.api import present
from tracker.api.framework import ApiBlueprint, Problem, api_user, if_match_version, requires, write
from tracker.api.pagination import keyset
from tracker.api.schemas import (CalendarArgs, CalendarSchema, DutySchema, ExpectedArgs, ExpectedDetailSchema,
                                 ExpectedSchema, PageArgs, ReportSchema, SubmissionForm,
                                 SubmissionSchema, page_of)
from tracker.core import storage
from tracker.core.exceptions import ConflictError
from tracker.core.timeutil import today_vn
from tracker.duties import queries as duty_queries
from tracker.duties import services as duty_services
from tracker.duties.models import ExpectedSubmission as E
from tracker.duties.models import ReportingDuty, Submission
from tracker.duties.models import SubmissionFile as Blob
from tracker.extensions import db
from tracker.permissions import can_submit_report, can_view_expected, can_view_report, viewable_expected_ids
from tracker.plans.models import Task
from tracker.reports.models import Report
from tracker.reports.queries import reports_for_user
from tracker.tasks import queries as task_queries
from tracker.tasks.deadlines import OPEN_STATUSES, limit_expr, state_expr
from tracker.units.models import Unit, UnitClosure

bp = ApiBlueprint("api_duties", __name__, url_prefix="/api/v1",
                  description="Chế độ báo cáo, kỳ báo cáo phải nộp, báo cáo kết quả, lịch hạn")
OWING_ROLES = ("member", "secretariat", "monitor")
EXPECTED_ETAG = {"ETag": {"description": "Phiên bản của kỳ báo cáo (số lần nộp, trạng thái tiếp nhận)",
                          "schema": {"type": "string"}}}


def _monitored_duties(user):
    return duty_queries.duties_for_user(user).with_only_columns(ReportingDuty.id).order_by(None)


def _light_expected():
    """Loader options for lists of expected submissions: of the duty its title and receiving body, of the unit its
    name. By default each row joined its duty, the duty's plan, issuer, receiving and forwarding bodies and the
    unit, each unit with its parent: eight joined rows for a line of a list (API deadlines: 9 of its 13 ms of SQL,
    most of its Python)."""
    return (joinedload(E.duty).options(load_only(ReportingDuty.id, ReportingDuty.title, ReportingDuty.recipient_id),
                                       lazyload(ReportingDuty.document), lazyload(ReportingDuty.recipient),
                                       lazyload(ReportingDuty.via)),
            joinedload(E.unit).options(load_only(Unit.id, Unit.name), lazyload(Unit.parent)))


def _expected_clause(user):
    """SQL: expected submissions the client owes (its unit or a unit above it) or follows as the receiver."""
    owed = E.id.in_(select(E.id).where(False))
    if user.role == "admin":
        return E.id.is_not(None)
    if user.role in OWING_ROLES and user.unit_id:
        owed = E.unit_id.in_(select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == user.unit_id))
    return or_(owed, E.duty_id.in_(_monitored_duties(user)))


@bp.get("/duties")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(DutySchema, "DutyPage"))
@requires("read")
def duties(args):
    """Reporting duties the client follows as the receiving body (as on the pages)."""
    stmt = duty_queries.duties_for_user(api_user()).order_by(None)
    rows, cursor = keyset(stmt, ReportingDuty.updated_at, ReportingDuty.id, args)
    return {"items": [present.duty(d) for d in rows], "next_cursor": cursor}


@bp.get("/expected-submissions")
@bp.arguments(ExpectedArgs, location="query")
@bp.response(200, page_of(ExpectedSchema, "ExpectedPage"))
@requires("read")
def expected_index(args):
    """Expected submissions (one per owing unit and period) the client owes or receives, with their state:
    pending, on_time, late, missing, returned."""
    user, today = api_user(), today_vn()
    status = duty_queries.status_expr(today)
    stmt = select(E, status.label("status")).where(_expected_clause(user)).options(*_light_expected())
    for name in ("duty_id", "unit_id"):
        if args.get(name):
            stmt = stmt.where(getattr(E, name) == args[name])
    if args.get("status"):
        stmt = stmt.where(status == args["status"])
    rows, cursor = keyset(stmt, E.updated_at, E.id, args, rows=lambda r: (r[0], r[1]))
    viewable = viewable_expected_ids(user, [e for e, _ in rows])
    return {"items": [present.expected(e, s) for e, s in rows if e.id in viewable], "next_cursor": cursor}


def _expected_or_404(expected_id: int) -> E:
    row = db.session.get(E, expected_id)
    if row is None or not can_view_expected(api_user(), row):
        raise Problem(404)
    return row


@bp.get("/expected-submissions/<int:expected_id>")
@bp.response(200, ExpectedDetailSchema, headers=EXPECTED_ETAG)
@requires("read")
def expected_detail(expected_id: int):
    """One expected submission with every version sent (newest first) and their download links."""
    row = _expected_or_404(expected_id)
    body = {**present.expected(row, row.status(today_vn())),
            "submissions": [present.submission(s) for s in duty_queries.submissions_of(row)]}
    return body, 200, {"ETag": present.expected_etag(row)}


@bp.post("/expected-submissions/<int:expected_id>/submissions")
@requires("write:submissions")
@write
@bp.arguments(SubmissionForm, location="multipart")
@bp.response(201, SubmissionSchema, headers=EXPECTED_ETAG)
def submit(form, expected_id: int):
    """Submit the report file (.docx or PDF) for an expected submission the client's unit owes: a new version
    (after a return). If-Match: the expected submission's ETag (412 when stale)."""
    row = _expected_or_404(expected_id)
    if not can_submit_report(api_user(), row):
        raise Problem(403, "Đơn vị của ứng dụng không phải đơn vị phải nộp báo cáo này.")
    guarded = if_match_version(present.expected_etag(row))
    upload = form["file"]
    if not getattr(upload, "filename", None):
        raise Problem(422, "Hãy gửi tệp báo cáo (file).", errors={"file": ["Thiếu tệp."]})
    try:
        submission = duty_services.submit(actor=api_user(), expected=row, number_text=form["number_text"],
                                          issued_on=form["issued_on"], filename=upload.filename or "",
                                          content=upload.read(), today=today_vn())
    except ConflictError as error:
        if guarded:
            raise Problem(412, str(error)) from error
        raise
    return present.submission(submission), 201, {"ETag": present.expected_etag(row)}


@bp.get("/submissions/<int:submission_id>/file")
@bp.response(200, {"type": "string", "format": "binary"}, content_type="application/octet-stream",
             description="Tệp báo cáo đã nộp")
@requires("read")
def submission_file(submission_id: int):
    """The file of one submitted version."""
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        raise Problem(404)
    _expected_or_404(submission.expected_id)
    path = storage.path_of(db.session.get(Blob, submission.file_id).sha256)
    if not path.exists():
        raise Problem(404, "Tệp không còn trong kho lưu trữ.")
    return send_file(path, as_attachment=True, download_name=submission.filename, mimetype=submission.content_type)


@bp.get("/reports")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(ReportSchema, "ReportPage"))
@requires("read")
def reports(args):
    """Compiled implementation reports: the client's body's own (drafts and finals) and the finals it receives.
    A page may hold fewer than `limit` items: each row is also checked by the pages' predicate."""
    user = api_user()
    own = reports_for_user(user).with_only_columns(Report.id).order_by(None)
    received = (select(Report.id).join(E, E.id == Report.expected_id)
                .where(Report.state == "final", E.duty_id.in_(_monitored_duties(user))))
    stmt = select(Report).where(or_(Report.id.in_(own), Report.id.in_(received)))
    rows, cursor = keyset(stmt, Report.updated_at, Report.id, args)
    return {"items": [present.report(r) for r in rows if can_view_report(user, r)], "next_cursor": cursor}


def _report_or_404(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None or not can_view_report(api_user(), report):
        raise Problem(404)
    return report


def _report_name(report: Report, ext: str) -> str:
    from tracker.reports.docx import file_name

    return file_name("BC", report.number_text if report.is_final else None, report.issued_on, ext,
                     draft_of=f"{report.expected.period_key}-v{report.version_no}")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/reports/<int:report_id>/docx")
@bp.response(200, {"type": "string", "format": "binary"}, content_type=DOCX, description="Báo cáo .docx")
@requires("read")
def report_docx(report_id: int):
    """The report as .docx (Nghị định 30 or Hướng dẫn 36 by its issuer)."""
    from tracker.reports.docx import build_report_docx

    report = _report_or_404(report_id)
    return send_file(io.BytesIO(build_report_docx(report)), mimetype=DOCX, as_attachment=True,
                     download_name=_report_name(report, "docx"))


@bp.get("/reports/<int:report_id>/pdf")
@bp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf", description="Báo cáo PDF")
@bp.alt_response(503, description="Chưa chuyển được sang PDF (LibreOffice)")
@requires("read")
def report_pdf(report_id: int):
    """The report as PDF (LibreOffice headless; 503 with a Vietnamese detail when it fails)."""
    from tracker.reports.docx import build_report_docx
    from tracker.reports.pdf import PdfError, docx_to_pdf

    report = _report_or_404(report_id)
    try:
        pdf = docx_to_pdf(build_report_docx(report))
    except PdfError as error:
        raise Problem(503, str(error)) from error
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=_report_name(report, "pdf"))


@bp.get("/deadlines")
@bp.arguments(CalendarArgs, location="query")
@bp.response(200, CalendarSchema)
@requires("read")
def deadlines(args):
    """Deadlines between `from` and `to`: open tasks the client may see and reports still owed, by date."""
    user, today = api_user(), today_vn()
    start = args.get("start") or today
    end = args.get("end") or start + timedelta(days=60)
    if end < start or (end - start).days > 366:
        raise Problem(422, "Khoảng ngày không hợp lệ: “to” phải sau “from” và không quá 366 ngày.",
                      errors={"to": ["Ngoài khoảng cho phép."]})
    due = limit_expr()
    tasks = db.session.execute(
        select(Task, state_expr(today)).where(task_queries.listed_clause(user), Task.status.in_(OPEN_STATUSES),
                                              Task.withdrawn_on.is_(None), and_(due >= start, due <= end))
        .options(load_only(Task.id, Task.text, Task.due_on, Task.effective_due_on))
        .order_by(due, Task.id).limit(1000)).all()
    status = duty_queries.status_expr(today)
    owed = db.session.execute(
        select(E, status).where(_expected_clause(user), status.in_(("pending", "missing", "returned")),
                                and_(duty_queries.limit_expr() >= start, duty_queries.limit_expr() <= end))
        .options(*_light_expected()).order_by(duty_queries.limit_expr(), E.id).limit(1000)).all()
    viewable = viewable_expected_ids(user, [e for e, _ in owed])
    items = [{"kind": "task", "id": t.id, "title": t.text[:300], "unit_id": None, "due_on": t.due_on,
              "effective_due_on": t.effective_due_on, "state": s, "link": f"/api/v1/tasks/{t.id}"}
             for t, s in tasks]
    items += [{"kind": "submission", "id": e.id, "title": f"{e.duty.title[:250]} – {e.period_label}",
               "unit_id": e.unit_id, "due_on": e.due_on, "effective_due_on": e.effective_due_on, "state": s,
               "link": f"/api/v1/expected-submissions/{e.id}"} for e, s in owed if e.id in viewable]
    items.sort(key=lambda item: (item["effective_due_on"] or item["due_on"], item["kind"], item["id"]))
    return {"start": start, "end": end, "items": items}
