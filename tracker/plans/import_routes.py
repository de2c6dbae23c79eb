"""Import a plan: upload or paste, review what was understood, confirm (only then is anything saved)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from tracker.core.exceptions import DomainError
from tracker.core import scans
from tracker.core.pdftext import MAX_PAGES
from tracker.core.textio import PlanTextError, read_plan_text
from tracker.extensions import db
from tracker.permissions import can_create_unit, can_import_plan
from tracker.plans import import_jobs, import_worker, review
from tracker.plans.forms import ImportForm
from tracker.plans.importing import save_reviewed_plan
from tracker.plans.models import DOC_TYPES, RELATION_LABELS, ROLE_LABELS
from tracker.plans.review_checks import STATE_LABELS, review_checks
from tracker.plans.services import DuplicateDocument
from tracker.plans.review_payload import ReviewFormError
from tracker.units.queries import reading_tree

bp = Blueprint("plan_import", __name__, url_prefix="/documents/import")


def _render_review(view: dict, status: int = 200, job=None):
    with reading_tree():  # the checks match the names the view matched, against the same body's units
        checks = review_checks(view)
    return render_template("plans/import_review.html", view=view, payload=review.payload_of(view),
                           checks=checks, state_labels=STATE_LABELS,
                           doc_types=DOC_TYPES, relations=RELATION_LABELS, roles=ROLE_LABELS,
                           blank_tasks=review.BLANK_TASKS, blank_assignments=review.BLANK_ASSIGNMENTS,
                           can_create_units=can_create_unit(current_user), **import_jobs.review_context(job)), status


def render_job_review(job):
    """The review page of a file read by a job (text at once, or OCR finished)."""
    with reading_tree():  # the view and its checks match the same names: each body's units read once
        return _render_review(review.view_from_text(job.result_text or "", current_user, job.filename), job=job)


def _job_id() -> int | None:
    value = request.form.get("import_job_id", "")
    return int(value) if value.isdigit() else None


@bp.route("/", methods=["GET", "POST"])
@login_required
def upload():
    if not can_import_plan(current_user):
        abort(403)
    form = ImportForm()
    if form.validate_on_submit():
        try:
            if form.file.data and form.file.data.filename:
                files = [(f.read(), f.filename) for f in request.files.getlist(form.file.name) if f.filename]
                data, name = scans.join_photos(files) if len(files) > 1 else files[0]
                job, lines = import_jobs.start_import(actor=current_user, data=data, filename=name,
                                                      ocr_command=current_app.config.get("TESSERACT_CMD"))
                db.session.commit()
                if lines is None:
                    import_worker.submit(current_app._get_current_object(), job.id)
                    return redirect(url_for("import_jobs.detail", job_id=job.id))
                return render_job_review(job)
            else:
                lines = read_plan_text(form.text.data or "")
                filename = ""
        except PlanTextError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            view = review.view_from_text("\n".join(lines), current_user, filename)
            current_app.logger.info("import review: %s tasks, %s cited", len(view["tasks"]), len(view["cited"]))
            return _render_review(view)
    elif request.method == "POST" and not form.errors.get("csrf_token"):
        flash("; ".join(e for errors in form.errors.values() for e in errors), "danger")
    status = 200 if request.method == "GET" else 422
    return render_template("plans/import_upload.html", form=form, max_pages=MAX_PAGES,
                           waiting=import_jobs.awaiting_review(current_user),
                           job_state=import_jobs.state_of, job_labels=import_jobs.STATE_LABELS,
                           job_badges=import_jobs.STATE_BADGES), status


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
        document = save_reviewed_plan(actor=current_user, plan=plan, source_job_id=_job_id())
        db.session.commit()
    except DuplicateDocument as error:
        db.session.rollback()
        flash(Markup("Chưa lưu gì cả: {} <a href=\"{}\" class=\"alert-link\" id=\"open-existing\">Mở văn bản đã có</a>")
              .format(str(error), url_for("plans.detail", document_id=error.existing.id)), "warning")
        return _render_review(review.view_from_form(request.form), 409, job=import_jobs.job_of(_job_id()))
    except DomainError as error:
        db.session.rollback()
        flash(f"Chưa lưu gì cả: {error}", "danger")
        return _render_review(review.view_from_form(request.form), 422, job=import_jobs.job_of(_job_id()))
    except ReviewFormError as error:
        db.session.rollback()
        flash(f"Chưa lưu gì cả: {error.message}", "danger")
        return redirect(url_for("plan_import.upload"))
    except (ValueError, KeyError):
        db.session.rollback()
        flash("Chưa lưu gì cả: biểu mẫu rà soát không đầy đủ. Vui lòng nhập lại văn bản.", "danger")
        return redirect(url_for("plan_import.upload"))
    flash(f"Đã lưu {document.label} với {len(plan.tasks)} nhiệm vụ.", "success")
    return redirect(url_for("plans.detail", document_id=document.id))
