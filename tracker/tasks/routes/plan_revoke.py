"""Withdraw or cancel a plan after seeing what becomes of its tasks and duties; an admin's delete of a mistaken
import."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker.core.exceptions import DomainError
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import can_delete_plan, can_revoke_plan
from tracker.plans.queries import get_document_or_404
from tracker.tasks import queries
from tracker.tasks.forms import DeletePlanForm, RevokeForm
from tracker.tasks.plan_lifecycle import EFFECT_LABELS, delete_plan, plan_effects, revoke_plan
from tracker.tasks.routes import bp


def _render(document, form, action: str, status: int = 200):
    effects = plan_effects(document, today_vn())
    return render_template("tasks/revoke.html", document=document, form=form, action=action, effects=effects,
                           labels=EFFECT_LABELS), status


@bp.route("/plan/<int:document_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(document_id: int):
    document = get_document_or_404(document_id, current_user)
    if not can_revoke_plan(current_user, document):
        abort(403 if queries.plan_in_scope(current_user, document) else 404)
    form = RevokeForm()
    if not form.validate_on_submit():
        return _render(document, form, "revoke", 200 if not form.is_submitted() else 422)
    try:
        revoke_plan(actor=current_user, document=document, kind=form.kind.data, reason=form.reason.data,
                    today=today_vn())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _render(get_document_or_404(document_id, current_user), form, "revoke", 422)
    db.session.commit()
    flash(f"Đã {document.revoked_label.lower()} kế hoạch; các nhiệm vụ không còn được tính từ hôm nay.", "success")
    return redirect(url_for("plans.detail", document_id=document.id))


@bp.route("/plan/<int:document_id>/delete", methods=["GET", "POST"])
@login_required
def delete(document_id: int):
    document = get_document_or_404(document_id, current_user)
    if not can_delete_plan(current_user, document):
        abort(403)
    form = DeletePlanForm()
    if not form.validate_on_submit() or (form.confirm.data or "").strip().upper() != "XÓA":
        if form.is_submitted():
            flash("Hãy gõ XÓA để xác nhận.", "danger")
        return _render(document, form, "delete", 422 if form.is_submitted() else 200)
    try:
        delete_plan(actor=current_user, document=document, today=today_vn())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _render(get_document_or_404(document_id, current_user), form, "delete", 422)
    db.session.commit()
    flash("Đã xóa kế hoạch nhập nhầm.", "success")
    return redirect(url_for("plans.index"))
