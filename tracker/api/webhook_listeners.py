"""Listeners that turn domain events into webhook events: ids and the few public facts a partner needs to fetch
the rest through the API, told only to clients whose principal user may see the thing (the pages' predicates)."""
from __future__ import annotations

from datetime import date, datetime

from tracker import permissions
from tracker.api.webhooks import enqueue
from tracker.core import events
from tracker.extensions import db


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _task(task) -> dict:
    return {"id": task.id, "document_id": task.document_id, "status": task.status, "progress": task.progress,
            "due_on": _iso(task.due_on), "claimed_on": _iso(task.claimed_on), "confirmed_on": _iso(task.confirmed_on)}


@events.task_updated.connect
def on_task_updated(task, actor=None, update=None, **_):
    payload = {"task": _task(task)}
    if update is not None:
        payload["update"] = {"id": update.id, "unit_id": update.unit_id, "reported_on": _iso(update.reported_on),
                             "progress": update.progress, "status": update.status,
                             "corrects_id": update.corrects_id}
    enqueue("task.updated", payload, lambda user: permissions.can_view_task(user, task))


@events.task_claimed.connect
def on_task_claimed(task, actor=None, unit_id=None, **_):
    enqueue("task.claimed", {"task": _task(task), "unit_id": unit_id},
            lambda user: permissions.can_view_task(user, task))


@events.task_confirmed.connect
def on_task_confirmed(task, actor=None, **_):
    enqueue("task.confirmed", {"task": _task(task)}, lambda user: permissions.can_view_task(user, task))


def _expected(expected) -> dict:
    return {"id": expected.id, "duty_id": expected.duty_id, "unit_id": expected.unit_id,
            "period_key": expected.period_key, "period_label": expected.period_label, "due_on": _iso(expected.due_on)}


@events.submission_received.connect
def on_submission_received(submission, actor=None, **_):
    from tracker.duties.models import ExpectedSubmission

    expected = db.session.get(ExpectedSubmission, submission.expected_id)
    payload = {"submission": {"id": submission.id, "version": submission.version,
                              "number_text": submission.number_text, "issued_on": _iso(submission.issued_on),
                              "submitted_on": _iso(submission.submitted_on),
                              "submitted_at": _iso(submission.submitted_at)},
               "expected": _expected(expected)}
    enqueue("submission.received", payload, lambda user: permissions.can_view_expected(user, expected))


@events.report_finalised.connect
def on_report_finalised(report, actor=None, submission=None, **_):
    payload = {"report": {"id": report.id, "kind": report.kind, "version_no": report.version_no,
                          "number_text": report.number_text, "issued_on": _iso(report.issued_on),
                          "unit_id": report.unit_id, "finalised_at": _iso(report.finalised_at),
                          "submission_id": getattr(submission, "id", None)},
               "expected": _expected(report.expected)}
    enqueue("report.finalised", payload, lambda user: permissions.can_view_report(user, report))
