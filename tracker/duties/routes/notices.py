"""Notifications (the bell and its page) and the mail outbox an admin reads."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from tracker.core.inputs import page_arg
from tracker.core.timeutil import utcnow
from tracker.duties import queries, services
from tracker.duties.forms import ActionForm
from tracker.duties.routes import bp
from tracker.extensions import db
from tracker.permissions import can_read_outbox


@bp.app_context_processor
def _bell() -> dict:
    def unread_notifications() -> int:
        return queries.unread_count(current_user) if current_user.is_authenticated else 0
    return {"unread_notifications": unread_notifications}


@bp.get("/notifications")
@login_required
def notifications():
    page = db.paginate(queries.notifications_for(current_user), page=page_arg(), per_page=50, error_out=False)
    return render_template("duties/notifications.html", page=page, action_form=ActionForm())


@bp.post("/notifications/read")
@login_required
def mark_read():
    if not ActionForm().validate_on_submit():
        abort(400)
    services.mark_notifications_read(user=current_user, now=utcnow())
    db.session.commit()
    return redirect(url_for("duties.notifications"))


@bp.get("/outbox")
@login_required
def outbox():
    if not can_read_outbox(current_user):
        abort(403)
    page = db.paginate(queries.outbox(), page=page_arg(), per_page=30, error_out=False)
    return render_template("duties/outbox.html", page=page)
