"""Đề xuất tạo đơn vị: unit names an editor's plan uses that the tree lacks, waiting for an admin's decision.

Only admins create units. An editor's import records a proposal (name, the body it belongs under, why) and the
domain that needed the unit keeps what it wanted to do with it (plans: the task roles); when an admin creates
the unit or maps the name to an existing one, `proposal_decided` tells that domain to finish the job.
"""
from __future__ import annotations

from blinker import Namespace
from sqlalchemy import func, select

from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.core.timeutil import utcnow
from tracker.core.vntext import name_key, nfc
from tracker.extensions import db
from tracker.permissions import can_decide_unit_proposals
from tracker.units.models import KIND_LABELS, Unit, UnitAlias, UnitProposal
from tracker.units.services import NAME_MAX, create_unit

signals = Namespace()
# sender: UnitProposal (status "created" or "mapped", unit set); kwargs: actor
proposal_decided = signals.signal("unit-proposal-decided")
NOTE_MAX = 1000


def propose_unit(*, actor, name: str, parent: Unit, kind: str = "other", context: str = "") -> UnitProposal:
    """Record (or reuse, for the same name under the same body) a pending proposal to create a unit."""
    name = nfc(name)
    if not name:
        raise DomainError("Tên đơn vị đề xuất không được để trống.")
    if len(name) > NAME_MAX:
        raise DomainError(f"Tên đơn vị đề xuất quá dài (tối đa {NAME_MAX} ký tự).")
    key = name_key(name)
    for existing in db.session.scalars(select(UnitProposal).where(
            UnitProposal.parent_id == parent.id, UnitProposal.status == "pending")):
        if name_key(existing.name) == key:
            return existing
    proposal = UnitProposal(name=name, parent_id=parent.id, kind=kind if kind in KIND_LABELS else "other",
                            context=nfc(context)[:NOTE_MAX], proposed_by_id=getattr(actor, "id", None))
    db.session.add(proposal)
    db.session.flush()
    record(actor, "create", "unit_proposal", proposal.id, f"Đề xuất tạo đơn vị “{name}” thuộc “{parent.name}”",
           {"parent_id": parent.id, "context": proposal.context})
    return proposal


def _check_pending(actor, proposal: UnitProposal) -> None:
    if not can_decide_unit_proposals(actor):
        raise DomainError("Chỉ quản trị hệ thống mới duyệt đề xuất tạo đơn vị.")
    if proposal.status != "pending":
        raise DomainError(f"Đề xuất “{proposal.name}” đã được xử lý ({proposal.status_label.lower()}).")


def _decide(actor, proposal: UnitProposal, status: str, unit: Unit | None, note: str | None) -> None:
    proposal.status = status
    proposal.unit_id = unit.id if unit else None
    proposal.decided_by_id = getattr(actor, "id", None)
    proposal.decided_at = utcnow()
    proposal.decision_note = nfc(note or "")[:NOTE_MAX] or None
    db.session.flush()


def create_from_proposal(*, actor, proposal: UnitProposal, name: str | None = None,
                         kind: str | None = None) -> Unit:
    """Create the proposed unit under its body (the admin may correct name and kind) and hand it its roles."""
    _check_pending(actor, proposal)
    unit = create_unit(actor=actor, name=name or proposal.name, parent=proposal.parent,
                       kind=kind or proposal.kind, level=proposal.parent.level)
    _decide(actor, proposal, "created", unit, None)
    record(actor, "update", "unit_proposal", proposal.id, f"Tạo đơn vị “{unit.name}” theo đề xuất", {"unit_id": unit.id})
    proposal_decided.send(proposal, actor=actor)
    return unit


def map_proposal(*, actor, proposal: UnitProposal, unit: Unit, add_alias: bool = True) -> Unit:
    """The proposed name is another name of an existing unit: give that unit the roles (and the name as alias)."""
    _check_pending(actor, proposal)
    if not unit.is_active:
        raise DomainError(f"Đơn vị “{unit.name}” đã ngừng hoạt động.")
    key = name_key(proposal.name)
    if add_alias and key != unit.name_key and all(a.name_key != key for a in unit.aliases):
        unit.aliases.append(UnitAlias(name=proposal.name, name_key=key))
        unit.refresh_keys()
    _decide(actor, proposal, "mapped", unit, None)
    record(actor, "update", "unit_proposal", proposal.id, f"Gắn “{proposal.name}” với đơn vị “{unit.name}”",
           {"unit_id": unit.id})
    proposal_decided.send(proposal, actor=actor)
    return unit


def reject_proposal(*, actor, proposal: UnitProposal, note: str) -> None:
    """Decline: the roles waiting on the name are dropped (the task keeps its other units)."""
    _check_pending(actor, proposal)
    if not nfc(note or ""):
        raise DomainError("Hãy ghi lý do không tạo đơn vị.")
    _decide(actor, proposal, "rejected", None, note)
    record(actor, "update", "unit_proposal", proposal.id, f"Không tạo đơn vị “{proposal.name}”",
           {"note": proposal.decision_note})


def pending_count() -> int:
    return db.session.scalar(select(func.count(UnitProposal.id)).where(UnitProposal.status == "pending")) or 0
