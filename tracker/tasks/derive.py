"""Xây dựng kế hoạch thực hiện: a lower plan derived from the upper tasks that concern a body."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.plans import services as plan_services
from tracker.plans.models import Document, Task
from tracker.tasks.services import create_task
from tracker.units.models import Unit


@dataclass
class DerivedItem:
    """One row of the derive form: the upper task, the (edited) text, the unit that leads it below, a date."""

    upper: Task
    text: str
    lead: Unit | None
    due_on: date | None
    coordinators: tuple[Unit, ...] = ()


def split_text(text: str) -> list[str]:
    """One task, or several when the user split it into lines starting with "- " (or "+ ")."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]
    bullets = [line[2:].strip() for line in lines if line[:2] in ("- ", "+ ")]
    if len(bullets) >= 2 and len(bullets) == len(lines):
        return [b for b in bullets if b]
    return [" ".join(lines)] if lines else []


def derive_plan(*, actor, upper: Document, issuer: Unit, title: str, number_text: str | None,
                issued_on: date | None, items: list[DerivedItem], today: date) -> Document:
    """Create the lower plan (KH) implementing `upper`: one task per kept item (or per "- " line of a split item),
    each linked to the upper task it carries out."""
    kept = [item for item in items if (item.text or "").strip()]
    if not kept:
        raise DomainError("Kế hoạch cần ít nhất một nhiệm vụ.")
    for item in kept:
        if item.upper.document_id != upper.id:
            raise DomainError("Nhiệm vụ cấp trên không thuộc kế hoạch này.")
        if item.lead is None:
            raise DomainError(f"Hãy chọn đơn vị chủ trì cho nhiệm vụ: “{item.text[:80]}”.")
    document = plan_services.create_document(
        actor=actor, doc_type="KH", number_text=number_text, issued_on=issued_on,
        issued_year=issued_on.year if issued_on else today.year, issuer=issuer, issuer_name=None, title=title,
        body_md=None, place=None, signer_authority=None, signer_position=None, signer_name=None)
    plan_services.link_documents(actor=actor, child=document, parent=upper)
    position = 0
    for item in kept:
        units = [(item.lead, "lead")] + [(u, "coordinate") for u in item.coordinators if u.id != item.lead.id]
        for text in split_text(item.text):
            position += 1
            create_task(actor=actor, document=document, text=text, assignments=units,
                        due_on=item.due_on or item.upper.due_on, deadline_kind=item.upper.deadline_kind,
                        deadline_phrase=item.upper.deadline_phrase, implements=item.upper, position=position)
    record(actor, "create", "document", document.id, f"Xây dựng kế hoạch thực hiện {upper.label}",
           {"implements": upper.id, "tasks": position})
    return document
