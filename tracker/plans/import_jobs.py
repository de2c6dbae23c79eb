"""Import jobs: an uploaded file kept until the plan is confirmed; scans recognised page by page outside the request."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from tracker.core import scans
from tracker.core.storage import display_name
from tracker.core.textio import PlanTextError, read_plan_bytes
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.plans.import_models import DocumentFile, ImportJob

STALE_AFTER = timedelta(minutes=5)  # a running job with no page finished for this long was killed
STATE_LABELS = {"queued": "Đang chờ nhận dạng", "running": "Đang nhận dạng", "done": "Chờ rà soát, xác nhận",
                "failed": "Nhận dạng thất bại", "interrupted": "Nhận dạng bị gián đoạn"}
STATE_BADGES = {"queued": "secondary", "running": "info", "done": "primary", "failed": "danger",
                "interrupted": "warning"}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_import(*, actor, data: bytes, filename: str,
                 ocr_command: str | None = None) -> tuple[ImportJob, list[str] | None]:
    """Keep the upload as a job; read it at once when it has text (lines returned), else queue it for OCR
    (lines None). Raises PlanTextError (nothing kept) when the file cannot be read."""
    name = display_name(filename or "tệp", 255)  # its base name, no control characters (NUL breaks PostgreSQL)
    kind = scans.kind_of(data, name)
    try:
        lines, pages = read_plan_bytes(data, name), 0
    except scans.NeedsOcr as needs:
        from tracker.core.ocr import check_available

        check_available(ocr_command)
        lines, pages = None, needs.pages
    content_type = scans.content_type_of(kind, name) if kind else (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" if name.lower().endswith(".docx")
        else "text/plain; charset=utf-8")
    job = ImportJob(user_id=actor.id, filename=name, content_type=content_type, size=len(data),
                    sha256=sha256_of(data), data=data, is_ocr=lines is None, pages_total=pages,
                    status="queued" if lines is None else "done",
                    result_text=None if lines is None else "\n".join(lines))
    if lines is not None:
        job.finished_at = utcnow()
    db.session.add(job)
    db.session.flush()
    return job, lines


def state_of(job: ImportJob, now=None) -> str:
    """queued, running, done, failed, or interrupted (a queued or running job whose worker died)."""
    now = now or utcnow()
    if job.status in ("queued", "running") and (job.heartbeat_at or job.created_at) < now - STALE_AFTER:
        return "interrupted"
    return job.status


def begin(job: ImportJob) -> None:
    job.status, job.error, job.pages_done, job.pages = "running", None, 0, []
    job.heartbeat_at, job.finished_at, job.result_text = utcnow(), None, None
    db.session.flush()


def record_page(job: ImportJob, page: dict) -> None:
    """A page recognised: keep it and move the progress on."""
    job.pages = [*(job.pages or []), page]
    job.pages_done = len(job.pages)
    job.heartbeat_at = utcnow()
    db.session.flush()


def finish(job: ImportJob) -> None:
    job.result_text = "\n".join(scans.ocr_lines(job.pages or []))
    job.status, job.finished_at = "done", utcnow()
    db.session.flush()


def fail(job: ImportJob, message: str) -> None:
    job.status, job.error, job.finished_at = "failed", message, utcnow()
    db.session.flush()


def retry(job: ImportJob) -> None:
    """Queue a failed or interrupted job again, from its first page."""
    if state_of(job) not in ("failed", "interrupted"):
        raise PlanTextError("Việc nhận dạng này đang chạy hoặc đã xong: không cần chạy lại.")
    job.status, job.error, job.pages_done, job.pages = "queued", None, 0, []
    job.heartbeat_at, job.created_at, job.finished_at = None, utcnow(), None
    db.session.flush()


def low_confidence_count(job: ImportJob) -> int:
    return sum(len(page.get("low", [])) for page in job.pages or [])


def duplicate_of(sha256: str):
    """The document already imported from a file with this SHA-256, or None."""
    from tracker.plans.models import Document

    return db.session.scalar(select(Document).join(DocumentFile, DocumentFile.document_id == Document.id)
                             .where(DocumentFile.sha256 == sha256).limit(1))


def keep_original(document, job_id: int | None, *, actor) -> DocumentFile | None:
    """Store the job's file with the document as its official copy (same transaction as the document).
    Raises DomainError when the job is not the actor's or the same file was imported already."""
    from tracker.core.exceptions import DomainError

    if not job_id:
        return None
    from tracker.permissions import can_view_import_job

    job = db.session.get(ImportJob, job_id)
    # The uploader, or a person of the body an API client sent the draft for (the review page they confirmed).
    if job is None or not can_view_import_job(actor, job) or job.status != "done":
        raise DomainError("Không tìm thấy tệp gốc của lần nhập này: hãy tải tệp lên lại.")
    existing = duplicate_of(job.sha256)
    if existing is not None and existing.id != document.id:
        raise DomainError(f"Tệp này đã được nhập thành {existing.label}: không lưu trùng.")
    original = DocumentFile(document_id=document.id, filename=job.filename, content_type=job.content_type,
                            size=job.size, sha256=job.sha256, data=job.data)
    db.session.add(original)
    db.session.flush()
    return original


def awaiting_review(user, limit: int = 20) -> list[tuple[ImportJob, str | None]]:
    """Uploads not yet saved as a plan that the user may open, newest first: their own (a scan still being read,
    a review left half-way) and the drafts API clients of their body sent (admins: every client's), with the
    client's name for a draft. A job whose file is kept with a document has become a plan (or a duplicate of
    one) and is not listed; unconfirmed jobs leave with the import-job sweep."""
    from sqlalchemy import exists, or_

    from tracker.api.models import ApiClient
    from tracker.units.queries import body_id_of, subtree_ids

    saved = exists(select(DocumentFile.id).where(DocumentFile.sha256 == ImportJob.sha256))
    stmt = (select(ImportJob, ApiClient.name).outerjoin(ApiClient, ApiClient.user_id == ImportJob.user_id)
            .where(~saved).order_by(ImportJob.created_at.desc(), ImportJob.id.desc()).limit(limit))
    if getattr(user, "role", None) == "admin":
        return list(db.session.execute(stmt.where(or_(ImportJob.user_id == user.id, ApiClient.id.is_not(None)))))
    body = body_id_of(user.unit_id) if getattr(user, "unit_id", None) else None
    from_clients = ApiClient.unit_id.in_(subtree_ids(body)) if body else False
    return list(db.session.execute(stmt.where(or_(ImportJob.user_id == user.id, from_clients))))


def original_of(document) -> DocumentFile | None:
    """The file the document was imported from (without its bytes), or None."""
    return db.session.scalar(select(DocumentFile).where(DocumentFile.document_id == document.id)
                             .order_by(DocumentFile.id).limit(1))


def job_of(job_id: int | None) -> ImportJob | None:
    return db.session.get(ImportJob, job_id) if job_id else None


def review_context(job: ImportJob | None) -> dict:
    """What the review page shows of the job: the file, a duplicate, and for OCR the pages and doubtful words."""
    if job is None:
        return {"job": None}
    pages = [{**page, "lines": scans.ocr_lines([page])} for page in job.pages or []] if job.is_ocr else []
    return {"job": job, "duplicate": duplicate_of(job.sha256), "ocr_pages": pages,
            "ocr_low": low_confidence_count(job) if job.is_ocr else 0}
