"""Import a plan: upload or paste, review what was understood, confirm (only then is anything saved)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.core.exceptions import DomainError
from tracker.core.textio import PlanTextError, read_plan_bytes, read_plan_text
from tracker.extensions import db
from tracker.permissions import can_create_unit, can_import_plan
from tracker.plans import review
from tracker.plans.forms import ImportForm
from tracker.plans.importing import save_reviewed_plan
from tracker.plans.models import DOC_TYPES, RELATION_LABELS, ROLE_LABELS

bp = Blueprint("plan_import", __name__, url_prefix="/documents/import")


def _render_review(view: dict, status: int = 200):
    return render_template("plans/import_review.html", view=view, payload=review.payload_of(view),
                           doc_types=DOC_TYPES, relations=RELATION_LABELS, roles=ROLE_LABELS,
                           blank_tasks=review.BLANK_TASKS, blank_assignments=review.BLANK_ASSIGNMENTS,
                           can_create_units=can_create_unit(current_user)), status


@bp.route("/", methods=["GET", "POST"])
@login_required
def upload():
    if not can_import_plan(current_user):
        abort(403)
    form = ImportForm()
    if form.validate_on_submit():
        try:
            if form.file.data and form.file.data.filename:
                lines = read_plan_bytes(form.file.data.read(), form.file.data.filename)
                filename = form.file.data.filename
            else:
                lines = read_plan_text(form.text.data or "")
                filename = ""
        except PlanTextError as error:
            flash(error.message, "danger")
        else:
            view = review.view_from_text("\n".join(lines), current_user, filename)
            current_app.logger.info("import review: %s tasks, %s cited", len(view["tasks"]), len(view["cited"]))
            return _render_review(view)
    elif request.method == "POST" and not form.errors.get("csrf_token"):
        flash("; ".join(e for errors in form.errors.values() for e in errors), "danger")
    return render_template("plans/import_upload.html", form=form), 200 if request.method == "GET" else 422


@bp.post("/confirm")
@login_required
def confirm():
    if not can_import_plan(current_user):
        abort(403)
    form = ImportForm()
    if not form.validate_on_submit() and form.errors.get("csrf_token"):
        abort(400)
    try:
        plan = review.reviewed_from_form(request.form, current_user)
        document = save_reviewed_plan(actor=current_user, plan=plan)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(f"Chưa lưu gì cả: {error}", "danger")
        return _render_review(review.view_from_form(request.form), 422)
    except (ValueError, KeyError):
        db.session.rollback()
        flash("Chưa lưu gì cả: biểu mẫu rà soát không đầy đủ. Vui lòng nhập lại văn bản.", "danger")
        return redirect(url_for("plan_import.upload"))
    flash(f"Đã lưu {document.label} với {len(plan.tasks)} nhiệm vụ.", "success")
    return redirect(url_for("plans.detail", document_id=document.id))
