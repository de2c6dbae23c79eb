"""Report views: pick a period, compile, edit with preview and autosave, finalise, download the .docx."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from tracker.core.exceptions import ConflictError, DomainError
from tracker.core.timeutil import today_vn
from tracker.duties.models import STATUS_COLOURS, STATUS_LABELS
from tracker.duties.queries import get_expected_or_404
from tracker.extensions import db
from tracker.permissions import can_compile_report, can_edit_report, can_view_report
from tracker.reports import queries, services
from tracker.reports.docx import build_report_docx
from tracker.reports.forms import FinaliseForm, ReportForm, VersionForm
from tracker.reports.models import CONTENT_FIELDS, Report

from tracker.reports.routes import bp


def _load(report_id: int, *, edit: bool = False) -> Report:
    report = queries.get_report_or_404(report_id)
    allowed = can_edit_report(current_user, report) if edit else can_view_report(current_user, report)
    if not allowed:
        if edit and report.is_final and can_view_report(current_user, report):
            flash("Báo cáo đã hoàn thành và gửi đi; không thể sửa. Hãy tạo bản sửa đổi (phiên bản mới).", "warning")
            return None
        abort(403)
    return report


def _failed(error: Exception, report_id: int):
    db.session.rollback()
    if isinstance(error, StaleDataError):
        error = ConflictError("Báo cáo vừa được thay đổi ở nơi khác; hãy tải lại trang.")
    flash(str(error), "warning" if isinstance(error, ConflictError) else "danger")
    return redirect(url_for("reports.detail", report_id=report_id))


@bp.app_template_global()
def report_links(expected_id: int) -> dict[int, int]:
    """{submission id: report id} for the submissions of an expected report that tracker compiled (shown on the
    duties page, which knows nothing of reports)."""
    return queries.reports_by_submission(expected_id)


@bp.get("/")
@login_required
def index():
    today = today_vn()
    owed = queries.owed_for_compiling(current_user, today)
    if current_user.role not in ("secretariat", "admin"):  # a secretariat compiles for its whole body
        owed = [(e, s) for e, s in owed if can_compile_report(current_user, e)]
    compiled: dict[int, Report] = {}
    for report in db.session.scalars(queries.reports_for_user(current_user).limit(300)):
        compiled.setdefault(report.expected_id, report)  # the newest version of each
    return render_template("reports/index.html", owed=owed, compiled=compiled, action_form=VersionForm(),
                           labels=STATUS_LABELS, colours=STATUS_COLOURS)


@bp.post("/compile/<int:expected_id>")
@login_required
def compile(expected_id: int):
    expected = get_expected_or_404(expected_id)
    if not can_compile_report(current_user, expected):
        abort(403)
    existing = queries.versions_of(expected.id)
    if existing:
        flash("Kỳ này đã có báo cáo; mở phiên bản mới nhất.", "info")
        return redirect(url_for("reports.detail", report_id=existing[0].id))
    try:
        report = services.compile_report(actor=current_user, expected=expected, today=today_vn())
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("reports.index"))
    if not report.facts.get("has_data"):
        flash("Kỳ báo cáo này chưa có dữ liệu trên hệ thống (chưa có kế hoạch, nhiệm vụ hay báo cáo của cấp dưới). "
              "Dự thảo chỉ có khung; hãy tự viết nội dung.", "warning")
    else:
        flash("Đã tổng hợp dự thảo báo cáo từ dữ liệu trên hệ thống.", "success")
    return redirect(url_for("reports.detail", report_id=report.id))


def _page(report: Report, form: ReportForm | None, status: int = 200):
    editable = can_edit_report(current_user, report)
    if editable and form is None:
        form = ReportForm(obj=report)
    return render_template("reports/detail.html", report=report, form=form if editable else None, editable=editable,
                           versions=queries.versions_of(report.expected_id),
                           revisions=queries.revisions_of(report.id), missing=services.missing_sections(report),
                           finalise_form=FinaliseForm(lock_version=report.lock_version, issued_on=today_vn()),
                           action_form=VersionForm(lock_version=report.lock_version),
                           can_compile=can_compile_report(current_user, report.expected)), status


@bp.get("/<int:report_id>")
@login_required
def detail(report_id: int):
    return _page(_load(report_id), None)


@bp.post("/<int:report_id>/save")
@login_required
def save(report_id: int):
    autosave = request.form.get("autosave") == "1"
    report = _load(report_id, edit=True)
    if report is None:
        return (jsonify(error="Báo cáo đã hoàn thành; không thể sửa."), 409) if autosave else \
            redirect(url_for("reports.detail", report_id=report_id))
    form = ReportForm()
    if not form.validate():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        if autosave:
            return jsonify(error=message), 422
        flash(message, "danger")
        return _page(report, form, 422)
    try:
        revision = services.save_draft(actor=current_user, report=report, lock_version=form.lock_version.data,
                                       content={name: getattr(form, name).data for name in CONTENT_FIELDS},
                                       autosave=autosave)
        db.session.commit()
    except (DomainError, StaleDataError) as error:
        db.session.rollback()
        if isinstance(error, StaleDataError):
            error = ConflictError("Dự thảo vừa được lưu ở nơi khác; hãy tải lại trang.")
        if autosave:
            return jsonify(error=str(error)), 409 if isinstance(error, ConflictError) else 422
        flash(str(error), "warning" if isinstance(error, ConflictError) else "danger")
        return _page(db.session.get(Report, report_id), form, 409 if isinstance(error, ConflictError) else 422)
    if autosave:
        return jsonify(lock_version=report.lock_version, revision=revision.number if revision else None,
                       saved_at=report.updated_at.isoformat())
    flash("Đã lưu dự thảo." if revision else "Không có thay đổi để lưu.", "success")
    return redirect(url_for("reports.detail", report_id=report.id))


@bp.post("/<int:report_id>/preview")
@login_required
def preview(report_id: int):
    """The page as it will look, from the form as typed (nothing is saved)."""
    report = _load(report_id)
    form = ReportForm()
    view = {name: getattr(form, name).data if getattr(form, name).data is not None else getattr(report, name)
            for name in CONTENT_FIELDS}
    return render_template("reports/_document.html", report=report, view=view)


@bp.post("/<int:report_id>/recompile")
@login_required
def recompile(report_id: int):
    report = _load(report_id, edit=True)
    if report is None:
        return redirect(url_for("reports.detail", report_id=report_id))
    form = VersionForm()
    try:
        services.recompile(actor=current_user, report=report, lock_version=form.lock_version.data, today=today_vn())
        db.session.commit()
    except (DomainError, StaleDataError) as error:
        return _failed(error, report_id)
    flash("Đã tổng hợp lại số liệu và mục I–II; bản trước vẫn lưu trong lịch sử.", "success")
    return redirect(url_for("reports.detail", report_id=report.id))


@bp.get("/<int:report_id>/revisions/<int:number>")
@login_required
def revision(report_id: int, number: int):
    report = _load(report_id)
    row = queries.get_revision_or_404(report, number)
    return render_template("reports/revision.html", report=report, revision=row,
                           action_form=VersionForm(lock_version=report.lock_version),
                           editable=can_edit_report(current_user, report))


@bp.post("/<int:report_id>/revisions/<int:number>/restore")
@login_required
def restore(report_id: int, number: int):
    report = _load(report_id, edit=True)
    if report is None:
        return redirect(url_for("reports.detail", report_id=report_id))
    row = queries.get_revision_or_404(report, number)
    try:
        services.restore(actor=current_user, report=report, revision=row, lock_version=VersionForm().lock_version.data)
        db.session.commit()
    except (DomainError, StaleDataError) as error:
        return _failed(error, report_id)
    flash(f"Đã khôi phục bản lưu {number}.", "success")
    return redirect(url_for("reports.detail", report_id=report.id))


@bp.post("/<int:report_id>/finalise")
@login_required
def finalise(report_id: int):
    report = queries.get_report_or_404(report_id)
    if not can_view_report(current_user, report) or not can_compile_report(current_user, report.expected):
        abort(403)
    if report.is_final:
        flash(f"Báo cáo đã hoàn thành và gửi ngày {report.issued_on:%d/%m/%Y}; không gửi lại.", "info")
        return redirect(url_for("reports.detail", report_id=report.id))
    form = FinaliseForm()
    if not form.validate():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("reports.detail", report_id=report.id))
    try:
        services.finalise(actor=current_user, report=report, number=form.number.data, issued_on=form.issued_on.data,
                          lock_version=form.lock_version.data, today=today_vn(), build_docx=build_report_docx)
        db.session.commit()
    except (DomainError, StaleDataError) as error:
        return _failed(error, report_id)
    flash(f"Đã hoàn thành báo cáo số {report.number_text} và gửi {report.expected.duty.recipient.name}.", "success")
    return redirect(url_for("reports.detail", report_id=report.id))


@bp.post("/<int:report_id>/correct")
@login_required
def correct(report_id: int):
    report = queries.get_report_or_404(report_id)
    if not can_compile_report(current_user, report.expected):
        abort(403)
    try:
        copy = services.start_correction(actor=current_user, report=report)
        db.session.commit()
    except DomainError as error:
        return _failed(error, report_id)
    flash(f"Đã tạo bản sửa đổi (phiên bản {copy.version_no}); bản đã gửi vẫn được giữ nguyên.", "success")
    return redirect(url_for("reports.detail", report_id=copy.id))


@bp.post("/<int:report_id>/supplement")
@login_required
def supplement(report_id: int):
    """Start a báo cáo bổ sung for the period of an accepted report."""
    report = queries.get_report_or_404(report_id)
    if not can_compile_report(current_user, report.expected):
        abort(403)
    try:
        draft = services.start_supplement(actor=current_user, report=report, today=today_vn())
        db.session.commit()
    except DomainError as error:
        return _failed(error, report_id)
    flash("Đã lập dự thảo báo cáo bổ sung; báo cáo đã tiếp nhận vẫn được giữ nguyên.", "success")
    return redirect(url_for("reports.detail", report_id=draft.id))
