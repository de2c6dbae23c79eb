"""The search page (the top bar's box posts here)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from tracker.extensions import db
from tracker.search import indexer  # noqa: F401  (keeps the index current on every flush)
from tracker.search.models import KIND_LABELS
from tracker.search.queries import MAX_PAGE, search, unit_choices
from tracker.tasks.models import STATUS_LABELS
from tracker.units.models import Unit

bp = Blueprint("search", __name__, url_prefix="/search")


def _int(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _unit(name: str, label: str, notes: list[str]) -> Unit | None:
    """The unit a filter names by id; a value that names no unit is dropped, and the page says so."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    unit_id = _int(name)
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None:
        notes.append(f"Không tìm thấy {label} đã chọn; kết quả không lọc theo {label}.")
    return unit


@bp.get("/")
@login_required
def index():
    kind = request.args.get("kind") if request.args.get("kind") in KIND_LABELS else None
    status = request.args.get("status") if request.args.get("status") in STATUS_LABELS else None
    page = min(max(_int("page") or 1, 1), MAX_PAGE)  # as search() reads it: the numbering follows
    year = _int("year") if (_int("year") or 0) < 10_000 else None
    notes: list[str] = []
    unit = _unit("unit", "đơn vị", notes)
    issuer = _unit("issuer", "cơ quan ban hành", notes)
    results = search(current_user, request.args.get("q", ""), kind=kind, year=year, page=page, status=status,
                     unit_id=unit.id if unit else None, issuer_id=issuer.id if issuer else None)
    choices = unit_choices(current_user)
    known = {unit_id for unit_id, _ in choices}
    for chosen in (unit, issuer):  # a unit given by a link, outside the usual list: offered too, chosen
        if chosen is not None and chosen.id not in known:
            choices.append((chosen.id, chosen.name))
            known.add(chosen.id)
    args = {"q": results.query, "kind": kind or "", "year": year or "", "status": status or "",
            "unit": unit.id if unit else "", "issuer": issuer.id if issuer else ""}
    return render_template("search/index.html", results=results, kind=kind, year=year, page=page, status=status,
                           unit=unit, issuer=issuer, kinds=KIND_LABELS, statuses=STATUS_LABELS,
                           unit_choices=choices, args={k: v for k, v in args.items() if v != ""}, notes=notes)
