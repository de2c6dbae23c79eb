"""Scheduled sweep of import jobs: jobs a killed worker left running are failed (with the retry the page offers),
and old jobs (the uploaded bytes they hold) are deleted after a retention period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update

from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.plans.import_jobs import STALE_AFTER
from tracker.plans.import_models import ImportJob

RETENTION = timedelta(days=7)  # IMPORT_JOB_RETENTION_DAYS: an upload not confirmed by then is uploaded again
INTERRUPTED = ("Việc nhận dạng bị dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị dừng). Chưa có gì được "
               "lưu: bấm “Nhận dạng lại”.")


@dataclass
class ImportSweep:
    failed: int
    deleted: int


def sweep_import_jobs(*, now: datetime | None = None, retention: timedelta = RETENTION) -> ImportSweep:
    """Fail running jobs with no progress for STALE_AFTER, and queued ones too when no job is making progress (their
    worker died: the job page then offers "Nhận dạng lại"), and delete jobs last touched more than `retention` ago. A plan confirmed from a job keeps its
    own copy of the file (document_file), so nothing imported is lost. Idempotent; flushes, the caller commits."""
    now = now or utcnow()
    last_seen = func.coalesce(ImportJob.heartbeat_at, ImportJob.created_at)
    # Queued jobs wait behind a long scan while some job still makes progress: they are lost only when none does.
    alive = db.session.scalar(select(func.count(ImportJob.id)).where(ImportJob.status == "running",
                                                                      last_seen >= now - STALE_AFTER))
    stalled = ("running",) if alive else ("queued", "running")
    failed = db.session.execute(
        update(ImportJob).where(ImportJob.status.in_(stalled), last_seen < now - STALE_AFTER)
        .values(status="failed", error=INTERRUPTED, finished_at=now)
        .execution_options(synchronize_session=False)).rowcount
    deleted = db.session.execute(
        delete(ImportJob).where(func.coalesce(ImportJob.finished_at, last_seen) < now - retention,
                                or_(ImportJob.status.in_(("done", "failed")), last_seen < now - retention))
        .execution_options(synchronize_session=False)).rowcount
    db.session.flush()
    return ImportSweep(failed, deleted)


def run_import_sweep(app) -> ImportSweep:
    """One committed sweep in its own app context (the scheduler's hourly job and `flask plans sweep-jobs`)."""
    with app.app_context():
        try:
            days = app.config.get("IMPORT_JOB_RETENTION_DAYS")
            result = sweep_import_jobs(retention=timedelta(days=float(days)) if days else RETENTION)
            db.session.commit()
            app.logger.info("import job sweep: failed=%s deleted=%s", result.failed, result.deleted)
            return result
        except Exception:
            db.session.rollback()
            raise
