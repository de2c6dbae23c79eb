"""Changing a saved plan's tasks (its body's secretariat and monitor, admins): the plan's task list in order, edit,
add, withdraw, split, merge, move."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.core.exceptions import ConflictError, DomainError
from tracker.core.inputs import parse_id
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import can_change_plan_tasks, can_change_task
from tracker.plans.models import ROLE_LABELS, Section
from tracker.plans.queries import get_document_or_404
from tracker.tasks import badges, editing, plan_queries, queries, tracks
from tracker.tasks import group_edits
from tracker.tasks import groups as task_groups
from tracker.tasks.forms import MergeForm, MoveForm, SplitForm, TaskEditForm, WithdrawForm, version_of
from tracker.tasks.routes import bp
from tracker.units.models import Unit


def _plan_or_404(document_id: int):
    document = get_document_or_404(document_id, current_user)
    if not can_change_plan_tasks(current_user, document):
        abort(403 if queries.plan_in_scope(current_user, document) else 404)
    return document


def _task_or_404(task_id: int):
    task = queries.get_task_or_404(task_id, units=False)  # a group's members are never loaded to edit its task
    if not can_change_task(current_user, task):
        abort(403 if queries.task_visible(current_user, task) else 404)
    return task


def _choices(form, document, amending) -> None:
    form.section_id.choices = [("", "— không thuộc mục nào —")] + [
        (str(s.id), f"{s.number} {s.title}".strip()[:120]) for s in plan_queries.plan_sections(document)]
    form.amended_by.choices = [("", "— không —")] + [(str(d.id), d.label) for d in amending]


def _picked(form, document, amending):
    """(section, amending document) chosen on the form; ids not of this plan are refused."""
    section = None
    if form.section_id.data:
        section = db.session.get(Section, int(form.section_id.data)) if form.section_id.data.isdigit() else None
        if section is None or section.document_id != document.id:
            raise DomainError("Mục được chọn không thuộc kế hoạch này.")
    amended_by = next((d for d in amending if str(d.id) == (form.amended_by.data or "")), None)
    if form.amended_by.data and amended_by is None:
        raise DomainError("Văn bản điều chỉnh không sửa đổi, bổ sung kế hoạch này.")
    return section, amended_by


def _assignments(units: list[plan_queries.UnitChoice]) -> list[tuple[Unit, str]]:
    """(unit, role) rows of the form; a blank row is skipped, a unit not offered is refused."""
    offered = {str(u.id) for u in units}
    chosen = []
    for unit_id, role in zip(request.form.getlist("unit_id"), request.form.getlist("role")):
        if not unit_id:
            continue
        if unit_id not in offered or role not in ROLE_LABELS:
            raise DomainError("Đơn vị hoặc vai trò không hợp lệ.")
        chosen.append((int(unit_id), role))
    by_id = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_({i for i, _ in chosen})))}
    return [(by_id[unit_id], role) for unit_id, role in chosen]


def _rows_context(units: list[plan_queries.UnitChoice]) -> dict:
    """What the rows of units (tasks/_assign_rows.html) need: each unit's name, and the options of the rows to
    add, written once."""
    return {"unit_names": {u.id: u.name for u in units}, "unit_options": badges.unit_options(units)()}


def _group_roles(task) -> dict[int, str]:
    """{group id: role or "remove"} the form asks to change (a group left as it is is not listed); a value that is
    neither a role nor "remove" is refused by the service."""
    current = {g.id: g.role for g in task_groups.groups_of([task.id]).get(task.id, [])}
    chosen = {}
    for key, value in request.form.items():
        if not key.startswith("group_role_"):
            continue
        group_id = parse_id(key.removeprefix("group_role_"))
        if group_id not in current:
            raise DomainError("Nhóm đơn vị được chọn không thuộc nhiệm vụ này.")
        if value != current[group_id]:
            chosen[group_id] = value
    return chosen


def _render_edit(task, document, form, units, amending, status=200, withdraw_form=None, split_form=None,
                 rows=None, group_roles=None):
    rows = rows if rows is not None else plan_queries.own_pairs(task)
    group_lines = [line for line in queries.unit_lines([task.id])[task.id] if line.group_id is not None]
    withdraw_form = withdraw_form or WithdrawForm(formdata=None)
    withdraw_form.amended_by.choices = form.amended_by.choices
    split_form = split_form or SplitForm(formdata=None, parts=task.text)
    for f in (form, withdraw_form, split_form):
        f.version.data = str(task.version)
    return render_template("tasks/edit.html", task=task, document=document, form=form, units=units, rows=rows,
                           **_rows_context(units), group_lines=group_lines, group_roles=group_roles or {}, REMOVE=group_edits.REMOVE,
                           withdraw_form=withdraw_form, split_form=split_form, amending=amending,
                           candidates=[t for t in tracks.upper_candidates(task) if t.id != task.implements_task_id],
                           further={t.id for t in tracks.further_uppers(task)}), status


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
@login_required
def edit(task_id: int):
    task = _task_or_404(task_id)
    if task.withdrawn_on is not None:
        flash("Nhiệm vụ đã bị thu hồi; không thể điều chỉnh.", "warning")
        return redirect(url_for("tasks.detail", task_id=task.id))
    document = task.document
    amending = plan_queries.amending_documents(document)
    units = plan_queries.assignable_units(document, [unit_id for unit_id, _ in plan_queries.own_pairs(task)])
    form = TaskEditForm(formdata=request.form if request.method == "POST" else None, text=task.text,
                        section_id=str(task.section_id or ""), due_on=task.due_on,
                        deadline_phrase=task.deadline_phrase)
    _choices(form, document, amending)
    if request.method == "GET":
        return _render_edit(task, document, form, units, amending)
    rows = list(zip(request.form.getlist("unit_id"), request.form.getlist("role")))
    try:
        if not form.validate_on_submit():
            raise DomainError("Dữ liệu không hợp lệ: " + "; ".join(e for es in form.errors.values() for e in es))
        section, amended_by = _picked(form, document, amending)
        changes = editing.edit_task(actor=current_user, task=task, text=form.text.data, section=section,
                                    due_on=form.due_on.data, deadline_phrase=form.deadline_phrase.data,
                                    assignments=_assignments(units), today=today_vn(), amended_by=amended_by,
                                    expected_version=version_of(form), groups=_group_roles(task))
        if request.form.get("tracks") == "1":
            chosen = [t for t in tracks.upper_candidates(task) if str(t.id) in request.form.getlist("further_ids")]
            changes = tracks.set_further_uppers(actor=current_user, task=task, uppers=chosen) or changes
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "warning" if isinstance(error, ConflictError) else "danger")
        task = queries.get_task_or_404(task_id, units=False)
        return _render_edit(task, task.document, form, units, amending, 409 if isinstance(error, ConflictError)
                            else 422, rows=[(int(u), r) for u, r in rows if u.isdigit()],
                            group_roles={parse_id(k.removeprefix("group_role_")): v for k, v in request.form.items()
                                         if k.startswith("group_role_")})
    db.session.commit()
    flash("Đã điều chỉnh nhiệm vụ." if changes else "Không có thay đổi nào.", "success" if changes else "info")
    return redirect(url_for("tasks.detail", task_id=task.id))


def _one_step(task_id: int, form_class, action, message: str):
    """Validate a small form on the edit page, call `action(task, form, amended_by)`, commit; on error show the
    edit page again with the form as typed."""
    task = _task_or_404(task_id)
    document = task.document
    amending = plan_queries.amending_documents(document)
    form = form_class()
    if hasattr(form, "amended_by"):
        form.amended_by.choices = [("", "— không —")] + [(str(d.id), d.label) for d in amending]
    try:
        if not form.validate_on_submit():
            raise DomainError("; ".join(e for es in form.errors.values() for e in es) or "Dữ liệu không hợp lệ.")
        amended_by = next((d for d in amending if str(d.id) == (getattr(form, "amended_by", None) and
                                                               form.amended_by.data or "")), None)
        action(task, form, amended_by)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "warning" if isinstance(error, ConflictError) else "danger")
        task = queries.get_task_or_404(task_id, units=False)
        edit_form = TaskEditForm(formdata=None, text=task.text, section_id=str(task.section_id or ""),
                                 due_on=task.due_on, deadline_phrase=task.deadline_phrase)
        _choices(edit_form, task.document, amending)
        units = plan_queries.assignable_units(task.document, [u for u, _ in plan_queries.own_pairs(task)])
        kept = {"withdraw_form": form} if form_class is WithdrawForm else {"split_form": form}
        return _render_edit(task, task.document, edit_form, units, amending, 422, **kept)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("tasks.detail", task_id=task.id))


@bp.post("/<int:task_id>/withdraw")
@login_required
def withdraw(task_id: int):
    return _one_step(task_id, WithdrawForm, lambda task, form, amended_by: editing.withdraw_task(
        actor=current_user, task=task, reason=form.reason.data, today=today_vn(), amended_by=amended_by,
        expected_version=version_of(form)), "Đã thu hồi nhiệm vụ; nhiệm vụ không còn được tính từ hôm nay.")


@bp.post("/<int:task_id>/split")
@login_required
def split(task_id: int):
    return _one_step(task_id, SplitForm, lambda task, form, amended_by: editing.split_task(
        actor=current_user, task=task, parts=form.parts.data.replace("\r\n", "\n").split("\n"), today=today_vn(),
        expected_version=version_of(form)), "Đã tách nhiệm vụ.")


@bp.post("/<int:task_id>/move")
@login_required
def move(task_id: int):
    task = _task_or_404(task_id)
    form = MoveForm()
    if not form.validate_on_submit() or form.offset.data not in ("-1", "1"):
        abort(400)
    try:
        editing.move_task(actor=current_user, task=task, offset=int(form.offset.data), today=today_vn())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "info")
    else:
        db.session.commit()
    return redirect(url_for("tasks.manage", document_id=task.document_id) + f"#task-{task.id}")


@bp.get("/plan/<int:document_id>/manage")
@login_required
def manage(document_id: int):
    document = _plan_or_404(document_id)
    live, withdrawn = plan_queries.plan_tasks_in_order(document)
    ids = [t.id for t, _ in live]
    merge_form = MergeForm(formdata=None)
    merge_form.target_id.choices = [(str(t.id), f"#{t.id} {t.text[:80]}") for t, _ in live]
    return render_template("tasks/manage.html", document=document, live=live, withdrawn=withdrawn,
                           lines=queries.unit_lines(ids), rollups=task_groups.summaries_for_tasks(ids, today_vn()),
                           merge_form=merge_form, move_form=MoveForm(formdata=None))


@bp.post("/plan/<int:document_id>/merge")
@login_required
def merge(document_id: int):
    document = _plan_or_404(document_id)
    form = MergeForm()
    form.target_id.choices = [(v, v) for v in request.form.getlist("target_id")]
    ids = [int(v) for v in request.form.getlist("merge_ids") if v.isdigit()]
    target_id = int(form.target_id.data) if (form.target_id.data or "").isdigit() else None
    tasks = {t.id: t for t in plan_queries.plan_tasks_by_ids(document, ids + [target_id or 0])}
    try:
        if not form.validate_on_submit() or target_id not in tasks:
            raise DomainError("Hãy chọn nhiệm vụ được gộp vào.")
        editing.merge_tasks(actor=current_user, target=tasks[target_id],
                            others=[tasks[i] for i in ids if i in tasks and i != target_id], text=form.text.data,
                            today=today_vn())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("tasks.manage", document_id=document.id))
    db.session.commit()
    flash("Đã gộp nhiệm vụ.", "success")
    return redirect(url_for("tasks.detail", task_id=target_id))


@bp.route("/plan/<int:document_id>/add", methods=["GET", "POST"])
@login_required
def add(document_id: int):
    document = _plan_or_404(document_id)
    amending = plan_queries.amending_documents(document)
    units = plan_queries.assignable_units(document)
    form = TaskEditForm()
    _choices(form, document, amending)
    rows = list(zip(request.form.getlist("unit_id"), request.form.getlist("role")))
    if request.method == "POST":
        try:
            if not form.validate_on_submit():
                raise DomainError("Dữ liệu không hợp lệ: " + "; ".join(e for es in form.errors.values() for e in es))
            section, amended_by = _picked(form, document, amending)
            task = editing.add_task(actor=current_user, document=document, text=form.text.data, section=section,
                                    due_on=form.due_on.data, deadline_phrase=form.deadline_phrase.data,
                                    assignments=_assignments(units), today=today_vn(), amended_by=amended_by)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash("Đã thêm nhiệm vụ vào kế hoạch.", "success")
            return redirect(url_for("tasks.detail", task_id=task.id))
    # The rows of units, as on the edit page (the add page had lost its lists of units when they moved there).
    return render_template("tasks/edit.html", task=None, document=document, form=form, units=units,
                           rows=[(int(u), r) for u, r in rows if u.isdigit()], amending=amending,
                           **_rows_context(units)), \
        200 if request.method == "GET" else 422
