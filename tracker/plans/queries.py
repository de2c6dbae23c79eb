"""Reads of documents: filtered lists, and the cascade (ancestors and descendants in the implements-DAG)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, g, has_request_context, request
from sqlalchemy import Select, and_, any_, exists, false, func, literal, or_, select, true, union
from sqlalchemy.orm import aliased, joinedload, lazyload, load_only, undefer

from tracker.core import fulltext, generations
from tracker.core.db import among, int_array
from tracker.core.vntext import search_tokens
from tracker.extensions import db
from tracker.plans.models import Assignment, Document, DocumentLink, DocumentRecipient, Task
from tracker.units.models import Unit, UnitClosure
from tracker.units.queries import body_id_of, is_whole_tree, subtree_ids

IMPLEMENTS = "implements"
# Roles that act for their whole body (as on the task pages); others act for their own unit.
BODY_SCOPED_ROLES = {"monitor", "secretariat"}


def _body_of(user) -> int:
    cache = g.setdefault("plans_body_ids", {})
    if user.unit_id not in cache:
        cache[user.unit_id] = body_id_of(user.unit_id)
    return cache[user.unit_id]


def issuer_body_expr():
    """Correlated SQL: the issuer's body (nearest enclosing locality) of the outer Document row."""
    return (select(UnitClosure.ancestor_id).join(Unit, Unit.id == UnitClosure.ancestor_id)
            .where(UnitClosure.descendant_id == Document.issuer_id, Unit.kind == "locality")
            .order_by(UnitClosure.depth).limit(1).correlate(Document).scalar_subquery())


def _issuer_bodies() -> dict[int, int]:
    """PostgreSQL: {unit that issued a document: its body}, kept between requests while no document, issuer or
    unit moves (core.generations): asked of each of the country's 3,300 documents, the issuer's body was most of
    a document list's database time (three statements, 16 ms each). The body is issuer_body_expr's: the nearest
    enclosing locality, and an issuer under none is left out (units.queries.body_ids_of would give it the root,
    which the rule it stands for never did)."""
    def read() -> dict[int, int]:
        issuers = select(Document.issuer_id).where(Document.issuer_id.is_not(None))
        rows = db.session.execute(
            select(UnitClosure.descendant_id, UnitClosure.ancestor_id).join(Unit, Unit.id == UnitClosure.ancestor_id)
            .where(UnitClosure.descendant_id.in_(issuers), Unit.kind == "locality")
            .order_by(UnitClosure.descendant_id, UnitClosure.depth.desc()))
        return dict(rows.all())  # the nearest locality comes last for each unit, and stays
    memo = g.setdefault("plans_issuer_bodies", {}) if has_request_context() and request.method in ("GET", "HEAD") \
        else {}
    if "all" not in memo:  # a list asks it for its rows, its count and its years
        memo["all"] = generations.kept(generations.VISIBILITY, ("issuer_bodies",), read)
    return memo["all"]


def _issued_in_my_bodies(user):
    """SQL condition on Document: issued within a body the user works in (the nearest locality above the issuer
    is one above the user)."""
    my_bodies = (select(UnitClosure.ancestor_id).join(Unit, Unit.id == UnitClosure.ancestor_id)
                 .where(UnitClosure.descendant_id == user.unit_id, Unit.kind == "locality"))
    if not fulltext.is_postgresql():
        return issuer_body_expr().in_(my_bodies)
    cache = g.setdefault("plans_my_bodies", {})
    if user.unit_id not in cache:
        cache[user.unit_id] = set(db.session.scalars(my_bodies))
    bodies = cache[user.unit_id]
    issuers = [unit for unit, body in _issuer_bodies().items() if body in bodies]
    return Document.issuer_id == any_(int_array(issuers)) if issuers else false()


def visible_documents_clause(user):
    """SQL condition on Document: the user may read it. One rule for every page that shows a document, its
    tasks or its units: public documents; documents issued within the issuer's body the user works in (a ward
    reads its province's plan); documents issued by the user's body or any body below it; documents whose
    tasks are assigned to, or whose Nơi nhận lists, the user's unit, a unit above it, or a unit in the user's
    scope (their body for monitors and secretariats, their unit otherwise)."""
    if not getattr(user, "is_authenticated", False):
        return false()
    if getattr(user, "role", None) == "admin":
        return true()
    if not getattr(user, "unit_id", None):
        return Document.is_public
    # Built once per page view: a plan's page asks it for the plan, then for its links up and down.
    memo = g.setdefault("visible_documents_clause", {}) if has_request_context() and \
        request.method in ("GET", "HEAD") else {}
    if user.id not in memo:
        memo[user.id] = _visible_documents_clause(user)
    return memo[user.id]


def document_scope(user) -> int:
    """The unit whose subtree a user reads documents for: their body for monitors and secretariats, else their
    unit (a user with a unit)."""
    return _body_of(user) if user.role in BODY_SCOPED_ROLES else user.unit_id


def _visible_documents_clause(user):
    body = _body_of(user)
    scope = document_scope(user)
    above_me = select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == user.unit_id)
    # One set of units (a UNION), not "IN (above) OR IN (scope)": with the OR, PostgreSQL scanned a million
    # assignments, expected 767,000 documents, could not hash them and searched the list once per document
    # (10–12 s per statement for a province's document list at national scale). As one IN its estimate is
    # right and the documents are hashed once (measured against asking each document by EXISTS: the same for
    # the lists, 3 × faster for a search matching 3,300 documents).
    other = aliased(Assignment)
    if is_whole_tree(scope):
        # The centre: every unit is in scope, so the rule is "issued by a unit, or given to or sent to anyone";
        # spelt out as sets, it hashed all 83,000 units and a million assignments for one search.
        assigned_any = exists(select(other.id).join(Task, Task.id == other.task_id)
                              .where(Task.document_id == Document.id))
        listed_any = exists(select(DocumentRecipient.document_id).where(DocumentRecipient.document_id == Document.id))
        return or_(Document.is_public, Document.issuer_id.is_not(None), assigned_any, listed_any)
    units = union(above_me, subtree_ids(scope))
    assigned = select(Task.document_id).join(other, other.task_id == Task.id).where(other.unit_id.in_(units))
    from tracker.tasks.queries import visible_id_list  # tasks read plans; asked lazily, once per request

    task_ids = visible_id_list(user)
    if task_ids is not None:
        # PostgreSQL has already read the ids of the tasks the user sees in scope (assigned there, or for a body
        # issued there: those plans are the body's own, readable anyway): their plans, plus the plans of tasks
        # given to a unit above the user, instead of hashing the province's 30,000 assignments again.
        in_scope = select(Task.document_id).where(Task.id == any_(int_array(task_ids)))
        above = select(Task.document_id).join(other, other.task_id == Task.id).where(other.unit_id.in_(above_me))
        assigned = union(in_scope, above)
    listed = select(DocumentRecipient.document_id).where(DocumentRecipient.unit_id.in_(units))
    return or_(Document.is_public,
               Document.issuer_id.in_(subtree_ids(body)),
               _issued_in_my_bodies(user),
               Document.id.in_(assigned),
               Document.id.in_(listed))


def document_visible(user, document: Document) -> bool:
    """Whether the user may read this document (see visible_documents_clause)."""
    return bool(db.session.scalar(select(exists().where(Document.id == document.id,
                                                        visible_documents_clause(user)))))


def get_document_or_404(document_id: int, user) -> Document:
    """The document, or 404 when it does not exist or the user may not read it (its existence is not told)."""
    from tracker.permissions import can_view_document

    # The issuer's other names are read only where a page needs them (not one more query for every page).
    document = db.session.get(Document, document_id, options=[joinedload(Document.issuer).lazyload(Unit.aliases),
                                                              undefer(Document.body_md)]) \
        if document_id is not None else None
    if document is None or not can_view_document(user, document):
        abort(404)
    return document


def documents_list(user, q: str = "", doc_type: str | None = None, issuer_id: int | None = None,
                   year: int | None = None) -> Select:
    """Documents the user may read matching the search words (accent-insensitive) and filters, newest first. A
    list names a document's issuer by the name written on it (Document.issuer_name), so the issuer units are not
    read: joined, PostgreSQL hashed the country's 83,000 units for the 30 issuers of a page, and read apart they
    were three statements more (the units, their parents' and their own other names)."""
    stmt = select(Document).where(visible_documents_clause(user)).options(lazyload(Document.issuer))
    tokens = search_tokens(q)
    if tokens:
        stmt = stmt.where(and_(*[Document.search_text.contains(t, autoescape=True) for t in tokens]))
    if doc_type:
        stmt = stmt.where(Document.doc_type == doc_type)
    if issuer_id:
        stmt = stmt.where(Document.issuer_id == issuer_id)
    if year:
        stmt = stmt.where(Document.issued_year == year)
    return stmt.order_by(Document.issued_year.desc().nulls_last(), Document.issued_on.desc().nulls_last(),
                         Document.id.desc())


def document_years(user) -> list[int]:
    return [y for y in db.session.scalars(select(Document.issued_year).distinct()
                                          .where(Document.issued_year.is_not(None), visible_documents_clause(user))
                                          .order_by(Document.issued_year.desc()))]


def _walk(start_id: int, upward: bool):
    """Recursive CTE of (node, via, depth) reachable from start along implements links."""
    src, dst = (DocumentLink.child_id, DocumentLink.parent_id) if upward else (
        DocumentLink.parent_id, DocumentLink.child_id)
    base = (select(dst.label("node"), src.label("via"), literal(1).label("depth"))
            .where(src == start_id, DocumentLink.relation == IMPLEMENTS))
    cte = base.cte("walk", recursive=True)
    link = aliased(DocumentLink)
    lsrc, ldst = (link.child_id, link.parent_id) if upward else (link.parent_id, link.child_id)
    step = (select(ldst, lsrc, cte.c.depth + 1).join(cte, lsrc == cte.c.node)
            .where(link.relation == IMPLEMENTS, cte.c.depth < 50))
    return cte.union(step)


def ancestor_ids(document_id: int) -> set[int]:
    """Ids of every document that `document_id` implements, directly or not."""
    walk = _walk(document_id, upward=True)
    return set(db.session.scalars(select(walk.c.node).distinct()))


@dataclass
class CascadeNode:
    document: Document
    depth: int
    children: list[CascadeNode] = field(default_factory=list)
    repeated: bool = False  # shown already under another parent (the cascade is a DAG)
    descendant_count: int = 0
    collapsed: bool = False  # has children that are not rendered (opened on demand)


@dataclass
class Cascade:
    root: Document
    above: list[list[Document]]  # by distance: [direct parents, grandparents, ...]
    below: list[CascadeNode]
    counts: dict


CASCADE_COLUMNS = (Document.id, Document.doc_type, Document.number_text, Document.number, Document.issued_on,
                   Document.issued_year, Document.issuer_name, Document.title, Document.is_reference)


def _levels(root_id: int, edges: dict[int, list[int]]) -> list[list[int]]:
    """The documents below the root by first-seen depth (breadth first), each once."""
    seen, levels, frontier = {root_id}, [], [root_id]
    while frontier:
        level = [n for via in frontier for n in edges.get(via, []) if n not in seen and not seen.add(n)]
        if level:
            levels.append(level)
        frontier = level
    return levels


def _reachable(start: int, edges: dict[int, list[int]]) -> int:
    seen, stack = set(), list(edges.get(start, []))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, []))
    return len(seen)


def cascade(document: Document, user, budget: int | None = None) -> Cascade:
    """Everything above and below a document that the user may read, in three queries whatever the size of the
    cascade (a document the user may not read hides the branch below it). With a `budget`, only whole levels
    that fit in it are built: deeper nodes are `collapsed`, with their counts."""
    up, down = _walk(document.id, upward=True), _walk(document.id, upward=False)
    up_rows = db.session.execute(select(up.c.node, func.min(up.c.depth)).join(Document, Document.id == up.c.node)
                                 .where(visible_documents_clause(user)).group_by(up.c.node)).all()
    # Sorting and counting need two columns of every document below, read with the walk; the ORM rows are
    # loaded only for the documents shown (3,300 commune plans sit under 107-KL/TW).
    walked = db.session.execute(select(down.c.via, down.c.node, down.c.depth, Document.issued_year, Document.doc_type)
                                .join(Document, Document.id == down.c.node)
                                .where(visible_documents_clause(user)).distinct()).all()
    # One pass over the rows (each document's children, once each and in order; its year and kind; the deepest
    # level), then the levels breadth first, once: these loops were most of the page's time past its SQL.
    children: dict[int, dict[int, None]] = {}
    light: dict[int, tuple[int, str]] = {}
    for via, node, _, year, kind in walked:
        kids = children.get(via)
        if kids is None:
            kids = children[via] = {}
        kids[node] = None
        light[node] = (year or 0, kind)
    edges = {via: sorted(kids, key=lambda i: (light[i][0], i)) for via, kids in children.items()}
    levels = _levels(document.id, edges)
    reached = {document.id}.union(*levels)
    if len(reached) <= len(light):  # only what the root reaches through documents the user may read: an
        walked = [row for row in walked if row[0] in reached]  # unreadable plan hides its branch
        edges = {via: kids for via, kids in edges.items() if via in reached}
        light = {node: light[node] for _, node, _, _, _ in walked}
    levels_below = max((row[2] for row in walked), default=0)
    below_ids = set(light)
    limit = None
    if budget is not None:
        shown = 0
        for depth, level in enumerate(levels, start=1):
            if shown + len(level) > budget and depth > 1:
                limit = depth - 1
                break
            shown += len(level)
    shown_ids = {n for level in levels[:limit] for n in level} | {n for n, _ in up_rows}
    docs = {d.id: d for d in db.session.scalars(select(Document).where(Document.id.in_(shown_ids))
                                                .options(load_only(*CASCADE_COLUMNS), lazyload(Document.issuer)))
            } if shown_ids else {}
    above: list[list[Document]] = []
    for node, depth in sorted(up_rows, key=lambda r: r[1]):
        while len(above) < depth:
            above.append([])
        above[depth - 1].append(docs[node])
    above = [level for level in above if level]  # a level the user may not read leaves no empty row
    seen: set[int] = set()

    def build(doc_id: int, depth: int) -> CascadeNode:
        node = CascadeNode(docs[doc_id], depth, repeated=doc_id in seen)
        seen.add(doc_id)
        if node.repeated:
            return node
        if limit is not None and depth >= limit and edges.get(doc_id):
            node.collapsed, node.descendant_count = True, _reachable(doc_id, edges)
            return node
        node.children = [build(k, depth + 1) for k in edges.get(doc_id, [])]
        node.descendant_count = sum(1 + c.descendant_count for c in node.children if not c.repeated)
        return node

    below = [build(k, 1) for k in sorted(edges.get(document.id, []))]
    counts = {"above": len(up_rows), "below": len(below_ids),
              "levels_above": len(above), "levels_below": levels_below,
              "plans_below": sum(1 for n in below_ids if light[n][1] == "KH")}
    return Cascade(document, above, below, counts)


def links_of(document: Document, user) -> tuple[list[DocumentLink], list[DocumentLink]]:
    """(links up: documents it implements/cites/mentions, links down: documents implementing it), only to
    documents the user may read."""
    readable = select(Document.id).where(visible_documents_clause(user))
    # Only what Document.name reads: a province plan's 97 commune plans were loaded whole, each with its issuer
    # and the issuer's parent (two joined units per plan), for a line of text each.
    named = (load_only(Document.id, Document.doc_type, Document.number_text, Document.number, Document.issued_on,
                       Document.issued_year, Document.issuer_name), lazyload(Document.issuer))
    up = list(db.session.scalars(select(DocumentLink).where(DocumentLink.child_id == document.id,
                                                            DocumentLink.parent_id.in_(readable))
                                 .options(joinedload(DocumentLink.parent).options(*named))))
    down = list(db.session.scalars(select(DocumentLink).where(DocumentLink.parent_id == document.id,
                                                              DocumentLink.child_id.in_(readable))
                                   .options(joinedload(DocumentLink.child).options(*named))))
    return up, down



@dataclass
class UnitTasks:
    unit_name: str
    unit_id: int | None
    rows: list[tuple[Task, str]]  # (task, this unit's role)


def tasks_by_unit(document: Document) -> list[UnitTasks]:
    """A plan's tasks grouped by the units assigned (lead first), general tasks last; two queries."""
    tasks = {t.id: t for t in db.session.scalars(select(Task).where(Task.document_id == document.id,
                                                                    Task.withdrawn_on.is_(None))
                                                 .order_by(Task.position))}
    if not tasks:
        return []
    # The unit's name read per row (an index probe each): joined, PostgreSQL hashed all 83,000 units of the
    # country for a province plan's 2,000 assignments.
    name = select(Unit.name).where(Unit.id == Assignment.unit_id).scalar_subquery()
    rows = db.session.execute(select(Assignment.task_id, Assignment.role, Assignment.unit_id, name)
                              .where(among(Assignment.task_id, tasks))).all()
    order = {"lead": 0, "request": 1, "coordinate": 2}
    groups: dict[int, UnitTasks] = {}
    assigned: set[int] = set()
    for task_id, role, unit_id, unit_name in sorted(rows, key=lambda r: (tasks[r[0]].position, order[r[1]])):
        group = groups.setdefault(unit_id, UnitTasks(unit_name, unit_id, []))
        group.rows.append((tasks[task_id], role))
        assigned.add(task_id)
    result = sorted(groups.values(), key=lambda g: (-sum(r == "lead" for _, r in g.rows), g.unit_name))
    general = [(t, "general") for t in tasks.values() if t.id not in assigned]
    if general:
        result.append(UnitTasks("Nhiệm vụ chung (các cơ quan, đơn vị)", None, general))
    return result
