"""Home page: "Việc cần làm", what the signed-in user must do today by role, each line a link to the action."""
from datetime import timedelta

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tracker.core.timeutil import today_vn, utcnow
from tracker.extensions import db
from tracker.main.queries import home_for

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def index():
    today = today_vn()
    return render_template("main/index.html", home=home_for(current_user, today), today=today)


@bp.get("/healthz")
def health():
    """For the load balancer and monitoring: the database answers SELECT 1 (else 503), and the scheduler's last
    sweep (a day and a half without one means no scheduler process is running)."""
    from tracker.duties.queries import last_sweep

    try:
        db.session.execute(text("SELECT 1"))
        last = last_sweep()
    except DBAPIError:
        db.session.rollback()
        return {"status": "error", "database": "unreachable"}, 503
    late = last is None or utcnow() - last > timedelta(hours=36)
    return {"status": "ok", "database": "ok", "last_sweep_at": last.isoformat() + "Z" if last else None,
            "scheduler": "late" if late else "ok"}
