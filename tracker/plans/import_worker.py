"""Runs OCR import jobs outside web requests: a small thread pool; each page's Tesseract has a time limit."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from tracker.core import scans
from tracker.core.textio import PlanTextError
from tracker.extensions import db
from tracker.plans import import_jobs
from tracker.plans.import_models import ImportJob

log = logging.getLogger(__name__)
_pool: ThreadPoolExecutor | None = None


def submit(app, job_id: int) -> None:
    """Run the job in the pool (or now, when OCR_INLINE is set: tests inside a rolled-back transaction)."""
    global _pool
    if app.config.get("OCR_INLINE"):
        run_job(job_id, timeout=app.config.get("OCR_PAGE_TIMEOUT", 120), workers=1)
        return
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=app.config.get("OCR_WORKERS", 1), thread_name_prefix="ocr")
    _pool.submit(_run_in_context, app, job_id)


def _run_in_context(app, job_id: int) -> None:
    with app.app_context():
        try:
            run_job(job_id, timeout=app.config.get("OCR_PAGE_TIMEOUT", 120),
                    workers=app.config.get("OCR_PAGE_WORKERS", scans.PAGE_WORKERS))
        finally:
            db.session.remove()


def run_job(job_id: int, *, timeout: float = 120, workers: int = 1) -> None:
    """Recognise every page, committing after each so the progress page can follow; a failure is recorded."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status not in ("queued",):
        return
    import_jobs.begin(job)
    db.session.commit()
    kind = scans.kind_of(job.data, job.filename)
    try:
        for page in scans.recognise_pages(job.data, job.filename, kind, timeout=timeout, workers=workers):
            import_jobs.record_page(job, page.to_dict())
            db.session.commit()
        import_jobs.finish(job)
    except PlanTextError as error:
        import_jobs.fail(job, error.message)
    except Exception:  # any other fault ends the job with a message instead of leaving it "running"
        log.exception("import job %s failed", job_id)
        import_jobs.fail(job, f"Lỗi khi nhận dạng trang {job.pages_done + 1}: hãy thử lại; nếu vẫn lỗi, báo quản trị.")
    db.session.commit()
