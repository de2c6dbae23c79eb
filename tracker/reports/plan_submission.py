"""When a body saves a plan (derived in tracker or imported), the plan-submission duty it owed is met by that
plan: its .docx, as tracker lays it out, is recorded as the submission on that day, linked to the plan."""
from __future__ import annotations

import re
from datetime import date

from tracker.core import events
from tracker.core.timeutil import today_vn
from tracker.duties.plan_submission import owed_plan_submission, submit_plan
from tracker.plans.importing import plan_imported
from tracker.plans.models import Document
from tracker.reports.docx.plan import build_plan_docx
from tracker.reports.queries import plan_outline


def meet_plan_duty(document: Document, *, actor, today: date):
    """Record `document` as the submission of the plan duty its issuer owed (None when nothing was owed)."""
    expected = owed_plan_submission(document)
    if expected is None:
        return None
    outline = plan_outline(document)
    stem = re.sub(r"[^0-9A-Za-z]+", "-", document.number_text or "du-thao").strip("-") or "du-thao"
    return submit_plan(actor=actor, expected=expected, document=document, content=build_plan_docx(
        document, *outline), filename=f"ke-hoach-{stem}.docx", today=today)


@events.plan_saved.connect
def _on_plan_saved(document: Document, *, actor, today: date, **_):
    meet_plan_duty(document, actor=actor, today=today)


@plan_imported.connect
def _on_plan_imported(document: Document, *, actor, **_):
    meet_plan_duty(document, actor=actor, today=today_vn())
