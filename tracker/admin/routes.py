"""Admin pages: the audit log and the user list."""
from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.core.audit import AuditLog
from tracker.extensions import db
from tracker.permissions import can_manage_users, can_view_audit
from tracker.units.models import User

bp = Blueprint("admin", __name__, url_prefix="/admin")
ENTITIES = {"unit": "Đơn vị", "user": "Người dùng", "document": "Văn bản"}


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
    if not can_manage_users(current_user):
        abort(403)
    rows = list(db.session.scalars(select(User).order_by(User.role, User.username)))
    return render_template("admin/users.html", users=rows)
