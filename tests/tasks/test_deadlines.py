"""Deadline states with a fixed today, in Python and in SQL (they must agree)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.plans.models import Task
from tracker.tasks.deadlines import deadline_state, soon_until, state_expr

MON = date(2026, 6, 15)


@pytest.mark.parametrize("status,kind,due,claimed,expected", [
    ("in_progress", None, date(2026, 6, 30), None, "in_time"),
    ("in_progress", None, date(2026, 6, 18), None, "due_soon"),   # Thu: 3 working days after Mon
    ("in_progress", None, date(2026, 6, 19), None, "in_time"),    # Fri: 4 working days
    ("not_started", None, MON, None, "due_soon"),                 # due today
    ("not_started", None, date(2026, 6, 12), None, "overdue"),
    ("claimed", None, date(2026, 6, 12), date(2026, 6, 11), "in_time"),   # claimed in time, awaiting
    ("claimed", None, date(2026, 6, 12), date(2026, 6, 13), "overdue"),
    ("done", None, date(2026, 6, 12), date(2026, 6, 12), "done_on_time"),
    ("done", None, date(2026, 6, 12), date(2026, 6, 13), "done_late"),
    ("done", "ongoing", None, date(2026, 6, 13), "done_on_time"),
    ("in_progress", "ongoing", None, None, "ongoing"),
    ("in_progress", "ad_hoc", None, None, "ad_hoc"),
    ("in_progress", None, None, None, "no_deadline"),
    ("redo", None, date(2026, 6, 12), None, "overdue"),
    ("paused", None, date(2026, 6, 16), None, "due_soon"),
])
def test_deadline_state(status, kind, due, claimed, expected):
    assert deadline_state(status=status, deadline_kind=kind, due_on=due, claimed_on=claimed, today=MON,
                          n=3) == expected


def test_due_soon_counts_working_days_across_holidays():
    # 30/4 and 1/5 are public holidays; from Tue 28/4/2026, three working days reach Tue 5/5.
    assert soon_until(date(2026, 4, 28), 3) == date(2026, 5, 5)
    assert deadline_state(status="in_progress", deadline_kind=None, due_on=date(2026, 5, 5), claimed_on=None,
                          today=date(2026, 4, 28), n=3) == "due_soon"
    assert deadline_state(status="in_progress", deadline_kind=None, due_on=date(2026, 5, 6), claimed_on=None,
                          today=date(2026, 4, 28), n=3) == "in_time"


def test_due_soon_window_comes_from_config(app, ward_plan):
    app.config["DUE_SOON_WORKING_DAYS"] = 1
    try:
        assert deadline_state(status="in_progress", deadline_kind=None, due_on=date(2026, 6, 17),
                              claimed_on=None, today=MON) == "in_time"
    finally:
        app.config["DUE_SOON_WORKING_DAYS"] = 3
    assert deadline_state(status="in_progress", deadline_kind=None, due_on=date(2026, 6, 17), claimed_on=None,
                          today=MON) == "due_soon"


CASES = [("in_progress", None, date(2026, 6, 18), None), ("in_progress", None, date(2026, 6, 19), None),
         ("claimed", None, date(2026, 6, 12), date(2026, 6, 13)), ("claimed", None, date(2026, 6, 12), MON),
         ("done", None, date(2026, 6, 12), date(2026, 6, 13)), ("done", None, date(2026, 6, 12), None),
         ("in_progress", "ongoing", None, None), ("in_progress", "ad_hoc", date(2026, 1, 1), None),
         ("not_started", None, None, None), ("redo", None, date(2026, 6, 1), None)]


def test_sql_state_matches_python(session, ward_plan):
    for i, (status, kind, due, claimed) in enumerate(CASES):
        task = Task(document_id=ward_plan.document.id, text=f"t{i}", status=status, deadline_kind=kind,
                    due_on=due, claimed_on=claimed, position=100 + i)
        session.add(task)
        session.flush()
        sql = session.scalar(select(state_expr(MON, 3)).where(Task.id == task.id))
        assert sql == deadline_state(status=status, deadline_kind=kind, due_on=due, claimed_on=claimed,
                                     today=MON, n=3), (status, kind, due, claimed)
