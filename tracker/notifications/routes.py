"""Notification pages: the list behind the bell (open one, mark all read, confirm a claim in place) and the
personal settings (how to be told of each kind, the e-mail address)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import lazyload

from tracker.core.exceptions import DomainError
from tracker.core.timeutil import utcnow
from tracker.core.inputs import page_arg
from tracker.extensions import db
from tracker.notifications import listeners, models, queries, services  # noqa: F401 - listeners connect here
from tracker.notifications.forms import ActionForm, settings_form
from tracker.permissions import can_read_inbox
from tracker.plans.models import Document

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
INBOX_MAX = 200
PASSWORD_ENDPOINTS = ("auth.change_password", "auth.password", "account.password")


@bp.get("/")
@login_required
def index():
    page = db.paginate(queries.notices_for(current_user), page=page_arg(), per_page=50, error_out=False)
    claims = queries.open_claims([n.task_id for n in page.items if n.kind == "task_claimed" and n.task_id])
    return render_template("notifications/index.html", page=page, action_form=ActionForm(), claims=claims)


@bp.get("/<int:notice_id>")
@login_required
def open_notice(notice_id: int):
    notice = queries.get_notice_or_404(current_user, notice_id)
    services.mark_read(notice=notice, now=utcnow())
    db.session.commit()
    if notice.task_id:
        return redirect(url_for("tasks.detail", task_id=notice.task_id))
    if notice.expected_id:
        return redirect(url_for("duties.expected", expected_id=notice.expected_id))
    return redirect(url_for("notifications.index"))


@bp.post("/read")
@login_required
def mark_all_read():
    if not ActionForm().validate_on_submit():
        abort(400)
    services.mark_all_read(user=current_user, now=utcnow())
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = settings_form(current_user, queries.preferences_of(current_user))
    failed = False
    if form.validate_on_submit():
        try:
            services.change_email(user=current_user, email=form.email.data or "")
            services.save_preferences(user=current_user, modes=form.modes())
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            failed = True
        else:
            db.session.commit()
            flash("Đã lưu cài đặt thông báo.", "success")
            return redirect(url_for("notifications.settings"))
    elif form.is_submitted():
        failed = True
        flash("Cài đặt chưa lưu: " + "; ".join(e for errors in form.errors.values() for e in errors), "danger")
    password_endpoint = next((e for e in PASSWORD_ENDPOINTS if e in current_app.view_functions), None)
    return render_template("notifications/settings.html", form=form, kinds=models.KINDS,
                           password_endpoint=password_endpoint), 422 if failed else 200


@bp.app_context_processor
def _bell() -> dict:
    def unread_notifications() -> int:
        from tracker.duties.queries import unread_count

        return unread_count(current_user) if current_user.is_authenticated else 0
    return {"unread_notifications": unread_notifications}


@bp.get("/inbox")
@login_required
def inbox():
    from tracker.notifications.inbox import STATE_BADGES, STATES, inbox_body_id, inbox_for

    if not can_read_inbox(current_user):
        abort(403)
    body_id = inbox_body_id(current_user)
    # The list names the issuer from the document's own column: the issuer's unit, joined by default, made
    # PostgreSQL hash all 83,000 units of the country for a body's few documents.
    rows = db.session.execute(inbox_for(current_user, body_id).options(lazyload(Document.issuer))
                              .limit(INBOX_MAX)).all()
    return render_template("notifications/inbox.html", rows=rows, states=STATES, badges=STATE_BADGES,
                           limit=INBOX_MAX)


@bp.get("/inbox/<int:document_id>")
@login_required
def open_document(document_id: int):
    from tracker.notifications.inbox import in_inbox, inbox_body_id

    if not can_read_inbox(current_user) or not in_inbox(current_user, inbox_body_id(current_user), document_id):
        abort(404)
    services.mark_document_read(user=current_user, document_id=document_id, now=utcnow())
    db.session.commit()
    return redirect(url_for("plans.detail", document_id=document_id))
