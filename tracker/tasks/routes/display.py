"""Read-only task pages: the unit's tasks (and their .xlsx), the subtree view, task detail, a plan's tasks by
unit, roll-up, files."""
from __future__ import annotations

import io

from flask import abort, make_response, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from tracker.core.inputs import parse_id
from tracker.core.timeutil import today_vn
from tracker.core.vntext import fold
from tracker.core.xlsx import MIME as XLSX_MIME
from tracker.permissions import can_comment_task, can_monitor_tasks, can_name_officer, can_view_task
from tracker.plans.models import ROLE_LABELS
from tracker.plans.queries import get_document_or_404
from tracker.extensions import db
from tracker.tasks import badges, groups as task_groups, queries, rollups
from tracker.tasks.officers import officers_by_unit
from tracker.tasks.tracks import uppers_of
from tracker.tasks.coverage import own_plans_coverage
from tracker.tasks.export import build_task_list_xlsx
from tracker.tasks.diffs import diff_lines
from tracker.tasks.deadlines import HEADLINE_LABELS, STATE_BADGES, STATE_LABELS, state_of
from tracker.tasks.models import STATUS_LABELS
from tracker.tasks.progress import completion_over_time
from tracker.tasks.routes import bp
from tracker.tasks.routes.forms_for import detail_forms
from tracker.tasks.uploads import KINDS, path_of

PER_PAGE = 50
EXPORT_MAX = 5000  # rows of a monitor view's .xlsx: a province's view fits; the nation's is filtered first
CASCADE_BUDGET = 300  # plans on a cascade's progress page before deeper branches become links to their own page
PLAN_LINES_BUDGET = 300  # task lines on a plan's "tasks by unit" page before the next units' cards fold


@bp.record_once
def _row_pieces(state) -> None:
    state.app.jinja_env.globals["task_html"] = badges


@bp.app_context_processor
def labels() -> dict:
    return {"TASK_STATUS_LABELS": STATUS_LABELS, "TASK_STATE_LABELS": STATE_LABELS,
            "TASK_STATE_BADGES": STATE_BADGES, "TASK_ROLE_LABELS": ROLE_LABELS, "HEADLINE_LABELS": HEADLINE_LABELS,
            "task_diff_lines": diff_lines,
            "task_groups_of": lambda task: task_groups.groups_of([task.id]).get(task.id, []),
            "open_groups_for_unit": lambda unit: task_groups.open_groups_for(unit, today_vn())}


def _filters() -> queries.TaskFilters:
    args = request.args
    plan = args.get("plan", "")
    return queries.TaskFilters(
        role=args.get("role") if args.get("role") in ROLE_LABELS else None,
        status=args.get("status") if args.get("status") in STATUS_LABELS else None,
        state=args.get("state") if args.get("state") in STATE_LABELS else None,
        plan_id=parse_id(plan), q=args.get("q", "").strip()[:200] or None)


def _page() -> int:
    value = request.args.get("page", "1")
    return min(parse_id(value) or 1, 10_000)


@bp.get("/")
@login_required
def index():
    filters = _filters()
    if not current_user.unit_id:
        abort(404)
    page = queries.paged(queries.unit_tasks(current_user.unit_id, today_vn(), filters), _page(), PER_PAGE)
    return render_template("tasks/index.html", page=page, filters=filters, monitor=False, mine=False, coverages=[],
                           heading=f"Nhiệm vụ của đơn vị: {current_user.unit.name}")


@bp.get("/export.xlsx")
@login_required
def export():
    filters = _filters()
    if not current_user.unit_id:
        abort(404)
    today = today_vn()
    rows, units = queries.export_rows(queries.unit_tasks(current_user.unit_id, today, filters))
    unit = current_user.unit
    content = build_task_list_xlsx(rows, f"Nhiệm vụ của đơn vị: {unit.name} (xuất ngày {today:%d/%m/%Y})",
                                   _filters_line(filters, rows), units,
                                   task_groups.summaries_for_tasks(list(units), today))
    name = "-".join(fold(unit.name).split())[:60]
    return send_file(io.BytesIO(content), as_attachment=True, mimetype=XLSX_MIME,
                     download_name=f"nhiem-vu-{name}-{today:%Y%m%d}.xlsx")


@bp.get("/monitor/export.xlsx")
@login_required
def monitor_export():
    if not can_monitor_tasks(current_user):
        abort(403)
    filters = _filters()
    today = today_vn()
    stmt = queries.subtree_tasks(current_user, today, filters)
    rows, units = queries.export_rows(stmt.limit(EXPORT_MAX + 1))
    line = _filters_line(filters, rows)
    if len(rows) > EXPORT_MAX:
        rows = rows[:EXPORT_MAX]
        line = "; ".join(part for part in (line, f"Chỉ gồm {EXPORT_MAX:,} nhiệm vụ cần chú ý nhất".replace(",", ".")
                                           + " — hãy lọc để xuất phần còn lại") if part)
    content = build_task_list_xlsx(rows, f"Theo dõi nhiệm vụ trên địa bàn (xuất ngày {today:%d/%m/%Y})", line,
                                   units, task_groups.summaries_for_tasks([row[0].id for row in rows], today))
    return send_file(io.BytesIO(content), as_attachment=True, mimetype=XLSX_MIME,
                     download_name=f"theo-doi-nhiem-vu-{today:%Y%m%d}.xlsx")


def _filters_line(filters: queries.TaskFilters, rows: list) -> str:
    """"Lọc: Vai trò: Chủ trì; Trạng thái: …" for the sheet, so a printed list says what it leaves out."""
    parts = [f"{label}: {labels[value]}" for label, labels, value in (
        ("Vai trò", ROLE_LABELS, filters.role), ("Trạng thái", STATUS_LABELS, filters.status),
        ("Thời hạn", STATE_LABELS, filters.state)) if value]
    if filters.plan_id and rows:
        parts.append(f"Kế hoạch: {rows[0][0].document.label}")
    return "Lọc: " + "; ".join(parts) if parts else ""


@bp.get("/monitor")
@login_required
def monitor():
    if not can_monitor_tasks(current_user):
        abort(403)
    filters = _filters()
    page = queries.paged(queries.subtree_tasks(current_user, today_vn(), filters), _page(), PER_PAGE)
    body = queries.user_body_id(current_user) if current_user.role in ("monitor", "secretariat") else None
    return render_template("tasks/index.html", page=page, filters=filters, monitor=True, mine=False,
                           heading="Theo dõi nhiệm vụ trên địa bàn",
                           coverages=own_plans_coverage(body) if page.page == 1 else [])


@bp.get("/<int:task_id>")
@login_required
def detail(task_id: int):
    task = queries.get_task_or_404(task_id, units=False)  # the page lists the units given the task on their own
    if not can_view_task(current_user, task):
        abort(404)
    return render_task(task)


def render_task(task, status: int = 200, **forms):
    """The detail page, with any submitted form kept as it was (after an error). A group's members are never
    loaded: the group is one line with its roll-up."""
    today = today_vn()
    upper, further = uppers_of(task)
    visible = queries.visible_task_ids(current_user, [t.id for t in ([upper] if upper else []) + further])
    upper = upper if upper is not None and upper.id in visible else None
    further = [t for t in further if t.id in visible]
    entries = queries.timeline(task)
    updates = [e.update for e in entries if e.update]
    own = queries.own_assignments(task)
    assignments = [a for a, _ in own]
    officers = {officer.id: officer for _, officer in own if officer is not None}
    user = current_user._get_current_object()  # once, not through the proxy for each of a task's 100 units
    named = [a for a in assignments if can_name_officer(user, a)]
    by_unit = officers_by_unit({a.unit_id for a in named})
    choices = {a.id: by_unit[a.unit_id] for a in named}
    own_groups = task_groups.groups_of([task.id]).get(task.id, [])
    # From the roles just read (a group's members hold their group's role), not one more statement.
    is_request = queries.is_request_roles([a.role for a in assignments] + [g.role for g in own_groups])
    return render_template("tasks/detail.html", task=task, assignments=assignments, groups=own_groups,
                           group_summaries=task_groups.summaries(own_groups, today), state=state_of(task, today),
                           upper=upper, further=further, entries=entries,
                           is_request=is_request,
                           officers=officers, officer_choices=choices,
                           mentionable=queries.mentionable_users(task) if can_comment_task(current_user, task)
                           else {},
                           **detail_forms(task, updates, forms, assignments)), status


@bp.get("/plan/<int:document_id>")
@login_required
def plan(document_id: int):
    document = get_document_or_404(document_id, current_user)
    if not queries.plan_in_scope(current_user, document):
        abort(404)
    today = today_vn()
    unit_base = url_for("tasks.plan", document_id=document.id, unit=0)[:-1]
    unit_id = parse_id(request.args.get("unit"))
    if unit_id is not None:  # one unit's card: in place of its folded card (htmx), or a page of its own
        groups = queries.plan_tasks_by_unit(current_user, document, today, unit_id=unit_id)
        if not groups:
            abort(404)
        if request.headers.get("HX-Request"):
            response = make_response(badges.plan_unit_cards(groups, detail_base=url_for("tasks.detail",
                                                                                       task_id=0)[:-1]))
        else:
            response = make_response(render_template("tasks/plan.html", document=document, groups=groups,
                                                     unit_groups=[], one_unit=groups[0][0], completion=None,
                                                     unit_base="", budget=None))
        response.vary.add("HX-Request")  # the card alone or the page: never one cached for the other
        return response
    groups = queries.plan_tasks_by_unit(current_user, document, today)
    unit_groups = task_groups.plan_groups(current_user, document, today)
    tasks = [task for _, rows in groups for task, _, _ in rows] + [task for task, _, _ in unit_groups]
    completion = completion_over_time(tasks, document.issued_on, today)
    return render_template("tasks/plan.html", document=document, groups=groups, completion=completion,
                           unit_groups=unit_groups, one_unit=None, unit_base=unit_base, budget=PLAN_LINES_BUDGET)


@bp.get("/<int:task_id>/rollup")
@login_required
def rollup(task_id: int):
    task = queries.get_task_or_404(task_id)
    if not can_view_task(current_user, task):
        abort(404)
    today = today_vn()
    rows, totals = rollups.rollup(task, today)
    plan_id = parse_id(request.args.get("plan"))
    drill = rollups.derived_tasks(current_user, task, plan_id, today) if plan_id else None
    drill_plan = next((r.document for r in rows if plan_id and r.document.id == plan_id), None)
    return render_template("tasks/rollup.html", task=task, rows=rows, totals=totals, drill=drill,
                           drill_plan=drill_plan)


@bp.get("/evidence/<int:evidence_id>")
@login_required
def evidence(evidence_id: int):
    item = queries.get_evidence_or_404(evidence_id)
    task = queries.get_task_or_404(item.task_id)
    if not can_view_task(current_user, task):
        abort(404)
    path = path_of(item.stored_name)
    if not path.exists():
        abort(404)
    inline = item.kind in ("pdf", "png", "jpg")
    response = send_file(path, mimetype=KINDS[item.kind], as_attachment=not inline,
                         download_name=item.original_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.get("/cascade/<int:document_id>")
@login_required
def cascade(document_id: int):
    from tracker.plans.queries import cascade as build_cascade

    document = get_document_or_404(document_id, current_user)
    # As the documents' cascade: whole levels while they fit, deeper branches each a link to their own page (the
    # directive's 3,300 commune plans were one 1.5 MB page of 700 ms for the centre).
    tree = build_cascade(document, current_user, budget=CASCADE_BUDGET)
    ids = [document.id] + [d.id for level in tree.above for d in level]

    def walk(nodes):
        for node in nodes:
            ids.append(node.document.id)
            walk(node.children)
    walk(tree.below)
    return render_template("tasks/cascade.html", cascade=tree,
                           progress=rollups.plan_progress(current_user, ids, today_vn()))
