"""Home page: what the signed-in user can do, with a few counts."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.plans.models import Document
from tracker.plans.queries import visible_documents_clause
from tracker.units.models import Unit

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def index():
    readable = visible_documents_clause(current_user)
    counts = {
        "units": db.session.scalar(select(func.count(Unit.id)).where(Unit.effective_to.is_(None))),
        "documents": db.session.scalar(select(func.count(Document.id)).where(readable)),
        "plans": db.session.scalar(select(func.count(Document.id)).where(Document.doc_type == "KH", readable)),
    }
    recent = list(db.session.scalars(select(Document).where(readable).order_by(Document.created_at.desc()).limit(8)))
    return render_template("main/index.html", counts=counts, recent=recent)


@bp.get("/healthz")
def health():
    return {"status": "ok"}
