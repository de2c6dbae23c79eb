"""Submission rates count only what is owed by now: a period whose deadline has not passed weighs nothing unless its
report is already in (1 report in for 4 periods of which 1 is due is 100 %, not 25 %)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests.duties.helpers import quarterly_duty
from tracker.duties import queries
from tracker.duties.models import ExpectedSubmission


def test_periods_not_yet_due_do_not_pull_the_rate_down(session, user_of):
    duty = quarterly_duty(session)
    periods = queries.period_summary(duty, date_after_first := _first_due(duty, session) + timedelta(days=1))
    owed = [p for p in periods if p["due_on"] < date_after_first]
    later = [p for p in periods if p["due_on"] >= date_after_first]
    assert owed and later, "the demo duty should have periods on both sides of the day"
    for p in later:
        assert p["due"] == p["submitted"]  # only reports already in count for a period not yet due
        assert p["rate"] == (100.0 if p["submitted"] else 0.0)
    for p in owed:
        assert p["due"] == p["expected"] and p["rate"] == round(100.0 * p["submitted"] / p["expected"], 1)
    m = queries.matrix(user_of("admin"), date_after_first, duty_id=duty.id)
    assert m.totals["due"] == sum(p["due"] for p in periods) < m.totals["expected"]
    assert m.totals["rate"] == round(100.0 * m.totals["submitted"] / m.totals["due"], 1)
    for row in m.rows:
        assert row["due"] <= row["expected"] and (row["due"] == 0 or 0 <= row["rate"] <= 100)


def test_before_the_first_deadline_only_reports_already_in_count(session):
    duty = quarterly_duty(session)
    first = _first_due(duty, session)
    assert all(p["due"] == p["submitted"] for p in queries.period_summary(duty, first - timedelta(days=400)))


def _first_due(duty, session):
    return session.scalar(select(func.min(ExpectedSubmission.due_on)).where(ExpectedSubmission.duty_id == duty.id))
