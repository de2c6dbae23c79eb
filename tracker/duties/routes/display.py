"""Read pages: the monitor's dashboard and its .xlsx, a duty, one expected submission, a file, my reports."""
from __future__ import annotations

import io

from flask import abort, render_template, request, send_file
from flask_login import current_user, login_required

from tracker.core import storage
from tracker.core.inputs import parse_id
from tracker.core.timeutil import today_vn
from tracker.duties import queries
from tracker.duties.export import build_matrix_xlsx
from tracker.duties.matrix_html import matrix_body, matrix_periods, matrix_totals
from tracker.duties.forms import ActionForm, ReturnForm, SubmitForm
from tracker.duties.models import STATUS_COLOURS, STATUS_LABELS, SubmissionFile
from tracker.duties.routes import bp
from tracker.duties.services import is_locked
from tracker.extensions import db
from tracker.permissions import can_monitor_duty, can_view_dashboard, can_view_expected
from tracker.units.models import LEVEL_LABELS


def _filters() -> dict:
    duty = request.args.get("duty", "")
    status = request.args.get("status", "")
    page = request.args.get("page", "1")
    level = request.args.get("level", "")
    return dict(duty_id=parse_id(duty), period_key=request.args.get("period", "")[:20] or None,
                status=status if status in STATUS_LABELS else None, level=level if level in LEVEL_LABELS else None,
                page=min(parse_id(page) or 1, 10_000))


@bp.get("/")
@login_required
def index():
    if not can_view_dashboard(current_user):
        return mine()
    filters = _filters()
    data = queries.matrix(current_user, today_vn(), **filters)
    return render_template("duties/dashboard.html", m=data, f=filters, labels=STATUS_LABELS, colours=STATUS_COLOURS,
                           levels=LEVEL_LABELS, action_form=ActionForm(), matrix_body=matrix_body,
                           matrix_periods=matrix_periods, matrix_totals=matrix_totals)


@bp.get("/export.xlsx")
@login_required
def export():
    if not can_view_dashboard(current_user):
        abort(403)
    filters = _filters() | {"page": 1}
    data = queries.matrix(current_user, today_vn(), per_page=1_000_000, **filters)
    content = build_matrix_xlsx(data, f"Tình hình nộp báo cáo đến ngày {today_vn():%d/%m/%Y}")
    return send_file(io.BytesIO(content), as_attachment=True, download_name="tinh-hinh-nop-bao-cao.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/mine")
@login_required
def mine():
    today = today_vn()
    rows = db.session.execute(queries.owed_by_user(current_user, today).limit(200)).all()
    return render_template("duties/mine.html", rows=rows, labels=STATUS_LABELS, colours=STATUS_COLOURS)


@bp.get("/<int:duty_id>")
@login_required
def detail(duty_id: int):
    duty = queries.get_duty_or_404(duty_id)
    if not can_monitor_duty(current_user, duty):
        abort(403)
    return render_template("duties/detail.html", duty=duty, periods=queries.period_summary(duty, today_vn()),
                           action_form=ActionForm(), today=today_vn())


@bp.get("/expected/<int:expected_id>")
@login_required
def expected(expected_id: int):
    row = queries.get_expected_or_404(expected_id)
    if not can_view_expected(current_user, row):
        abort(404)
    today = today_vn()
    return render_template("duties/expected.html", e=row, status=row.status(today), labels=STATUS_LABELS,
                           colours=STATUS_COLOURS, versions=queries.submissions_of(row), locked=is_locked(row),
                           submit_form=SubmitForm(), return_form=ReturnForm(), action_form=ActionForm())


@bp.get("/submissions/<int:submission_id>/file")
@login_required
def download(submission_id: int):
    submission = queries.get_submission_or_404(submission_id)
    row = queries.get_expected_or_404(submission.expected_id)
    if not can_view_expected(current_user, row):
        abort(404)
    blob = db.session.get(SubmissionFile, submission.file_id)
    path = storage.path_of(blob.sha256)
    if not path.exists():
        abort(404)
    response = send_file(path, as_attachment=True, download_name=submission.filename,
                         mimetype=submission.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
