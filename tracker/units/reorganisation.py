"""Dated reorganisations: old units mapped to successors (merges and splits), previewed, applied in one go.

Applying reuses the single-unit machinery: each old unit is retired through services.retire_unit, whose
unit_retired signal makes the plans domain hand over open tasks and the duties domain hand over duties and
submissions not yet due; old units stay as records, so documents keep the names they were issued under.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select, update

from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.core.timeutil import utcnow
from tracker.core.vntext import nfc
from tracker.extensions import db
from tracker.units import services
from tracker.units.models import (USER_ACTIONS, Reorganisation, ReorganisationItem, ReorganisationOverride, Unit,
                                  UnitClosure, User)
from tracker.units.queries import is_within


def create_reorganisation(*, actor, name: str, effective_on: date | None) -> Reorganisation:
    """A draft reorganisation: a name ("Hợp nhất tỉnh A, B, C") and the day the successors take over."""
    name = nfc(name or "").strip()
    if not name:
        raise DomainError("Hãy đặt tên cho đợt sắp xếp đơn vị.")
    if len(name) > 200:
        raise DomainError("Tên đợt sắp xếp quá dài (tối đa 200 ký tự).")
    if effective_on is None:
        raise DomainError("Hãy chọn ngày có hiệu lực.")
    reorg = Reorganisation(name=name, effective_on=effective_on, state="draft",
                           created_by_id=getattr(actor, "id", None))
    db.session.add(reorg)
    db.session.flush()
    record(actor, "create", "reorganisation", reorg.id, f"Tạo đợt sắp xếp “{name}”, hiệu lực {effective_on:%d/%m/%Y}")
    return reorg


def _draft(reorg: Reorganisation) -> None:
    if reorg.state != "draft":
        raise DomainError("Đợt sắp xếp đã được áp dụng; không thể sửa.")


def add_item(*, actor, reorg: Reorganisation, old_unit: Unit, successor: Unit,
             users_action: str = "move") -> ReorganisationItem:
    """Map an old unit to its (default) successor and say whether its users move there or are disabled."""
    _draft(reorg)
    if users_action not in USER_ACTIONS:
        raise DomainError("Cách xử lý tài khoản người dùng không hợp lệ.")
    if old_unit.id == successor.id:
        raise DomainError("Đơn vị kế thừa phải khác đơn vị bị sắp xếp.")
    if not old_unit.is_active:
        raise DomainError(f"“{old_unit.name}” đã ngừng hoạt động.")
    if not successor.is_active:
        raise DomainError(f"Đơn vị kế thừa “{successor.name}” đã ngừng hoạt động.")
    if is_within(successor.id, old_unit.id):
        raise DomainError("Đơn vị kế thừa không thể là đơn vị cấp dưới của đơn vị bị sắp xếp.")
    olds = {i.old_unit_id for i in reorg.items}
    if old_unit.id in olds:
        raise DomainError(f"“{old_unit.name}” đã có trong đợt sắp xếp này.")
    if successor.id in olds:
        raise DomainError(f"“{successor.name}” cũng bị sắp xếp trong đợt này; hãy chọn đơn vị kế thừa cuối cùng.")
    item = ReorganisationItem(old_unit_id=old_unit.id, successor_id=successor.id, users_action=users_action)
    reorg.items.append(item)
    db.session.flush()
    record(actor, "update", "reorganisation", reorg.id, f"“{old_unit.name}” → “{successor.name}”",
           {"old_unit_id": old_unit.id, "successor_id": successor.id, "users": users_action})
    return item


def add_override(*, actor, item: ReorganisationItem, kind: str, object_id: int, successor: Unit) -> None:
    """For a split: one task or duty of the old unit goes to `successor` instead of the default one."""
    _draft(item.reorganisation)
    if kind not in ("task", "duty"):
        raise DomainError("Chỉ giao lại được nhiệm vụ hoặc chế độ báo cáo.")
    if not successor.is_active or successor.id == item.old_unit_id:
        raise DomainError("Đơn vị tiếp nhận phải là một đơn vị khác đang hoạt động.")
    db.session.add(ReorganisationOverride(item_id=item.id, kind=kind, object_id=object_id, successor_id=successor.id))
    db.session.flush()
    record(actor, "update", "reorganisation", item.reorganisation_id,
           f"{'Nhiệm vụ' if kind == 'task' else 'Chế độ báo cáo'} #{object_id} của “{item.old_unit.name}” → "
           f"“{successor.name}”", {"kind": kind, "object_id": object_id, "successor_id": successor.id})


@dataclass
class PreviewRow:
    item: ReorganisationItem
    work: dict = field(default_factory=dict)
    users: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # active sub-units not mapped: they move under the successor


def preview(reorg: Reorganisation) -> list[PreviewRow]:
    """What applying would move, per old unit: open tasks and assignments, duties owed and received,
    submissions not yet due (each domain answers through the unit_work signal), users, sub-units."""
    mapped = {i.old_unit_id for i in reorg.items}
    rows = []
    for item in reorg.items:
        row = PreviewRow(item)
        for _, answer in services.unit_work.send(item.old_unit, effective_on=reorg.effective_on):
            row.work.update({k: v for k, v in (answer or {}).items() if not k.endswith("_ids")})
        row.users = list(db.session.scalars(select(User.username).where(User.unit_id == item.old_unit_id)
                                            .order_by(User.username)))
        row.children = list(db.session.scalars(select(Unit.name).where(
            Unit.parent_id == item.old_unit_id, Unit.effective_to.is_(None), Unit.id.not_in(mapped))
            .order_by(Unit.sort_name)))
        rows.append(row)
    return rows


def _depth(unit_id: int) -> int:
    return db.session.scalar(select(db.func.max(UnitClosure.depth)).where(UnitClosure.descendant_id == unit_id)) or 0


def apply_reorganisation(*, actor, reorg: Reorganisation, today: date) -> int:
    """Apply on or after the effective date, all in the caller's transaction: deepest old units first, each
    one's unmapped active sub-units move under its successor, then it is retired the day before the effective
    date (open tasks, duties and submissions not yet due follow through unit_retired), then its users move or
    are disabled. Returns the number of units retired."""
    _draft(reorg)
    if today < reorg.effective_on:
        raise DomainError(f"Chưa đến ngày có hiệu lực {reorg.effective_on:%d/%m/%Y}.")
    if not reorg.items:
        raise DomainError("Đợt sắp xếp chưa có đơn vị nào.")
    mapped = {i.old_unit_id for i in reorg.items}
    last_day = reorg.effective_on - timedelta(days=1)
    overrides: dict[int, dict] = {}
    for override in db.session.scalars(select(ReorganisationOverride).where(
            ReorganisationOverride.item_id.in_([i.id for i in reorg.items]))):
        overrides.setdefault(override.item_id, {}).setdefault(override.kind, {})[override.object_id] = \
            override.successor_id
    for item in sorted(reorg.items, key=lambda i: -_depth(i.old_unit_id)):
        old, successor = item.old_unit, item.successor
        if not successor.is_active:
            raise DomainError(f"Đơn vị kế thừa “{successor.name}” đã ngừng hoạt động.")
        for child in db.session.scalars(select(Unit).where(Unit.parent_id == old.id, Unit.effective_to.is_(None),
                                                           Unit.id.not_in(mapped))):
            services.move_unit(actor=actor, unit=child, new_parent=successor)
        services.retire_unit(actor=actor, unit=old, retired_on=last_day, successor=successor,
                             overrides=overrides.get(item.id))
        _users(actor, item)
    reorg.state, reorg.applied_at = "applied", utcnow()
    db.session.flush()
    record(actor, "apply", "reorganisation", reorg.id, f"Áp dụng đợt sắp xếp “{reorg.name}”: "
           f"{len(reorg.items)} đơn vị", {"items": [[i.old_unit_id, i.successor_id] for i in reorg.items]})
    return len(reorg.items)


def _users(actor, item: ReorganisationItem) -> None:
    ids = list(db.session.scalars(select(User.id).where(User.unit_id == item.old_unit_id)))
    if not ids:
        return
    if item.users_action == "move":
        db.session.execute(update(User).where(User.id.in_(ids)).values(unit_id=item.successor_id),
                           execution_options={"synchronize_session": "fetch"})
        text = f"Chuyển {len(ids)} tài khoản sang “{item.successor.name}”"
    else:
        db.session.execute(update(User).where(User.id.in_(ids))
                           .values(is_enabled=False, session_version=User.session_version + 1),
                           execution_options={"synchronize_session": "fetch"})
        text = f"Khóa {len(ids)} tài khoản của “{item.old_unit.name}”"
    record(actor, "update", "unit", item.old_unit_id, text, {"users": ids, "action": item.users_action})


def apply_due(*, today: date, actor=None) -> list[Reorganisation]:
    """The scheduled sweep: apply every draft whose effective date has come (each in its own savepoint, so one
    that fails, e.g. a successor dissolved meanwhile, leaves the others applied). The caller commits."""
    done = []
    for reorg in db.session.scalars(select(Reorganisation).where(Reorganisation.state == "draft",
                                                                 Reorganisation.effective_on <= today)
                                    .order_by(Reorganisation.effective_on, Reorganisation.id)):
        try:
            with db.session.begin_nested():
                apply_reorganisation(actor=actor, reorg=reorg, today=today)
        except DomainError:
            continue
        done.append(reorg)
    return done
