"""Reporting duties follow a dissolved unit to its successor: duties owed and received, submissions not yet due."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select

from tracker.core.audit import record
from tracker.duties.models import DutyOwner, ExpectedSubmission, ReportingDuty
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.services import unit_retired, unit_work

E = ExpectedSubmission


def _not_yet_due(unit_id: int, after: date):
    """Expected submissions of the unit whose limit ends after `after` and that nothing was submitted for."""
    return select(E).where(E.unit_id == unit_id, E.versions == 0, E.first_submitted_on.is_(None),
                           func.coalesce(E.effective_due_on, E.due_on) > after)


@unit_work.connect
def duties_work(unit: Unit, *, effective_on: date, **_) -> dict:
    """Counts a reorganisation preview shows: duties the unit owes and receives, submissions not yet due."""
    owed = db.session.scalar(select(func.count(DutyOwner.id)).where(DutyOwner.unit_id == unit.id)) or 0
    received = db.session.scalar(select(func.count(ReportingDuty.id)).where(
        or_(ReportingDuty.recipient_id == unit.id, ReportingDuty.via_id == unit.id))) or 0
    expected = db.session.scalar(select(func.count()).select_from(
        _not_yet_due(unit.id, effective_on - date.resolution).subquery())) or 0
    return {"duties_owed": owed, "duties_received": received, "expected_not_due": expected}


@unit_retired.connect
def hand_over_duties(unit: Unit, *, successor: Unit | None, actor, overrides: dict | None = None) -> int:
    """On a unit's end: duties it receives (or relays) and owes, and its submissions not yet due, go to its
    successor, or for a split to the unit `overrides["duty"]` names for that duty. A successor that already owes
    the same duty or period keeps its own row (the old one, never submitted, is dropped). Received submissions
    stay with the old unit: they are records."""
    chosen = (overrides or {}).get("duty", {})
    if successor is None and not chosen:
        return 0

    def target(duty_id: int) -> int | None:
        return chosen.get(duty_id, successor.id if successor else None)

    moved = 0
    for duty in db.session.scalars(select(ReportingDuty).where(
            or_(ReportingDuty.recipient_id == unit.id, ReportingDuty.via_id == unit.id))):
        to = target(duty.id)
        if to is None:
            continue
        if duty.recipient_id == unit.id:
            duty.recipient_id = to
        if duty.via_id == unit.id:
            duty.via_id = None if to == duty.recipient_id else to
        moved += 1
    owners = set(db.session.execute(select(DutyOwner.duty_id, DutyOwner.unit_id)).all())
    for owner in db.session.scalars(select(DutyOwner).where(DutyOwner.unit_id == unit.id)):
        to = target(owner.duty_id)
        if to is None:
            continue
        if (owner.duty_id, to) in owners:
            db.session.delete(owner)
        else:
            owner.unit_id = to
            owners.add((owner.duty_id, to))
        moved += 1
    rows = list(db.session.scalars(_not_yet_due(unit.id, unit.effective_to or date.min)))
    taken = set(db.session.execute(select(E.duty_id, E.unit_id, E.period_key).where(
        E.duty_id.in_({r.duty_id for r in rows}))).all()) if rows else set()
    for row in rows:
        to = target(row.duty_id)
        if to is None:
            continue
        if (row.duty_id, to, row.period_key) in taken:
            db.session.delete(row)
        else:
            row.unit_id = to
            taken.add((row.duty_id, to, row.period_key))
        moved += 1
    db.session.flush()
    if moved:
        record(actor, "update", "unit", unit.id, f"Chuyển chế độ báo cáo của “{unit.name}” sang đơn vị kế thừa",
               {"items": moved, "successor_id": successor.id if successor else None, "overrides": chosen})
    return moved
