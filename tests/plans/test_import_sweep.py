"""The import-job sweep: a job a killed worker left running is failed with the retry offered; old jobs go after
the retention period, the originals kept with confirmed documents stay; a second sweep changes nothing."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import ROLE_USERS
from tracker.core.timeutil import utcnow
from tracker.plans.import_models import DocumentFile, ImportJob
from tracker.plans.jobs import INTERRUPTED, sweep_import_jobs
from tracker.plans.models import Document
from tracker.units.models import User


def _job(session, owner, status, age, **extra):
    at = utcnow() - age
    job = ImportJob(user_id=owner.id, filename=f"{status}.pdf", content_type="application/pdf", size=4,
                    sha256="%064x" % (len(extra) + int(age.total_seconds())), data=b"%PDF", is_ocr=True,
                    pages_total=3, status=status, created_at=at, heartbeat_at=at if status == "running" else None,
                    finished_at=at if status in ("done", "failed") else None, **extra)
    session.add(job)
    session.flush()
    return job.id


def test_sweep_fails_killed_jobs_and_deletes_old_ones_once(as_role, session):
    c = as_role("secretariat")
    owner = session.scalar(select(User).where(User.username == ROLE_USERS["secretariat"]))
    killed = _job(session, owner, "running", timedelta(minutes=30), pages_done=1)
    waiting = _job(session, owner, "queued", timedelta(minutes=20))
    recent = _job(session, owner, "done", timedelta(days=1))
    old_done = _job(session, owner, "done", timedelta(days=8))
    old_failed = _job(session, owner, "failed", timedelta(days=9), error="quá 120 giây")
    document = session.scalar(select(Document).limit(1))
    kept = DocumentFile(document_id=document.id, filename="old.pdf", content_type="application/pdf", size=4,
                        sha256="f" * 64, data=b"%PDF")
    session.add(kept)
    session.flush()

    result = sweep_import_jobs()
    session.expire_all()
    assert (result.failed, result.deleted) == (2, 2)
    for job_id in (killed, waiting):
        job = session.get(ImportJob, job_id)
        assert job.status == "failed" and job.error == INTERRUPTED and job.finished_at is not None
    assert session.get(ImportJob, recent) is not None
    assert session.get(ImportJob, old_done) is None and session.get(ImportJob, old_failed) is None
    assert session.get(DocumentFile, kept.id) is not None  # a confirmed plan's original is not the job's

    page = c.get(f"/documents/import/jobs/{killed}").get_data(as_text=True)
    assert "bị dừng giữa chừng" in page and "Nhận dạng lại" in page

    again = sweep_import_jobs()
    assert (again.failed, again.deleted) == (0, 0)
    # a week on: the failed ones and the done one are past the retention period
    later = sweep_import_jobs(now=utcnow() + timedelta(days=8))
    assert (later.failed, later.deleted) == (0, 3)


def test_queued_jobs_behind_a_live_one_are_left_waiting(session):
    owner = session.scalar(select(User).where(User.username == ROLE_USERS["secretariat"]))
    busy = _job(session, owner, "running", timedelta(seconds=20))
    waiting = _job(session, owner, "queued", timedelta(minutes=20))
    stalled = _job(session, owner, "running", timedelta(minutes=20))
    result = sweep_import_jobs()
    session.expire_all()
    assert result.failed == 1 and session.get(ImportJob, stalled).status == "failed"
    assert session.get(ImportJob, busy).status == "running" and session.get(ImportJob, waiting).status == "queued"
    # the live one stops too: then nothing will ever take the queued one
    result = sweep_import_jobs(now=utcnow() + timedelta(minutes=10))
    session.expire_all()
    assert result.failed == 2 and session.get(ImportJob, waiting).status == "failed"


def test_cli_sweep_says_what_it_did(app):
    result = app.test_cli_runner().invoke(args=["plans", "sweep-jobs"])
    assert result.exit_code == 0, result.output
    assert "việc nhận dạng bị dừng giữa chừng" in result.output and "việc nhập cũ" in result.output
