"""Reporting duties accepted on the plan-import review page become duties when the plan is saved."""
from __future__ import annotations

from datetime import date

from tracker.core.exceptions import DomainError
from tracker.duties.services import create_duty
from tracker.extensions import db
from tracker.plans.importing import plan_imported
from tracker.plans.models import Document
from tracker.units.models import Unit


def _unit(unit_id: int | None) -> Unit | None:
    return db.session.get(Unit, unit_id) if unit_id else None


@plan_imported.connect
def create_accepted_duties(document: Document, *, actor, duties: list[dict]) -> int:
    """One duty per accepted suggestion and schedule (a "quarterly, 6-month, 9-month, annual" clause gives four)."""
    created = 0
    year = document.issued_year or date.today().year
    for suggestion in duties:
        recipient = _unit(suggestion.get("recipient_id"))
        if recipient is None:
            raise DomainError(f"Chế độ báo cáo “{suggestion['phrase'][:60]}…” chưa có nơi nhận: bỏ chọn hoặc sửa sau.")
        owners = [u for u in (_unit(i) for i in suggestion.get("owner_ids") or []) if u]
        for schedule in suggestion.get("schedules") or []:
            due_on = date.fromisoformat(suggestion["due_on"]) if schedule == "once" else None
            create_duty(actor=actor, document=document, title=suggestion["phrase"][:1000],
                        kind=suggestion.get("kind", "periodic"), schedule=schedule, recipient=recipient,
                        via=_unit(suggestion.get("via_id")), owners_mode="chosen" if owners else "subordinates",
                        owners=owners, due_on=due_on, first_year=None if due_on else year,
                        last_year=None if due_on else year + 1)
            created += 1
    return created
