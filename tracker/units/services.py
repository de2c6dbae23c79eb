"""Writes to the unit tree: create, rename, move, retire, aliases; each keeps the closure table and audit log."""
from __future__ import annotations

from datetime import date, timedelta

from blinker import Namespace
from sqlalchemy import delete, insert, select, true
from sqlalchemy.orm import aliased

from tracker.core.audit import changed, record, snapshot
from tracker.core.exceptions import DomainError
from tracker.core.vntext import name_key, nfc
from tracker.extensions import db
from tracker.units.models import KIND_LABELS, LEVEL_LABELS, Unit, UnitAlias, UnitClosure, UnitName
from tracker.units.queries import is_within

NAME_MAX = 200
# Other domains react to a unit ending (plans hand its open tasks to the successor) without units importing them.
signals = Namespace()
unit_retired = signals.signal("unit-retired")
# Asked before a reorganisation is applied: each domain answers what of the unit's work it would move.
unit_work = signals.signal("unit-work")
_FIELDS = ["name", "short_name", "kind", "level", "parent_id", "effective_from", "effective_to", "successor_id"]


def _clean_name(name: str, label: str = "Tên đơn vị") -> str:
    name = nfc(name)
    if not name:
        raise DomainError(f"{label} không được để trống.")
    if len(name) > NAME_MAX:
        raise DomainError(f"{label} quá dài (tối đa {NAME_MAX} ký tự).")
    return name


def _check_unique(parent_id: int | None, name: str, exclude_id: int | None = None) -> None:
    stmt = select(Unit).where(Unit.name_key == name_key(name),
                              Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id)
    if exclude_id is not None:
        stmt = stmt.where(Unit.id != exclude_id)
    clash = db.session.scalars(stmt.limit(1)).first()
    if clash is not None:
        raise DomainError(f"Đã có đơn vị “{clash.name}” trong cùng đơn vị cấp trên; "
                          "hãy đặt tên khác hoặc thêm tên gọi khác cho đơn vị đó.")


def _check_choices(kind: str, level: str) -> None:
    if kind not in KIND_LABELS:
        raise DomainError("Loại đơn vị không hợp lệ.")
    if level not in LEVEL_LABELS:
        raise DomainError("Cấp không hợp lệ.")


def create_unit(*, actor, name: str, parent: Unit | None, kind: str = "other", level: str | None = None,
                short_name: str | None = None, effective_from: date | None = None,
                aliases: list[str] | None = None) -> Unit:
    """Add a unit under `parent` (or as a root), with its closure rows and first name record."""
    name = _clean_name(name)
    level = level or (parent.level if parent else "central")
    _check_choices(kind, level)
    if parent is not None and not parent.is_active:
        raise DomainError(f"Đơn vị cấp trên “{parent.name}” đã ngừng hoạt động; không thể thêm đơn vị con.")
    _check_unique(parent.id if parent else None, name)
    unit = Unit(name=name, parent_id=parent.id if parent else None, kind=kind, level=level,
                short_name=nfc(short_name or "") or None, effective_from=effective_from)
    db.session.add(unit)
    for alias in aliases or []:
        unit.aliases.append(UnitAlias(name=_clean_name(alias, "Tên gọi khác"), name_key=name_key(alias)))
    unit.refresh_keys()
    db.session.flush()
    db.session.add(UnitClosure(ancestor_id=unit.id, descendant_id=unit.id, depth=0))
    if parent is not None:
        db.session.execute(insert(UnitClosure).from_select(
            ["ancestor_id", "descendant_id", "depth"],
            select(UnitClosure.ancestor_id, db.literal(unit.id), UnitClosure.depth + 1)
            .where(UnitClosure.descendant_id == parent.id)))
    db.session.add(UnitName(unit_id=unit.id, name=name, valid_from=effective_from))
    record(actor, "create", "unit", unit.id, f"Tạo đơn vị “{name}”", snapshot(unit, _FIELDS))
    return unit


def update_unit(*, actor, unit: Unit, name: str, short_name: str | None, kind: str, level: str,
                renamed_on: date) -> Unit:
    """Rename or reclassify a unit; a new name starts a new period in its name history."""
    name = _clean_name(name)
    _check_choices(kind, level)
    before = snapshot(unit, _FIELDS)
    if name_key(name) != unit.name_key:
        _check_unique(unit.parent_id, name, exclude_id=unit.id)
    if name != unit.name:
        current = db.session.scalars(select(UnitName).where(UnitName.unit_id == unit.id,
                                                            UnitName.valid_to.is_(None))).first()
        if current is not None:
            current.valid_to = renamed_on - timedelta(days=1)
        db.session.add(UnitName(unit_id=unit.id, name=name, valid_from=renamed_on))
    unit.name, unit.short_name, unit.kind, unit.level = name, nfc(short_name or "") or None, kind, level
    unit.refresh_keys()
    db.session.flush()
    diff = changed(before, unit)
    if diff:
        record(actor, "update", "unit", unit.id, f"Cập nhật đơn vị “{unit.name}”", diff)
    return unit


def move_unit(*, actor, unit: Unit, new_parent: Unit | None) -> Unit:
    """Put `unit` (and its subtree) under `new_parent`; never into its own subtree."""
    if new_parent is not None and is_within(new_parent.id, unit.id):
        raise DomainError(f"Không thể chuyển “{unit.name}” vào chính nó hoặc vào một đơn vị cấp dưới của nó.")
    if new_parent is not None and not new_parent.is_active:
        raise DomainError(f"Đơn vị cấp trên “{new_parent.name}” đã ngừng hoạt động.")
    new_parent_id = new_parent.id if new_parent else None
    if new_parent_id == unit.parent_id:
        return unit
    _check_unique(new_parent_id, unit.name, exclude_id=unit.id)
    old_parent_id = unit.parent_id
    sub = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit.id)
    # Detach: drop every (outside ancestor → subtree node) pair.
    db.session.execute(delete(UnitClosure).where(
        UnitClosure.descendant_id.in_(sub),
        UnitClosure.ancestor_id.not_in(select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit.id))),
        execution_options={"synchronize_session": False})
    if new_parent is not None:
        above, below = aliased(UnitClosure), aliased(UnitClosure)
        db.session.execute(insert(UnitClosure).from_select(
            ["ancestor_id", "descendant_id", "depth"],
            select(above.ancestor_id, below.descendant_id, above.depth + below.depth + 1)
            .select_from(above).join(below, true())  # every ancestor above × every node below: intended
            .where(above.descendant_id == new_parent.id, below.ancestor_id == unit.id)))
    unit.parent_id = new_parent_id
    db.session.flush()
    db.session.expire(unit, ["parent"])
    record(actor, "move", "unit", unit.id, f"Chuyển “{unit.name}” sang "
           f"“{new_parent.name if new_parent else 'cấp gốc'}”", {"parent_id": [old_parent_id, new_parent_id]})
    return unit


def retire_unit(*, actor, unit: Unit, retired_on: date, successor: Unit | None,
                overrides: dict | None = None) -> Unit:
    """Mark a unit as ended on `retired_on`, naming the unit that takes over its work. `overrides` (from a
    reorganisation that splits the unit) sends single items elsewhere: {"task": {task_id: unit_id},
    "duty": {duty_id: unit_id}}; the listeners of unit_retired honour it."""
    if not unit.is_active:
        raise DomainError(f"“{unit.name}” đã ngừng hoạt động từ {unit.effective_to:%d/%m/%Y}.")
    if successor is not None and successor.id == unit.id:
        raise DomainError("Đơn vị kế thừa phải là một đơn vị khác.")
    if successor is not None and not successor.is_active:
        raise DomainError(f"Đơn vị kế thừa “{successor.name}” cũng đã ngừng hoạt động.")
    if successor is not None and is_within(successor.id, unit.id):
        raise DomainError("Đơn vị kế thừa không thể là đơn vị cấp dưới của đơn vị bị giải thể.")
    if unit.effective_from and retired_on < unit.effective_from:
        raise DomainError("Ngày kết thúc không thể trước ngày bắt đầu hoạt động.")
    active_children = db.session.scalar(select(Unit.id).where(Unit.parent_id == unit.id,
                                                              Unit.effective_to.is_(None)).limit(1))
    if active_children is not None:
        raise DomainError("Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển hoặc giải thể chúng trước.")
    before = snapshot(unit, _FIELDS)
    unit.effective_to = retired_on
    unit.successor_id = successor.id if successor else None
    current = db.session.scalars(select(UnitName).where(UnitName.unit_id == unit.id,
                                                        UnitName.valid_to.is_(None))).first()
    if current is not None:
        current.valid_to = retired_on
    db.session.flush()
    record(actor, "retire", "unit", unit.id, f"Chấm dứt hoạt động “{unit.name}”"
           + (f", kế thừa: “{successor.name}”" if successor else ""), changed(before, unit))
    unit_retired.send(unit, successor=successor, actor=actor, overrides=overrides or {})
    return unit


def add_alias(*, actor, unit: Unit, name: str) -> UnitAlias:
    """Record another name a text may use for the unit."""
    name = _clean_name(name, "Tên gọi khác")
    key = name_key(name)
    if key == unit.name_key or any(a.name_key == key for a in unit.aliases):
        raise DomainError(f"“{name}” đã là tên hoặc tên gọi khác của đơn vị này.")
    alias = UnitAlias(name=name, name_key=key)
    unit.aliases.append(alias)
    unit.refresh_keys()
    db.session.flush()
    record(actor, "alias", "unit", unit.id, f"Thêm tên gọi khác “{name}” cho “{unit.name}”")
    return alias


def remove_alias(*, actor, unit: Unit, alias_id: int) -> None:
    alias = next((a for a in unit.aliases if a.id == alias_id), None)
    if alias is None:
        raise DomainError("Không tìm thấy tên gọi khác này.")
    unit.aliases.remove(alias)
    unit.refresh_keys()
    db.session.flush()
    record(actor, "alias", "unit", unit.id, f"Bỏ tên gọi khác “{alias.name}” của “{unit.name}”")
