"""Roll-up counts: headline buckets over every level below an upper task; requests kept apart."""
from __future__ import annotations

from datetime import date

from tests.tasks.conftest import TODAY
from tracker.plans import services as plan_services
from tracker.tasks import services
from tracker.tasks.rollups import rollup


def _plan(unit, title):
    return plan_services.create_document(
        actor=None, doc_type="KH", number_text=None, issued_on=None, issued_year=2026, issuer=unit,
        issuer_name=None, title=title, body_md=None, place=None, signer_authority=None, signer_position=None,
        signer_name=None)


def test_rollup_counts_by_branch(session, ward_plan, unit_named):
    upper = ward_plan.lead_task
    ca, mttq, vp = ward_plan.units["ca"], ward_plan.units["mttq"], ward_plan.units["vp"]
    a = _plan(ca, "Kế hoạch của Công an phường")
    make = services.create_task

    def task(document, unit, role, due, implements=upper):
        return make(actor=None, document=document, text=f"Việc {due}", assignments=[(unit, role)], due_on=due,
                    implements=implements)

    on_time = task(a, ca, "lead", date(2026, 6, 20))
    services.change_status(actor=None, task=on_time, status="claimed", today=date(2026, 6, 19))
    services.confirm_completion(actor=None, task=on_time, today=date(2026, 6, 25))
    late = task(a, ca, "lead", date(2026, 6, 10))
    services.change_status(actor=None, task=late, status="claimed", today=date(2026, 6, 12))
    services.confirm_completion(actor=None, task=late, today=TODAY)
    task(a, ca, "lead", date(2026, 6, 1))                       # overdue
    task(a, mttq, "request", date(2026, 6, 1))                  # overdue, but a request
    waiting = task(a, ca, "lead", date(2026, 6, 12))            # claimed in time, awaiting confirmation
    services.change_status(actor=None, task=waiting, status="claimed", today=date(2026, 6, 11))
    deeper = _plan(vp, "Kế hoạch cấp dưới nữa")
    task(deeper, vp, "lead", date(2026, 7, 1), implements=on_time)  # in time, one level further down
    rows, totals = rollup(upper, TODAY)
    assert len(rows) == 1 and rows[0].document.id == a.id
    assert rows[0].counts == {"done_on_time": 1, "done_late": 1, "open_overdue": 1, "request_overdue": 1,
                              "open_in_time": 2}
    assert (rows[0].plans, rows[0].bodies, rows[0].total) == (2, 2, 6)
    assert totals["bodies"] == 2 and totals["tasks"] == 6 and totals["plans"] == 2
    assert rollup(ward_plan.police_task, TODAY) == ([], {"plans": 0, "bodies": 0, "tasks": 0})
