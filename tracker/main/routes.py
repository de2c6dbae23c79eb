"""Home page: what the signed-in user can do, with a few counts."""
from flask import Blueprint, render_template
from flask_login import login_required
from datetime import timedelta

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.plans.models import Document
from tracker.units.models import Unit

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def index():
    counts = {
        "units": db.session.scalar(select(func.count(Unit.id)).where(Unit.effective_to.is_(None))),
        "documents": db.session.scalar(select(func.count(Document.id))),
        "plans": db.session.scalar(select(func.count(Document.id)).where(Document.doc_type == "KH")),
    }
    recent = list(db.session.scalars(select(Document).order_by(Document.created_at.desc()).limit(8)))
    return render_template("main/index.html", counts=counts, recent=recent)


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
