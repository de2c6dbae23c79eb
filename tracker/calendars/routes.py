"""The calendar blueprint: the user's feed-token page (create, revoke) and the public .ics feed."""
from __future__ import annotations

import re

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.calendars import models  # noqa: F401 - the table known to Alembic and the mapper
from tracker.calendars import queries, services
from tracker.calendars.ics import build_feed_ics, submission_event, task_event
from tracker.core.timeutil import today_vn, utcnow
from tracker.extensions import db
from tracker.permissions import can_subscribe_calendar

bp = Blueprint("calendars", __name__, url_prefix="/calendar")
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _page(new_url: str | None = None, status: int = 200):
    response = make_response(render_template("calendars/index.html", token=queries.active_token(current_user),
                                             new_url=new_url), status)
    response.headers["Cache-Control"] = "no-store"  # the secret URL must not stay in any cache
    return response


@bp.get("/")
@login_required
def index():
    if not can_subscribe_calendar(current_user):
        abort(403)
    return _page()


@bp.post("/token")
@login_required
def create():
    if not can_subscribe_calendar(current_user):
        abort(403)
    raw = services.issue_token(actor=current_user)
    db.session.commit()
    # Rendered, not redirected: the secret is shown this once and never stored in clear.
    return _page(url_for("calendars.feed", token=raw, _external=True))


@bp.post("/token/revoke")
@login_required
def revoke():
    if not can_subscribe_calendar(current_user):
        abort(403)
    count = services.revoke_tokens(actor=current_user)
    db.session.commit()
    flash("Đã thu hồi đường dẫn lịch; các ứng dụng lịch đang dùng nó sẽ không cập nhật được nữa." if count
          else "Không có đường dẫn nào đang dùng.", "success" if count else "info")
    return redirect(url_for("calendars.index"))


@bp.get("/<token>.ics")
def feed(token: str):
    """No login (calendar apps send no cookies): the secret in the URL is the credential."""
    found = queries.token_by_secret(token) if TOKEN_SHAPE.fullmatch(token) else None
    if found is None or not can_subscribe_calendar(found.user):
        abort(404)
    owner, today = found.user, today_vn()
    domain = request.host.split(":")[0]
    events = [task_event(task, role, state, url_for("tasks.detail", task_id=task.id, _external=True), domain)
              for task, role, state in queries.feed_tasks(owner, today)]
    events += [submission_event(e, status, url_for("duties.expected", expected_id=e.id, _external=True), domain)
               for e, status in queries.feed_submissions(owner, today)]
    content = build_feed_ics(events, name=f"Hạn công việc – {owner.unit.name}", stamp=utcnow())
    services.mark_used(found)
    db.session.commit()
    response = make_response(content)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="lich-cong-viec.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
