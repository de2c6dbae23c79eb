"""Tasks: lists for incremental sync, one task with its ETag, progress updates with evidence; posting an update
(multipart, with files) and claiming completion, checked by the pages' predicates."""
from __future__ import annotations

from flask import send_file
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.api import present
from tracker.api.framework import (ApiBlueprint, Problem, api_user, if_match_version, json_response, requires,
                                   write)
from tracker.api.pagination import keyset
from tracker.api.schemas import ClaimBody, TaskArgs, TaskSchema, TaskUpdateSchema, UpdateArgs, UpdateForm, page_of
from tracker.core.exceptions import ConflictError
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import can_post_task_update, can_set_task_status, can_view_task
from tracker.plans.models import Assignment, Document, Task
from tracker.tasks import queries, services
from tracker.tasks.deadlines import state_expr
from tracker.tasks.models import Evidence, TaskUpdate
from tracker.tasks.uploads import KINDS, Upload, path_of
from tracker.units.models import UnitClosure

bp = ApiBlueprint("api_tasks", __name__, url_prefix="/api/v1", description="Nhiệm vụ và cập nhật tiến độ")
TASK_ETAG = {"ETag": {"description": "Phiên bản của nhiệm vụ; gửi lại trong If-Match khi ghi",
                      "schema": {"type": "string"}}}


def _task_or_404(task_id: int, units: bool = True) -> Task:
    """The visible task with its plan, and its assignments unless `units` is False (a read that lists its units
    itself: a group's members are never loaded)."""
    options = [joinedload(Task.document).lazyload(Document.issuer)]
    if units:
        options.append(selectinload(Task.assignments))
    task = db.session.scalar(select(Task).where(Task.id == task_id).options(*options))
    if task is None or not can_view_task(api_user(), task):
        raise Problem(404)
    return task


def _state(task: Task) -> str:
    return db.session.scalar(select(state_expr(today_vn())).where(Task.id == task.id))


@bp.get("/tasks")
@bp.arguments(TaskArgs, location="query")
@bp.response(200, page_of(TaskSchema, "TaskPage"))
@requires("read")
def index(args):
    """Tasks the client may see (the pages' rule, in SQL), withdrawn ones included (withdrawn_on says so);
    ordered by (updated_at, id): keep the last page's cursor, or pass updated_since, to sync what changed."""
    user = api_user()
    columns = [getattr(Task, name) for name in present.TASK_COLUMNS]
    stmt = select(*columns, state_expr(today_vn()).label("state")).where(queries.listed_clause(user))
    if args.get("plan_id"):
        stmt = stmt.where(Task.document_id == args["plan_id"])
    if args.get("status"):
        stmt = stmt.where(Task.status == args["status"])
    if args.get("unit_id"):
        below = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == args["unit_id"])
        stmt = stmt.where(Task.id.in_(select(Assignment.task_id).where(Assignment.unit_id.in_(below))))
    rows, cursor = keyset(stmt, Task.updated_at, Task.id, args, rows=lambda r: r)
    assigned, grouped = present.units_of([row.id for row in rows], today_vn())
    return json_response({"items": [present.task_row(r, assigned[r.id], grouped[r.id]) for r in rows],
                          "next_cursor": cursor})


@bp.get("/tasks/<int:task_id>")
@bp.response(200, TaskSchema, headers=TASK_ETAG)
@requires("read")
def detail(task_id: int):
    """One task with the units given it on their own and its groups of units (one line each, with their counts);
    the ETag header is its version."""
    task = _task_or_404(task_id, units=False)
    assigned, grouped = present.units_of([task.id], today_vn())
    return present.task(task, _state(task), assigned[task.id], grouped[task.id]), 200, \
        {"ETag": present.task_etag(task)}


def _updates_page(stmt, args):
    stmt = stmt.options(selectinload(TaskUpdate.evidence))
    rows, cursor = keyset(stmt, TaskUpdate.created_at, TaskUpdate.id, args)
    return json_response({"items": [present.update(u) for u in rows], "next_cursor": cursor})


@bp.get("/tasks/<int:task_id>/updates")
@bp.arguments(UpdateArgs, location="query")
@bp.response(200, page_of(TaskUpdateSchema, "TaskUpdatePage"))
@requires("read")
def task_updates(args, task_id: int):
    """The task's progress updates (records, never edited: a correction is a new update naming corrects_id),
    with evidence metadata and download links."""
    task = _task_or_404(task_id)
    return _updates_page(select(TaskUpdate).where(TaskUpdate.task_id == task.id), args)


@bp.get("/updates")
@bp.arguments(UpdateArgs, location="query")
@bp.response(200, page_of(TaskUpdateSchema, "UpdatePage"))
@requires("read")
def updates(args):
    """Progress updates on every task the client may see, ordered by (created_at, id)."""
    # The client's visible task ids, read once and kept (queries.listed_clause), not the rule re-run per statement.
    stmt = select(TaskUpdate).where(queries.listed_clause(api_user(), TaskUpdate.task_id))
    if args.get("task_id"):
        stmt = stmt.where(TaskUpdate.task_id == args["task_id"])
    return _updates_page(stmt, args)


@bp.get("/evidence/<int:evidence_id>")
@bp.response(200, {"type": "string", "format": "binary"}, content_type="application/octet-stream",
             description="Tệp minh chứng (PDF, ảnh, .docx, .xlsx)")
@requires("read")
def evidence_file(evidence_id: int):
    """An evidence file, when its task is visible to the client."""
    item = db.session.get(Evidence, evidence_id)
    if item is None:
        raise Problem(404)
    _task_or_404(item.task_id)
    path = path_of(item.stored_name)
    if not path.exists():
        raise Problem(404, "Tệp minh chứng không còn trong kho lưu trữ.")
    response = send_file(path, mimetype=KINDS[item.kind], as_attachment=True, download_name=item.original_name)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _writable_task(task_id: int, need_status: bool) -> tuple[Task, bool]:
    task = _task_or_404(task_id)
    user = api_user()
    if not can_post_task_update(user, task) or (need_status and not can_set_task_status(user, task)):
        raise Problem(403, "Đơn vị của ứng dụng không được giao nhiệm vụ này, hoặc không phải đơn vị chủ trì "
                           "(chỉ đơn vị chủ trì đổi trạng thái, báo hoàn thành).")
    return task, if_match_version(present.task_etag(task))


def _post(task: Task, guarded: bool, **fields) -> tuple:
    user = api_user()
    unit_id = queries.acting_unit_id(user, task)
    if unit_id is None:
        raise Problem(403)
    try:
        update = services.post_update(actor=user, task=task, unit_id=unit_id, today=today_vn(),
                                      expected_version=task.version, **fields)
    except ConflictError as error:
        if guarded:
            raise Problem(412, str(error)) from error
        raise
    db.session.flush()
    return present.update(update), 201, {"ETag": present.task_etag(task),
                                         "Location": f"/api/v1/tasks/{task.id}/updates"}


@bp.post("/tasks/<int:task_id>/updates")
@requires("write:updates")
@write
@bp.arguments(UpdateForm, location="multipart")
@bp.response(201, TaskUpdateSchema, headers=TASK_ETAG)
def post_update(form, task_id: int):
    """Post a progress update of the client's unit (multipart: note, progress, status, reported_on, files).
    Setting a status (claimed = báo hoàn thành) needs the lead unit. If-Match: the task's ETag (412 when stale)."""
    task, guarded = _writable_task(task_id, need_status=bool(form.get("status")))
    files = [Upload(f.filename, f.read()) for f in form.get("files") or [] if getattr(f, "filename", None)]
    return _post(task, guarded, note_md=form.get("note", ""), reported_on=form.get("reported_on"),
                 progress=form.get("progress"), status=form.get("status"), files=files)


@bp.post("/tasks/<int:task_id>/claim")
@requires("write:updates")
@write
@bp.arguments(ClaimBody)
@bp.response(201, TaskUpdateSchema, headers=TASK_ETAG)
def claim(body, task_id: int):
    """Claim completion (báo hoàn thành: "Chờ xác nhận") for the lead unit; the assigning body confirms in the
    app. If-Match: the task's ETag (412 when stale)."""
    task, guarded = _writable_task(task_id, need_status=True)
    if task.status in ("claimed", "done"):
        raise Problem(409, "Nhiệm vụ đã được báo hoàn thành hoặc đã được xác nhận.")
    return _post(task, guarded, note_md=body.get("note", ""), reported_on=body.get("reported_on"),
                 status="claimed")
