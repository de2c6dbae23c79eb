"""Task writes: post an update with files, set status, confirm or refuse completion, remind, derive a plan."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.core.datefield import DateInputError, parse_vn_date
from tracker.core.exceptions import ConflictError, DomainError
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import (can_confirm_task, can_derive_plan, can_post_task_update, can_remind_task,
                                 can_set_task_status, can_view_task)
from tracker.plans.queries import get_document_or_404
from tracker.tasks import queries, services
from tracker.tasks.derive import DerivedItem, derive_plan
from tracker.tasks.forms import ConfirmForm, DeriveForm, RefuseForm, RemindForm, StatusForm, UpdateForm, version_of
from tracker.tasks.models import TaskUpdate
from tracker.tasks.routes import bp
from tracker.tasks.routes.display import render_task
from tracker.tasks.uploads import Upload


def _visible_task_or_404(task_id: int):
    task = queries.get_task_or_404(task_id)
    if not can_view_task(current_user, task):
        abort(404)
    return task


def _failed(task, error: DomainError, **forms):
    """Roll back, say why, and show the page again with what the user typed (and the newer state)."""
    db.session.rollback()
    flash(str(error), "warning" if isinstance(error, ConflictError) else "danger")
    return render_task(queries.get_task_or_404(task.id), 409 if isinstance(error, ConflictError) else 422,
                       **forms)


def _done(task, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("tasks.detail", task_id=task.id))


@bp.post("/<int:task_id>/updates")
@login_required
def post_update(task_id: int):
    task = _visible_task_or_404(task_id)
    if not can_post_task_update(current_user, task):
        abort(403)
    form = UpdateForm()
    form.corrects_id.choices = [("", "")] + [(v, v) for v in request.form.getlist("corrects_id")]
    if not form.validate_on_submit():
        return _failed(task, DomainError("Dữ liệu cập nhật không hợp lệ: " + "; ".join(
            e for errors in form.errors.values() for e in errors)), update_form=form)
    if form.status.data and not can_set_task_status(current_user, task):
        abort(403)
    corrects = None
    if form.corrects_id.data and form.corrects_id.data.isdigit():
        corrects = db.session.get(TaskUpdate, int(form.corrects_id.data))
    unit_id = queries.acting_unit_id(current_user, task)
    if unit_id is None:
        abort(403)
    files = [Upload(f.filename, f.read()) for f in request.files.getlist(form.files.name) if f and f.filename]
    try:
        services.post_update(actor=current_user, task=task, unit_id=unit_id,
                             today=today_vn(), note_md=form.note_md.data, reported_on=form.reported_on.data,
                             progress=form.progress.data, status=form.status.data or None, files=files,
                             corrects=corrects, expected_version=version_of(form))
    except DomainError as error:
        return _failed(task, error, update_form=form)
    return _done(task, "Đã gửi cập nhật tiến độ.")


@bp.post("/<int:task_id>/status")
@login_required
def status(task_id: int):
    task = _visible_task_or_404(task_id)
    if not can_set_task_status(current_user, task):
        abort(403)
    form = StatusForm()
    if not form.validate_on_submit():
        return _failed(task, DomainError("Trạng thái không hợp lệ."), status_form=form)
    try:
        services.change_status(actor=current_user, task=task, status=form.status.data, today=today_vn(),
                               expected_version=version_of(form))
    except DomainError as error:
        return _failed(task, error, status_form=form)
    return _done(task, "Đã cập nhật trạng thái.")


@bp.post("/<int:task_id>/confirm")
@login_required
def confirm(task_id: int):
    task = _visible_task_or_404(task_id)
    if not can_confirm_task(current_user, task):
        abort(403)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.confirm_completion(actor=current_user, task=task, today=today_vn(),
                                    expected_version=version_of(form))
    except DomainError as error:
        return _failed(task, error)
    return _done(task, "Đã xác nhận hoàn thành.")


@bp.post("/<int:task_id>/refuse")
@login_required
def refuse(task_id: int):
    task = _visible_task_or_404(task_id)
    if not can_confirm_task(current_user, task):
        abort(403)
    form = RefuseForm()
    if not form.validate_on_submit():
        return _failed(task, DomainError("Hãy ghi rõ lý do không xác nhận hoàn thành."), refuse_form=form)
    try:
        services.refuse_completion(actor=current_user, task=task, reason=form.reason.data, today=today_vn(),
                                   expected_version=version_of(form))
    except DomainError as error:
        return _failed(task, error, refuse_form=form)
    return _done(task, "Đã trả lại nhiệm vụ để thực hiện lại.")


@bp.post("/<int:task_id>/remind")
@login_required
def remind(task_id: int):
    task = _visible_task_or_404(task_id)
    if not can_remind_task(current_user, task):
        abort(403)
    form = RemindForm()
    if not form.validate_on_submit():
        return _failed(task, DomainError("Hãy nhập nội dung đôn đốc."), remind_form=form)
    try:
        services.remind(actor=current_user, task=task, body_md=form.body_md.data, today=today_vn())
    except DomainError as error:
        return _failed(task, error, remind_form=form)
    return _done(task, "Đã gửi đôn đốc.")


def _derive_context(document):
    body_id = queries.user_body_id(current_user)
    if body_id is None:
        abort(404)
    concerning = queries.concerning_tasks(document, body_id)
    if not concerning:
        abort(404)
    return concerning, queries.body_units(body_id)


@bp.route("/derive/<int:document_id>", methods=["GET", "POST"])
@login_required
def derive(document_id: int):
    document = get_document_or_404(document_id)
    if not can_derive_plan(current_user, document):
        abort(403)
    concerning, units = _derive_context(document)
    by_id = {u.id: u for u in units}
    form = DeriveForm()
    form.issuer_id.choices = [(u.id, u.name) for u in units]
    if request.method == "GET":
        form.title.data = f"Thực hiện {document.label} của {document.issuer_name}"
        form.issuer_id.data = next((u.id for u in units if u.kind == "people_committee"), units[0].id)
    if form.validate_on_submit():
        items = []
        for task, _ in concerning:
            if request.form.get(f"include_{task.id}") != "1":
                continue
            lead = request.form.get(f"lead_{task.id}", "")
            due = request.form.get(f"due_{task.id}", "")
            try:
                due_on = parse_vn_date(due) if due.strip() else None
            except DateInputError as error:
                flash(f"Ngày hoàn thành: {error}", "danger")
                return render_template("tasks/derive.html", form=form, document=document, concerning=concerning,
                                       units=units), 422
            items.append(DerivedItem(task, request.form.get(f"text_{task.id}", ""),
                                     by_id.get(int(lead)) if lead.isdigit() else None, due_on))
        try:
            lower = derive_plan(actor=current_user, upper=document, issuer=by_id[form.issuer_id.data],
                                title=form.title.data, number_text=form.number_text.data,
                                issued_on=form.issued_on.data, items=items, today=today_vn())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash("Đã xây dựng kế hoạch thực hiện.", "success")
            return redirect(url_for("tasks.plan", document_id=lower.id))
    status_code = 200 if request.method == "GET" else 422
    return render_template("tasks/derive.html", form=form, document=document, concerning=concerning,
                           units=units), status_code

