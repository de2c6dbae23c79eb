"""Import a plan from text or a file as a draft: kept as an import job that a person of the client's body reviews
and confirms in the app (nothing is saved as a plan by the API itself)."""
from __future__ import annotations

from flask import current_app, request, url_for

from tracker.api.framework import ApiBlueprint, Problem, api_user, requires, write
from tracker.api.schemas import PlanImportForm, PlanImportSchema
from tracker.core.textio import PlanTextError
from tracker.permissions import can_import_plan
from tracker.plans import import_jobs, import_worker

bp = ApiBlueprint("api_imports", __name__, url_prefix="/api/v1", description="Nhập kế hoạch (bản nháp chờ duyệt)")
MAX_TEXT = 500_000


@bp.post("/plan-imports")
@requires("write:plans")
@write
@bp.arguments(PlanImportForm, location="multipart")
@bp.response(202, PlanImportSchema)
def create(form):
    """Send a plan as text (`text`) or a file (`file`: .docx, .txt, .md, PDF, scan). It is read (OCR for a scan
    runs in the background) and waits as a draft; `review_url` is the page where a secretariat or monitor of the
    client's body checks what was understood and confirms it. Nothing becomes a plan before that."""
    user = api_user()
    if not can_import_plan(user):
        raise Problem(403, "Người dùng đại diện của ứng dụng không có vai trò nhập kế hoạch (văn phòng, theo dõi).")
    upload = form.get("file")
    text = (form.get("text") or "").strip()
    if (not getattr(upload, "filename", None)) == (not text):
        raise Problem(422, "Gửi đúng một trong hai: nội dung kế hoạch (text) hoặc tệp (file).",
                      errors={"text": ["Gửi text hoặc file."]})
    if getattr(upload, "filename", None):
        data, name = upload.read(), upload.filename
    else:
        data, name = text.encode("utf-8"), "ke-hoach-tu-api.txt"
    try:
        job, lines = import_jobs.start_import(actor=user, data=data, filename=name,
                                              ocr_command=current_app.config.get("TESSERACT_CMD"))
    except PlanTextError as error:
        raise Problem(422, error.message) from error
    if lines is None:
        # The worker reads the job from the database: it starts once the request has committed.
        request.environ["tracker.api.ocr_job"] = job.id
        message = "Đã nhận tệp; đang nhận dạng chữ (OCR). Khi xong, người duyệt mở trang xem xét để xác nhận."
    else:
        message = f"Đã đọc {len(lines)} dòng. Người duyệt mở trang xem xét để kiểm tra và xác nhận kế hoạch."
    return {"id": job.id, "state": import_jobs.state_of(job),
            "review_url": url_for("import_jobs.detail", job_id=job.id), "message": message}


@bp.after_app_request
def _start_ocr(response):
    job_id = request.environ.pop("tracker.api.ocr_job", None)
    if job_id is not None and response.status_code < 300:
        import_worker.submit(current_app._get_current_object(), job_id)
    return response
