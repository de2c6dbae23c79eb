"""Home page: "Việc cần làm", what the signed-in user must do today by role, each line a link to the action."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from tracker.core.timeutil import today_vn
from tracker.main.queries import home_for

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def index():
    today = today_vn()
    return render_template("main/index.html", home=home_for(current_user, today), today=today)


@bp.get("/healthz")
def health():
    return {"status": "ok"}
