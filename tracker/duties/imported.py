"""Reporting duties accepted on the plan-import review page become duties when the plan is saved."""
from __future__ import annotations

from datetime import date

from tracker.core.exceptions import DomainError
from tracker.duties.services import create_duty
from tracker.extensions import db
from tracker.permissions import can_assign_to, can_report_to
from tracker.plans.importing import plan_imported
from tracker.plans.models import Document
from tracker.units.models import Unit


def _unit(unit_id: int | None) -> Unit | None:
    return db.session.get(Unit, unit_id) if unit_id else None


def _check_scope(actor, phrase: str, recipient: Unit, via: Unit | None, owners: list[Unit]) -> None:
    """Reports go to the plan's own body or a body above it; only units within the actor's body may owe them."""
    for unit in filter(None, (recipient, via)):
        if not can_report_to(actor, unit):
            raise DomainError(f"Chế độ báo cáo “{phrase[:60]}…”: “{unit.name}” không phải cơ quan của bạn hay cơ quan "
                              "cấp trên nên không thể là nơi nhận báo cáo. Hãy bỏ chọn chế độ báo cáo này.")
    for unit in owners:
        if not can_assign_to(actor, unit):
            raise DomainError(f"Chế độ báo cáo “{phrase[:60]}…”: “{unit.name}” không thuộc phạm vi cơ quan của bạn "
                              "nên không thể phải báo cáo theo kế hoạch này. Hãy bỏ chọn chế độ báo cáo này.")


@plan_imported.connect
def create_accepted_duties(document: Document, *, actor, duties: list[dict], **_) -> int:
    """One duty per accepted suggestion and schedule (a "quarterly, 6-month, 9-month, annual" clause gives four)."""
    created = 0
    year = document.issued_year or date.today().year
    for suggestion in duties:
        recipient, via = _unit(suggestion.get("recipient_id")), _unit(suggestion.get("via_id"))
        if recipient is None:
            raise DomainError(f"Chế độ báo cáo “{suggestion['phrase'][:60]}…” chưa có nơi nhận: bỏ chọn hoặc sửa sau.")
        owners = [u for u in (_unit(i) for i in suggestion.get("owner_ids") or []) if u]
        _check_scope(actor, suggestion["phrase"], recipient, via, owners)
        for schedule in suggestion.get("schedules") or []:
            due_on = date.fromisoformat(suggestion["due_on"]) if schedule == "once" else None
            create_duty(actor=actor, document=document, title=suggestion["phrase"][:1000],
                        kind=suggestion.get("kind", "periodic"), schedule=schedule, recipient=recipient,
                        via=via, owners_mode="chosen" if owners else "subordinates",
                        owners=owners, due_on=due_on, first_year=None if due_on else year,
                        last_year=None if due_on else year + 1)
            created += 1
    return created
