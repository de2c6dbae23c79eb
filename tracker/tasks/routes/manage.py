"""Task writes: post an update with files, set status, confirm or refuse completion, remind."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from tracker.core.exceptions import ConflictError, DomainError
from tracker.core.inputs import parse_id
from tracker.core.urls import local_path
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import (can_comment_task, can_confirm_task, can_post_task_update, can_remind_task,
                                 can_set_task_status, can_view_task)
from tracker.tasks import queries, services
from tracker.tasks.forms import CommentForm, ConfirmForm, RefuseForm, StatusForm, UpdateForm, version_of
from tracker.tasks.models import TaskUpdate
from tracker.tasks.routes import bp
from tracker.tasks.routes.display import render_task
from tracker.tasks.routes.forms_for import remind_form_for
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
    """Commit and go back where the form came from (the home page, a notification) or to the task."""
    db.session.commit()
    flash(message, "success")
    return redirect(local_path(request.form.get("next")) or url_for("tasks.detail", task_id=task.id))


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
    if parse_id(form.corrects_id.data):
        corrects = db.session.get(TaskUpdate, parse_id(form.corrects_id.data))
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
    form = remind_form_for(task)
    if not form.validate_on_submit():
        return _failed(task, DomainError("Chưa gửi đôn đốc: " + "; ".join(
            e for errors in form.errors.values() for e in errors)), remind_form=form)
    try:
        services.remind(actor=current_user, task=task, body_md=form.body_md.data, today=today_vn(),
                        unit_ids=form.unit_ids.data)
    except DomainError as error:
        return _failed(task, error, remind_form=form)
    return _done(task, "Đã gửi đôn đốc.")


@bp.post("/<int:task_id>/comments")
@login_required
def comment(task_id: int):
    task = _visible_task_or_404(task_id)
    if not can_comment_task(current_user, task):
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        return _failed(task, DomainError("Hãy nhập nội dung trao đổi."), comment_form=form)
    people = queries.mentionable_users(task)
    try:
        services.post_comment(actor=current_user, task=task, body_md=form.body_md.data, today=today_vn(),
                              mentionable={name: uid for name, (uid, _) in people.items()})
    except DomainError as error:
        return _failed(task, error, comment_form=form)
    return _done(task, "Đã gửi trao đổi.")
