"""Admin pages: the audit log and user management."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.admin.forms import UserForm
from tracker.auth import services as auth_services
from tracker.core.audit import AuditLog
from tracker.core.exceptions import DomainError
from tracker.extensions import db
from tracker.permissions import can_manage_users, can_view_audit
from tracker.units.models import User
from tracker.units.queries import get_unit_or_404

bp = Blueprint("admin", __name__, url_prefix="/admin")
ENTITIES = {"unit": "Đơn vị", "unit_proposal": "Đề xuất tạo đơn vị", "user": "Người dùng", "document": "Văn bản"}


def _require_user_admin() -> None:
    if not can_manage_users(current_user):
        abort(403)


def _chosen_unit():
    chosen = (request.form.getlist("unit_id") or [""])[-1]
    return get_unit_or_404(int(chosen)) if chosen.isdigit() else None


@bp.get("/audit")
@login_required
def audit():
    if not can_view_audit(current_user):
        abort(403)
    entity = request.args.get("entity") if request.args.get("entity") in ENTITIES else None
    stmt = select(AuditLog).order_by(AuditLog.id.desc())
    if entity:
        stmt = stmt.where(AuditLog.entity == entity)
    page = db.paginate(stmt, per_page=50, error_out=False)
    return render_template("admin/audit.html", page=page, entity=entity, entities=ENTITIES)


@bp.get("/users")
@login_required
def users():
    _require_user_admin()
    rows = list(db.session.scalars(select(User).order_by(User.role, User.username)))
    return render_template("admin/users.html", users=rows)


@bp.route("/users/create", methods=["GET", "POST"])
@login_required
def create_user():
    _require_user_admin()
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = auth_services.create_user(actor=current_user, username=form.username.data,
                                             full_name=form.full_name.data, password=form.password.data or "",
                                             role=form.role.data, unit=_chosen_unit(), email=form.email.data or None)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(f"Đã tạo người dùng “{user.username}”.", "success")
            return redirect(url_for("admin.users"))
    status = 200 if request.method == "GET" else 422
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    _require_user_admin()
    form = UserForm(obj=user)
    if request.method == "GET":
        form.unit_id.data = str(user.unit_id or "")
    if form.validate_on_submit():
        try:
            auth_services.update_user(actor=current_user, user=user, full_name=form.full_name.data,
                                      role=form.role.data, unit=_chosen_unit(), email=form.email.data or None,
                                      is_enabled=form.is_enabled.data, password=form.password.data or None)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash("Đã lưu thay đổi.", "success")
            return redirect(url_for("admin.users"))
    status = 200 if request.method == "GET" else 422
    return render_template("admin/user_form.html", form=form, user=user), status
