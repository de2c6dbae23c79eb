"""Xây dựng kế hoạch thực hiện: a lower plan derived from the upper tasks that concern a body."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.core import events
from tracker.core.audit import record
from tracker.core.exceptions import DomainError
from tracker.plans import services as plan_services
from tracker.plans.models import Document, Task
from tracker.core.vntext import nfc
from tracker.tasks.editing import check_assignments
from tracker.tasks.services import create_task
from tracker.units.models import Unit


@dataclass
class DerivedItem:
    """One line of the derive form: the upper task it carries out, the text, the unit that leads it below, its
    coordinating and requested units, its own deadline."""

    upper: Task
    text: str
    lead: Unit | None
    due_on: date | None
    coordinators: tuple[Unit, ...] = ()
    requested: tuple[Unit, ...] = ()

    def assignments(self) -> list[tuple[Unit, str]]:
        """(unit, role), each unit once: lead first, then coordinators, then requested bodies."""
        seen: dict[int, tuple[Unit, str]] = {}
        for units, role in (((self.lead,) if self.lead else (), "lead"), (self.coordinators, "coordinate"),
                            (self.requested, "request")):
            for unit in units:
                seen.setdefault(unit.id, (unit, role))
        return list(seen.values())


@dataclass
class PlanHeader:
    """What the lower plan's .docx needs besides its tasks: place, signer and Nơi nhận."""

    place: str | None = None
    signer_authority: str | None = None
    signer_position: str | None = None
    signer_name: str | None = None
    recipients: list[str] = field(default_factory=list)


def default_recipients(upper: Document, items: list[DerivedItem]) -> list[str]:
    """Nơi nhận when the user gives none: the upper issuer (to report to), every unit named, the archive."""
    names = [f"{upper.issuer_name} (để báo cáo)"] if upper.issuer_name else []
    for item in items:
        names += [unit.name for unit, _ in item.assignments()]
    return list(dict.fromkeys(names)) + ["Lưu: VT."]


def split_text(text: str) -> list[str]:
    """One task, or several when the user split it into lines starting with "- " (or "+ ")."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]
    bullets = [line[2:].strip() for line in lines if line[:2] in ("- ", "+ ")]
    if len(bullets) >= 2 and len(bullets) == len(lines):
        return [b for b in bullets if b]
    return [" ".join(lines)] if lines else []


def derive_plan(*, actor, upper: Document, issuer: Unit, title: str, number_text: str | None,
                issued_on: date | None, items: list[DerivedItem], today: date,
                header: PlanHeader | None = None) -> Document:
    """Create the lower plan (KH) implementing `upper`: one task per kept item (or per "- " line of a split item),
    each with its lead, coordinating and requested units (all within the issuer's body) and its own deadline,
    linked to the upper task it carries out; place, signer and Nơi nhận set so the plan's .docx is complete."""
    kept = [item for item in items if (item.text or "").strip()]
    if not kept:
        raise DomainError("Kế hoạch cần ít nhất một nhiệm vụ.")
    for item in kept:
        if item.upper.document_id != upper.id:
            raise DomainError("Nhiệm vụ cấp trên không thuộc kế hoạch này.")
        if item.lead is None and not item.requested:
            raise DomainError(f"Hãy chọn đơn vị chủ trì (hoặc đơn vị được đề nghị) cho nhiệm vụ: "
                              f"“{item.text[:80]}”.")
    header = header or PlanHeader()
    document = plan_services.create_document(
        actor=actor, doc_type="KH", number_text=number_text, issued_on=issued_on,
        issued_year=issued_on.year if issued_on else today.year, issuer=issuer, issuer_name=None, title=title,
        body_md=None, place=_clean(header.place) or None, signer_authority=_clean(header.signer_authority) or None,
        signer_position=_clean(header.signer_position) or None, signer_name=_clean(header.signer_name) or None)
    recipients = [_clean(r).lstrip("-+ ").strip() for r in header.recipients if _clean(r).lstrip("-+ ").strip()]
    document.recipients = recipients or default_recipients(upper, kept)
    for item in kept:
        check_assignments(document, item.assignments(), actor=actor)
    plan_services.link_documents(actor=actor, child=document, parent=upper)
    position = 0
    for item in kept:
        units = item.assignments()
        for text in split_text(item.text):
            position += 1
            create_task(actor=actor, document=document, text=text, assignments=units,
                               due_on=item.due_on or item.upper.due_on, deadline_kind=item.upper.deadline_kind,
                               deadline_phrase=item.upper.deadline_phrase, implements=item.upper,
                               position=position)  # create_task tells the units (task_assigned)
    record(actor, "create", "document", document.id, f"Xây dựng kế hoạch thực hiện {upper.label}",
           {"implements": upper.id, "tasks": position})
    events.plan_saved.send(document, actor=actor, today=today)
    return document


def _clean(value: str | None) -> str:
    return nfc(value or "").strip()
