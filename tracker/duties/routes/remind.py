"""Reminding late units asks first: which units (the late ones ticked), the sender's words, a preview; then sends."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.core.exceptions import DomainError
from tracker.core.timeutil import today_vn, utcnow
from tracker.core.urls import local_path
from tracker.duties import queries
from tracker.duties.forms import RemindLateForm
from tracker.duties.reminders import late_rows, message_for, remind_late_units
from tracker.duties.routes import bp
from tracker.extensions import db
from tracker.permissions import can_monitor_duty


@bp.route("/<int:duty_id>/remind", methods=["GET", "POST"])
@login_required
def remind(duty_id: int):
    duty = queries.get_duty_or_404(duty_id)
    if not can_monitor_duty(current_user, duty):
        abort(403)
    form = RemindLateForm(formdata=request.form if request.method == "POST" else request.args)
    today = today_vn()
    rows = late_rows(duty, today, (form.period.data or "")[:20] or None)
    form.expected_ids.choices = [(r.id, f"{r.name} – {r.period_label}") for r in rows]
    if request.method == "GET":
        form.expected_ids.data = [r.id for r in rows]
        form.note.data = form.note.default
    back = local_path(form.back.data) or url_for("duties.index")
    chosen = [r for r in rows if r.id in set(form.expected_ids.data or [])]
    status = 200
    if request.method == "POST" and request.form.get("action") == "send" and form.validate():
        try:
            count = remind_late_units(actor=current_user, duty=duty, today=today, now=utcnow(),
                                      period_key=form.period.data or None, expected_ids=form.expected_ids.data or [],
                                      note=form.note.data)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            status = 422
        else:
            db.session.commit()
            flash(f"Đã gửi nhắc nhở tới {count} đơn vị chưa nộp báo cáo." if count else
                  "Không có đơn vị nào cần nhắc thêm hôm nay (đã nhắc hôm nay hoặc đã nộp).",
                  "success" if count else "info")
            return redirect(back)
    elif request.method == "POST" and form.errors:
        flash("Chưa gửi: " + "; ".join(e for errors in form.errors.values() for e in errors), "danger")
        status = 422
    # The fixed part of each notice; the sender's words follow it (kept in step as they type).
    preview = [message_for("manual", duty.title, r.name, r.period_label, r.due_on) for r in chosen[:2]]
    return render_template("duties/remind.html", duty=duty, form=form, rows=rows, preview=preview, back=back,
                           chosen=len(chosen), today=today), status
