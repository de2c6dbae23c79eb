"""Reads of the unit tree: subtrees through the closure table, search with Vietnamese folding."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from flask import abort, g, has_request_context, request
from sqlalchemy import Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from tracker.core import generations
from tracker.core.vntext import search_tokens
from tracker.extensions import db
from tracker.units.models import Unit, UnitClosure, UnitName


def get_unit_or_404(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        abort(404)
    return unit


def subtree_ids(ancestor_id: int, include_self: bool = True) -> Select:
    """A SELECT of the ids of every unit below `ancestor_id` (itself too, by default)."""
    stmt = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == ancestor_id)
    if not include_self:
        stmt = stmt.where(UnitClosure.depth > 0)
    return stmt


def is_within(unit_id: int, ancestor_id: int) -> bool:
    """Whether `unit_id` is `ancestor_id` or below it; asked once per pair in a page view (a plan's page asks
    its permission helpers the same question six times)."""
    memo = tree_memo("unit_within")
    key = (unit_id, ancestor_id)
    if memo is not None and key in memo:
        return memo[key]
    found = bool(db.session.scalar(select(exists().where(
        UnitClosure.ancestor_id == ancestor_id, UnitClosure.descendant_id == unit_id))))
    if memo is not None:
        memo[key] = found
    return found


def own_unit_walk(body_id: int):
    """A recursive CTE (id, kind, depth) of the body and the units below it, walking down parent links and stopping
    at each locality below the body (its insides are a body of their own): reads only those rows. The localities
    where it stops are in it (depth ≥ 1); callers keep or drop them."""
    walk = (select(Unit.id.label("id"), Unit.kind.label("kind"), literal(0).label("depth"))
            .where(Unit.id == body_id).cte("own_units", recursive=True))
    return walk.union_all(select(Unit.id, Unit.kind, walk.c.depth + 1).join(walk, Unit.parent_id == walk.c.id)
                          .where(or_(walk.c.kind != "locality", walk.c.depth == 0), walk.c.depth < 20))


def ancestors(unit_id: int) -> list[Unit]:
    """The path from the root down to the unit's parent (for breadcrumbs)."""
    stmt = (select(Unit).join(UnitClosure, UnitClosure.ancestor_id == Unit.id)
            .where(UnitClosure.descendant_id == unit_id, UnitClosure.depth > 0)
            .order_by(UnitClosure.depth.desc()))
    return list(db.session.scalars(stmt))


TREE_MEMOS = ("unit_body_ids", "unit_within", "units_whole_tree", "own_unit_ids", "unit_matchers")
_READING = "unit_tree_reading"


def request_memo(name: str = "unit_body_ids") -> dict | None:
    """A dict that lives for one read-only request (GET/HEAD: the tree cannot change under it), or for a block of
    another request that only reads the tree (reading_tree), else None."""
    if has_request_context() and (request.method in ("GET", "HEAD") or g.get(_READING)):
        return g.setdefault(name, {})
    return None


@contextmanager
def reading_tree():
    """Within this block of a request that may write (an import's upload builds its review in a POST), the unit
    tree is only read: each unit's body and each "is A within B" is asked once, as in a page view (the review
    asked the issuer's body again for every unit a plan names: 25 statements for a 14-task plan). The answers
    are forgotten when the block ends."""
    if not has_request_context() or request.method in ("GET", "HEAD") or g.get(_READING):
        yield
        return
    g.setdefault(_READING, True)
    try:
        yield
    finally:
        g.pop(_READING, None)
        for name in TREE_MEMOS:
            g.pop(name, None)


def tree_memo(name: str = "unit_body_ids") -> dict | None:
    """In a read-only request, a dict kept in the process while the unit tree is unchanged (PostgreSQL: the
    visibility generation, which the tree's triggers move), else for the request (request_memo): each page asked
    the database again for the user's body and whether a plan's issuer lies within it (two to four statements,
    2–4 ms of a cheap page)."""
    memo = request_memo(name)
    if memo is None or request.method not in ("GET", "HEAD"):  # within reading_tree: this request's own
        return memo
    kept = generations.kept_memo(generations.VISIBILITY, ("unit_tree", name))
    return kept if kept is not None else memo


def body_id_of(unit_id: int) -> int | None:
    """The nearest enclosing locality (the body whose subtree a monitor watches), or the root; asked once per
    unit in a page view."""
    memo = tree_memo()
    if memo is not None and unit_id in memo:
        return memo[unit_id]
    found = _body_id_of(unit_id)
    if memo is not None:
        memo[unit_id] = found
    return found


def body_ids_of(unit_ids) -> dict[int, int | None]:
    """body_id_of for many units: one query (a unit outside any locality asks for its root apart)."""
    ids = sorted(set(unit_ids))
    memo = tree_memo()
    known = {i: memo[i] for i in ids if i in memo} if memo is not None else {}
    missing = [i for i in ids if i not in known]
    if missing:
        nearest: dict[int, tuple[int, int]] = {}
        for unit_id, body_id, depth in db.session.execute(
                select(UnitClosure.descendant_id, UnitClosure.ancestor_id, UnitClosure.depth)
                .join(Unit, Unit.id == UnitClosure.ancestor_id)
                .where(UnitClosure.descendant_id.in_(missing), Unit.kind == "locality")):
            if unit_id not in nearest or depth < nearest[unit_id][1]:
                nearest[unit_id] = (body_id, depth)
        for unit_id in missing:
            known[unit_id] = nearest[unit_id][0] if unit_id in nearest else body_id_of(unit_id)
            if memo is not None:
                memo[unit_id] = known[unit_id]
    return known


def _body_id_of(unit_id: int) -> int | None:
    stmt = (select(Unit.id).join(UnitClosure, UnitClosure.ancestor_id == Unit.id)
            .where(UnitClosure.descendant_id == unit_id, Unit.kind == "locality")
            .order_by(UnitClosure.depth).limit(1))
    found = db.session.scalar(stmt)
    if found is not None:
        return found
    root = (select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == unit_id)
            .order_by(UnitClosure.depth.desc()).limit(1))
    return db.session.scalar(root)


def children_with_counts(parent_id: int | None, include_retired: bool = True) -> list[tuple[Unit, int]]:
    """Direct children of a unit (or the roots), each with its number of direct children, in one query."""
    child = aliased(Unit)
    count = (select(func.count(child.id)).where(child.parent_id == Unit.id).correlate(Unit)
             .scalar_subquery())
    stmt = select(Unit, count).where(Unit.parent_id.is_(None) if parent_id is None
                                     else Unit.parent_id == parent_id)
    if not include_retired:
        stmt = stmt.where(Unit.effective_to.is_(None))
    stmt = stmt.order_by(Unit.effective_to.is_not(None), Unit.sort_name)
    return [(u, n) for u, n in db.session.execute(stmt)]


def search_units(query: str, limit: int = 50, within: int | None = None,
                 active_only: bool = False, with_places: bool = False) -> Select:
    """Units whose name, short name or alias contains every folded token of `query`.

    "uy ban mat tran", "Ủy ban MTTQ" and "Uỷ ban Mặt trận" give the same tokens once accents are
    folded and abbreviations spelled out, so they find the same units.

    `with_places` (the pickers a person types into): a token may also name a locality above the unit, since units
    inside a ward are often named without it ("Văn phòng HĐND và UBND phường" under Phường Vị Khê is found by
    "văn phòng hđnd vị khê"); at least one token must be in the unit's own name, and units whose own name holds
    every token come first.
    """
    tokens = search_tokens(query)
    stmt = select(Unit)
    own = [Unit.search_text.contains(t, autoescape=True) for t in tokens]
    if tokens and with_places:
        place, link = aliased(Unit), aliased(UnitClosure)

        def in_place(token: str):
            return exists(select(link.ancestor_id).join(place, place.id == link.ancestor_id).where(
                link.descendant_id == Unit.id, link.depth > 0, place.kind == "locality",
                place.search_text.contains(token, autoescape=True)))
        stmt = stmt.where(or_(*own), and_(*[or_(mine, in_place(t)) for t, mine in zip(tokens, own)]))
    elif tokens:
        stmt = stmt.where(and_(*own))
    if within is not None:
        stmt = stmt.where(Unit.id.in_(subtree_ids(within)))
    if active_only:
        stmt = stmt.where(Unit.effective_to.is_(None))
    first = [case((and_(*own), 0), else_=1)] if tokens and with_places else []
    return stmt.order_by(Unit.effective_to.is_not(None), *first, Unit.sort_name).limit(limit)


def paths_for(unit_ids: list[int]) -> dict[int, list[str]]:
    """Ancestor names for many units at once (one query), for showing where a search hit sits."""
    if not unit_ids:
        return {}
    anc = aliased(Unit)
    stmt = (select(UnitClosure.descendant_id, anc.name)
            .join(anc, anc.id == UnitClosure.ancestor_id)
            .where(UnitClosure.descendant_id.in_(unit_ids), UnitClosure.depth > 0)
            .order_by(UnitClosure.descendant_id, UnitClosure.depth.desc()))
    paths: dict[int, list[str]] = {i: [] for i in unit_ids}
    for descendant_id, name in db.session.execute(stmt):
        paths[descendant_id].append(name)
    return paths


def name_on(unit: Unit, day: date | None) -> str:
    """The unit's name on `day` (its name history), or its current name."""
    if day is None:
        return unit.name
    stmt = (select(UnitName.name).where(
        UnitName.unit_id == unit.id,
        (UnitName.valid_from.is_(None)) | (UnitName.valid_from <= day),
        (UnitName.valid_to.is_(None)) | (UnitName.valid_to >= day))
        .order_by(UnitName.valid_from.desc()).limit(1))
    return db.session.scalar(stmt) or unit.name


def name_history(unit_id: int) -> list[UnitName]:
    return list(db.session.scalars(select(UnitName).where(UnitName.unit_id == unit_id)
                                   .order_by(UnitName.valid_from)))


def subtree_size(unit_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(UnitClosure)
                             .where(UnitClosure.ancestor_id == unit_id)) or 0


def is_whole_tree(unit_id: int) -> bool:
    """Whether `unit_id` is the root of a tree with one root (every unit lies below it, so "in its subtree" is
    "any unit"); asked once per request."""
    cache = tree_memo("units_whole_tree")
    if cache is None:
        cache = g.setdefault("units_whole_tree", {})
    if unit_id not in cache:
        roots = select(func.count(Unit.id)).where(Unit.parent_id.is_(None)).scalar_subquery()
        cache[unit_id] = bool(db.session.scalar(select(Unit.id).where(Unit.id == unit_id, Unit.parent_id.is_(None),
                                                                      roots == 1)))
    return cache[unit_id]
