"""Write pages: define a duty on a plan, submit a report, accept or return it, lock and reopen."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.core.exceptions import DomainError
from tracker.core.timeutil import today_vn
from tracker.duties import queries, services
from tracker.duties.forms import ActionForm, DutyForm, ReturnForm, SubmitForm
from tracker.duties.routes import bp
from tracker.extensions import db
from tracker.permissions import can_define_duty, can_monitor_duty, can_submit_report
from tracker.plans.queries import get_document_or_404


def _done(message: str, target: str):
    db.session.commit()
    flash(message, "success")
    return redirect(target)


def _failed(error: DomainError, target: str):
    db.session.rollback()
    flash(str(error), "danger")
    return redirect(target)


@bp.route("/new/<int:document_id>", methods=["GET", "POST"])
@login_required
def create(document_id: int):
    document = get_document_or_404(document_id, current_user)
    if not can_define_duty(current_user, document):
        abort(403)
    units = queries.candidate_units(document)
    by_id = {u.id: u for u in units}
    form = DutyForm()
    form.recipient_id.choices = [(u.id, u.name) for u in units]
    form.via_id.choices = [(0, "— không qua cơ quan nào —")] + [(u.id, u.name) for u in units]
    form.owner_ids.choices = [(u.id, u.name) for u in units]
    if request.method == "GET" and document.issuer_id in by_id:
        form.recipient_id.data = document.issuer_id
    if form.validate_on_submit():
        try:
            duty = services.create_duty(
                actor=current_user, document=document, title=form.title.data, kind=form.kind.data,
                schedule=form.schedule.data, recipient=by_id[form.recipient_id.data], via=by_id.get(form.via_id.data),
                owners_mode=form.owners_mode.data, owners=[by_id[i] for i in form.owner_ids.data or [] if i in by_id],
                due_on=form.due_on.data, first_year=form.first_year.data, last_year=form.last_year.data,
                cutoff=form.cutoff.data, due_day=form.due_day.data, due_month_offset=form.due_month_offset.data,
                remind_before_days=form.remind_before_days.data, repeat_every_days=form.repeat_every_days.data,
                grace_days=form.grace_days.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash("Đã lưu chế độ báo cáo và lập danh sách báo cáo phải nộp.", "success")
            return redirect(url_for("duties.detail", duty_id=duty.id))
    status = 200 if request.method == "GET" else 422
    return render_template("duties/form.html", form=form, document=document,
                           existing=queries.duties_of_document(document.id)), status


@bp.post("/expected/<int:expected_id>/submit")
@login_required
def submit(expected_id: int):
    row = queries.get_expected_or_404(expected_id)
    if not can_submit_report(current_user, row):
        abort(403)
    target = url_for("duties.expected", expected_id=row.id)
    form = SubmitForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(target)
    upload = form.file.data
    try:
        services.submit(actor=current_user, expected=row, number_text=form.number_text.data,
                        issued_on=form.issued_on.data, filename=upload.filename or "", content=upload.read(),
                        today=today_vn())
    except DomainError as error:
        return _failed(error, target)
    return _done(f"Đã nộp báo cáo (lần {row.versions}).", target)


@bp.post("/submissions/<int:submission_id>/<any(accept, return):verdict>")
@login_required
def review(submission_id: int, verdict: str):
    submission = queries.get_submission_or_404(submission_id)
    row = queries.get_expected_or_404(submission.expected_id)
    if not can_monitor_duty(current_user, row.duty):
        abort(403)
    target = url_for("duties.expected", expected_id=row.id)
    form = ReturnForm() if verdict == "return" else ActionForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors) or "Biểu mẫu không hợp lệ.", "danger")
        return redirect(target)
    try:
        if verdict == "accept":
            services.accept_submission(actor=current_user, expected=row, submission=submission)
        else:
            services.return_submission(actor=current_user, expected=row, submission=submission,
                                       comment=form.comment.data)
    except DomainError as error:
        return _failed(error, target)
    return _done("Đã tiếp nhận báo cáo." if verdict == "accept" else "Đã trả lại báo cáo cho đơn vị.", target)


@bp.post("/<int:duty_id>/periods/<period_key>/lock")
@login_required
def lock(duty_id: int, period_key: str):
    duty = queries.get_duty_or_404(duty_id)
    if not can_monitor_duty(current_user, duty):
        abort(403)
    period = next((p for p in services.duty_periods(duty) if p.key == period_key), None)
    if period is None:
        abort(404)
    target = url_for("duties.detail", duty_id=duty.id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.lock_period(actor=current_user, duty=duty, period_key=period.key, due_on=period.due_on,
                             today=today_vn())
    except DomainError as error:
        return _failed(error, target)
    return _done(f"Đã khóa kỳ {period.label}.", target)


@bp.post("/expected/<int:expected_id>/reopen")
@login_required
def reopen(expected_id: int):
    row = queries.get_expected_or_404(expected_id)
    if not can_monitor_duty(current_user, row.duty):
        abort(403)
    target = url_for("duties.expected", expected_id=row.id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.reopen_for_unit(actor=current_user, expected=row)
    except DomainError as error:
        return _failed(error, target)
    return _done(f"Đã mở lại kỳ cho {row.unit.name}.", target)
