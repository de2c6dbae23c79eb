"""The old address of the notifications page (now the notifications domain's) and the mail outbox an admin reads."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker.core.inputs import page_arg
from tracker.duties import queries
from tracker.duties.routes import bp
from tracker.extensions import db
from tracker.permissions import can_read_outbox


@bp.get("/notifications")
@login_required
def notifications():
    return redirect(url_for("notifications.index"), 301)


@bp.get("/outbox")
@login_required
def outbox():
    if not can_read_outbox(current_user):
        abort(403)
    page = db.paginate(queries.outbox(), page=page_arg(), per_page=30, error_out=False)
    return render_template("duties/outbox.html", page=page)
