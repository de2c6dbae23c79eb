"""Import jobs: progress of OCR (polled by htmx), retry, page images for the review, and the kept original file."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from tracker.core import scans
from tracker.core.textio import PlanTextError
from tracker.extensions import db
from tracker.permissions import can_view_import_job
from tracker.plans import import_jobs, import_worker
from tracker.plans.import_models import ImportJob
from tracker.plans.queries import get_document_or_404

bp = Blueprint("import_jobs", __name__)


@bp.app_context_processor
def _original_files() -> dict:
    return {"original_file_of": import_jobs.original_of}


def _job_or_404(job_id: int) -> ImportJob:
    job = db.session.get(ImportJob, job_id)
    if job is None:
        abort(404)
    if not can_view_import_job(current_user, job):
        abort(403)
    return job


@bp.get("/documents/import/jobs/<int:job_id>")
@login_required
def detail(job_id: int):
    job = _job_or_404(job_id)
    if job.status == "done":
        from tracker.plans.import_routes import render_job_review

        return render_job_review(job)
    return render_template("plans/import_job.html", job=job, state=import_jobs.state_of(job))


@bp.get("/documents/import/jobs/<int:job_id>/progress")
@login_required
def progress(job_id: int):
    job = _job_or_404(job_id)
    state = import_jobs.state_of(job)
    response = make_response(render_template("plans/_import_job_progress.html", job=job, state=state))
    if state == "done":
        response.headers["HX-Redirect"] = url_for("import_jobs.detail", job_id=job.id)
    return response


@bp.post("/documents/import/jobs/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    job = _job_or_404(job_id)
    try:
        import_jobs.retry(job)
        db.session.commit()
    except PlanTextError as error:
        flash(error.message, "warning")
    else:
        import_worker.submit(current_app._get_current_object(), job.id)
    return redirect(url_for("import_jobs.detail", job_id=job.id))


@bp.get("/documents/import/jobs/<int:job_id>/pages/<int:number>.png")
@login_required
def page_image(job_id: int, number: int):
    job = _job_or_404(job_id)
    if not job.is_ocr or not 1 <= number <= job.pages_total:
        abort(404)
    kind = scans.kind_of(job.data, job.filename)
    image = scans.page_image(job.data, job.filename, kind, number - 1, dpi=100)
    done = (job.pages or [])[number - 1] if number <= len(job.pages or []) else {}
    if done.get("rotated"):
        image = image.rotate(-done["rotated"], expand=True, fillcolor="white")
    image.thumbnail((1100, 1600))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return send_file(io.BytesIO(buffer.getvalue()), mimetype="image/png", max_age=3600)


@bp.get("/documents/<int:document_id>/original")
@login_required
def original(document_id: int):
    document = get_document_or_404(document_id, current_user)
    kept = import_jobs.original_of(document)
    if kept is None:
        abort(404)
    return send_file(io.BytesIO(kept.data), mimetype=kept.content_type, as_attachment=True,
                     download_name=kept.filename)
