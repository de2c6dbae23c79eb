"""Groups of units a plan names together ("UBND các xã, phường", "các sở, ban, ngành", "Đảng ủy các xã"): every
unit of one kind and level within an area (a province's subtree), as the tree stood on a date. Resolved in SQL
through the closure table, so a national group of ~3,300 communes is one indexed query."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import lazyload

from tracker.core.vntext import expand_abbreviations, fold
from tracker.extensions import db
from tracker.units.models import KIND_LABELS, LEVEL_LABELS, Unit, UnitClosure

# The names offices give the usual groups; any other kind and level gets a generic label.
GROUP_LABELS = {
    ("people_committee", "commune"): "UBND các xã, phường",
    ("party_committee", "commune"): "Đảng ủy các xã, phường",
    ("locality", "commune"): "Các xã, phường",
    ("front", "commune"): "Ủy ban MTTQ các xã, phường",
    ("police", "commune"): "Công an các xã, phường",
    ("people_council", "commune"): "HĐND các xã, phường",
    ("agency", "province"): "Các sở, ban, ngành",
    ("people_committee", "province"): "UBND các tỉnh, thành phố",
    ("party_committee", "province"): "Các tỉnh ủy, thành ủy",
    ("locality", "province"): "Các tỉnh, thành phố",
    ("people_committee", "district"): "UBND các huyện",
    ("party_committee", "district"): "Các huyện ủy",
}
# Read from a plan's words, folded: which level a group phrase speaks of, then which kind of unit.
_LEVEL_WORDS = [("commune", r"\b(xa|phuong|dac khu|thi tran)\b"),
                ("district", r"\b(huyen|thi xa)\b|\b(cac|va) quan\b"),  # not the "quan" of "cơ quan"
                ("province", r"\b(tinh|thanh pho)\b")]
_KIND_WORDS = [("people_committee", r"\buy ban nhan dan\b"), ("people_council", r"\bhoi dong nhan dan\b"),
               ("front", r"\bmat tran\b"), ("police", r"\bcong an\b"),
               ("party_committee", r"\b(dang uy|cap uy|huyen uy|tinh uy|thanh uy)\b")]
_AGENCIES = re.compile(r"\b(cac )?so\b.*\bban\b.*\bnganh\b|\bcac so\b")


@dataclass(frozen=True)
class GroupOption:
    kind: str
    level: str
    members: int

    @property
    def label(self) -> str:
        return group_label(self.kind, self.level)


def group_label(kind: str, level: str) -> str:
    """“UBND các xã, phường”, or “Công an — cấp Xã/Phường” for a group without a usual name."""
    return GROUP_LABELS.get((kind, level)) or (
        f"{KIND_LABELS.get(kind, kind)} — cấp {LEVEL_LABELS.get(level, level)}")


def active_on(on: date):
    """SQL condition on Unit: it existed on `on`."""
    return ((Unit.effective_from.is_(None)) | (Unit.effective_from <= on)) & (
        (Unit.effective_to.is_(None)) | (Unit.effective_to >= on))


def member_ids(area_id: int, kind: str, level: str, on: date) -> Select:
    """A SELECT of the ids of the group's members: units of `kind` and `level` below `area_id` (not the area
    itself) that existed on `on`."""
    return (select(Unit.id).join(UnitClosure, UnitClosure.descendant_id == Unit.id)
            .where(UnitClosure.ancestor_id == area_id, UnitClosure.depth > 0, Unit.kind == kind,
                   Unit.level == level, active_on(on)))


def members(area_id: int, kind: str, level: str, on: date) -> list[Unit]:
    """The group's member units, in Vietnamese order; one query."""
    stmt = (select(Unit).where(Unit.id.in_(member_ids(area_id, kind, level, on)))
            .options(lazyload(Unit.aliases), lazyload(Unit.parent)).order_by(Unit.sort_name, Unit.id))
    return list(db.session.scalars(stmt))


def count_members(area_id: int, kind: str, level: str, on: date) -> int:
    return db.session.scalar(select(func.count()).select_from(member_ids(area_id, kind, level, on).subquery())) or 0


def available_groups(area_id: int, on: date, minimum: int = 1) -> list[GroupOption]:
    """The groups an area holds (kind × level with at least `minimum` units below it), the usual ones first;
    one GROUP BY over the area's subtree."""
    stmt = (select(Unit.kind, Unit.level, func.count()).join(UnitClosure, UnitClosure.descendant_id == Unit.id)
            .where(UnitClosure.ancestor_id == area_id, UnitClosure.depth > 0, active_on(on))
            .group_by(Unit.kind, Unit.level))
    options = [GroupOption(kind, level, n) for kind, level, n in db.session.execute(stmt) if n >= minimum]
    usual = list(GROUP_LABELS)
    return sorted(options, key=lambda o: (usual.index((o.kind, o.level)) if (o.kind, o.level) in usual
                                          else len(usual), o.label))


def group_from_name(name: str) -> tuple[str, str] | None:
    """(kind, level) a plan's group phrase names: “UBND các xã, phường” → people_committee/commune, “Các sở,
    ban, ngành” → agency/province, “Đảng ủy các xã” → party_committee/commune; None when it names no level
    (“các cơ quan, đơn vị”)."""
    text = fold(expand_abbreviations(name or ""))
    if _AGENCIES.search(text):
        return "agency", "province"
    level = next((lvl for lvl, pattern in _LEVEL_WORDS if re.search(pattern, text)), None)
    if level is None:
        return None
    kind = next((k for k, pattern in _KIND_WORDS if re.search(pattern, text)), None)
    return kind or "locality", level


def is_member(unit: Unit, area_id: int, kind: str, level: str, on: date) -> bool:
    """Whether `unit` belongs to the group on `on` (a unit created later in the area)."""
    return bool(unit.kind == kind and unit.level == level and unit.active_on(on) and db.session.scalar(
        select(func.count()).select_from(UnitClosure).where(
            UnitClosure.ancestor_id == area_id, UnitClosure.descendant_id == unit.id, UnitClosure.depth > 0)))


__all__ = ["GROUP_LABELS", "GroupOption", "group_label", "member_ids", "members", "count_members", "active_on",
           "available_groups", "group_from_name", "is_member"]
