"""Read endpoints for the client itself, the unit tree and documents (plans with their tasks)."""
from __future__ import annotations

from sqlalchemy import func, select

from tracker.api import present
from tracker.api.framework import ApiBlueprint, Problem, api_user, requires
from tracker.api.pagination import keyset
from tracker.api.schemas import (ClientSchema, DocumentArgs, DocumentDetailSchema, DocumentSchema, PlanSchema,
                                 UnitArgs, UnitDetailSchema, UnitSchema, page_of)
from tracker.core.timeutil import today_vn
from tracker.core.vntext import search_tokens
from tracker.extensions import db
from tracker.plans import queries as plan_queries
from tracker.plans.models import Document, Task
from tracker.tasks import queries as task_queries
from tracker.tasks.deadlines import state_expr
from tracker.units import queries as unit_queries
from tracker.units.models import Unit

me_bp = ApiBlueprint("api_me", __name__, url_prefix="/api/v1", description="Ứng dụng đang gọi")
units_bp = ApiBlueprint("api_units", __name__, url_prefix="/api/v1/units", description="Cây đơn vị")
documents_bp = ApiBlueprint("api_documents", __name__, url_prefix="/api/v1",
                            description="Văn bản, kế hoạch và liên kết thực hiện")


@me_bp.get("/me")
@me_bp.response(200, ClientSchema)
@requires("read")
def me():
    """The calling client: its unit, the role of its principal user and its scopes."""
    from flask import g

    client = g.api_client
    return {"id": client.id, "name": client.name, "unit_id": client.unit_id, "unit_name": client.unit.name,
            "role": client.user.role, "scopes": sorted(client.scope_set)}


@units_bp.get("")
@units_bp.arguments(UnitArgs, location="query")
@units_bp.response(200, page_of(UnitSchema, "UnitPage"))
@requires("read")
def index(args):
    """Units (the tree is readable by every user, as on the pages): children of `parent_id`, the subtree of
    `within`, a folded name search `q` (Ủy/Uỷ, accents, abbreviations); ordered by (updated_at, id)."""
    stmt = select(Unit)
    tokens = search_tokens(args.get("q") or "")
    for token in tokens:
        stmt = stmt.where(Unit.search_text.contains(token, autoescape=True))
    if args.get("parent_id"):
        stmt = stmt.where(Unit.parent_id == args["parent_id"])
    if args.get("within"):
        stmt = stmt.where(Unit.id.in_(unit_queries.subtree_ids(args["within"])))
    if args.get("active") is not None:
        stmt = stmt.where(Unit.effective_to.is_(None) if args["active"] else Unit.effective_to.is_not(None))
    rows, cursor = keyset(stmt, Unit.updated_at, Unit.id, args)
    return {"items": [present.unit(u) for u in rows], "next_cursor": cursor}


@units_bp.get("/<int:unit_id>")
@units_bp.response(200, UnitDetailSchema)
@requires("read")
def detail(unit_id: int):
    """One unit with its path from the root, aliases, name history, successor and number of children."""
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise Problem(404)
    children = db.session.scalar(select(func.count(Unit.id)).where(Unit.parent_id == unit.id)) or 0
    return {**present.unit(unit), "path": [{"id": u.id, "name": u.name} for u in unit_queries.ancestors(unit.id)],
            "children": children, "aliases": [a.name for a in unit.aliases],
            "names": [{"name": n.name, "valid_from": n.valid_from.isoformat() if n.valid_from else None,
                       "valid_to": n.valid_to.isoformat() if n.valid_to else None}
                      for n in unit_queries.name_history(unit.id)]}


def _document_or_404(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    from tracker.permissions import can_view_document

    if document is None or not can_view_document(api_user(), document):
        raise Problem(404)
    return document


@documents_bp.get("/documents")
@documents_bp.arguments(DocumentArgs, location="query")
@documents_bp.response(200, page_of(DocumentSchema, "DocumentPage"))
@requires("read")
def index(args):  # noqa: F811 - one `index` per blueprint
    """Documents the client may read (the pages' rule, in SQL), filtered; ordered by (updated_at, id)."""
    stmt = plan_queries.documents_list(api_user(), args.get("q") or "", args.get("doc_type"),
                                       args.get("issuer_id")).order_by(None)
    rows, cursor = keyset(stmt, Document.updated_at, Document.id, args)
    return {"items": [present.document(d) for d in rows], "next_cursor": cursor}


@documents_bp.get("/documents/<int:document_id>")
@documents_bp.response(200, DocumentDetailSchema)
@requires("read")
def detail(document_id: int):  # noqa: F811
    """One document with the documents it implements and those implementing it (only readable ones)."""
    document = _document_or_404(document_id)
    up, down = plan_queries.links_of(document, api_user())
    return present.document_detail(document, up, down)


@documents_bp.get("/plans/<int:document_id>")
@documents_bp.response(200, PlanSchema)
@requires("read")
def plan(document_id: int):
    """A plan (document of type KH) with its tasks the client may see, each with its assignments."""
    document = _document_or_404(document_id)
    if document.doc_type != "KH":
        raise Problem(404, "Văn bản này không phải kế hoạch.")
    user, today = api_user(), today_vn()
    state = state_expr(today)
    rows = db.session.execute(select(Task, state).where(Task.document_id == document.id,
                                                        task_queries.visible_clause(user))
                              .order_by(Task.position, Task.id)).all()
    assigned, grouped = present.units_of([t.id for t, _ in rows], today)
    up, down = plan_queries.links_of(document, user)
    return {**present.document_detail(document, up, down),
            "tasks": [present.task(t, s, assigned[t.id], grouped[t.id]) for t, s in rows]}
