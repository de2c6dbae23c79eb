"""Optimistic locking across two real database sessions: one writer wins, the other gets the conflict."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker.core.exceptions import ConflictError
from tracker.extensions import db
from tracker.plans.models import Document, Task
from tracker.tasks import services


def test_two_sessions_one_wins(app):
    # Page views (GET): deferred transactions, as two browser tabs showing the form; a CLI or job transaction
    # would take SQLite's write lock at BEGIN and the second session would wait for the first.
    with app.test_request_context("/", method="GET"):
        engine = db.engine
        with Session(engine) as setup:
            document = setup.scalar(select(Document).where(Document.doc_type == "KH").limit(1))
            task = Task(document_id=document.id, text="Nhiệm vụ khóa lạc quan", status="not_started")
            setup.add(task)
            setup.commit()
            task_id = task.id
        # Both read version 1 and end their read transactions (two browser tabs showing the form).
        first, second = Session(engine, expire_on_commit=False), Session(engine, expire_on_commit=False)
        original = db.session
        try:
            a = first.get(Task, task_id)
            b = second.get(Task, task_id)
            first.commit()
            second.commit()
            db.session = first
            services.change_status(actor=None, task=a, status="in_progress", today=date(2026, 6, 15))
            first.commit()
            db.session = second
            with pytest.raises(ConflictError, match="Người khác đã cập nhật nhiệm vụ này trước bạn"):
                services.change_status(actor=None, task=b, status="paused", today=date(2026, 6, 15))
            second.rollback()
            db.session = original
            with Session(engine) as check:
                assert check.get(Task, task_id).status == "in_progress"
        finally:
            db.session = original
            first.close()
            second.close()
            with Session(engine) as cleanup:
                from tracker.core.audit import AuditLog

                cleanup.execute(delete(AuditLog).where(AuditLog.entity == "task", AuditLog.entity_id == task_id))
                cleanup.execute(delete(Task).where(Task.id == task_id))
                cleanup.commit()
