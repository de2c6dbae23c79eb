"""Documents out and in: a report or a plan as .docx or PDF, and the signed PDF uploaded as the official copy."""
from __future__ import annotations

import io

from flask import abort, flash, redirect, send_file, url_for
from flask_login import current_user, login_required

from tracker.core.exceptions import DomainError
from tracker.duties.models import SubmissionFile
from tracker.extensions import db
from tracker.permissions import can_edit_document, can_upload_signed_report, can_view_report
from tracker.plans.queries import get_document_or_404
from tracker.reports import queries, signed
from tracker.reports.docx import build_report_docx, file_name
from tracker.reports.docx.plan import build_plan_docx
from tracker.reports.forms import SignedForm
from tracker.reports.models import Report, SignedCopy
from tracker.reports.pdf import PdfError, docx_to_pdf
from tracker.reports.routes import DOCX, bp

PDF = "application/pdf"


@bp.app_template_global()
def signed_links(expected_id: int) -> dict[int, int]:
    """{submission id: signed copy id}: the receiver's list of submissions links each to its signed copy."""
    return queries.signed_by_submission(expected_id)


@bp.app_template_global()
def official_copy(report_id: int | None = None, document_id: int | None = None):
    return queries.official_copy(report_id=report_id, document_id=document_id)


@bp.app_template_global()
def signed_form() -> SignedForm:
    return SignedForm()


def _report(report_id: int):
    report = queries.get_report_or_404(report_id)
    if not can_view_report(current_user, report):
        abort(403)
    return report


def _plan(document_id: int):
    document = get_document_or_404(document_id)
    if document.doc_type != "KH":
        abort(404)
    return document


def _report_name(report, ext: str) -> str:
    return file_name("BC", report.number_text if report.is_final else None, report.issued_on, ext,
                     draft_of=f"{report.expected.period_key}-v{report.version_no}")


def _pdf_or_back(content: bytes, name: str, back: str):
    try:
        pdf = docx_to_pdf(content)
    except PdfError as error:
        flash(str(error), "danger")
        return redirect(back)
    return send_file(io.BytesIO(pdf), mimetype=PDF, as_attachment=True, download_name=name)


@bp.get("/<int:report_id>/docx")
@login_required
def download(report_id: int):
    report = _report(report_id)
    return send_file(io.BytesIO(build_report_docx(report)), mimetype=DOCX, as_attachment=True,
                     download_name=_report_name(report, "docx"))


@bp.get("/<int:report_id>/pdf")
@login_required
def download_pdf(report_id: int):
    report = _report(report_id)
    return _pdf_or_back(build_report_docx(report), _report_name(report, "pdf"),
                        url_for("reports.detail", report_id=report.id))


@bp.get("/plan/<int:document_id>/docx")
@login_required
def plan_docx(document_id: int):
    """Any plan as a .docx in the format of its issuer, ready to be signed and issued."""
    document = _plan(document_id)
    content = build_plan_docx(document, *queries.plan_outline(document))
    name = file_name("KH", document.number_text, document.issued_on, "docx", draft_of=f"so-{document.id}")
    return send_file(io.BytesIO(content), mimetype=DOCX, as_attachment=True, download_name=name)


@bp.get("/plan/<int:document_id>/pdf")
@login_required
def plan_pdf(document_id: int):
    document = _plan(document_id)
    content = build_plan_docx(document, *queries.plan_outline(document))
    name = file_name("KH", document.number_text, document.issued_on, "pdf", draft_of=f"so-{document.id}")
    return _pdf_or_back(content, name, url_for("plans.detail", document_id=document.id))


def _attach(back: str, **target):
    form = SignedForm()
    if not form.validate():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(back)
    upload = form.file.data
    try:
        copy = signed.attach(actor=current_user, filename=upload.filename or "", content=upload.read(),
                             confirm_mismatch=bool(form.confirm.data), **target)
        db.session.commit()
    except signed.NumberMismatch as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(back)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(back)
    flash(f"Đã lưu bản đã ký làm bản chính thức (SHA-256 {copy.sha256}).", "success")
    if copy.note:
        flash(copy.note, "warning")
    return redirect(back)


@bp.post("/<int:report_id>/signed")
@login_required
def upload_signed(report_id: int):
    report = queries.get_report_or_404(report_id)
    if not can_upload_signed_report(current_user, report):
        abort(403)
    return _attach(url_for("reports.detail", report_id=report.id), report=report)


@bp.post("/plan/<int:document_id>/signed")
@login_required
def upload_plan_signed(document_id: int):
    document = _plan(document_id)
    if not can_edit_document(current_user, document):
        abort(403)
    return _attach(url_for("plans.detail", document_id=document.id), document=document)


@bp.get("/signed/<int:copy_id>")
@login_required
def signed_copy(copy_id: int):
    """The official signed copy: whoever may see the report (the compiling side, the receiver) or the plan."""
    copy = db.session.get(SignedCopy, copy_id)
    if copy is None:
        abort(404)
    if copy.report_id is not None and not can_view_report(current_user, db.session.get(Report, copy.report_id)):
        abort(404)
    blob = db.session.get(SubmissionFile, copy.file_id)
    return send_file(io.BytesIO(blob.content), mimetype=PDF, as_attachment=True, download_name=copy.filename)
