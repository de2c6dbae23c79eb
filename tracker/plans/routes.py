"""Document pages: list and filters, detail, create/edit, implements links, the cascade view."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.core.exceptions import DomainError
from tracker.core.inputs import page_arg, parse_id
from tracker.extensions import db
from tracker.permissions import can_create_document, can_edit_document, can_link_documents, can_register_document
from tracker.plans import queries, services
from tracker.plans.forms import DocumentForm, LinkForm, UnlinkForm
from tracker.plans.models import DOC_TYPES, DocumentLink
from tracker.plans.unit_tasks_html import tasks_by_unit_html
from tracker.units.queries import get_unit_or_404

bp = Blueprint("plans", __name__, url_prefix="/documents")
# Nodes a cascade page renders at once; deeper levels open on demand (3,300 commune plans under 107-KL/TW).
CASCADE_BUDGET = 300


def _int_arg(name: str) -> int | None:
    return parse_id(request.args.get(name))


@bp.get("/")
@login_required
def index():
    q = request.args.get("q", "").strip()[:200]
    doc_type = request.args.get("type") if request.args.get("type") in DOC_TYPES else None
    issuer = get_unit_or_404(_int_arg("issuer")) if _int_arg("issuer") else None
    year = _int_arg("year")
    page = db.paginate(queries.documents_list(current_user, q, doc_type, issuer.id if issuer else None, year),
                       page=page_arg(), per_page=30, error_out=False)
    return render_template("plans/index.html", page=page, q=q, doc_type=doc_type, issuer=issuer, year=year,
                           years=queries.document_years(current_user), doc_types=DOC_TYPES)


@bp.get("/pick")
@login_required
def pick():
    q = request.args.get("parent_query", "").strip()[:200]
    hits = list(db.session.scalars(queries.documents_list(current_user, q).limit(15))) if q else []
    return render_template("plans/_pick.html", hits=hits)


@bp.get("/<int:document_id>")
@login_required
def detail(document_id: int):
    document = queries.get_document_or_404(document_id, current_user)
    up, down = queries.links_of(document, current_user)
    return render_template("plans/detail.html", document=document, links_up=up, links_down=down,
                           unit_groups=queries.tasks_by_unit(document), tasks_by_unit_html=tasks_by_unit_html,
                           link_form=LinkForm(), unlink_form=UnlinkForm())


def _issuer_refused(fields: dict) -> str | None:
    """Why the current user may not save a document of this issuer (and text), or None."""
    issuer, has_text = fields["issuer"], bool((fields["body_md"] or "").strip())
    if can_register_document(current_user, issuer, has_text):
        return None
    if issuer is None:
        return "Văn bản có nội dung phải chọn cơ quan ban hành trong cây đơn vị (cơ quan của bạn hoặc đơn vị trực thuộc)."
    if has_text:
        return (f"Bạn chỉ lưu được văn bản có nội dung do cơ quan mình hoặc đơn vị trực thuộc ban hành; “{issuer.name}” "
                "không thuộc phạm vi đó. Văn bản của cấp trên hãy ghi là văn bản tham chiếu (không nhập nội dung).")
    return f"“{issuer.name}” không phải cơ quan của bạn hay cơ quan cấp trên: không thể ghi văn bản của cơ quan này."


def _refused(fields: dict) -> bool:
    problem = _issuer_refused(fields)
    if problem:
        flash(problem, "danger")
    return bool(problem)


def _fields(form: DocumentForm) -> dict:
    # The picked unit (a radio after the kept hidden value) wins: take the last value sent.
    chosen = (request.form.getlist("issuer_id") or [""])[-1]
    issuer = get_unit_or_404(parse_id(chosen)) if chosen.strip() else None
    return {"doc_type": form.doc_type.data, "number_text": form.number_text.data, "issued_on": form.issued_on.data,
            "issued_year": form.issued_year.data, "issuer": issuer, "issuer_name": form.issuer_name.data,
            "title": form.title.data, "body_md": form.body_md.data, "place": form.place.data,
            "signer_authority": form.signer_authority.data, "signer_position": form.signer_position.data,
            "signer_name": form.signer_name.data,
            "is_public": {"public": True, "scoped": False}.get(form.visibility.data)}


@bp.route("/create", methods=["GET", "POST"])
@login_required
def create():
    if not can_create_document(current_user):
        abort(403)
    form = DocumentForm()
    if form.validate_on_submit() and not _refused(_fields(form)):
        try:
            document = services.create_document(actor=current_user, **_fields(form))
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(f"Đã lưu {document.label}.", "success")
            return redirect(url_for("plans.detail", document_id=document.id))
    status = 200 if request.method == "GET" else 422
    return render_template("plans/form.html", form=form, document=None), status


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
def edit(document_id: int):
    document = queries.get_document_or_404(document_id, current_user)
    if not can_edit_document(current_user, document):
        abort(403)
    form = DocumentForm(obj=document)
    if request.method == "GET":
        form.number_text.data = document.number_text
        form.issuer_id.data = str(document.issuer_id or "")
        form.visibility.data = "public" if document.is_public else "scoped"
    if form.validate_on_submit() and not _refused(_fields(form)):
        try:
            services.update_document(actor=current_user, document=document, **_fields(form))
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash("Đã lưu thay đổi.", "success")
            return redirect(url_for("plans.detail", document_id=document.id))
    status = 200 if request.method == "GET" else 422
    return render_template("plans/form.html", form=form, document=document), status


@bp.post("/<int:document_id>/links")
@login_required
def link(document_id: int):
    document = queries.get_document_or_404(document_id, current_user)
    if not can_link_documents(current_user, document):
        abort(403)
    form = LinkForm()
    if form.validate_on_submit() and parse_id(form.parent_id.data):
        parent = queries.get_document_or_404(parse_id(form.parent_id.data), current_user)
        try:
            services.link_documents(actor=current_user, child=document, parent=parent, relation=form.relation.data)
            db.session.commit()
            flash("Đã thêm liên kết.", "success")
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
    else:
        flash("Hãy chọn văn bản cấp trên trong kết quả tìm kiếm.", "danger")
    return redirect(url_for("plans.detail", document_id=document.id))


@bp.post("/<int:document_id>/links/delete")
@login_required
def unlink(document_id: int):
    document = queries.get_document_or_404(document_id, current_user)
    if not can_link_documents(current_user, document):
        abort(403)
    form = UnlinkForm()
    if form.validate_on_submit() and parse_id(form.link_id.data):
        link_row = db.session.get(DocumentLink, parse_id(form.link_id.data))
        if link_row is None or link_row.child_id != document.id:
            abort(404)
        services.unlink_documents(actor=current_user, link=link_row)
        db.session.commit()
        flash("Đã bỏ liên kết.", "success")
    return redirect(url_for("plans.detail", document_id=document.id))


@bp.get("/<int:document_id>/cascade")
@login_required
def cascade(document_id: int):
    document = queries.get_document_or_404(document_id, current_user)
    return render_template("plans/cascade.html", cascade=queries.cascade(document, current_user, budget=CASCADE_BUDGET))


@bp.get("/<int:document_id>/cascade/branch")
@login_required
def cascade_branch(document_id: int):
    """The documents below one collapsed node of a cascade (htmx), themselves collapsed past the budget."""
    document = queries.get_document_or_404(document_id, current_user)
    return render_template("plans/_cascade_branch.html",
                           nodes=queries.cascade(document, current_user, budget=CASCADE_BUDGET).below)
