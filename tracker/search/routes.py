"""The search page (the top bar's box posts here)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from tracker.search import indexer  # noqa: F401  (keeps the index current on every flush)
from tracker.search.models import KIND_LABELS
from tracker.search.queries import MAX_PAGE, search

bp = Blueprint("search", __name__, url_prefix="/search")


def _int(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 6 else None


@bp.get("/")
@login_required
def index():
    kind = request.args.get("kind") if request.args.get("kind") in KIND_LABELS else None
    page = min(max(_int("page") or 1, 1), MAX_PAGE)  # as search() reads it: the numbering follows
    results = search(current_user, request.args.get("q", ""), kind=kind, year=_int("year"), page=page)
    return render_template("search/index.html", results=results, kind=kind, year=_int("year"), page=page,
                           kinds=KIND_LABELS)
