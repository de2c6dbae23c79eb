"""Name the officer in charge of a unit's part of a task; "Việc của tôi"."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from tracker.core.exceptions import DomainError
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import can_name_officer
from tracker.tasks import queries
from tracker.tasks.officers import my_tasks, name_officer
from tracker.tasks.routes import bp
from tracker.units.models import User


@bp.post("/<int:task_id>/officer")
@login_required
def officer(task_id: int):
    task = queries.get_task_or_404(task_id)
    assignment_id = request.form.get("assignment_id", "")
    assignment = next((a for a in task.assignments if str(a.id) == assignment_id), None)
    if assignment is None or not queries.task_visible(current_user, task):
        abort(404)
    if not can_name_officer(current_user, assignment) or not FlaskForm().validate_on_submit():
        abort(403)
    value = request.form.get("officer_id", "")
    chosen = db.session.get(User, int(value)) if value.isdigit() else None
    if value and chosen is None:
        abort(400)
    try:
        name_officer(actor=current_user, assignment=assignment, officer=chosen, today=today_vn())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash("Đã phân công cán bộ phụ trách." if chosen else "Đã bỏ phân công cán bộ phụ trách.", "success")
    return redirect(url_for("tasks.detail", task_id=task.id))


@bp.get("/mine")
@login_required
def mine():
    page = queries.paged(my_tasks(current_user, today_vn()), 1, 500)
    return render_template("tasks/index.html", page=page, filters=queries.TaskFilters(), monitor=False, mine=True,
                           coverages=[], heading="Việc của tôi (cán bộ phụ trách)")


