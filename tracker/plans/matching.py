"""Match names written in a plan ("Công an phường", "Ủy ban MTTQ", "UBND tỉnh") to units and documents.

A plan names its units the way its issuer sees them: "Công an phường" in a ward's plan is that ward's police.
So names are looked up in the issuer's body first (its nearest locality and everything below), then in the
enclosing bodies (the province above a ward), then everywhere; within a body a written name may omit the
place ("Công an phường" for "Công an phường Vị Khê") or use an abbreviation ("UB MTTQ").
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from tracker.core.docnumber import try_parse_doc_number
from tracker.core.vntext import expand_abbreviations, name_key
from tracker.extensions import db
from tracker.plans.models import Document
from tracker.units.models import Unit, UnitAlias, UnitClosure
from tracker.units.queries import body_id_of, own_unit_walk, request_memo

_GENERIC_WORDS = {"các", "cơ", "quan", "đơn", "vị", "và"}


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit | None
    how: str  # "exact", "alias", "prefix", "none"
    candidates: tuple[Unit, ...] = ()


def _key(text: str) -> str:
    return name_key(expand_abbreviations(text))


def _bodies_up(unit_id: int) -> list[int]:
    """The issuer's body, then each enclosing locality below the root (the root's subtree is everything:
    names there are looked up by key instead of loading the whole tree)."""
    stmt = (select(Unit.id).join(UnitClosure, UnitClosure.ancestor_id == Unit.id)
            .where(UnitClosure.descendant_id == unit_id, Unit.kind == "locality", Unit.parent_id.is_not(None))
            .order_by(UnitClosure.depth))
    bodies = list(db.session.scalars(stmt))
    first = body_id_of(unit_id)
    return bodies or ([first] if first else [])


def own_units(body_id: int):
    """SELECT of the body's own active units, nearest first: its subtree without the insides of the localities
    below it (a province's organs and its communes, not the 2,400 units inside them, which are bodies of their
    own). Walks down parent links and stops at each locality, so it reads only those rows."""
    walk = own_unit_walk(body_id)
    return (select(Unit).join(walk, walk.c.id == Unit.id).where(Unit.effective_to.is_(None))
            .order_by(walk.c.depth, Unit.sort_name))


def _units_in(body_id: int) -> list[Unit]:
    """A plan is matched against its body's own units; commune units named in full in a province's plan are
    found by the exact-name lookup."""
    return list(db.session.scalars(own_units(body_id)))


def matcher_for(issuer: Unit) -> UnitMatcher:
    """The issuer's UnitMatcher, one per request where the tree is only read (a page view, or
    units.queries.reading_tree): the import's review and its checks matched the same names against the same
    body's units, read twice."""
    memo = request_memo("unit_matchers")
    if memo is None:
        return UnitMatcher(issuer)
    if issuer.id not in memo:
        memo[issuer.id] = UnitMatcher(issuer)
    return memo[issuer.id]


class UnitMatcher:
    """Resolves written unit names for one plan; caches each body's units (a handful of queries per plan)."""

    def __init__(self, issuer: Unit | None):
        self.issuer = issuer
        self.bodies = _bodies_up(issuer.id) if issuer else []
        self._cache: dict[int, list[tuple[Unit, set[str]]]] = {}

    def _indexed(self, body_id: int) -> list[tuple[Unit, set[str]]]:
        if body_id not in self._cache:
            units = _units_in(body_id)
            keys = {u.id: {u.name_key, _key(u.name)} | ({_key(u.short_name)} if u.short_name else set())
                    for u in units}
            if units:
                for alias in db.session.scalars(select(UnitAlias).where(
                        UnitAlias.unit_id.in_([u.id for u in units]))):
                    keys[alias.unit_id] |= {alias.name_key, _key(alias.name)}
            self._cache[body_id] = [(u, keys[u.id]) for u in units]
        return self._cache[body_id]

    def match(self, written: str) -> UnitMatch:
        """The unit a plan means by `written`, or candidates when several fit."""
        key = _key(written)
        if not key or set(key.split()) <= _GENERIC_WORDS:
            return UnitMatch(None, "none")
        for body_id in self.bodies:
            indexed = self._indexed(body_id)
            exact = [u for u, keys in indexed if key in keys]
            if len(exact) == 1:
                return UnitMatch(exact[0], "exact")
            prefix = [u for u, keys in indexed if any(k.startswith(key + " ") for k in keys)]
            if len(prefix) == 1:
                return UnitMatch(prefix[0], "prefix")
            if exact or prefix:
                nearest = sorted(exact or prefix, key=lambda u: len(u.name))
                return UnitMatch(None, "ambiguous", tuple(nearest[:5]))
        key = name_key(written)
        found = list(db.session.scalars(select(Unit).where(Unit.name_key == key, Unit.effective_to.is_(None))
                                        .limit(5)))
        found += list(db.session.scalars(select(Unit).join(UnitAlias, UnitAlias.unit_id == Unit.id).where(
            UnitAlias.name_key == key, Unit.effective_to.is_(None)).limit(5)))
        unique = {u.id: u for u in found}
        if len(unique) == 1:
            return UnitMatch(next(iter(unique.values())), "exact")
        return UnitMatch(None, "ambiguous" if unique else "none", tuple(unique.values()))


def match_document(number_text: str | None, issued_year: int | None = None) -> Document | None:
    """An existing document with this number (and year, when known); None when absent or ambiguous."""
    parsed = try_parse_doc_number(number_text or "")
    if parsed is None or parsed.number is None:
        return None
    stmt = select(Document).where(Document.number_key == parsed.key)
    if issued_year:
        stmt = stmt.where(or_(Document.issued_year == issued_year, Document.issued_year.is_(None)))
    found = list(db.session.scalars(stmt.limit(2)))
    return found[0] if len(found) == 1 else None
